import { TriangleAlert } from "lucide-react";
import type { ComposePreview, Warning } from "../../ipc";
import { startOrder } from "../../lib/apps";
import { CONDITIONS } from "../../lib/appForm";
import { None } from "../../components/Facts";

/** A warning as `line:column message`, the way editors point at a place in a file. */
export function warningText(warning: Warning): string {
  return `${warning.line}:${warning.column} ${warning.message}`;
}

/** What a compose file will become: each service with image, ports and dependencies. */
export function ComposePreviewView({ preview }: { preview: ComposePreview }) {
  const { app, warnings } = preview;
  const names = startOrder(app);
  return (
    <section className="compose-preview" data-testid="compose-preview" aria-label="Preview">
      <h3 className="form-section-title">
        {names.length} {names.length === 1 ? "service" : "services"}
      </h3>
      <table className="service-table preview-table">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Image</th>
            <th scope="col">Ports</th>
            <th scope="col">Depends on</th>
            <th scope="col" className="col-replicas">
              Replicas
            </th>
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const service = app.services[name];
            const deps = Object.entries(service.dependsOn);
            return (
              <tr key={name} data-testid="preview-service" data-service={name}>
                <th scope="row" className="service-name">
                  {name}
                </th>
                <td className="mono service-image" title={service.image}>
                  {service.image}
                </td>
                <td className="mono">
                  {service.ports.length ? (
                    service.ports.map((p) => portText(p)).join(", ")
                  ) : (
                    <None />
                  )}
                </td>
                <td>
                  {deps.length ? (
                    deps
                      .map(([dep, condition]) => `${dep} (${conditionText(condition)})`)
                      .join(", ")
                  ) : (
                    <None />
                  )}
                </td>
                <td className="col-replicas">{service.replicas}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {warnings.length > 0 && (
        <div className="notice notice-warning compose-warnings">
          <TriangleAlert size={15} aria-hidden />
          <div>
            <strong>
              {warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`}: read, but not
              acted on
            </strong>
            <ul className="warning-list">
              {warnings.map((warning, i) => (
                <li key={i} className="mono" data-testid="compose-warning">
                  {warningText(warning)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}

function portText(port: ComposePreview["app"]["services"][string]["ports"][number]): string {
  const inside = `${port.target}/${port.protocol}`;
  if (port.published === null) return inside;
  return `${port.hostIp ? `${port.hostIp}:` : ""}${port.published}→${inside}`;
}

function conditionText(condition: string): string {
  return CONDITIONS.find((c) => c.value === condition)?.label ?? condition;
}
