import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "../ipc";
import { applyContainerChange, initialContainersState } from "./containers";

const summary = (id: string, name: string, state: ContainerSummary["state"] = "running") => ({
  id,
  name,
  image: "busybox",
  state,
  status: "",
  ports: [],
  created: 0,
  labels: {},
});

const names = (state: { containers: ContainerSummary[] }) => state.containers.map((c) => c.name);

describe("applyContainerChange", () => {
  it("replaces everything with a snapshot and marks the list loaded", () => {
    const before = applyContainerChange(initialContainersState, {
      kind: "snapshot",
      containers: [summary("1", "old")],
    });
    const after = applyContainerChange(before, {
      kind: "snapshot",
      containers: [summary("2", "a"), summary("3", "b")],
    });
    expect(after.loaded).toBe(true);
    expect(names(after)).toEqual(["a", "b"]);
  });

  it("upserts by id on updated", () => {
    let state = applyContainerChange(initialContainersState, {
      kind: "snapshot",
      containers: [summary("1", "web"), summary("2", "db")],
    });
    state = applyContainerChange(state, {
      kind: "updated",
      container: summary("2", "db", "exited"),
    });
    expect(state.containers.map((c) => [c.id, c.state])).toEqual([
      ["1", "running"],
      ["2", "exited"],
    ]);

    state = applyContainerChange(state, { kind: "updated", container: summary("3", "cache") });
    expect(names(state)).toEqual(["web", "db", "cache"]);
  });

  it("deletes by id on removed and ignores unknown ids", () => {
    const state = applyContainerChange(initialContainersState, {
      kind: "snapshot",
      containers: [summary("1", "web"), summary("2", "db")],
    });
    const removed = applyContainerChange(state, { kind: "removed", id: "1" });
    expect(names(removed)).toEqual(["db"]);
    expect(applyContainerChange(removed, { kind: "removed", id: "nope" })).toBe(removed);
  });

  it("does not mutate the previous state", () => {
    const state = applyContainerChange(initialContainersState, {
      kind: "snapshot",
      containers: [summary("1", "web")],
    });
    applyContainerChange(state, { kind: "updated", container: summary("1", "web", "exited") });
    expect(state.containers[0].state).toBe("running");
  });
});
