import { useEffect } from "react";
import { CircleAlert, FileCode, Info, Layers, SquarePen, X } from "lucide-react";
import type { SourceKind, StoredApp } from "../../ipc";
import type { AppStatus, AppTone } from "../../lib/apps";
import type { DeployRun } from "../../lib/deploy";
import type { AppAction, AppMessage } from "../../stores/apps";
import { AppActions } from "./AppActions";
import type { CardAction } from "./AppActions";
import { DeployFailure, DeployPanel } from "./DeployPanel";
import { ServiceTable } from "./ServiceTable";

interface Props {
  app: StoredApp;
  status: AppStatus;
  busy: AppAction | undefined;
  message: AppMessage | undefined;
  deploy: DeployRun | undefined;
  engineBlocked: string | null;
  onAction: (action: CardAction) => void;
  onDismissMessage: () => void;
  onDismissDeploy: () => void;
}

/** How long a successful deploy's panel stays before it folds away by itself. */
const SUCCESS_LINGER_MS = 10_000;

/** One application: its state rolled up, its actions, its last deploy and a row per service. */
export function AppCard(props: Props) {
  const { app, status, deploy, onDismissDeploy } = props;
  const name = app.spec.name;
  const titleId = `app-${name}-title`;

  useEffect(() => {
    if (deploy?.status !== "succeeded") return;
    const timer = window.setTimeout(onDismissDeploy, SUCCESS_LINGER_MS);
    return () => window.clearTimeout(timer);
  }, [deploy?.status, onDismissDeploy]);

  return (
    <article
      className="app-card"
      aria-labelledby={titleId}
      data-testid="app-card"
      data-name={name}
      data-running={status.running}
      data-total={status.total}
      data-tone={status.tone}
    >
      <header className="app-card-header">
        <div className="app-card-title">
          <span className="app-card-icon" aria-hidden>
            <Layers size={16} />
          </span>
          <h2 id={titleId} className="app-card-name">
            {name}
          </h2>
          <AppSourceBadge kind={app.sourceKind} />
          <Rollup status={status} />
        </div>
        <AppActions
          name={name}
          status={status}
          busy={props.busy}
          engineBlocked={props.engineBlocked}
          editable={app.sourceKind === "form"}
          onAction={props.onAction}
        />
      </header>

      {props.message && <Message message={props.message} onDismiss={props.onDismissMessage} />}
      {deploy?.failure && <DeployFailure failure={deploy.failure} />}
      {deploy && <DeployPanel run={deploy} onDismiss={onDismissDeploy} />}
      <ServiceTable services={status.services} />
    </article>
  );
}

const SOURCE: Record<SourceKind, { label: string; title: string; icon: typeof FileCode }> = {
  form: { label: "Form", title: "Built with the form in Berth", icon: SquarePen },
  compose: { label: "Compose", title: "Imported from a compose file", icon: FileCode },
};

export function AppSourceBadge({ kind }: { kind: SourceKind }) {
  const { label, title, icon: Icon } = SOURCE[kind];
  return (
    <span className="source-badge" title={title} data-testid="app-source" data-source={kind}>
      <Icon size={12} aria-hidden />
      {label}
    </span>
  );
}

const TONE: Record<AppTone, { badge: string; note: string | null }> = {
  running: { badge: "green", note: null },
  partial: { badge: "amber", note: null },
  failed: { badge: "red", note: null },
  stopped: { badge: "gray", note: "stopped" },
  absent: { badge: "gray", note: "not deployed" },
  unknown: { badge: "gray", note: "state unknown without the engine" },
};

/** `n/m running` in the app's colour, with what else the counts do not say. */
function Rollup({ status }: { status: AppStatus }) {
  const { badge, note } = TONE[status.tone];
  // Containers that exited 0 are finished jobs while the app is up; when it is down, they are
  // just stopped and the note says so.
  const notes = [
    note,
    status.running > 0 && status.completed > 0 ? `${status.completed} completed` : null,
    status.failed > 0 ? `${status.failed} exited with an error` : null,
  ].filter((n): n is string => n !== null);
  return (
    <span className="app-rollup">
      <span className={`badge badge-${badge}`} data-testid="app-rollup">
        <span className="badge-dot" aria-hidden />
        {status.running}/{status.total} running
      </span>
      {notes.length > 0 && <span className="app-rollup-note">{notes.join(" · ")}</span>}
    </span>
  );
}

function Message({ message, onDismiss }: { message: AppMessage; onDismiss: () => void }) {
  const error = message.tone === "error";
  return (
    <div
      className={error ? "row-error app-message" : "app-note app-message"}
      role={error ? "alert" : "status"}
      data-testid={error ? "app-error" : "app-note"}
    >
      {error ? <CircleAlert size={14} aria-hidden /> : <Info size={14} aria-hidden />}
      <span className="row-error-text">{message.text}</span>
      <button
        type="button"
        className="row-error-dismiss"
        aria-label="Dismiss message"
        onClick={onDismiss}
      >
        <X size={14} />
      </button>
    </div>
  );
}
