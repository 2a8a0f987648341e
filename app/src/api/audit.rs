//! The audit log page: recent entries and the state of the hash chain (admins only).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use vipcare::audit::AuditRow;
#[cfg(feature = "ssr")]
use {
    crate::server::{authorize, fail},
    vipcare::services::audit::{self, ChainStatus},
    vipcare::Permission,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub entries: i64,
    /// The first broken entry, if the chain is broken.
    pub broken_at: Option<i64>,
}

#[server(endpoint = "audit/recent")]
pub async fn recent_audit() -> Result<AuditPage, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ReadAudit)?;
    let rows = audit::recent(&ctx.db, 200).await.map_err(fail)?;
    let (entries, broken_at) = match audit::verify(&ctx.db).await.map_err(fail)? {
        ChainStatus::Intact { entries } => (entries, None),
        ChainStatus::Broken(b) => (0, Some(b.seq)),
    };
    Ok(AuditPage {
        rows,
        entries,
        broken_at,
    })
}
