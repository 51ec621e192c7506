/**
 * What a stored application looks like on the engine right now, derived from the live container
 * list: each service's containers are found by the `berth.app` and `berth.app.service` labels the
 * deploy puts on them, so cards follow engine events without asking the backend.
 */
import type { AppSpec, ContainerSummary, PublishedPort, StoredApp } from "../ipc";

export const APP_LABEL = "berth.app";
export const SERVICE_LABEL = "berth.app.service";

/**
 * A service's state as one word: `running` when all its replicas run, `partial` when only some
 * do, `missing` when it has no container (never deployed or torn down); otherwise the state of
 * its containers. `unknown` while the engine cannot be asked.
 */
export type ServiceState =
  "running" | "partial" | "restarting" | "paused" | "created" | "exited" | "missing" | "unknown";

export interface ServiceStatus {
  name: string;
  image: string;
  replicas: number;
  state: ServiceState;
  /** Containers running, at most `replicas`. */
  running: number;
  /** For `exited`: the worst exit code of its containers (an error, else a signal, else 0). */
  exitCode: number | null;
  /** Ports its containers publish, or the spec's while none exists. */
  ports: PublishedPort[];
  containers: ContainerSummary[];
}

/** How a whole app is doing, for the badge and the `n/m running` line. */
export type AppTone = "running" | "partial" | "failed" | "stopped" | "absent" | "unknown";

export interface AppStatus {
  name: string;
  services: ServiceStatus[];
  /** Containers running, each service counted up to its replicas. */
  running: number;
  /** Containers expected: the sum of the replicas. */
  total: number;
  /** Containers that ran to completion (exit code 0), such as one-off setup jobs. */
  completed: number;
  /** Containers that exited with an error: a non-zero code not caused by a stop. */
  failed: number;
  tone: AppTone;
}

/**
 * The status of each app from the containers that carry its labels. Without an engine
 * (`engineReady` false) the container list may be stale, so every service is `unknown`.
 */
export function appStatus(
  app: AppSpec,
  containers: ContainerSummary[],
  engineReady = true,
): AppStatus {
  const mine = containers.filter((c) => c.labels[APP_LABEL] === app.name);
  const services = startOrder(app).map((name) => {
    const spec = app.services[name];
    const own = mine.filter((c) => c.labels[SERVICE_LABEL] === name);
    return serviceStatus(name, spec.image, spec.replicas, own, specPorts(app, name), engineReady);
  });

  const running = sum(services.map((s) => s.running));
  const total = sum(services.map((s) => s.replicas));
  const exitCodes = services.flatMap((s) => s.containers.map(exitCodeOf)).filter(isNumber);
  const completed = exitCodes.filter((code) => code === 0).length;
  const failed = exitCodes.filter(isErrorExit).length;

  return {
    name: app.name,
    services,
    running,
    total,
    completed,
    failed,
    tone: toneOf(services, running, total, completed, failed, engineReady),
  };
}

/** Apps whose name or one of whose service names contains the query. */
export function filterApps(apps: StoredApp[], query: string): StoredApp[] {
  const needle = query.trim().toLowerCase();
  const matches = needle
    ? apps.filter(
        (app) =>
          app.spec.name.toLowerCase().includes(needle) ||
          Object.keys(app.spec.services).some((name) => name.toLowerCase().includes(needle)),
      )
    : apps;
  return [...matches].sort((a, b) =>
    a.spec.name.localeCompare(b.spec.name, undefined, { numeric: true }),
  );
}

/**
 * Service names with each one after the services it depends on, alphabetical among equals, the
 * order a deploy starts them in. Names caught in a cycle or depending on an unknown service keep
 * their alphabetical place at the end: the backend refuses those apps, this only orders rows.
 */
export function startOrder(app: AppSpec): string[] {
  const names = Object.keys(app.services).sort();
  const placed = new Set<string>();
  const order: string[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const name of names) {
      if (placed.has(name)) continue;
      const deps = Object.keys(app.services[name].dependsOn);
      if (deps.every((dep) => placed.has(dep))) {
        placed.add(name);
        order.push(name);
        progress = true;
      }
    }
  }
  return [...order, ...names.filter((name) => !placed.has(name))];
}

/**
 * Exit codes of a process ended by a signal a stop sends: SIGINT (130), SIGTERM (143) and the
 * SIGKILL (137) that follows when the stop timeout runs out. They end a stopped app's
 * containers, so they are not errors; an out-of-memory kill also gives 137, which is the cost.
 */
const STOP_EXITS = new Set([130, 137, 143]);

/** Whether an exit code says the process failed, rather than finished or was stopped. */
export function isErrorExit(code: number | null): boolean {
  return code !== null && code !== 0 && !STOP_EXITS.has(code);
}

/** The exit code in an engine status text such as `Exited (137) 2 minutes ago`. */
export function exitCodeOf(container: ContainerSummary): number | null {
  if (container.state !== "exited" && container.state !== "dead") return null;
  const match = /\((-?\d+)\)/.exec(container.status);
  return match ? Number(match[1]) : null;
}

function serviceStatus(
  name: string,
  image: string,
  replicas: number,
  containers: ContainerSummary[],
  declared: PublishedPort[],
  engineReady: boolean,
): ServiceStatus {
  const running = containers.filter((c) => c.state === "running").length;
  const codes = containers.map(exitCodeOf).filter(isNumber);
  const worst = codes.find(isErrorExit) ?? codes.find((code) => code !== 0) ?? codes[0] ?? null;
  const published = uniquePorts(containers.flatMap((c) => c.ports));
  const has = (state: ContainerSummary["state"]) => containers.some((c) => c.state === state);

  let state: ServiceState;
  if (!engineReady) state = "unknown";
  else if (containers.length === 0) state = "missing";
  else if (running > 0) state = running >= replicas ? "running" : "partial";
  else if (has("restarting")) state = "restarting";
  else if (has("paused")) state = "paused";
  else if (has("exited") || has("dead")) state = "exited";
  else if (has("created")) state = "created";
  else state = "unknown";

  return {
    name,
    image,
    replicas,
    state,
    running: engineReady ? Math.min(running, replicas) : 0,
    exitCode: state === "exited" ? worst : null,
    ports: published.length ? published : declared,
    containers,
  };
}

function toneOf(
  services: ServiceStatus[],
  running: number,
  total: number,
  completed: number,
  failed: number,
  engineReady: boolean,
): AppTone {
  if (!engineReady) return "unknown";
  if (services.every((s) => s.state === "missing")) return "absent";
  if (running > 0 && running + completed >= total) return "running";
  if (failed > 0) return "failed";
  return running > 0 ? "partial" : "stopped";
}

/** A service's ports as the spec declares them, in the shape containers report. */
function specPorts(app: AppSpec, service: string): PublishedPort[] {
  return app.services[service].ports.map((port) => ({
    hostIp: port.hostIp,
    hostPort: port.published,
    containerPort: port.target,
    protocol: port.protocol,
  }));
}

/** Replicas publish the same container port; show each mapping once. */
function uniquePorts(ports: PublishedPort[]): PublishedPort[] {
  const seen = new Map<string, PublishedPort>();
  for (const port of ports) {
    const key = `${port.hostIp ?? ""}|${port.hostPort ?? ""}|${port.containerPort}|${port.protocol}`;
    if (!seen.has(key)) seen.set(key, port);
  }
  return [...seen.values()];
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function isNumber(value: number | null): value is number {
  return value !== null;
}
