//! Custom service plans (clause 3.2.3): the customer's requests and answers, finance's
//! proposals. A customer reaches only their own plans (another id: 404, audited).

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::plans::{PlanLineInput, PlanSummary, PlanView};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, app_context, authorize, fail, fail_form, now_ms},
    vipcare::invoice::parse_date_or,
    vipcare::ledger::shanghai_date,
    vipcare::services::membership::Reader,
    vipcare::services::{plans, ServiceError},
    vipcare::{Msg, Permission},
};

/// One plan, for its customer or for finance.
#[server(endpoint = "plans/get")]
pub async fn get_plan(id: i64) -> Result<PlanView, AppError> {
    let ctx = app_context()?;
    let req = crate::server::request_context().unwrap_or_default();
    let Some(user) = req.user.clone() else {
        return Err(fail(AppError::Unauthenticated));
    };
    let reader = if user.can(Permission::UsePortal) {
        Reader::Customer(user.id)
    } else if user.can(Permission::ManageBilling) {
        Reader::Staff
    } else {
        return Err(fail(AppError::Forbidden));
    };
    let now = now_ms();
    plans::view(&ctx.db, &actor(&req), reader, id, shanghai_date(now), now)
        .await
        .map_err(fail)
}

/// The customer's own plans.
#[server(endpoint = "plans/mine")]
pub async fn get_my_plans() -> Result<Vec<PlanSummary>, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    plans::mine(&ctx.db, user.id).await.map_err(fail)
}

/// The customer asks for a custom plan and is taken to it.
#[server(endpoint = "plans/request")]
pub async fn request_plan(request: String) -> Result<i64, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let id = plans::request(&ctx.db, &actor(&req), user.id, &request, now_ms())
        .await
        .map_err(|e| fail_form(e, "/portal/plans"))?;
    leptos_axum::redirect(&format!("/portal/plans/{id}"));
    Ok(id)
}

/// The customer accepts (`decision` = `accept`) or declines a proposal. Accepting returns the
/// issued invoice's id.
#[server(endpoint = "plans/answer")]
pub async fn answer_plan(id: i64, decision: String) -> Result<Option<i64>, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let now = now_ms();
    plans::answer(
        &ctx.db,
        &actor(&req),
        user.id,
        id,
        decision == "accept",
        shanghai_date(now),
        now,
    )
    .await
    .map_err(|e| fail_form(e, &format!("/portal/plans/{id}")))
}

#[server(endpoint = "plans/withdraw")]
pub async fn withdraw_plan(id: i64) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    plans::withdraw(&ctx.db, &actor(&req), user.id, id, now_ms())
        .await
        .map_err(|e| fail_form(e, &format!("/portal/plans/{id}")))
}

/// Plans for finance; `open` keeps those waiting on staff or the customer.
#[server(endpoint = "billing/plans")]
pub async fn get_plans(open: bool) -> Result<Vec<PlanSummary>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageBilling)?;
    plans::list(&ctx.db, open).await.map_err(fail)
}

/// Finance proposes (or revises) a plan: fee item codes and quantities, a valid-until date.
#[server(endpoint = "billing/plans/propose")]
pub async fn propose_plan(
    id: i64,
    note: String,
    valid_until: String,
    lines: Vec<PlanLineInput>,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let back = format!("/admin/billing/plans/{id}");
    let invalid =
        |field: &'static str, msg: Msg| fail_form(ServiceError::Invalid { field, msg }, &back);
    let now = now_ms();
    let today = shanghai_date(now);
    let mut parsed = Vec::new();
    for l in &lines {
        match l.parse() {
            Ok(Some(x)) => parsed.push(x),
            Ok(None) => {}
            Err(msg) => return Err(invalid("lines", msg)),
        }
    }
    let valid_until = match parse_date_or(&valid_until, today) {
        Some(d) if !valid_until.trim().is_empty() => d,
        _ => return Err(invalid("valid_until", Msg::ErrPlanValidUntil)),
    };
    plans::propose(
        &ctx.db,
        &actor(&req),
        id,
        &parsed,
        &note,
        valid_until,
        today,
        now,
    )
    .await
    .map_err(|e| fail_form(e, &back))
}
