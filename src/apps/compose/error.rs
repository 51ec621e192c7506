//! What can go wrong reading a compose file. Every variant but
//! [`ComposeError::ReadFile`] says where: file, 1-based line and column.

use std::fmt;
use std::path::PathBuf;

/// A position in a named file, shown as `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

impl Location {
    /// Builds a location, saturating positions too large for `u32`.
    pub fn new(file: &str, line: usize, column: usize) -> Self {
        Self {
            file: file.to_owned(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A compose file Berth cannot turn into an application.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ComposeError {
    /// The compose file or its `.env` could not be read; there is no
    /// position to give.
    #[error("cannot read {}: {reason}", path.display())]
    ReadFile { path: PathBuf, reason: String },

    /// The text is not YAML, or not YAML a compose file may use.
    #[error("{at}: invalid yaml: {message}")]
    Yaml { at: Location, message: String },

    /// A value of the wrong type or form.
    #[error("{at}: {path}: expected {expected}")]
    Expected { at: Location, path: String, expected: String },

    /// A key the Compose Specification does not have there, such as a typo.
    #[error("{at}: {path}: unknown key `{key}`{}", did_you_mean(suggestions))]
    UnknownKey { at: Location, path: String, key: String, suggestions: Vec<String> },

    /// `${VAR:?message}` or `${VAR?message}` with the variable missing.
    #[error("{at}: {path}: variable {variable} is required{}", colon_message(message))]
    RequiredVariable { at: Location, path: String, variable: String, message: String },

    /// A `$` that starts no variable.
    #[error("{at}: {path}: expected $NAME, ${{NAME}} or $$ for a literal $")]
    Interpolation { at: Location, path: String },

    /// A service that would need `build`, which Berth does not do.
    #[error("{at}: services.{service}: has build but no image; Berth does not build images")]
    BuildOnly { at: Location, service: String },

    /// A service with neither `image` nor `build`.
    #[error("{at}: services.{service}: expected an image")]
    MissingImage { at: Location, service: String },

    /// `depends_on` names a service that is not in the file.
    #[error("{at}: services.{service}.depends_on: unknown service `{dependency}`")]
    UnknownDependency { at: Location, service: String, dependency: String },

    /// Services that wait for each other in a circle; `cycle` starts and
    /// ends with the same service.
    #[error("{at}: dependency cycle: {}", cycle.join(" -> "))]
    DependencyCycle { at: Location, cycle: Vec<String> },

    /// A named volume a service mounts that the top level does not declare.
    #[error(
        "{at}: services.{service}.volumes: volume `{volume}` is not declared under the \
         top-level volumes"
    )]
    UndeclaredVolume { at: Location, service: String, volume: String },

    /// A network a service joins that the top level does not declare.
    #[error(
        "{at}: services.{service}.networks: network `{network}` is not declared under the \
         top-level networks"
    )]
    UndeclaredNetwork { at: Location, service: String, network: String },

    /// An `env_file` that is required but cannot be read; `at` is where the
    /// compose file names it.
    #[error("{at}: cannot read env_file {}: {reason}", path.display())]
    ReadEnvFile { at: Location, path: PathBuf, reason: String },

    /// A line of `.env` or an `env_file` that is not `KEY=value`; `at` is in
    /// that file.
    #[error("{at}: {message}")]
    EnvFileSyntax { at: Location, message: String },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!("; did you mean one of `{}`?", many.join("`, `")),
    }
}

fn colon_message(message: &str) -> String {
    if message.is_empty() { String::new() } else { format!(": {message}") }
}
