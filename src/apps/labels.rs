//! The labels that tie engine objects to an application.
//!
//! Berth's own labels say which app and service a container, network or
//! volume belongs to; the Compose labels say the same to `docker compose ls`
//! and other tools, so they group Berth's apps as projects.

/// The application a container, network or volume belongs to.
pub const APP: &str = "berth.app";
/// The service a container runs.
pub const SERVICE: &str = "berth.app.service";
/// A hash of the service definition the container was made from.
pub const CONFIG_HASH: &str = "berth.app.config-hash";

pub const COMPOSE_PROJECT: &str = "com.docker.compose.project";
pub const COMPOSE_SERVICE: &str = "com.docker.compose.service";
pub const COMPOSE_NUMBER: &str = "com.docker.compose.container-number";
pub const COMPOSE_ONEOFF: &str = "com.docker.compose.oneoff";
pub const COMPOSE_CONFIG_HASH: &str = "com.docker.compose.config-hash";
pub const COMPOSE_NETWORK: &str = "com.docker.compose.network";
pub const COMPOSE_VOLUME: &str = "com.docker.compose.volume";

/// The filter value matching everything of one app: `berth.app=NAME`.
pub fn app_filter(app: &str) -> String {
    format!("{APP}={app}")
}
