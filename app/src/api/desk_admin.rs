//! Service desk configuration (clauses 3.1.1, 3.4.1, 3.4.2): branches and supervisors, staff
//! placement and absence, dedicated agents, working calendars and SLA terms. Admins only
//! (`ManageProgramme`). Forms post back to `/admin/desk`.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::desk_admin::{DeskAdminOverview, WeekdayBoxes};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::services::desk_admin::{self as svc, NewBranch},
    vipcare::Permission,
};

/// Where forms posted without JavaScript are sent back to.
#[cfg(feature = "ssr")]
const BACK: &str = "/admin/desk";

/// A `<select>` value: a positive id, or nothing for an empty choice.
#[cfg(feature = "ssr")]
fn chosen(v: &str) -> Option<i64> {
    v.trim().parse().ok().filter(|id| *id > 0)
}

/// Everything the configuration page shows.
#[server(endpoint = "desk-admin/overview")]
pub async fn get_desk_admin() -> Result<DeskAdminOverview, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageProgramme)?;
    svc::overview(&ctx.db).await.map_err(fail)
}

/// Creates a branch (3.4.2); `headquarters` is a checkbox, `supervisor` a staff id or empty.
#[server(endpoint = "desk-admin/branch/create")]
pub async fn create_branch(
    code: String,
    name_zh: String,
    name_en: String,
    headquarters: Option<String>,
    supervisor: String,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    let b = NewBranch {
        code,
        name_zh,
        name_en,
        headquarters: headquarters.is_some(),
        supervisor: chosen(&supervisor),
    };
    svc::create_branch(&ctx.db, &actor(&req), &b, now_ms())
        .await
        .map_err(|e| fail_form(e, BACK))
}

/// Changes a branch's supervisor (empty: none).
#[server(endpoint = "desk-admin/branch/supervisor")]
pub async fn set_branch_supervisor(branch: i64, supervisor: String) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    svc::set_supervisor(&ctx.db, &actor(&req), branch, chosen(&supervisor), now_ms())
        .await
        .map_err(|e| fail_form(e, BACK))
}

/// Puts a staff member in a branch; `away` is a checkbox.
#[server(endpoint = "desk-admin/staff")]
pub async fn place_staff(user: i64, branch: String, away: Option<String>) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    svc::place_staff(
        &ctx.db,
        &actor(&req),
        user,
        chosen(&branch),
        away.is_some(),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, BACK))
}

/// Assigns a VIP customer's dedicated agent (3.1.1).
#[server(endpoint = "desk-admin/agent")]
pub async fn assign_agent(customer: i64, agent: String) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    svc::assign_agent(&ctx.db, &actor(&req), customer, chosen(&agent), now_ms())
        .await
        .map_err(|e| fail_form(e, BACK))
}

/// Sets a calendar's opening hours (`HH:MM`) and working weekdays (`week[mon]` … checkboxes).
#[server(endpoint = "desk-admin/calendar/hours")]
pub async fn set_calendar_hours(
    calendar: i64,
    open: String,
    close: String,
    #[server(default)] week: WeekdayBoxes,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    svc::set_hours(
        &ctx.db,
        &actor(&req),
        calendar,
        &open,
        &close,
        week.days(),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, BACK))
}

/// Adds a holiday (`kind` = `holiday`) or an adjusted working day (`workday`) with a note.
#[server(endpoint = "desk-admin/calendar/day")]
pub async fn put_calendar_day(
    calendar: i64,
    day: String,
    kind: String,
    note: String,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    svc::put_day(
        &ctx.db,
        &actor(&req),
        calendar,
        &day,
        &kind,
        &note,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, BACK))
}

/// Removes a holiday or adjusted working day.
#[server(endpoint = "desk-admin/calendar/day/remove")]
pub async fn remove_calendar_day(calendar: i64, day: String) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    svc::remove_day(&ctx.db, &actor(&req), calendar, &day, now_ms())
        .await
        .map_err(|e| fail_form(e, BACK))
}

/// Sets the SLA terms of a VIP level (`level` its id; empty: customers who are not VIPs), in
/// hours (`8`, `1.5`, `1:30`). Requests already open keep their terms.
#[server(endpoint = "desk-admin/policy")]
pub async fn set_sla_policy(
    level: String,
    first_response: String,
    resolution: String,
    calendar: i64,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageProgramme)?;
    let level = match level.trim() {
        "" => None,
        s => Some(s.parse().map_err(|_| fail(AppError::BadRequest))?),
    };
    svc::set_policy(
        &ctx.db,
        &actor(&req),
        level,
        &first_response,
        &resolution,
        calendar,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, BACK))
}
