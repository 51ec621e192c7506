//! Keeps an engine connected and turns its event stream into container
//! changes.
//!
//! The monitor runs one task: connect (with backoff while nothing answers),
//! subscribe to container events, send the full list, then one update per
//! event. When the stream breaks — the daemon stopped, the socket vanished —
//! it reports why and starts over, so the event subscription recovers with
//! the engine.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bollard::query_parameters::EventsOptionsBuilder;
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::{Notify, broadcast, watch};
use tracing::{debug, info, warn};

use super::{ContainerSummary, Endpoint, Engine, EngineError, EngineInfo};

/// The first wait after a failed connection; it doubles up to the maximum.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// How many changes a slow subscriber may fall behind before it must resync.
const CHANGE_BUFFER: usize = 1024;

/// Whether an engine answers, as the interface shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EngineStatus {
    /// A connection attempt is under way.
    #[serde(rename_all = "camelCase")]
    Connecting { endpoint: Endpoint, attempt: u32 },
    /// The engine answers and its events are followed.
    #[serde(rename_all = "camelCase")]
    Connected { endpoint: Endpoint, info: EngineInfo },
    /// Nothing answered; the next attempt is `retryInMs` away.
    #[serde(rename_all = "camelCase")]
    Unavailable { endpoint: Endpoint, reason: String, attempt: u32, retry_in_ms: u32 },
}

/// A change to the container list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ContainerChange {
    /// The whole list, sent after every (re)connection.
    Snapshot { containers: Vec<ContainerSummary> },
    /// A container was created or changed state.
    Updated { container: ContainerSummary },
    /// A container is gone.
    Removed { id: String },
}

/// A handle on the connection task; cheap to clone.
#[derive(Debug, Clone)]
pub struct Monitor {
    engine: watch::Receiver<Option<Engine>>,
    status: watch::Receiver<EngineStatus>,
    changes: broadcast::Sender<ContainerChange>,
    endpoint: watch::Sender<Endpoint>,
    retry: Arc<Notify>,
}

impl Monitor {
    /// Starts the connection task on the current tokio runtime.
    pub fn spawn(endpoint: Endpoint) -> Self {
        let (engine_tx, engine) = watch::channel(None);
        let initial = EngineStatus::Connecting { endpoint: endpoint.clone(), attempt: 1 };
        let (status_tx, status) = watch::channel(initial);
        let (changes, _) = broadcast::channel(CHANGE_BUFFER);
        let (endpoint_tx, endpoint_rx) = watch::channel(endpoint);
        let retry = Arc::new(Notify::new());

        let task = Task {
            engine: engine_tx,
            status: status_tx,
            changes: changes.clone(),
            endpoint: endpoint_rx,
            retry: retry.clone(),
        };
        tokio::spawn(task.run());

        Self { engine, status, changes, endpoint: endpoint_tx, retry }
    }

    /// The connected engine, or [`EngineError::NotConnected`].
    pub fn engine(&self) -> Result<Engine, EngineError> {
        self.engine.borrow().clone().ok_or(EngineError::NotConnected)
    }

    /// The current connection status.
    pub fn status(&self) -> EngineStatus {
        self.status.borrow().clone()
    }

    /// Follows the connection status.
    pub fn watch_status(&self) -> watch::Receiver<EngineStatus> {
        self.status.clone()
    }

    /// Follows container changes from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<ContainerChange> {
        self.changes.subscribe()
    }

    /// Skips the current backoff wait and tries to connect now.
    pub fn retry_now(&self) {
        self.retry.notify_one();
    }

    /// Switches to another endpoint and reconnects.
    pub fn set_endpoint(&self, endpoint: Endpoint) {
        self.endpoint.send_replace(endpoint);
        self.retry.notify_one();
    }
}

struct Task {
    engine: watch::Sender<Option<Engine>>,
    status: watch::Sender<EngineStatus>,
    changes: broadcast::Sender<ContainerChange>,
    endpoint: watch::Receiver<Endpoint>,
    retry: Arc<Notify>,
}

impl Task {
    async fn run(mut self) {
        let mut attempt = 1;
        let mut backoff = FIRST_BACKOFF;

        loop {
            let endpoint = self.endpoint.borrow_and_update().clone();
            self.status
                .send_replace(EngineStatus::Connecting { endpoint: endpoint.clone(), attempt });

            let reason = match Engine::connect(&endpoint).await {
                Ok(engine) => {
                    attempt = 1;
                    backoff = FIRST_BACKOFF;
                    let reason = self.follow(engine).await;
                    warn!(endpoint = %endpoint, %reason, "engine connection lost");
                    reason
                }
                Err(error) => {
                    debug!(endpoint = %endpoint, %error, attempt, "engine not reachable");
                    error.to_string()
                }
            };
            self.engine.send_replace(None);
            if self.engine.is_closed() {
                return;
            }

            self.status.send_replace(EngineStatus::Unavailable {
                endpoint,
                reason,
                attempt,
                retry_in_ms: backoff.as_millis().try_into().unwrap_or(u32::MAX),
            });
            tokio::select! {
                () = tokio::time::sleep(backoff) => {}
                () = self.retry.notified() => {}
                _ = self.endpoint.changed() => {}
            }
            attempt += 1;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    /// Publishes the engine and follows its events until the stream breaks
    /// or the endpoint changes; returns why it stopped.
    async fn follow(&mut self, engine: Engine) -> String {
        let filters = HashMap::from([("type", vec!["container"])]);
        let options = EventsOptionsBuilder::new().filters(&filters).build();
        let mut events = engine.docker.events(Some(options));

        // Subscribing before listing means no change falls between the two.
        let containers = match engine.list_containers().await {
            Ok(containers) => containers,
            Err(error) => return error.to_ui().message,
        };
        info!(count = containers.len(), "following engine events");
        let _ = self.changes.send(ContainerChange::Snapshot { containers });
        self.engine.send_replace(Some(engine.clone()));
        self.status.send_replace(EngineStatus::Connected {
            endpoint: engine.endpoint().clone(),
            info: engine.info().clone(),
        });

        loop {
            let event = tokio::select! {
                event = events.next() => event,
                _ = self.endpoint.changed() => return "the endpoint was changed".into(),
            };
            let event = match event {
                Some(Ok(event)) => event,
                Some(Err(source)) => return EngineError::WatchEvents { source }.to_ui().message,
                None => return "the engine closed its event stream".into(),
            };
            let action = event.action.unwrap_or_default();
            let Some(id) = event.actor.and_then(|actor| actor.id) else {
                continue;
            };
            if is_noise(&action) {
                continue;
            }
            debug!(%id, %action, "container event");

            let change = if action == "destroy" {
                ContainerChange::Removed { id }
            } else {
                match engine.get_container(&id).await {
                    Ok(Some(container)) => ContainerChange::Updated { container },
                    Ok(None) => ContainerChange::Removed { id },
                    Err(error) if error.is_unreachable() => return error.to_ui().message,
                    Err(error) => {
                        warn!(%id, %error, "cannot refresh container after event");
                        continue;
                    }
                }
            };
            let _ = self.changes.send(change);
        }
    }
}

/// Events that do not change what the list shows.
fn is_noise(action: &str) -> bool {
    action.starts_with("exec_")
        || matches!(action, "attach" | "detach" | "resize" | "top" | "export" | "commit")
        || action.starts_with("archive-path")
        || action.starts_with("extract-to-dir")
}
