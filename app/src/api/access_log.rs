//! The customer's access log (clause 10): which staff role read their data, when and why.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::access_log::AccessLogPage;
#[cfg(feature = "ssr")]
use {
    crate::server::{authorize, fail},
    vipcare::services::audit,
    vipcare::Permission,
};

/// The signed-in customer's access log, newest first; `before` is the cursor of an older page.
#[server(endpoint = "access-log/mine")]
pub async fn my_access_log(before: Option<i64>) -> Result<AccessLogPage, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    audit::access_log_of(&ctx.db, user.id, before)
        .await
        .map_err(fail)
}
