import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import type { ContainerSummary } from "../ipc";
import { ContainersView } from "./ContainersView";

const now = Math.floor(Date.now() / 1000);

const fixtures: ContainerSummary[] = [
  {
    id: "a".repeat(64),
    name: "web",
    image: "nginx:1.27",
    state: "running",
    status: "Up 3 minutes",
    ports: [
      { hostIp: null, hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostIp: null, hostPort: null, containerPort: 443, protocol: "tcp" },
    ],
    created: now - 3600,
    labels: {},
  },
  {
    id: "b".repeat(64),
    name: "api",
    image: "berth/api:dev",
    state: "exited",
    status: "Exited (1) 2 hours ago",
    ports: [{ hostIp: "127.0.0.1", hostPort: 9090, containerPort: 9090, protocol: "tcp" }],
    created: now - 7200,
    labels: {},
  },
  {
    id: "c".repeat(64),
    name: "cache",
    image: "redis:7",
    state: "created",
    status: "Created",
    ports: [],
    created: now - 60,
    labels: {},
  },
];

function renderView(
  containers = fixtures,
  extra: Partial<Parameters<typeof ContainersView>[0]> = {},
) {
  const props = {
    containers,
    busy: {},
    errors: {},
    selectedId: null,
    onOpen: vi.fn(),
    onAction: vi.fn(),
    onRemove: vi.fn(),
    onDismissError: vi.fn(),
    onNew: vi.fn(),
    ...extra,
  };
  render(<ContainersView {...props} />);
  return props;
}

const rows = () => screen.queryAllByTestId("container-row");
const row = (name: string) => rows().find((r) => r.dataset.name === name)!;
const action = (name: string, kind: string) =>
  row(name).querySelector<HTMLButtonElement>(`button[data-action="${kind}"]`)!;

describe("ContainersView", () => {
  it("renders one row per container, sorted by name, with state attributes and badges", () => {
    renderView();
    expect(rows().map((r) => r.dataset.name)).toEqual(["api", "cache", "web"]);
    expect(row("web").dataset.state).toBe("running");
    expect(within(row("web")).getByTestId("state-badge")).toHaveTextContent("Running");
    expect(within(row("api")).getByTestId("state-badge")).toHaveTextContent("Exited");
    expect(within(row("cache")).getByTestId("state-badge")).toHaveTextContent("Created");
    expect(screen.getByTestId("container-count")).toHaveTextContent("1 running · 3 total");
  });

  it("formats published, loopback and exposed ports with their tooltips", () => {
    renderView();
    const webPorts = within(row("web")).getAllByTestId("port");
    expect(webPorts.map((p) => p.textContent)).toEqual(["8080→80/tcp", "443/tcp"]);
    expect(webPorts[0]).toHaveAttribute("title", "all interfaces");
    expect(webPorts[1]).toHaveClass("port-chip-exposed");

    const apiPort = within(row("api")).getByTestId("port");
    expect(apiPort).toHaveTextContent("127.0.0.1:9090→9090/tcp");
    expect(apiPort).toHaveAttribute("title", "only on 127.0.0.1");
  });

  it("enables only the actions that fit the state", () => {
    renderView();
    expect(action("web", "start")).toBeDisabled();
    expect(action("web", "stop")).toBeEnabled();
    expect(action("web", "restart")).toBeEnabled();
    expect(action("api", "start")).toBeEnabled();
    expect(action("api", "stop")).toBeDisabled();
    expect(action("web", "remove")).toHaveAccessibleName("Remove web");
  });

  it("disables every button of a busy row and shows a spinner", () => {
    renderView(fixtures, { busy: { [fixtures[0].id]: "stop" } });
    for (const kind of ["start", "stop", "restart", "remove"]) {
      expect(action("web", kind)).toBeDisabled();
    }
    expect(within(row("web")).getByRole("status")).toHaveAccessibleName("Stopping web");
    expect(action("api", "start")).toBeEnabled();
  });

  it("shows an action's error inside its row and dismisses it", () => {
    const props = renderView(fixtures, {
      errors: { [fixtures[1].id]: "port is already allocated" },
    });
    const error = within(row("api")).getByTestId("row-error");
    expect(error).toHaveTextContent("port is already allocated");
    expect(within(row("web")).queryByTestId("row-error")).toBeNull();
    fireEvent.click(within(error).getByRole("button", { name: "Dismiss error" }));
    expect(props.onDismissError).toHaveBeenCalledWith(fixtures[1].id);
    expect(props.onOpen).not.toHaveBeenCalled();
  });

  it("runs an action without opening the row, and opens the row on click", () => {
    const props = renderView();
    fireEvent.click(action("api", "start"));
    expect(props.onAction).toHaveBeenCalledWith(fixtures[1].id, "start");
    expect(props.onOpen).not.toHaveBeenCalled();
    fireEvent.click(row("web"));
    expect(props.onOpen).toHaveBeenCalledWith(fixtures[0].id);
  });

  it("filters by name or image and explains when nothing matches", () => {
    renderView();
    const filter = screen.getByRole("searchbox", { name: /filter/i });
    fireEvent.change(filter, { target: { value: "REDIS" } });
    expect(rows().map((r) => r.dataset.name)).toEqual(["cache"]);
    fireEvent.change(filter, { target: { value: "we" } });
    expect(rows().map((r) => r.dataset.name)).toEqual(["web"]);
    fireEvent.change(filter, { target: { value: "zzz" } });
    expect(rows()).toHaveLength(0);
    expect(screen.getByText("No matching containers")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: /clear filter/i }));
    expect(rows()).toHaveLength(3);
  });

  it("focuses the filter on / and Ctrl+K", () => {
    renderView();
    const filter = screen.getByRole("searchbox", { name: /filter/i });
    fireEvent.keyDown(document.body, { key: "/" });
    expect(filter).toHaveFocus();
    filter.blur();
    fireEvent.keyDown(document.body, { key: "k", ctrlKey: true });
    expect(filter).toHaveFocus();
  });

  it("sorts names with numbers in numeric order", () => {
    const many = ["svc-10", "svc-2", "svc-1"].map((name, i) => ({
      ...fixtures[2],
      id: String(i),
      name,
    }));
    renderView(many);
    expect(rows().map((r) => r.dataset.name)).toEqual(["svc-1", "svc-2", "svc-10"]);
  });

  it("shows an empty state with a New container button when there are none", () => {
    const props = renderView([]);
    expect(rows()).toHaveLength(0);
    expect(screen.getByText("No containers yet")).toBeInTheDocument();
    const buttons = screen.getAllByRole("button", { name: /new container/i });
    expect(buttons).toHaveLength(2);
    fireEvent.click(buttons[1]);
    expect(props.onNew).toHaveBeenCalled();
  });
});
