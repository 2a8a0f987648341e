//! `GET /files/{id}`: downloads an uploaded file. A customer gets only their own files (another
//! id answers 404 and is audited); staff who may see customers get any (the read is audited).
//! Files are always sent as attachments with `nosniff`, never rendered inline.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use vipcare::services::membership::{file_for, Reader};
use vipcare::services::{Actor, ServiceError};
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
    let Some(user) = ctx.user.as_ref() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let reader = if user.can(Permission::UsePortal) {
        Reader::Customer(user.id)
    } else if user.can(Permission::ViewCustomers) {
        Reader::Staff
    } else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let actor: Actor = ctx.client.actor(Some(user.id));
    match file_for(&db, &actor, reader, id, now_ms()).await {
        Ok((info, bytes)) => {
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&info.mime) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&format!(
                "attachment; filename*=UTF-8''{}",
                encode_filename(&info.name)
            )) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            res
        }
        Err(ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "file download failed");
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
