//! The new-container form's value, its validation and its translation into
//! the engine's create request.

use std::collections::{HashMap, HashSet};

use bollard::models::{
    ContainerCreateBody, HostConfig, PortBinding, RestartPolicy as EngineRestartPolicy,
    RestartPolicyNameEnum,
};
use serde::{Deserialize, Serialize};

use super::Protocol;
use crate::error::FieldError;

/// A key and a value, as one row of the environment or labels editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

/// One port mapping row of the form.
///
/// Ports are wider than `u16` on purpose: an out-of-range number must reach
/// validation and come back as a field error, not fail deserialisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    /// The host address to bind; empty or `None` means all interfaces.
    pub host_ip: Option<String>,
    /// The host port; `None` lets the engine pick a free one.
    pub host_port: Option<u32>,
    /// The port inside the container.
    pub container_port: u32,
    /// The protocol.
    #[serde(default)]
    pub protocol: Protocol,
}

/// When the engine restarts the container.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    UnlessStopped,
    OnFailure,
}

/// Everything the new-container form collects.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContainerSpec {
    /// Image reference, such as `busybox:latest`.
    pub image: String,
    /// Container name; empty lets the engine choose one.
    pub name: String,
    /// Command line, split like a shell would; empty keeps the image's.
    pub command: String,
    pub env: Vec<KeyValue>,
    pub ports: Vec<PortMapping>,
    pub labels: Vec<KeyValue>,
    pub restart_policy: RestartPolicy,
    /// Memory limit in MiB.
    pub memory_mib: Option<u32>,
    /// CPU limit in cores, such as `0.5`.
    pub cpus: Option<f64>,
    /// Start the container right after creating it.
    pub start: bool,
}

/// The longest container name the engine accepts in practice.
const MAX_NAME_LEN: usize = 128;

impl ContainerSpec {
    /// Checks the form as the engine would, reporting every problem at once.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();

        if self.image.trim().is_empty() {
            errors.push(FieldError::new("image", "choose or type an image"));
        } else if self.image.chars().any(char::is_whitespace) {
            errors.push(FieldError::new("image", "an image reference has no spaces"));
        }
        if let Err(message) = check_name(&self.name) {
            errors.push(FieldError::new("name", message));
        }
        if let Err(message) = shell_words::split(&self.command) {
            errors.push(FieldError::new("command", format!("cannot split the command: {message}")));
        }
        check_keys("env", &self.env, &mut errors);
        check_keys("labels", &self.labels, &mut errors);
        check_ports(&self.ports, &mut errors);
        if self.memory_mib == Some(0) {
            errors.push(FieldError::new("memoryMib", "must be at least 1 MiB, or left empty"));
        }
        if let Some(cpus) = self.cpus
            && !(cpus.is_finite() && cpus > 0.0 && cpus <= 1024.0)
        {
            errors.push(FieldError::new("cpus", "must be a number of cores above 0"));
        }

        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The engine's create body; call [`validate`](Self::validate) first.
    pub(super) fn to_create_body(&self) -> ContainerCreateBody {
        let mut exposed = Vec::new();
        let mut bindings: HashMap<String, Option<Vec<PortBinding>>> = HashMap::new();
        for port in &self.ports {
            let key = format!("{}/{}", port.container_port, port.protocol.as_str());
            let host_ip = port.host_ip.as_deref().map(str::trim).filter(|ip| !ip.is_empty());
            let binding = PortBinding {
                host_ip: host_ip.map(str::to_owned),
                host_port: Some(port.host_port.map(|p| p.to_string()).unwrap_or_default()),
            };
            if !exposed.contains(&key) {
                exposed.push(key.clone());
            }
            bindings
                .entry(key)
                .or_insert_with(|| Some(Vec::new()))
                .get_or_insert_default()
                .push(binding);
        }

        let command = shell_words::split(&self.command).unwrap_or_default();
        let restart = match self.restart_policy {
            RestartPolicy::No => RestartPolicyNameEnum::NO,
            RestartPolicy::Always => RestartPolicyNameEnum::ALWAYS,
            RestartPolicy::UnlessStopped => RestartPolicyNameEnum::UNLESS_STOPPED,
            RestartPolicy::OnFailure => RestartPolicyNameEnum::ON_FAILURE,
        };
        let host_config = HostConfig {
            port_bindings: Some(bindings),
            restart_policy: Some(EngineRestartPolicy {
                name: Some(restart),
                maximum_retry_count: None,
            }),
            memory: self.memory_mib.map(|mib| i64::from(mib) * 1024 * 1024),
            nano_cpus: self.cpus.map(|cores| (cores * 1e9).round() as i64),
            ..Default::default()
        };

        ContainerCreateBody {
            image: Some(self.image.trim().to_owned()),
            cmd: (!command.is_empty()).then_some(command),
            env: Some(
                self.env.iter().map(|kv| format!("{}={}", kv.key.trim(), kv.value)).collect(),
            ),
            labels: Some(
                self.labels.iter().map(|kv| (kv.key.trim().to_owned(), kv.value.clone())).collect(),
            ),
            exposed_ports: Some(exposed),
            host_config: Some(host_config),
            ..Default::default()
        }
    }
}

/// The engine's container name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`, or empty.
fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Ok(());
    }
    let mut chars = name.chars();
    let first = chars.next().unwrap_or_default();
    if !first.is_ascii_alphanumeric() {
        return Err("must start with a letter or digit".into());
    }
    if name.len() < 2 {
        return Err("must be at least 2 characters".into());
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        let shown = if bad == ' ' { "a space".to_owned() } else { format!("'{bad}'") };
        return Err(format!("may contain only letters, digits, _ . and -, not {shown}"));
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!("must be at most {MAX_NAME_LEN} characters"));
    }
    Ok(())
}

fn check_keys(field: &str, rows: &[KeyValue], errors: &mut Vec<FieldError>) {
    let mut seen = HashSet::new();
    for (index, row) in rows.iter().enumerate() {
        let key = row.key.trim();
        let at = format!("{field}.{index}.key");
        if key.is_empty() {
            errors.push(FieldError::new(at, "enter a key, or remove the row"));
        } else if field == "env" && key.contains('=') {
            errors.push(FieldError::new(at, "a variable name cannot contain '='"));
        } else if !seen.insert(key) {
            errors.push(FieldError::new(at, format!("'{key}' is already set above")));
        }
    }
}

fn check_ports(ports: &[PortMapping], errors: &mut Vec<FieldError>) {
    let mut host_ports = HashSet::new();
    for (index, port) in ports.iter().enumerate() {
        if !(1..=65535).contains(&port.container_port) {
            errors.push(FieldError::new(
                format!("ports.{index}.containerPort"),
                "must be a port from 1 to 65535",
            ));
        }
        if let Some(host_port) = port.host_port {
            let at = format!("ports.{index}.hostPort");
            if !(1..=65535).contains(&host_port) {
                errors.push(FieldError::new(at, "must be a port from 1 to 65535"));
            } else if !host_ports.insert((host_port, port.protocol)) {
                errors.push(FieldError::new(
                    at,
                    format!(
                        "host port {host_port}/{} is already mapped above",
                        port.protocol.as_str()
                    ),
                ));
            }
        }
        if let Some(ip) = port.host_ip.as_deref().map(str::trim).filter(|ip| !ip.is_empty())
            && ip.parse::<std::net::IpAddr>().is_err()
        {
            errors.push(FieldError::new(
                format!("ports.{index}.hostIp"),
                "must be an IPv4 or IPv6 address, or empty for all interfaces",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> ContainerSpec {
        ContainerSpec { image: "busybox".into(), ..Default::default() }
    }

    fn fields(spec: &ContainerSpec) -> Vec<String> {
        spec.validate().err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn names_follow_the_engine_rule() {
        for good in ["", "qa", "web.1", "a_b-c", "9lives"] {
            let spec = ContainerSpec { name: good.into(), ..spec() };
            assert!(spec.validate().is_ok(), "{good:?} is a valid name");
        }
        for bad in ["q", "my app", "_svc", ".x", "a/b"] {
            let spec = ContainerSpec { name: bad.into(), ..spec() };
            assert_eq!(fields(&spec), ["name"], "{bad:?} breaks the name rule");
        }
    }

    #[test]
    fn ports_outside_the_range_are_reported_at_their_row() {
        let spec = ContainerSpec {
            ports: vec![
                PortMapping { host_port: Some(8080), container_port: 80, ..Default::default() },
                PortMapping { host_port: Some(70000), container_port: 0, ..Default::default() },
            ],
            ..spec()
        };

        assert_eq!(fields(&spec), ["ports.1.containerPort", "ports.1.hostPort"]);
    }

    #[test]
    fn the_same_host_port_twice_is_rejected_unless_protocols_differ() {
        let row = |protocol| PortMapping {
            host_port: Some(8080),
            container_port: 80,
            protocol,
            ..Default::default()
        };
        let twice = ContainerSpec { ports: vec![row(Protocol::Tcp), row(Protocol::Tcp)], ..spec() };
        let mixed = ContainerSpec { ports: vec![row(Protocol::Tcp), row(Protocol::Udp)], ..spec() };

        assert_eq!(fields(&twice), ["ports.1.hostPort"]);
        assert!(mixed.validate().is_ok(), "8080/tcp and 8080/udp do not clash");
    }

    #[test]
    fn duplicate_keys_and_empty_images_are_reported() {
        let kv = |k: &str| KeyValue { key: k.into(), value: String::new() };
        let spec = ContainerSpec {
            image: " ".into(),
            env: vec![kv("A"), kv("A"), kv("")],
            labels: vec![kv("x"), kv("x")],
            ..Default::default()
        };

        assert_eq!(fields(&spec), ["image", "env.1.key", "env.2.key", "labels.1.key"]);
    }

    #[test]
    fn a_mapping_without_host_ip_binds_all_interfaces() {
        let spec = ContainerSpec {
            command: "sh -c 'sleep 1000'".into(),
            ports: vec![
                PortMapping { host_port: Some(8080), container_port: 80, ..Default::default() },
                PortMapping {
                    host_ip: Some("127.0.0.1".into()),
                    host_port: Some(8081),
                    container_port: 81,
                    protocol: Protocol::Udp,
                },
            ],
            ..spec()
        };

        let body = spec.to_create_body();

        let bindings = body.host_config.unwrap().port_bindings.unwrap();
        let all = &bindings["80/tcp"].as_ref().unwrap()[0];
        let local = &bindings["81/udp"].as_ref().unwrap()[0];
        assert_eq!(all.host_ip, None, "no address means every interface");
        assert_eq!(local.host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(body.cmd.unwrap(), ["sh", "-c", "sleep 1000"], "split like a shell");
    }
}
