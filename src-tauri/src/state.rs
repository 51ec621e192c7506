//! The state every command shares.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use berth::apps::AppStore;
use berth::engine::Monitor;
use berth::registry::Registry;
use berth::{ErrorCode, UiError};
use serde::Serialize;
use tokio::task::AbortHandle;

/// Services shared by the commands; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub monitor: Monitor,
    /// The registry, or why the database could not be opened.
    registry: Result<Registry, String>,
    pub api: ApiStatus,
    streams: Arc<Streams>,
}

/// Where the registry's HTTP API listens, as the interface shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiStatus {
    pub address: String,
    pub listening: bool,
    /// Why it is not listening.
    pub error: Option<String>,
}

impl ApiStatus {
    pub fn listening(address: &str) -> Self {
        Self { address: address.to_owned(), listening: true, error: None }
    }

    pub fn off(reason: &str) -> Self {
        Self { address: String::new(), listening: false, error: Some(reason.to_owned()) }
    }
}

/// Log and stats streams running for the interface, by id.
#[derive(Default)]
struct Streams {
    next: AtomicU32,
    running: Mutex<HashMap<u32, AbortHandle>>,
}

impl AppState {
    pub fn new(monitor: Monitor, registry: Result<Registry, String>, api: ApiStatus) -> Self {
        Self { monitor, registry, api, streams: Arc::default() }
    }

    /// The stored applications, or a storage error saying why there are none.
    pub fn apps(&self) -> Result<AppStore, UiError> {
        let registry = self.registry()?;
        Ok(AppStore::new(registry.store().clone()))
    }

    /// The registry, or a storage error saying why there is none.
    pub fn registry(&self) -> Result<&Registry, UiError> {
        self.registry.as_ref().map_err(|reason| {
            UiError::new(ErrorCode::Storage, format!("the registry is unavailable: {reason}"))
        })
    }

    /// Runs `task` as a stream the interface can stop by the returned id.
    pub fn spawn_stream<F>(&self, task: F) -> u32
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let id = self.streams.next.fetch_add(1, Ordering::Relaxed) + 1;
        let streams = self.streams.clone();
        let handle = tauri::async_runtime::spawn(async move {
            task.await;
            streams.running.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        });
        let abort = handle.inner().abort_handle();
        self.streams.running.lock().unwrap_or_else(|e| e.into_inner()).insert(id, abort);
        id
    }

    /// Stops a stream; unknown ids (already finished) are ignored.
    pub fn stop_stream(&self, id: u32) {
        let handle = self.streams.running.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        if let Some(handle) = handle {
            handle.abort();
        }
    }
}
