/**
 * The registration form's values, their validation and their conversion to a `Registration`.
 *
 * As in the container form, every input holds a string so that whatever is typed can be judged
 * and kept. Problems are reported at the paths the backend uses (`port`, `check.ttl`), except
 * metadata, which the form edits as rows (`meta.2.key`) and the backend names by key.
 */
import { z } from "zod";
import type { Control } from "react-hook-form";
import type { CheckKind, FieldError, Instance, Registration } from "../ipc";

export const NAME_MAX = 64;
export const CHECK_KINDS = ["none", "http", "tcp", "ttl"] as const;
export type CheckChoice = (typeof CHECK_KINDS)[number];

/** The check fields each kind uses; the others are hidden and not sent. */
export const CHECK_FIELDS: Record<CheckChoice, readonly CheckField[]> = {
  none: [],
  http: ["target", "interval", "timeout", "deregisterAfter"],
  tcp: ["target", "interval", "timeout", "deregisterAfter"],
  ttl: ["ttl", "deregisterAfter"],
};
export type CheckField = "target" | "interval" | "timeout" | "ttl" | "deregisterAfter";

const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;
const META_KEY_PATTERN = /^[A-Za-z0-9._-]+$/;
const WHOLE_NUMBER = /^\d+$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
/** One or more `number unit` parts, such as `10s`, `1.5m` or `1m30s`. */
const DURATION = /^(\d+(\.\d+)?\s*(ms|s|m|h)\s*)+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Ports of schemes without one in the URL, as the backend's URL parser knows them. */
const DEFAULT_PORTS: Record<string, number> = {
  "http:": 80,
  "https:": 443,
  "ws:": 80,
  "wss:": 443,
};

const metaRow = z.object({ key: z.string(), value: z.string() });
const checkValues = z.object({
  kind: z.enum(CHECK_KINDS),
  target: z.string(),
  interval: z.string(),
  timeout: z.string(),
  ttl: z.string(),
  deregisterAfter: z.string(),
});

const values = z.object({
  /** The id of the instance being edited; empty for a new one. */
  id: z.string(),
  name: z.string(),
  address: z.string(),
  port: z.string(),
  url: z.string(),
  /** Comma-separated. */
  tags: z.string(),
  meta: z.array(metaRow),
  hourlyCost: z.string(),
  check: checkValues,
});

type Values = z.infer<typeof values>;
type Report = (path: (string | number)[], message: string) => void;

export const registrationSchema = values
  .superRefine((form, ctx) => {
    const report: Report = (path, message) => ctx.addIssue({ code: "custom", path, message });
    checkIdentity(form, report);
    checkTags(splitTags(form.tags), report);
    checkMeta(form.meta, report);
    checkCheck(form.check, report);
    const cost = form.hourlyCost.trim();
    if (cost !== "" && !DECIMAL.test(cost)) report(["hourlyCost"], "A number of 0 or more");
  })
  .transform(toRegistration);

export type RegistrationValues = z.input<typeof registrationSchema>;

/** The form's react-hook-form control: string values in, a `Registration` out. */
export type RegistrationControl = Control<RegistrationValues, unknown, Registration>;

export const emptyRegistration: RegistrationValues = {
  id: "",
  name: "",
  address: "",
  port: "",
  url: "",
  tags: "",
  meta: [],
  hourlyCost: "",
  check: { kind: "none", target: "", interval: "", timeout: "", ttl: "", deregisterAfter: "" },
};

/** The URL the form offers while its URL field is untouched; empty without a valid port. */
export function suggestUrl(address: string, port: string): string {
  const text = port.trim();
  if (!isPort(text)) return "";
  const host = address.trim() || "localhost";
  return `http://${host.includes(":") ? `[${host}]` : host}:${Number(text)}`;
}

/** The form prefilled from a stored instance, for editing it under the same id. */
export function valuesFromInstance(instance: Instance): RegistrationValues {
  const check = instance.checks[0];
  const ms = (value: number | null | undefined) => (value ? formatDuration(value) : "");
  return {
    id: instance.id,
    name: instance.name,
    address: instance.address,
    port: String(instance.port),
    url: instance.url ?? "",
    tags: instance.tags.join(", "),
    meta: Object.entries(instance.meta).map(([key, value]) => ({ key, value })),
    hourlyCost: instance.hourlyCost ? String(instance.hourlyCost) : "",
    check: check
      ? {
          kind: check.kind,
          target: check.kind === "ttl" ? "" : check.target,
          interval: check.kind === "ttl" ? "" : ms(check.intervalMs),
          timeout: check.kind === "ttl" ? "" : ms(check.timeoutMs),
          ttl: ms(check.ttlMs),
          deregisterAfter: ms(check.deregisterAfterMs),
        }
      : emptyRegistration.check,
  };
}

/** Milliseconds in the largest unit that keeps them whole: `90000` → `90s`, `120000` → `2m`. */
export function formatDuration(ms: number): string {
  for (const unit of ["h", "m", "s"] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

/** A duration's length in milliseconds, or `null` when it is not written like `10s`. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(DURATION_PART)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total;
}

/** Tags as typed, split at commas, trimmed, empty ones and repeats dropped. */
export function splitTags(text: string): string[] {
  const tags = text.split(",").map((tag) => tag.trim());
  return [...new Set(tags.filter((tag) => tag !== ""))];
}

/**
 * Where each of the backend's field errors goes on the form. Metadata errors (`meta.KEY`) go to
 * the row with that key, tag errors (`tags.N`) to the tags input. Errors with no place on the
 * form come back as one text, so nothing is lost; `null` when every error found a place.
 */
export function placeServerErrors(
  fields: FieldError[],
  form: RegistrationValues,
  place: (path: string, message: string) => void,
): string | null {
  const tags = splitTags(form.tags);
  const unplaced: string[] = [];
  for (const { field, message } of fields) {
    const path = formPath(field, form);
    if (!path) {
      unplaced.push(`${field}: ${message}`);
      continue;
    }
    const tag = /^tags\.(\d+)$/.exec(field);
    const named = tag ? tags[Number(tag[1])] : undefined;
    place(path, capitalise(named ? `Tag “${named}” ${message}` : message));
  }
  return unplaced.length ? unplaced.join("; ") : null;
}

function formPath(field: string, form: RegistrationValues): string | null {
  const simple = ["name", "address", "port", "url", "hourlyCost"];
  if (simple.includes(field)) return field;
  if (/^tags\.\d+$/.test(field)) return "tags";
  const check = /^check\.(kind|target|interval|timeout|ttl|deregisterAfter)$/.exec(field);
  if (check) {
    const shown = check[1] === "kind" || CHECK_FIELDS[form.check.kind].includes(check[1] as never);
    return shown ? field : null;
  }
  if (field.startsWith("meta.")) {
    const key = field.slice("meta.".length);
    const index = form.meta.findIndex((row) => row.key.trim() === key);
    return index === -1 ? null : `meta.${index}.key`;
  }
  return null;
}

function checkIdentity(form: Values, report: Report): void {
  const name = form.name.trim();
  if (name === "") report(["name"], "A service name is required");
  else if (name.length > NAME_MAX) report(["name"], `At most ${NAME_MAX} characters`);
  else if (!NAME_PATTERN.test(name)) {
    report(["name"], "Only letters, digits, - _ and . (no spaces)");
  }

  const address = form.address.trim();
  if (address !== "" && !isAddress(address)) {
    report(["address"], "A hostname, an IPv4 or an IPv6 address");
  }

  const port = form.port.trim();
  const portValid = isPort(port);
  if (port !== "" && !portValid) report(["port"], "A whole number from 1 to 65535");

  const url = form.url.trim();
  if (url === "") {
    if (port === "") report(["port"], "A port is required (or a URL with one)");
    return;
  }
  const parsed = parseUrl(url);
  if (!parsed) {
    report(["url"], "Not a URL; write it like http://localhost:8080");
    return;
  }
  const urlPort = parsed.port ? Number(parsed.port) : DEFAULT_PORTS[parsed.protocol];
  if (port === "" && urlPort === undefined) {
    report(["port"], "A port is required (the URL has none)");
  } else if (portValid && urlPort !== undefined && urlPort !== Number(port)) {
    report(["url"], `Its port ${urlPort} does not match port ${Number(port)}`);
  }
}

function checkTags(tags: string[], report: Report): void {
  const long = tags.find((tag) => tag.length > 128);
  if (long) report(["tags"], `Tag “${long.slice(0, 24)}…” is longer than 128 characters`);
}

function checkMeta(rows: Values["meta"], report: Report): void {
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const key = row.key.trim();
    let problem: string | null = null;
    if (key === "") problem = "A key is required";
    else if (seen.has(key)) problem = `Duplicate key ${key}`;
    else if (!META_KEY_PATTERN.test(key)) problem = "Only letters, digits, - _ and .";
    else if (key.length > 128) problem = "At most 128 characters";
    if (problem) report(["meta", index, "key"], problem);
    if (row.value.length > 512) report(["meta", index, "value"], "At most 512 characters");
    seen.add(key);
  });
}

function checkCheck(check: Values["check"], report: Report): void {
  const used = CHECK_FIELDS[check.kind];
  for (const field of ["interval", "timeout", "ttl", "deregisterAfter"] as const) {
    const text = check[field].trim();
    if (!used.includes(field) || text === "") continue;
    const ms = parseDuration(text);
    if (ms === null) report(["check", field], "A duration like 10s or 500ms");
    else if (ms <= 0) report(["check", field], "Must be above zero");
  }
  if (check.kind === "ttl" && check.ttl.trim() === "") {
    report(["check", "ttl"], "A TTL is required for a TTL check");
  }

  const target = check.target.trim();
  if (target === "" || !used.includes("target")) return;
  if (check.kind === "http") {
    const url = parseUrl(target);
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      report(["check", "target"], "An http:// or https:// URL");
    }
  } else if (check.kind === "tcp") {
    const at = target.lastIndexOf(":");
    if (at <= 0 || !isPort(target.slice(at + 1)))
      report(["check", "target"], "Write it as host:port");
  }
}

function toRegistration(form: Values): Registration {
  const text = (value: string) => (value.trim() === "" ? null : value.trim());
  const used = CHECK_FIELDS[form.check.kind];
  const checkText = (field: CheckField) => (used.includes(field) ? text(form.check[field]) : null);
  const kind: CheckKind | null = form.check.kind === "none" ? null : form.check.kind;

  const registration: Registration = {
    name: form.name.trim(),
    address: text(form.address),
    port: form.port.trim() === "" ? null : Number(form.port.trim()),
    url: text(form.url),
    tags: splitTags(form.tags),
    meta: Object.fromEntries(form.meta.map((row) => [row.key.trim(), row.value])),
    hourlyCost: form.hourlyCost.trim() === "" ? null : Number(form.hourlyCost.trim()),
    check: kind
      ? {
          kind,
          target: checkText("target"),
          interval: checkText("interval"),
          timeout: checkText("timeout"),
          ttl: checkText("ttl"),
          deregisterAfter: checkText("deregisterAfter"),
        }
      : null,
  };
  return form.id ? { id: form.id, ...registration } : registration;
}

function isPort(text: string): boolean {
  return WHOLE_NUMBER.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

function isAddress(text: string): boolean {
  if (z.ipv4().safeParse(text).success || z.ipv6().safeParse(text).success) return true;
  const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  return text.length <= 253 && text.split(".").every((part) => label.test(part));
}

function parseUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.hostname ? url : null;
  } catch {
    return null;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
