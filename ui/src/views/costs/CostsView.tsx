import { Suspense, lazy, useEffect, useMemo, useState } from "react";
import { Check, CircleAlert, ClipboardCopy, Coins, RefreshCw, ServerOff, Tag } from "lucide-react";
import type { CostReport, Prices, UiError } from "../../ipc";
import { RANGES, costsCsv, cumulative, formatMoney, seriesPoints } from "../../lib/costs";
import type { RangeKey } from "../../lib/costs";
import { CHART_SERIES } from "../../lib/costsChart";
import { copyText } from "../../components/CopyButton";
import { Spinner } from "../../components/Spinner";
import { EmptyState } from "../ContainersView";
import { Breakdown } from "./Breakdown";
import { PageHeader } from "../../components/PageHeader";

// uPlot loads with the page that draws it, not with the app.
const CostChart = lazy(() => import("./CostChart").then((m) => ({ default: m.CostChart })));

interface Props {
  range: RangeKey;
  report: CostReport | null;
  error: UiError | null;
  loading: boolean;
  prices: Prices | null;
  onRange: (range: RangeKey) => void;
  onRetry: () => void;
  onEditPrices: () => void;
}

/** What the local microservices cost: C, R and C + R over a range, over time and by who. */
export function CostsView(props: Props) {
  const { report, error } = props;
  let body;
  if (!report && error) body = <CostsUnavailable error={error} onRetry={props.onRetry} />;
  else if (!report) body = <CostsLoading />;
  else if (isEmpty(report)) body = <NoCosts />;
  else body = <CostsReport report={report} />;

  return (
    <section className="page cost-page" aria-labelledby="costs-title">
      <PageHeader
        id="costs-title"
        title="Costs"
        aside={props.loading && report && <Spinner size={14} />}
      >
        <div className="segmented" role="radiogroup" aria-label="Range">
          {RANGES.map((range) => (
            <button
              key={range.key}
              type="button"
              role="radio"
              aria-checked={props.range === range.key}
              className={`segment ${props.range === range.key ? "segment-active" : ""}`}
              data-testid="cost-range"
              data-value={range.key}
              onClick={() => props.onRange(range.key)}
            >
              {range.label}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="button"
          onClick={props.onEditPrices}
          disabled={!props.prices}
          data-testid="edit-prices"
        >
          <Tag size={15} aria-hidden />
          Prices
        </button>
      </PageHeader>

      {report && error && (
        <div className="notice notice-error" role="alert" data-testid="cost-stale">
          <CircleAlert size={15} aria-hidden />
          <span>Showing the last report; the latest read failed: {error.message}</span>
        </div>
      )}
      {body}
      {props.prices && <Explainer prices={props.prices} />}
    </section>
  );
}

function isEmpty(report: CostReport): boolean {
  return report.microservices.length === 0 && report.providers.length === 0 && !(report.total ?? 0);
}

function CostsReport({ report }: { report: CostReport }) {
  const [isCumulative, setCumulative] = useState(false);
  const [shown, setShown] = useState<boolean[]>(CHART_SERIES.map(() => true));
  const steps = useMemo(() => seriesPoints(report.series), [report.series]);
  const points = useMemo(() => (isCumulative ? cumulative(steps) : steps), [isCumulative, steps]);
  const names = CHART_SERIES.filter((_, index) => shown[index]).map((s) => s.name);

  return (
    <>
      <div className="kpis">
        <Kpi
          testId="kpi-c"
          label="Orchestration · C"
          value={report.orchestration}
          report={report}
        />
        <Kpi testId="kpi-r" label="Registration · R" value={report.registration} report={report} />
        <Kpi testId="kpi-total" label="Total · C + R" value={report.total} report={report} strong />
      </div>

      <section className="cost-chart-card" aria-labelledby="cost-chart-title">
        <div className="cost-card-header">
          <h2 id="cost-chart-title" className="cost-card-title">
            {isCumulative ? "Running total" : "Per step"}
          </h2>
          <div className="toolbar">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={isCumulative}
                onChange={(event) => setCumulative(event.target.checked)}
                data-testid="cost-cumulative"
              />
              <span>Cumulative</span>
            </label>
            <CopyCsv text={() => costsCsv(report, points)} />
          </div>
        </div>
        <div className="cost-chart" data-testid="cost-chart" data-series={names.join(",")}>
          <Suspense fallback={<Spinner size={20} />}>
            <CostChart
              points={points}
              currency={report.currency}
              cumulative={isCumulative}
              onShownChange={setShown}
            />
          </Suspense>
        </div>
        <p className="subtle cost-chart-hint">
          Drag across the chart to zoom in, double-click to zoom out, click a legend entry to hide
          or show its series.
        </p>
      </section>

      <Breakdown report={report} />
    </>
  );
}

function Kpi(props: {
  testId: string;
  label: string;
  value: number | null;
  report: CostReport;
  strong?: boolean;
}) {
  return (
    <div
      className={`card kpi ${props.strong ? "kpi-strong" : ""}`}
      data-testid={props.testId}
      data-value={props.value ?? ""}
    >
      <span className="stat-label">{props.label}</span>
      <span className="kpi-value">{formatMoney(props.value, props.report.currency)}</span>
    </div>
  );
}

/** Copies the breakdown and the series as shown; says so for a moment. */
function CopyCsv({ text }: { text: () => string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = window.setTimeout(() => setCopied(null), 1500);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button"
      data-testid="copy-csv"
      onClick={() => void copyText(text()).then(setCopied)}
    >
      {copied ? <Check size={15} aria-hidden /> : <ClipboardCopy size={15} aria-hidden />}
      {copied === null ? "Copy CSV" : copied ? "Copied" : "Copy failed"}
    </button>
  );
}

function Explainer({ prices }: { prices: Prices }) {
  const money = (value: number | null) => formatMoney(value, prices.currency);
  return (
    <details className="cost-explainer" data-testid="cost-explainer" open>
      <summary>How this is computed</summary>
      <ul>
        <li>
          Each microservice <i>i</i>: <b>W_i</b> = CPU core-hours × CPU price + memory GiB-hours ×
          memory price + fixed hourly × hours.
        </li>
        <li>
          Each provider <i>i</i>: <b>S_i</b> = hourly registration cost × hours registered.
        </li>
        <li>
          <b>C</b> = Σ W_i (orchestration), <b>R</b> = Σ S_i (registration), total = C + R.
          Containers are sampled every 15 s.
        </li>
      </ul>
      <p data-testid="prices-in-force">
        Prices in force: {money(prices.cpuPerCoreHour)} per core-hour,{" "}
        {money(prices.memoryPerGibHour)} per GiB-hour,{" "}
        {prices.chargeLimits ? "charging limits where above use" : "charging use"}.
      </p>
    </details>
  );
}

function NoCosts() {
  return (
    <EmptyState
      testId="costs-empty"
      icon={<Coins size={28} />}
      title="No costs yet"
      text="Costs appear once containers have run for a minute, or once a provider with an hourly cost registers. Berth samples running containers every 15 seconds."
    />
  );
}

function CostsLoading() {
  return (
    <EmptyState
      testId="costs-loading"
      icon={<Spinner size={28} />}
      title="Adding up costs…"
      text="The report for this range appears in a moment."
    />
  );
}

function CostsUnavailable({ error, onRetry }: { error: UiError; onRetry: () => void }) {
  return (
    <EmptyState
      testId="costs-error"
      icon={<ServerOff size={28} />}
      title="Costs unavailable"
      text={
        <p className="reason" title={error.message}>
          {error.message}
        </p>
      }
      action={
        <button type="button" className="button" onClick={onRetry}>
          <RefreshCw size={15} aria-hidden />
          Try again
        </button>
      }
    />
  );
}
