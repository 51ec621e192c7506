import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { useStore } from "../../stores/store";
import { dismissRemoval, noteRegistryChange, noticesStore } from "../../stores/notices";
import { NOTICE_MS, RemovalNotices } from "./RemovalNotices";

/** The notices as the registry section shows them, fed by the real store. */
function Notices() {
  return <RemovalNotices notices={useStore(noticesStore)} onDismiss={dismissRemoval} />;
}

const remove = (id: string, name: string, reason: string) =>
  act(() => noteRegistryChange({ kind: "deregistered", id, name, reason }));
const shown = () => screen.queryAllByTestId("registry-notice").map((n) => n.dataset.id);

beforeEach(() => {
  vi.useFakeTimers();
  noticesStore.set([]);
});
afterEach(() => vi.useRealTimers());

describe("RemovalNotices", () => {
  it("says which instance went away and why, newest first", () => {
    render(<Notices />);
    remove("orders-api-45e0a1b2c3d4", "orders-api", "critical for longer than 1m");
    remove("web-1", "web", "container stopped");
    expect(shown()).toEqual(["web-1", "orders-api-45e0a1b2c3d4"]);
    expect(screen.getAllByTestId("registry-notice")[1]).toHaveTextContent(
      "orders-api (orders-api-45e0…) was removed: critical for longer than 1m",
    );
  });

  it("shows nothing for a deregistration made in the app", () => {
    render(<Notices />);
    remove("web-1", "web", "deregistered in the app");
    expect(shown()).toEqual([]);
  });

  it("closes a notice with its dismiss button", () => {
    render(<Notices />);
    remove("a", "api", "container removed");
    remove("b", "api", "container removed");
    const first = screen.getAllByTestId("registry-notice")[0];
    fireEvent.click(within(first).getByRole("button", { name: "Dismiss" }));
    expect(shown()).toEqual(["a"]);
  });

  it("goes away on its own after its time, but not while hovered", () => {
    render(<Notices />);
    remove("a", "api", "port no longer published");
    remove("b", "api", "container not running");
    const hovered = screen.getAllByTestId("registry-notice")[1];
    fireEvent.mouseEnter(hovered);

    act(() => vi.advanceTimersByTime(NOTICE_MS - 1));
    expect(shown()).toEqual(["b", "a"]);
    act(() => vi.advanceTimersByTime(1));
    expect(shown()).toEqual(["a"]);

    act(() => vi.advanceTimersByTime(NOTICE_MS * 2));
    expect(shown()).toEqual(["a"]);
    fireEvent.mouseLeave(hovered);
    act(() => vi.advanceTimersByTime(NOTICE_MS));
    expect(shown()).toEqual([]);
  });
});
