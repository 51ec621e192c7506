import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CostReport, Prices } from "../ipc";

const ipc = vi.hoisted(() => ({
  costReport: vi.fn(),
  currentPrices: vi.fn(),
  setPrices: vi.fn(),
}));
vi.mock("../ipc", () => ipc);

import { chooseRange, costsStore, initialCostsState, readCosts, savePrices } from "./costs";

const PRICES: Prices = {
  cpuPerCoreHour: 0.031611,
  memoryPerGibHour: 0.004237,
  currency: "USD",
  chargeLimits: false,
};
const report = (total: number): CostReport => ({
  from: "",
  to: "",
  currency: "USD",
  orchestration: total,
  registration: 0,
  total,
  microservices: [],
  providers: [],
  series: [],
});

beforeEach(() => {
  costsStore.set(initialCostsState);
  vi.resetAllMocks();
  ipc.currentPrices.mockResolvedValue(PRICES);
});

describe("costs store", () => {
  it("asks for the range's window and keeps the report and prices", async () => {
    ipc.costReport.mockResolvedValue(report(1));
    await readCosts(Date.UTC(2026, 0, 1, 12, 7));
    expect(ipc.costReport).toHaveBeenCalledWith(
      Date.UTC(2025, 11, 31, 12, 15),
      Date.UTC(2026, 0, 1, 12, 15),
      900_000,
    );
    expect(costsStore.get()).toMatchObject({ report: report(1), prices: PRICES, loading: false });
  });

  it("drops an answer that a newer read overtook", async () => {
    let answerFirst: (r: CostReport) => void = () => undefined;
    ipc.costReport
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(report(2));
    const first = readCosts();
    await readCosts();
    answerFirst(report(1));
    await first;
    expect(costsStore.get().report?.total, "the newer answer stays").toBe(2);
  });

  it("keeps the last report beside a failure, and forgets it on a range change", async () => {
    ipc.costReport.mockResolvedValueOnce(report(1));
    await readCosts();
    ipc.costReport.mockRejectedValueOnce({ code: "engine", message: "down", fields: [] });
    await readCosts();
    expect(costsStore.get()).toMatchObject({ report: report(1), error: { message: "down" } });

    ipc.costReport.mockReturnValueOnce(new Promise(() => undefined));
    void chooseRange("7d");
    expect(costsStore.get()).toMatchObject({ range: "7d", report: null });
  });

  it("shows new prices once they are in force and reads the report again", async () => {
    ipc.setPrices.mockResolvedValue(null);
    ipc.costReport.mockResolvedValue(report(3));
    const next = { ...PRICES, currency: "EUR" };
    await savePrices(next);
    expect(ipc.setPrices).toHaveBeenCalledWith(next);
    expect(costsStore.get().prices).toEqual(next);
    expect(ipc.costReport).toHaveBeenCalled();
  });
});
