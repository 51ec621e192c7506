//! The monitor follows engine events and recovers when the engine returns.
//!
//! Recovery is tested through a Unix-socket relay in front of the real
//! engine: closing the relay looks to Berth exactly like a stopped daemon,
//! without stopping the daemon other tests use.

use std::path::{Path, PathBuf};
use std::time::Duration;

use berth::engine::{ContainerChange, ContainerState, Endpoint, EngineStatus, Monitor};
use berth::testkit::{SLEEPER, unique_name};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

use crate::{setup, spec};

const WAIT: Duration = Duration::from_secs(20);

/// Waits for a change matching `want`, failing after [`WAIT`].
async fn wait_change(
    changes: &mut broadcast::Receiver<ContainerChange>,
    want: impl Fn(&ContainerChange) -> bool,
) -> ContainerChange {
    tokio::time::timeout(WAIT, async {
        loop {
            let change = changes.recv().await.expect("the monitor keeps sending");
            if want(&change) {
                return change;
            }
        }
    })
    .await
    .expect("the expected change arrived in time")
}

async fn wait_status(monitor: &Monitor, want: impl Fn(&EngineStatus) -> bool) -> EngineStatus {
    let mut status = monitor.watch_status();
    let found = tokio::time::timeout(WAIT, status.wait_for(|s| want(s))).await;
    found.expect("the expected status arrived in time").expect("monitor alive").clone()
}

fn updated(name: &str, state: ContainerState) -> impl Fn(&ContainerChange) -> bool + '_ {
    move |change| {
        matches!(change, ContainerChange::Updated { container }
            if container.name == name && container.state == state)
    }
}

#[tokio::test]
async fn engine_events_become_container_changes() {
    let (engine, sweeper) = setup().await;
    let monitor = Monitor::spawn(Endpoint::from_env());
    wait_status(&monitor, |s| matches!(s, EngineStatus::Connected { .. })).await;
    let mut changes = monitor.subscribe();
    let name = unique_name("events");

    let id = engine.create_container(&spec(&sweeper, &name, SLEEPER)).await.unwrap();
    wait_change(&mut changes, updated(&name, ContainerState::Running)).await;

    engine.stop_container(&id).await.unwrap();
    wait_change(&mut changes, updated(&name, ContainerState::Exited)).await;

    engine.remove_container(&id, false).await.unwrap();
    wait_change(
        &mut changes,
        |c| matches!(c, ContainerChange::Removed { id: gone } if *gone == id),
    )
    .await;
}

#[tokio::test]
async fn a_missing_engine_is_reported_then_recovered_from() {
    let (engine, sweeper) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("relay.sock");
    let endpoint = Endpoint::custom(format!("unix://{}", socket.display()));

    let monitor = Monitor::spawn(endpoint.clone());
    let status = wait_status(&monitor, |s| matches!(s, EngineStatus::Unavailable { .. })).await;
    let EngineStatus::Unavailable { endpoint: tried, reason, .. } = status else { unreachable!() };
    assert_eq!(tried, endpoint, "names the endpoint it tried");
    assert!(reason.contains("does not exist"), "says why: {reason}");
    assert!(monitor.engine().is_err(), "no engine while unavailable");

    let relay = start_relay(&socket);
    monitor.retry_now();
    wait_status(&monitor, |s| matches!(s, EngineStatus::Connected { .. })).await;

    relay.abort();
    let _ = relay.await;
    std::fs::remove_file(&socket).unwrap();
    wait_status(&monitor, |s| matches!(s, EngineStatus::Unavailable { .. })).await;

    let _relay = start_relay(&socket);
    monitor.retry_now();
    wait_status(&monitor, |s| matches!(s, EngineStatus::Connected { .. })).await;
    let mut changes = monitor.subscribe();
    let name = unique_name("recovered");
    engine.create_container(&spec(&sweeper, &name, SLEEPER)).await.unwrap();
    wait_change(&mut changes, updated(&name, ContainerState::Running)).await;
}

/// Relays every connection on `socket` to the engine's own socket.
fn start_relay(socket: &Path) -> JoinHandle<()> {
    let listener = UnixListener::bind(socket).unwrap();
    let target = engine_socket();
    tokio::spawn(async move {
        let mut connections = tokio::task::JoinSet::new();
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            let target = target.clone();
            connections.spawn(async move {
                if let Ok(mut outbound) = UnixStream::connect(&target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    })
}

fn engine_socket() -> PathBuf {
    let uri = Endpoint::from_env().uri;
    PathBuf::from(uri.strip_prefix("unix://").expect("the tests' engine listens on a unix socket"))
}
