import { memo, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ArrowDownToLine, Eraser, Pause } from "lucide-react";
import { followLogs } from "../../ipc";
import type { UiError } from "../../ipc";
import { LOG_CAPACITY, appendLines } from "../../lib/logBuffer";
import type { LogEntry } from "../../lib/logBuffer";

const TAIL = 500;

/**
 * Live logs of one container. The stream starts again whenever `generation` changes (the
 * container started anew), and stops when the panel unmounts or the container changes.
 */
export function LogsPanel({ id, generation }: { id: string; generation: number }) {
  const [lines, setLines] = useState<LogEntry[]>([]);
  const [error, setError] = useState<UiError | null>(null);
  const [follow, setFollow] = useState(true);
  const seq = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setLines([]);
    setError(null);
    const stop = followLogs(
      id,
      TAIL,
      (batch) => {
        setLines((current) => appendLines(current, batch, seq.current));
        seq.current += batch.length;
      },
      setError,
    );
    return stop;
  }, [id, generation]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (follow && element) element.scrollTop = element.scrollHeight;
  }, [lines, follow]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
    if (!atBottom && follow) setFollow(false);
    if (atBottom && !follow) setFollow(true);
  };

  return (
    <div className="logs-panel">
      <div className="logs-toolbar">
        <span className="subtle">
          {lines.length === LOG_CAPACITY
            ? `Last ${LOG_CAPACITY} lines`
            : `${lines.length} line${lines.length === 1 ? "" : "s"}`}
        </span>
        <div className="logs-toolbar-actions">
          <button
            type="button"
            className={`button button-small ${follow ? "button-pressed" : ""}`}
            aria-pressed={follow}
            onClick={() => setFollow((f) => !f)}
            title={follow ? "Stop scrolling with new lines" : "Scroll with new lines"}
            data-testid="logs-follow"
          >
            {follow ? <Pause size={13} aria-hidden /> : <ArrowDownToLine size={13} aria-hidden />}
            {follow ? "Pause" : "Follow"}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => setLines([])}
            title="Clear the lines shown"
            data-testid="logs-clear"
          >
            <Eraser size={13} aria-hidden />
            Clear
          </button>
        </div>
      </div>
      <div
        ref={scroller}
        className="logs"
        data-testid="logs"
        role="log"
        aria-label="Container logs"
        tabIndex={0}
        onScroll={onScroll}
      >
        {error && <div className="logs-note logs-note-error">{error.message}</div>}
        {!error && lines.length === 0 && <div className="logs-note">No output yet</div>}
        {lines.map((line) => (
          <LogRow key={line.seq} line={line} />
        ))}
      </div>
    </div>
  );
}

const LogRow = memo(function LogRow({ line }: { line: LogEntry }) {
  const stderr = line.stream === "stderr";
  return (
    <div className={`log-line ${stderr ? "log-line-stderr" : ""}`} data-stream={line.stream}>
      <span className="log-marker" title={stderr ? "stderr" : "stdout"} aria-label={line.stream}>
        {stderr ? "err" : ""}
      </span>
      <span className="log-text">
        {line.text}
        {line.truncated && <span className="log-cut">…(line cut)</span>}
      </span>
    </div>
  );
});
