//! A JSON body extractor whose every failure is a JSON error naming where
//! the problem is: the field for a wrong value, the line and column for
//! malformed JSON, 413 for a body over the limit.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::Failure;
use crate::error::{ErrorCode, FieldError, UiError};

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A JSON request body.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = Failure;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!("the body is larger than {} KiB", MAX_BODY_BYTES / 1024)
            } else {
                rejection.body_text()
            };
            Failure(status, UiError::new(ErrorCode::InvalidInput, message))
        })?;
        parse(&bytes).map(JsonBody)
    }
}

/// Parses JSON, naming the field or position of the first problem.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Failure> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        describe(Some(path).filter(|p| p != "."), &error.into_inner())
    })?;
    deserializer.end().map_err(|error| describe(None, &error))?;
    Ok(value)
}

fn describe(path: Option<String>, error: &serde_json::Error) -> Failure {
    let ui = match path {
        Some(path) if !error.is_syntax() && !error.is_eof() => UiError {
            code: ErrorCode::InvalidInput,
            message: format!("{path}: {}", strip(error)),
            fields: vec![FieldError::new(path, strip(error))],
        },
        _ => {
            let at = format!("line {} column {}", error.line(), error.column());
            UiError::new(
                ErrorCode::InvalidInput,
                format!("malformed JSON at {at}: {}", strip(error)),
            )
        }
    };
    Failure(StatusCode::BAD_REQUEST, ui)
}

/// serde_json's message without its trailing " at line X column Y".
fn strip(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(index) => text[..index].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Registration;

    fn error(json: &str) -> UiError {
        match parse::<Registration>(json.as_bytes()) {
            Ok(_) => panic!("{json} should fail"),
            Err(Failure(status, ui)) => {
                assert_eq!(status, StatusCode::BAD_REQUEST);
                ui
            }
        }
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let ui = error("{\n  \"name\": \"a\",\n  \"port\": 80,,\n}");

        assert!(ui.message.contains("line 3 column 14"), "{}", ui.message);
        assert!(ui.fields.is_empty());
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let ui = error(r#"{"name": "a", "port": "eighty"}"#);

        assert_eq!(ui.fields[0].field, "port", "{ui:?}");
        assert!(ui.message.starts_with("port: invalid type"), "{}", ui.message);
    }

    #[test]
    fn unknown_and_missing_fields_are_reported() {
        let unknown = error(r#"{"name": "a", "prot": 80}"#);
        let missing = error(r#"{"port": 80}"#);

        assert!(unknown.message.contains("unknown field `prot`"), "{}", unknown.message);
        assert!(missing.message.contains("missing field `name`"), "{}", missing.message);
    }

    #[test]
    fn trailing_garbage_is_malformed() {
        let ui = error(r#"{"name": "a", "port": 80} x"#);

        assert!(ui.message.starts_with("malformed JSON at line 1"), "{}", ui.message);
    }
}
