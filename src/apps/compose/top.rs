//! The top level of a compose file: its name, networks, volumes and the
//! services, and the checks that span services (dependency cycles).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Parsed;
use super::error::{ComposeError, Location};
use super::reader::{Keys, Reader};
use super::service::{Declared, read_service};
use super::syntax::{is_volume_name, normalize_app_name};
use super::variables::Variables;
use super::yaml::{Entry, Node, Value, load_yaml};
use crate::apps::model::{AppSpec, NetworkSpec, ServiceSpec, VolumeSpec};

const TOP_KEYS: Keys = Keys {
    read: &["name", "services", "networks", "volumes"],
    quiet: &[],
    unsupported: &["version", "secrets", "configs", "include", "models"],
};

const NETWORK_KEYS: Keys = Keys {
    read: &["external", "name", "driver", "labels"],
    quiet: &[],
    unsupported: &["driver_opts", "attachable", "enable_ipv6", "enable_ipv4", "ipam", "internal"],
};

const VOLUME_KEYS: Keys = Keys {
    read: &["external", "name", "driver", "labels"],
    quiet: &[],
    unsupported: &["driver_opts"],
};

/// How the application gets its name.
pub(super) enum AppName<'a> {
    /// Chosen by the caller; used as given.
    Given(&'a str),
    /// The top-level `name:`, else the folder's name, both normalised.
    Default { folder: &'a str },
}

/// Reads a whole compose file.
pub(super) fn read_app(
    text: &str,
    file: &str,
    name: AppName<'_>,
    vars: &Variables,
    base_dir: &Path,
) -> Result<Parsed, ComposeError> {
    let mut r = Reader::new(text, file, vars, base_dir);
    let mut root = load_yaml(text)
        .map_err(|e| ComposeError::Yaml {
            at: r.at_position(e.line, e.column),
            message: e.message,
        })?
        .ok_or_else(|| ComposeError::Expected {
            at: r.at_position(1, 1),
            path: "(top level)".into(),
            expected: "a map with services".into(),
        })?;
    if root.entries().is_none() {
        return Err(r.expected(&root, "(top level)", "a map with services"));
    }
    r.interpolate_tree(&mut root, "")?;
    let entries = root.entries().unwrap_or_default();
    r.check_keys(entries, "", &TOP_KEYS)?;

    let name = read_app_name(&r, &root, name)?;
    let networks = read_declarations(&mut r, root.get("networks"), "networks", &NETWORK_KEYS)?;
    let volumes = read_declarations(&mut r, root.get("volumes"), "volumes", &VOLUME_KEYS)?;
    let Some(services_node) = root.get("services") else {
        return Err(r.expected(&root, "(top level)", "a services map"));
    };
    let service_entries: Vec<&Entry> =
        r.map(services_node, "services")?.iter().filter(|e| !is_extension(e)).collect();
    let declared = Declared {
        services: service_entries.iter().map(|e| e.key.as_str()).collect(),
        networks: networks.keys().map(String::as_str).collect(),
        volumes: volumes.keys().map(String::as_str).collect(),
    };
    let mut services = BTreeMap::new();
    let mut dependencies = BTreeMap::new();
    for entry in service_entries {
        check_service_name(&r, entry)?;
        let read = read_service(&mut r, &entry.key, &entry.value, &declared)?;
        services.insert(entry.key.clone(), read.spec);
        dependencies.insert(entry.key.clone(), read.dependencies);
    }
    check_cycles(&services, &dependencies)?;

    let networks = networks.into_iter().map(|(k, (n, _))| (k, n.into_network())).collect();
    let volumes = volumes.into_iter().map(|(k, (v, _))| (k, v.into_volume())).collect();
    let app = AppSpec { name, services, networks, volumes };
    Ok(Parsed { app, warnings: r.into_warnings() })
}

fn read_app_name(r: &Reader<'_>, root: &Node, name: AppName<'_>) -> Result<String, ComposeError> {
    let folder = match name {
        AppName::Given(name) => return Ok(name.to_owned()),
        AppName::Default { folder } => folder,
    };
    let expected = "a name with letters or digits";
    let (raw, at) = match root.get("name") {
        Some(node) => (r.text(node, "name", expected)?, r.at(node)),
        None => (folder, r.at_position(1, 1)),
    };
    let normalized = normalize_app_name(raw);
    if normalized.is_empty() {
        let expected = format!("{expected}, not `{raw}`; pass an app name");
        return Err(ComposeError::Expected { at, path: "name".into(), expected });
    }
    Ok(normalized)
}

/// An `x-` key, which Compose leaves to other tools.
fn is_extension(entry: &Entry) -> bool {
    entry.key.starts_with("x-")
}

fn check_service_name(r: &Reader<'_>, entry: &Entry) -> Result<(), ComposeError> {
    if is_volume_name(&entry.key) {
        return Ok(());
    }
    Err(ComposeError::Expected {
        at: r.at_key(entry),
        path: "services".into(),
        expected: format!("a service name of letters, digits, _, . and -, not `{}`", entry.key),
    })
}

/// A top-level network or volume; both have the same fields.
#[derive(Default)]
struct Declaration {
    external: bool,
    name: Option<String>,
    driver: Option<String>,
    labels: BTreeMap<String, String>,
}

impl Declaration {
    fn into_network(self) -> NetworkSpec {
        NetworkSpec {
            external: self.external,
            name: self.name,
            driver: self.driver,
            labels: self.labels,
        }
    }

    fn into_volume(self) -> VolumeSpec {
        VolumeSpec {
            external: self.external,
            name: self.name,
            driver: self.driver,
            labels: self.labels,
        }
    }
}

fn read_declarations(
    r: &mut Reader<'_>,
    node: Option<&Node>,
    section: &str,
    keys: &Keys,
) -> Result<BTreeMap<String, (Declaration, Location)>, ComposeError> {
    let mut declared = BTreeMap::new();
    let Some(node) = node else { return Ok(declared) };
    for entry in r.map(node, section)?.iter().filter(|e| !is_extension(e)) {
        let path = format!("{section}.{}", entry.key);
        let fields = r.map(&entry.value, &path)?;
        r.check_keys(fields, &path, keys)?;
        let mut declaration = Declaration::default();
        for field in fields {
            let value = &field.value;
            let field_path = format!("{path}.{}", field.key);
            match field.key.as_str() {
                "external" => read_external(r, value, &field_path, &mut declaration)?,
                "name" => declaration.name = Some(r.text(value, &field_path, "a name")?.to_owned()),
                "driver" => {
                    declaration.driver =
                        Some(r.text(value, &field_path, "a driver name")?.to_owned());
                }
                "labels" => {
                    let labels = r.assignments(value, &field_path)?;
                    declaration.labels =
                        labels.into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect();
                }
                _ => {}
            }
        }
        declared.insert(entry.key.clone(), (declaration, r.at_key(entry)));
    }
    Ok(declared)
}

/// `external: true`, or the older `external: {name: other}`.
fn read_external(
    r: &mut Reader<'_>,
    node: &Node,
    path: &str,
    declaration: &mut Declaration,
) -> Result<(), ComposeError> {
    if let Value::Map(_) = node.value {
        declaration.external = true;
        if let Some(name) = node.get("name") {
            let name_path = format!("{path}.name");
            declaration.name = Some(r.text(name, &name_path, "a name")?.to_owned());
        }
        return Ok(());
    }
    declaration.external = r.bool(node, path)?;
    Ok(())
}

/// Refuses services that wait for each other in a circle, naming the circle
/// at the dependency that closes it.
fn check_cycles(
    services: &BTreeMap<String, ServiceSpec>,
    positions: &BTreeMap<String, BTreeMap<String, Location>>,
) -> Result<(), ComposeError> {
    let mut done = BTreeSet::new();
    for start in services.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = find_cycle(services, start, &mut path, &mut done) {
            let closing = &cycle[cycle.len() - 2..];
            let at = positions
                .get(&closing[0])
                .and_then(|p| p.get(&closing[1]))
                .cloned()
                .unwrap_or_else(|| Location::new("", 0, 0));
            return Err(ComposeError::DependencyCycle { at, cycle });
        }
    }
    Ok(())
}

/// Depth-first search from `service`; `path` holds the services being
/// visited and `done` those known to lead to no cycle.
fn find_cycle(
    services: &BTreeMap<String, ServiceSpec>,
    service: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if done.contains(service) {
        return None;
    }
    if let Some(index) = path.iter().position(|s| s == service) {
        let mut cycle = path[index..].to_vec();
        cycle.push(service.to_owned());
        return Some(cycle);
    }

    path.push(service.to_owned());
    let dependencies = services.get(service).map(|s| &s.depends_on);
    for dependency in dependencies.into_iter().flat_map(BTreeMap::keys) {
        if let Some(cycle) = find_cycle(services, dependency, path, done) {
            return Some(cycle);
        }
    }
    path.pop();

    done.insert(service.to_owned());
    None
}
