//! What running and registering local microservices costs: the model
//! (C = Σ W_i over microservices, R = Σ S_i over providers) as pure
//! functions of samples, spans and prices.

mod model;

pub use model::{
    Millis, PricePeriod, Prices, Sample, Span, Usage, interval_usage, prices_at, registration_cost,
    series_cost, series_usage,
};
