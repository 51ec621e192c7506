//! The registry's local HTTP API: JSON in and out, described at
//! `/openapi.json`.
//!
//! Errors answer with the same `{ code, message, fields }` body the desktop
//! interface gets: 400 for bad input (naming the field, or the parser's line
//! and column), 404 for unknown ids, 413 for bodies over 1 MiB. Nothing
//! stored changes on any error.

mod body;
mod docs;

use std::net::SocketAddr;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tracing::{info, warn};

pub use body::{JsonBody, MAX_BODY_BYTES};

use crate::costs::{CostReport, ReportError, cost_report};
use crate::error::{ErrorCode, UiError};
use crate::registry::Transition;
use crate::registry::{Instance, Registration, Registry, RegistryError, ServiceSummary, Source};

/// The API's default address: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7345";

/// Why the API could not start.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("cannot listen on {address}")]
    Bind { address: String, source: std::io::Error },
    #[error("the API server stopped")]
    Serve { source: std::io::Error },
}

/// Binds the API's address; separate from [`serve`] so callers learn about
/// a taken port before they go on.
pub async fn bind(address: &str) -> Result<TcpListener, ApiError> {
    let listener = TcpListener::bind(address)
        .await
        .map_err(|source| ApiError::Bind { address: address.to_owned(), source })?;
    if let Ok(local) = listener.local_addr()
        && !local.ip().is_loopback()
    {
        warn!(%local, "registry API beyond loopback: anyone who can reach it can register");
    }
    Ok(listener)
}

/// Serves the API until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    registry: Registry,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ApiError> {
    let local: Option<SocketAddr> = listener.local_addr().ok();
    info!(address = ?local, "registry API listening");
    axum::serve(listener, router(registry))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|source| ApiError::Serve { source })
}

/// The API's routes over a registry.
pub fn router(registry: Registry) -> Router {
    Router::new()
        .route("/services", get(list_all).post(register))
        .route("/services/{name}", get(list_named).delete(deregister))
        .route("/services/{name}/{id}", get(get_instance))
        .route("/services/{id}/heartbeat", put(heartbeat))
        .route("/instances/{id}/history", get(history))
        .route("/catalog", get(catalog))
        .route("/costs", get(costs))
        .route("/openapi.json", get(docs::openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(registry)
}

/// An error answer: a status and the `{ code, message, fields }` body.
pub struct Failure(StatusCode, UiError);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

impl From<RegistryError> for Failure {
    fn from(error: RegistryError) -> Self {
        let ui = error.to_ui();
        let status = match ui.code {
            ErrorCode::InvalidInput => StatusCode::BAD_REQUEST,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            _ => {
                warn!(error = %ui.message, "registry request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        Failure(status, ui)
    }
}

/// `?passing` (present, or `=true`/`=1`) keeps only healthy instances.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Filter {
    /// Only instances whose checks all pass.
    #[serde(default, deserialize_with = "flag")]
    passing: bool,
}

fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
    Ok(!matches!(text.as_str(), "false" | "0"))
}

/// The answer to a deregistration.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Deregistered {
    pub id: String,
    pub deregistered: bool,
}

/// Register or re-register an instance.
#[utoipa::path(post, tag = "registry", path = "/services", request_body = Registration,
    responses((status = 200, body = Instance), (status = 400, body = UiError),
        (status = 413, body = UiError)))]
async fn register(
    State(registry): State<Registry>,
    JsonBody(registration): JsonBody<Registration>,
) -> Result<Json<Instance>, Failure> {
    Ok(Json(registry.register(&registration, Source::Api).await?))
}

/// Every instance, ordered by name.
#[utoipa::path(get, tag = "registry", path = "/services", params(Filter),
    responses((status = 200, body = Vec<Instance>)))]
async fn list_all(
    State(registry): State<Registry>,
    Query(filter): Query<Filter>,
) -> Result<Json<Vec<Instance>>, Failure> {
    Ok(Json(registry.instances(None, filter.passing).await?))
}

/// The instances of one service.
#[utoipa::path(get, tag = "registry", path = "/services/{name}",
    params(("name" = String, Path), Filter),
    responses((status = 200, body = Vec<Instance>)))]
async fn list_named(
    State(registry): State<Registry>,
    Path(name): Path<String>,
    Query(filter): Query<Filter>,
) -> Result<Json<Vec<Instance>>, Failure> {
    Ok(Json(registry.instances(Some(&name), filter.passing).await?))
}

/// One instance of a service.
#[utoipa::path(get, tag = "registry", path = "/services/{name}/{id}",
    params(("name" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = Instance), (status = 404, body = UiError)))]
async fn get_instance(
    State(registry): State<Registry>,
    Path((name, id)): Path<(String, String)>,
) -> Result<Json<Instance>, Failure> {
    let instance = registry.instance(&id).await?;
    if instance.name != name {
        return Err(RegistryError::NotFound { id }.into());
    }
    Ok(Json(instance))
}

/// Deregister an instance by id.
#[utoipa::path(delete, tag = "registry", path = "/services/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Deregistered), (status = 404, body = UiError)))]
async fn deregister(
    State(registry): State<Registry>,
    Path(id): Path<String>,
) -> Result<Json<Deregistered>, Failure> {
    registry.deregister(&id, "deregistered through the API").await?;
    Ok(Json(Deregistered { id, deregistered: true }))
}

/// Heartbeat for an instance's TTL check.
#[utoipa::path(put, tag = "registry", path = "/services/{id}/heartbeat",
    params(("id" = String, Path)),
    responses((status = 200, body = Instance), (status = 404, body = UiError),
        (status = 409, body = UiError)))]
async fn heartbeat(
    State(registry): State<Registry>,
    Path(id): Path<String>,
) -> Result<Json<Instance>, Failure> {
    registry.heartbeat(&id).await?;
    Ok(Json(registry.instance(&id).await?))
}

/// The recorded check transitions of an instance, newest first.
#[utoipa::path(get, tag = "registry", path = "/instances/{id}/history",
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<Transition>), (status = 404, body = UiError)))]
async fn history(
    State(registry): State<Registry>,
    Path(id): Path<String>,
) -> Result<Json<Vec<Transition>>, Failure> {
    Ok(Json(registry.history(&id).await?))
}

/// Service names with healthy and total counts.
#[utoipa::path(get, tag = "registry", path = "/catalog",
    responses((status = 200, body = Vec<ServiceSummary>)))]
async fn catalog(State(registry): State<Registry>) -> Result<Json<Vec<ServiceSummary>>, Failure> {
    Ok(Json(registry.services().await?))
}

/// The window and step of a cost report, written like `24h` and `1h`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CostWindow {
    /// How far back from now; default `24h`.
    window: Option<String>,
    /// The series' step; default `1h`.
    step: Option<String>,
}

/// C, R and C + R over a window ending now, each microservice's W_i, each
/// provider's S_i, and both per step.
#[utoipa::path(get, tag = "costs", path = "/costs", params(CostWindow),
    responses((status = 200, body = CostReport), (status = 400, body = UiError)))]
async fn costs(
    State(registry): State<Registry>,
    Query(query): Query<CostWindow>,
) -> Result<Json<CostReport>, Failure> {
    let duration = |field: &str, text: Option<&str>, default: &str| {
        let text = text.unwrap_or(default);
        humantime::parse_duration(text)
            .ok()
            .filter(|d| !d.is_zero())
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .ok_or_else(|| {
                let mut error = UiError::new(
                    ErrorCode::InvalidInput,
                    format!("{field}: {text:?} is not a duration like 24h"),
                );
                error.fields.push(crate::error::FieldError::new(
                    field,
                    "must be a duration like 24h or 15m",
                ));
                Failure(StatusCode::BAD_REQUEST, error)
            })
    };
    let window = duration("window", query.window.as_deref(), "24h")?;
    let step = duration("step", query.step.as_deref(), "1h")?;
    let to = jiff::Timestamp::now().as_millisecond();

    let report = cost_report(registry.store(), to - window, to, step).await.map_err(|error| {
        let code = match error {
            ReportError::Step => ErrorCode::InvalidInput,
            _ => ErrorCode::Storage,
        };
        let status = if code == ErrorCode::InvalidInput {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        Failure(status, UiError::new(code, error.to_string()))
    })?;
    Ok(Json(report))
}

async fn not_found() -> Failure {
    Failure(StatusCode::NOT_FOUND, UiError::new(ErrorCode::NotFound, "no such endpoint"))
}

async fn method_not_allowed() -> Failure {
    let error = UiError::new(ErrorCode::InvalidInput, "this endpoint does not take that method");
    Failure(StatusCode::METHOD_NOT_ALLOWED, error)
}
