//! The state every command shares.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use berth::engine::Monitor;
use tokio::task::AbortHandle;

/// Services shared by the commands; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub monitor: Monitor,
    streams: Arc<Streams>,
}

/// Log and stats streams running for the interface, by id.
#[derive(Default)]
struct Streams {
    next: AtomicU32,
    running: Mutex<HashMap<u32, AbortHandle>>,
}

impl AppState {
    pub fn new(monitor: Monitor) -> Self {
        Self { monitor, streams: Arc::default() }
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
