//! Applications: several microservices deployed and controlled as one unit.

mod model;

pub use model::{
    AppSpec, DependsOn, Healthcheck, MountKind, MountSpec, NetworkSpec, PortSpec, Restart,
    ServiceNetwork, ServiceSpec, VolumeSpec, Warning,
};
