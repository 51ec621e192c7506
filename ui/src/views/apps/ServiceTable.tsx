import { isErrorExit } from "../../lib/apps";
import type { ServiceState, ServiceStatus } from "../../lib/apps";
import { describePort, formatPort, sortPorts } from "../../lib/format";
import { None } from "../../components/Facts";

const TONE: Record<ServiceState, string> = {
  running: "green",
  partial: "amber",
  restarting: "amber",
  paused: "amber",
  created: "blue",
  exited: "gray",
  missing: "gray",
  unknown: "gray",
};

/** A service's state in words: "running", "1/3 running", "exited (137)", "not created". */
export function serviceStateText(service: ServiceStatus): string {
  switch (service.state) {
    case "running":
      return service.replicas > 1 ? `${service.running}/${service.replicas} running` : "running";
    case "partial":
      return `${service.running}/${service.replicas} running`;
    case "exited":
      return service.exitCode === null ? "exited" : `exited (${service.exitCode})`;
    case "missing":
      return "not created";
    default:
      return service.state;
  }
}

/** One row per service: name, image, replicas, state from its containers and its ports. */
export function ServiceTable({ services }: { services: ServiceStatus[] }) {
  return (
    <table className="service-table">
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Image</th>
          <th scope="col" className="col-replicas">
            Replicas
          </th>
          <th scope="col">State</th>
          <th scope="col">Ports</th>
        </tr>
      </thead>
      <tbody>
        {services.map((service) => (
          <tr
            key={service.name}
            data-testid="app-service"
            data-service={service.name}
            data-state={service.state}
          >
            <th scope="row" className="service-name">
              {service.name}
            </th>
            <td className="mono service-image" title={service.image}>
              {service.image}
            </td>
            <td className="col-replicas">{service.replicas}</td>
            <td>
              <ServiceStateBadge service={service} />
            </td>
            <td>
              <Ports service={service} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ServiceStateBadge({ service }: { service: ServiceStatus }) {
  const failed = service.state === "exited" && isErrorExit(service.exitCode);
  const tone = failed ? "red" : TONE[service.state];
  return (
    <span className={`badge badge-${tone}`} data-testid="service-state">
      <span className="badge-dot" aria-hidden />
      {serviceStateText(service)}
    </span>
  );
}

function Ports({ service }: { service: ServiceStatus }) {
  const published = sortPorts(service.ports).filter((p) => p.hostPort !== null);
  if (!published.length) return <None text="none" />;
  return (
    <span className="chip-wrap">
      {published.map((port) => (
        <span key={formatPort(port)} className="port-chip mono" title={describePort(port)}>
          {formatPort(port)}
        </span>
      ))}
    </span>
  );
}
