import { Anchor, Boxes } from "lucide-react";

export function Sidebar({ containerCount }: { containerCount: number | null }) {
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <Anchor size={16} strokeWidth={2.25} />
        </span>
        <span className="brand-name">Berth</span>
      </div>
      <ul className="nav-list">
        <li>
          <a className="nav-item nav-item-active" href="#containers" aria-current="page">
            <Boxes size={16} aria-hidden />
            <span>Containers</span>
            {containerCount !== null && <span className="nav-count">{containerCount}</span>}
          </a>
        </li>
      </ul>
    </nav>
  );
}
