//! Server functions for evaluations, standards and training (5.2). Evaluations and standards
//! are for quality staff (`ManageQuality`); changing the standards and recomputing a stored
//! month is for admins (the service checks the role). Training steps and an agent's own
//! quality page are for any staff member: the service lets an agent reach only their own.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::quality::{AgentQuality, EvaluationPage, StandardsView, TrainingList};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::quality::{Period, TrainingStep},
    vipcare::services::quality as svc,
    vipcare::services::ServiceError,
    vipcare::{Msg, Permission, Role},
};

#[cfg(feature = "ssr")]
fn bad(field: &'static str, msg: Msg, back: &str) -> AppError {
    fail_form(ServiceError::Invalid { field, msg }, back)
}

#[cfg(feature = "ssr")]
fn evaluations_url(period: &str) -> String {
    match Period::parse(period) {
        Some(p) => format!("/admin/quality/evaluations?period={p}"),
        None => "/admin/quality/evaluations".to_string(),
    }
}

/// Where a form posted without JavaScript goes back to: a quality page named by the form, or
/// `default`.
#[cfg(feature = "ssr")]
fn back_to(back: Option<String>, default: &str) -> String {
    back.filter(|b| {
        b.starts_with("/admin/quality/")
            && !b.contains("//")
            && !b.contains('\\')
            && !b.chars().any(char::is_control)
    })
    .unwrap_or_else(|| default.to_string())
}

/// The evaluations page for `period` (`YYYY-MM`; default: last month, Asia/Shanghai).
#[server(endpoint = "quality/evaluation")]
pub async fn get_evaluation(period: Option<String>) -> Result<EvaluationPage, AppError> {
    let (ctx, _req, user) = authorize(Permission::ManageQuality)?;
    svc::evaluation_page(
        &ctx.db,
        period.as_deref(),
        user.has_role(Role::Admin),
        now_ms(),
    )
    .await
    .map_err(fail)
}

/// Evaluates a month that has ended; a stored month is returned as stored. Returns the month.
#[server(endpoint = "quality/evaluate")]
pub async fn evaluate_month(period: String) -> Result<String, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageQuality)?;
    let back = evaluations_url(&period);
    let p = Period::parse(&period).ok_or_else(|| bad("period", Msg::QeErrPeriod, &back))?;
    svc::evaluate_period(&ctx.db, &actor(&req), p, false, now_ms())
        .await
        .map_err(|e| fail_form(e, &back))?;
    Ok(p.to_string())
}

/// An admin recomputes a month, saying why (audited with the figures before and after).
#[server(endpoint = "quality/recompute")]
pub async fn recompute_month(period: String, reason: String) -> Result<String, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageQuality)?;
    let back = evaluations_url(&period);
    let p = Period::parse(&period).ok_or_else(|| bad("period", Msg::QeErrPeriod, &back))?;
    svc::recompute_period(&ctx.db, &actor(&req), p, &reason, now_ms())
        .await
        .map_err(|e| fail_form(e, &back))?;
    Ok(p.to_string())
}

/// The quality standards and whether the viewer may change them.
#[server(endpoint = "quality/standards")]
pub async fn get_quality_standards() -> Result<StandardsView, AppError> {
    let (ctx, _req, user) = authorize(Permission::ManageQuality)?;
    svc::standards_view(&ctx.db, user.has_role(Role::Admin))
        .await
        .map_err(fail)
}

/// An admin sets the standards: minimum CSAT (`4.0`), minimum ratings, minimum SLA compliance
/// in percent (`90`, `92.5`), and the public figures toggle (checkbox `public_figures`).
#[server(endpoint = "quality/standards/set")]
pub async fn set_quality_standards(
    min_csat: String,
    min_ratings: String,
    min_sla: String,
    public_figures: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageQuality)?;
    svc::set_standards(
        &ctx.db,
        &actor(&req),
        &min_csat,
        &min_ratings,
        &min_sla,
        public_figures.is_some_and(|v| !v.is_empty()),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/admin/quality/standards"))
}

/// Trainings for quality staff: `status` is `open` (default), `assigned`, `done`, `verified`
/// or `all`; with the staff training may be assigned to.
#[server(endpoint = "quality/trainings")]
pub async fn get_trainings(status: Option<String>) -> Result<TrainingList, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageQuality)?;
    svc::training_list(&ctx.db, status.as_deref().unwrap_or("open"), now_ms())
        .await
        .map_err(fail)
}

/// Quality staff assign a training (topic, due date, material, optionally the month whose
/// evaluation flagged the agent). `back`: the page the form is on.
#[server(endpoint = "quality/trainings/assign")]
pub async fn assign_training(
    agent_id: String,
    topic: String,
    material: String,
    due_on: String,
    period: Option<String>,
    back: Option<String>,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageQuality)?;
    let back = back_to(back, "/admin/quality/training");
    let agent_id = agent_id
        .trim()
        .parse::<i64>()
        .map_err(|_| bad("agent_id", Msg::QeErrStaff, &back))?;
    let t = svc::NewTraining {
        agent_id,
        topic,
        material,
        due_on,
        period: period.unwrap_or_default(),
    };
    let id = svc::assign_training(&ctx.db, &actor(&req), &t, now_ms())
        .await
        .map_err(|e| fail_form(e, &back))?;
    Ok(id)
}

/// A step on a training: `done` (the agent, with a note), `verify` or `return` (quality staff;
/// sending back needs a note). `back`: the page the form is on.
#[server(endpoint = "quality/trainings/step")]
pub async fn act_on_training(
    id: i64,
    step: String,
    note: Option<String>,
    back: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::UseAdmin)?;
    let back = back_to(back, "/admin/quality/me");
    let step = TrainingStep::parse(&step).ok_or_else(|| fail(AppError::BadRequest))?;
    svc::training_step(
        &ctx.db,
        &actor(&req),
        id,
        step,
        note.as_deref().unwrap_or(""),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))?;
    Ok(())
}

/// An agent's quality page: quality staff see anyone's, a staff member their own (anyone
/// else's: not found).
#[server(endpoint = "quality/agent")]
pub async fn get_agent_quality(id: i64) -> Result<AgentQuality, AppError> {
    let (ctx, _req, user) = authorize(Permission::UseAdmin)?;
    svc::agent_quality(
        &ctx.db,
        user.id,
        user.can(Permission::ManageQuality),
        id,
        now_ms(),
    )
    .await
    .map_err(fail)
}

/// The signed-in staff member's own quality page.
#[server(endpoint = "quality/me")]
pub async fn get_my_quality() -> Result<AgentQuality, AppError> {
    let (ctx, _req, user) = authorize(Permission::UseAdmin)?;
    svc::agent_quality(
        &ctx.db,
        user.id,
        user.can(Permission::ManageQuality),
        user.id,
        now_ms(),
    )
    .await
    .map_err(fail)
}
