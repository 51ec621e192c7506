//! A service's `deploy` section: replicas and resource limits.

use super::error::ComposeError;
use super::reader::{Keys, Reader};
use super::syntax::{BYTES_FORM, parse_bytes, parse_cpus};
use super::yaml::Node;
use crate::apps::model::ServiceSpec;

const DEPLOY_KEYS: Keys = Keys {
    read: &["resources", "replicas"],
    quiet: &[],
    unsupported: &[
        "mode",
        "placement",
        "update_config",
        "rollback_config",
        "restart_policy",
        "labels",
        "endpoint_mode",
    ],
};

const RESOURCES_KEYS: Keys = Keys { read: &["limits"], quiet: &[], unsupported: &["reservations"] };

const LIMITS_KEYS: Keys =
    Keys { read: &["memory", "cpus"], quiet: &[], unsupported: &["pids", "devices"] };

/// Reads `services.NAME.deploy` into `spec`.
pub(super) fn read_deploy(
    r: &mut Reader<'_>,
    node: &Node,
    path: &str,
    spec: &mut ServiceSpec,
) -> Result<(), ComposeError> {
    let entries = r.map(node, path)?;
    r.check_keys(entries, path, &DEPLOY_KEYS)?;
    if let Some(replicas) = node.get("replicas") {
        spec.replicas = r.u32(replicas, &format!("{path}.replicas"), "a number of replicas")?;
    }
    let Some(resources) = node.get("resources") else { return Ok(()) };

    let resources_path = format!("{path}.resources");
    let entries = r.map(resources, &resources_path)?;
    r.check_keys(entries, &resources_path, &RESOURCES_KEYS)?;
    let Some(limits) = resources.get("limits") else { return Ok(()) };
    let limits_path = format!("{resources_path}.limits");
    let entries = r.map(limits, &limits_path)?;
    r.check_keys(entries, &limits_path, &LIMITS_KEYS)?;

    if let Some(memory) = limits.get("memory") {
        spec.memory_bytes = Some(read_bytes(r, memory, &format!("{limits_path}.memory"))?);
    }
    if let Some(cpus) = limits.get("cpus") {
        spec.cpus = Some(read_cpus(r, cpus, &format!("{limits_path}.cpus"))?);
    }
    Ok(())
}

pub(super) fn read_bytes(r: &Reader<'_>, node: &Node, path: &str) -> Result<i64, ComposeError> {
    let text = r.text(node, path, BYTES_FORM)?;
    parse_bytes(text).ok_or_else(|| r.expected(node, path, BYTES_FORM))
}

pub(super) fn read_cpus(r: &Reader<'_>, node: &Node, path: &str) -> Result<f64, ComposeError> {
    let expected = "a positive number of CPUs like 0.5 or 2";
    let text = r.text(node, path, expected)?;
    parse_cpus(text).ok_or_else(|| r.expected(node, path, expected))
}
