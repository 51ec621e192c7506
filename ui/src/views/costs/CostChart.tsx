import { useEffect, useRef, useState } from "react";
import "./localeGuard";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatMoney } from "../../lib/costs";
import type { SeriesPoint } from "../../lib/costs";
import { CHART_SERIES, stackSeries, withAlpha } from "../../lib/costsChart";

interface Props {
  points: SeriesPoint[];
  currency: string;
  /** Per step as bars, or running totals as areas. */
  cumulative: boolean;
  /** Hears which series the legend shows, after each toggle. */
  onShownChange: (shown: boolean[]) => void;
}

const HEIGHT = 240;

/**
 * C and R stacked over the window with uPlot: drag across the time axis to zoom in, double-click
 * to zoom out, click a legend entry to hide or show its series; a tooltip follows the cursor.
 */
export function CostChart({ points, currency, cumulative, onShownChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ points, currency, onShownChange });
  latest.current = { points, currency, onShownChange };
  const theme = useThemeVersion();

  // Built again when the mode or the theme changes; data arrives through the effect below.
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const shown = CHART_SERIES.map(() => true);
    const colors = readColors(element);
    const money = (value: number) => formatMoney(value, latest.current.currency);
    const raw = (series: number, idx: number | null) => {
      const point = idx === null ? undefined : latest.current.points[idx];
      return point ? point[CHART_SERIES[series - 1].name] : null;
    };
    // Away from the chart the legend tells each series' total over the window.
    const total = (series: number) => {
      const values = latest.current.points.map((p) => p[CHART_SERIES[series - 1].name]);
      return cumulative ? (values[values.length - 1] ?? 0) : values.reduce((a, b) => a + b, 0);
    };
    const paths = cumulative
      ? uPlot.paths.linear!()
      : uPlot.paths.bars!({ size: [0.8, 48], align: 1 });

    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 320),
      height: HEIGHT,
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false, setScale: true } },
      legend: { live: true },
      bands: [{ series: [2, 1] }],
      series: [
        { label: "Time" },
        ...CHART_SERIES.map((series, index) => ({
          label: series.label,
          stroke: colors.series[index],
          fill: withAlpha(colors.series[index], cumulative ? 0.28 : 0.75),
          width: cumulative ? 1.5 : 0,
          paths,
          points: { show: false },
          value: (_u: uPlot, _v: number, si: number, idx: number | null) => {
            const value = idx === null ? total(si) : raw(si, idx);
            return value === null ? "—" : money(value);
          },
        })),
      ],
      axes: [
        axis(colors.axis, colors.grid),
        {
          ...axis(colors.axis, colors.grid),
          size: 76,
          values: (_u, ticks) => ticks.map((tick) => money(tick)),
        },
      ],
      hooks: {
        setSeries: [
          (u) => {
            u.series.slice(1).forEach((series, index) => (shown[index] = series.show !== false));
            u.delBand(null);
            if (shown.every(Boolean)) u.addBand({ series: [2, 1] });
            setStacked(u, latest.current.points, shown);
            latest.current.onShownChange([...shown]);
          },
        ],
      },
      plugins: [tooltipPlugin(colors.series, money, raw)],
    };

    const chart = new uPlot(options, stackSeries(latest.current.points, shown), element);
    plot.current = chart;
    (chart as unknown as { shown: boolean[] }).shown = shown;
    latest.current.onShownChange([...shown]);

    const resize =
      typeof ResizeObserver === "undefined"
        ? null
        : new ResizeObserver(() =>
            chart.setSize({ width: Math.max(element.clientWidth, 320), height: HEIGHT }),
          );
    resize?.observe(element);
    return () => {
      resize?.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [cumulative, theme]);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    setStacked(chart, points, (chart as unknown as { shown: boolean[] }).shown);
  }, [points, currency]);

  return <div ref={host} className="cost-chart-canvas" />;
}

/** New data, keeping a zoom on the time axis that the user made. */
function setStacked(chart: uPlot, points: SeriesPoint[], shown: boolean[]): void {
  const times = chart.data[0] ?? [];
  const { min, max } = chart.scales.x;
  // Before its first draw the scale has no range yet (null), which is no zoom either.
  const zoomed =
    times.length > 0 &&
    min != null &&
    max != null &&
    (min > times[0] || max < times[times.length - 1]);
  chart.setData(stackSeries(points, shown));
  if (zoomed) chart.setScale("x", { min, max });
}

function axis(stroke: string, grid: string): uPlot.Axis {
  return {
    stroke,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    font: "11px system-ui, sans-serif",
  };
}

/** The series colours and the axis and grid colours from the tokens in force. */
function readColors(element: HTMLElement) {
  const style = getComputedStyle(element);
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    series: CHART_SERIES.map((series) => token(series.color, "#2563eb")),
    axis: token("--fg-muted", "#5b6270"),
    grid: token("--border", "#dde0e6"),
  };
}

/** A box by the cursor with the step's time and each shown series' own (unstacked) value. */
function tooltipPlugin(
  colors: string[],
  money: (value: number) => string,
  raw: (series: number, idx: number | null) => number | null,
): uPlot.Plugin {
  let tip: HTMLDivElement;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement("div");
        tip.className = "cost-tooltip";
        tip.style.display = "none";
        u.over.appendChild(tip);
        u.over.addEventListener("mouseleave", () => (tip.style.display = "none"));
      },
      setCursor: (u) => {
        const { left, top, idx } = u.cursor;
        if (idx === null || idx === undefined || left === undefined || left < 0) {
          tip.style.display = "none";
          return;
        }
        const time = new Date(u.data[0][idx] * 1000).toLocaleString();
        const rows = CHART_SERIES.map((series, index) => {
          if (u.series[index + 1].show === false) return "";
          const value = raw(index + 1, idx);
          return `<div><span class="cost-tooltip-swatch" style="background:${colors[index]}"></span>${series.label}: <b>${value === null ? "—" : money(value)}</b></div>`;
        });
        tip.innerHTML = `<div class="cost-tooltip-time">${time}</div>${rows.join("")}`;
        tip.style.display = "block";
        const flip = left > u.over.clientWidth / 2;
        tip.style.left = `${flip ? left - tip.offsetWidth - 12 : left + 12}px`;
        tip.style.top = `${Math.max(0, (top ?? 0) - 12)}px`;
      },
    },
  };
}

/** Goes up when the colour scheme changes, from the system or from `<html data-theme>`. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const media = window.matchMedia?.("(prefers-color-scheme: dark)");
    media?.addEventListener("change", bump);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
    return () => {
      media?.removeEventListener("change", bump);
      observer.disconnect();
    };
  }, []);
  return version;
}
