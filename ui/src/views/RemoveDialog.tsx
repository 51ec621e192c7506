import { useState } from "react";
import { TriangleAlert } from "lucide-react";
import type { ContainerSummary } from "../ipc";
import { Modal } from "../components/Modal";

interface Props {
  container: ContainerSummary;
  onCancel: () => void;
  onConfirm: (force: boolean) => void;
}

/** Asks before removing; a running container needs "force" ticked first. */
export function RemoveDialog({ container, onCancel, onConfirm }: Props) {
  const [force, setForce] = useState(false);
  const running = container.state === "running" || container.state === "restarting";
  const canRemove = !running || force;

  return (
    <Modal title={`Remove ${container.name}`} onClose={onCancel} testId="confirm-remove">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (canRemove) onConfirm(force);
        }}
      >
        <div className="modal-header">
          <span className="modal-icon modal-icon-danger" aria-hidden>
            <TriangleAlert size={18} />
          </span>
          <h2 className="modal-title">Remove container?</h2>
        </div>
        <div className="modal-body">
          <p>
            <strong className="break-all">{container.name}</strong> will be deleted with its
            writable layer. Named volumes are kept.
          </p>
          {running && <p className="notice notice-warning">This container is running.</p>}
          <label className="checkbox">
            <input
              type="checkbox"
              name="force"
              checked={force}
              onChange={(event) => setForce(event.target.checked)}
            />
            <span>Force (stop and remove)</span>
          </label>
        </div>
        <div className="modal-footer">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-danger"
            disabled={!canRemove}
            data-testid="confirm-remove-submit"
          >
            Remove
          </button>
        </div>
      </form>
    </Modal>
  );
}
