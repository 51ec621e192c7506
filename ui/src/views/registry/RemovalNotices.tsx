import { useEffect, useState } from "react";
import { CircleMinus, X } from "lucide-react";
import type { RemovalNotice } from "../../stores/notices";
import { shortInstanceId } from "../../stores/notices";
import { IconButton } from "../../components/IconButton";

/** How long a notice stays while the pointer and the focus are elsewhere. */
export const NOTICE_MS = 15_000;

interface Props {
  /** Newest first. */
  notices: RemovalNotice[];
  /** Must keep its identity between renders, or every notice's timer starts again. */
  onDismiss: (key: number) => void;
}

/** Toasts in the window's corner for instances that went away without the user's click. */
export function RemovalNotices({ notices, onDismiss }: Props) {
  // The live region stays in the page while empty, so screen readers announce what arrives.
  return (
    <div className="toast-stack" role="region" aria-label="Registry notices" aria-live="polite">
      {notices.map((notice) => (
        <Toast key={notice.key} notice={notice} onDismiss={onDismiss} />
      ))}
    </div>
  );
}

function Toast({ notice, onDismiss }: { notice: RemovalNotice; onDismiss: Props["onDismiss"] }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const held = hovered || focused;

  // Leaving a notice starts its full time again, so the reader is not cut off mid-sentence.
  useEffect(() => {
    if (held) return;
    const timer = window.setTimeout(() => onDismiss(notice.key), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [held, notice.key, onDismiss]);

  return (
    <div
      className="toast"
      role="status"
      data-testid="registry-notice"
      data-id={notice.id}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
    >
      <CircleMinus size={15} className="toast-icon" aria-hidden />
      <p className="toast-text">
        <strong>{notice.name}</strong>{" "}
        <span className="mono subtle" title={notice.id}>
          ({shortInstanceId(notice.id, notice.name)})
        </span>{" "}
        was removed{notice.reason ? `: ${notice.reason}` : ""}
      </p>
      <IconButton label="Dismiss" className="toast-dismiss" onClick={() => onDismiss(notice.key)}>
        <X size={14} />
      </IconButton>
    </div>
  );
}
