import { describe, expect, it } from "vitest";
import { instance } from "../test/instances";
import { applyRegistryChange, initialRegistryState } from "./registry";
import type { RegistryAction, RegistryState } from "./registry";

const run = (actions: RegistryAction[], from: RegistryState = initialRegistryState) =>
  actions.reduce(applyRegistryChange, from);
const ids = (state: RegistryState) => Object.keys(state.instances).sort();

const loaded = run([{ kind: "snapshot", instances: [instance("1", "api"), instance("2", "web")] }]);

describe("applyRegistryChange", () => {
  it("replaces everything with a snapshot and marks the registry loaded", () => {
    const state = run([{ kind: "snapshot", instances: [instance("3", "db")] }], loaded);
    expect(state.loaded).toBe(true);
    expect(ids(state)).toEqual(["3"]);
  });

  it("adds a newly registered instance and replaces a re-registered one", () => {
    let state = run([{ kind: "registered", instance: instance("3", "db") }], loaded);
    expect(ids(state)).toEqual(["1", "2", "3"]);
    state = run(
      [{ kind: "registered", instance: instance("1", "api", "passing", { tags: ["v2"] }) }],
      state,
    );
    expect(state.instances["1"].tags).toEqual(["v2"]);
    expect(ids(state)).toEqual(["1", "2", "3"]);
  });

  it("takes the new health from healthChanged", () => {
    const state = run(
      [{ kind: "healthChanged", instance: instance("2", "web", "critical") }],
      loaded,
    );
    expect(state.instances["2"].health).toBe("critical");
    expect(loaded.instances["2"].health).toBe("passing");
  });

  it("removes a deregistered instance and ignores unknown ids", () => {
    const state = run(
      [{ kind: "deregistered", id: "1", name: "api", reason: "deregistered in the app" }],
      loaded,
    );
    expect(ids(state)).toEqual(["2"]);
    const same = applyRegistryChange(state, {
      kind: "deregistered",
      id: "nope",
      name: "x",
      reason: "",
    });
    expect(same).toBe(state);
  });

  it("marks the list stale on reload, keeping it until the next snapshot arrives", () => {
    const stale = run([{ kind: "reload" }], loaded);
    expect(stale.stale).toBe(true);
    expect(ids(stale)).toEqual(["1", "2"]);
    const fresh = run([{ kind: "snapshot", instances: [instance("9", "new")] }], stale);
    expect(fresh.stale).toBe(false);
    expect(ids(fresh)).toEqual(["9"]);
  });

  it("keeps a failed read's error until a read succeeds", () => {
    const error = { code: "storage" as const, message: "cannot read the registry", fields: [] };
    const failed = run([{ kind: "failed", error }]);
    expect(failed).toMatchObject({ loaded: true, error });
    expect(run([{ kind: "snapshot", instances: [] }], failed).error).toBeNull();
  });
});
