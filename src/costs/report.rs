//! Cost reports over a window: C, R and C + R, each microservice's W_i,
//! each provider's S_i, and both as a series per step. The same report
//! answers `GET /costs` and feeds the dashboard.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::SqlitePool;

use super::model::{Millis, PricePeriod, Prices, Span, prices_at, registration_cost};
use crate::registry::rfc3339;
use crate::store::Store;

/// The most points one series may have.
pub const MAX_POINTS: i64 = 10_000;

/// One microservice's cost over the window.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MicroserviceCost {
    /// `app/service` for application containers, else the container name.
    pub key: String,
    pub app: Option<String>,
    pub service: Option<String>,
    /// W_i.
    pub cost: f64,
    pub core_hours: f64,
    pub gib_hours: f64,
    /// Hours it was measured running.
    pub hours: f64,
}

/// One provider's registration cost over the window.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ProviderCost {
    pub id: String,
    pub name: String,
    /// S_i.
    pub cost: f64,
    /// Hours registered within the window.
    pub hours: f64,
}

/// C and R over one step of the window.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CostPoint {
    /// The step's start (RFC 3339).
    pub start: String,
    pub orchestration: f64,
    pub registration: f64,
}

/// Everything a window costs.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CostReport {
    pub from: String,
    pub to: String,
    pub currency: String,
    /// C = Σ W_i.
    pub orchestration: f64,
    /// R = Σ S_i.
    pub registration: f64,
    /// C + R.
    pub total: f64,
    /// Sorted by cost, highest first.
    pub microservices: Vec<MicroserviceCost>,
    /// Sorted by cost, highest first.
    pub providers: Vec<ProviderCost>,
    pub series: Vec<CostPoint>,
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the step must be above zero and give at most {MAX_POINTS} points")]
    Step,
    #[error("cannot read the measurements")]
    Read { source: sqlx::Error },
}

/// The price lists in force over time, oldest first; the defaults when none
/// was ever saved.
pub async fn price_periods(pool: &SqlitePool) -> Result<Vec<PricePeriod>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT effective_from, prices FROM price_periods ORDER BY effective_from")
            .fetch_all(pool)
            .await?;
    let mut periods: Vec<PricePeriod> = rows
        .into_iter()
        .filter_map(|(from, json)| {
            serde_json::from_str(&json).ok().map(|prices| PricePeriod { from, prices })
        })
        .collect();
    if periods.is_empty() {
        periods.push(PricePeriod { from: 0, prices: Prices::default() });
    }
    Ok(periods)
}

/// Puts new prices in force from `now` on.
pub async fn set_prices(store: &Store, prices: &Prices, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO price_periods (effective_from, prices) VALUES (?1, ?2) \
         ON CONFLICT (effective_from) DO UPDATE SET prices = ?2",
    )
    .bind(now)
    .bind(serde_json::to_string(prices).unwrap_or_default())
    .execute(store.writer())
    .await?;
    Ok(())
}

/// Reports `[from, to)` in steps of `step` milliseconds.
pub async fn cost_report(
    store: &Store,
    from: Millis,
    to: Millis,
    step: Millis,
) -> Result<CostReport, ReportError> {
    if step <= 0 || (to - from) / step > MAX_POINTS {
        return Err(ReportError::Step);
    }
    let read = |source| ReportError::Read { source };
    let periods = price_periods(store.pool()).await.map_err(read)?;
    let buckets: Vec<Bucket> = sqlx::query_as(
        "SELECT container_name, app, service, hourly_cost, bucket, bucket_ms, core_seconds, \
         gib_seconds, seconds, limit_core_seconds, limit_gib_seconds FROM usage \
         WHERE bucket >= ?1 AND bucket < ?2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(store.pool())
    .await
    .map_err(read)?;
    let spans: Vec<(String, String, f64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT instance_id, name, hourly_cost, started_at, ended_at FROM registration_spans \
         WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at > ?1)",
    )
    .bind(from)
    .bind(to)
    .fetch_all(store.pool())
    .await
    .map_err(read)?;

    let steps = ((to - from) + step - 1) / step;
    let mut series: Vec<CostPoint> = (0..steps)
        .map(|n| CostPoint {
            start: rfc3339(from + n * step),
            orchestration: 0.0,
            registration: 0.0,
        })
        .collect();
    let mut microservices: BTreeMap<String, MicroserviceCost> = BTreeMap::new();
    for bucket in &buckets {
        let Some(prices) = prices_at(&periods, bucket.bucket + bucket.bucket_ms) else { continue };
        let (core_seconds, gib_seconds) = bucket.charged(prices.charge_limits);
        let cost = core_seconds / 3600.0 * prices.cpu_per_core_hour
            + gib_seconds / 3600.0 * prices.memory_per_gib_hour
            + bucket.hourly_cost * bucket.seconds / 3600.0;
        let key = match (&bucket.app, &bucket.service) {
            (Some(app), Some(service)) => format!("{app}/{service}"),
            _ => bucket.container_name.clone(),
        };
        let entry = microservices.entry(key.clone()).or_insert_with(|| MicroserviceCost {
            key,
            app: bucket.app.clone(),
            service: bucket.service.clone(),
            cost: 0.0,
            core_hours: 0.0,
            gib_hours: 0.0,
            hours: 0.0,
        });
        entry.cost += cost;
        entry.core_hours += core_seconds / 3600.0;
        entry.gib_hours += gib_seconds / 3600.0;
        entry.hours += bucket.seconds / 3600.0;
        let index = usize::try_from((bucket.bucket - from) / step).unwrap_or(0);
        if let Some(point) = series.get_mut(index) {
            point.orchestration += cost;
        }
    }

    let mut providers: BTreeMap<String, ProviderCost> = BTreeMap::new();
    for (id, name, hourly_cost, started, ended) in &spans {
        let span = [Span { started: *started, ended: *ended, hourly_cost: *hourly_cost }];
        let entry = providers.entry(id.clone()).or_insert_with(|| ProviderCost {
            id: id.clone(),
            name: name.clone(),
            cost: 0.0,
            hours: 0.0,
        });
        entry.cost += registration_cost(&span, from, to);
        entry.hours += registration_cost(&[Span { hourly_cost: 1.0, ..span[0] }], from, to);
        for (n, point) in series.iter_mut().enumerate() {
            let start = from + i64::try_from(n).unwrap_or(0) * step;
            point.registration += registration_cost(&span, start, (start + step).min(to));
        }
    }

    let orchestration = microservices.values().map(|m| m.cost).sum::<f64>();
    let registration = providers.values().map(|p| p.cost).sum::<f64>();
    let mut microservices: Vec<MicroserviceCost> = microservices.into_values().collect();
    microservices.sort_by(|a, b| b.cost.total_cmp(&a.cost));
    let mut providers: Vec<ProviderCost> = providers.into_values().collect();
    providers.sort_by(|a, b| b.cost.total_cmp(&a.cost));
    let currency = prices_at(&periods, to).map(|p| p.currency.clone()).unwrap_or_default();
    Ok(CostReport {
        from: rfc3339(from),
        to: rfc3339(to),
        currency,
        orchestration,
        registration,
        total: orchestration + registration,
        microservices,
        providers,
        series,
    })
}

#[derive(sqlx::FromRow)]
struct Bucket {
    container_name: String,
    app: Option<String>,
    service: Option<String>,
    hourly_cost: f64,
    bucket: i64,
    bucket_ms: i64,
    core_seconds: f64,
    gib_seconds: f64,
    seconds: f64,
    limit_core_seconds: Option<f64>,
    limit_gib_seconds: Option<f64>,
}

impl Bucket {
    /// Core-seconds and GiB-seconds to charge: use, or at least the limits.
    fn charged(&self, charge_limits: bool) -> (f64, f64) {
        if !charge_limits {
            return (self.core_seconds, self.gib_seconds);
        }
        (
            self.core_seconds.max(self.limit_core_seconds.unwrap_or(0.0)),
            self.gib_seconds.max(self.limit_gib_seconds.unwrap_or(0.0)),
        )
    }
}
