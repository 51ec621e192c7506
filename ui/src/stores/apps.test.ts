import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DeployProgress, DeployReport } from "../ipc";
import { app, stored } from "../test/apps";
import { appsStore, initialAppsState, refreshApps, runAppAction, runDeploy } from "./apps";

const ipc = vi.hoisted(() => ({
  listApps: vi.fn(),
  deployApp: vi.fn(),
  startApp: vi.fn(),
  stopApp: vi.fn(),
  restartApp: vi.fn(),
  tearDownApp: vi.fn(),
  deleteApp: vi.fn(),
  exportApp: vi.fn(),
  exportAppTo: vi.fn(),
  chooseExportPath: vi.fn(),
}));
vi.mock("../ipc", () => ipc);

const demo = stored(app("demo", { web: { dependsOn: { db: "service_started" } }, db: {} }));

beforeEach(async () => {
  Object.values(ipc).forEach((fn) => fn.mockReset());
  appsStore.set(initialAppsState);
  ipc.listApps.mockResolvedValue([demo]);
  await refreshApps();
});

describe("runDeploy", () => {
  it("follows the streamed steps in dependency order, then keeps the report", async () => {
    let finish!: (report: DeployReport) => void;
    let send!: (step: DeployProgress) => void;
    ipc.deployApp.mockImplementation((_name: string, onProgress: typeof send) => {
      send = onProgress;
      return new Promise((resolve) => (finish = resolve));
    });

    const done = runDeploy("demo");
    expect(appsStore.get().busy.demo).toBe("deploy");
    expect(appsStore.get().deploys.demo.services).toEqual(["db", "web"]);
    expect(await runDeploy("demo")).toBe(false);
    expect(ipc.deployApp).toHaveBeenCalledTimes(1);

    send({ app: "demo", service: "db", phase: { phase: "creating" } });
    expect(appsStore.get().deploys.demo.phases.db).toEqual({ phase: "creating" });

    finish({
      app: "demo",
      services: { db: { phase: "running" }, web: { phase: "failed", reason: "port taken" } },
      failure: ["web", "port taken"],
    });
    expect(await done).toBe(false);
    const state = appsStore.get();
    expect(state.busy.demo).toBeUndefined();
    expect(state.deploys.demo.status).toBe("failed");
    expect(state.deploys.demo.failure).toEqual({ service: "web", reason: "port taken" });
  });

  it("keeps a refused call as the deploy's failure", async () => {
    ipc.deployApp.mockRejectedValue({
      code: "not_found",
      message: "no app named demo",
      fields: [],
    });
    expect(await runDeploy("demo")).toBe(false);
    expect(appsStore.get().deploys.demo.failure).toEqual({
      service: null,
      reason: "no app named demo",
    });
  });
});

describe("runAppAction", () => {
  it("keeps a failure's message for the card and frees the app", async () => {
    ipc.stopApp.mockRejectedValue({ code: "engine", message: "engine said no", fields: [] });
    expect(await runAppAction("demo", "stop")).toBe(false);
    expect(appsStore.get().messages.demo).toEqual({ tone: "error", text: "engine said no" });
    expect(appsStore.get().busy.demo).toBeUndefined();
  });

  it("passes the volumes choice to tear down and reads the list again after delete", async () => {
    ipc.tearDownApp.mockResolvedValue(null);
    ipc.deleteApp.mockResolvedValue(null);
    await runAppAction("demo", "teardown", true);
    expect(ipc.tearDownApp).toHaveBeenCalledWith("demo", true);

    ipc.listApps.mockResolvedValue([]);
    await runAppAction("demo", "delete", false);
    expect(ipc.deleteApp).toHaveBeenCalledWith("demo", false);
    await vi.waitFor(() => expect(appsStore.get().apps).toEqual([]));
  });

  it("exports to the chosen path and does nothing when the dialog is cancelled", async () => {
    ipc.chooseExportPath.mockResolvedValueOnce(null).mockResolvedValueOnce("/tmp/demo.yml");
    ipc.exportAppTo.mockResolvedValue(null);
    await runAppAction("demo", "export");
    expect(ipc.exportAppTo).not.toHaveBeenCalled();
    await runAppAction("demo", "export");
    expect(ipc.exportAppTo).toHaveBeenCalledWith("demo", "/tmp/demo.yml");
    expect(appsStore.get().messages.demo).toEqual({
      tone: "info",
      text: "Exported to /tmp/demo.yml",
    });
  });
});
