/**
 * One deploy as the progress panel shows it: each service's latest phase, how far the whole is,
 * and how it ended. A pure reducer over the start, the streamed steps and the final report.
 */
import type { DeployProgress, DeployReport, ServicePhase } from "../ipc";

export type PhaseName = ServicePhase["phase"];

export type DeployStatus = "running" | "succeeded" | "failed";

export interface DeployRun {
  app: string;
  /** Services in the order they start; steps for others are appended. */
  services: string[];
  phases: Record<string, ServicePhase>;
  status: DeployStatus;
  /** The service that stopped the deploy and why; `service` is null when the call failed. */
  failure: { service: string | null; reason: string } | null;
}

export type DeployAction =
  | { kind: "started"; app: string; services: string[] }
  | { kind: "step"; step: DeployProgress }
  | { kind: "finished"; report: DeployReport }
  | { kind: "errored"; message: string };

/** How far a phase has come, from 0 (nothing done) to 1 (nothing left to do). */
const WEIGHT: Record<PhaseName, number> = {
  pending: 0,
  waiting: 0.1,
  creating: 0.3,
  starting: 0.6,
  running: 1,
  healthy: 1,
  completed: 1,
  unchanged: 1,
  failed: 1,
  cancelled: 1,
};

export function startDeploy(app: string, services: string[]): DeployRun {
  return applyDeploy(null, { kind: "started", app, services });
}

/** Applies one action; steps after the end are stale and ignored. */
export function applyDeploy(run: DeployRun | null, action: DeployAction): DeployRun {
  if (action.kind === "started") {
    const pending: ServicePhase = { phase: "pending" };
    return {
      app: action.app,
      services: [...action.services],
      phases: Object.fromEntries(action.services.map((name) => [name, pending])),
      status: "running",
      failure: null,
    };
  }
  const current = run ?? startDeploy(appOf(action), []);
  if (current.status !== "running") return current;

  switch (action.kind) {
    case "step": {
      const { service, phase } = action.step;
      const services = current.services.includes(service)
        ? current.services
        : [...current.services, service];
      return { ...current, services, phases: { ...current.phases, [service]: phase } };
    }
    case "finished": {
      const { report } = action;
      const extra = Object.keys(report.services).filter((s) => !current.services.includes(s));
      const failure = report.failure && { service: report.failure[0], reason: report.failure[1] };
      return {
        ...current,
        services: [...current.services, ...extra],
        phases: { ...current.phases, ...report.services },
        status: failure ? "failed" : "succeeded",
        failure,
      };
    }
    case "errored":
      return { ...current, status: "failed", failure: { service: null, reason: action.message } };
  }
}

/** The whole deploy's progress in percent: 100 once it has ended, either way. */
export function deployPercent(run: DeployRun): number {
  if (run.status !== "running") return 100;
  if (run.services.length === 0) return 0;
  const done = run.services.reduce((total, s) => total + WEIGHT[run.phases[s].phase], 0);
  return Math.round((done / run.services.length) * 100);
}

/** A phase in words: "waiting for db", "exited 0", "failed: no such image". */
export function phaseText(phase: ServicePhase): string {
  switch (phase.phase) {
    case "waiting":
      return `waiting for ${phase.on}`;
    case "completed":
      return `completed (exit ${phase.exit_code})`;
    case "failed":
      return `failed: ${phase.reason}`;
    default:
      return phase.phase;
  }
}

function appOf(action: DeployAction): string {
  if (action.kind === "step") return action.step.app;
  if (action.kind === "finished") return action.report.app;
  return "";
}
