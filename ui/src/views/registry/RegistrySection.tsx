import { useCallback, useEffect, useMemo, useState } from "react";
import type { Instance } from "../../ipc";
import { useStore } from "../../stores/store";
import { readAll, registryStore } from "../../stores/registry";
import { dismissRemoval, noticesStore } from "../../stores/notices";
import { RegistryView } from "./RegistryView";
import { InstanceDetail } from "./InstanceDetail";
import { RegistrationForm } from "./RegistrationForm";
import { DeregisterDialog } from "./DeregisterDialog";
import { RemovalNotices } from "./RemovalNotices";

/**
 * The registry page with its detail panel, dialogs and removal notices, fed by the registry and
 * notice stores.
 */
export function RegistrySection() {
  const { loaded, instances: byId, error, api } = useStore(registryStore);
  const notices = useStore(noticesStore);
  const instances = useMemo(() => Object.values(byId), [byId]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // `null` closed, `"new"` a new registration, or the instance to edit.
  const [form, setForm] = useState<"new" | Instance | null>(null);
  const [deregistering, setDeregistering] = useState<Instance | null>(null);

  const selected = selectedId ? (byId[selectedId] ?? null) : null;
  const closeDetail = useCallback(() => setSelectedId(null), []);

  // A deregistered instance takes its detail panel with it.
  useEffect(() => {
    if (selectedId && loaded && !selected) setSelectedId(null);
  }, [selectedId, loaded, selected]);

  return (
    <>
      <RegistryView
        loaded={loaded}
        instances={instances}
        error={error}
        api={api}
        selectedId={selectedId}
        onOpen={setSelectedId}
        onNew={() => setForm("new")}
        onRetry={readAll}
      />
      <RemovalNotices notices={notices} onDismiss={dismissRemoval} />

      {selected && (
        <>
          <div className="detail-scrim" onClick={closeDetail} aria-hidden />
          <InstanceDetail
            key={selected.id}
            instance={selected}
            onEdit={() => setForm(selected)}
            onDeregister={() => setDeregistering(selected)}
            onClose={closeDetail}
          />
        </>
      )}
      {form && (
        <RegistrationForm
          key={form === "new" ? "new" : form.id}
          editing={form === "new" ? undefined : form}
          onClose={() => setForm(null)}
        />
      )}
      {deregistering && (
        <DeregisterDialog
          instance={byId[deregistering.id] ?? deregistering}
          onCancel={() => setDeregistering(null)}
          onDone={() => {
            setDeregistering(null);
            if (selectedId === deregistering.id) setSelectedId(null);
          }}
        />
      )}
    </>
  );
}
