import type { ContainerDetail } from "../../ipc";
import { Fact, FactGroup, KeyValueTable, None } from "../../components/Facts";
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

      <FactGroup title="Ports" count={summary.ports.length}>
        {summary.ports.length ? (
          <div className="chip-wrap">
            {sortPorts(summary.ports).map((port, i) => (
              <PortChip key={i} port={port} />
            ))}
          </div>
        ) : (
          <None text="no ports" />
        )}
      </FactGroup>

      <FactGroup title="Environment" count={detail.env.length}>
        <KeyValueTable
          rows={detail.env.map((line) => {
            const at = line.indexOf("=");
            return at === -1 ? [line, ""] : [line.slice(0, at), line.slice(at + 1)];
          })}
          empty="no variables"
        />
      </FactGroup>

      <FactGroup title="Mounts" count={detail.mounts.length}>
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
      </FactGroup>

      <FactGroup title="Networks" count={detail.networks.length}>
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
      </FactGroup>

      <FactGroup title="Labels" count={labels.length}>
        <KeyValueTable rows={labels} empty="no labels" />
      </FactGroup>
    </div>
  );
}
