/**
 * What the costs page computes on the UI side: the window a range asks for, cumulative series,
 * shares, money and quantity text, the CSV export and the prices form. All pure, so tested alone.
 */
import { z } from "zod";
import type { CostPoint, CostReport, FieldError, Prices } from "../ipc";

export type RangeKey = "1h" | "24h" | "7d" | "30d";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The ranges offered, each with a step that keeps the chart under a few hundred points. */
export const RANGES: { key: RangeKey; label: string; durationMs: number; stepMs: number }[] = [
  { key: "1h", label: "Last hour", durationMs: HOUR, stepMs: MINUTE },
  { key: "24h", label: "24 hours", durationMs: DAY, stepMs: 15 * MINUTE },
  { key: "7d", label: "7 days", durationMs: 7 * DAY, stepMs: HOUR },
  { key: "30d", label: "30 days", durationMs: 30 * DAY, stepMs: 6 * HOUR },
];

export interface CostWindow {
  from: number;
  to: number;
  stepMs: number;
}

/**
 * The window of a range ending now, in milliseconds since the epoch. Its end is rounded up to a
 * whole step, so steps keep their starts from one poll to the next and the last one holds now.
 */
export function rangeWindow(key: RangeKey, now: number): CostWindow {
  const range = RANGES.find((r) => r.key === key) ?? RANGES[0];
  const to = Math.ceil(now / range.stepMs) * range.stepMs;
  return { from: to - range.durationMs, to, stepMs: range.stepMs };
}

/** A point's C and R with missing numbers read as zero. */
export interface SeriesPoint {
  /** Seconds since the epoch, the step's start. */
  time: number;
  orchestration: number;
  registration: number;
}

export function seriesPoints(series: CostPoint[]): SeriesPoint[] {
  return series.map((point) => ({
    time: Date.parse(point.start) / 1000,
    orchestration: point.orchestration ?? 0,
    registration: point.registration ?? 0,
  }));
}

/** Running totals: each point holds everything spent from the window's start to its step's end. */
export function cumulative(points: SeriesPoint[]): SeriesPoint[] {
  let c = 0;
  let r = 0;
  return points.map((point) => {
    c += point.orchestration;
    r += point.registration;
    return { time: point.time, orchestration: c, registration: r };
  });
}

/** `part` as a percentage of `whole`; 0 when the whole is nothing, so no bar grows from noise. */
export function shareOf(part: number | null, whole: number | null): number {
  if (part === null || whole === null || !(whole > 0)) return 0;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}

/**
 * An amount of money. Under 100 it keeps four significant digits, since a minute of a small
 * container costs fractions of a cent; above, cents. An unknown currency code reads `1.23 XYZ`.
 */
export function formatMoney(value: number | null, currency: string, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const digits: Intl.NumberFormatOptions =
    value === 0
      ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
      : Math.abs(value) >= 100
        ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
        : { maximumSignificantDigits: 4 };
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, ...digits }).format(value);
  } catch {
    return `${new Intl.NumberFormat(locale, digits).format(value)} ${currency}`;
  }
}

/** Core-hours, GiB-hours and hours: three decimals, fewer digits for big numbers. */
export function formatQuantity(value: number | null, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const fraction = Math.abs(value) >= 100 ? 1 : 3;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  }).format(value);
}

/** A CSV cell, quoted when it holds a separator, a quote, a line break or edge spaces. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number" ? csvNumber(value) : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number with a decimal point whatever the locale, no grouping and no exponent. */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return "";
  if (Number.isInteger(value)) return String(value);
  const fixed = value.toFixed(12).replace(/0+$/, "").replace(/\.$/, "");
  return fixed === "-0" ? "0" : fixed;
}

export const CSV_HEADER = [
  "kind",
  "name",
  "start",
  "core_hours",
  "gib_hours",
  "hours",
  "orchestration",
  "registration",
  "cost",
  "currency",
];

/**
 * The shown report as one CSV table (RFC 4180, CRLF): a row per microservice, per provider and
 * per step of the series as shown (`cumulative` or per step), told apart by `kind`.
 */
export function costsCsv(report: CostReport, points: SeriesPoint[]): string {
  const currency = report.currency;
  const rows: (string | number | null)[][] = [CSV_HEADER];
  for (const m of report.microservices) {
    const { coreHours, gibHours, hours, cost } = m;
    rows.push([
      "microservice",
      m.key,
      null,
      coreHours,
      gibHours,
      hours,
      cost,
      null,
      cost,
      currency,
    ]);
  }
  for (const p of report.providers) {
    rows.push(["provider", p.name, null, null, null, p.hours, null, p.cost, p.cost, currency]);
  }
  for (const point of points) {
    const start = new Date(point.time * 1000).toISOString();
    const { orchestration: c, registration: r } = point;
    rows.push(["step", null, start, null, null, null, c, r, c + r, currency]);
  }
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The prices form: text inputs, checked here and turned into `Prices`. */
export interface PricesValues {
  cpuPerCoreHour: string;
  memoryPerGibHour: string;
  currency: string;
  chargeLimits: boolean;
}

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
const price = z
  .string()
  .trim()
  .regex(DECIMAL, "A number of 0 or more, such as 0.031611")
  .transform(Number)
  .refine(Number.isFinite, "A number of 0 or more, such as 0.031611");

export const pricesSchema = z.object({
  cpuPerCoreHour: price,
  memoryPerGibHour: price,
  currency: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .refine((code) => /^[A-Z]{3}$/.test(code), "A three-letter code, such as USD or EUR")
    .refine(isKnownCurrency, "Not a currency this system knows"),
  chargeLimits: z.boolean(),
});

function isKnownCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat("en", { style: "currency", currency: code });
    return true;
  } catch {
    return false;
  }
}

export function pricesValues(prices: Prices): PricesValues {
  return {
    cpuPerCoreHour: prices.cpuPerCoreHour === null ? "" : String(prices.cpuPerCoreHour),
    memoryPerGibHour: prices.memoryPerGibHour === null ? "" : String(prices.memoryPerGibHour),
    currency: prices.currency,
    chargeLimits: prices.chargeLimits,
  };
}

/** The backend's field errors that name no input of the prices form, as one text. */
export function placePriceErrors(
  fields: FieldError[],
  _values: PricesValues,
  place: (path: string, message: string) => void,
): string | null {
  const known = ["cpuPerCoreHour", "memoryPerGibHour", "currency"];
  const unplaced: string[] = [];
  for (const { field, message } of fields) {
    if (known.includes(field)) place(field, message.charAt(0).toUpperCase() + message.slice(1));
    else unplaced.push(`${field}: ${message}`);
  }
  return unplaced.length ? unplaced.join("; ") : null;
}
