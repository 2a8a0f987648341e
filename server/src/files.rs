//! `GET /files/{id}`: downloads an uploaded file. A customer gets only their own files (another
//! id answers 404 and is audited); staff who may see customers get any (the read is audited).
//! Files are always sent as attachments with `nosniff`, never rendered inline.
//!
//! `GET /agreements/{id}/signed-copy`: the signed agreement as a print-ready HTML file (clause
//! 13.2.2) — the customer's copy (Party B) for its customer, the company's (Party A) for staff.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use vipcare::services::membership::{agreement_for, file_for, Reader};
use vipcare::services::{Actor, ServiceError};
use vipcare::signed_copy::{file_name, signed_copy_html, Holder};
use vipcare::store::{now_ms, Db};
use vipcare::Permission;
use vipcare_app::server::RequestContext;

/// RFC 5987 encoding of a file name for `Content-Disposition`.
fn encode_filename(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub async fn download(
    State(db): State<Db>,
    Extension(ctx): Extension<RequestContext>,
    Path(id): Path<i64>,
) -> Response {
    let (user_id, reader) = match reader_of(&ctx) {
        Ok(r) => r,
        Err(status) => return status.into_response(),
    };
    let actor: Actor = ctx.client.actor(Some(user_id));
    match file_for(&db, &actor, reader, id, now_ms()).await {
        Ok((info, bytes)) => attachment(bytes, &info.mime, &info.name),
        Err(ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "file download failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Sends `body` as a private attachment named `name`.
pub(crate) fn attachment(body: Vec<u8>, mime: &str, name: &str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename*=UTF-8''{}",
        encode_filename(name)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

/// Who reads, from the session: a customer their own, staff who may see customers any.
fn reader_of(ctx: &RequestContext) -> Result<(i64, Reader), StatusCode> {
    let Some(user) = ctx.user.as_ref() else {
        return Err(StatusCode::UNAUTHORIZED);
    };
    if user.can(Permission::UsePortal) {
        Ok((user.id, Reader::Customer(user.id)))
    } else if user.can(Permission::ViewCustomers) {
        Ok((user.id, Reader::Staff))
    } else {
        Err(StatusCode::FORBIDDEN)
    }
}

/// The signed copy of agreement `id` (13.2.2). Another customer's id answers 404 and is audited
/// (by `agreement_for`); an agreement not yet signed by both parties has no signed copy (404).
pub async fn signed_copy(
    State(db): State<Db>,
    Extension(ctx): Extension<RequestContext>,
    Path(id): Path<i64>,
) -> Response {
    let (user_id, reader) = match reader_of(&ctx) {
        Ok(r) => r,
        Err(status) => return status.into_response(),
    };
    let holder = match reader {
        Reader::Customer(_) => Holder::PartyB,
        Reader::Staff => Holder::PartyA,
    };
    let actor: Actor = ctx.client.actor(Some(user_id));
    match agreement_for(&db, &actor, reader, id, now_ms()).await {
        Ok(a) => match signed_copy_html(&a, holder) {
            Some(html) => attachment(
                html.into_bytes(),
                "text/html; charset=utf-8",
                &file_name(&a, holder),
            ),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        Err(ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "signed copy failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_percent_encoded() {
        assert_eq!(
            super::encode_filename("营业执照 v2.pdf"),
            "%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20v2.pdf"
        );
    }
}
