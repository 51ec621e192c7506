import type { LogLine } from "../ipc";

/** A log line with a sequence number, stable as a React key while older lines drop off. */
export interface LogEntry extends LogLine {
  seq: number;
}

/** The most lines the UI keeps for one container; older ones drop off the top. */
export const LOG_CAPACITY = 5000;

/**
 * Appends a batch and keeps only the newest `capacity` lines. Returns a new array, so it can
 * live in React state; the sequence numbers carry on from the last line kept.
 */
export function appendLines(
  buffer: LogEntry[],
  batch: LogLine[],
  nextSeq: number,
  capacity = LOG_CAPACITY,
): LogEntry[] {
  const incoming = batch.slice(-capacity).map((line, i) => ({ ...line, seq: nextSeq + i }));
  const keep = Math.max(0, capacity - incoming.length);
  const start = Math.max(0, buffer.length - keep);
  return buffer.slice(start).concat(incoming);
}
