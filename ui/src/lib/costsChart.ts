/** The chart's data and colours, apart from uPlot so they are tested without a canvas. */
import type { SeriesPoint } from "./costs";

/** The chart's series in drawing order, bottom first, with the names `data-series` lists. */
export const CHART_SERIES = [
  { name: "orchestration", label: "Orchestration (C)", color: "--accent" },
  { name: "registration", label: "Registration (R)", color: "--amber" },
] as const;

/**
 * uPlot's columns: times, then each series stacked on the visible ones below it. A hidden series
 * adds nothing, so the one above it comes down to where it would stand alone.
 */
export function stackSeries(points: SeriesPoint[], shown: boolean[]): [number[], ...number[][]] {
  const times = points.map((p) => p.time);
  let below = points.map(() => 0);
  const columns = CHART_SERIES.map((series, index) => {
    const column = points.map((p, i) => below[i] + p[series.name]);
    if (shown[index] !== false) below = column;
    return column;
  });
  return [times, ...columns];
}

/** A `#rrggbb` colour with an alpha, for fills; other colour forms come back as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!hex) return color.trim();
  const [r, g, b] = hex.slice(1).map((part) => parseInt(part, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
