//! `POST /api/v1/ledger`: the order system sends purchases, refunds and points adjustments
//! (clause 2.1.1). Authenticated with a bearer API key created by an admin (only its hash is
//! stored). Up to 1,000 entries per call; the answer lists what happened to each, in order.
//!
//! ```text
//! POST /api/v1/ledger
//! Authorization: Bearer vck_…
//! {"entries": [{"external_id": "ORD-1", "customer_email": "near@example.com",
//!               "occurred_at": "2026-11-20T14:30:00+08:00", "kind": "purchase",
//!               "amount_fen": 320000, "points": 3200}]}
//!
//! 200 {"inserted": 1, "unchanged": 0, "conflicts": 0, "rejected": 0,
//!      "results": [{"index": 0, "external_id": "ORD-1", "status": "inserted"}]}
//! ```
//!
//! 401 without a live key, 400 for a body that is not JSON of this shape, 422 for more than
//! 1,000 entries. Entries are checked one by one: a bad entry is `rejected` with its field
//! errors and does not stop the others.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use vipcare::ledger::{RawEntry, MAX_API_BATCH};
use vipcare::services::ledger::{authenticate_api_key, import_api};
use vipcare::services::ServiceError;
use vipcare::store::{now_ms, Db};

#[derive(Clone)]
pub struct ApiState {
    pub db: Db,
    pub trust_proxy: bool,
}

fn problem(status: StatusCode, code: &str, message: &str) -> Response {
    let mut res = (status, Json(json!({"error": code, "message": message}))).into_response();
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer realm=\"vipcare\""),
        );
    }
    res
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

/// A JSON value as the text the validator reads: strings as they are, numbers in decimal;
/// anything else (objects, booleans) becomes text that fails validation.
fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => format!("\u{0}{other}"),
    }
}

fn raw_entry(v: &Value) -> RawEntry {
    let f = |k: &str| text(v.get(k));
    RawEntry {
        external_id: f("external_id"),
        customer_email: f("customer_email"),
        occurred_at: f("occurred_at"),
        kind: f("kind"),
        amount_fen: f("amount_fen"),
        points: f("points"),
    }
}

pub async fn post_ledger(State(state): State<ApiState>, req: Request<Body>) -> Response {
    let ip = crate::middleware::client_ip(&req, state.trust_proxy);
    let key_id = match bearer(req.headers()) {
        None => {
            return problem(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "missing bearer API key",
            )
        }
        Some(token) => match authenticate_api_key(&state.db, token).await {
            Ok(Some(id)) => id,
            Ok(None) => {
                tracing::warn!(%ip, "ledger API: unknown or revoked key");
                return problem(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "unknown or revoked API key",
                );
            }
            Err(e) => {
                tracing::error!(error = ?e, "ledger API: key lookup failed");
                return problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error",
                );
            }
        },
    };
    let body: Bytes = match axum::body::to_bytes(req.into_body(), usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "request body too large",
            )
        }
    };
    let parsed: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "bad_json",
                "the body is not valid JSON",
            )
        }
    };
    let Some(entries) = parsed.get("entries").and_then(Value::as_array) else {
        return problem(
            StatusCode::BAD_REQUEST,
            "bad_shape",
            "expected an object with an \"entries\" array",
        );
    };
    if entries.len() > MAX_API_BATCH {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "batch_too_large",
            "at most 1,000 entries per request",
        );
    }
    let raw: Vec<RawEntry> = entries.iter().map(raw_entry).collect();
    match import_api(&state.db, key_id, Some(ip), &raw, now_ms()).await {
        Ok((counts, results)) => (
            StatusCode::OK,
            Json(json!({
                "inserted": counts.inserted,
                "unchanged": counts.unchanged,
                "conflicts": counts.conflicts,
                "rejected": counts.rejected,
                "results": results,
            })),
        )
            .into_response(),
        Err(ServiceError::Invalid { msg, .. }) => problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            msg.text(vipcare::Lang::En),
        ),
        Err(e) => {
            tracing::error!(error = ?e, "ledger API: import failed");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            )
        }
    }
}
