import { describe, expect, it } from "vitest";
import { app, member, stored } from "../test/apps";
import { appStatus, exitCodeOf, filterApps, startOrder } from "./apps";

const demo = app("demo", {
  web: { replicas: 2, dependsOn: { api: "service_started" } },
  api: { dependsOn: { db: "service_healthy" } },
  db: {},
});

const byName = (status: ReturnType<typeof appStatus>) =>
  Object.fromEntries(status.services.map((s) => [s.name, s]));

describe("appStatus", () => {
  it("counts running containers against the replicas the spec expects", () => {
    const status = appStatus(demo, [
      member("demo", "web", "running"),
      member("demo", "web", "running"),
      member("demo", "api", "running"),
      member("demo", "db", "running"),
    ]);
    expect([status.running, status.total]).toEqual([4, 4]);
    expect(status.tone).toBe("running");
    expect(status.services.map((s) => s.state)).toEqual(["running", "running", "running"]);
  });

  it("finds containers by the berth labels only, not by name or another app's labels", () => {
    const stranger = { ...member("other", "web", "running"), name: "demo-web-1" };
    const unlabelled = { ...member("demo", "web", "running"), labels: {} };
    const status = appStatus(demo, [stranger, unlabelled, member("demo", "db", "running")]);
    expect(byName(status).web.state).toBe("missing");
    expect(byName(status).db.state).toBe("running");
    expect(status.running).toBe(1);
  });

  it("reports a service with fewer running replicas than wanted as partial", () => {
    const status = appStatus(demo, [
      member("demo", "web", "running"),
      member("demo", "api", "running"),
      member("demo", "db", "running"),
    ]);
    const web = byName(status).web;
    expect(web.state).toBe("partial");
    expect(web.running).toBe(1);
    expect(status.tone).toBe("partial");
  });

  it("turns a partly running app red when one of its containers died with an error", () => {
    const status = appStatus(demo, [
      member("demo", "web", "running"),
      member("demo", "web", "exited", "Exited (1) 5 seconds ago"),
    ]);
    expect(byName(status).web.state).toBe("partial");
    expect(status.failed).toBe(1);
    expect(status.tone).toBe("failed");
  });

  it("marks services without containers missing and the app absent when none has any", () => {
    const status = appStatus(demo, []);
    expect(status.services.every((s) => s.state === "missing")).toBe(true);
    expect(status.tone).toBe("absent");
    expect([status.running, status.total]).toEqual([0, 4]);
  });

  it("reads the exit code of stopped containers, a non-zero one winning", () => {
    const status = appStatus(demo, [
      member("demo", "web", "exited", "Exited (0) 1 minute ago"),
      member("demo", "web", "exited", "Exited (2) 1 minute ago"),
      member("demo", "db", "exited", "Exited (0) 1 minute ago"),
    ]);
    expect(byName(status).web).toMatchObject({ state: "exited", exitCode: 2 });
    expect(byName(status).db).toMatchObject({ state: "exited", exitCode: 0 });
    expect(status.failed).toBe(1);
    expect(status.completed).toBe(2);
    expect(status.tone).toBe("failed");
  });

  it("takes the exit codes of a stop (143, 137) for a stopped app, not a failed one", () => {
    const status = appStatus(demo, [
      member("demo", "web", "exited", "Exited (137) 1 minute ago"),
      member("demo", "web", "exited", "Exited (143) 1 minute ago"),
      member("demo", "api", "exited", "Exited (0) 1 minute ago"),
    ]);
    expect(byName(status).web).toMatchObject({ state: "exited", exitCode: 137 });
    expect([status.failed, status.tone]).toEqual([0, "stopped"]);
  });

  it("counts a job that completed with 0 toward a running app, but not as running", () => {
    const jobs = app("jobs", {
      migrate: {},
      web: { dependsOn: { migrate: "service_completed_successfully" } },
    });
    const status = appStatus(jobs, [
      member("jobs", "migrate", "exited", "Exited (0) 3 minutes ago"),
      member("jobs", "web", "running"),
    ]);
    expect([status.running, status.total, status.completed]).toEqual([1, 2, 1]);
    expect(status.tone).toBe("running");
  });

  it("never counts more running containers than a service's replicas", () => {
    const single = app("one", { web: {} });
    const status = appStatus(single, [
      member("one", "web", "running"),
      member("one", "web", "running"),
    ]);
    expect([status.running, status.total]).toEqual([1, 1]);
  });

  it("says unknown for every service while the engine cannot be asked", () => {
    const status = appStatus(demo, [member("demo", "db", "running")], false);
    expect(status.services.every((s) => s.state === "unknown")).toBe(true);
    expect([status.running, status.tone]).toEqual([0, "unknown"]);
  });

  it("shows published ports from the containers, else the spec's", () => {
    const ported = app("p", {
      web: { ports: [{ hostIp: null, published: 8080, target: 80, protocol: "tcp" }] },
    });
    expect(appStatus(ported, []).services[0].ports).toEqual([
      { hostIp: null, hostPort: 8080, containerPort: 80, protocol: "tcp" },
    ]);
    const live = { hostIp: "0.0.0.0", hostPort: 8080, containerPort: 80, protocol: "tcp" as const };
    const status = appStatus(ported, [member("p", "web", "running", "Up", [live])]);
    expect(status.services[0].ports).toEqual([live]);
  });
});

describe("startOrder", () => {
  it("puts each service after what it depends on", () => {
    expect(startOrder(demo)).toEqual(["db", "api", "web"]);
  });

  it("keeps services of a cycle at the end in name order", () => {
    const cyclic = app("c", {
      a: { dependsOn: { b: "service_started" } },
      b: { dependsOn: { a: "service_started" } },
      z: {},
    });
    expect(startOrder(cyclic)).toEqual(["z", "a", "b"]);
  });
});

describe("exitCodeOf", () => {
  it.each([
    ["Exited (137) 2 minutes ago", 137],
    ["Exited (0) About a minute ago", 0],
  ])("reads %j", (status, code) => {
    expect(exitCodeOf(member("a", "b", "exited", status))).toBe(code);
  });

  it("has none for a running container", () => {
    expect(exitCodeOf(member("a", "b", "running", "Up (healthy)"))).toBeNull();
  });
});

describe("filterApps", () => {
  const apps = [stored(demo), stored(app("shop", { cart: {} })), stored(app("blog", { web: {} }))];

  it("matches app names and service names, sorted by name", () => {
    expect(filterApps(apps, "").map((a) => a.spec.name)).toEqual(["blog", "demo", "shop"]);
    expect(filterApps(apps, "SHO").map((a) => a.spec.name)).toEqual(["shop"]);
    expect(filterApps(apps, "web").map((a) => a.spec.name)).toEqual(["blog", "demo"]);
    expect(filterApps(apps, "nothing")).toEqual([]);
  });
});
