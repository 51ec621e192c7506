/**
 * Per-container actions in flight and their last error, shared by the list and the detail so a
 * container's buttons are disabled wherever they are shown.
 */
import { removeContainer, restartContainer, startContainer, stopContainer } from "../ipc";
import { createStore } from "./store";

export type ActionKind = "start" | "stop" | "restart" | "remove";

export interface ActionsState {
  /** The action running for a container id. */
  busy: Record<string, ActionKind>;
  /** The last failed action's message for a container id, until dismissed. */
  errors: Record<string, string>;
}

export const actionsStore = createStore<ActionsState>({ busy: {}, errors: {} });

/**
 * Runs one action for a container unless one is already running for it. Resolves `true` on
 * success; a failure is kept as the row's error and resolves `false`.
 */
export async function runAction(id: string, kind: ActionKind, force = false): Promise<boolean> {
  if (actionsStore.get().busy[id]) return false;
  actionsStore.set((s) => ({ busy: { ...s.busy, [id]: kind }, errors: without(s.errors, id) }));

  let ok = true;
  try {
    if (kind === "start") await startContainer(id);
    else if (kind === "stop") await stopContainer(id);
    else if (kind === "restart") await restartContainer(id);
    else await removeContainer(id, force);
  } catch (error) {
    ok = false;
    const message = (error as { message: string }).message;
    actionsStore.set((s) => ({ ...s, errors: { ...s.errors, [id]: message } }));
  }

  actionsStore.set((s) => ({ ...s, busy: without(s.busy, id) }));
  return ok;
}

export function dismissError(id: string): void {
  actionsStore.set((s) => ({ ...s, errors: without(s.errors, id) }));
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
