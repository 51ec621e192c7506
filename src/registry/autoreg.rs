//! Registers running containers as service instances, Registrator-style.
//!
//! A container qualifies when it carries [`SERVICE_LABEL`] (its value is the
//! service name) or belongs to a Berth application (`berth.app` with
//! `berth.app.service`). Each published TCP port becomes one instance at the
//! host address and port, with a TCP check. Instances go away when their
//! container stops or is removed; on every (re)connection to the engine the
//! registry is reconciled with what actually runs.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use tokio::sync::{broadcast::error::RecvError, watch};
use tokio::task::JoinHandle;
use tracing::{debug, info, warn};

use super::validate::{NewCheck, NewInstance, derive_id};
use super::{CheckKind, Registry, Source, db};
use crate::engine::{ContainerChange, ContainerSummary, Monitor, Protocol};

/// The label that names the service a container provides.
pub const SERVICE_LABEL: &str = "berth.service";

/// The labels Berth puts on the containers of its applications.
const APP_LABEL: &str = "berth.app";
const APP_SERVICE_LABEL: &str = "berth.app.service";

const CHECK_INTERVAL: Duration = Duration::from_secs(10);
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// Follows the monitor's container changes while `enabled` is true.
///
/// Turning it off leaves existing registrations in place; turning it on
/// reconciles at once.
pub fn spawn_auto_registration(
    registry: Registry,
    monitor: Monitor,
    mut enabled: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut changes = monitor.subscribe();
        if *enabled.borrow_and_update()
            && let Ok(engine) = monitor.engine()
            && let Ok(containers) = engine.list_containers().await
        {
            reconcile(&registry, &containers).await;
        }
        loop {
            let change = tokio::select! {
                change = changes.recv() => change,
                Ok(()) = enabled.changed() => {
                    if *enabled.borrow_and_update()
                        && let Ok(engine) = monitor.engine()
                        && let Ok(containers) = engine.list_containers().await
                    {
                        reconcile(&registry, &containers).await;
                    }
                    continue;
                }
            };
            let change = match change {
                Ok(change) => change,
                Err(RecvError::Lagged(_)) => match monitor.engine() {
                    Ok(engine) => match engine.list_containers().await {
                        Ok(containers) => ContainerChange::Snapshot { containers },
                        Err(_) => continue,
                    },
                    Err(_) => continue,
                },
                Err(RecvError::Closed) => return,
            };
            if !*enabled.borrow() {
                continue;
            }
            match change {
                ContainerChange::Snapshot { containers } => reconcile(&registry, &containers).await,
                ContainerChange::Updated { container } if container.state.is_running() => {
                    register_container(&registry, &container).await;
                }
                ContainerChange::Updated { container } => {
                    forget_container(&registry, &container.id, "container stopped").await;
                }
                ContainerChange::Removed { id } => {
                    forget_container(&registry, &id, "container removed").await;
                }
            }
        }
    })
}

/// The instances a running container should have.
pub fn instances_for(container: &ContainerSummary) -> Vec<NewInstance> {
    let labels = &container.labels;
    let name = labels
        .get(SERVICE_LABEL)
        .or_else(|| labels.get(APP_LABEL).and(labels.get(APP_SERVICE_LABEL)));
    let Some(name) = name.filter(|name| !name.is_empty()) else { return Vec::new() };

    container
        .ports
        .iter()
        .filter(|port| port.protocol == Protocol::Tcp)
        .filter_map(|port| {
            let host_port = port.host_port?;
            let address = port.host_ip.clone().unwrap_or_else(|| "127.0.0.1".into());
            let host = if address.contains(':') { format!("[{address}]") } else { address.clone() };
            let mut meta = BTreeMap::new();
            meta.insert("container".to_owned(), container.name.clone());
            meta.insert("containerPort".to_owned(), port.container_port.to_string());
            Some(NewInstance {
                id: derive_id(name, &address, host_port),
                name: name.clone(),
                port: host_port,
                url: None,
                tags: vec!["container".into()],
                meta,
                hourly_cost: 0.0,
                check: Some(NewCheck {
                    kind: CheckKind::Tcp,
                    target: format!("{host}:{host_port}"),
                    interval: CHECK_INTERVAL,
                    timeout: CHECK_TIMEOUT,
                    ttl: None,
                    deregister_after: None,
                }),
                address,
            })
        })
        .collect()
}

async fn register_container(registry: &Registry, container: &ContainerSummary) {
    let wanted = instances_for(container);
    let wanted_ids: HashSet<&str> = wanted.iter().map(|i| i.id.as_str()).collect();
    for instance in &wanted {
        if let Err(error) =
            registry.store_instance(instance, Source::Container, Some(&container.id)).await
        {
            warn!(container = %container.name, %error, "cannot auto-register");
        }
    }
    // Ports may have changed since the last registration of this container.
    let stale = stored_for(registry, Some(&container.id)).await;
    for id in stale.into_iter().filter(|id| !wanted_ids.contains(id.as_str())) {
        let _ = registry.deregister(&id, "port no longer published").await;
    }
}

async fn forget_container(registry: &Registry, container_id: &str, reason: &str) {
    for id in stored_for(registry, Some(container_id)).await {
        match registry.deregister(&id, reason).await {
            Ok(()) => debug!(%id, %reason, "auto-registration removed"),
            Err(error) => debug!(%id, %error, "already gone"),
        }
    }
}

/// Makes the container registrations match the running containers.
async fn reconcile(registry: &Registry, containers: &[ContainerSummary]) {
    let running: Vec<&ContainerSummary> =
        containers.iter().filter(|c| c.state.is_running()).collect();
    let running_ids: HashSet<&str> = running.iter().map(|c| c.id.as_str()).collect();

    let stored = match db::container_instances(registry.store().pool()).await {
        Ok(stored) => stored,
        Err(error) => {
            warn!(%error, "cannot read auto-registrations; skipping reconciliation");
            return;
        }
    };
    let mut removed = 0;
    for (id, container_id) in stored {
        if !running_ids.contains(container_id.as_str())
            && registry.deregister(&id, "container not running").await.is_ok()
        {
            removed += 1;
        }
    }
    let mut registered = 0;
    for container in running {
        let count = instances_for(container).len();
        if count > 0 {
            register_container(registry, container).await;
            registered += count;
        }
    }
    info!(registered, removed, "auto-registration reconciled");
}

/// Ids of stored instances auto-registered for a container.
async fn stored_for(registry: &Registry, container_id: Option<&str>) -> Vec<String> {
    db::container_instances(registry.store().pool())
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, owner)| Some(owner.as_str()) == container_id)
        .map(|(id, _)| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{ContainerState, PublishedPort};

    fn container(labels: &[(&str, &str)], ports: Vec<PublishedPort>) -> ContainerSummary {
        ContainerSummary {
            id: "c1".into(),
            name: "web-1".into(),
            image: "img".into(),
            state: ContainerState::Running,
            status: "Up".into(),
            ports,
            created: 0,
            labels: labels.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        }
    }

    fn port(host_ip: Option<&str>, host_port: Option<u16>, protocol: Protocol) -> PublishedPort {
        PublishedPort {
            host_ip: host_ip.map(str::to_owned),
            host_port,
            container_port: 80,
            protocol,
        }
    }

    #[test]
    fn one_instance_per_published_tcp_port() {
        let ports = vec![
            port(None, Some(8080), Protocol::Tcp),
            port(Some("127.0.0.1"), Some(9090), Protocol::Tcp),
            port(None, Some(5353), Protocol::Udp),
            port(None, None, Protocol::Tcp),
        ];
        let found = instances_for(&container(&[(SERVICE_LABEL, "web")], ports));

        let addresses: Vec<_> = found.iter().map(|i| (i.address.as_str(), i.port)).collect();
        assert_eq!(addresses, [("127.0.0.1", 8080), ("127.0.0.1", 9090)]);
        assert!(found.iter().all(|i| i.name == "web"));
        assert_eq!(found[0].check.as_ref().unwrap().target, "127.0.0.1:8080");
    }

    #[test]
    fn unlabelled_containers_are_left_alone_but_app_services_count() {
        let ports = || vec![port(None, Some(8080), Protocol::Tcp)];

        assert!(instances_for(&container(&[], ports())).is_empty());
        let app = container(&[(APP_LABEL, "shop"), (APP_SERVICE_LABEL, "cart")], ports());
        assert_eq!(instances_for(&app)[0].name, "cart");
    }
}
