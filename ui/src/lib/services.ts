/**
 * Instances grouped by service name, and the discovery view's filters over them.
 *
 * A group's counts describe the whole service whatever the filters hide, so "2/3 healthy" means
 * the same with or without a filter; `instances` holds only the ones that pass the filters.
 */
import type { Health, Instance } from "../ipc";

export type HealthFilter = "all" | Health;

export interface Filters {
  /** Part of a service name, or of an instance's address:port or URL; any case. */
  query: string;
  /** Only instances carrying this tag; `null` for any. */
  tag: string | null;
  health: HealthFilter;
}

export const NO_FILTERS: Filters = { query: "", tag: null, health: "all" };

export interface ServiceGroup {
  name: string;
  /** Instances of the service, filtered or not. */
  total: number;
  /** Of those, the ones whose health is `passing`. */
  passing: number;
  /** The colour of the service: every instance passing, none, or some. */
  health: Health;
  /** Every tag of its instances, sorted. */
  tags: string[];
  /** The instances that pass the filters, by address and port. */
  instances: Instance[];
}

const byName = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/** Groups instances by service, keeping the services with at least one instance shown. */
export function groupInstances(instances: Iterable<Instance>, filters: Filters): ServiceGroup[] {
  const byService = new Map<string, Instance[]>();
  for (const instance of instances) {
    const list = byService.get(instance.name);
    if (list) list.push(instance);
    else byService.set(instance.name, [instance]);
  }

  const groups: ServiceGroup[] = [];
  for (const [name, all] of byService) {
    const shown = all.filter((instance) => matches(instance, filters)).sort(byEndpoint);
    if (shown.length === 0) continue;
    const passing = all.filter((i) => i.health === "passing").length;
    groups.push({
      name,
      total: all.length,
      passing,
      health: serviceHealth(passing, all.length),
      tags: collectTags(all),
      instances: shown,
    });
  }
  return groups.sort((a, b) => byName(a.name, b.name));
}

/** Whether one instance passes every filter. */
export function matches(instance: Instance, filters: Filters): boolean {
  if (filters.health !== "all" && instance.health !== filters.health) return false;
  if (filters.tag !== null && !instance.tags.includes(filters.tag)) return false;
  const needle = filters.query.trim().toLowerCase();
  if (!needle) return true;
  const haystack = [instance.name, endpoint(instance), instance.url ?? ""];
  return haystack.some((text) => text.toLowerCase().includes(needle));
}

/** Green when all pass, red when none does, amber in between. */
export function serviceHealth(passing: number, total: number): Health {
  if (passing === total) return "passing";
  return passing === 0 ? "critical" : "warning";
}

/** Every distinct tag of the instances, sorted. */
export function collectTags(instances: Iterable<Instance>): string[] {
  const tags = new Set<string>();
  for (const instance of instances) instance.tags.forEach((tag) => tags.add(tag));
  return [...tags].sort(byName);
}

/** How many distinct service names the instances have. */
export function countServices(instances: Iterable<Instance>): number {
  const names = new Set<string>();
  for (const instance of instances) names.add(instance.name);
  return names.size;
}

/** How many instances have each health, for the filter's counts. */
export function countHealth(instances: Iterable<Instance>): Record<Health, number> {
  const counts: Record<Health, number> = { passing: 0, warning: 0, critical: 0 };
  for (const instance of instances) counts[instance.health] += 1;
  return counts;
}

/** `address:port`, with brackets around an IPv6 address. */
export function endpoint(instance: Pick<Instance, "address" | "port">): string {
  const host = instance.address.includes(":") ? `[${instance.address}]` : instance.address;
  return `${host}:${instance.port}`;
}

function byEndpoint(a: Instance, b: Instance): number {
  return byName(a.address, b.address) || a.port - b.port || byName(a.id, b.id);
}
