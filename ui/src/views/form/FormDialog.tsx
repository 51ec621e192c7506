import type { FormEventHandler, ReactNode } from "react";
import { CircleAlert, X } from "lucide-react";
import { IconButton } from "../../components/IconButton";
import { Modal } from "../../components/Modal";
import { Spinner } from "../../components/Spinner";

interface Props {
  title: string;
  /** Shown after the title in the heading, such as the id being edited. */
  subtitle?: ReactNode;
  width: number;
  /** The form's `data-testid`. */
  testId: string;
  submitting: boolean;
  /** What the backend said that belongs to no field; shown above the sections. */
  formError: string | null;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onClose: () => void;
  submitLabel: string;
  submitTestId: string;
  /** Controls at the footer's start, before Cancel. */
  footerStart?: ReactNode;
  /** The form's sections. */
  children: ReactNode;
}

/**
 * A form in a dialog: heading with a close button, the form-wide error, the sections, and a footer
 * with Cancel and a submit button that shows the work under way.
 */
export function FormDialog(props: Props) {
  const { submitting, onClose } = props;
  return (
    <Modal title={props.title} onClose={onClose} width={props.width} busy={submitting}>
      <form
        className="container-form"
        data-testid={props.testId}
        onSubmit={props.onSubmit}
        noValidate
        aria-busy={submitting}
      >
        <div className="modal-header">
          <h2 className="modal-title">
            {props.title}
            {props.subtitle}
          </h2>
          <IconButton label="Close" onClick={onClose} disabled={submitting} className="modal-close">
            <X size={16} />
          </IconButton>
        </div>

        <div className="modal-body form-body">
          {props.formError && (
            <div className="notice notice-error" data-testid="form-error" role="alert">
              <CircleAlert size={15} aria-hidden />
              <span>{props.formError}</span>
            </div>
          )}
          {props.children}
        </div>

        <div className="modal-footer">
          {props.footerStart}
          <button type="button" className="button" onClick={onClose} disabled={submitting}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid={props.submitTestId}
          >
            {submitting && <Spinner size={14} />}
            {props.submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
