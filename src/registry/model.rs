//! The registry's values: what a provider sends, what is stored, what a
//! consumer reads.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How healthy a check, or an instance, is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Passing,
    Warning,
    Critical,
}

impl Health {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passing => "passing",
            Self::Warning => "warning",
            Self::Critical => "critical",
        }
    }

    /// Parses the stored spelling; anything unknown counts as critical.
    pub fn parse(text: &str) -> Self {
        match text {
            "passing" => Self::Passing,
            "warning" => Self::Warning,
            _ => Self::Critical,
        }
    }
}

/// What a health check does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    /// GET a URL: 2xx passing, 429 warning, anything else critical.
    Http,
    /// Open a TCP connection.
    Tcp,
    /// Critical unless a heartbeat arrives within the TTL.
    Ttl,
}

impl CheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Tcp => "tcp",
            Self::Ttl => "ttl",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "http" => Some(Self::Http),
            "tcp" => Some(Self::Tcp),
            "ttl" => Some(Self::Ttl),
            _ => None,
        }
    }
}

/// Where an instance's registration came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The HTTP API.
    Api,
    /// The registration form in the app.
    Form,
    /// Auto-registration of a running container.
    Container,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Form => "form",
            Self::Container => "container",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "form" => Self::Form,
            "container" => Self::Container,
            _ => Self::Api,
        }
    }
}

/// A health check as a provider asks for it. Durations are written like
/// `10s`, `500ms` or `1m`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckRequest {
    /// `http`, `tcp` or `ttl`.
    pub kind: Option<CheckKind>,
    /// The URL (http) or `host:port` (tcp); defaults to the instance's.
    #[serde(default)]
    pub target: Option<String>,
    /// Time between runs; default `10s`.
    #[serde(default)]
    pub interval: Option<String>,
    /// How long one run may take; default `2s`.
    #[serde(default)]
    pub timeout: Option<String>,
    /// For `ttl` checks: how long a heartbeat keeps the check passing.
    #[serde(default)]
    pub ttl: Option<String>,
    /// Remove the instance once the check stayed critical this long.
    #[serde(default)]
    pub deregister_after: Option<String>,
}

/// A registration as a provider sends it (`POST /services`) or the form
/// submits it. Only `name` and a port (directly or in `url`) are required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Registration {
    /// The instance id; defaults to one derived from name, address and port.
    #[serde(default)]
    pub id: Option<String>,
    /// The service name.
    pub name: String,
    /// Hostname, IPv4 or IPv6 address; defaults to the URL's host, else
    /// `127.0.0.1`.
    #[serde(default)]
    pub address: Option<String>,
    /// The port; may be left out when `url` has one.
    #[serde(default)]
    pub port: Option<i64>,
    /// Where the service answers, such as `http://localhost:8080`.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub meta: BTreeMap<String, String>,
    /// What keeping this instance registered costs per hour.
    #[serde(default)]
    pub hourly_cost: Option<f64>,
    /// One health check.
    #[serde(default)]
    pub check: Option<CheckRequest>,
}

/// A check's definition and its current state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub id: String,
    pub kind: CheckKind,
    pub target: String,
    pub interval_ms: u32,
    pub timeout_ms: u32,
    pub ttl_ms: Option<u32>,
    pub deregister_after_ms: Option<u32>,
    pub status: Health,
    /// What the last run said: an HTTP status, a connect error, a TTL note.
    pub output: String,
    /// When the status last changed (RFC 3339).
    pub changed_at: String,
}

/// One stored instance of a service.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    pub id: String,
    pub name: String,
    pub address: String,
    pub port: u16,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub meta: BTreeMap<String, String>,
    pub hourly_cost: f64,
    /// The worst status of its checks; passing without checks.
    pub health: Health,
    pub source: Source,
    /// The container it was auto-registered for, if any.
    pub container_id: Option<String>,
    /// First registration (RFC 3339).
    pub registered_at: String,
    /// Last re-registration (RFC 3339).
    pub updated_at: String,
    pub checks: Vec<Check>,
}

/// A service name with its instance counts, for the grouped view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSummary {
    pub name: String,
    pub total: u32,
    pub passing: u32,
    pub tags: Vec<String>,
}

/// One recorded status change of a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    pub check_id: String,
    /// When (RFC 3339).
    pub at: String,
    pub status: Health,
    pub output: String,
}

/// Something that changed in the registry, for live views.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RegistryChange {
    /// An instance was registered or re-registered.
    Registered { instance: Instance },
    /// An instance's health changed.
    #[serde(rename_all = "camelCase")]
    HealthChanged { instance: Instance },
    /// An instance was removed; `reason` says by whom.
    Deregistered { id: String, name: String, reason: String },
    /// Too much changed to follow one by one: read everything again.
    Reload,
}
