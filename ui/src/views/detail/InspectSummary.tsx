import type { ReactNode } from "react";
import type { ContainerDetail } from "../../ipc";
import { absoluteTime, formatBytes, relativeTime } from "../../lib/format";
import { PortChip } from "../ContainerTable";
import { sortPorts } from "../../lib/format";

/** The inspect facts of a container as labelled sections. */
export function InspectSummary({ detail }: { detail: ContainerDetail }) {
  const { summary } = detail;
  const labels = Object.entries(summary.labels).sort(([a], [b]) => a.localeCompare(b));
  const started = detail.startedAt ? Date.parse(detail.startedAt) / 1000 : null;

  return (
    <div className="inspect">
      <dl className="facts">
        <Fact label="Image">
          <span className="mono break-all">{summary.image}</span>
        </Fact>
        <Fact label="Command">
          {detail.command.length ? (
            <code className="mono break-all">{detail.command.join(" ")}</code>
          ) : (
            <None />
          )}
        </Fact>
        <Fact label="Restart policy">{detail.restartPolicy || "no"}</Fact>
        <Fact label="Limits">
          {detail.memoryLimit ? formatBytes(detail.memoryLimit) : "no memory limit"} ·{" "}
          {detail.cpuLimit ? `${detail.cpuLimit} CPU` : "no CPU limit"}
        </Fact>
        <Fact label="Created">
          <span title={absoluteTime(summary.created)}>{relativeTime(summary.created)}</span>
        </Fact>
        <Fact label="Started">
          {started && started > 0 ? (
            <span title={absoluteTime(started)}>{relativeTime(started)}</span>
          ) : (
            <None text="never" />
          )}
        </Fact>
        {detail.exitCode !== null && summary.state !== "running" && (
          <Fact label="Exit code">
            <span className={detail.exitCode === 0 ? "" : "text-danger"}>{detail.exitCode}</span>
          </Fact>
        )}
        <Fact label="ID">
          <span className="mono break-all">{summary.id}</span>
        </Fact>
      </dl>

      <Group title="Ports" count={summary.ports.length}>
        {summary.ports.length ? (
          <div className="chip-wrap">
            {sortPorts(summary.ports).map((port, i) => (
              <PortChip key={i} port={port} />
            ))}
          </div>
        ) : (
          <None text="no ports" />
        )}
      </Group>

      <Group title="Environment" count={detail.env.length}>
        <KeyValues
          rows={detail.env.map((line) => {
            const at = line.indexOf("=");
            return at === -1 ? [line, ""] : [line.slice(0, at), line.slice(at + 1)];
          })}
          empty="no variables"
        />
      </Group>

      <Group title="Mounts" count={detail.mounts.length}>
        {detail.mounts.length ? (
          <table className="kv-table">
            <tbody>
              {detail.mounts.map((m) => (
                <tr key={m.destination}>
                  <td className="mono break-all">{m.source || "(anonymous)"}</td>
                  <td className="mono break-all">→ {m.destination}</td>
                  <td className="subtle nowrap">
                    {m.kind}
                    {m.readWrite ? "" : " · read-only"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <None text="no mounts" />
        )}
      </Group>

      <Group title="Networks" count={detail.networks.length}>
        {detail.networks.length ? (
          <table className="kv-table">
            <tbody>
              {detail.networks.map((n) => (
                <tr key={n.name}>
                  <td className="mono">{n.name}</td>
                  <td className="mono">{n.ipAddress ?? "—"}</td>
                  <td className="subtle break-all">{n.aliases.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <None text="no networks" />
        )}
      </Group>

      <Group title="Labels" count={labels.length}>
        <KeyValues rows={labels} empty="no labels" />
      </Group>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Group({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <section className="inspect-group">
      <h3 className="inspect-title">
        {title}
        <span className="inspect-count">{count}</span>
      </h3>
      {children}
    </section>
  );
}

function KeyValues({ rows, empty }: { rows: string[][]; empty: string }) {
  if (!rows.length) return <None text={empty} />;
  return (
    <table className="kv-table">
      <tbody>
        {rows.map(([key, value], i) => (
          <tr key={`${key}-${i}`}>
            <td className="mono kv-key break-all">{key}</td>
            <td className="mono break-all">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function None({ text = "none" }: { text?: string }) {
  return <span className="subtle">{text}</span>;
}
