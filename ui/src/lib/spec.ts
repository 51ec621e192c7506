/**
 * The new-container form's values, their validation and their conversion to a `ContainerSpec`.
 *
 * Every input holds a string so that whatever is typed can be judged and kept; the schema checks
 * the strings, reports each problem at the field path the backend also uses (`ports.1.hostPort`),
 * and turns valid values into the exact spec sent to `createContainer`.
 */
import { z } from "zod";
import type { Control } from "react-hook-form";
import type { ContainerSpec, RestartPolicy } from "../ipc";

export const RESTART_POLICIES: { value: RestartPolicy; label: string }[] = [
  { value: "no", label: "Never" },
  { value: "always", label: "Always" },
  { value: "unless-stopped", label: "Unless stopped" },
  { value: "on-failure", label: "On failure" },
];

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const WHOLE_NUMBER = /^\d+$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

export const keyValueRow = z.object({ key: z.string(), value: z.string() });
export const portRow = z.object({
  hostIp: z.string(),
  hostPort: z.string(),
  containerPort: z.string(),
  protocol: z.enum(["tcp", "udp"]),
});

export const formSchema = z
  .object({
    image: z.string().trim().min(1, "Choose or type an image"),
    name: z
      .string()
      .trim()
      .refine((name) => name === "" || NAME_PATTERN.test(name), {
        message: "Use 2+ letters, digits, _ . or -, starting with a letter or digit",
      }),
    command: z.string(),
    env: z.array(keyValueRow),
    ports: z.array(portRow),
    labels: z.array(keyValueRow),
    restartPolicy: z.enum(["no", "always", "unless-stopped", "on-failure"]),
    memoryMib: z.string(),
    cpus: z.string(),
    start: z.boolean(),
  })
  .superRefine((values, ctx) => {
    const report = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });

    checkKeys(values.env, ["env"], report, envKeyProblem);
    checkKeys(values.labels, ["labels"], report, () => null);
    checkPortRows(values.ports, ["ports"], report);
    checkLimits(values, [], report);
  })
  .transform(toSpec);

export type FormValues = z.input<typeof formSchema>;

/** The form's react-hook-form control: string values in, a `ContainerSpec` out. */
export type FormControl = Control<FormValues, unknown, ContainerSpec>;

export const emptyForm: FormValues = {
  image: "",
  name: "",
  command: "",
  env: [],
  ports: [],
  labels: [],
  restartPolicy: "no",
  memoryMib: "",
  cpus: "",
  start: true,
};

/** Puts a problem on a field path, as the schema's `superRefine` does. */
export type Report = (path: (string | number)[], message: string) => void;

/** Host ports seen so far; pass one list to several calls to check a whole app at once. */
export type TakenPorts = { ip: string; port: number; protocol: string }[];

/** Checks key/value rows found at `base`: keys required and unique, plus `extra`'s rule. */
export function checkKeys(
  rows: { key: string }[],
  base: (string | number)[],
  report: Report,
  extra: (key: string) => string | null,
): void {
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const key = row.key.trim();
    const problem =
      key === "" ? "A key is required" : seen.has(key) ? `Duplicate key ${key}` : extra(key);
    if (problem) report([...base, index, "key"], problem);
    seen.add(key);
  });
}

/**
 * Checks port rows found at `base` (`["ports"]`, `["services", 0, "ports"]`): addresses, ranges,
 * and a host port used twice, reported on the later row.
 */
export function checkPortRows(
  rows: z.infer<typeof portRow>[],
  base: (string | number)[],
  report: Report,
  taken: TakenPorts = [],
): void {
  rows.forEach((row, index) => {
    const at = (leaf: string) => [...base, index, leaf];
    const ip = row.hostIp.trim();
    if (ip !== "" && !isIpAddress(ip)) {
      report(at("hostIp"), "An IPv4 or IPv6 address, or empty for all interfaces");
    }

    const container = row.containerPort.trim();
    if (container === "") report(at("containerPort"), "A container port is required");
    else if (!isPort(container)) report(at("containerPort"), PORT_RANGE);

    const host = row.hostPort.trim();
    if (host === "") return;
    if (!isPort(host)) {
      report(at("hostPort"), PORT_RANGE);
      return;
    }
    const port = Number(host);
    // A mapping on all interfaces overlaps every mapping of the same port on one address.
    const clash = taken.some(
      (t) => t.port === port && t.protocol === row.protocol && (!t.ip || !ip || t.ip === ip),
    );
    if (clash) report(at("hostPort"), `Host port ${port}/${row.protocol} is used twice`);
    taken.push({ ip, port, protocol: row.protocol });
  });
}

/** Checks the optional memory (MiB) and CPU (cores) limits found at `base`. */
export function checkLimits(
  values: { memoryMib: string; cpus: string },
  base: (string | number)[],
  report: Report,
): void {
  const memory = values.memoryMib.trim();
  if (memory !== "" && (!WHOLE_NUMBER.test(memory) || Number(memory) < 6)) {
    report([...base, "memoryMib"], "A whole number of MiB, at least 6");
  }
  const cpus = values.cpus.trim();
  if (cpus !== "" && (!DECIMAL.test(cpus) || Number(cpus) <= 0)) {
    report([...base, "cpus"], "A number of cores above 0, such as 0.5");
  }
}

/** What is wrong with an environment variable's name, if anything. */
export function envKeyProblem(key: string): string | null {
  return /[=\s]/.test(key) ? "No spaces or = in a variable name" : null;
}

export const PORT_RANGE = "A whole number from 1 to 65535";

function isPort(text: string): boolean {
  return WHOLE_NUMBER.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

function isIpAddress(text: string): boolean {
  return z.ipv4().safeParse(text).success || z.ipv6().safeParse(text).success;
}

function toSpec(values: {
  image: string;
  name: string;
  command: string;
  env: { key: string; value: string }[];
  ports: z.infer<typeof portRow>[];
  labels: { key: string; value: string }[];
  restartPolicy: RestartPolicy;
  memoryMib: string;
  cpus: string;
  start: boolean;
}): ContainerSpec {
  const optionalNumber = (text: string) => (text.trim() === "" ? null : Number(text.trim()));
  return {
    image: values.image,
    name: values.name,
    command: values.command.trim(),
    env: values.env.map((row) => ({ key: row.key.trim(), value: row.value })),
    ports: values.ports.map((row) => ({
      hostIp: row.hostIp.trim() === "" ? null : row.hostIp.trim(),
      hostPort: optionalNumber(row.hostPort),
      containerPort: Number(row.containerPort.trim()),
      protocol: row.protocol,
    })),
    labels: values.labels.map((row) => ({ key: row.key.trim(), value: row.value })),
    restartPolicy: values.restartPolicy,
    memoryMib: optionalNumber(values.memoryMib),
    cpus: optionalNumber(values.cpus),
    start: values.start,
  };
}
