//! The commands the interface calls. Each takes the state, calls the core
//! and maps failures to [`UiError`].

use std::time::Duration;

use berth::UiError;
use berth::engine::{
    ContainerDetail, ContainerSpec, ContainerSummary, EngineStatus, ImageSummary, LogLine,
    StatsSample,
};
use futures_util::StreamExt;
use tauri::State;
use tauri::ipc::Channel;

use crate::state::AppState;

/// The most log lines sent to the interface in one message.
const LOG_BATCH: usize = 500;

/// How long log lines may wait to be batched before they are sent.
const LOG_BATCH_DELAY: Duration = Duration::from_millis(50);

/// Whether an engine answers, and which.
#[tauri::command]
#[specta::specta]
pub fn engine_status(state: State<'_, AppState>) -> EngineStatus {
    state.monitor.status()
}

/// Tries to reach the engine now instead of waiting for the next retry.
#[tauri::command]
#[specta::specta]
pub fn retry_engine(state: State<'_, AppState>) {
    state.monitor.retry_now();
}

/// Every container, running or not.
#[tauri::command]
#[specta::specta]
pub async fn list_containers(state: State<'_, AppState>) -> Result<Vec<ContainerSummary>, UiError> {
    Ok(state.monitor.engine()?.list_containers().await?)
}

/// The inspect summary of one container.
#[tauri::command]
#[specta::specta]
pub async fn inspect_container(
    state: State<'_, AppState>,
    id: String,
) -> Result<ContainerDetail, UiError> {
    Ok(state.monitor.engine()?.inspect_container(&id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn start_container(state: State<'_, AppState>, id: String) -> Result<(), UiError> {
    Ok(state.monitor.engine()?.start_container(&id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn stop_container(state: State<'_, AppState>, id: String) -> Result<(), UiError> {
    Ok(state.monitor.engine()?.stop_container(&id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn restart_container(state: State<'_, AppState>, id: String) -> Result<(), UiError> {
    Ok(state.monitor.engine()?.restart_container(&id).await?)
}

/// Removes a container; a running one only with `force`.
#[tauri::command]
#[specta::specta]
pub async fn remove_container(
    state: State<'_, AppState>,
    id: String,
    force: bool,
) -> Result<(), UiError> {
    Ok(state.monitor.engine()?.remove_container(&id, force).await?)
}

/// Creates a container from the form and returns its id.
#[tauri::command]
#[specta::specta]
pub async fn create_container(
    state: State<'_, AppState>,
    spec: ContainerSpec,
) -> Result<String, UiError> {
    Ok(state.monitor.engine()?.create_container(&spec).await?)
}

/// Local images for the form's image picker.
#[tauri::command]
#[specta::specta]
pub async fn list_images(state: State<'_, AppState>) -> Result<Vec<ImageSummary>, UiError> {
    Ok(state.monitor.engine()?.list_images().await?)
}

/// Streams a container's logs in batches of lines; returns the stream's id
/// for [`stop_stream`].
#[tauri::command]
#[specta::specta]
pub fn follow_logs(
    state: State<'_, AppState>,
    id: String,
    tail: u32,
    on_lines: Channel<Vec<LogLine>>,
) -> Result<u32, UiError> {
    let lines = state.monitor.engine()?.follow_logs(&id, tail);
    Ok(state.spawn_stream(async move {
        let batches = tokio_stream_batches(lines);
        futures_util::pin_mut!(batches);
        while let Some(batch) = batches.next().await {
            let lines: Vec<LogLine> = batch.into_iter().filter_map(Result::ok).collect();
            if !lines.is_empty() && on_lines.send(lines).is_err() {
                break;
            }
        }
    }))
}

/// Streams a container's CPU and memory readings; returns the stream's id.
#[tauri::command]
#[specta::specta]
pub fn follow_stats(
    state: State<'_, AppState>,
    id: String,
    on_sample: Channel<StatsSample>,
) -> Result<u32, UiError> {
    let samples = state.monitor.engine()?.follow_stats(&id);
    Ok(state.spawn_stream(async move {
        futures_util::pin_mut!(samples);
        while let Some(Ok(sample)) = samples.next().await {
            if on_sample.send(sample).is_err() {
                break;
            }
        }
    }))
}

/// Stops a log or stats stream.
#[tauri::command]
#[specta::specta]
pub fn stop_stream(state: State<'_, AppState>, stream: u32) {
    state.stop_stream(stream);
}

/// Groups items that arrive close together, so a chatty container costs one
/// message per batch rather than one per line.
fn tokio_stream_batches<S>(stream: S) -> impl futures_util::Stream<Item = Vec<S::Item>>
where
    S: futures_util::Stream + Send + 'static,
    S::Item: Send,
{
    tokio_stream::StreamExt::chunks_timeout(stream, LOG_BATCH, LOG_BATCH_DELAY)
}
