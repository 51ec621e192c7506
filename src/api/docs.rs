//! The OpenAPI description of the registry API.

use axum::Json;
use utoipa::OpenApi;

use crate::error::{ErrorCode, FieldError, UiError};
use crate::registry::{
    Check, CheckKind, CheckRequest, Health, Instance, Registration, ServiceSummary, Source,
    Transition,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Berth registry API",
        description = "Register, health-check and discover \
        local service instances."
    ),
    paths(
        super::register,
        super::list_all,
        super::list_named,
        super::get_instance,
        super::deregister,
        super::heartbeat,
        super::history,
        super::catalog,
        super::costs,
    ),
    components(schemas(
        Registration,
        CheckRequest,
        Instance,
        Check,
        CheckKind,
        Health,
        Source,
        ServiceSummary,
        Transition,
        UiError,
        ErrorCode,
        FieldError,
        super::Deregistered,
    ))
)]
struct ApiDoc;

/// `GET /openapi.json`.
pub(super) async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
