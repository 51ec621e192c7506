import { useMemo, useState } from "react";
import { FileUp, Layers, Plus, RefreshCw, SearchX, ServerOff, X } from "lucide-react";
import type { ContainerSummary, StoredApp } from "../../ipc";
import { appStatus, filterApps } from "../../lib/apps";
import type { DeployRun } from "../../lib/deploy";
import type { AppAction, AppMessage } from "../../stores/apps";
import { FilterInput } from "../../components/FilterInput";
import { Spinner } from "../../components/Spinner";
import { EmptyState } from "../ContainersView";
import { AppCard } from "./AppCard";
import type { CardAction } from "./AppActions";
import { PageHeader } from "../../components/PageHeader";

interface Props {
  loaded: boolean;
  apps: StoredApp[];
  /** Why the list could not be read. */
  error: string | null;
  containers: ContainerSummary[];
  /** Why the engine cannot be used now, or `null` when it can. */
  engineBlocked: string | null;
  busy: Record<string, AppAction>;
  messages: Record<string, AppMessage>;
  deploys: Record<string, DeployRun>;
  onAction: (name: string, action: CardAction) => void;
  onDismissMessage: (name: string) => void;
  onDismissDeploy: (name: string) => void;
  onImport: () => void;
  onNew: () => void;
  onRetry: () => void;
}

/** The applications page: toolbar, the engine's absence if so, then a card per app. */
export function AppsView(props: Props) {
  const [query, setQuery] = useState("");
  const engineReady = props.engineBlocked === null;
  const statuses = useMemo(
    () =>
      new Map(
        props.apps.map((app) => [
          app.spec.name,
          appStatus(app.spec, props.containers, engineReady),
        ]),
      ),
    [props.apps, props.containers, engineReady],
  );
  const shown = useMemo(() => filterApps(props.apps, query), [props.apps, query]);
  const runningApps = [...statuses.values()].filter((s) => s.running > 0).length;

  return (
    <section className="page" aria-labelledby="apps-title">
      <PageHeader
        id="apps-title"
        title="Apps"
        aside={
          <span className="page-count" data-testid="app-count">
            {runningApps} running · {props.apps.length} total
          </span>
        }
      >
        <FilterInput
          value={query}
          onChange={setQuery}
          placeholder="Filter by app or service"
          label="Filter apps by app or service name"
          testId="apps-filter"
        />
        <ImportButton onClick={props.onImport} testId="import-compose" />
        <NewButton onClick={props.onNew} testId="new-app" primary />
      </PageHeader>

      {props.engineBlocked && props.apps.length > 0 && (
        <div className="notice notice-warning" data-testid="apps-engine-unavailable" role="status">
          <ServerOff size={15} aria-hidden />
          <span>
            {props.engineBlocked}. Deploy and the other engine actions wait until it answers.
          </span>
        </div>
      )}

      <Body
        {...props}
        query={query}
        shown={shown}
        statuses={statuses}
        onClear={() => setQuery("")}
      />
    </section>
  );
}

function Body(
  props: Props & {
    query: string;
    shown: StoredApp[];
    statuses: Map<string, ReturnType<typeof appStatus>>;
    onClear: () => void;
  },
) {
  if (!props.loaded) {
    return <EmptyState icon={<Spinner size={28} />} title="Reading apps…" text="" />;
  }
  if (props.error && props.apps.length === 0) {
    return (
      <EmptyState
        testId="apps-error"
        icon={<Layers size={28} />}
        title="Can't read the apps"
        text={<p className="reason">{props.error}</p>}
        action={
          <button type="button" className="button" onClick={props.onRetry}>
            <RefreshCw size={15} aria-hidden />
            Try again
          </button>
        }
      />
    );
  }
  if (props.apps.length === 0) {
    return <NoApps {...props} />;
  }
  if (props.shown.length === 0) {
    return (
      <EmptyState
        icon={<SearchX size={28} />}
        title="No matching apps"
        text={`No app or service is named like “${props.query.trim()}”.`}
        action={
          <button type="button" className="button" onClick={props.onClear}>
            <X size={15} aria-hidden />
            Clear filter
          </button>
        }
      />
    );
  }
  return (
    <div className="app-list">
      {props.shown.map((app) => {
        const name = app.spec.name;
        return (
          <AppCard
            key={name}
            app={app}
            status={props.statuses.get(name)!}
            busy={props.busy[name]}
            message={props.messages[name]}
            deploy={props.deploys[name]}
            engineBlocked={props.engineBlocked}
            onAction={(action) => props.onAction(name, action)}
            onDismissMessage={() => props.onDismissMessage(name)}
            onDismissDeploy={() => props.onDismissDeploy(name)}
          />
        );
      })}
    </div>
  );
}

function NoApps(props: Props) {
  return (
    <EmptyState
      testId="apps-empty"
      icon={<Layers size={28} />}
      title="No apps yet"
      text={
        <>
          <p>
            An app is a set of services deployed together, in the order their dependencies ask for.
            Import a <code className="mono">docker-compose.yml</code> to bring one you already have,
            or build one service by service with the form.
          </p>
          {props.engineBlocked && (
            <p className="subtle" data-testid="apps-engine-unavailable">
              {props.engineBlocked}: apps can be made now and deployed once it answers.
            </p>
          )}
        </>
      }
      action={
        <div className="toolbar">
          <ImportButton onClick={props.onImport} />
          <NewButton onClick={props.onNew} primary />
        </div>
      }
    />
  );
}

function ImportButton({ onClick, testId }: { onClick: () => void; testId?: string }) {
  return (
    <button type="button" className="button" onClick={onClick} data-testid={testId}>
      <FileUp size={15} aria-hidden />
      Import compose
    </button>
  );
}

function NewButton(props: { onClick: () => void; testId?: string; primary?: boolean }) {
  return (
    <button
      type="button"
      className={props.primary ? "button button-primary" : "button"}
      onClick={props.onClick}
      data-testid={props.testId}
    >
      <Plus size={15} aria-hidden />
      New app
    </button>
  );
}
