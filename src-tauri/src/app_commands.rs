//! Commands of the applications view.

use std::path::{Path, PathBuf};

use berth::apps::{
    self, AppSpec, ComposeError, DeployProgress, DeployReport, Parsed, SourceKind, StoredApp,
    Variables, Warning,
};
use berth::{ErrorCode, UiError};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::state::AppState;

/// A compose file read but not stored yet.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposePreview {
    pub app: AppSpec,
    pub warnings: Vec<Warning>,
}

impl From<Parsed> for ComposePreview {
    fn from(parsed: Parsed) -> Self {
        Self { app: parsed.app, warnings: parsed.warnings }
    }
}

fn compose_error(error: ComposeError) -> UiError {
    UiError::new(ErrorCode::InvalidInput, error.to_string())
}

/// Every stored application.
#[tauri::command]
#[specta::specta]
pub async fn list_apps(state: State<'_, AppState>) -> Result<Vec<StoredApp>, UiError> {
    state.apps()?.list().await.map_err(storage)
}

/// Reads pasted compose text. Relative paths resolve against the home
/// folder, and no `.env` is read; open the file instead to use its folder.
#[tauri::command]
#[specta::specta]
pub fn preview_compose(
    text: String,
    file_name: String,
    name: String,
) -> Result<ComposePreview, UiError> {
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/"), PathBuf::from);
    let vars = Variables::from_map(std::env::vars().collect());
    apps::parse_compose(&text, &file_name, &name, &vars, &home)
        .map(ComposePreview::from)
        .map_err(compose_error)
}

/// Reads a compose file from disk, with the `.env` and `env_file`s beside it.
#[tauri::command]
#[specta::specta]
pub fn open_compose_file(path: String, name: Option<String>) -> Result<ComposeFile, UiError> {
    let parsed =
        apps::load_compose_file(Path::new(&path), name.as_deref()).map_err(compose_error)?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| UiError::new(ErrorCode::InvalidInput, format!("cannot read {path}: {e}")))?;
    Ok(ComposeFile { preview: parsed.into(), text })
}

/// A compose file's preview and its text, kept for re-export.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeFile {
    pub preview: ComposePreview,
    pub text: String,
}

/// Stores an application (replacing one of the same name). `sourceText` is
/// the compose text it came from, if any.
#[tauri::command]
#[specta::specta]
pub async fn save_app(
    state: State<'_, AppState>,
    app: AppSpec,
    source_text: Option<String>,
) -> Result<(), UiError> {
    apps::plan::start_order(&app)
        .map_err(|e| UiError::new(ErrorCode::InvalidInput, e.to_string()))?;
    let kind = if source_text.is_some() { SourceKind::Compose } else { SourceKind::Form };
    let stored = StoredApp { spec: app, source_kind: kind, source_text };
    let now = jiff::Timestamp::now().as_millisecond();
    state.apps()?.save(&stored, now).await.map_err(storage)
}

/// Deploys a stored application, streaming each service's progress.
#[tauri::command]
#[specta::specta]
pub async fn deploy_app(
    state: State<'_, AppState>,
    name: String,
    on_progress: Channel<DeployProgress>,
) -> Result<DeployReport, UiError> {
    let app = stored(&state, &name).await?;
    let engine = state.monitor.engine()?;
    apps::deploy(&engine, &app.spec, move |step| {
        let _ = on_progress.send(step);
    })
    .await
    .map_err(|e| e.to_ui())
}

#[tauri::command]
#[specta::specta]
pub async fn start_app(state: State<'_, AppState>, name: String) -> Result<(), UiError> {
    let app = stored(&state, &name).await?;
    apps::start_app(&state.monitor.engine()?, &app.spec).await.map_err(|e| e.to_ui())
}

#[tauri::command]
#[specta::specta]
pub async fn stop_app(state: State<'_, AppState>, name: String) -> Result<(), UiError> {
    let app = stored(&state, &name).await?;
    apps::stop_app(&state.monitor.engine()?, &app.spec).await.map_err(|e| e.to_ui())
}

/// Stops the app, dependents first, then starts it in dependency order.
#[tauri::command]
#[specta::specta]
pub async fn restart_app(state: State<'_, AppState>, name: String) -> Result<(), UiError> {
    let app = stored(&state, &name).await?;
    let engine = state.monitor.engine()?;
    apps::stop_app(&engine, &app.spec).await.map_err(|e| e.to_ui())?;
    apps::start_app(&engine, &app.spec).await.map_err(|e| e.to_ui())
}

/// Removes the app's containers and networks (and volumes, if asked); the
/// app stays stored and can be deployed again.
#[tauri::command]
#[specta::specta]
pub async fn tear_down_app(
    state: State<'_, AppState>,
    name: String,
    volumes: bool,
) -> Result<(), UiError> {
    apps::tear_down(&state.monitor.engine()?, &name, volumes).await.map_err(|e| e.to_ui())
}

/// Tears the app down and forgets it.
#[tauri::command]
#[specta::specta]
pub async fn delete_app(
    state: State<'_, AppState>,
    name: String,
    volumes: bool,
) -> Result<(), UiError> {
    apps::tear_down(&state.monitor.engine()?, &name, volumes).await.map_err(|e| e.to_ui())?;
    state.apps()?.delete(&name).await.map_err(storage)?;
    Ok(())
}

/// The app as a compose file: the imported text verbatim, or one written
/// from the model for apps built in the form.
#[tauri::command]
#[specta::specta]
pub async fn export_app(state: State<'_, AppState>, name: String) -> Result<String, UiError> {
    let app = stored(&state, &name).await?;
    Ok(match app.source_text {
        Some(text) => text,
        None => apps::export_compose(&app.spec),
    })
}

/// Writes the app's compose file to `path` (chosen in a save dialog).
#[tauri::command]
#[specta::specta]
pub async fn export_app_to(
    state: State<'_, AppState>,
    name: String,
    path: String,
) -> Result<(), UiError> {
    let text = export_app(state, name).await?;
    std::fs::write(&path, text)
        .map_err(|e| UiError::new(ErrorCode::Storage, format!("cannot write {path}: {e}")))
}

async fn stored(state: &AppState, name: &str) -> Result<StoredApp, UiError> {
    state
        .apps()?
        .get(name)
        .await
        .map_err(storage)?
        .ok_or_else(|| UiError::new(ErrorCode::NotFound, format!("no app named {name}")))
}

fn storage(error: apps::AppStoreError) -> UiError {
    UiError::new(ErrorCode::Storage, berth::error::with_cause(&error))
}
