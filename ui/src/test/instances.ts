import type { Health, Instance } from "../ipc";

/** A stored instance for tests; only what a test cares about needs saying. */
export function instance(
  id: string,
  name: string,
  health: Health = "passing",
  extra: Partial<Instance> = {},
): Instance {
  return {
    id,
    name,
    address: "127.0.0.1",
    port: 8000 + Number(id.replace(/\D/g, "") || 0),
    url: null,
    tags: [],
    meta: {},
    hourlyCost: null,
    health,
    source: "api",
    containerId: null,
    registeredAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    updatedAt: new Date().toISOString(),
    checks: [],
    ...extra,
  };
}
