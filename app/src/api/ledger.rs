//! The purchase ledger (clause 2.1.1): CSV upload with preview and a progress-reported commit,
//! and the order system's API keys. Importing is for admins and finance; keys for admins.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};
use vipcare::ledger::{ApiKeyInfo, ImportPreview, ImportStatus};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, now_ms},
    vipcare::services::ledger,
    vipcare::Permission,
};

/// Reads the upload (`file` field) and returns the preview; nothing reaches the ledger yet.
#[server(input = MultipartFormData, endpoint = "ledger/preview")]
pub async fn preview_ledger_upload(data: MultipartData) -> Result<ImportPreview, AppError> {
    let (ctx, req, _user) = authorize(Permission::ImportLedger)?;
    let mut data = data
        .into_inner()
        .ok_or_else(|| fail(AppError::BadRequest))?;
    let mut filename = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    while let Ok(Some(mut field)) = data.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        filename = field.file_name().unwrap_or_default().to_string();
        while let Ok(Some(chunk)) = field.chunk().await {
            if bytes.len() + chunk.len() > ledger::MAX_UPLOAD_BYTES {
                return Err(fail(AppError::Invalid {
                    field: "file".into(),
                    msg: vipcare::Msg::ErrUploadTooLarge,
                }));
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    ledger::preview_upload(&ctx.db, &actor(&req), &filename, &bytes, now_ms())
        .await
        .map_err(fail)
}

/// Starts committing a previewed upload; progress is read with [`ledger_import_status`].
#[server(endpoint = "ledger/commit")]
pub async fn commit_ledger_import(id: i64) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ImportLedger)?;
    let actor = actor(&req);
    ledger::start_commit(&ctx.db, &actor, id, now_ms())
        .await
        .map_err(fail)?;
    let db = ctx.db.clone();
    tokio::spawn(async move {
        if let Err(e) = ledger::run_commit(&db, &actor, id, now_ms()).await {
            tracing::error!(import = id, error = ?e, "ledger import failed; the job will resume it");
        }
    });
    Ok(())
}

#[server(endpoint = "ledger/import-status")]
pub async fn ledger_import_status(id: i64) -> Result<ImportStatus, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ImportLedger)?;
    ledger::import_status(&ctx.db, id).await.map_err(fail)
}

#[server(endpoint = "ledger/imports")]
pub async fn recent_ledger_imports() -> Result<Vec<ImportStatus>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ImportLedger)?;
    ledger::recent_imports(&ctx.db).await.map_err(fail)
}

#[server(endpoint = "api-keys/list")]
pub async fn list_api_keys() -> Result<Vec<ApiKeyInfo>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageProgramme)?;
    ledger::list_api_keys(&ctx.db).await.map_err(fail)
}

/// Creates a key and returns its secret: shown once, never stored.
#[server(endpoint = "api-keys/create")]
pub async fn create_api_key(name: String) -> Result<String, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    ledger::create_api_key(&ctx.db, &actor(&req), &name, now_ms())
        .await
        .map(|(_, key)| key)
        .map_err(fail)
}

#[server(endpoint = "api-keys/revoke")]
pub async fn revoke_api_key(id: i64) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    ledger::revoke_api_key(&ctx.db, &actor(&req), id, now_ms())
        .await
        .map_err(fail)
}
