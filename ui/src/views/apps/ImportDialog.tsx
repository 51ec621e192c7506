import { useEffect, useRef, useState } from "react";
import { CircleAlert, FileText, FolderOpen, Rocket, X } from "lucide-react";
import { chooseComposeFile, openComposeFile, previewCompose, saveApp } from "../../ipc";
import type { ComposePreview, UiError } from "../../ipc";
import { APP_NAME, NAME_RULE } from "../../lib/appForm";
import { IconButton } from "../../components/IconButton";
import { Modal } from "../../components/Modal";
import { Spinner } from "../../components/Spinner";
import { ComposePreviewView } from "./ComposePreview";

interface Props {
  /** Names of the stored apps, to say when saving replaces one. */
  existing: string[];
  onClose: () => void;
  /** Runs after a save, before the dialog closes; `deploy` when "Save and deploy" was chosen. */
  onSaved: (name: string, deploy: boolean) => Promise<void> | void;
}

/** How long typing pauses before pasted text is read. */
const PREVIEW_DELAY_MS = 300;

type Source = { kind: "paste" } | { kind: "file"; path: string };

/**
 * Importing a compose file: opened from disk (with its `.env`) or pasted, previewed with its
 * warnings, then saved under the name in the name field. A file that fails to read shows the
 * message, with its file:line:column, and cannot be saved.
 */
export function ImportDialog({ existing, onClose, onSaved }: Props) {
  const [text, setText] = useState("");
  const [appName, setAppName] = useState("");
  const [fileName, setFileName] = useState("docker-compose.yml");
  const [source, setSource] = useState<Source>({ kind: "paste" });
  const [preview, setPreview] = useState<ComposePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [saving, setSaving] = useState<"save" | "deploy" | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [nameTouched, setNameTouched] = useState(false);
  // Answers to earlier reads are dropped once a later one has started.
  const readSeq = useRef(0);

  const showRead = (seq: number, result: ComposePreview | null, message: string | null) => {
    if (seq !== readSeq.current) return false;
    setPreview(result);
    setError(message);
    setReading(false);
    return true;
  };

  useEffect(() => {
    if (source.kind !== "paste") return;
    const seq = ++readSeq.current;
    if (text.trim() === "") {
      showRead(seq, null, null);
      return;
    }
    setReading(true);
    const timer = window.setTimeout(() => {
      previewCompose(text, fileName.trim() || "docker-compose.yml", appName.trim() || "app").then(
        (result) => showRead(seq, result, null),
        (thrown) => showRead(seq, null, (thrown as UiError).message),
      );
    }, PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
    // Not the app name: it only names the result, and the name field overrides that at save.
  }, [text, fileName, source]);

  const openFile = async () => {
    let path: string | null;
    try {
      path = await chooseComposeFile();
    } catch (thrown) {
      setError((thrown as UiError).message);
      return;
    }
    if (!path) return;
    const seq = ++readSeq.current;
    setReading(true);
    setSource({ kind: "file", path });
    setFileName(baseName(path));
    try {
      const opened = await openComposeFile(path, appName.trim() || null);
      if (showRead(seq, opened.preview, null)) {
        setText(opened.text);
        if (!appName.trim()) setAppName(opened.preview.app.name);
      }
    } catch (thrown) {
      showRead(seq, null, (thrown as UiError).message);
    }
  };

  const name = appName.trim();
  const nameProblem =
    name === "" ? "An app name is required" : APP_NAME.test(name) ? null : NAME_RULE;
  const replaces = nameProblem === null && existing.includes(name);
  const canSave = preview !== null && error === null && !reading && saving === null;

  const save = async (deploy: boolean) => {
    setNameTouched(true);
    if (!preview || nameProblem || !canSave) return;
    setSaving(deploy ? "deploy" : "save");
    setSaveError(null);
    try {
      await saveApp({ ...preview.app, name }, text);
      await onSaved(name, deploy);
      onClose();
    } catch (thrown) {
      setSaveError((thrown as UiError).message);
      setSaving(null);
    }
  };

  return (
    <Modal title="Import a compose file" onClose={onClose} width={780} busy={saving !== null}>
      <div className="container-form import-dialog" data-testid="import-dialog">
        <div className="modal-header">
          <h2 className="modal-title">Import a compose file</h2>
          <IconButton label="Close" onClick={onClose} disabled={saving !== null}>
            <X size={16} />
          </IconButton>
        </div>

        <div className="modal-body form-body">
          {saveError && (
            <div className="notice notice-error" data-testid="form-error" role="alert">
              <CircleAlert size={15} aria-hidden />
              <span>{saveError}</span>
            </div>
          )}

          <section className="form-section">
            <div className="import-source">
              <button type="button" className="button" onClick={() => void openFile()}>
                <FolderOpen size={15} aria-hidden />
                Open file…
              </button>
              {source.kind === "file" ? (
                <span className="import-path mono" title={source.path}>
                  <FileText size={13} aria-hidden />
                  {source.path}
                </span>
              ) : (
                <span className="subtle">
                  or paste one below. Pasted text has no folder, so no <code>.env</code> is read.
                </span>
              )}
            </div>
            <div className="grid-2">
              <div className="field">
                <label className="field-label" htmlFor="import-app-name">
                  App name
                </label>
                <input
                  id="import-app-name"
                  name="appName"
                  className="input"
                  placeholder="my-app"
                  spellCheck={false}
                  autoComplete="off"
                  value={appName}
                  aria-invalid={nameTouched && nameProblem !== null}
                  onChange={(event) => setAppName(event.target.value)}
                  onBlur={() => setNameTouched(true)}
                />
                {nameTouched && nameProblem && (
                  <p className="field-error" data-testid="field-error" data-field="appName">
                    {nameProblem}
                  </p>
                )}
                {replaces && (
                  <p className="field-note" data-testid="replaces-app">
                    Saving replaces the stored app {name}
                  </p>
                )}
              </div>
              <div className="field">
                <label className="field-label" htmlFor="import-file-name">
                  File name<span className="field-hint">shown in messages</span>
                </label>
                <input
                  id="import-file-name"
                  name="fileName"
                  className="input mono-input"
                  spellCheck={false}
                  autoComplete="off"
                  value={fileName}
                  onChange={(event) => setFileName(event.target.value)}
                />
              </div>
            </div>
            <div className="field">
              <label className="field-label" htmlFor="import-text">
                Compose file
                {reading && <Spinner size={12} label="Reading the compose file" />}
              </label>
              <textarea
                id="import-text"
                name="composeText"
                className="input textarea mono-input"
                rows={10}
                spellCheck={false}
                placeholder={"services:\n  web:\n    image: busybox\n    ports:\n      - 8080:80"}
                value={text}
                data-autofocus
                onChange={(event) => {
                  setText(event.target.value);
                  // An edited file is pasted text now: its folder and .env no longer apply.
                  if (source.kind === "file") setSource({ kind: "paste" });
                }}
              />
            </div>
          </section>

          {error && (
            <div
              className="notice notice-error compose-error"
              data-testid="compose-error"
              role="alert"
            >
              <CircleAlert size={15} aria-hidden />
              <pre className="compose-error-text">{error}</pre>
            </div>
          )}
          {preview && !error && <ComposePreviewView preview={preview} />}
        </div>

        <div className="modal-footer">
          <button type="button" className="button" onClick={onClose} disabled={saving !== null}>
            Cancel
          </button>
          <button
            type="button"
            className="button"
            data-testid="compose-save"
            disabled={!canSave}
            onClick={() => void save(false)}
          >
            {saving === "save" && <Spinner size={14} />}
            Save
          </button>
          <button
            type="button"
            className="button button-primary"
            data-testid="compose-save-deploy"
            disabled={!canSave}
            onClick={() => void save(true)}
          >
            {saving === "deploy" ? <Spinner size={14} /> : <Rocket size={14} aria-hidden />}
            Save and deploy
          </button>
        </div>
      </div>
    </Modal>
  );
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
