import { useEffect, useState } from "react";
import type { RefObject } from "react";

/** Re-renders once a minute so relative times ("5 minutes ago") keep up. */
export function useMinuteTick(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((t) => t + 1), 60_000);
    return () => window.clearInterval(timer);
  }, []);
}

/** Focuses a view's filter on `/` (outside inputs) and on Ctrl+K, unless a dialog is open. */
export function useFilterShortcut(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable=true]");
      const dialogOpen = document.querySelector("[aria-modal=true]") !== null;
      const slash = event.key === "/" && !typing;
      const ctrlK = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey);
      if ((slash || ctrlK) && !dialogOpen) {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [input]);
}

/**
 * Calls `onClose` on Escape, for a side panel: not while a dialog is open over it, and not when a
 * control has handled the key already (an open list marks the event as handled).
 */
export function useEscapeToClose(onClose: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const dialogOpen = document.querySelector("[aria-modal=true]") !== null;
      if (event.key === "Escape" && !event.defaultPrevented && !dialogOpen) {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
}
