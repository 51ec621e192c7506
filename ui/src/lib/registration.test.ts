import { describe, expect, it } from "vitest";
import type { Instance } from "../ipc";
import {
  emptyRegistration,
  formatDuration,
  parseDuration,
  placeServerErrors,
  registrationSchema,
  suggestUrl,
  valuesFromInstance,
} from "./registration";
import type { RegistrationValues } from "./registration";

type Overrides = Partial<Omit<RegistrationValues, "check">> & {
  check?: Partial<RegistrationValues["check"]>;
};

function valuesWith(overrides: Overrides): RegistrationValues {
  const { check, ...rest } = overrides;
  return {
    ...emptyRegistration,
    name: "api",
    port: "8080",
    ...rest,
    check: { ...emptyRegistration.check, ...check },
  };
}

function errorsOf(overrides: Overrides): Record<string, string> {
  const result = registrationSchema.safeParse(valuesWith(overrides));
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("service name", () => {
  it.each(["api", "my-service", "svc_2", "a.b.c", "X", "a".repeat(64)])("accepts %j", (name) => {
    expect(errorsOf({ name })).toEqual({});
  });

  it.each(["", "   ", "my service", "a/b", "ümlaut", "a:b", "a".repeat(65)])(
    "rejects %j at the name field",
    (name) => {
      expect(Object.keys(errorsOf({ name }))).toEqual(["name"]);
    },
  );

  it("says why: required, too long, or a bad character", () => {
    expect(errorsOf({ name: "" }).name).toMatch(/required/);
    expect(errorsOf({ name: "a".repeat(65) }).name).toMatch(/64/);
    expect(errorsOf({ name: "a b" }).name).toMatch(/letters, digits/);
  });
});

describe("port and URL", () => {
  it.each(["0", "70000", "80.5", "http", "-1"])("rejects port %j", (port) => {
    expect(errorsOf({ port }).port).toBe("A whole number from 1 to 65535");
  });

  it("accepts ports 1 and 65535", () => {
    expect(errorsOf({ port: "1" })).toEqual({});
    expect(errorsOf({ port: "65535" })).toEqual({});
  });

  it("needs a port or a URL that gives one", () => {
    expect(Object.keys(errorsOf({ port: "" }))).toEqual(["port"]);
    expect(errorsOf({ port: "", url: "http://localhost:9000" })).toEqual({});
    expect(errorsOf({ port: "", url: "https://example.com" })).toEqual({});
  });

  it("puts a disagreement between the URL's port and the port on the URL", () => {
    expect(errorsOf({ port: "8080", url: "http://localhost:9090" })).toEqual({
      url: "Its port 9090 does not match port 8080",
    });
  });

  it("takes the scheme's default port when the URL has none", () => {
    expect(errorsOf({ port: "443", url: "https://example.com/health" })).toEqual({});
    expect(errorsOf({ port: "80", url: "http://example.com" })).toEqual({});
    expect(errorsOf({ port: "8443", url: "https://example.com" })).toEqual({
      url: "Its port 443 does not match port 8443",
    });
    expect(errorsOf({ port: "443", url: "http://example.com" }).url).toMatch(/port 80 /);
  });

  it("rejects a URL that does not parse", () => {
    expect(Object.keys(errorsOf({ url: "localhost:8080/x y" }))).toEqual(["url"]);
    expect(Object.keys(errorsOf({ url: "not a url" }))).toEqual(["url"]);
  });

  it("checks the address only when one is given", () => {
    expect(errorsOf({ address: "" })).toEqual({});
    expect(errorsOf({ address: "db.internal" })).toEqual({});
    expect(errorsOf({ address: "::1" })).toEqual({});
    expect(Object.keys(errorsOf({ address: "bad host" }))).toEqual(["address"]);
  });

  it("suggests a URL from the address, or localhost, and a valid port", () => {
    expect(suggestUrl("", "8080")).toBe("http://localhost:8080");
    expect(suggestUrl(" 10.0.0.5 ", "80")).toBe("http://10.0.0.5:80");
    expect(suggestUrl("::1", "80")).toBe("http://[::1]:80");
    expect(suggestUrl("", "70000")).toBe("");
    expect(suggestUrl("", "")).toBe("");
  });
});

describe("health check", () => {
  it.each(["10", "ten s", "1d", "-5s", "s", "1.s"])("rejects the duration %j", (interval) => {
    expect(errorsOf({ check: { kind: "http", interval } })).toEqual({
      "check.interval": "A duration like 10s or 500ms",
    });
  });

  it("rejects zero durations", () => {
    expect(errorsOf({ check: { kind: "tcp", timeout: "0s" } })).toEqual({
      "check.timeout": "Must be above zero",
    });
  });

  it("requires a TTL for a ttl check, and only for it", () => {
    expect(errorsOf({ check: { kind: "ttl" } })).toEqual({
      "check.ttl": "A TTL is required for a TTL check",
    });
    expect(errorsOf({ check: { kind: "ttl", ttl: "30s" } })).toEqual({});
    expect(errorsOf({ check: { kind: "http" } })).toEqual({});
  });

  it("ignores the fields a kind does not use", () => {
    expect(errorsOf({ check: { kind: "ttl", ttl: "5s", interval: "bad", target: "x" } })).toEqual(
      {},
    );
    expect(errorsOf({ check: { kind: "none", ttl: "bad" } })).toEqual({});
  });

  it("checks the target's form for http and tcp", () => {
    expect(Object.keys(errorsOf({ check: { kind: "http", target: "ftp://x" } }))).toEqual([
      "check.target",
    ]);
    expect(Object.keys(errorsOf({ check: { kind: "tcp", target: "localhost" } }))).toEqual([
      "check.target",
    ]);
    expect(errorsOf({ check: { kind: "tcp", target: "db:5432" } })).toEqual({});
  });

  it("parses and formats durations", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("1m30s")).toBe(90_000);
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("10")).toBeNull();
    expect(formatDuration(10_000)).toBe("10s");
    expect(formatDuration(120_000)).toBe("2m");
    expect(formatDuration(90_000)).toBe("90s");
    expect(formatDuration(1500)).toBe("1500ms");
  });
});

describe("metadata, tags and cost", () => {
  it("flags a duplicate key on the later row and an empty key", () => {
    const meta = [
      { key: "region", value: "eu" },
      { key: "version", value: "1" },
      { key: "region", value: "us" },
      { key: "", value: "x" },
    ];
    expect(errorsOf({ meta })).toEqual({
      "meta.2.key": "Duplicate key region",
      "meta.3.key": "A key is required",
    });
  });

  it("rejects keys the backend would refuse", () => {
    expect(Object.keys(errorsOf({ meta: [{ key: "a b", value: "" }] }))).toEqual(["meta.0.key"]);
  });

  it("rejects a negative or non-numeric hourly cost and accepts 0", () => {
    expect(Object.keys(errorsOf({ hourlyCost: "-1" }))).toEqual(["hourlyCost"]);
    expect(Object.keys(errorsOf({ hourlyCost: "cheap" }))).toEqual(["hourlyCost"]);
    expect(errorsOf({ hourlyCost: "0" })).toEqual({});
  });
});

describe("conversion to a Registration", () => {
  it("turns a full form into the exact registration sent to the backend", () => {
    const values = valuesWith({
      name: " api ",
      address: " 127.0.0.1 ",
      port: "8080",
      url: "http://localhost:8080",
      tags: "v1, primary, , v1",
      meta: [{ key: " region ", value: "eu west" }],
      hourlyCost: "0.25",
      check: { kind: "http", target: "", interval: "5s", timeout: "", deregisterAfter: "1m" },
    });
    expect(registrationSchema.parse(values)).toStrictEqual({
      name: "api",
      address: "127.0.0.1",
      port: 8080,
      url: "http://localhost:8080",
      tags: ["v1", "primary"],
      meta: { region: "eu west" },
      hourlyCost: 0.25,
      check: {
        kind: "http",
        target: null,
        interval: "5s",
        timeout: null,
        ttl: null,
        deregisterAfter: "1m",
      },
    });
  });

  it("sends nulls for what was left empty, no check for none, and the id when editing", () => {
    expect(registrationSchema.parse(valuesWith({ id: "api-1" }))).toStrictEqual({
      id: "api-1",
      name: "api",
      address: null,
      port: 8080,
      url: null,
      tags: [],
      meta: {},
      hourlyCost: null,
      check: null,
    });
  });

  it("drops the fields a ttl check does not use", () => {
    const values = valuesWith({ check: { kind: "ttl", ttl: "30s", interval: "5s", target: "x" } });
    expect(registrationSchema.parse(values).check).toStrictEqual({
      kind: "ttl",
      target: null,
      interval: null,
      timeout: null,
      ttl: "30s",
      deregisterAfter: null,
    });
  });

  it("prefills the form from an instance so that saving keeps it the same", () => {
    const instance: Instance = {
      id: "api-abc",
      name: "api",
      address: "127.0.0.1",
      port: 8080,
      url: "http://localhost:8080",
      tags: ["v1"],
      meta: { region: "eu" },
      hourlyCost: 0.5,
      health: "passing",
      source: "api",
      containerId: null,
      registeredAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-01-01T00:00:00Z",
      checks: [
        {
          id: "api-abc:tcp",
          kind: "tcp",
          target: "127.0.0.1:8080",
          intervalMs: 2000,
          timeoutMs: 2000,
          ttlMs: null,
          deregisterAfterMs: 60_000,
          status: "passing",
          output: "",
          changedAt: "2025-01-01T00:00:00Z",
        },
      ],
    };
    expect(registrationSchema.parse(valuesFromInstance(instance))).toStrictEqual({
      id: "api-abc",
      name: "api",
      address: "127.0.0.1",
      port: 8080,
      url: "http://localhost:8080",
      tags: ["v1"],
      meta: { region: "eu" },
      hourlyCost: 0.5,
      check: {
        kind: "tcp",
        target: "127.0.0.1:8080",
        interval: "2s",
        timeout: "2s",
        ttl: null,
        deregisterAfter: "1m",
      },
    });
  });
});

describe("placing the backend's field errors", () => {
  it("maps paths onto form fields, meta keys onto their rows, and returns the rest", () => {
    const form = valuesWith({
      tags: "ok, bad",
      meta: [
        { key: "a", value: "" },
        { key: "zone", value: "" },
      ],
      check: { kind: "http" },
    });
    const placed: Record<string, string> = {};
    const rest = placeServerErrors(
      [
        { field: "name", message: "is taken" },
        { field: "tags.1", message: "must be 1 to 128 characters" },
        { field: "meta.zone", message: "keys may contain only letters" },
        { field: "check.interval", message: "is too short" },
        { field: "check.ttl", message: "hidden field" },
        { field: "id", message: "is invalid" },
      ],
      form,
      (path, message) => (placed[path] = message),
    );
    expect(placed).toEqual({
      name: "Is taken",
      tags: "Tag “bad” must be 1 to 128 characters",
      "meta.1.key": "Keys may contain only letters",
      "check.interval": "Is too short",
    });
    expect(rest).toBe("check.ttl: hidden field; id: is invalid");
  });

  it("returns null when every error found a place", () => {
    const rest = placeServerErrors([{ field: "port", message: "x" }], valuesWith({}), () => {});
    expect(rest).toBeNull();
  });
});
