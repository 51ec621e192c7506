import type { EngineStatus } from "../ipc";
import { Spinner } from "./Spinner";

/** The engine connection in the top bar: a dot, a word, and the endpoint and version. */
export function EngineStatusBadge({ status }: { status: EngineStatus | null }) {
  const state = status?.kind ?? "connecting";
  const endpoint = status?.endpoint.uri;
  let text = "Connecting…";
  let detail = endpoint ?? "";
  if (status?.kind === "connected") {
    text = `Docker ${status.info.version}`;
    detail = `${status.endpoint.uri} · API ${status.info.apiVersion}`;
  } else if (status?.kind === "unavailable") {
    text = "Engine unavailable";
  }
  const tooltip = status ? `${text} — ${status.endpoint.uri} (${status.endpoint.source})` : text;

  return (
    <div
      className={`engine-status engine-status-${state}`}
      data-testid="engine-status"
      data-state={state}
      title={tooltip}
      role="status"
      aria-live="polite"
    >
      {state === "connecting" ? <Spinner size={12} /> : <span className="status-dot" aria-hidden />}
      <span className="engine-status-text">{text}</span>
      {detail && <span className="engine-status-detail">{detail}</span>}
    </div>
  );
}
