//! What Berth shows of the engine's objects: small, serialisable views
//! distilled from bollard's wide API structs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Version facts of a connected engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct EngineInfo {
    /// The engine's release, such as `20.10.24`.
    pub version: String,
    /// The API version both sides agreed on, such as `1.41`.
    pub api_version: String,
    /// Operating system of the engine's host.
    pub os: String,
    /// CPU architecture of the engine's host.
    pub arch: String,
}

/// A container's lifecycle state as the engine reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ContainerState {
    Created,
    Running,
    Paused,
    Restarting,
    Exited,
    Removing,
    Dead,
    Unknown,
}

impl ContainerState {
    /// Maps the engine's state word; anything new becomes `Unknown`.
    pub fn from_engine(word: &str) -> Self {
        match word {
            "created" => Self::Created,
            "running" => Self::Running,
            "paused" => Self::Paused,
            "restarting" => Self::Restarting,
            "exited" => Self::Exited,
            "removing" => Self::Removing,
            "dead" => Self::Dead,
            _ => Self::Unknown,
        }
    }

    /// Whether the container's processes are alive.
    pub fn is_running(self) -> bool {
        matches!(self, Self::Running | Self::Paused | Self::Restarting)
    }
}

/// A transport protocol of a port.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    #[default]
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    /// The engine's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tcp => "tcp",
            Self::Udp => "udp",
            Self::Sctp => "sctp",
        }
    }
}

/// A container port, published on the host or only exposed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PublishedPort {
    /// The host address bound; `None` means all interfaces.
    pub host_ip: Option<String>,
    /// The host port; `None` when the port is only exposed.
    pub host_port: Option<u16>,
    /// The port inside the container.
    pub container_port: u16,
    /// The protocol.
    pub protocol: Protocol,
}

/// One row of the container list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContainerSummary {
    /// The full container id.
    pub id: String,
    /// The name without the engine's leading slash.
    pub name: String,
    /// The image as the container was created from it.
    pub image: String,
    /// The lifecycle state.
    pub state: ContainerState,
    /// The engine's status text, such as `Up 3 minutes`.
    pub status: String,
    /// Published and exposed ports, without the duplicate IPv6 rows.
    pub ports: Vec<PublishedPort>,
    /// Creation time, seconds since the Unix epoch.
    pub created: i64,
    /// The container's labels.
    pub labels: BTreeMap<String, String>,
}

/// A mount of a container, as shown in its detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MountSummary {
    /// `bind`, `volume`, `tmpfs` and so on.
    pub kind: String,
    /// The host path or volume name.
    pub source: String,
    /// The path inside the container.
    pub destination: String,
    /// Whether the mount is writable.
    pub read_write: bool,
}

/// A network a container is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NetworkSummary {
    /// The network's name.
    pub name: String,
    /// The container's IPv4 address on it, if any.
    pub ip_address: Option<String>,
    /// Other names the container answers to on it.
    pub aliases: Vec<String>,
}

/// The inspect summary shown in a container's detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContainerDetail {
    /// The list row of the same container.
    pub summary: ContainerSummary,
    /// Entrypoint and command joined as the engine runs them.
    pub command: Vec<String>,
    /// Environment as `KEY=value` strings.
    pub env: Vec<String>,
    /// Mounts.
    pub mounts: Vec<MountSummary>,
    /// Attached networks.
    pub networks: Vec<NetworkSummary>,
    /// The restart policy's name, such as `unless-stopped`.
    pub restart_policy: String,
    /// Memory limit in bytes; 0 means none.
    pub memory_limit: i64,
    /// CPU limit in cores; 0 means none.
    pub cpu_limit: f64,
    /// When the current run started (RFC 3339), if it ever ran.
    pub started_at: Option<String>,
    /// The last exit code, for stopped containers.
    pub exit_code: Option<i64>,
}

/// A local image, as offered by the new-container form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ImageSummary {
    /// The image id.
    pub id: String,
    /// `repository:tag` names; empty for dangling images.
    pub tags: Vec<String>,
    /// Size in bytes.
    pub size: i64,
    /// Creation time, seconds since the Unix epoch.
    pub created: i64,
}
