//! Commands of the cost dashboard.

use berth::costs::{self, CostReport, Prices};
use berth::{ErrorCode, UiError};
use tauri::State;

use crate::state::AppState;

/// The report over `[from, to)` (milliseconds since the Unix epoch) in
/// steps of `stepMs`.
#[tauri::command]
#[specta::specta]
pub async fn cost_report(
    state: State<'_, AppState>,
    from: f64,
    to: f64,
    step_ms: f64,
) -> Result<CostReport, UiError> {
    let store = state.registry()?.store().clone();
    costs::cost_report(&store, from as i64, to as i64, step_ms as i64).await.map_err(|error| {
        let code = match error {
            costs::ReportError::Step => ErrorCode::InvalidInput,
            _ => ErrorCode::Storage,
        };
        UiError::new(code, error.to_string())
    })
}

/// The prices in force now.
#[tauri::command]
#[specta::specta]
pub async fn current_prices(state: State<'_, AppState>) -> Result<Prices, UiError> {
    let store = state.registry()?.store().clone();
    let periods = costs::price_periods(store.pool()).await.map_err(storage)?;
    let now = jiff::Timestamp::now().as_millisecond();
    Ok(costs::prices_at(&periods, now).cloned().unwrap_or_default())
}

/// Puts new prices in force from now on; what was measured before keeps its
/// old prices.
#[tauri::command]
#[specta::specta]
pub async fn set_prices(state: State<'_, AppState>, prices: Prices) -> Result<(), UiError> {
    let valid = |v: f64| v.is_finite() && v >= 0.0;
    let mut error = UiError::new(ErrorCode::InvalidInput, "the prices are not valid");
    for (field, value) in [
        ("cpuPerCoreHour", prices.cpu_per_core_hour),
        ("memoryPerGibHour", prices.memory_per_gib_hour),
    ] {
        if !valid(value) {
            error
                .fields
                .push(berth::error::FieldError::new(field, "must be a number of 0 or more"));
        }
    }
    if prices.currency.trim().is_empty() || prices.currency.len() > 8 {
        error.fields.push(berth::error::FieldError::new("currency", "must be 1 to 8 characters"));
    }
    if !error.fields.is_empty() {
        return Err(error);
    }
    let store = state.registry()?.store().clone();
    let now = jiff::Timestamp::now().as_millisecond();
    costs::set_prices(&store, &prices, now).await.map_err(storage)
}

fn storage(error: sqlx::Error) -> UiError {
    UiError::new(ErrorCode::Storage, format!("cannot read or save prices: {error}"))
}
