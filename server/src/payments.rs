//! `POST /payments/{provider}/callback`: a payment provider confirms a payment (clause 6.2).
//! Server to server, so no session and no CSRF token: the provider's signature is the proof.
//! Idempotent: a repeated delivery answers 200 and records nothing new.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use vipcare::ledger::shanghai_date;
use vipcare::services::payments::{confirm, Callback, Gateways};
use vipcare::services::ServiceError;
use vipcare::store::{now_ms, Db};

#[derive(Clone)]
pub struct CallbackState {
    pub db: Db,
    pub gateways: Gateways,
}

pub async fn callback(
    State(s): State<CallbackState>,
    Path(provider): Path<String>,
    Json(body): Json<Callback>,
) -> Response {
    let Some(p) = s.gateways.by_name(&provider) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = now_ms();
    match confirm(&s.db, p.as_ref(), &body, shanghai_date(now), now).await {
        Ok((invoice, outcome)) => Json(serde_json::json!({
            "status": "ok",
            "invoice": invoice,
            "recorded": outcome.is_some(),
        }))
        .into_response(),
        Err(ServiceError::Forbidden(_)) => StatusCode::UNAUTHORIZED.into_response(),
        Err(ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(ServiceError::Invalid { .. }) => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "payment callback failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
