//! One entry of `services`, read into a [`ServiceSpec`].

use std::collections::{BTreeMap, BTreeSet};

use super::deploy::{read_bytes, read_cpus, read_deploy};
use super::error::{ComposeError, Location};
use super::healthcheck::read_healthcheck;
use super::mounts::{read_tmpfs, read_volumes};
use super::ports::read_ports;
use super::reader::{Keys, Reader};
use super::syntax::parse_restart;
use super::variables::parse_env_lines;
use super::yaml::{Node, Value};
use crate::apps::model::{DependsOn, ServiceNetwork, ServiceSpec};

// The Compose Specification's service keys, as a table rather than one per line.
#[rustfmt::skip]
const SERVICE_KEYS: Keys = Keys {
    read: &[
        "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "volumes",
        "tmpfs", "networks", "depends_on", "healthcheck", "restart", "labels", "deploy", "cpus",
        "mem_limit", "scale",
    ],
    quiet: &[],
    unsupported: &[
        "annotations", "attach", "blkio_config", "cap_add", "cap_drop", "cgroup", "cgroup_parent",
        "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota",
        "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpuset", "credential_spec", "develop",
        "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname",
        "driver_opts", "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add",
        "hostname", "init", "ipc", "isolation", "label_file", "links", "logging", "mac_address",
        "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode",
        "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "post_start",
        "pre_stop", "privileged", "profiles", "provider", "pull_policy", "read_only", "runtime",
        "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
        "storage_opt", "sysctls", "tty", "ulimits", "use_api_socket", "user", "userns_mode",
        "uts", "volumes_from", "working_dir",
    ],
};

const DEPENDS_ON_KEYS: Keys =
    Keys { read: &["condition"], quiet: &[], unsupported: &["restart", "required"] };

const SERVICE_NETWORK_KEYS: Keys = Keys {
    read: &["aliases"],
    quiet: &[],
    unsupported: &[
        "ipv4_address",
        "ipv6_address",
        "link_local_ips",
        "mac_address",
        "priority",
        "gw_priority",
        "driver_opts",
        "interface_name",
    ],
};

const ENV_FILE_KEYS: Keys =
    Keys { read: &["path", "required"], quiet: &[], unsupported: &["format"] };

/// What the rest of the file declares, for checking a service's references.
pub(super) struct Declared<'a> {
    pub services: BTreeSet<&'a str>,
    pub networks: BTreeSet<&'a str>,
    pub volumes: BTreeSet<&'a str>,
}

/// A service and where each of its dependencies is named, for reporting
/// cycles.
pub(super) struct ReadService {
    pub spec: ServiceSpec,
    pub dependencies: BTreeMap<String, Location>,
}

/// Reads `services.NAME`.
pub(super) fn read_service(
    r: &mut Reader<'_>,
    name: &str,
    node: &Node,
    declared: &Declared<'_>,
) -> Result<ReadService, ComposeError> {
    let path = format!("services.{name}");
    let entries = r.map(node, &path)?;
    r.check_keys(entries, &path, &SERVICE_KEYS)?;
    let mut spec = ServiceSpec { replicas: 1, ..ServiceSpec::default() };
    let mut dependencies = BTreeMap::new();
    let mut environment = BTreeMap::new();
    let mut env_files = BTreeMap::new();
    let mut mem_limit = None;
    let mut cpus = None;
    let mut scale = None;

    for entry in entries {
        let value = &entry.value;
        let path = format!("{path}.{}", entry.key);
        match entry.key.as_str() {
            "image" => spec.image = r.text(value, &path, "an image reference")?.to_owned(),
            "command" => spec.command = read_command(r, value, &path)?,
            "entrypoint" => spec.entrypoint = read_command(r, value, &path)?,
            "environment" => environment = r.assignments(value, &path)?,
            "env_file" => env_files = read_env_files(r, value, &path)?,
            "ports" => spec.ports = read_ports(r, value, &path)?,
            "volumes" => {
                let mounts = read_volumes(r, value, &path)?;
                for (volume, at) in mounts.named {
                    if !declared.volumes.contains(volume.as_str()) {
                        return Err(ComposeError::UndeclaredVolume {
                            at,
                            service: name.to_owned(),
                            volume,
                        });
                    }
                }
                spec.volumes.extend(mounts.mounts);
            }
            "tmpfs" => spec.volumes.extend(read_tmpfs(r, value, &path)?),
            "networks" => spec.networks = read_service_networks(r, name, value, declared)?,
            "depends_on" => {
                (spec.depends_on, dependencies) = read_depends_on(r, name, value, declared)?;
            }
            "healthcheck" => spec.healthcheck = Some(read_healthcheck(r, value, &path)?),
            "restart" => {
                let expected = "no, always, unless-stopped, on-failure or on-failure:N";
                let text = r.text(value, &path, expected)?;
                spec.restart =
                    parse_restart(text).ok_or_else(|| r.expected(value, &path, expected))?;
            }
            "labels" => {
                let labels = r.assignments(value, &path)?;
                spec.labels = labels.into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect();
            }
            "deploy" => read_deploy(r, value, &path, &mut spec)?,
            "mem_limit" => mem_limit = Some(read_bytes(r, value, &path)?),
            "cpus" => cpus = Some(read_cpus(r, value, &path)?),
            "scale" => scale = Some(r.u32(value, &path, "a number of containers")?),
            _ => {}
        }
    }

    spec.memory_bytes = spec.memory_bytes.or(mem_limit);
    spec.cpus = spec.cpus.or(cpus);
    if let (Some(scale), false) =
        (scale, node.get("deploy").and_then(|d| d.get("replicas")).is_some())
    {
        spec.replicas = scale;
    }
    if spec.replicas == 0 {
        return Err(r.expected(node, &path, "at least one replica"));
    }
    check_image(r, name, node, &spec)?;
    spec.environment = merge_environment(r, env_files, environment);

    Ok(ReadService { spec, dependencies })
}

/// A service needs an image; with `build` as well, the build is skipped.
fn check_image(
    r: &mut Reader<'_>,
    name: &str,
    node: &Node,
    spec: &ServiceSpec,
) -> Result<(), ComposeError> {
    let build = node.entries().and_then(|e| e.iter().find(|e| e.key == "build"));
    match (spec.image.is_empty(), build) {
        (true, Some(build)) => {
            Err(ComposeError::BuildOnly { at: r.at_key(build), service: name.to_owned() })
        }
        (true, None) => {
            Err(ComposeError::MissingImage { at: r.at(node), service: name.to_owned() })
        }
        (false, Some(build)) => {
            let message = format!("services.{name}.build is not supported; the image is used");
            r.warn(build.line, build.column, message);
            Ok(())
        }
        (false, None) => Ok(()),
    }
}

/// `env_file` values first, then `environment` over them. A variable without
/// a value takes it from the interpolation variables or is left out, even
/// when an `env_file` set it, as in Compose.
fn merge_environment(
    r: &Reader<'_>,
    env_files: BTreeMap<String, Option<String>>,
    environment: BTreeMap<String, Option<String>>,
) -> BTreeMap<String, String> {
    let mut merged = BTreeMap::new();
    for (key, value) in env_files.into_iter().chain(environment) {
        match value.or_else(|| r.vars.get(&key).map(str::to_owned)) {
            Some(value) => merged.insert(key, value),
            None => merged.remove(&key),
        };
    }
    merged
}

fn read_command(
    r: &Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<Option<Vec<String>>, ComposeError> {
    match &node.value {
        Value::Null => Ok(None),
        Value::Scalar { text, .. } => shell_words::split(text)
            .map(Some)
            .map_err(|_| r.expected(node, path, "a command with balanced quotes")),
        Value::Seq(items) => {
            let mut words = Vec::new();
            for (i, item) in items.iter().enumerate() {
                words.push(r.text(item, &format!("{path}[{i}]"), "a string")?.to_owned());
            }
            Ok(Some(words))
        }
        Value::Map(_) => Err(r.expected(node, path, "a string or a list of strings")),
    }
}

/// Reads each `env_file` (a path, or a map with `path` and `required`),
/// later files winning.
fn read_env_files(
    r: &mut Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<BTreeMap<String, Option<String>>, ComposeError> {
    let items = match &node.value {
        Value::Scalar { .. } => std::slice::from_ref(node),
        _ => r.seq(node, path, "a path or a list of paths")?,
    };
    let mut values = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let (file_node, required) = match &item.value {
            Value::Map(entries) => {
                r.check_keys(entries, &item_path, &ENV_FILE_KEYS)?;
                let Some(file_node) = item.get("path") else {
                    return Err(r.expected(item, &item_path, "a path"));
                };
                let required = match item.get("required") {
                    Some(flag) => r.bool(flag, &format!("{item_path}.required"))?,
                    None => true,
                };
                (file_node, required)
            }
            _ => (item, true),
        };
        let relative = r.text(file_node, &item_path, "a path")?;
        let file = r.base_dir.join(relative);
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                let at = r.at(file_node);
                return Err(ComposeError::ReadEnvFile { at, path: file, reason: e.to_string() });
            }
        };
        for line in parse_env_lines(&text, relative)? {
            values.insert(line.key, line.value);
        }
    }
    Ok(values)
}

fn read_service_networks(
    r: &mut Reader<'_>,
    service: &str,
    node: &Node,
    declared: &Declared<'_>,
) -> Result<BTreeMap<String, ServiceNetwork>, ComposeError> {
    let path = format!("services.{service}.networks");
    let mut networks = BTreeMap::new();
    let mut named = Vec::new();
    match &node.value {
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let network = r.text(item, &format!("{path}[{i}]"), "a network name")?;
                named.push((network.to_owned(), r.at(item)));
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                let entry_path = format!("{path}.{}", entry.key);
                let fields = r.map(&entry.value, &entry_path)?;
                r.check_keys(fields, &entry_path, &SERVICE_NETWORK_KEYS)?;
                let mut aliases = Vec::new();
                if let Some(list) = entry.value.get("aliases") {
                    let aliases_path = format!("{entry_path}.aliases");
                    for (i, alias) in
                        r.seq(list, &aliases_path, "a list of names")?.iter().enumerate()
                    {
                        aliases.push(
                            r.text(alias, &format!("{aliases_path}[{i}]"), "a name")?.to_owned(),
                        );
                    }
                }
                networks.insert(entry.key.clone(), ServiceNetwork { aliases });
                named.push((entry.key.clone(), r.at_key(entry)));
            }
        }
        Value::Null => {}
        Value::Scalar { .. } => return Err(r.expected(node, &path, "a list or a map of networks")),
    }

    for (network, at) in named {
        let is_declared = network == "default" || declared.networks.contains(network.as_str());
        if !is_declared {
            return Err(ComposeError::UndeclaredNetwork {
                at,
                service: service.to_owned(),
                network,
            });
        }
        networks.entry(network).or_default();
    }
    Ok(networks)
}

type Dependencies = (BTreeMap<String, DependsOn>, BTreeMap<String, Location>);

fn read_depends_on(
    r: &mut Reader<'_>,
    service: &str,
    node: &Node,
    declared: &Declared<'_>,
) -> Result<Dependencies, ComposeError> {
    let path = format!("services.{service}.depends_on");
    let mut named = Vec::new();
    match &node.value {
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let dependency = r.text(item, &format!("{path}[{i}]"), "a service name")?;
                named.push((dependency.to_owned(), DependsOn::ServiceStarted, r.at(item)));
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                let entry_path = format!("{path}.{}", entry.key);
                let fields = r.map(&entry.value, &entry_path)?;
                r.check_keys(fields, &entry_path, &DEPENDS_ON_KEYS)?;
                let condition = match entry.value.get("condition") {
                    Some(value) => read_condition(r, value, &format!("{entry_path}.condition"))?,
                    None => DependsOn::ServiceStarted,
                };
                named.push((entry.key.clone(), condition, r.at_key(entry)));
            }
        }
        Value::Null => {}
        Value::Scalar { .. } => return Err(r.expected(node, &path, "a list or a map of services")),
    }

    let mut conditions = BTreeMap::new();
    let mut positions = BTreeMap::new();
    for (dependency, condition, at) in named {
        if !declared.services.contains(dependency.as_str()) {
            let service = service.to_owned();
            return Err(ComposeError::UnknownDependency { at, service, dependency });
        }
        conditions.insert(dependency.clone(), condition);
        positions.insert(dependency, at);
    }
    Ok((conditions, positions))
}

fn read_condition(r: &Reader<'_>, node: &Node, path: &str) -> Result<DependsOn, ComposeError> {
    let expected = "service_started, service_healthy or service_completed_successfully";
    match r.text(node, path, expected)? {
        "service_started" => Ok(DependsOn::ServiceStarted),
        "service_healthy" => Ok(DependsOn::ServiceHealthy),
        "service_completed_successfully" => Ok(DependsOn::ServiceCompletedSuccessfully),
        _ => Err(r.expected(node, path, expected)),
    }
}
