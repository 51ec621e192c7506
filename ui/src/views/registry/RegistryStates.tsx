import { useState } from "react";
import { Network, Plus, RefreshCw, SearchX, ServerOff, X } from "lucide-react";
import type { ApiStatus, UiError } from "../../ipc";
import { CopyButton } from "../../components/CopyButton";
import { Spinner } from "../../components/Spinner";
import { EmptyState } from "../ContainersView";

/** The address shown in examples when the API's own is not known yet. */
const EXAMPLE_ADDRESS = "127.0.0.1:7345";

/** The command a provider runs to register itself over the HTTP API. */
export function curlExample(address: string): string {
  const body = '{"name":"my-service","port":8080,"url":"http://localhost:8080"}';
  return `curl -X POST http://${address || EXAMPLE_ADDRESS}/services -d '${body}'`;
}

export function NoServices({ api, onNew }: { api: ApiStatus | null; onNew: () => void }) {
  const command = curlExample(api?.listening ? api.address : "");
  return (
    <EmptyState
      testId="registry-empty"
      icon={<Network size={28} />}
      title="No services registered yet"
      text={
        <>
          <p>
            Register an instance with the form, or let a service register itself over Berth's HTTP
            API when it starts:
          </p>
          <div className="snippet" data-testid="curl-snippet">
            <code className="snippet-code">{command}</code>
            <CopyButton text={command} label="Copy command" />
          </div>
          {api && !api.listening && (
            <p className="subtle">The API is not listening right now, so only the form works.</p>
          )}
        </>
      }
      action={
        <button type="button" className="button button-primary" onClick={onNew}>
          <Plus size={15} aria-hidden />
          New registration
        </button>
      }
    />
  );
}

export function NoMatches({ onClear }: { onClear: () => void }) {
  return (
    <EmptyState
      testId="registry-no-match"
      icon={<SearchX size={28} />}
      title="No matching instances"
      text="No instance passes the name, tag and health filters together."
      action={
        <button type="button" className="button" onClick={onClear}>
          <X size={15} aria-hidden />
          Clear filters
        </button>
      }
    />
  );
}

export function RegistryUnavailable({
  error,
  onRetry,
}: {
  error: UiError;
  onRetry: () => Promise<void>;
}) {
  const [retrying, setRetrying] = useState(false);
  const retry = async () => {
    setRetrying(true);
    try {
      await onRetry();
    } finally {
      setRetrying(false);
    }
  };

  return (
    <EmptyState
      testId="registry-unavailable"
      icon={<ServerOff size={28} />}
      title="Registry unavailable"
      text={
        <>
          <p>
            Berth could not read its service registry, so discovery and registration are off.
            Containers still work.
          </p>
          <p className="reason" title={error.message}>
            {error.message}
          </p>
        </>
      }
      action={
        <button type="button" className="button" onClick={retry} disabled={retrying}>
          {retrying ? <Spinner size={14} /> : <RefreshCw size={15} aria-hidden />}
          Try again
        </button>
      }
    />
  );
}

export function RegistryLoading() {
  return (
    <EmptyState
      testId="registry-loading"
      icon={<Spinner size={28} />}
      title="Reading the registry…"
      text="Services and their health appear in a moment."
    />
  );
}
