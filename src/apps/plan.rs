//! Pure decisions behind a deploy: dependency order, cycles, names and the
//! configuration hash that tells a changed service from an unchanged one.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use super::{AppSpec, ServiceSpec};

/// The network every service joins when it names none.
pub const DEFAULT_NETWORK: &str = "default";

/// Why an application cannot be deployed as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("service {service} depends on {missing}, which the app does not define")]
    UnknownDependency { service: String, missing: String },
    #[error("services depend on each other in a cycle: {}", cycle.join(" -> "))]
    Cycle { cycle: Vec<String> },
    #[error("service {service} uses network {network}, which the app does not declare")]
    UnknownNetwork { service: String, network: String },
    #[error("the app has no services")]
    Empty,
}

/// Services in an order where each comes after everything it depends on;
/// ties are broken by name so the order is stable.
pub fn start_order(app: &AppSpec) -> Result<Vec<String>, PlanError> {
    if app.services.is_empty() {
        return Err(PlanError::Empty);
    }
    for (name, service) in &app.services {
        if let Some(missing) = service.depends_on.keys().find(|d| !app.services.contains_key(*d)) {
            return Err(PlanError::UnknownDependency {
                service: name.clone(),
                missing: missing.clone(),
            });
        }
        if let Some(network) = service
            .networks
            .keys()
            .find(|n| *n != DEFAULT_NETWORK && !app.networks.contains_key(*n))
        {
            return Err(PlanError::UnknownNetwork {
                service: name.clone(),
                network: network.clone(),
            });
        }
    }

    let mut order = Vec::with_capacity(app.services.len());
    let mut placed = BTreeSet::new();
    while order.len() < app.services.len() {
        let ready: Vec<&String> = app
            .services
            .iter()
            .filter(|(name, _)| !placed.contains(*name))
            .filter(|(_, service)| service.depends_on.keys().all(|d| placed.contains(d)))
            .map(|(name, _)| name)
            .collect();
        if ready.is_empty() {
            return Err(PlanError::Cycle { cycle: find_cycle(app, &placed) });
        }
        for name in ready {
            placed.insert(name.clone());
            order.push(name.clone());
        }
    }
    Ok(order)
}

/// A cycle among the services not yet placed, for the error message.
fn find_cycle(app: &AppSpec, placed: &BTreeSet<String>) -> Vec<String> {
    let Some(start) = app.services.keys().find(|name| !placed.contains(*name)) else {
        return Vec::new();
    };
    let mut path = vec![start.clone()];
    let mut current = start.clone();
    loop {
        let next = app.services[&current]
            .depends_on
            .keys()
            .find(|d| !placed.contains(*d))
            .cloned()
            .unwrap_or_default();
        if let Some(at) = path.iter().position(|seen| *seen == next) {
            let mut cycle = path[at..].to_vec();
            cycle.push(next);
            return cycle;
        }
        path.push(next.clone());
        current = next;
    }
}

/// The networks a service joins, with `default` when it names none.
pub fn service_networks(service: &ServiceSpec) -> Vec<String> {
    if service.networks.is_empty() {
        vec![DEFAULT_NETWORK.to_owned()]
    } else {
        service.networks.keys().cloned().collect()
    }
}

/// The engine-side name of an app's network.
pub fn network_name(app: &AppSpec, key: &str) -> String {
    app.networks
        .get(key)
        .and_then(|network| network.name.clone())
        .unwrap_or_else(|| format!("{}_{key}", app.name))
}

/// The engine-side name of an app's named volume.
pub fn volume_name(app: &AppSpec, key: &str) -> String {
    app.volumes
        .get(key)
        .and_then(|volume| volume.name.clone())
        .unwrap_or_else(|| format!("{}_{key}", app.name))
}

/// The name of a service's `number`th container (from 1), as Compose names it.
pub fn container_name(app: &str, service: &str, number: u32) -> String {
    format!("{app}-{service}-{number}")
}

/// A hash of everything a service's containers are made from. Containers
/// whose label carries the same hash need no recreation.
pub fn config_hash(app: &AppSpec, service: &str) -> String {
    let spec = &app.services[service];
    let networks: BTreeMap<String, String> =
        service_networks(spec).into_iter().map(|key| (network_name(app, &key), key)).collect();
    let text = serde_json::to_string(&(spec, networks)).unwrap_or_default();
    Sha256::digest(text).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::DependsOn;

    fn app(edges: &[(&str, &[&str])]) -> AppSpec {
        let mut app = AppSpec { name: "shop".into(), ..Default::default() };
        for (name, deps) in edges {
            let depends_on = deps.iter().map(|d| ((*d).to_owned(), DependsOn::default())).collect();
            let service = ServiceSpec { image: "img".into(), depends_on, ..Default::default() };
            app.services.insert((*name).to_owned(), service);
        }
        app
    }

    #[test]
    fn dependencies_come_first() {
        let shop =
            app(&[("web", &["api"]), ("api", &["db", "cache"]), ("db", &[]), ("cache", &[])]);

        assert_eq!(start_order(&shop).unwrap(), ["cache", "db", "api", "web"]);
    }

    #[test]
    fn cycles_and_unknown_dependencies_are_named() {
        let cycle = app(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"]), ("d", &[])]);
        let unknown = app(&[("a", &["ghost"])]);

        let Err(PlanError::Cycle { cycle }) = start_order(&cycle) else { panic!("a cycle") };
        assert_eq!(cycle, ["a", "b", "c", "a"]);
        assert_eq!(
            start_order(&unknown).unwrap_err().to_string(),
            "service a depends on ghost, which the app does not define"
        );
    }

    #[test]
    fn the_hash_changes_with_the_definition_only() {
        let mut shop = app(&[("web", &[])]);
        let before = config_hash(&shop, "web");

        assert_eq!(before, config_hash(&shop, "web"), "stable");
        shop.services.get_mut("web").unwrap().image = "img:2".into();
        assert_ne!(before, config_hash(&shop, "web"), "a new image is a change");
    }
}
