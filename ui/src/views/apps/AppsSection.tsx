import { useCallback, useEffect, useState } from "react";
import type { AppSpec, EngineStatus } from "../../ipc";
import { useStore } from "../../stores/store";
import { containersStore } from "../../stores/containers";
import {
  appsStore,
  dismissDeploy,
  dismissMessage,
  refreshApps,
  runAppAction,
  runDeploy,
} from "../../stores/apps";
import { AppsView } from "./AppsView";
import type { CardAction } from "./AppActions";
import { AppForm } from "./AppForm";
import { ImportDialog } from "./ImportDialog";
import { TearDownDialog } from "./TearDownDialog";

type Dialog =
  | { kind: "import" }
  | { kind: "form"; editing?: AppSpec }
  | { kind: "teardown" | "delete"; name: string };

/** The apps page with its dialogs, fed by the apps, containers and engine stores. */
export function AppsSection({ engine }: { engine: EngineStatus | null }) {
  const apps = useStore(appsStore);
  const { loaded: containersLoaded, containers } = useStore(containersStore);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = useCallback(() => setDialog(null), []);

  // The CLI may have added or removed apps since the list was last read.
  useEffect(() => {
    void refreshApps();
  }, []);

  const onAction = useCallback((name: string, action: CardAction) => {
    if (action === "deploy") void runDeploy(name);
    else if (action === "edit") {
      const app = appsStore.get().apps.find((a) => a.spec.name === name);
      if (app) setDialog({ kind: "form", editing: app.spec });
    } else if (action === "teardown" || action === "delete") setDialog({ kind: action, name });
    else void runAppAction(name, action);
  }, []);

  return (
    <>
      <AppsView
        loaded={apps.loaded}
        apps={apps.apps}
        error={apps.error}
        containers={containers}
        engineBlocked={engineBlocked(engine, containersLoaded)}
        busy={apps.busy}
        messages={apps.messages}
        deploys={apps.deploys}
        onAction={onAction}
        onDismissMessage={dismissMessage}
        onDismissDeploy={dismissDeploy}
        onImport={() => setDialog({ kind: "import" })}
        onNew={() => setDialog({ kind: "form" })}
        onRetry={() => void refreshApps()}
      />

      {dialog?.kind === "import" && (
        <ImportDialog
          existing={apps.apps.map((a) => a.spec.name)}
          onClose={close}
          onSaved={async (name, deploy) => {
            await refreshApps();
            if (deploy) void runDeploy(name);
          }}
        />
      )}
      {dialog?.kind === "form" && (
        <AppForm editing={dialog.editing} onClose={close} onSaved={() => refreshApps()} />
      )}
      {(dialog?.kind === "teardown" || dialog?.kind === "delete") && (
        <TearDownDialog
          name={dialog.name}
          mode={dialog.kind}
          onCancel={close}
          onConfirm={(volumes) => {
            void runAppAction(dialog.name, dialog.kind, volumes);
            close();
          }}
        />
      )}
    </>
  );
}

/** Why engine actions are off, in a few words; `null` when the engine answers. */
export function engineBlocked(status: EngineStatus | null, containersLoaded: boolean) {
  if (status?.kind === "unavailable") return `Docker is not reachable (${status.reason})`;
  if (status?.kind !== "connected" || !containersLoaded) return "Connecting to Docker";
  return null;
}
