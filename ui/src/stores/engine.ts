/** The engine connection as the backend reports it, fed by `engineStatusChanged`. */
import { engineStatus, onEngineStatus } from "../ipc";
import type { EngineStatus } from "../ipc";
import { createStore } from "./store";

export interface EngineState {
  /** The last status heard; `null` until the first one arrives. */
  status: EngineStatus | null;
  /** When it arrived (ms since the epoch), to count down `retryInMs`. */
  receivedAt: number;
}

export const engineStore = createStore<EngineState>({ status: null, receivedAt: 0 });

let started: Promise<void> | null = null;

export function startEngineStore(): Promise<void> {
  started ??= (async () => {
    let heardEvent = false;
    await onEngineStatus((status) => {
      heardEvent = true;
      engineStore.set({ status, receivedAt: Date.now() });
    });
    try {
      const status = await engineStatus();
      if (!heardEvent) engineStore.set({ status, receivedAt: Date.now() });
    } catch {
      // Events will tell; the UI shows "connecting" until then.
    }
  })();
  return started;
}
