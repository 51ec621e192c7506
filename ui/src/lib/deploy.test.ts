import { describe, expect, it } from "vitest";
import type { ServicePhase } from "../ipc";
import { applyDeploy, deployPercent, phaseText, startDeploy } from "./deploy";
import type { DeployRun } from "./deploy";

const step = (run: DeployRun, service: string, phase: ServicePhase) =>
  applyDeploy(run, { kind: "step", step: { app: run.app, service, phase } });

describe("deploy progress", () => {
  it("starts every service pending at 0%", () => {
    const run = startDeploy("demo", ["db", "web"]);
    expect(run.status).toBe("running");
    expect(run.services).toEqual(["db", "web"]);
    expect(Object.values(run.phases).map((p) => p.phase)).toEqual(["pending", "pending"]);
    expect(deployPercent(run)).toBe(0);
  });

  it("moves each service through its phases and grows the percentage", () => {
    let run = startDeploy("demo", ["db", "web"]);
    run = step(run, "db", { phase: "creating" });
    run = step(run, "web", { phase: "waiting", on: "db" });
    expect(deployPercent(run)).toBe(20);
    run = step(run, "db", { phase: "healthy" });
    expect(deployPercent(run)).toBe(55);
    run = step(run, "web", { phase: "starting" });
    expect(deployPercent(run)).toBe(80);
    run = step(run, "web", { phase: "running" });
    expect(deployPercent(run)).toBe(100);
    expect(run.status).toBe("running");
  });

  it("adds a service it did not know of at the end", () => {
    const run = step(startDeploy("demo", ["db"]), "job", { phase: "creating" });
    expect(run.services).toEqual(["db", "job"]);
  });

  it("ends succeeded with the report's phases", () => {
    let run = step(startDeploy("demo", ["db", "web"]), "db", { phase: "starting" });
    run = applyDeploy(run, {
      kind: "finished",
      report: {
        app: "demo",
        services: { db: { phase: "unchanged" }, web: { phase: "running" } },
        failure: null,
      },
    });
    expect(run.status).toBe("succeeded");
    expect(run.failure).toBeNull();
    expect(run.phases.db.phase).toBe("unchanged");
    expect(deployPercent(run)).toBe(100);
  });

  it("ends failed with the service and reason of the report's failure", () => {
    const run = applyDeploy(startDeploy("demo", ["db", "web"]), {
      kind: "finished",
      report: {
        app: "demo",
        services: {
          db: { phase: "failed", reason: "no such image: nope:1" },
          web: { phase: "cancelled" },
        },
        failure: ["db", "no such image: nope:1"],
      },
    });
    expect(run.status).toBe("failed");
    expect(run.failure).toEqual({ service: "db", reason: "no such image: nope:1" });
    expect(run.phases.web.phase).toBe("cancelled");
    expect(deployPercent(run)).toBe(100);
  });

  it("ends failed without a service when the call itself failed", () => {
    const run = applyDeploy(startDeploy("demo", ["db"]), {
      kind: "errored",
      message: "Docker is not reachable",
    });
    expect(run.failure).toEqual({ service: null, reason: "Docker is not reachable" });
  });

  it("ignores steps that arrive after the end", () => {
    const done = applyDeploy(startDeploy("demo", ["db"]), {
      kind: "finished",
      report: { app: "demo", services: { db: { phase: "running" } }, failure: null },
    });
    expect(step(done, "db", { phase: "creating" })).toBe(done);
  });
});

describe("phaseText", () => {
  it.each<[ServicePhase, string]>([
    [{ phase: "pending" }, "pending"],
    [{ phase: "waiting", on: "db" }, "waiting for db"],
    [{ phase: "completed", exit_code: 0 }, "completed (exit 0)"],
    [{ phase: "failed", reason: "port is already allocated" }, "failed: port is already allocated"],
    [{ phase: "cancelled" }, "cancelled"],
  ])("%j reads %j", (phase, text) => {
    expect(phaseText(phase)).toBe(text);
  });
});
