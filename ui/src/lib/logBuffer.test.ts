import { describe, expect, it } from "vitest";
import type { LogLine } from "../ipc";
import { appendLines } from "./logBuffer";

const lines = (from: number, count: number): LogLine[] =>
  Array.from({ length: count }, (_, i) => ({
    stream: "stdout",
    text: `line ${from + i}`,
    truncated: false,
  }));

describe("appendLines", () => {
  it("keeps only the newest lines up to the capacity", () => {
    let buffer = appendLines([], lines(0, 4), 0, 5);
    buffer = appendLines(buffer, lines(4, 3), 4, 5);
    expect(buffer.map((l) => l.text)).toEqual(["line 2", "line 3", "line 4", "line 5", "line 6"]);
    expect(buffer.map((l) => l.seq)).toEqual([2, 3, 4, 5, 6]);
  });

  it("keeps the tail of a batch larger than the capacity", () => {
    const start = appendLines([], lines(0, 2), 0, 3);
    const buffer = appendLines(start, lines(2, 10), 2, 3).map((l) => l.text);
    expect(buffer).toEqual(["line 9", "line 10", "line 11"]);
  });
});
