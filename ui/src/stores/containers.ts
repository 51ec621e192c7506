/**
 * The container list as the backend's events describe it.
 *
 * The list is only ever changed by `containersChanged` events and the initial `listContainers`
 * answer; actions in the UI never edit it, so what is shown is what the engine says.
 */
import { listContainers, onContainersChanged } from "../ipc";
import type { ContainerChange, ContainerSummary } from "../ipc";
import { createStore } from "./store";

export interface ContainersState {
  /** Whether a first list has arrived. */
  loaded: boolean;
  /** Containers in the order they arrived; sorted when shown. */
  containers: ContainerSummary[];
}

export const initialContainersState: ContainersState = { loaded: false, containers: [] };

/** Applies one change event to the list. Pure, so it is tested on its own. */
export function applyContainerChange(
  state: ContainersState,
  change: ContainerChange,
): ContainersState {
  switch (change.kind) {
    case "snapshot":
      return { loaded: true, containers: [...change.containers] };
    case "updated": {
      const index = state.containers.findIndex((c) => c.id === change.container.id);
      const containers = [...state.containers];
      if (index === -1) containers.push(change.container);
      else containers[index] = change.container;
      return { ...state, containers };
    }
    case "removed": {
      const containers = state.containers.filter((c) => c.id !== change.id);
      if (containers.length === state.containers.length) return state;
      return { ...state, containers };
    }
  }
}

export const containersStore = createStore<ContainersState>(initialContainersState);

let started: Promise<void> | null = null;

/**
 * Subscribes to changes first and only then asks for the list, so no change between the two can
 * be missed. Changes that arrive while the list is on its way are replayed on top of it, since the
 * answer may have been read before they happened. A snapshot event that overtakes the answer
 * simply replaces it.
 */
export function startContainersStore(): Promise<void> {
  started ??= (async () => {
    let sawSnapshot = false;
    let inFlight: ContainerChange[] | null = [];
    await onContainersChanged((change) => {
      if (change.kind === "snapshot") sawSnapshot = true;
      inFlight?.push(change);
      containersStore.set((state) => applyContainerChange(state, change));
    });
    try {
      const containers = await listContainers();
      if (!sawSnapshot) {
        const replay = inFlight ?? [];
        containersStore.set(() =>
          replay.reduce(
            applyContainerChange,
            applyContainerChange(initialContainersState, {
              kind: "snapshot",
              containers,
            }),
          ),
        );
      }
    } catch {
      // The engine is not reachable yet; its snapshot event arrives once it is.
    } finally {
      inFlight = null;
    }
  })();
  return started;
}
