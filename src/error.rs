//! The one error shape the user interface sees: `{ code, message, fields }`.
//!
//! Each layer keeps its own error enum; this module maps them to the few
//! codes the interface branches on. The message is meant for people: for
//! engine failures it ends with the engine's own words.

use serde::Serialize;

/// What kind of failure happened, as far as the interface cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No engine answered at the configured endpoint.
    EngineUnavailable,
    /// The container (or image) named does not exist.
    NotFound,
    /// The request clashes with the current state: name in use, port
    /// allocated, already stopped.
    Conflict,
    /// The input failed validation; `fields` says where.
    InvalidInput,
    /// The engine refused for another reason; the message has its words.
    Engine,
    /// Berth's own storage failed.
    Storage,
}

/// A problem with one field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The field's path in the submitted value, such as `name` or `ports.1.hostPort`.
    pub field: String,
    /// What is wrong, in a short sentence without a trailing period.
    pub message: String,
}

impl FieldError {
    /// Builds a field error from anything printable.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// The error value every desktop command returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UiError {
    /// The class of failure.
    pub code: ErrorCode,
    /// A sentence for people.
    pub message: String,
    /// Per-field problems; empty unless `code` is `invalid_input`.
    pub fields: Vec<FieldError>,
}

impl UiError {
    /// An error without field details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: Vec::new() }
    }
}

/// An error's own words followed by its direct cause, for people: errors
/// keep their cause as `source`, not in their text, so it is added here.
pub fn with_cause(error: &dyn std::error::Error) -> String {
    match error.source() {
        Some(cause) => format!("{error}: {cause}"),
        None => error.to_string(),
    }
}

impl std::fmt::Display for UiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_error_serialises_to_the_pinned_shape() {
        let mut error = UiError::new(ErrorCode::InvalidInput, "check the form");
        error.fields.push(FieldError::new("ports.0.hostPort", "must be 1 to 65535"));

        let json = serde_json::to_value(&error).unwrap();

        let expected = serde_json::json!({
            "code": "invalid_input",
            "message": "check the form",
            "fields": [{ "field": "ports.0.hostPort", "message": "must be 1 to 65535" }],
        });
        assert_eq!(json, expected, "the interface parses exactly this shape");
    }
}
