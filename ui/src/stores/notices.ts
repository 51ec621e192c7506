/**
 * Notices of registry removals the user did not make: the health checker's deregister-after, a
 * container that stopped or went away, a provider deregistering through the API.
 *
 * The list is newest first and short; a removal of an instance that already has a notice replaces
 * that notice, so each instance id appears at most once. The registry store feeds it from the same
 * `registryChanged` events that update the instances.
 */
import type { RegistryChange } from "../ipc";
import { createStore } from "./store";

/** One removal to tell the user about. */
export interface RemovalNotice {
  /** Unique per notice, for dismissing it and as a React key; a replacement gets a new one. */
  key: number;
  /** The removed instance's id. */
  id: string;
  name: string;
  /** Why it went away, in the backend's words. */
  reason: string;
}

/** How many notices are shown at once; older ones give way. */
export const NOTICE_LIMIT = 5;

/** The reason the backend gives when the user deregistered the instance in this window. */
export const OWN_REMOVAL = "deregistered in the app";

/** The removal a change reports, or `null` when it is not one or the user made it. */
export function removalOf(change: RegistryChange): Omit<RemovalNotice, "key"> | null {
  if (change.kind !== "deregistered" || change.reason === OWN_REMOVAL) return null;
  return { id: change.id, name: change.name, reason: change.reason };
}

/**
 * Puts a notice first, dropping an earlier one for the same instance and the oldest beyond
 * `limit`. Pure, so it is tested on its own.
 */
export function addNotice(
  notices: RemovalNotice[],
  notice: RemovalNotice,
  limit: number = NOTICE_LIMIT,
): RemovalNotice[] {
  const others = notices.filter((n) => n.id !== notice.id);
  return [notice, ...others].slice(0, limit);
}

/** The notices without the one under `key`; the same array when there is none. */
export function dismissNotice(notices: RemovalNotice[], key: number): RemovalNotice[] {
  return notices.some((n) => n.key === key) ? notices.filter((n) => n.key !== key) : notices;
}

/**
 * An instance id short enough for one line: `orders-api-45e0…` for the derived `NAME-HEX` ids,
 * the first 16 characters of any other long id.
 */
export function shortInstanceId(id: string, name: string): string {
  const derived = id.startsWith(`${name}-`) && id.length > name.length + 5;
  if (derived) return `${id.slice(0, name.length + 5)}…`;
  return id.length > 16 ? `${id.slice(0, 16)}…` : id;
}

export const noticesStore = createStore<RemovalNotice[]>([]);

let nextKey = 1;

/** Adds a notice when a change is a removal the user did not make. */
export function noteRegistryChange(change: RegistryChange): void {
  const removal = removalOf(change);
  if (!removal) return;
  const notice = { key: nextKey++, ...removal };
  noticesStore.set((notices) => addNotice(notices, notice));
}

export function dismissRemoval(key: number): void {
  noticesStore.set((notices) => dismissNotice(notices, key));
}
