//! Applications: several microservices deployed and controlled as one unit.
//!
//! [`AppSpec`] is the normalised model; [`plan`] holds the pure decisions
//! (order, names, hashes); [`deploy()`] and friends act on the engine, and
//! [`labels`] names what ties engine objects back to their app.

pub mod compose;
mod deploy;
mod export;
pub mod labels;
mod model;
pub mod plan;
mod store;

pub use compose::{ComposeError, Parsed, Variables, load_compose_file, parse_compose};
pub use deploy::{
    AppError, DeployProgress, DeployReport, ServicePhase, containers_by_service, deploy, start_app,
    stop_app, tear_down,
};
pub use export::export_compose;
pub use model::{
    AppSpec, DependsOn, Healthcheck, MountKind, MountSpec, NetworkSpec, PortSpec, Restart,
    ServiceNetwork, ServiceSpec, VolumeSpec, Warning,
};
pub use store::{AppStore, AppStoreError, SourceKind, StoredApp};
