/**
 * Stored applications, the action running on each, its last message and its deploy.
 *
 * The list comes from `listApps` and is read again after every change made here and whenever the
 * Apps view opens (the CLI may have changed it). What runs on the engine is not kept here: cards
 * derive it from the container store. Deploys live here, not in a component, so one keeps going
 * and keeps reporting while the user moves elsewhere.
 */
import {
  chooseExportPath,
  deleteApp,
  deployApp,
  exportApp,
  exportAppTo,
  listApps,
  restartApp,
  startApp,
  stopApp,
  tearDownApp,
} from "../ipc";
import type { StoredApp, UiError } from "../ipc";
import { copyText } from "../components/CopyButton";
import { applyDeploy, startDeploy } from "../lib/deploy";
import type { DeployRun } from "../lib/deploy";
import { startOrder } from "../lib/apps";
import { createStore } from "./store";

export type AppAction =
  "deploy" | "start" | "stop" | "restart" | "teardown" | "delete" | "export" | "copy";

/** A line under a card's header: what failed, or what just worked ("Copied"). */
export interface AppMessage {
  tone: "error" | "info";
  text: string;
}

export interface AppsState {
  /** Whether a first list has arrived (or failed). */
  loaded: boolean;
  apps: StoredApp[];
  /** Why the last read failed; cleared by the next good one. */
  error: string | null;
  busy: Record<string, AppAction>;
  messages: Record<string, AppMessage>;
  /** The last deploy of each app, until dismissed. */
  deploys: Record<string, DeployRun>;
}

export const initialAppsState: AppsState = {
  loaded: false,
  apps: [],
  error: null,
  busy: {},
  messages: {},
  deploys: {},
};

export const appsStore = createStore<AppsState>(initialAppsState);

let reading: Promise<void> | null = null;
let readAgain = false;

/** Reads the list; a call while a read is on its way asks for one more after it. */
export function refreshApps(): Promise<void> {
  if (reading) {
    readAgain = true;
    return reading;
  }
  reading = (async () => {
    do {
      readAgain = false;
      try {
        const apps = await listApps();
        appsStore.set((s) => ({ ...s, loaded: true, error: null, apps }));
      } catch (thrown) {
        const message = (thrown as UiError).message;
        appsStore.set((s) => ({ ...s, loaded: true, error: message }));
      }
    } while (readAgain);
    reading = null;
  })();
  return reading;
}

/**
 * Runs one action on an app unless one is already running on it. Resolves `true` on success; a
 * failure becomes the card's message and resolves `false`.
 */
export async function runAppAction(
  name: string,
  action: Exclude<AppAction, "deploy">,
  volumes = false,
): Promise<boolean> {
  if (!claim(name, action)) return false;

  let ok = true;
  let note: string | null = null;
  try {
    note = await perform(name, action, volumes);
  } catch (thrown) {
    ok = false;
    setMessage(name, { tone: "error", text: (thrown as UiError).message });
  }

  release(name);
  if (ok && note) setMessage(name, { tone: "info", text: note });
  if (ok && action === "delete") forget(name);
  if (ok && (action === "delete" || action === "teardown")) void refreshApps();
  return ok;
}

/**
 * Deploys an app, following its progress in `deploys[name]`. Resolves `true` when every service
 * reached its goal.
 */
export async function runDeploy(name: string): Promise<boolean> {
  if (!claim(name, "deploy")) return false;
  const app = appsStore.get().apps.find((a) => a.spec.name === name);
  const update = (change: (run: DeployRun) => DeployRun) =>
    appsStore.set((s) => {
      const run = s.deploys[name];
      return run ? { ...s, deploys: { ...s.deploys, [name]: change(run) } } : s;
    });
  appsStore.set((s) => ({
    ...s,
    deploys: { ...s.deploys, [name]: startDeploy(name, app ? startOrder(app.spec) : []) },
  }));

  let ok = false;
  try {
    const report = await deployApp(name, (step) =>
      update((run) => applyDeploy(run, { kind: "step", step })),
    );
    update((run) => applyDeploy(run, { kind: "finished", report }));
    ok = report.failure === null;
  } catch (thrown) {
    const message = (thrown as UiError).message;
    update((run) => applyDeploy(run, { kind: "errored", message }));
  }

  release(name);
  return ok;
}

export function dismissDeploy(name: string): void {
  appsStore.set((s) => ({ ...s, deploys: without(s.deploys, name) }));
}

export function dismissMessage(name: string): void {
  appsStore.set((s) => ({ ...s, messages: without(s.messages, name) }));
}

async function perform(
  name: string,
  action: Exclude<AppAction, "deploy">,
  volumes: boolean,
): Promise<string | null> {
  switch (action) {
    case "start":
      await startApp(name);
      return null;
    case "stop":
      await stopApp(name);
      return null;
    case "restart":
      await restartApp(name);
      return null;
    case "teardown":
      await tearDownApp(name, volumes);
      return volumes ? "Torn down with its volumes" : "Torn down; volumes kept";
    case "delete":
      await deleteApp(name, volumes);
      return null;
    case "export": {
      const path = await chooseExportPath(`${name}.compose.yml`);
      if (!path) return null;
      await exportAppTo(name, path);
      return `Exported to ${path}`;
    }
    case "copy": {
      const text = await exportApp(name);
      if (!(await copyText(text))) throw { message: "The clipboard refused the compose text" };
      return "Compose file copied";
    }
  }
}

function claim(name: string, action: AppAction): boolean {
  if (appsStore.get().busy[name]) return false;
  appsStore.set((s) => ({
    ...s,
    busy: { ...s.busy, [name]: action },
    messages: without(s.messages, name),
  }));
  return true;
}

function release(name: string): void {
  appsStore.set((s) => ({ ...s, busy: without(s.busy, name) }));
}

/** Drops what the store knows of a deleted app besides the list entry the next read removes. */
function forget(name: string): void {
  appsStore.set((s) => ({
    ...s,
    deploys: without(s.deploys, name),
    messages: without(s.messages, name),
  }));
}

function setMessage(name: string, message: AppMessage): void {
  appsStore.set((s) => ({ ...s, messages: { ...s.messages, [name]: message } }));
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
