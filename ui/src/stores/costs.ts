/**
 * The costs page's report and prices. There is no event for costs: the report is read when the
 * page opens or its range changes, then again every 15 s (the backend samples at that pace).
 */
import { costReport, currentPrices, setPrices } from "../ipc";
import type { CostReport, Prices, UiError } from "../ipc";
import { rangeWindow } from "../lib/costs";
import type { RangeKey } from "../lib/costs";
import { createStore } from "./store";

export const POLL_MS = 15_000;

export interface CostsState {
  range: RangeKey;
  /** The last report of the current range; kept while the next one is read. */
  report: CostReport | null;
  /** Why the last read failed; cleared by the next good one. */
  error: UiError | null;
  /** A read of the current range is under way. */
  loading: boolean;
  prices: Prices | null;
}

export const initialCostsState: CostsState = {
  range: "24h",
  report: null,
  error: null,
  loading: false,
  prices: null,
};

export const costsStore = createStore<CostsState>(initialCostsState);

/** Counts reads, so an answer that a newer read has overtaken is dropped. */
let generation = 0;

/** Reads the report of the current range (and the prices in force) into the store. */
export async function readCosts(now: number = Date.now()): Promise<void> {
  const mine = ++generation;
  const { range } = costsStore.get();
  const window = rangeWindow(range, now);
  costsStore.set((state) => ({ ...state, loading: true }));
  try {
    const [report, prices] = await Promise.all([
      costReport(window.from, window.to, window.stepMs),
      currentPrices(),
    ]);
    if (mine !== generation) return;
    costsStore.set((state) => ({ ...state, report, prices, error: null, loading: false }));
  } catch (thrown) {
    if (mine !== generation) return;
    costsStore.set((state) => ({ ...state, error: thrown as UiError, loading: false }));
  }
}

/** Switches the range; the old range's report goes, so its numbers are never shown as the new. */
export function chooseRange(range: RangeKey): Promise<void> {
  costsStore.set((state) => (state.range === range ? state : { ...state, range, report: null }));
  return readCosts();
}

/** Reads now and every 15 s until the returned function is called. */
export function pollCosts(): () => void {
  void readCosts();
  const timer = window.setInterval(() => void readCosts(), POLL_MS);
  return () => window.clearInterval(timer);
}

/** Puts new prices in force, then reads the report again so the page shows them. */
export async function savePrices(prices: Prices): Promise<void> {
  await setPrices(prices);
  costsStore.set((state) => ({ ...state, prices }));
  void readCosts();
}
