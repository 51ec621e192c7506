import {
  Ban,
  Circle,
  CircleCheck,
  CircleCheckBig,
  CircleMinus,
  CircleX,
  HeartPulse,
  Hourglass,
  X,
} from "lucide-react";
import type { ReactNode } from "react";
import type { ServicePhase } from "../../ipc";
import { deployPercent, phaseText } from "../../lib/deploy";
import type { DeployRun, PhaseName } from "../../lib/deploy";
import { IconButton } from "../../components/IconButton";
import { Spinner } from "../../components/Spinner";

const ICON: Record<PhaseName, ReactNode> = {
  pending: <Circle size={14} />,
  waiting: <Hourglass size={14} />,
  creating: <Spinner size={14} />,
  starting: <Spinner size={14} />,
  running: <CircleCheck size={14} />,
  healthy: <HeartPulse size={14} />,
  completed: <CircleCheckBig size={14} />,
  unchanged: <CircleMinus size={14} />,
  failed: <CircleX size={14} />,
  cancelled: <Ban size={14} />,
};

const TITLE = {
  running: "Deploying",
  succeeded: "Deployed",
  failed: "Deploy failed",
} as const;

/** A deploy's progress: a bar for the whole and one line per service with its phase. */
export function DeployPanel({ run, onDismiss }: { run: DeployRun; onDismiss: () => void }) {
  const percent = deployPercent(run);
  const running = run.status === "running";
  return (
    <section
      className={`deploy-panel deploy-${run.status}`}
      data-testid="deploy-progress"
      data-status={run.status}
      aria-label={`Deploy of ${run.app}`}
    >
      <div className="deploy-head">
        <span className="deploy-title">
          {running && <Spinner size={14} />}
          {TITLE[run.status]}
        </span>
        <span className="deploy-percent" aria-hidden>
          {percent}%
        </span>
        {!running && (
          <IconButton label="Dismiss deploy progress" onClick={onDismiss}>
            <X size={14} />
          </IconButton>
        )}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Deploy of ${run.app}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {run.services.length > 0 && (
        <ol className="deploy-steps" aria-live="polite">
          {run.services.map((service) => (
            <Step key={service} service={service} phase={run.phases[service]} />
          ))}
        </ol>
      )}
    </section>
  );
}

function Step({ service, phase }: { service: string; phase: ServicePhase }) {
  return (
    <li
      className={`deploy-step phase-${phase.phase}`}
      data-testid="deploy-step"
      data-service={service}
      data-phase={phase.phase}
    >
      <span className="deploy-step-icon" aria-hidden>
        {ICON[phase.phase]}
      </span>
      <span className="deploy-step-name mono">{service}</span>
      <span className="deploy-step-phase" title={phaseText(phase)}>
        {phaseText(phase)}
      </span>
    </li>
  );
}

/** Why a deploy stopped, with the service that stopped it. */
export function DeployFailure({ failure }: { failure: NonNullable<DeployRun["failure"]> }) {
  return (
    <div
      className="notice notice-error deploy-failure"
      role="alert"
      data-testid="deploy-failure"
      data-service={failure.service ?? undefined}
    >
      <CircleX size={15} aria-hidden />
      <div className="deploy-failure-text">
        <strong>
          {failure.service ? (
            <>
              Deploy failed at <span className="mono">{failure.service}</span>
            </>
          ) : (
            "Deploy failed"
          )}
        </strong>
        <span className="break-words">{failure.reason}</span>
      </div>
    </div>
  );
}
