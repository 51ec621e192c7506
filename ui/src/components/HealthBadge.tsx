import type { Health } from "../ipc";

/** The badge colour (`badge-green`) of each health. */
export const HEALTH_TONE: Record<Health, string> = {
  passing: "green",
  warning: "amber",
  critical: "red",
};
const LABEL: Record<Health, string> = {
  passing: "Passing",
  warning: "Warning",
  critical: "Critical",
};

/** An instance's or a check's health as a coloured badge. */
export function HealthBadge({ health }: { health: Health }) {
  return (
    <span
      className={`badge badge-${HEALTH_TONE[health]}`}
      data-testid="health-badge"
      data-health={health}
    >
      <span className="badge-dot" aria-hidden />
      {LABEL[health]}
    </span>
  );
}

/** The health colour as a plain dot, for a service's summary. */
export function HealthDot({ health }: { health: Health }) {
  return <span className={`status-dot health-dot-${health}`} aria-hidden />;
}
