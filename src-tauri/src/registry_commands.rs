//! Commands of the registry view.

use berth::UiError;
use berth::registry::{Instance, Registration, ServiceSummary, Source, Transition};
use tauri::State;

use crate::state::{ApiStatus, AppState};

/// Service names with healthy and total counts.
#[tauri::command]
#[specta::specta]
pub async fn registry_services(state: State<'_, AppState>) -> Result<Vec<ServiceSummary>, UiError> {
    Ok(state.registry()?.services().await?)
}

/// Every instance, or those of one service.
#[tauri::command]
#[specta::specta]
pub async fn registry_instances(
    state: State<'_, AppState>,
    name: Option<String>,
) -> Result<Vec<Instance>, UiError> {
    Ok(state.registry()?.instances(name.as_deref(), false).await?)
}

/// One instance with its checks.
#[tauri::command]
#[specta::specta]
pub async fn registry_instance(
    state: State<'_, AppState>,
    id: String,
) -> Result<Instance, UiError> {
    Ok(state.registry()?.instance(&id).await?)
}

/// An instance's recorded check transitions, newest first.
#[tauri::command]
#[specta::specta]
pub async fn registry_history(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<Transition>, UiError> {
    Ok(state.registry()?.history(&id).await?)
}

/// Registers (or, with an existing id, updates) an instance from the form.
#[tauri::command]
#[specta::specta]
pub async fn register_instance(
    state: State<'_, AppState>,
    registration: Registration,
) -> Result<Instance, UiError> {
    Ok(state.registry()?.register(&registration, Source::Form).await?)
}

/// Deregisters an instance.
#[tauri::command]
#[specta::specta]
pub async fn deregister_instance(state: State<'_, AppState>, id: String) -> Result<(), UiError> {
    Ok(state.registry()?.deregister(&id, "deregistered in the app").await?)
}

/// Where the registry's HTTP API listens.
#[tauri::command]
#[specta::specta]
pub fn registry_api_status(state: State<'_, AppState>) -> ApiStatus {
    state.api.clone()
}
