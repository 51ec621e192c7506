import { useEffect, useState } from "react";
import { Pencil, Trash2, X } from "lucide-react";
import { registryHistory } from "../../ipc";
import type { Check, Instance, Transition } from "../../ipc";
import { Fact, FactGroup, KeyValueTable, None } from "../../components/Facts";
import { HealthBadge } from "../../components/HealthBadge";
import { useEscapeToClose } from "../../components/hooks";
import { IconButton } from "../../components/IconButton";
import { SourceBadge } from "../../components/SourceBadge";
import { Spinner } from "../../components/Spinner";
import { formatDuration } from "../../lib/registration";
import { endpoint } from "../../lib/services";
import { absoluteTime, clockTime, relativeTime } from "../../lib/format";

interface Props {
  instance: Instance;
  onEdit: () => void;
  onDeregister: () => void;
  onClose: () => void;
}

const HISTORY_SHOWN = 50;
const CHECK_NAME: Record<Check["kind"], string> = { http: "HTTP", tcp: "TCP", ttl: "TTL" };

/** A side panel over the list: the instance's facts, checks and recent check results. */
export function InstanceDetail({ instance, onEdit, onDeregister, onClose }: Props) {
  const history = useHistory(instance);
  useEscapeToClose(onClose);

  const meta = Object.entries(instance.meta).sort(([a], [b]) => a.localeCompare(b));
  const kinds = new Map(instance.checks.map((check) => [check.id, check.kind]));

  return (
    <aside
      className="detail"
      data-testid="instance-detail"
      data-id={instance.id}
      aria-label={`Instance ${instance.name} at ${endpoint(instance)}`}
    >
      <header className="detail-header">
        <div className="detail-title-row">
          <h2 className="detail-title truncate" title={instance.name}>
            {instance.name}
          </h2>
          <HealthBadge health={instance.health} />
          <div className="detail-header-actions">
            <button
              type="button"
              className="button button-small"
              onClick={onEdit}
              data-testid="edit-instance"
            >
              <Pencil size={13} aria-hidden />
              Edit
            </button>
            <button
              type="button"
              className="button button-small button-danger-outline"
              onClick={onDeregister}
              data-testid="deregister"
            >
              <Trash2 size={13} aria-hidden />
              Deregister
            </button>
            <span className="divider-v" aria-hidden />
            <IconButton label="Close details" onClick={onClose}>
              <X size={16} />
            </IconButton>
          </div>
        </div>
        <div className="detail-subtitle">
          <span className="mono truncate">{endpoint(instance)}</span>
          <span className="subtle">·</span>
          <SourceBadge source={instance.source} />
        </div>
      </header>

      <div className="detail-body tab-panel-scroll instance-body">
        <div className="inspect">
          <dl className="facts">
            <Fact label="URL">
              {instance.url ? <span className="mono break-all">{instance.url}</span> : <None />}
            </Fact>
            <Fact label="Address">
              <span className="mono">{instance.address}</span>
            </Fact>
            <Fact label="Port">
              <span className="mono">{instance.port}</span>
            </Fact>
            <Fact label="Registered">
              <Time at={instance.registeredAt} />
            </Fact>
            <Fact label="Updated">
              <Time at={instance.updatedAt} />
            </Fact>
            <Fact label="Hourly cost">
              {instance.hourlyCost ? formatCost(instance.hourlyCost) : <None text="none" />}
            </Fact>
            {instance.containerId && (
              <Fact label="Container">
                <span className="mono" title={instance.containerId}>
                  {instance.containerId.slice(0, 12)}
                </span>
              </Fact>
            )}
            <Fact label="ID">
              <span className="mono break-all">{instance.id}</span>
            </Fact>
          </dl>

          <FactGroup title="Tags" count={instance.tags.length}>
            {instance.tags.length ? (
              <div className="chip-wrap">
                {instance.tags.map((tag) => (
                  <span key={tag} className="tag-chip">
                    {tag}
                  </span>
                ))}
              </div>
            ) : (
              <None text="no tags" />
            )}
          </FactGroup>

          <FactGroup title="Metadata" count={meta.length}>
            <KeyValueTable rows={meta} empty="no metadata" />
          </FactGroup>

          <FactGroup title="Checks" count={instance.checks.length}>
            {instance.checks.length ? (
              <div className="check-list">
                {instance.checks.map((check) => (
                  <CheckCard key={check.id} check={check} />
                ))}
              </div>
            ) : (
              <None text="no checks; the instance counts as passing" />
            )}
          </FactGroup>

          <FactGroup title="Recent results" count={history.transitions?.length ?? 0}>
            {history.error ? (
              <p className="notice notice-error">{history.error}</p>
            ) : !history.transitions ? (
              <div className="center-pad">
                <Spinner size={18} label="Loading check history" />
              </div>
            ) : history.transitions.length === 0 ? (
              <None text="no results recorded yet" />
            ) : (
              <table className="kv-table history-table">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Check</th>
                    <th>Status</th>
                    <th>Output</th>
                  </tr>
                </thead>
                <tbody>
                  {history.transitions.slice(0, HISTORY_SHOWN).map((t, index) => (
                    <tr
                      key={`${t.checkId}-${t.at}-${index}`}
                      data-testid="history-row"
                      data-status={t.status}
                    >
                      <td className="nowrap muted mono">
                        <Clock at={t.at} />
                      </td>
                      <td className="nowrap">{checkLabel(kinds.get(t.checkId), t.checkId)}</td>
                      <td>
                        <HealthBadge health={t.status} />
                      </td>
                      <td className="mono break-all">{t.output || <None text="—" />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </FactGroup>
        </div>
      </div>
    </aside>
  );
}

/** The instance's transitions, read again whenever an event brings a new version of it. */
function useHistory(instance: Instance): {
  transitions: Transition[] | null;
  error: string | null;
} {
  const [transitions, setTransitions] = useState<Transition[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    registryHistory(instance.id).then(
      (list) => {
        if (!live) return;
        setTransitions(list);
        setError(null);
      },
      (thrown) => {
        if (live) setError((thrown as { message: string }).message);
      },
    );
    return () => {
      live = false;
    };
  }, [instance]);

  return { transitions, error };
}

function CheckCard({ check }: { check: Check }) {
  const timing =
    check.kind === "ttl"
      ? [`TTL ${check.ttlMs ? formatDuration(check.ttlMs) : "—"}`]
      : [`every ${formatDuration(check.intervalMs)}`, `timeout ${formatDuration(check.timeoutMs)}`];
  if (check.deregisterAfterMs) {
    timing.push(`deregister after ${formatDuration(check.deregisterAfterMs)} critical`);
  }

  return (
    <div
      className="card check-card"
      data-testid="check"
      data-kind={check.kind}
      data-status={check.status}
    >
      <div className="check-head">
        <span className="check-kind">{CHECK_NAME[check.kind]}</span>
        <span className="mono truncate check-target" title={check.target}>
          {check.target || (check.kind === "ttl" ? "heartbeat" : "")}
        </span>
        <HealthBadge health={check.status} />
      </div>
      <div className="check-meta subtle">
        {timing.join(" · ")} · changed <Time at={check.changedAt} />
      </div>
      {check.output && <pre className="check-output">{check.output}</pre>}
    </div>
  );
}

function checkLabel(kind: Check["kind"] | undefined, id: string): string {
  return kind ? CHECK_NAME[kind] : id;
}

function Time({ at }: { at: string }) {
  const seconds = Date.parse(at) / 1000;
  if (Number.isNaN(seconds)) return <None text="—" />;
  return <span title={absoluteTime(seconds)}>{relativeTime(seconds)}</span>;
}

function Clock({ at }: { at: string }) {
  const seconds = Date.parse(at) / 1000;
  if (Number.isNaN(seconds)) return <None text="—" />;
  return (
    <span title={`${absoluteTime(seconds)} (${relativeTime(seconds)})`}>{clockTime(seconds)}</span>
  );
}

function formatCost(cost: number): string {
  return `${cost.toLocaleString(undefined, { maximumFractionDigits: 4 })} per hour`;
}
