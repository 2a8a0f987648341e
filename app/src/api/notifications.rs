//! The in-app inbox of every signed-in person.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::notify::InboxItem;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, now_ms},
    vipcare::services::notifications,
    vipcare::Permission,
};

#[server(endpoint = "notifications/list")]
pub async fn my_notifications() -> Result<Vec<InboxItem>, AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    notifications::inbox(&ctx.db, user.id, req.lang)
        .await
        .map_err(fail)
}

/// Marks one notification (or all, without `id`) read.
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read(id: Option<i64>) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    notifications::mark_read(&ctx.db, &actor(&req), user.id, id, now_ms())
        .await
        .map_err(fail)
}
