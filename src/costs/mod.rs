//! What running and registering local microservices costs: the model
//! (C = Σ W_i over microservices, R = Σ S_i over providers) as pure
//! functions of samples, spans and prices.

mod model;
mod report;
mod sampler;

pub use model::{
    Millis, PricePeriod, Prices, Sample, Span, Usage, interval_usage, prices_at, registration_cost,
    series_cost, series_usage,
};
pub use report::{
    CostPoint, CostReport, MAX_POINTS, MicroserviceCost, ProviderCost, ReportError, cost_report,
    price_periods, set_prices,
};
pub use sampler::{DEFAULT_INTERVAL, HOURLY_COST_LABEL, Sampler, roll_up, spawn_sampler};
