import type { CostReport } from "../../ipc";
import { formatMoney, formatQuantity, shareOf } from "../../lib/costs";

/** Who spent what: microservices against C and providers against R, highest cost first. */
export function Breakdown({ report }: { report: CostReport }) {
  const money = (value: number | null) => formatMoney(value, report.currency);
  return (
    <div className="cost-breakdown">
      <section className="cost-table-card" aria-labelledby="cost-ms-title">
        <h2 id="cost-ms-title" className="cost-card-title">
          Microservices <span className="subtle">· share of C</span>
        </h2>
        {report.microservices.length === 0 ? (
          <p className="subtle cost-table-empty">No container ran in this window.</p>
        ) : (
          <table className="cost-table" data-testid="cost-microservices">
            <thead>
              <tr>
                <th>Microservice</th>
                <th className="num">Core-hours</th>
                <th className="num">GiB-hours</th>
                <th className="num">Hours</th>
                <th className="num cost-col">Cost</th>
                <th className="share-col">Share</th>
              </tr>
            </thead>
            <tbody>
              {report.microservices.map((m) => (
                <tr key={m.key} data-testid="cost-row" data-key={m.key} data-kind="microservice">
                  <td className="mono truncate" title={m.key}>
                    {m.key}
                  </td>
                  <td className="num">{formatQuantity(m.coreHours)}</td>
                  <td className="num">{formatQuantity(m.gibHours)}</td>
                  <td className="num">{formatQuantity(m.hours)}</td>
                  <td className="num">{money(m.cost)}</td>
                  <ShareCell share={shareOf(m.cost, report.orchestration)} tone="c" />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="cost-table-card" aria-labelledby="cost-providers-title">
        <h2 id="cost-providers-title" className="cost-card-title">
          Providers <span className="subtle">· share of R</span>
        </h2>
        {report.providers.length === 0 ? (
          <p className="subtle cost-table-empty">
            No provider with an hourly cost was registered in this window.
          </p>
        ) : (
          <table className="cost-table" data-testid="cost-providers">
            <thead>
              <tr>
                <th>Provider</th>
                <th className="num">Hours</th>
                <th className="num cost-col">Cost</th>
                <th className="share-col">Share</th>
              </tr>
            </thead>
            <tbody>
              {report.providers.map((p) => (
                <tr key={p.id} data-testid="cost-row" data-key={p.id} data-kind="provider">
                  <td className="truncate" title={`${p.name} (${p.id})`}>
                    {p.name} <span className="subtle mono">{p.id}</span>
                  </td>
                  <td className="num">{formatQuantity(p.hours)}</td>
                  <td className="num">{money(p.cost)}</td>
                  <ShareCell share={shareOf(p.cost, report.registration)} tone="r" />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ShareCell({ share, tone }: { share: number; tone: "c" | "r" }) {
  return (
    <td className="share-col" data-share={share.toFixed(2)}>
      <span className="share">
        <span className="share-track" aria-hidden>
          <span className={`share-bar share-bar-${tone}`} style={{ width: `${share}%` }} />
        </span>
        <span className="share-text">{share.toFixed(1)}%</span>
      </span>
    </td>
  );
}
