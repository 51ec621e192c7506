//! The cost model, as pure functions over samples and prices.
//!
//! - W_i, the cost of microservice i over a window: CPU core-hours × CPU
//!   price + memory GiB-hours × memory price + its fixed hourly cost × hours
//!   running. Core-hours come from deltas of the engine's cumulative CPU
//!   counter; GiB-hours from memory in use (without page cache) held over
//!   each interval.
//! - C = Σ W_i.
//! - S_i, the cost of provider i: its hourly registration cost × the hours
//!   it was registered; R = Σ S_i.
//!
//! Time is always passed in (milliseconds since the Unix epoch); nothing
//! here reads a clock.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

const MS_PER_HOUR: f64 = 3_600_000.0;
const BYTES_PER_GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Prices per unit of resource and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Prices {
    pub cpu_per_core_hour: f64,
    pub memory_per_gib_hour: f64,
    pub currency: String,
    /// Charge max(usage, limit) instead of usage, as OpenCost charges
    /// max(request, usage).
    pub charge_limits: bool,
}

impl Default for Prices {
    /// OpenCost's default on-premises prices: its default pricing config
    /// (`configs/default.json` in the OpenCost repository) sets
    /// `"CPU": "0.031611"` per core-hour and `"RAM": "0.004237"` per
    /// GiB-hour.
    fn default() -> Self {
        Self {
            cpu_per_core_hour: 0.031611,
            memory_per_gib_hour: 0.004237,
            currency: "USD".into(),
            charge_limits: false,
        }
    }
}

/// One reading of a container's counters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub at: Millis,
    /// The engine's cumulative CPU time of the container, in nanoseconds.
    /// It starts again from zero when the container restarts.
    pub cpu_total_ns: u64,
    /// Memory in use without the page cache, in bytes.
    pub memory_bytes: u64,
    /// The container's CPU limit in cores, if it has one.
    pub cpu_limit_cores: Option<f64>,
    /// The container's memory limit in bytes, if it has one.
    pub memory_limit_bytes: Option<u64>,
}

/// Resource use over an interval between two samples.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Usage {
    pub core_hours: f64,
    pub gib_hours: f64,
    pub hours: f64,
}

impl Usage {
    pub fn add(&mut self, other: Usage) {
        self.core_hours += other.core_hours;
        self.gib_hours += other.gib_hours;
        self.hours += other.hours;
    }

    /// W for this usage, without the fixed part.
    pub fn cost(&self, prices: &Prices) -> f64 {
        self.core_hours * prices.cpu_per_core_hour + self.gib_hours * prices.memory_per_gib_hour
    }
}

/// The use between two consecutive samples of one container.
///
/// A counter lower than before means the container restarted: the new
/// value is all the use since then, so it is taken whole rather than as a
/// negative delta. Memory is charged at the later reading for the whole
/// interval. With `charge_limits`, each resource is charged at least its
/// limit.
pub fn interval_usage(before: &Sample, after: &Sample, charge_limits: bool) -> Usage {
    let elapsed_ms = (after.at - before.at).max(0) as f64;
    let hours = elapsed_ms / MS_PER_HOUR;
    let cpu_ns = if after.cpu_total_ns >= before.cpu_total_ns {
        after.cpu_total_ns - before.cpu_total_ns
    } else {
        after.cpu_total_ns
    };
    let mut core_hours = cpu_ns as f64 / 1e9 / 3600.0;
    let mut gib_hours = after.memory_bytes as f64 / BYTES_PER_GIB * hours;

    if charge_limits {
        if let Some(cores) = after.cpu_limit_cores {
            core_hours = core_hours.max(cores * hours);
        }
        if let Some(limit) = after.memory_limit_bytes {
            gib_hours = gib_hours.max(limit as f64 / BYTES_PER_GIB * hours);
        }
    }
    Usage { core_hours, gib_hours, hours }
}

/// The use over a series of samples of one container, in time order.
pub fn series_usage(samples: &[Sample], charge_limits: bool) -> Usage {
    let mut total = Usage::default();
    for pair in samples.windows(2) {
        total.add(interval_usage(&pair[0], &pair[1], charge_limits));
    }
    total
}

/// A price list and when it took effect.
#[derive(Debug, Clone, PartialEq)]
pub struct PricePeriod {
    pub from: Millis,
    pub prices: Prices,
}

/// The prices in force at `at`: the latest period that started at or
/// before it, else the earliest one.
///
/// The rule for price changes: an interval is priced by the list in force
/// when the interval ends, so a change applies from the first interval
/// measured after it and never reprices what was already measured.
pub fn prices_at(periods: &[PricePeriod], at: Millis) -> Option<&Prices> {
    periods
        .iter()
        .filter(|period| period.from <= at)
        .max_by_key(|period| period.from)
        .or_else(|| periods.iter().min_by_key(|period| period.from))
        .map(|period| &period.prices)
}

/// The cost of a series under changing prices (see [`prices_at`]), plus a
/// fixed hourly cost for the hours covered.
pub fn series_cost(samples: &[Sample], periods: &[PricePeriod], fixed_hourly: f64) -> f64 {
    samples
        .windows(2)
        .map(|pair| {
            let Some(prices) = prices_at(periods, pair[1].at) else { return 0.0 };
            let usage = interval_usage(&pair[0], &pair[1], prices.charge_limits);
            usage.cost(prices) + fixed_hourly * usage.hours
        })
        .sum()
}

/// A span during which a provider was registered at an hourly cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub started: Millis,
    /// `None` while still registered.
    pub ended: Option<Millis>,
    pub hourly_cost: f64,
}

/// S over `[from, to)`: each span's hourly cost × its hours inside the window.
pub fn registration_cost(spans: &[Span], from: Millis, to: Millis) -> f64 {
    spans
        .iter()
        .map(|span| {
            let start = span.started.max(from);
            let end = span.ended.unwrap_or(to).min(to);
            let hours = (end - start).max(0) as f64 / MS_PER_HOUR;
            span.hourly_cost * hours
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Millis = 3_600_000;
    const GIB: u64 = 1024 * 1024 * 1024;

    fn sample(at: Millis, cpu_seconds: f64, memory: u64) -> Sample {
        Sample {
            at,
            cpu_total_ns: (cpu_seconds * 1e9) as u64,
            memory_bytes: memory,
            cpu_limit_cores: None,
            memory_limit_bytes: None,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn one_busy_core_and_one_gib_for_an_hour_cost_the_list_prices() {
        let samples = [sample(0, 0.0, GIB), sample(HOUR, 3600.0, GIB)];
        let prices = Prices::default();

        let usage = series_usage(&samples, false);

        assert!(close(usage.core_hours, 1.0), "{usage:?}");
        assert!(close(usage.gib_hours, 1.0), "{usage:?}");
        assert!(close(usage.cost(&prices), 0.031611 + 0.004237));
    }

    #[test]
    fn a_counter_reset_counts_the_new_value_whole() {
        // 100 s of CPU, then the container restarts and uses 30 s more.
        let samples = [sample(0, 0.0, 0), sample(60_000, 100.0, 0), sample(120_000, 30.0, 0)];

        let usage = series_usage(&samples, false);

        assert!(close(usage.core_hours * 3600.0, 130.0), "{usage:?}");
    }

    #[test]
    fn limits_are_charged_when_asked_and_above_use() {
        let mut before = sample(0, 0.0, GIB / 2);
        let mut after = sample(HOUR, 360.0, GIB / 2);
        before.cpu_limit_cores = Some(0.5);
        after.cpu_limit_cores = Some(0.5);
        after.memory_limit_bytes = Some(2 * GIB);

        let used = interval_usage(&before, &after, false);
        let allocated = interval_usage(&before, &after, true);

        assert!(close(used.core_hours, 0.1) && close(used.gib_hours, 0.5));
        assert!(close(allocated.core_hours, 0.5), "max(0.1 used, 0.5 limit)");
        assert!(close(allocated.gib_hours, 2.0), "max(0.5 used, 2 limit)");
    }

    #[test]
    fn a_price_change_applies_from_the_next_measured_interval() {
        let cheap =
            Prices { cpu_per_core_hour: 1.0, memory_per_gib_hour: 0.0, ..Prices::default() };
        let dear = Prices { cpu_per_core_hour: 3.0, ..cheap.clone() };
        let periods =
            [PricePeriod { from: 0, prices: cheap }, PricePeriod { from: HOUR + 1, prices: dear }];
        // One core busy for two hours, sampled hourly.
        let samples = [sample(0, 0.0, 0), sample(HOUR, 3600.0, 0), sample(2 * HOUR, 7200.0, 0)];

        let cost = series_cost(&samples, &periods, 0.0);

        assert!(close(cost, 1.0 + 3.0), "first hour at the old price, second at the new: {cost}");
    }

    #[test]
    fn fixed_hourly_costs_follow_the_hours_covered() {
        let samples = [sample(0, 0.0, 0), sample(HOUR / 2, 0.0, 0)];
        let periods = [PricePeriod { from: 0, prices: Prices::default() }];

        assert!(close(series_cost(&samples, &periods, 2.0), 1.0), "half an hour at 2 per hour");
    }

    #[test]
    fn registration_cost_is_exact_over_the_window() {
        let spans = [
            Span { started: 0, ended: Some(2 * HOUR), hourly_cost: 1.5 },
            Span { started: 2 * HOUR, ended: None, hourly_cost: 2.0 },
        ];

        let whole = registration_cost(&spans, 0, 3 * HOUR);
        let clipped = registration_cost(&spans, HOUR, 2 * HOUR + HOUR / 2);

        assert!(close(whole, 1.5 * 2.0 + 2.0), "{whole}");
        assert!(close(clipped, 1.5 + 1.0), "{clipped}");
    }
}
