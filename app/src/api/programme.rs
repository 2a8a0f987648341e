//! The published programme. Public: visitors may read levels and complaint channels
//! (SPEC §1, clauses 2.1.1 and 7.1), so those need no permission. Changing levels is for
//! admins.

// The level form arrives as one field per argument.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::levels::VipLevel;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, app_context, authorize, fail, fail_form, now_ms},
    vipcare::levels::LevelInput,
    vipcare::services::programme,
    vipcare::Permission,
};

#[server(endpoint = "programme/levels")]
pub async fn get_levels() -> Result<Vec<VipLevel>, AppError> {
    let ctx = app_context()?;
    programme::levels(&ctx.db).await.map_err(fail)
}

/// Complaint channel contacts as (name, value): `phone`, `email`, `acknowledge_hours`, …
#[server(endpoint = "programme/complaint-channels")]
pub async fn get_complaint_channels() -> Result<Vec<(String, String)>, AppError> {
    let ctx = app_context()?;
    programme::complaint_channels(&ctx.db).await.map_err(fail)
}

/// Every level with whether it is active.
#[server(endpoint = "programme/levels/all")]
pub async fn admin_levels() -> Result<Vec<(VipLevel, bool)>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageProgramme)?;
    programme::all_levels(&ctx.db).await.map_err(fail)
}

/// Creates (`id` 0) or changes a level. Money in yuan, discount in percent, as typed.
#[server(endpoint = "programme/levels/save")]
pub async fn save_level(
    id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    rank: String,
    spend_yuan: String,
    points: String,
    discount_percent: String,
    entry_fee_yuan: String,
    active: Option<String>,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    let input = LevelInput {
        id,
        code,
        name_zh,
        name_en,
        rank,
        spend_yuan,
        points,
        discount_percent,
        entry_fee_yuan,
    };
    programme::save_level(&ctx.db, &actor(&req), &input, active.is_some(), now_ms())
        .await
        .map_err(|e| fail_form(e, "/admin/levels"))
}
