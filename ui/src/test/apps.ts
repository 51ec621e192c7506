/** Builders of app specs and labelled containers for the apps tests. */
import type { AppSpec, ContainerSummary, ServiceSpec, StoredApp } from "../ipc";

export function service(overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    image: "berth-test/busybox:r1",
    command: null,
    entrypoint: null,
    environment: {},
    ports: [],
    volumes: [],
    networks: {},
    dependsOn: {},
    healthcheck: null,
    restart: { policy: "no" },
    labels: {},
    memoryBytes: null,
    cpus: null,
    replicas: 1,
    ...overrides,
  };
}

export function app(name: string, services: Record<string, Partial<ServiceSpec>>): AppSpec {
  return {
    name,
    services: Object.fromEntries(Object.entries(services).map(([n, s]) => [n, service(s)])),
    networks: {},
    volumes: {},
  };
}

export function stored(spec: AppSpec, sourceKind: "form" | "compose" = "compose"): StoredApp {
  return { spec, sourceKind, sourceText: sourceKind === "compose" ? "services: {}\n" : null };
}

let next = 0;

/** A container of `appName`'s `serviceName`, labelled as a deploy labels it. */
export function member(
  appName: string,
  serviceName: string,
  state: ContainerSummary["state"],
  status = state === "running" ? "Up 2 minutes" : "Exited (0) 1 minute ago",
  ports: ContainerSummary["ports"] = [],
): ContainerSummary {
  next += 1;
  return {
    id: `c${next}`.padEnd(64, "0"),
    name: `${appName}-${serviceName}-${next}`,
    image: "berth-test/busybox:r1",
    state,
    status,
    ports,
    created: 0,
    labels: {
      "berth.app": appName,
      "berth.app.service": serviceName,
      "com.docker.compose.project": appName,
      "com.docker.compose.service": serviceName,
    },
  };
}
