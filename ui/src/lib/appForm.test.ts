import { describe, expect, it } from "vitest";
import { app, service } from "../test/apps";
import { appFormSchema, appToForm, emptyService, joinCommand, splitCommand } from "./appForm";
import type { AppFormValues, ServiceValues } from "./appForm";

const svc = (overrides: Partial<ServiceValues> = {}): ServiceValues => ({
  ...emptyService(),
  name: "web",
  image: "berth-test/busybox:r1",
  ...overrides,
});

const port = (hostPort: string, containerPort = "80") => ({
  hostIp: "",
  hostPort,
  containerPort,
  protocol: "tcp" as const,
});

function errorsOf(values: Partial<AppFormValues>): Record<string, string> {
  const result = appFormSchema().safeParse({ name: "demo", services: [svc()], ...values });
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("app and service names", () => {
  it.each(["demo", "a", "my-app_2", "0day"])("accepts app name %j", (name) => {
    expect(errorsOf({ name })).toEqual({});
  });

  it.each(["", "My-App", "-x", "_x", "a b", "a.b"])("rejects app name %j at name", (name) => {
    expect(Object.keys(errorsOf({ name }))).toEqual(["name"]);
  });

  it.each(["", "Web", "web.1", "-web"])("rejects service name %j at its field", (name) => {
    expect(Object.keys(errorsOf({ services: [svc({ name })] }))).toEqual(["services.0.name"]);
  });

  it("flags a second service of the same name on the second one", () => {
    const errors = errorsOf({ services: [svc(), svc()] });
    expect(errors).toEqual({ "services.1.name": "Another service is named web" });
  });

  it("requires an image", () => {
    expect(errorsOf({ services: [svc({ image: "  " })] })).toEqual({
      "services.0.image": "Choose or type an image",
    });
  });
});

describe("ports across the app", () => {
  it("rejects ports outside 1-65535", () => {
    const errors = errorsOf({ services: [svc({ ports: [port("0", "70000")] })] });
    expect(Object.keys(errors).sort()).toEqual([
      "services.0.ports.0.containerPort",
      "services.0.ports.0.hostPort",
    ]);
  });

  it("flags the same host port used by two services, on the later one", () => {
    const errors = errorsOf({
      services: [
        svc({ ports: [port("8080")] }),
        svc({ name: "api", ports: [port("9090"), port("8080", "81")] }),
      ],
    });
    expect(errors).toEqual({ "services.1.ports.1.hostPort": "Host port 8080/tcp is used twice" });
  });

  it("allows two services to leave the host port to the engine", () => {
    const services = [svc({ ports: [port("")] }), svc({ name: "api", ports: [port("")] })];
    expect(errorsOf({ services })).toEqual({});
  });
});

describe("dependencies and runtime", () => {
  it("refuses a service that depends on itself", () => {
    const errors = errorsOf({
      services: [svc({ dependsOn: [{ service: "web", condition: "service_started" }] })],
    });
    expect(errors).toEqual({ "services.0.dependsOn": "web cannot depend on itself" });
  });

  it("leaves unknown dependencies to the backend", () => {
    const dependsOn = [{ service: "ghost", condition: "service_started" as const }];
    expect(errorsOf({ services: [svc({ dependsOn })] })).toEqual({});
  });

  it("checks replicas, retries, memory, CPUs and quotes", () => {
    const errors = errorsOf({
      services: [
        svc({
          replicas: "0",
          restart: "on-failure",
          maxRetries: "x",
          memoryMib: "4",
          cpus: "-1",
          command: "sh -c 'echo",
        }),
      ],
    });
    expect(Object.keys(errors).sort()).toEqual([
      "services.0.command",
      "services.0.cpus",
      "services.0.maxRetries",
      "services.0.memoryMib",
      "services.0.replicas",
    ]);
  });
});

describe("conversion to an AppSpec", () => {
  it("builds the exact spec sent to saveApp", () => {
    const result = appFormSchema().parse({
      name: " shop ",
      services: [
        svc({ name: "db", image: "postgres:16" }),
        svc({
          name: "web",
          command: `sh -c "httpd -f -p 80"`,
          env: [{ key: "MODE", value: "dev" }],
          ports: [{ hostIp: "127.0.0.1", hostPort: "8080", containerPort: "80", protocol: "tcp" }],
          dependsOn: [{ service: "db", condition: "service_healthy" }],
          replicas: "2",
          restart: "on-failure",
          maxRetries: "3",
          memoryMib: "256",
          cpus: "0.5",
        }),
      ],
    });
    expect(result).toEqual({
      name: "shop",
      services: {
        db: service({ image: "postgres:16" }),
        web: {
          image: "berth-test/busybox:r1",
          command: ["sh", "-c", "httpd -f -p 80"],
          entrypoint: null,
          environment: { MODE: "dev" },
          ports: [{ hostIp: "127.0.0.1", published: 8080, target: 80, protocol: "tcp" }],
          volumes: [],
          networks: {},
          dependsOn: { db: "service_healthy" },
          healthcheck: null,
          restart: { policy: "on-failure", maxRetries: 3 },
          labels: {},
          memoryBytes: 256 * 1024 * 1024,
          cpus: 0.5,
          replicas: 2,
        },
      },
      networks: {},
      volumes: {},
    });
  });

  it("reads a stored app back into the same spec, keeping what the form does not show", () => {
    const original = app("kept", {
      web: {
        command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3000 & wait"],
        environment: { A: "1" },
        ports: [{ hostIp: null, published: null, target: 80, protocol: "udp" }],
        volumes: [{ kind: "volume", source: "data", target: "/data", readOnly: false }],
        healthcheck: {
          test: ["CMD", "true"],
          intervalMs: 1000,
          timeoutMs: null,
          retries: 3,
          startPeriodMs: null,
        },
        labels: { team: "a" },
        restart: { policy: "unless-stopped" },
        memoryBytes: 64 * 1024 * 1024,
        replicas: 3,
      },
      db: {},
    });
    original.volumes = { data: { external: false, name: null, driver: null, labels: {} } };
    original.services.web.dependsOn = { db: "service_started" };

    expect(appFormSchema(original).parse(appToForm(original))).toEqual(original);
  });
});

describe("commands", () => {
  it.each([
    ["", null],
    ["   ", null],
    ["httpd -f -p 80", ["httpd", "-f", "-p", "80"]],
    [`sh -c "echo \\"hi\\" there"`, ["sh", "-c", `echo "hi" there`]],
    [`echo 'a  b' c\\ d ""`, ["echo", "a  b", "c d", ""]],
  ])("splits %j", (line, words) => {
    expect(splitCommand(line)).toEqual(words);
  });

  it("says when a quote is left open", () => {
    expect(splitCommand(`echo "hi`)).toBeUndefined();
  });

  it("joins words so they split back the same", () => {
    const words = ["sh", "-c", "trap 'exit 0' TERM; sleep 3000 & wait", "", "plain"];
    expect(splitCommand(joinCommand(words))).toEqual(words);
  });
});
