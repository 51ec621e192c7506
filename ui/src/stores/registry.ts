/**
 * The registry's instances as the backend's events describe them, keyed by id.
 *
 * Like the container list, it is only changed by `registryChanged` events and by full reads
 * (`registryInstances(null)`), the first one and one after each `reload` event. Groups by service
 * are derived from it when shown.
 */
import { onRegistryChanged, registryApiStatus, registryInstances } from "../ipc";
import type { ApiStatus, Instance, RegistryChange, UiError } from "../ipc";
import { noteRegistryChange } from "./notices";
import { createStore } from "./store";

export interface RegistryState {
  /** Whether a full read has arrived. */
  loaded: boolean;
  /** Every instance by id. */
  instances: Record<string, Instance>;
  /** Why the last full read failed (the registry's storage is off); cleared by the next one. */
  error: UiError | null;
  /** A `reload` event asked for a full read that has not arrived yet. */
  stale: boolean;
  /** Where the HTTP API listens, once asked. */
  api: ApiStatus | null;
}

/** A backend change, or the outcome of a full read. */
export type RegistryAction =
  RegistryChange | { kind: "snapshot"; instances: Instance[] } | { kind: "failed"; error: UiError };

export const initialRegistryState: RegistryState = {
  loaded: false,
  instances: {},
  error: null,
  stale: false,
  api: null,
};

/** Applies one change or read to the state. Pure, so it is tested on its own. */
export function applyRegistryChange(state: RegistryState, action: RegistryAction): RegistryState {
  switch (action.kind) {
    case "snapshot":
      return {
        ...state,
        loaded: true,
        error: null,
        stale: false,
        instances: Object.fromEntries(action.instances.map((i) => [i.id, i])),
      };
    case "failed":
      return { ...state, loaded: true, stale: false, error: action.error };
    case "registered":
    case "healthChanged":
      return {
        ...state,
        instances: { ...state.instances, [action.instance.id]: action.instance },
      };
    case "deregistered": {
      if (!(action.id in state.instances)) return state;
      const instances = { ...state.instances };
      delete instances[action.id];
      return { ...state, instances };
    }
    case "reload":
      return state.stale ? state : { ...state, stale: true };
  }
}

export const registryStore = createStore<RegistryState>(initialRegistryState);

const apply = (action: RegistryAction) =>
  registryStore.set((state) => applyRegistryChange(state, action));

let started: Promise<void> | null = null;
let reading: Promise<void> | null = null;
/** Changes heard while a full read is on its way, to replay on top of its answer. */
let inFlight: RegistryChange[] | null = null;
let readAgain = false;

/**
 * Subscribes to changes first and only then reads everything, replaying the changes that arrived
 * while the read was on its way (the answer may predate them). A `reload` event starts a new read.
 * Removals the user did not make also become notices.
 */
export function startRegistryStore(): Promise<void> {
  started ??= (async () => {
    await onRegistryChanged((change) => {
      apply(change);
      noteRegistryChange(change);
      if (change.kind === "reload") void readAll();
      else inFlight?.push(change);
    });
    await Promise.all([readAll(), readApiStatus()]);
  })();
  return started;
}

/**
 * Reads every instance again. While a read is under way, another call asks for one more read
 * after it, since the one under way may have been answered before whatever prompted the call.
 */
export function readAll(): Promise<void> {
  if (reading) {
    readAgain = true;
    return reading;
  }
  reading = (async () => {
    inFlight = [];
    try {
      const instances = await registryInstances(null);
      const replay = inFlight;
      registryStore.set((state) =>
        replay.reduce(
          applyRegistryChange,
          applyRegistryChange(state, { kind: "snapshot", instances }),
        ),
      );
    } catch (thrown) {
      apply({ kind: "failed", error: thrown as UiError });
    } finally {
      inFlight = null;
      reading = null;
    }
    if (readAgain) {
      readAgain = false;
      await readAll();
    }
  })();
  return reading;
}

async function readApiStatus(): Promise<void> {
  try {
    const api = await registryApiStatus();
    registryStore.set((state) => ({ ...state, api }));
  } catch (thrown) {
    const error = thrown as UiError;
    registryStore.set((state) => ({
      ...state,
      api: { address: "", listening: false, error: error.message },
    }));
  }
}
