import { useState } from "react";
import { TriangleAlert } from "lucide-react";
import { Modal } from "../../components/Modal";

interface Props {
  name: string;
  /** Tear down keeps the app stored; delete also forgets it. */
  mode: "teardown" | "delete";
  onCancel: () => void;
  onConfirm: (volumes: boolean) => void;
}

const TEXT = {
  teardown: {
    title: "Tear down app?",
    body: "Its containers and networks are removed. The app stays stored and can be deployed again.",
    submit: "Tear down",
  },
  delete: {
    title: "Delete app?",
    body: "Its containers and networks are removed and Berth forgets the app.",
    submit: "Delete",
  },
};

/** Asks before tearing an app down or deleting it, and whether its volumes go too. */
export function TearDownDialog({ name, mode, onCancel, onConfirm }: Props) {
  const [volumes, setVolumes] = useState(false);
  const text = TEXT[mode];
  return (
    <Modal title={`${text.submit} ${name}`} onClose={onCancel} testId={`confirm-${mode}`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(volumes);
        }}
      >
        <div className="modal-header">
          <span className="modal-icon modal-icon-danger" aria-hidden>
            <TriangleAlert size={18} />
          </span>
          <h2 className="modal-title">{text.title}</h2>
        </div>
        <div className="modal-body">
          <p>
            <strong className="break-all">{name}</strong>: {text.body}
          </p>
          <label className="checkbox">
            <input
              type="checkbox"
              name="volumes"
              checked={volumes}
              onChange={(event) => setVolumes(event.target.checked)}
            />
            <span>Also remove volumes</span>
          </label>
          {volumes && (
            <p className="notice notice-warning">The data in the app's volumes will be lost.</p>
          )}
        </div>
        <div className="modal-footer">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-danger"
            data-testid={`confirm-${mode}-submit`}
          >
            {text.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
