//! The docker-compose importer: reads a compose file as people really write
//! it (anchors and merge keys, `${VAR}` interpolation, short and long forms)
//! into an [`AppSpec`], with a [`Warning`] for every key Berth reads but does
//! not act on and a positioned [`ComposeError`] for anything it cannot use.
//!
//! The phases: [`yaml`] builds a tree of positioned nodes, [`Reader`]
//! interpolates it, then the top level and each service are read and the
//! references between them (dependencies, volumes, networks) checked.

mod deploy;
mod error;
mod healthcheck;
mod interpolate;
mod mounts;
mod ports;
mod reader;
mod service;
mod syntax;
mod top;
mod variables;
mod yaml;

#[cfg(test)]
mod tests;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use error::{ComposeError, Location};
pub use variables::Variables;

use crate::apps::model::{AppSpec, Warning};

/// A compose file read into an application, with what Berth will not honour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parsed {
    pub app: AppSpec,
    /// In source order; each names its key path.
    pub warnings: Vec<Warning>,
}

/// Reads compose `text` into an application named `app_name` (a top-level
/// `name:` does not override it). `file` names the text in messages;
/// relative bind mounts and `env_file`s are taken from `base_dir`.
///
/// # Errors
/// A [`ComposeError`] with the file, line and column of the first problem.
pub fn parse_compose(
    text: &str,
    file: &str,
    app_name: &str,
    vars: &Variables,
    base_dir: &Path,
) -> Result<Parsed, ComposeError> {
    top::read_app(text, file, top::AppName::Given(app_name), vars, base_dir)
}

/// Reads the compose file at `path` with the `.env` beside it and the
/// process environment. Without `app_name`, the app is named like a Compose
/// project: the top-level `name:` or else the folder's name, lowercased and
/// reduced to `[a-z0-9_-]`.
///
/// # Errors
/// [`ComposeError::ReadFile`] when the file or its `.env` cannot be read,
/// otherwise as [`parse_compose`].
pub fn load_compose_file(path: &Path, app_name: Option<&str>) -> Result<Parsed, ComposeError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ComposeError::ReadFile { path: path.to_owned(), reason: e.to_string() })?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let base_dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    let vars = Variables::from_env_and_dotenv(&base_dir)?;

    let folder = base_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match app_name {
        Some(name) => top::AppName::Given(name),
        None => top::AppName::Default { folder: &folder },
    };
    let file = path.display().to_string();
    top::read_app(&text, &file, name, &vars, &base_dir)
}
