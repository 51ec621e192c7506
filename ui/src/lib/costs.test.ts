import { describe, expect, it } from "vitest";
import type { CostReport } from "../ipc";
import {
  CSV_HEADER,
  costsCsv,
  csvCell,
  csvNumber,
  cumulative,
  formatMoney,
  formatQuantity,
  pricesSchema,
  rangeWindow,
  seriesPoints,
  shareOf,
} from "./costs";
import { stackSeries, withAlpha } from "./costsChart";

const NOW = Date.UTC(2026, 11, 3, 19, 17, 22);

describe("rangeWindow", () => {
  it("ends on the next whole step and spans the range", () => {
    const w = rangeWindow("1h", NOW);
    expect(w.stepMs, "a minute per step in the last hour").toBe(60_000);
    expect(w.to, "rounded up to the next minute").toBe(Date.UTC(2026, 11, 3, 19, 18));
    expect(w.to - w.from, "one hour").toBe(3_600_000);
  });

  it("keeps every range at or under about a thousand points", () => {
    for (const key of ["1h", "24h", "7d", "30d"] as const) {
      const w = rangeWindow(key, NOW);
      expect((w.to - w.from) / w.stepMs, key).toBeLessThanOrEqual(1000);
      expect(w.to % w.stepMs, `${key} ends on a whole step`).toBe(0);
    }
    expect(rangeWindow("24h", NOW).stepMs, "15 minutes per step over a day").toBe(900_000);
    expect(rangeWindow("7d", NOW).stepMs, "an hour per step over a week").toBe(3_600_000);
    expect(rangeWindow("30d", NOW).stepMs, "6 hours per step over a month").toBe(21_600_000);
  });

  it("leaves a time already on a step where it is", () => {
    const onStep = Date.UTC(2026, 0, 1, 6);
    expect(rangeWindow("30d", onStep).to).toBe(onStep);
  });
});

describe("cumulative", () => {
  it("adds each step to the ones before it, per series", () => {
    const points = seriesPoints([
      { start: "2026-12-03T10:00:00Z", orchestration: 1, registration: 0.5 },
      { start: "2026-12-03T10:01:00Z", orchestration: null, registration: 0.5 },
      { start: "2026-12-03T10:02:00Z", orchestration: 2, registration: null },
    ]);
    expect(cumulative(points)).toEqual([
      { time: Date.UTC(2026, 11, 3, 10) / 1000, orchestration: 1, registration: 0.5 },
      { time: Date.UTC(2026, 11, 3, 10, 1) / 1000, orchestration: 1, registration: 1 },
      { time: Date.UTC(2026, 11, 3, 10, 2) / 1000, orchestration: 3, registration: 1 },
    ]);
  });

  it("gives nothing for nothing", () => {
    expect(cumulative([])).toEqual([]);
  });
});

describe("shareOf", () => {
  it("is a percentage of the whole", () => {
    expect(shareOf(1, 4)).toBe(25);
    expect(shareOf(3, 3)).toBe(100);
  });

  it("is 0 when the whole is nothing or unknown", () => {
    expect(shareOf(1, 0)).toBe(0);
    expect(shareOf(null, 5)).toBe(0);
    expect(shareOf(1, null)).toBe(0);
  });

  it("stays within 0–100 when rounding makes a part exceed its whole", () => {
    expect(shareOf(1.0000001, 1)).toBe(100);
  });
});

describe("formatMoney", () => {
  it("keeps four significant digits for small amounts", () => {
    expect(formatMoney(0.031611, "USD", "en-US")).toBe("$0.03161");
    expect(formatMoney(0.00001234567, "USD", "en-US")).toBe("$0.00001235");
    expect(formatMoney(12.3456, "USD", "en-US")).toBe("$12.35");
  });

  it("shows cents for large amounts and for zero", () => {
    expect(formatMoney(1234.5, "EUR", "en-US")).toBe("€1,234.50");
    expect(formatMoney(0, "USD", "en-US")).toBe("$0.00");
  });

  it("shows a dash for a missing number", () => {
    expect(formatMoney(null, "USD", "en-US")).toBe("—");
  });

  it("falls back to the code when the currency is unknown to Intl", () => {
    expect(formatMoney(1.5, "X1", "en-US")).toBe("1.5 X1");
  });

  it("formats quantities to three decimals", () => {
    expect(formatQuantity(0.25, "en-US")).toBe("0.250");
    expect(formatQuantity(1234.56, "en-US")).toBe("1,234.6");
  });
});

describe("CSV", () => {
  it("quotes cells with commas, quotes, line breaks and edge spaces", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell(null)).toBe("");
  });

  it("writes numbers with a decimal point, no grouping and no exponent", () => {
    expect(csvNumber(1234567.5)).toBe("1234567.5");
    expect(csvNumber(1e-7)).toBe("0.0000001");
    expect(csvNumber(3)).toBe("3");
    expect(csvNumber(Number.NaN)).toBe("");
  });

  it("writes the breakdown and the series under one header", () => {
    const report: CostReport = {
      from: "2026-12-03T10:00:00Z",
      to: "2026-12-03T10:02:00Z",
      currency: "USD",
      orchestration: 0.5,
      registration: 2,
      total: 2.5,
      microservices: [
        {
          key: "shop/web,1",
          app: "shop",
          service: "web,1",
          cost: 0.5,
          coreHours: 1.25,
          gibHours: 0.5,
          hours: 0.03,
        },
      ],
      providers: [{ id: "p1", name: 'billed "api"', cost: 2, hours: 1 }],
      series: [],
    };
    const points = [
      { time: Date.UTC(2026, 11, 3, 10) / 1000, orchestration: 0.5, registration: 2 },
    ];
    const lines = costsCsv(report, points).split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    expect(lines[1]).toBe('microservice,"shop/web,1",,1.25,0.5,0.03,0.5,,0.5,USD');
    expect(lines[2]).toBe('provider,"billed ""api""",,,,1,,2,2,USD');
    expect(lines[3]).toBe("step,,2026-12-03T10:00:00.000Z,,,,0.5,2,2.5,USD");
    expect(lines[4], "ends with a line break").toBe("");
    expect(lines).toHaveLength(5);
  });
});

describe("pricesSchema", () => {
  const valid = { cpuPerCoreHour: "0.031611", memoryPerGibHour: ".004237", currency: "eur" };

  it("turns the form into prices", () => {
    expect(pricesSchema.parse({ ...valid, chargeLimits: true })).toEqual({
      cpuPerCoreHour: 0.031611,
      memoryPerGibHour: 0.004237,
      currency: "EUR",
      chargeLimits: true,
    });
  });

  it("refuses negative or non-numeric prices and unknown currencies, at their field", () => {
    const result = pricesSchema.safeParse({
      cpuPerCoreHour: "-1",
      memoryPerGibHour: "abc",
      currency: "EU",
      chargeLimits: false,
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["cpuPerCoreHour", "memoryPerGibHour", "currency"]),
    );
  });
});

describe("stackSeries", () => {
  const points = [
    { time: 1, orchestration: 1, registration: 2 },
    { time: 2, orchestration: 3, registration: 4 },
  ];

  it("stacks registration on orchestration", () => {
    expect(stackSeries(points, [true, true])).toEqual([
      [1, 2],
      [1, 3],
      [3, 7],
    ]);
  });

  it("drops a hidden series out of the stack", () => {
    expect(stackSeries(points, [false, true])[2]).toEqual([2, 4]);
  });

  it("adds an alpha to hex colours only", () => {
    expect(withAlpha("#2563eb", 0.5)).toBe("rgba(37, 99, 235, 0.5)");
    expect(withAlpha("red", 0.5)).toBe("red");
  });
});
