import { format, formatDistanceStrict, isSameDay } from "date-fns";
import type { PublishedPort } from "../ipc";

/** A port as `[ip:]host→container/proto`, or `container/proto` when only exposed. */
export function formatPort(port: PublishedPort): string {
  const inside = `${port.containerPort}/${port.protocol}`;
  if (port.hostPort === null) return inside;
  const ip = port.hostIp && !isAllInterfaces(port.hostIp) ? `${hostIpText(port.hostIp)}:` : "";
  return `${ip}${port.hostPort}→${inside}`;
}

/** The tooltip of a port chip. */
export function describePort(port: PublishedPort): string {
  if (port.hostPort === null) return "Exposed only, not published on the host";
  if (!port.hostIp || isAllInterfaces(port.hostIp)) return "all interfaces";
  return `only on ${port.hostIp}`;
}

function isAllInterfaces(ip: string): boolean {
  return ip === "0.0.0.0" || ip === "::";
}

function hostIpText(ip: string): string {
  return ip.includes(":") ? `[${ip}]` : ip;
}

/** Published ports first, then by container port, so rows read alike. */
export function sortPorts(ports: PublishedPort[]): PublishedPort[] {
  return [...ports].sort((a, b) => {
    const published = Number(b.hostPort !== null) - Number(a.hostPort !== null);
    return published || a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0);
  });
}

export function relativeTime(epochSeconds: number, now: Date = new Date()): string {
  const date = new Date(epochSeconds * 1000);
  if (date.getTime() > now.getTime() - 60_000) return "just now";
  return formatDistanceStrict(date, now, { addSuffix: true });
}

export function absoluteTime(epochSeconds: number): string {
  return format(new Date(epochSeconds * 1000), "PPpp");
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatPercent(value: number): string {
  return `${value.toFixed(value >= 100 ? 0 : 1)}%`;
}

/** A moment as a clock time today (`14:03:27`), or with its date on other days. */
export function clockTime(epochSeconds: number, now: Date = new Date()): string {
  const date = new Date(epochSeconds * 1000);
  return format(date, isSameDay(date, now) ? "HH:mm:ss" : "MMM d, HH:mm:ss");
}
