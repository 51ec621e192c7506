/**
 * The new-app form's values, their validation and their conversion to an `AppSpec`.
 *
 * Like the container form, every input holds a string; the schema reports each problem at its
 * field path (`services.0.ports.1.hostPort`) and turns valid values into the exact spec sent to
 * `saveApp`. Unknown and cyclic dependencies are left to the backend, which refuses them with a
 * message for the whole form.
 */
import { z } from "zod";
import type { Control } from "react-hook-form";
import type { AppSpec, DependsOn, Restart, ServiceSpec } from "../ipc";
import { checkKeys, checkLimits, checkPortRows, envKeyProblem, keyValueRow, portRow } from "./spec";
import type { Report, TakenPorts } from "./spec";

/** App and service names: what a Compose project and service name may be. */
export const APP_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const NAME_RULE = "Lowercase letters, digits, _ or -, starting with a letter or digit";

export const CONDITIONS: { value: DependsOn; label: string }[] = [
  { value: "service_started", label: "started" },
  { value: "service_healthy", label: "healthy" },
  { value: "service_completed_successfully", label: "completed" },
];

export const RESTARTS: { value: Restart["policy"]; label: string }[] = [
  { value: "no", label: "Never" },
  { value: "always", label: "Always" },
  { value: "unless-stopped", label: "Unless stopped" },
  { value: "on-failure", label: "On failure" },
];

const MIB = 1024 * 1024;
const WHOLE_NUMBER = /^\d+$/;

const dependencyRow = z.object({
  service: z.string(),
  condition: z.enum(["service_started", "service_healthy", "service_completed_successfully"]),
});

const serviceValues = z.object({
  /** The service's name in the stored app, so what the form does not show survives an edit. */
  origin: z.string(),
  name: z.string(),
  image: z.string(),
  command: z.string(),
  env: z.array(keyValueRow),
  ports: z.array(portRow),
  dependsOn: z.array(dependencyRow),
  replicas: z.string(),
  restart: z.enum(["no", "always", "unless-stopped", "on-failure"]),
  maxRetries: z.string(),
  memoryMib: z.string(),
  cpus: z.string(),
});

const appValues = z.object({ name: z.string(), services: z.array(serviceValues) });

export type AppFormValues = z.input<typeof appValues>;
export type ServiceValues = AppFormValues["services"][number];
export type AppFormControl = Control<AppFormValues, unknown, AppSpec>;

/**
 * The schema for a new app (`base` null) or an edit of `base`, whose networks, volumes and the
 * service fields the form has no input for (mounts, healthcheck, labels, entrypoint) are kept.
 */
export function appFormSchema(base: AppSpec | null = null) {
  return appValues.superRefine(checkApp).transform((values) => toAppSpec(values, base));
}

export function emptyService(): ServiceValues {
  return {
    origin: "",
    name: "",
    image: "",
    command: "",
    env: [],
    ports: [],
    dependsOn: [],
    replicas: "1",
    restart: "no",
    maxRetries: "0",
    memoryMib: "",
    cpus: "",
  };
}

export function emptyApp(): AppFormValues {
  return { name: "", services: [emptyService()] };
}

/** The form's values for a stored app, to edit it. */
export function appToForm(app: AppSpec): AppFormValues {
  return {
    name: app.name,
    services: Object.entries(app.services).map(([name, spec]) => ({
      origin: name,
      name,
      image: spec.image,
      command: spec.command ? joinCommand(spec.command) : "",
      env: Object.entries(spec.environment).map(([key, value]) => ({ key, value })),
      ports: spec.ports.map((port) => ({
        hostIp: port.hostIp ?? "",
        hostPort: port.published === null ? "" : String(port.published),
        containerPort: String(port.target),
        // The form offers TCP and UDP, as the container form does.
        protocol: port.protocol === "udp" ? "udp" : "tcp",
      })),
      dependsOn: Object.entries(spec.dependsOn).map(([service, condition]) => ({
        service,
        condition,
      })),
      replicas: String(spec.replicas),
      restart: spec.restart.policy,
      maxRetries: spec.restart.policy === "on-failure" ? String(spec.restart.maxRetries) : "0",
      memoryMib: spec.memoryBytes === null ? "" : String(Math.round(spec.memoryBytes / MIB)),
      cpus: spec.cpus === null ? "" : String(spec.cpus),
    })),
  };
}

function checkApp(values: z.infer<typeof appValues>, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: "custom", path, message });

  const name = values.name.trim();
  if (name === "") report(["name"], "An app name is required");
  else if (!APP_NAME.test(name)) report(["name"], NAME_RULE);
  if (values.services.length === 0) report(["services"], "Add at least one service");

  const seen = new Set<string>();
  const taken: TakenPorts = [];
  values.services.forEach((service, index) => {
    checkService(service, index, seen, taken, report);
    seen.add(service.name.trim());
  });
}

function checkService(
  service: ServiceValues,
  index: number,
  seen: Set<string>,
  taken: TakenPorts,
  report: Report,
): void {
  const at = (...leaf: (string | number)[]) => ["services", index, ...leaf];
  const name = service.name.trim();
  if (name === "") report(at("name"), "A service name is required");
  else if (!APP_NAME.test(name)) report(at("name"), NAME_RULE);
  else if (seen.has(name)) report(at("name"), `Another service is named ${name}`);

  if (service.image.trim() === "") report(at("image"), "Choose or type an image");
  if (splitCommand(service.command) === undefined) {
    report(at("command"), "A quote is not closed");
  }
  checkKeys(service.env, at("env"), report, envKeyProblem);
  checkPortRows(service.ports, at("ports"), report, taken);
  if (name !== "" && service.dependsOn.some((dep) => dep.service === name)) {
    report(at("dependsOn"), `${name} cannot depend on itself`);
  }

  const replicas = service.replicas.trim();
  if (!WHOLE_NUMBER.test(replicas) || Number(replicas) < 1) {
    report(at("replicas"), "A whole number, at least 1");
  }
  if (service.restart === "on-failure" && !WHOLE_NUMBER.test(service.maxRetries.trim())) {
    report(at("maxRetries"), "A whole number; 0 means no limit");
  }
  checkLimits(service, at(), report);
}

function toAppSpec(values: z.infer<typeof appValues>, base: AppSpec | null): AppSpec {
  const services: Record<string, ServiceSpec> = {};
  for (const service of values.services) {
    const kept = base?.services[service.origin];
    services[service.name.trim()] = toServiceSpec(service, kept);
  }
  return {
    name: values.name.trim(),
    services,
    networks: base?.networks ?? {},
    volumes: base?.volumes ?? {},
  };
}

function toServiceSpec(values: ServiceValues, kept: ServiceSpec | undefined): ServiceSpec {
  const optional = (text: string) => (text.trim() === "" ? null : Number(text.trim()));
  const memory = optional(values.memoryMib);
  const restart: Restart =
    values.restart === "on-failure"
      ? { policy: "on-failure", maxRetries: Number(values.maxRetries.trim()) }
      : { policy: values.restart };
  return {
    image: values.image.trim(),
    command: splitCommand(values.command) ?? null,
    entrypoint: kept?.entrypoint ?? null,
    environment: Object.fromEntries(values.env.map((row) => [row.key.trim(), row.value])),
    ports: values.ports.map((row) => ({
      hostIp: row.hostIp.trim() === "" ? null : row.hostIp.trim(),
      published: optional(row.hostPort),
      target: Number(row.containerPort.trim()),
      protocol: row.protocol,
    })),
    volumes: kept?.volumes ?? [],
    networks: kept?.networks ?? {},
    dependsOn: Object.fromEntries(values.dependsOn.map((dep) => [dep.service, dep.condition])),
    healthcheck: kept?.healthcheck ?? null,
    restart,
    labels: kept?.labels ?? {},
    memoryBytes: memory === null ? null : memory * MIB,
    cpus: optional(values.cpus),
    replicas: Number(values.replicas.trim()),
  };
}

/**
 * Splits a command line as a POSIX shell would, without expansions: `null` for an empty line,
 * `undefined` when a quote is left open.
 */
export function splitCommand(line: string): string[] | null | undefined {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
        word += line[(i += 1)];
      } else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < line.length) {
      word += line[(i += 1)];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(word);
  return words.length ? words : null;
}

/** Joins words into a line that `splitCommand` reads back to the same words. */
export function joinCommand(words: string[]): string {
  return words
    .map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
