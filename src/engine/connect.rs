//! Reaching the engine: endpoint resolution, version negotiation and the
//! reasons a connection fails, in words a person can act on.

use std::time::Duration;

use bollard::{API_DEFAULT_VERSION, Docker};
use serde::Serialize;
use tracing::{info, instrument};

use super::{Engine, EngineError, EngineInfo};

/// The oldest Engine API Berth talks to (Docker 20.10).
pub const MIN_API_VERSION: (u16, u16) = (1, 41);

/// How long one request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The default local socket.
const DEFAULT_SOCKET: &str = "unix:///var/run/docker.sock";

/// Where the engine is expected to answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    /// A `unix://`, `tcp://` or `http://` address.
    pub uri: String,
    /// Where the address came from: `DOCKER_HOST`, `default` or `settings`.
    pub source: String,
}

impl Endpoint {
    /// The endpoint from `DOCKER_HOST`, else the local socket.
    pub fn from_env() -> Self {
        match std::env::var("DOCKER_HOST") {
            Ok(uri) if !uri.trim().is_empty() => {
                Self { uri: uri.trim().to_owned(), source: "DOCKER_HOST".into() }
            }
            _ => Self { uri: DEFAULT_SOCKET.into(), source: "default".into() },
        }
    }

    /// An explicit address, as entered in the settings.
    pub fn custom(uri: impl Into<String>) -> Self {
        Self { uri: uri.into(), source: "settings".into() }
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.uri)
    }
}

impl Engine {
    /// Connects, negotiates the API version and reads the engine's version.
    ///
    /// Fails with [`EngineError::Connect`] when nothing answers (with the
    /// reason: socket missing, permission denied, refused) and with
    /// [`EngineError::ApiTooOld`] below [`MIN_API_VERSION`].
    #[instrument(skip_all, fields(endpoint = %endpoint), err(level = "debug"))]
    pub async fn connect(endpoint: &Endpoint) -> Result<Engine, EngineError> {
        let connect_error =
            |reason: String| EngineError::Connect { endpoint: endpoint.uri.clone(), reason };

        let docker = open_client(&endpoint.uri).map_err(|e| connect_error(describe(&e)))?;
        let docker = docker.negotiate_version().await.map_err(|e| connect_error(describe(&e)))?;
        let version = docker.version().await.map_err(|e| connect_error(describe(&e)))?;

        let api_version = version.api_version.unwrap_or_default();
        if parse_api_version(&api_version).is_none_or(|found| found < MIN_API_VERSION) {
            return Err(EngineError::ApiTooOld {
                endpoint: endpoint.uri.clone(),
                found: api_version,
            });
        }
        let info = EngineInfo {
            version: version.version.unwrap_or_default(),
            api_version,
            os: version.os.unwrap_or_default(),
            arch: version.arch.unwrap_or_default(),
        };

        let (version, api) = (&info.version, &info.api_version);
        info!(endpoint = %endpoint, %version, %api, "engine connected");
        Ok(Engine { docker, endpoint: endpoint.clone(), info })
    }

    /// Asks the engine whether it still answers.
    pub async fn ping(&self) -> Result<(), EngineError> {
        self.docker.ping().await.map(drop).map_err(|e| EngineError::Connect {
            endpoint: self.endpoint.uri.clone(),
            reason: describe(&e),
        })
    }
}

fn open_client(uri: &str) -> Result<Docker, bollard::errors::Error> {
    let timeout = REQUEST_TIMEOUT.as_secs();
    if uri.starts_with("unix://") {
        Docker::connect_with_unix(uri, timeout, API_DEFAULT_VERSION)
    } else if uri.starts_with("tcp://") || uri.starts_with("http://") {
        Docker::connect_with_http(uri, timeout, API_DEFAULT_VERSION)
    } else {
        Err(bollard::errors::Error::UnsupportedURISchemeError { uri: uri.to_owned() })
    }
}

/// Parses `"1.41"` into `(1, 41)`.
fn parse_api_version(text: &str) -> Option<(u16, u16)> {
    let (major, minor) = text.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// Names the reason a request failed, preferring the operating system's
/// words (socket missing, permission denied, connection refused).
pub(super) fn describe(error: &bollard::errors::Error) -> String {
    use std::io::ErrorKind;

    if let bollard::errors::Error::SocketNotFoundError(path) = error {
        return format!(
            "the socket {path} does not exist (is the Docker daemon installed and running?)"
        );
    }
    if let bollard::errors::Error::UnsupportedURISchemeError { uri } = error {
        return format!("{uri} is not a unix://, tcp:// or http:// address");
    }
    if let bollard::errors::Error::DockerResponseServerError { message, .. } = error {
        return message.clone();
    }
    let mut cause: Option<&dyn std::error::Error> = Some(error);
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                ErrorKind::NotFound => {
                    "the socket does not exist (is the Docker daemon running?)".into()
                }
                ErrorKind::PermissionDenied => {
                    "permission denied (add your user to the docker group, then log in again)"
                        .into()
                }
                ErrorKind::ConnectionRefused => {
                    "connection refused (the Docker daemon is not running)".into()
                }
                _ => io.to_string(),
            };
        }
        cause = current.source();
    }
    error.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_versions_compare_numerically() {
        assert_eq!(parse_api_version("1.41"), Some((1, 41)));
        assert!(parse_api_version("1.9").unwrap() < MIN_API_VERSION, "1.9 is older than 1.41");
        assert!(parse_api_version("1.100").unwrap() > MIN_API_VERSION, "minor is a number");
        assert_eq!(parse_api_version("garbage"), None);
    }

    #[tokio::test]
    async fn a_missing_socket_is_reported_with_its_path() {
        let endpoint = Endpoint::custom("unix:///nonexistent/berth-test.sock");

        let error = Engine::connect(&endpoint).await.unwrap_err();

        let text = error.to_string();
        assert!(text.contains("/nonexistent/berth-test.sock"), "names the endpoint: {text}");
        assert!(text.contains("does not exist"), "says why: {text}");
    }

    #[tokio::test]
    async fn an_unknown_scheme_is_rejected_before_any_request() {
        let error = Engine::connect(&Endpoint::custom("ftp://example")).await.unwrap_err();

        assert!(error.to_string().contains("not a unix://"), "{error}");
    }
}
