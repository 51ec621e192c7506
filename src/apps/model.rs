//! An application: a named set of microservices, each one container (or a
//! few replicas), with the networks and volumes they share. This is the
//! normalised model every source (the form, a compose file) turns into, and
//! what deploy, export and `berth app config` work from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::Protocol;

/// A whole application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AppSpec {
    /// The application's name; also the Compose project name of what it makes.
    pub name: String,
    pub services: BTreeMap<String, ServiceSpec>,
    /// Networks declared at the top level; a `default` one is implied.
    pub networks: BTreeMap<String, NetworkSpec>,
    /// Named volumes declared at the top level.
    pub volumes: BTreeMap<String, VolumeSpec>,
}

/// One microservice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpec {
    pub image: String,
    /// Replaces the image's command; `None` keeps it.
    pub command: Option<Vec<String>>,
    /// Replaces the image's entrypoint; `None` keeps it.
    pub entrypoint: Option<Vec<String>>,
    /// Variables after interpolation and `env_file`s, later sources winning.
    pub environment: BTreeMap<String, String>,
    pub ports: Vec<PortSpec>,
    pub volumes: Vec<MountSpec>,
    /// Networks the service joins, with its aliases on each; empty means the
    /// app's `default` network.
    pub networks: BTreeMap<String, ServiceNetwork>,
    pub depends_on: BTreeMap<String, DependsOn>,
    pub healthcheck: Option<Healthcheck>,
    pub restart: Restart,
    pub labels: BTreeMap<String, String>,
    /// Memory limit in bytes.
    pub memory_bytes: Option<i64>,
    /// CPU limit in cores.
    pub cpus: Option<f64>,
    /// How many containers run this service; at least 1.
    pub replicas: u32,
}

/// A published port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PortSpec {
    /// The host address; `None` means all interfaces.
    pub host_ip: Option<String>,
    /// The host port; `None` lets the engine choose.
    pub published: Option<u16>,
    /// The port inside the container.
    pub target: u16,
    pub protocol: Protocol,
}

/// What a mount attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum MountKind {
    /// A named volume (declared at the top level) or an anonymous one.
    Volume,
    /// A host path.
    Bind,
    /// A memory-backed filesystem.
    Tmpfs,
}

/// A volume, bind or tmpfs mount of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MountSpec {
    pub kind: MountKind,
    /// The volume name or the absolute host path; `None` for anonymous
    /// volumes and tmpfs.
    pub source: Option<String>,
    /// The path inside the container.
    pub target: String,
    pub read_only: bool,
}

/// A service's membership of a network.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ServiceNetwork {
    pub aliases: Vec<String>,
}

/// When a dependency counts as satisfied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DependsOn {
    /// `service_started`: its containers were started.
    #[default]
    ServiceStarted,
    /// `service_healthy`: the engine reports its healthcheck healthy.
    ServiceHealthy,
    /// `service_completed_successfully`: it ran and exited 0.
    ServiceCompletedSuccessfully,
}

/// A container healthcheck, durations in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Healthcheck {
    /// The engine's test form: `["CMD", ...]`, `["CMD-SHELL", "..."]` or
    /// `["NONE"]` (the image's check disabled).
    pub test: Vec<String>,
    pub interval_ms: Option<u64>,
    pub timeout_ms: Option<u64>,
    pub retries: Option<u32>,
    pub start_period_ms: Option<u64>,
}

/// A restart policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "policy", rename_all = "kebab-case")]
pub enum Restart {
    #[default]
    No,
    Always,
    UnlessStopped,
    /// Restart on a non-zero exit, at most `maxRetries` times (0: no limit).
    #[serde(rename_all = "camelCase")]
    OnFailure {
        max_retries: u32,
    },
}

/// A network declared by the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NetworkSpec {
    /// Made outside the app; deploy only checks it exists.
    pub external: bool,
    /// The engine-side name; defaults to `{app}_{key}`.
    pub name: Option<String>,
    pub driver: Option<String>,
    pub labels: BTreeMap<String, String>,
}

/// A named volume declared by the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VolumeSpec {
    /// Made outside the app; deploy only checks it exists.
    pub external: bool,
    /// The engine-side name; defaults to `{app}_{key}`.
    pub name: Option<String>,
    pub driver: Option<String>,
    pub labels: BTreeMap<String, String>,
}

/// Something in a source that Berth read but does not act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// 1-based line and column in the source.
    pub line: u32,
    pub column: u32,
    /// Such as `services.web.build is not supported; the image is used`.
    pub message: String,
}
