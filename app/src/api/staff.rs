//! Staff management: admins only (SPEC §1 "admin: … staff accounts").

// Role checkboxes arrive as one optional form field each, so the server functions that take
// them have more than seven arguments (the generated client code too).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::auth::StaffMember;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::services::staff,
    vipcare::{Permission, Role},
};

/// Role checkboxes as they arrive from a form (`role_agent=on`, …): present or absent.
#[cfg(feature = "ssr")]
fn checked_roles(boxes: [&Option<String>; 5]) -> Vec<Role> {
    [
        Role::Agent,
        Role::Reviewer,
        Role::Quality,
        Role::Finance,
        Role::Admin,
    ]
    .into_iter()
    .zip(boxes)
    .filter(|(_, v)| v.is_some())
    .map(|(r, _)| r)
    .collect()
}

#[server(endpoint = "staff/list")]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageStaff)?;
    staff::list(&ctx.db).await.map_err(fail)
}

#[server(endpoint = "staff/create")]
pub async fn create_staff(
    name: String,
    email: String,
    password: String,
    role_agent: Option<String>,
    role_reviewer: Option<String>,
    role_quality: Option<String>,
    role_finance: Option<String>,
    role_admin: Option<String>,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageStaff)?;
    let roles = checked_roles([
        &role_agent,
        &role_reviewer,
        &role_quality,
        &role_finance,
        &role_admin,
    ]);
    staff::create(
        &ctx.db,
        &actor(&req),
        staff::NewStaff {
            email,
            name,
            password,
            roles,
        },
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/admin/staff"))
}

#[server(endpoint = "staff/roles")]
pub async fn set_staff_roles(
    id: i64,
    role_agent: Option<String>,
    role_reviewer: Option<String>,
    role_quality: Option<String>,
    role_finance: Option<String>,
    role_admin: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageStaff)?;
    let roles = checked_roles([
        &role_agent,
        &role_reviewer,
        &role_quality,
        &role_finance,
        &role_admin,
    ]);
    staff::set_roles(&ctx.db, &actor(&req), id, &roles, now_ms())
        .await
        .map_err(|e| fail_form(e, "/admin/staff"))
}

#[server(endpoint = "staff/active")]
pub async fn set_staff_active(id: i64, active: bool) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageStaff)?;
    staff::set_active(&ctx.db, &actor(&req), id, active, now_ms())
        .await
        .map_err(|e| fail_form(e, "/admin/staff"))
}
