//! Errors of engine operations, one variant per operation.

use bollard::errors::Error as BollardError;

use super::connect::describe;
use crate::error::{ErrorCode, FieldError, UiError};

/// Why an engine operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    #[error("cannot reach the Docker engine at {endpoint}: {reason}")]
    Connect { endpoint: String, reason: String },
    #[error("the Docker engine at {endpoint} offers API {found}; Berth needs 1.41 or newer")]
    ApiTooOld { endpoint: String, found: String },
    #[error("no Docker engine is connected")]
    NotConnected,
    #[error("cannot list containers")]
    ListContainers { source: BollardError },
    #[error("cannot inspect container {id}")]
    InspectContainer { id: String, source: BollardError },
    #[error("cannot create container {name}")]
    CreateContainer { name: String, source: BollardError },
    #[error("cannot start container {id}")]
    StartContainer { id: String, source: BollardError },
    #[error("cannot stop container {id}")]
    StopContainer { id: String, source: BollardError },
    #[error("cannot restart container {id}")]
    RestartContainer { id: String, source: BollardError },
    #[error("cannot remove container {id}")]
    RemoveContainer { id: String, source: BollardError },
    #[error("container {id} is already {state}")]
    AlreadyInState { id: String, state: &'static str },
    #[error("container {id} is running: stop it first or remove it with force")]
    RemoveRunning { id: String },
    #[error("the container settings are not valid")]
    InvalidSpec { fields: Vec<FieldError> },
    #[error("cannot list images")]
    ListImages { source: BollardError },
    #[error("cannot read the logs of container {id}")]
    FollowLogs { id: String, source: BollardError },
    #[error("cannot read the stats of container {id}")]
    ReadStats { id: String, source: BollardError },
    #[error("the engine's event stream failed")]
    WatchEvents { source: BollardError },
}

impl EngineError {
    /// The bollard error underneath, when there is one.
    fn engine_source(&self) -> Option<&BollardError> {
        match self {
            Self::ListContainers { source }
            | Self::InspectContainer { source, .. }
            | Self::CreateContainer { source, .. }
            | Self::StartContainer { source, .. }
            | Self::StopContainer { source, .. }
            | Self::RestartContainer { source, .. }
            | Self::RemoveContainer { source, .. }
            | Self::ListImages { source }
            | Self::FollowLogs { source, .. }
            | Self::ReadStats { source, .. }
            | Self::WatchEvents { source } => Some(source),
            _ => None,
        }
    }

    /// The HTTP status the engine answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self.engine_source()? {
            BollardError::DockerResponseServerError { status_code, .. } => Some(*status_code),
            _ => None,
        }
    }

    /// Whether the engine stopped answering (as opposed to refusing).
    pub fn is_unreachable(&self) -> bool {
        match self {
            Self::Connect { .. } | Self::NotConnected => true,
            _ => self.engine_source().is_some_and(|source| {
                !matches!(
                    source,
                    BollardError::DockerResponseServerError { .. }
                        | BollardError::JsonDataError { .. }
                        | BollardError::JsonSerdeError { .. }
                )
            }),
        }
    }

    /// The interface's view: a code to branch on and the engine's own words.
    pub fn to_ui(&self) -> UiError {
        let code = match self {
            Self::Connect { .. } | Self::ApiTooOld { .. } | Self::NotConnected => {
                ErrorCode::EngineUnavailable
            }
            Self::InvalidSpec { .. } => ErrorCode::InvalidInput,
            Self::AlreadyInState { .. } | Self::RemoveRunning { .. } => ErrorCode::Conflict,
            _ if self.is_unreachable() => ErrorCode::EngineUnavailable,
            _ => match self.status() {
                Some(404) => ErrorCode::NotFound,
                Some(409) => ErrorCode::Conflict,
                _ if self.engine_message().contains("already allocated") => ErrorCode::Conflict,
                _ => ErrorCode::Engine,
            },
        };
        let message = match self.engine_source() {
            Some(_) => format!("{self}: {}", self.engine_message()),
            None => self.to_string(),
        };
        let fields = match self {
            Self::InvalidSpec { fields } => fields.clone(),
            _ => Vec::new(),
        };
        UiError { code, message, fields }
    }

    fn engine_message(&self) -> String {
        self.engine_source().map(describe).unwrap_or_default()
    }
}

impl From<EngineError> for UiError {
    fn from(error: EngineError) -> Self {
        error.to_ui()
    }
}
