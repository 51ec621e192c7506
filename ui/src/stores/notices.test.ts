import { describe, expect, it } from "vitest";
import type { RegistryChange } from "../ipc";
import { instance } from "../test/instances";
import { NOTICE_LIMIT, addNotice, dismissNotice, removalOf, shortInstanceId } from "./notices";
import type { RemovalNotice } from "./notices";

const removed = (id: string, reason: string): RegistryChange => ({
  kind: "deregistered",
  id,
  name: "orders-api",
  reason,
});
const notice = (key: number, id = `i${key}`): RemovalNotice => ({
  key,
  id,
  name: "orders-api",
  reason: "container stopped",
});
const keys = (notices: RemovalNotice[]) => notices.map((n) => n.key);

describe("removalOf", () => {
  it("ignores the user's own deregistration, which the dialog already confirmed", () => {
    expect(removalOf(removed("a", "deregistered in the app"))).toBeNull();
  });

  it.each([
    "deregistered through the API",
    "critical for longer than 1m",
    "container stopped",
    "container removed",
    "container not running",
    "port no longer published",
  ])("reports a removal because %s", (reason) => {
    expect(removalOf(removed("a", reason))).toEqual({ id: "a", name: "orders-api", reason });
  });

  it("ignores changes that remove nothing", () => {
    expect(removalOf({ kind: "registered", instance: instance("1", "api") })).toBeNull();
    expect(removalOf({ kind: "healthChanged", instance: instance("1", "api") })).toBeNull();
    expect(removalOf({ kind: "reload" })).toBeNull();
  });
});

describe("addNotice", () => {
  it("puts the newest notice first", () => {
    const notices = [1, 2, 3].reduce<RemovalNotice[]>((list, k) => addNotice(list, notice(k)), []);
    expect(keys(notices)).toEqual([3, 2, 1]);
  });

  it("keeps at most the limit, dropping the oldest", () => {
    const many = [1, 2, 3, 4, 5, 6, 7].reduce<RemovalNotice[]>(
      (list, k) => addNotice(list, notice(k)),
      [],
    );
    expect(many).toHaveLength(NOTICE_LIMIT);
    expect(keys(many)).toEqual([7, 6, 5, 4, 3]);
    expect(keys(addNotice([notice(1), notice(2)], notice(3), 2))).toEqual([3, 1]);
  });

  it("replaces an earlier notice for the same instance, so an id shows once", () => {
    const list = addNotice([notice(2, "b"), notice(1, "a")], notice(3, "a"));
    expect(list.map((n) => [n.key, n.id])).toEqual([
      [3, "a"],
      [2, "b"],
    ]);
  });
});

describe("dismissNotice", () => {
  it("removes only the notice with that key", () => {
    expect(keys(dismissNotice([notice(3), notice(2), notice(1)], 2))).toEqual([3, 1]);
  });

  it("returns the same list when the key is gone, so the store does not re-render", () => {
    const list = [notice(1)];
    expect(dismissNotice(list, 9)).toBe(list);
  });
});

describe("shortInstanceId", () => {
  it("keeps a derived id's name and four hex digits", () => {
    expect(shortInstanceId("orders-api-45e0a1b2c3d4", "orders-api")).toBe("orders-api-45e0…");
  });

  it("leaves short ids whole and cuts other long ones", () => {
    expect(shortInstanceId("web-1", "web")).toBe("web-1");
    expect(shortInstanceId("a-very-long-custom-instance-id", "web")).toBe("a-very-long-cust…");
  });
});
