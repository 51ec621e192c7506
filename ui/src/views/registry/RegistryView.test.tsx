import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import type { ApiStatus } from "../../ipc";
import { instance } from "../../test/instances";
import { RegistryView } from "./RegistryView";

const api: ApiStatus = { address: "127.0.0.1:7461", listening: true, error: null };

const fleet = [
  instance("a1", "api", "passing", {
    tags: ["v1"],
    url: "http://localhost:8001",
    source: "form",
  }),
  instance("a2", "api", "critical", { tags: ["v2"], source: "container" }),
  instance("a3", "api", "passing", { tags: ["v1"] }),
  instance("w1", "web", "warning"),
];

function renderView(extra: Partial<Parameters<typeof RegistryView>[0]> = {}) {
  const props = {
    loaded: true,
    instances: fleet,
    error: null,
    api,
    selectedId: null,
    onOpen: vi.fn(),
    onNew: vi.fn(),
    onRetry: vi.fn().mockResolvedValue(undefined),
    ...extra,
  };
  render(<RegistryView {...props} />);
  return props;
}

const groups = () => screen.queryAllByTestId("service-group");
const group = (name: string) => groups().find((g) => g.dataset.name === name)!;
const rows = () => screen.queryAllByTestId("instance-row").map((r) => r.dataset.id);
const healthFilter = (value: string) =>
  screen.getAllByTestId("health-filter").find((b) => b.dataset.value === value)!;

describe("RegistryView", () => {
  it("groups instances by service with healthy counts and visible rows", () => {
    renderView();
    expect(groups().map((g) => g.dataset.name)).toEqual(["api", "web"]);
    expect(group("api").dataset).toMatchObject({ passing: "2", total: "3", health: "warning" });
    expect(within(group("api")).getByTestId("service-health")).toHaveTextContent("2/3 healthy");
    expect(within(group("web")).getByTestId("service-health")).toHaveTextContent("0/1 healthy");
    expect(rows()).toEqual(["a1", "a2", "a3", "w1"]);
    screen.getAllByTestId("instance-row").forEach((row) => expect(row).toBeVisible());
    expect(screen.getByTestId("registry-count")).toHaveTextContent(
      "2 services · 4 instances · 2 passing",
    );
  });

  it("shows an instance's endpoint, URL, tags, source, health and age", () => {
    renderView();
    const row = screen.getAllByTestId("instance-row").find((r) => r.dataset.id === "a1")!;
    expect(row.dataset.health).toBe("passing");
    expect(row).toHaveTextContent("127.0.0.1:8001");
    expect(row).toHaveTextContent("http://localhost:8001");
    expect(
      within(row)
        .getAllByTestId("tag")
        .map((t) => t.textContent),
    ).toEqual(["v1"]);
    expect(within(row).getByTestId("source-badge")).toHaveTextContent("Form");
    expect(within(row).getByTestId("health-badge")).toHaveTextContent("Passing");
    expect(row).toHaveTextContent("5 minutes ago");
  });

  it("opens an instance on click and on Enter", () => {
    const props = renderView();
    const row = screen.getAllByTestId("instance-row")[1];
    fireEvent.click(row);
    expect(props.onOpen).toHaveBeenCalledWith("a2");
    fireEvent.keyDown(screen.getAllByTestId("instance-row")[3], { key: "Enter" });
    expect(props.onOpen).toHaveBeenLastCalledWith("w1");
  });

  it("collapses and expands a service", () => {
    renderView();
    const toggle = within(group("api")).getByRole("button", { expanded: true });
    fireEvent.click(toggle);
    expect(rows()).toEqual(["w1"]);
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    fireEvent.click(toggle);
    expect(rows()).toEqual(["a1", "a2", "a3", "w1"]);
  });

  it("filters by name, tag and health, keeping the service's counts", () => {
    renderView();
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "WE" } });
    expect(groups().map((g) => g.dataset.name)).toEqual(["web"]);
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "" } });

    fireEvent.change(screen.getByTestId("tag-filter"), { target: { value: "v1" } });
    expect(rows()).toEqual(["a1", "a3"]);
    expect(group("api").dataset.total).toBe("3");
    expect(group("api")).toHaveTextContent("2 of 3 shown");

    fireEvent.change(screen.getByTestId("tag-filter"), { target: { value: "" } });
    fireEvent.click(healthFilter("critical"));
    expect(rows()).toEqual(["a2"]);
    expect(healthFilter("critical")).toHaveAttribute("aria-checked", "true");
    expect(healthFilter("critical")).toHaveTextContent("Critical1");
  });

  it("explains when no instance matches and clears the filters", () => {
    renderView();
    fireEvent.change(screen.getByTestId("tag-filter"), { target: { value: "v2" } });
    fireEvent.click(healthFilter("passing"));
    expect(groups()).toHaveLength(0);
    expect(screen.getByTestId("registry-no-match")).toHaveTextContent("No matching instances");
    fireEvent.click(screen.getByRole("button", { name: /clear filters/i }));
    expect(rows()).toHaveLength(4);
  });

  it("focuses the filter on / and Ctrl+K", () => {
    renderView();
    const filter = screen.getByRole("searchbox");
    fireEvent.keyDown(document.body, { key: "/" });
    expect(filter).toHaveFocus();
    filter.blur();
    fireEvent.keyDown(document.body, { key: "k", ctrlKey: true });
    expect(filter).toHaveFocus();
  });

  it("shows where the API listens", () => {
    renderView();
    const address = screen.getByTestId("registry-api-address");
    expect(address).toHaveTextContent("API on 127.0.0.1:7461");
    expect(within(address).getByRole("button", { name: "Copy API address" })).toBeEnabled();
  });

  it("shows why the API is not listening", () => {
    renderView({
      api: { address: "127.0.0.1:7345", listening: false, error: "address already in use" },
    });
    expect(screen.getByTestId("registry-api-address")).toHaveTextContent(
      "API off: address already in use",
    );
  });
});

describe("RegistryView empty states", () => {
  it("explains both ways to register when there are no services", () => {
    const props = renderView({ instances: [] });
    const empty = screen.getByTestId("registry-empty");
    expect(empty).toHaveTextContent("No services registered yet");
    expect(within(empty).getByTestId("curl-snippet")).toHaveTextContent(
      `curl -X POST http://127.0.0.1:7461/services -d '{"name":"my-service","port":8080,` +
        `"url":"http://localhost:8080"}'`,
    );
    expect(within(empty).getByRole("button", { name: "Copy command" })).toBeInTheDocument();
    expect(screen.queryByRole("searchbox")).toBeNull();
    fireEvent.click(within(empty).getByRole("button", { name: /new registration/i }));
    expect(props.onNew).toHaveBeenCalled();
  });

  it("shows the storage error when the registry is unavailable, and retries", () => {
    const props = renderView({
      instances: [],
      error: { code: "storage", message: "cannot read the registry: disk I/O error", fields: [] },
    });
    const state = screen.getByTestId("registry-unavailable");
    expect(state).toHaveTextContent("Registry unavailable");
    expect(state).toHaveTextContent("cannot read the registry: disk I/O error");
    expect(screen.queryByTestId("registry-empty")).toBeNull();
    expect(screen.getByTestId("new-registration")).toBeDisabled();
    fireEvent.click(within(state).getByRole("button", { name: /try again/i }));
    expect(props.onRetry).toHaveBeenCalled();
  });

  it("says it is reading before the first answer", () => {
    renderView({ loaded: false, instances: [] });
    expect(screen.getByTestId("registry-loading")).toBeInTheDocument();
    expect(screen.queryByTestId("registry-empty")).toBeNull();
  });
});
