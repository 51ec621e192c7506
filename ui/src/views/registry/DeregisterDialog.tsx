import { useState } from "react";
import { CircleAlert, TriangleAlert } from "lucide-react";
import { deregisterInstance } from "../../ipc";
import type { Instance, UiError } from "../../ipc";
import { Modal } from "../../components/Modal";
import { Spinner } from "../../components/Spinner";
import { endpoint } from "../../lib/services";

interface Props {
  instance: Instance;
  onCancel: () => void;
  /** Called once the backend removed it; the list follows through events. */
  onDone: () => void;
}

/** Asks before deregistering; a failure stays in the dialog so it can be tried again. */
export function DeregisterDialog({ instance, onCancel, onDone }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await deregisterInstance(instance.id);
      onDone();
    } catch (thrown) {
      setError((thrown as UiError).message);
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Deregister ${instance.name}`}
      onClose={onCancel}
      testId="confirm-deregister"
      busy={busy}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void confirm();
        }}
      >
        <div className="modal-header">
          <span className="modal-icon modal-icon-danger" aria-hidden>
            <TriangleAlert size={18} />
          </span>
          <h2 className="modal-title">Deregister instance?</h2>
        </div>
        <div className="modal-body">
          <p>
            <strong className="break-all">{instance.name}</strong> at{" "}
            <code className="mono">{endpoint(instance)}</code> will no longer be discoverable, and
            its checks stop.
          </p>
          {instance.source === "container" && (
            <p className="notice notice-warning">
              Berth registered this instance for a running container, and registers it again the
              next time the engine reports on that container.
            </p>
          )}
          {instance.source === "api" && (
            <p className="subtle">The service can register itself again over the API.</p>
          )}
          {error && (
            <div className="notice notice-error" role="alert" data-testid="deregister-error">
              <CircleAlert size={15} aria-hidden />
              <span>{error}</span>
            </div>
          )}
        </div>
        <div className="modal-footer">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-danger"
            disabled={busy}
            data-testid="confirm-deregister-submit"
            data-autofocus
          >
            {busy && <Spinner size={14} />}
            Deregister
          </button>
        </div>
      </form>
    </Modal>
  );
}
