import { useEffect, useState } from "react";
import { RefreshCw, ServerOff } from "lucide-react";
import type { EngineStatus } from "../ipc";
import { retryEngine } from "../ipc";
import { Spinner } from "../components/Spinner";
import { EmptyState } from "./ContainersView";

type Unavailable = Extract<EngineStatus, { kind: "unavailable" }>;

/** The whole main panel while no engine answers; it goes away by itself once one does. */
export function EngineUnavailable({
  status,
  receivedAt,
}: {
  status: Unavailable;
  receivedAt: number;
}) {
  const seconds = useCountdown(receivedAt + status.retryInMs);
  const when = seconds > 0 ? `Retrying in ${seconds}s` : "Retrying now…";
  const [retrying, setRetrying] = useState(false);

  const retry = async () => {
    setRetrying(true);
    try {
      await retryEngine();
    } catch {
      // The next status event says how it went.
    } finally {
      setRetrying(false);
    }
  };

  return (
    <EmptyState
      testId="engine-unavailable"
      icon={<ServerOff size={28} />}
      title="Can't reach Docker"
      text={
        <>
          <p>
            Berth tried <code className="mono">{status.endpoint.uri}</code> and got no answer. Make
            sure the Docker engine is running and that this user may use its socket.
          </p>
          <p className="reason" title={status.reason}>
            {status.reason}
          </p>
          <p className="subtle">
            {when} · attempt {status.attempt}
          </p>
        </>
      }
      action={
        <button type="button" className="button" onClick={retry} disabled={retrying}>
          {retrying ? <Spinner size={14} /> : <RefreshCw size={15} aria-hidden />}
          Retry now
        </button>
      }
    />
  );
}

export function EngineConnecting({ endpoint }: { endpoint?: string }) {
  return (
    <EmptyState
      testId="engine-connecting"
      icon={<Spinner size={28} />}
      title="Connecting to Docker…"
      text={endpoint ? <code className="mono">{endpoint}</code> : "Looking for the engine"}
    />
  );
}

function useCountdown(deadline: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [deadline]);
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}
