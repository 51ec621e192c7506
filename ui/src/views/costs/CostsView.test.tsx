import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { CostReport, Prices } from "../../ipc";
import { CostsView } from "./CostsView";

// uPlot draws on a canvas, which jsdom lacks; the chart's container and its hooks stay real.
vi.mock("./CostChart", () => ({ CostChart: () => <div data-testid="uplot-stub" /> }));

const PRICES: Prices = {
  cpuPerCoreHour: 0.031611,
  memoryPerGibHour: 0.004237,
  currency: "USD",
  chargeLimits: false,
};

const REPORT: CostReport = {
  from: "2026-12-03T09:00:00Z",
  to: "2026-12-03T10:00:00Z",
  currency: "USD",
  orchestration: 0.0123456,
  registration: 2,
  total: 2.0123456,
  microservices: [
    {
      key: "shop/web",
      app: "shop",
      service: "web",
      cost: 0.01,
      coreHours: 0.3,
      gibHours: 0.1,
      hours: 1,
    },
    {
      key: "loose",
      app: null,
      service: null,
      cost: 0.0023456,
      coreHours: 0.07,
      gibHours: 0.02,
      hours: 1,
    },
  ],
  providers: [{ id: "billed-1", name: "billed", cost: 2, hours: 1 }],
  series: [{ start: "2026-12-03T09:00:00Z", orchestration: 0.0123456, registration: 2 }],
};

function view(overrides: Partial<Parameters<typeof CostsView>[0]> = {}) {
  const props = {
    range: "1h" as const,
    report: REPORT,
    error: null,
    loading: false,
    prices: PRICES,
    onRange: vi.fn(),
    onRetry: vi.fn(),
    onEditPrices: vi.fn(),
    ...overrides,
  };
  render(<CostsView {...props} />);
  return props;
}

describe("CostsView", () => {
  it("shows C, R and C + R with their raw numbers", () => {
    view();
    expect(screen.getByTestId("kpi-c")).toHaveAttribute("data-value", "0.0123456");
    expect(screen.getByTestId("kpi-c")).toHaveTextContent("$0.01235");
    expect(screen.getByTestId("kpi-r")).toHaveAttribute("data-value", "2");
    expect(screen.getByTestId("kpi-total")).toHaveAttribute("data-value", "2.0123456");
    expect(screen.getByTestId("kpi-total")).toHaveTextContent("$2.012");
  });

  it("lists a row per microservice and provider with its share", () => {
    view();
    const rows = screen.getAllByTestId("cost-row");
    expect(rows.map((row) => row.dataset.key)).toEqual(["shop/web", "loose", "billed-1"]);
    const web = rows[0];
    expect(within(web).getByText("$0.01")).toBeInTheDocument();
    expect(web.querySelector("[data-share]")).toHaveAttribute("data-share", "81.00");
    expect(rows[2].querySelector("[data-share]")).toHaveAttribute("data-share", "100.00");
  });

  it("names the series the chart shows", () => {
    view();
    expect(screen.getByTestId("cost-chart")).toHaveAttribute(
      "data-series",
      "orchestration,registration",
    );
  });

  it("says costs come later when the report has nothing", () => {
    view({
      report: {
        ...REPORT,
        orchestration: 0,
        registration: 0,
        total: 0,
        microservices: [],
        providers: [],
      },
    });
    expect(screen.getByTestId("costs-empty")).toHaveTextContent(/once containers have run/);
    expect(screen.queryByTestId("kpi-c")).toBeNull();
  });

  it("shows loading before the first report and the error with a retry after a failure", async () => {
    const { unmount } = render(
      <CostsView
        range="24h"
        report={null}
        error={null}
        loading
        prices={null}
        onRange={vi.fn()}
        onRetry={vi.fn()}
        onEditPrices={vi.fn()}
      />,
    );
    expect(screen.getByTestId("costs-loading")).toBeInTheDocument();
    unmount();

    const props = view({
      report: null,
      error: { code: "engine", message: "store down", fields: [] },
    });
    expect(screen.getByTestId("costs-error")).toHaveTextContent("store down");
    await userEvent.click(screen.getByRole("button", { name: /try again/i }));
    expect(props.onRetry).toHaveBeenCalled();
  });

  it("asks for another range and explains the prices in force", async () => {
    const props = view();
    await userEvent.click(screen.getByRole("radio", { name: "7 days" }));
    expect(props.onRange).toHaveBeenCalledWith("7d");
    expect(screen.getByTestId("prices-in-force")).toHaveTextContent("$0.03161 per core-hour");
  });
});
