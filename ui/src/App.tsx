import { useCallback, useEffect, useMemo, useState } from "react";
import type { ContainerSummary } from "./ipc";
import { useStore } from "./stores/store";
import { containersStore, startContainersStore } from "./stores/containers";
import { engineStore, startEngineStore } from "./stores/engine";
import { actionsStore, dismissError, runAction } from "./stores/actions";
import type { ActionKind } from "./stores/actions";
import { registryStore, startRegistryStore } from "./stores/registry";
import { Sidebar } from "./components/Sidebar";
import type { View } from "./components/Sidebar";
import { EngineStatusBadge } from "./components/EngineStatusBadge";
import { ContainersView } from "./views/ContainersView";
import { EngineConnecting, EngineUnavailable } from "./views/EngineStates";
import { RemoveDialog } from "./views/RemoveDialog";
import { ContainerForm } from "./views/form/ContainerForm";
import { ContainerDetail } from "./views/detail/ContainerDetail";
import { RegistrySection } from "./views/registry/RegistrySection";
import { AppsSection } from "./views/apps/AppsSection";
import { CostsSection } from "./views/costs/CostsSection";
import { appsStore, refreshApps } from "./stores/apps";
import { countServices } from "./lib/services";

export function App() {
  const [view, setView] = useState<View>(initialView);
  const engine = useStore(engineStore);
  const { loaded, containers } = useStore(containersStore);
  const { busy, errors } = useStore(actionsStore);
  const registry = useStore(registryStore);
  const apps = useStore(appsStore);
  const serviceCount = useMemo(
    () =>
      registry.loaded && !registry.error ? countServices(Object.values(registry.instances)) : null,
    [registry],
  );
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ContainerSummary | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void startEngineStore();
    void startContainersStore();
    void startRegistryStore();
    void refreshApps();
  }, []);

  const navigate = useCallback((next: View) => {
    setView(next);
    window.history.replaceState(null, "", `#${next}`);
  }, []);

  const selected = containers.find((c) => c.id === selectedId) ?? null;
  const status = engine.status;
  const connected = status?.kind === "connected";

  // A removed container takes its detail panel with it.
  useEffect(() => {
    if (selectedId && loaded && !selected) setSelectedId(null);
  }, [selectedId, loaded, selected]);

  const onAction = useCallback((id: string, kind: Exclude<ActionKind, "remove">) => {
    void runAction(id, kind);
  }, []);
  const closeDetail = useCallback(() => setSelectedId(null), []);

  const confirmRemove = (force: boolean) => {
    if (!removing) return;
    void runAction(removing.id, "remove", force);
    setRemoving(null);
  };

  let main;
  if (view === "registry") {
    main = <RegistrySection />;
  } else if (view === "apps") {
    main = <AppsSection engine={status} />;
  } else if (view === "costs") {
    main = <CostsSection />;
  } else if (status?.kind === "unavailable") {
    main = <EngineUnavailable status={status} receivedAt={engine.receivedAt} />;
  } else if (!connected || !loaded) {
    main = <EngineConnecting endpoint={status?.endpoint.uri} />;
  } else {
    main = (
      <ContainersView
        containers={containers}
        busy={busy}
        errors={errors}
        selectedId={selectedId}
        onOpen={setSelectedId}
        onAction={onAction}
        onRemove={setRemoving}
        onDismissError={dismissError}
        onNew={() => setCreating(true)}
      />
    );
  }

  return (
    <div className="app">
      <Sidebar
        view={view}
        onNavigate={navigate}
        containerCount={connected && loaded ? containers.length : null}
        appCount={apps.loaded && !apps.error ? apps.apps.length : null}
        serviceCount={serviceCount}
      />
      <div className="workspace">
        <header className="topbar">
          <span className="topbar-title">Local engine</span>
          <EngineStatusBadge status={status} />
        </header>
        <main className="content">{main}</main>
      </div>

      {view === "containers" && selected && connected && (
        <>
          <div className="detail-scrim" onClick={closeDetail} aria-hidden />
          <ContainerDetail
            key={selected.id}
            container={selected}
            busy={busy[selected.id]}
            error={errors[selected.id]}
            onAction={(kind) => onAction(selected.id, kind)}
            onRemove={() => setRemoving(selected)}
            onDismissError={() => dismissError(selected.id)}
            onClose={closeDetail}
          />
        </>
      )}
      {removing && (
        <RemoveDialog
          container={containers.find((c) => c.id === removing.id) ?? removing}
          onCancel={() => setRemoving(null)}
          onConfirm={confirmRemove}
        />
      )}
      {view === "containers" && creating && <ContainerForm onClose={() => setCreating(false)} />}
    </div>
  );
}

/** The section named in the address (`#registry`), so a reload stays where it was. */
function initialView(): View {
  const hash = window.location.hash;
  if (hash === "#costs") return "costs";
  return hash === "#registry" ? "registry" : hash === "#apps" ? "apps" : "containers";
}
