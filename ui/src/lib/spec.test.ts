import { describe, expect, it } from "vitest";
import { emptyForm, formSchema } from "./spec";
import type { FormValues } from "./spec";

function errorsOf(values: Partial<FormValues>): Record<string, string> {
  const result = formSchema.safeParse({ ...emptyForm, image: "busybox:latest", ...values });
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

const port = (hostPort: string, containerPort = "80", protocol: "tcp" | "udp" = "tcp") => ({
  hostIp: "",
  hostPort,
  containerPort,
  protocol,
});

describe("container name", () => {
  it.each(["qa", "web.1", "my-app_2", ""])("accepts %j", (name) => {
    expect(errorsOf({ name })).toEqual({});
  });

  it.each(["q", "my app", "_svc", "-x", "a/b"])("rejects %j at the name field", (name) => {
    expect(Object.keys(errorsOf({ name }))).toEqual(["name"]);
  });
});

describe("ports", () => {
  it("rejects 70000 and 0 as host and container ports", () => {
    const errors = errorsOf({ ports: [port("70000", "0")] });
    expect(errors["ports.0.hostPort"]).toMatch(/1 to 65535/);
    expect(errors["ports.0.containerPort"]).toMatch(/1 to 65535/);
  });

  it("rejects a fraction and text", () => {
    const errors = errorsOf({ ports: [port("80.5", "http")] });
    expect(Object.keys(errors).sort()).toEqual(["ports.0.containerPort", "ports.0.hostPort"]);
  });

  it("requires the container port but not the host port", () => {
    expect(errorsOf({ ports: [port("", "")] })).toEqual({
      "ports.0.containerPort": "A container port is required",
    });
    expect(errorsOf({ ports: [port("", "80")] })).toEqual({});
  });

  it("flags the second use of a host port with the same protocol, on the second row", () => {
    const errors = errorsOf({ ports: [port("8080"), port("8080", "81")] });
    expect(Object.keys(errors)).toEqual(["ports.1.hostPort"]);
    expect(errors["ports.1.hostPort"]).toContain("8080/tcp");
  });

  it("allows the same host port over tcp and udp", () => {
    expect(errorsOf({ ports: [port("53", "53", "tcp"), port("53", "53", "udp")] })).toEqual({});
  });

  it("allows one host port on two distinct addresses but not on one plus all interfaces", () => {
    const a = { ...port("8080"), hostIp: "127.0.0.1" };
    const b = { ...port("8080"), hostIp: "127.0.0.2" };
    expect(errorsOf({ ports: [a, b] })).toEqual({});
    expect(Object.keys(errorsOf({ ports: [a, port("8080")] }))).toEqual(["ports.1.hostPort"]);
  });

  it.each(["localhost", "300.1.1.1", "1.2.3", "::g"])("rejects host IP %j", (hostIp) => {
    expect(Object.keys(errorsOf({ ports: [{ ...port("80"), hostIp }] }))).toEqual([
      "ports.0.hostIp",
    ]);
  });

  it.each(["127.0.0.1", "0.0.0.0", "::1", "fe80::1"])("accepts host IP %j", (hostIp) => {
    expect(errorsOf({ ports: [{ ...port("80"), hostIp }] })).toEqual({});
  });
});

describe("environment and labels", () => {
  it("flags a duplicate env key on the later row", () => {
    const env = [
      { key: "A", value: "1" },
      { key: "B", value: "2" },
      { key: "A", value: "3" },
    ];
    expect(errorsOf({ env })).toEqual({ "env.2.key": "Duplicate key A" });
  });

  it("flags a duplicate label key and an empty key", () => {
    const labels = [
      { key: "team", value: "a" },
      { key: "team", value: "b" },
      { key: "", value: "c" },
    ];
    expect(errorsOf({ labels })).toEqual({
      "labels.1.key": "Duplicate key team",
      "labels.2.key": "A key is required",
    });
  });

  it("rejects an env key with a space or an equals sign", () => {
    const env = [
      { key: "A B", value: "" },
      { key: "C=D", value: "" },
    ];
    expect(Object.keys(errorsOf({ env }))).toEqual(["env.0.key", "env.1.key"]);
  });
});

describe("limits and image", () => {
  it("requires an image", () => {
    expect(errorsOf({ image: "  " })).toEqual({ image: "Choose or type an image" });
  });

  it("checks memory and cpus", () => {
    expect(Object.keys(errorsOf({ memoryMib: "1.5", cpus: "0" })).sort()).toEqual([
      "cpus",
      "memoryMib",
    ]);
    expect(errorsOf({ memoryMib: "256", cpus: "0.5" })).toEqual({});
  });
});

describe("conversion to a ContainerSpec", () => {
  it("turns a full form into the exact spec sent to the backend", () => {
    const values: FormValues = {
      image: " berth-test/busybox:latest ",
      name: "web.1",
      command: "  httpd -f -p 80 ",
      env: [{ key: " MODE ", value: "dev mode" }],
      ports: [
        { hostIp: "", hostPort: "8080", containerPort: "80", protocol: "tcp" },
        { hostIp: "127.0.0.1", hostPort: "", containerPort: "53", protocol: "udp" },
      ],
      labels: [{ key: "team", value: "core" }],
      restartPolicy: "unless-stopped",
      memoryMib: "256",
      cpus: "1.5",
      start: false,
    };
    expect(formSchema.parse(values)).toStrictEqual({
      image: "berth-test/busybox:latest",
      name: "web.1",
      command: "httpd -f -p 80",
      env: [{ key: "MODE", value: "dev mode" }],
      ports: [
        { hostIp: null, hostPort: 8080, containerPort: 80, protocol: "tcp" },
        { hostIp: "127.0.0.1", hostPort: null, containerPort: 53, protocol: "udp" },
      ],
      labels: [{ key: "team", value: "core" }],
      restartPolicy: "unless-stopped",
      memoryMib: 256,
      cpus: 1.5,
      start: false,
    });
  });

  it("sends nulls for empty limits", () => {
    const spec = formSchema.parse({ ...emptyForm, image: "busybox" });
    expect(spec).toMatchObject({ name: "", memoryMib: null, cpus: null, start: true });
  });
});
