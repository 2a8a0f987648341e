//! `GET /portal/export.zip`: the signed-in customer downloads all their data (clause 10; issue
//! 9) — `data.json`, their signed copies, invoices and files, with a bilingual README. Staff and
//! anonymous callers get 403 / 401. The export is audited by the service.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::io::Write;
use vipcare::export::readme;
use vipcare::services::export::{export_customer, Export};
use vipcare::store::{now_ms, Db};
use vipcare::Permission;
use vipcare_app::server::RequestContext;

pub async fn my_data(State(db): State<Db>, Extension(ctx): Extension<RequestContext>) -> Response {
    let Some(user) = ctx.user.as_ref() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !user.can(Permission::UsePortal) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let actor = ctx.client.actor(Some(user.id));
    let now = now_ms();
    let export = match export_customer(&db, &actor, user.id, now).await {
        Ok(e) => e,
        Err(e) => {
            tracing::error!(error = ?e, "data export failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let day = vipcare::ledger::shanghai_date(now);
    // Compressing is CPU work: keep it off the async workers.
    match tokio::task::spawn_blocking(move || archive(&export)).await {
        Ok(Ok(bytes)) => crate::files::attachment(
            bytes,
            "application/zip",
            &format!("vipcare-my-data-{day}.zip"),
        ),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "data export archive failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "data export task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The ZIP archive: README.txt, data.json, then every document and file.
pub fn archive(export: &Export) -> Result<Vec<u8>, ArchiveError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    zip.start_file("README.txt", options)?;
    zip.write_all(readme(&export.data).as_bytes())?;
    zip.start_file("data.json", options)?;
    serde_json::to_writer_pretty(&mut zip, &export.data)?;
    for (path, bytes) in &export.entries {
        zip.start_file(path.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}
