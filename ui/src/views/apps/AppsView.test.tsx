import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import type { ContainerSummary, StoredApp } from "../../ipc";
import { applyDeploy, startDeploy } from "../../lib/deploy";
import { app, member, stored } from "../../test/apps";
import { AppsView } from "./AppsView";

const demo = stored(
  app("demo", {
    web: {
      replicas: 2,
      ports: [{ hostIp: null, published: 8080, target: 80, protocol: "tcp" }],
      dependsOn: { api: "service_started" },
    },
    api: {},
    job: {},
  }),
);
const shop = stored(app("shop", { cart: {} }), "form");

const live = [
  member("demo", "web", "running", "Up 1 minute", [
    { hostIp: "0.0.0.0", hostPort: 8080, containerPort: 80, protocol: "tcp" },
  ]),
  member("demo", "api", "running"),
  member("demo", "job", "exited", "Exited (3) 10 seconds ago"),
];

function renderView(extra: Partial<Parameters<typeof AppsView>[0]> = {}) {
  const props = {
    loaded: true,
    apps: [demo, shop] as StoredApp[],
    error: null,
    containers: live as ContainerSummary[],
    engineBlocked: null as string | null,
    busy: {},
    messages: {},
    deploys: {},
    onAction: vi.fn(),
    onDismissMessage: vi.fn(),
    onDismissDeploy: vi.fn(),
    onImport: vi.fn(),
    onNew: vi.fn(),
    onRetry: vi.fn(),
    ...extra,
  };
  const { rerender } = render(<AppsView {...props} />);
  return { ...props, rerender: (next: typeof props) => rerender(<AppsView {...next} />) };
}

const card = (name: string) =>
  screen.getAllByTestId("app-card").find((c) => c.dataset.name === name)!;
const serviceRow = (name: string, service: string) =>
  card(name).querySelector<HTMLElement>(`[data-testid="app-service"][data-service="${service}"]`)!;
const action = (name: string, kind: string) =>
  card(name).querySelector<HTMLButtonElement>(`button[data-action="${kind}"]`)!;

describe("AppsView cards", () => {
  it("shows a card per app with the running rollup and a row per service", () => {
    renderView();
    expect(screen.getAllByTestId("app-card").map((c) => c.dataset.name)).toEqual(["demo", "shop"]);
    expect(card("demo").dataset).toMatchObject({ running: "2", total: "4", tone: "failed" });
    expect(within(card("demo")).getByTestId("app-rollup")).toHaveTextContent("2/4 running");
    expect(card("shop").dataset).toMatchObject({ running: "0", total: "1", tone: "absent" });
    expect(within(card("shop")).getByTestId("app-source")).toHaveTextContent("Form");
    expect(within(card("demo")).getByTestId("app-source")).toHaveTextContent("Compose");
  });

  it("gives each service its state, replicas, image and ports", () => {
    renderView();
    expect(serviceRow("demo", "web").dataset.state).toBe("partial");
    expect(serviceRow("demo", "web")).toHaveTextContent("1/2 running");
    expect(serviceRow("demo", "web")).toHaveTextContent("8080→80/tcp");
    expect(serviceRow("demo", "web")).toHaveTextContent("berth-test/busybox:r1");
    expect(serviceRow("demo", "api").dataset.state).toBe("running");
    expect(serviceRow("demo", "job").dataset.state).toBe("exited");
    expect(serviceRow("demo", "job")).toHaveTextContent("exited (3)");
    expect(serviceRow("shop", "cart").dataset.state).toBe("missing");
    expect(serviceRow("shop", "cart")).toHaveTextContent("not created");
  });

  it("follows the container list: a new running container updates the card", () => {
    const props = renderView();
    props.rerender({ ...props, containers: [...live, member("demo", "web", "running", "Up")] });
    expect(card("demo").dataset.running).toBe("3");
    expect(serviceRow("demo", "web").dataset.state).toBe("running");
  });

  it("sends each action for its app, and only form-built apps can be edited", () => {
    const props = renderView();
    for (const kind of ["deploy", "stop", "restart", "teardown", "delete", "export", "copy"]) {
      fireEvent.click(action("demo", kind));
      expect(props.onAction).toHaveBeenLastCalledWith("demo", kind);
    }
    expect(action("demo", "edit")).toBeNull();
    fireEvent.click(action("shop", "edit"));
    expect(props.onAction).toHaveBeenLastCalledWith("shop", "edit");
  });

  it("enables start only with stopped containers and stop only with running ones", () => {
    renderView();
    expect(action("demo", "start")).toBeEnabled();
    expect(action("demo", "stop")).toBeEnabled();
    expect(action("shop", "start")).toBeDisabled();
    expect(action("shop", "stop")).toBeDisabled();
  });

  it("locks every button of a busy app and shows the work under way", () => {
    renderView({ busy: { demo: "stop" } });
    const buttons = card("demo").querySelectorAll<HTMLButtonElement>("button[data-action]");
    expect([...buttons].every((b) => b.disabled)).toBe(true);
    expect(within(card("demo")).getByRole("status", { name: "Stopping demo" })).toBeVisible();
    expect(action("shop", "deploy")).toBeEnabled();
  });

  it("shows an action's error as text on its card", () => {
    const props = renderView({
      messages: { demo: { tone: "error", text: "port is already allocated" } },
    });
    expect(within(card("demo")).getByTestId("app-error")).toHaveTextContent(
      "port is already allocated",
    );
    fireEvent.click(within(card("demo")).getByRole("button", { name: "Dismiss message" }));
    expect(props.onDismissMessage).toHaveBeenCalledWith("demo");
  });

  it("shows a running deploy's steps and bar", () => {
    let run = startDeploy("demo", ["api", "web", "job"]);
    run = applyDeploy(run, {
      kind: "step",
      step: { app: "demo", service: "api", phase: { phase: "running" } },
    });
    run = applyDeploy(run, {
      kind: "step",
      step: { app: "demo", service: "web", phase: { phase: "waiting", on: "api" } },
    });
    renderView({ deploys: { demo: run }, busy: { demo: "deploy" } });

    const panel = within(card("demo")).getByTestId("deploy-progress");
    const steps = within(panel).getAllByTestId("deploy-step");
    expect(steps.map((s) => [s.dataset.service, s.dataset.phase])).toEqual([
      ["api", "running"],
      ["web", "waiting"],
      ["job", "pending"],
    ]);
    expect(steps[1]).toHaveTextContent("waiting for api");
    expect(within(panel).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "37");
    expect(action("demo", "deploy")).toBeDisabled();
    expect(within(card("demo")).queryByTestId("deploy-failure")).toBeNull();
  });

  it("shows a failed deploy's service and reason prominently", () => {
    const run = applyDeploy(startDeploy("demo", ["api", "web"]), {
      kind: "finished",
      report: {
        app: "demo",
        services: {
          api: { phase: "failed", reason: "no such image" },
          web: { phase: "cancelled" },
        },
        failure: ["api", "no such image"],
      },
    });
    const props = renderView({ deploys: { demo: run } });
    const failure = within(card("demo")).getByTestId("deploy-failure");
    expect(failure).toHaveTextContent("Deploy failed at api");
    expect(failure).toHaveTextContent("no such image");
    fireEvent.click(within(card("demo")).getByRole("button", { name: "Dismiss deploy progress" }));
    expect(props.onDismissDeploy).toHaveBeenCalledWith("demo");
  });
});

describe("AppsView states", () => {
  it("explains apps with both ways to make one when there are none", () => {
    const props = renderView({ apps: [] });
    const empty = screen.getByTestId("apps-empty");
    expect(empty).toHaveTextContent("Import a docker-compose.yml");
    fireEvent.click(within(empty).getByRole("button", { name: /import compose/i }));
    fireEvent.click(within(empty).getByRole("button", { name: /new app/i }));
    expect(props.onImport).toHaveBeenCalledTimes(1);
    expect(props.onNew).toHaveBeenCalledTimes(1);
  });

  it("keeps the cards without an engine, with deploy disabled and the reason shown", () => {
    renderView({ engineBlocked: "Docker is not reachable (connection refused)" });
    expect(screen.getByTestId("apps-engine-unavailable")).toHaveTextContent("connection refused");
    expect(action("demo", "deploy")).toBeDisabled();
    expect(action("demo", "deploy").title).toContain("connection refused");
    expect(action("demo", "teardown")).toBeDisabled();
    expect(action("demo", "export")).toBeEnabled();
    expect(serviceRow("demo", "api").dataset.state).toBe("unknown");
  });

  it("filters cards by app or service name and focuses the filter on /", () => {
    renderView();
    const filter = screen.getByTestId("apps-filter");
    fireEvent.keyDown(document.body, { key: "/" });
    expect(filter).toHaveFocus();
    filter.blur();
    fireEvent.keyDown(document.body, { key: "k", ctrlKey: true });
    expect(filter).toHaveFocus();
    fireEvent.change(filter, { target: { value: "cart" } });
    expect(screen.getAllByTestId("app-card").map((c) => c.dataset.name)).toEqual(["shop"]);
    fireEvent.change(filter, { target: { value: "zzz" } });
    expect(screen.queryAllByTestId("app-card")).toEqual([]);
    expect(screen.getByText("No matching apps")).toBeVisible();
  });

  it("shows why the list could not be read, with a retry", () => {
    const props = renderView({ apps: [], error: "storage: database is locked" });
    expect(screen.getByTestId("apps-error")).toHaveTextContent("database is locked");
    fireEvent.click(screen.getByRole("button", { name: /try again/i }));
    expect(props.onRetry).toHaveBeenCalled();
  });
});
