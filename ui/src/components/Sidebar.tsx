import { Anchor, Boxes, Coins, Layers, Network } from "lucide-react";
import type { ReactNode } from "react";

export type View = "containers" | "apps" | "registry" | "costs";

interface Props {
  view: View;
  onNavigate: (view: View) => void;
  containerCount: number | null;
  appCount: number | null;
  serviceCount: number | null;
}

export function Sidebar({ view, onNavigate, containerCount, appCount, serviceCount }: Props) {
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <Anchor size={16} strokeWidth={2.25} />
        </span>
        <span className="brand-name">Berth</span>
      </div>
      <ul className="nav-list">
        <NavItem
          id="containers"
          active={view === "containers"}
          icon={<Boxes size={16} aria-hidden />}
          label="Containers"
          count={containerCount}
          countLabel="containers"
          onNavigate={onNavigate}
        />
        <NavItem
          id="apps"
          active={view === "apps"}
          icon={<Layers size={16} aria-hidden />}
          label="Apps"
          count={appCount}
          countLabel="apps"
          onNavigate={onNavigate}
        />
        <NavItem
          id="registry"
          active={view === "registry"}
          icon={<Network size={16} aria-hidden />}
          label="Registry"
          count={serviceCount}
          countLabel="services"
          onNavigate={onNavigate}
        />
        <NavItem
          id="costs"
          active={view === "costs"}
          icon={<Coins size={16} aria-hidden />}
          label="Costs"
          count={null}
          countLabel=""
          onNavigate={onNavigate}
        />
      </ul>
    </nav>
  );
}

function NavItem(props: {
  id: View;
  active: boolean;
  icon: ReactNode;
  label: string;
  count: number | null;
  countLabel: string;
  onNavigate: (view: View) => void;
}) {
  return (
    <li>
      <button
        type="button"
        className={`nav-item ${props.active ? "nav-item-active" : ""}`}
        aria-current={props.active ? "page" : undefined}
        data-testid={`nav-${props.id}`}
        onClick={() => props.onNavigate(props.id)}
      >
        {props.icon}
        <span>{props.label}</span>
        {props.count !== null && (
          <span className="nav-count" aria-label={`${props.count} ${props.countLabel}`}>
            {props.count}
          </span>
        )}
      </button>
    </li>
  );
}
