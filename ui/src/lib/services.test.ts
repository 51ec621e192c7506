import { describe, expect, it } from "vitest";
import { instance } from "../test/instances";
import { NO_FILTERS, collectTags, countHealth, endpoint, groupInstances } from "./services";
import type { Filters } from "./services";

const fleet = [
  instance("a1", "api", "passing", { tags: ["v1", "eu"] }),
  instance("a2", "api", "critical", { tags: ["v2"], address: "10.0.0.2" }),
  instance("a3", "api", "warning", { tags: ["v1"] }),
  instance("w1", "web", "passing", { url: "http://web.local:8001" }),
  instance("c1", "cache", "critical", { tags: ["eu"] }),
  instance("s10", "svc-10"),
  instance("s2", "svc-2"),
];

const filtered = (filters: Partial<Filters>) =>
  groupInstances(fleet, { ...NO_FILTERS, ...filters });
const summary = (filters: Partial<Filters> = {}) =>
  filtered(filters).map((g) => [g.name, g.passing, g.total, g.instances.map((i) => i.id)]);

describe("groupInstances", () => {
  it("groups by service with counts, names in natural order, instances by endpoint", () => {
    expect(summary()).toEqual([
      ["api", 1, 3, ["a2", "a1", "a3"]],
      ["cache", 0, 1, ["c1"]],
      ["svc-2", 1, 1, ["s2"]],
      ["svc-10", 1, 1, ["s10"]],
      ["web", 1, 1, ["w1"]],
    ]);
  });

  it("colours a service by how many of its instances pass", () => {
    const health = Object.fromEntries(filtered({}).map((g) => [g.name, g.health]));
    expect(health).toMatchObject({ api: "warning", cache: "critical", web: "passing" });
  });

  it("collects the tags of every instance of a service", () => {
    expect(filtered({})[0].tags).toEqual(["eu", "v1", "v2"]);
  });

  it("keeps only instances with the chosen tag, and the whole service's counts", () => {
    expect(summary({ tag: "v1" })).toEqual([["api", 1, 3, ["a1", "a3"]]]);
    expect(summary({ tag: "eu" })).toEqual([
      ["api", 1, 3, ["a1"]],
      ["cache", 0, 1, ["c1"]],
    ]);
  });

  it("keeps only instances of the chosen health", () => {
    expect(summary({ health: "critical" })).toEqual([
      ["api", 1, 3, ["a2"]],
      ["cache", 0, 1, ["c1"]],
    ]);
    expect(summary({ health: "warning" })).toEqual([["api", 1, 3, ["a3"]]]);
  });

  it("matches the query against names, addresses and URLs in any case", () => {
    expect(summary({ query: "SVC" }).map((g) => g[0])).toEqual(["svc-2", "svc-10"]);
    expect(summary({ query: "10.0.0" })).toEqual([["api", 1, 3, ["a2"]]]);
    expect(summary({ query: "web.local" }).map((g) => g[0])).toEqual(["web"]);
  });

  it("combines filters and returns nothing when no instance passes them all", () => {
    expect(summary({ tag: "v1", health: "warning" })).toEqual([["api", 1, 3, ["a3"]]]);
    expect(summary({ tag: "v2", health: "passing" })).toEqual([]);
  });

  it("returns no groups for no instances", () => {
    expect(groupInstances([], NO_FILTERS)).toEqual([]);
  });
});

describe("helpers", () => {
  it("counts instances by health and lists every tag once", () => {
    expect(countHealth(fleet)).toEqual({ passing: 4, warning: 1, critical: 2 });
    expect(collectTags(fleet)).toEqual(["eu", "v1", "v2"]);
  });

  it("writes IPv6 endpoints with brackets", () => {
    expect(endpoint({ address: "::1", port: 80 })).toBe("[::1]:80");
    expect(endpoint({ address: "db", port: 5432 })).toBe("db:5432");
  });
});
