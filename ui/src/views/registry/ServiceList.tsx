import { useState } from "react";
import { ChevronRight } from "lucide-react";
import type { Instance } from "../../ipc";
import { HEALTH_TONE, HealthBadge, HealthDot } from "../../components/HealthBadge";
import { SourceBadge } from "../../components/SourceBadge";
import { endpoint } from "../../lib/services";
import type { ServiceGroup } from "../../lib/services";
import { absoluteTime, relativeTime } from "../../lib/format";

interface Props {
  groups: ServiceGroup[];
  /** Whether a filter hides some instances, to say "1 of 3 shown". */
  filtered: boolean;
  selectedId: string | null;
  onOpen: (id: string) => void;
}

const SHOWN_TAGS = 4;

/** Services as collapsible groups of instance rows, under one column header. */
export function ServiceList({ groups, filtered, selectedId, onOpen }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      return next;
    });

  return (
    <div className="table service-table" role="table" aria-label="Registered services">
      <div className="table-head" role="rowgroup">
        <div className="row-grid instance-grid" role="row">
          <span role="columnheader">Health</span>
          <span role="columnheader">Instance</span>
          <span role="columnheader">URL</span>
          <span role="columnheader">Tags</span>
          <span role="columnheader">Source</span>
          <span role="columnheader">Registered</span>
        </div>
      </div>
      <div className="table-body">
        {groups.map((group) => (
          <Group
            key={group.name}
            group={group}
            filtered={filtered}
            expanded={!collapsed.has(group.name)}
            onToggle={() => toggle(group.name)}
            selectedId={selectedId}
            onOpen={onOpen}
          />
        ))}
      </div>
    </div>
  );
}

function Group(props: {
  group: ServiceGroup;
  filtered: boolean;
  expanded: boolean;
  onToggle: () => void;
  selectedId: string | null;
  onOpen: (id: string) => void;
}) {
  const { group, expanded } = props;
  const bodyId = `service-${group.name}`;
  const shown = group.instances.length;

  return (
    <section
      className="service-group"
      role="rowgroup"
      aria-label={`Service ${group.name}`}
      data-testid="service-group"
      data-name={group.name}
      data-passing={group.passing}
      data-total={group.total}
      data-health={group.health}
    >
      <div className="service-header" role="row">
        <span role="cell" className="service-header-main">
          <button
            type="button"
            className="service-toggle"
            aria-expanded={expanded}
            aria-controls={bodyId}
            onClick={props.onToggle}
          >
            <ChevronRight
              size={15}
              className={`service-chevron ${expanded ? "service-chevron-open" : ""}`}
              aria-hidden
            />
            <span className="service-name truncate" title={group.name}>
              {group.name}
            </span>
            <span
              className={`badge badge-${HEALTH_TONE[group.health]} service-health`}
              data-testid="service-health"
            >
              <HealthDot health={group.health} />
              {group.passing}/{group.total} healthy
            </span>
            {props.filtered && shown < group.total && (
              <span className="subtle service-shown">
                {shown} of {group.total} shown
              </span>
            )}
          </button>
        </span>
        <span className="service-tags" role="cell">
          {group.tags.slice(0, SHOWN_TAGS).map((tag) => (
            <span key={tag} className="tag-chip">
              {tag}
            </span>
          ))}
          {group.tags.length > SHOWN_TAGS && (
            <span className="port-more" title={group.tags.slice(SHOWN_TAGS).join(", ")}>
              +{group.tags.length - SHOWN_TAGS}
            </span>
          )}
        </span>
      </div>
      <div id={bodyId} hidden={!expanded}>
        {expanded &&
          group.instances.map((instance) => (
            <InstanceRow
              key={instance.id}
              instance={instance}
              selected={props.selectedId === instance.id}
              onOpen={props.onOpen}
            />
          ))}
      </div>
    </section>
  );
}

function InstanceRow(props: {
  instance: Instance;
  selected: boolean;
  onOpen: (id: string) => void;
}) {
  const { instance, selected } = props;
  const registered = Date.parse(instance.registeredAt) / 1000;
  const address = endpoint(instance);

  return (
    <div
      className={`table-row instance-row ${selected ? "table-row-selected" : ""}`}
      role="row"
      tabIndex={0}
      aria-selected={selected}
      aria-label={`${instance.name} at ${address}, ${instance.health}`}
      data-testid="instance-row"
      data-id={instance.id}
      data-health={instance.health}
      onClick={() => props.onOpen(instance.id)}
      onKeyDown={(event) => {
        if (event.key === "Enter" && event.target === event.currentTarget) {
          props.onOpen(instance.id);
        }
      }}
    >
      <div className="row-grid instance-grid">
        <span role="cell">
          <HealthBadge health={instance.health} />
        </span>
        <span role="cell" className="cell-name">
          <span className="mono truncate instance-endpoint" title={address}>
            {address}
          </span>
          <span className="cell-sub mono truncate" title={instance.id}>
            {instance.id}
          </span>
        </span>
        <span role="cell" className="truncate mono muted instance-url" title={instance.url ?? ""}>
          {instance.url ?? <span className="subtle">—</span>}
        </span>
        <span role="cell" className="tag-list">
          {instance.tags.length ? (
            instance.tags.map((tag) => (
              <span key={tag} className="tag-chip" data-testid="tag">
                {tag}
              </span>
            ))
          ) : (
            <span className="subtle">—</span>
          )}
        </span>
        <span role="cell">
          <SourceBadge source={instance.source} />
        </span>
        <span role="cell" className="truncate muted" title={absoluteTime(registered)}>
          {relativeTime(registered)}
        </span>
      </div>
    </div>
  );
}
