import type { ContainerState } from "../ipc";

const TONE: Record<ContainerState, string> = {
  running: "green",
  restarting: "amber",
  paused: "amber",
  created: "blue",
  exited: "gray",
  removing: "amber",
  dead: "red",
  unknown: "gray",
};

const LABEL: Record<ContainerState, string> = {
  running: "Running",
  restarting: "Restarting",
  paused: "Paused",
  created: "Created",
  exited: "Exited",
  removing: "Removing",
  dead: "Dead",
  unknown: "Unknown",
};

export function StateBadge({ state }: { state: ContainerState }) {
  return (
    <span className={`badge badge-${TONE[state]}`} data-testid="state-badge" data-state={state}>
      <span className="badge-dot" aria-hidden />
      {LABEL[state]}
    </span>
  );
}
