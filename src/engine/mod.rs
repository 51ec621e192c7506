//! Access to the local Docker engine through bollard.
//!
//! [`Engine`] is a connected, version-negotiated client; [`Monitor`] keeps
//! one alive across daemon restarts and turns the engine's event stream into
//! container updates. Every operation returns an [`EngineError`] naming what
//! failed; [`EngineError::to_ui`] gives the interface's `{ code, message }`.

mod connect;
mod containers;
mod error;
mod logs;
mod model;
mod monitor;
mod spec;
mod stats;

pub use connect::{Endpoint, MIN_API_VERSION};
pub use error::EngineError;
pub use logs::{LOG_LINE_LIMIT, LogLine, LogStream};
pub use model::{
    ContainerDetail, ContainerState, ContainerSummary, EngineInfo, ImageSummary, MountSummary,
    NetworkSummary, Protocol, PublishedPort,
};
pub use monitor::{ContainerChange, EngineStatus, Monitor};
pub use spec::{ContainerSpec, KeyValue, PortMapping, RestartPolicy};
pub use stats::{Counters, StatsSample};

/// A connected engine: a bollard client at the negotiated API version.
///
/// Cheap to clone; clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) docker: bollard::Docker,
    endpoint: Endpoint,
    info: EngineInfo,
}

impl Engine {
    /// The endpoint this engine was reached at.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Version facts read when connecting.
    pub fn info(&self) -> &EngineInfo {
        &self.info
    }
}
