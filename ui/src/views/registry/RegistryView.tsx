import { useMemo, useState } from "react";
import { Plus } from "lucide-react";
import type { ApiStatus, Health, Instance, UiError } from "../../ipc";
import { CopyButton } from "../../components/CopyButton";
import { HealthDot } from "../../components/HealthBadge";
import { FilterInput } from "../../components/FilterInput";
import { useMinuteTick } from "../../components/hooks";
import { NO_FILTERS, collectTags, countHealth, countServices } from "../../lib/services";
import { groupInstances } from "../../lib/services";
import type { Filters, HealthFilter } from "../../lib/services";
import { ServiceList } from "./ServiceList";
import { NoMatches, NoServices, RegistryLoading, RegistryUnavailable } from "./RegistryStates";
import { PageHeader } from "../../components/PageHeader";

interface Props {
  loaded: boolean;
  instances: Instance[];
  error: UiError | null;
  api: ApiStatus | null;
  selectedId: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
  onRetry: () => Promise<void>;
}

const HEALTH_OPTIONS: { value: HealthFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "passing", label: "Passing" },
  { value: "warning", label: "Warning" },
  { value: "critical", label: "Critical" },
];

/** Discovery: the services with their instances, filters, and where the HTTP API listens. */
export function RegistryView(props: Props) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  useMinuteTick();

  const groups = useMemo(
    () => groupInstances(props.instances, filters),
    [props.instances, filters],
  );
  const tags = useMemo(() => collectTags(props.instances), [props.instances]);
  const health = useMemo(() => countHealth(props.instances), [props.instances]);
  const serviceCount = useMemo(() => countServices(props.instances), [props.instances]);

  const set = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));
  const filtered = filters.query.trim() !== "" || filters.tag !== null || filters.health !== "all";
  const ready = props.loaded && !props.error;

  let body;
  if (props.error) body = <RegistryUnavailable error={props.error} onRetry={props.onRetry} />;
  else if (!props.loaded) body = <RegistryLoading />;
  else if (props.instances.length === 0) body = <NoServices api={props.api} onNew={props.onNew} />;
  else if (groups.length === 0) body = <NoMatches onClear={() => setFilters(NO_FILTERS)} />;
  else {
    body = (
      <ServiceList
        groups={groups}
        filtered={filtered}
        selectedId={props.selectedId}
        onOpen={props.onOpen}
      />
    );
  }

  return (
    <section className="page" aria-labelledby="registry-title">
      <PageHeader
        id="registry-title"
        title="Registry"
        aside={
          ready &&
          props.instances.length > 0 && (
            <span className="page-count" data-testid="registry-count">
              {[
                plural(serviceCount, "service"),
                plural(props.instances.length, "instance"),
                `${health.passing} passing`,
              ].join(" · ")}
            </span>
          )
        }
      >
        <ApiAddress api={props.api} />
        <button
          type="button"
          className="button button-primary"
          onClick={props.onNew}
          disabled={!!props.error}
          data-testid="new-registration"
        >
          <Plus size={15} aria-hidden />
          New registration
        </button>
      </PageHeader>

      {ready && props.instances.length > 0 && (
        <div className="filter-bar" role="search">
          <FilterInput
            value={filters.query}
            onChange={(query) => set({ query })}
            placeholder="Filter by name or address"
            label="Filter services by name or address"
            testId="registry-filter"
          />
          <select
            className="input select tag-filter"
            aria-label="Filter by tag"
            value={filters.tag ?? ""}
            onChange={(event) => set({ tag: event.target.value || null })}
            data-testid="tag-filter"
            disabled={tags.length === 0 && filters.tag === null}
          >
            <option value="">{tags.length ? "All tags" : "No tags"}</option>
            {filters.tag !== null && !tags.includes(filters.tag) && (
              <option value={filters.tag}>{filters.tag}</option>
            )}
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
          <div className="segmented" role="radiogroup" aria-label="Filter by health">
            {HEALTH_OPTIONS.map((option) => {
              const active = filters.health === option.value;
              const count =
                option.value === "all" ? props.instances.length : health[option.value as Health];
              return (
                <button
                  key={option.value}
                  type="button"
                  role="radio"
                  aria-checked={active}
                  className={`segment ${active ? "segment-active" : ""}`}
                  data-testid="health-filter"
                  data-value={option.value}
                  onClick={() => set({ health: option.value })}
                >
                  {option.value !== "all" && <HealthDot health={option.value} />}
                  {option.label}
                  <span className="segment-count">{count}</span>
                </button>
              );
            })}
          </div>
        </div>
      )}

      {body}
    </section>
  );
}

/** "API on 127.0.0.1:7345" with a copy button, or why the API is not listening. */
function ApiAddress({ api }: { api: ApiStatus | null }) {
  if (!api) return null;
  if (!api.listening) {
    return (
      <span
        className="api-address api-address-off"
        data-testid="registry-api-address"
        data-listening="false"
        title={api.error ?? undefined}
      >
        <span className="status-dot" aria-hidden />
        <span className="truncate">API off{api.error ? `: ${api.error}` : ""}</span>
      </span>
    );
  }
  return (
    <span
      className="api-address"
      data-testid="registry-api-address"
      data-listening="true"
      data-address={api.address}
      title="Providers register with POST /services on this address"
    >
      <span className="status-dot" aria-hidden />
      <span>
        API on <code className="mono">{api.address}</code>
      </span>
      <CopyButton text={api.address} label="Copy API address" />
    </span>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
