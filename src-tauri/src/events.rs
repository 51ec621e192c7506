//! Events pushed to the interface: engine status and container changes.

use berth::engine::{ContainerChange, EngineStatus, Monitor};
use berth::registry::{Registry, RegistryChange};
use serde::Serialize;
use tauri::AppHandle;
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;
use tracing::warn;

/// The engine connection changed: connecting, connected or unavailable.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct EngineStatusChanged(pub EngineStatus);

/// The container list changed.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct ContainersChanged(pub ContainerChange);

/// Something in the service registry changed.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct RegistryChanged(pub RegistryChange);

/// Forwards registry changes; a lagging interface is told to reload.
pub fn forward_registry(app: AppHandle, registry: Registry) {
    let mut changes = registry.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let change = match changes.recv().await {
                Ok(change) => change,
                Err(RecvError::Lagged(missed)) => {
                    warn!(missed, "interface fell behind on registry changes");
                    RegistryChange::Reload
                }
                Err(RecvError::Closed) => return,
            };
            if let Err(error) = RegistryChanged(change).emit(&app) {
                warn!(%error, "cannot emit registry change");
            }
        }
    });
}

/// Starts the tasks that forward the monitor's news as events.
pub fn forward(app: AppHandle, monitor: Monitor) {
    let status_app = app.clone();
    let mut status = monitor.watch_status();
    tauri::async_runtime::spawn(async move {
        loop {
            let current = status.borrow_and_update().clone();
            if let Err(error) = EngineStatusChanged(current).emit(&status_app) {
                warn!(%error, "cannot emit engine status");
            }
            if status.changed().await.is_err() {
                return;
            }
        }
    });

    let mut changes = monitor.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let change = match changes.recv().await {
                Ok(change) => change,
                Err(RecvError::Lagged(missed)) => {
                    warn!(missed, "interface fell behind; sending the whole list");
                    match monitor.engine() {
                        Ok(engine) => match engine.list_containers().await {
                            Ok(containers) => ContainerChange::Snapshot { containers },
                            Err(_) => continue,
                        },
                        Err(_) => continue,
                    }
                }
                Err(RecvError::Closed) => return,
            };
            if let Err(error) = ContainersChanged(change).emit(&app) {
                warn!(%error, "cannot emit container change");
            }
        }
    });
}
