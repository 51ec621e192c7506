import { useEffect, useState } from "react";
import { followStats } from "../../ipc";
import type { StatsSample } from "../../ipc";
import { formatBytes, formatPercent } from "../../lib/format";

const HISTORY = 60;

/** CPU and memory cards with a sparkline of the last readings; live only while running. */
export function StatsPanel({ id, running, generation }: Props) {
  const [samples, setSamples] = useState<StatsSample[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setSamples([]);
    setError(null);
    if (!running) return;
    return followStats(
      id,
      (sample) => setSamples((current) => [...current.slice(-(HISTORY - 1)), sample]),
      (failure) => setError(failure.message),
    );
  }, [id, running, generation]);

  const last = samples.at(-1);
  const cpuValues = samples.map((s) => s.cpuPercent ?? 0);
  const cpuMax = Math.max(100, ...cpuValues);
  const memValues = samples.map((s) => s.memoryBytes);
  const memLimit = last?.memoryLimit ?? 0;
  const idle = !running ? "Not running" : error ? error : "Waiting for a reading…";

  return (
    <div className="stats">
      <div className="card stat-card" data-testid="stats-cpu">
        <div className="stat-head">
          <span className="stat-label">CPU</span>
          <span className="stat-value">
            {last && running ? formatPercent(last.cpuPercent ?? 0) : "—"}
          </span>
        </div>
        <Sparkline values={cpuValues} max={cpuMax} tone="accent" />
        <span className="stat-foot subtle">
          {last && running ? "of one core (100% = one core busy)" : idle}
        </span>
      </div>
      <div className="card stat-card" data-testid="stats-memory">
        <div className="stat-head">
          <span className="stat-label">Memory</span>
          <span className="stat-value">
            {last && running ? formatBytes(last.memoryBytes) : "—"}
          </span>
        </div>
        <Sparkline values={memValues} max={memLimit || Math.max(1, ...memValues)} tone="green" />
        <span className="stat-foot subtle">
          {last && running
            ? `of ${formatBytes(memLimit)} (${formatPercent((last.memoryBytes / memLimit) * 100)})`
            : idle}
        </span>
      </div>
    </div>
  );
}

interface Props {
  id: string;
  running: boolean;
  generation: number;
}

function Sparkline({ values, max, tone }: { values: number[]; max: number; tone: string }) {
  const width = 240;
  const height = 40;
  const step = width / (HISTORY - 1);
  const offset = (HISTORY - values.length) * step;
  const points = values.map((value, i) => {
    const x = offset + i * step;
    const y = height - 2 - (Math.min(value, max) / max) * (height - 4);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const area =
    points.length > 1
      ? `M${points[0]} L${points.slice(1).join(" L")} L${width},${height} L${offset},${height} Z`
      : "";
  return (
    <svg
      className={`sparkline sparkline-${tone}`}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden
    >
      <line x1="0" x2={width} y1={height - 0.5} y2={height - 0.5} className="sparkline-base" />
      {area && <path d={area} className="sparkline-area" />}
      {points.length > 1 && <polyline points={points.join(" ")} className="sparkline-line" />}
    </svg>
  );
}
