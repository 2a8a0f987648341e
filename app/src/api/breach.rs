//! Customer breach cases (clauses 4.3.2, 8.1): staff who may open cases (agents, reviewers,
//! admins) open them and add evidence; reviewers and admins decide (never their own case); the
//! customer reads their decided cases. Forms post back to the case or the list.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};
use vipcare::disputes::{BreachLists, BreachView, MyBreachCase};
use vipcare::membership::FileInfo;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::services::breach::{self as svc, NewCaseForm},
    vipcare::Permission,
};

/// Where the list's forms are sent back to without JavaScript.
#[cfg(feature = "ssr")]
const LIST: &str = "/admin/complaints/breaches";

/// Open cases and recent decisions.
#[server(endpoint = "breaches/list")]
pub async fn get_breach_cases() -> Result<BreachLists, AppError> {
    let (ctx, _req, _user) = authorize(Permission::OpenBreachCases)?;
    svc::lists(&ctx.db).await.map_err(fail)
}

/// Opens a case (customer e-mail, clause 4.3.2 or 8.1, summary, evidence) and goes to it.
#[server(endpoint = "breaches/open")]
pub async fn open_breach_case(
    customer_email: String,
    clause: String,
    summary: String,
    evidence: String,
) -> Result<i64, AppError> {
    let (ctx, req, user) = authorize(Permission::OpenBreachCases)?;
    let form = NewCaseForm {
        customer_email,
        clause,
        summary,
        evidence,
    };
    let id = svc::open(&ctx.db, &actor(&req), user.id, &form, now_ms())
        .await
        .map_err(|e| fail_form(e, LIST))?;
    leptos_axum::redirect(&format!("{LIST}/{id}"));
    Ok(id)
}

/// One case for staff (the read is audited).
#[server(endpoint = "breaches/get")]
pub async fn get_breach_case(id: i64) -> Result<BreachView, AppError> {
    let (ctx, req, user) = authorize(Permission::OpenBreachCases)?;
    let decides = user.can(Permission::DecideBreachCases);
    svc::for_staff(&ctx.db, &actor(&req), user.id, decides, id, now_ms())
        .await
        .map_err(fail)
}

/// Adds an evidence file (`breach_id` and `file` fields) to an open case.
#[server(input = MultipartFormData, endpoint = "breaches/attach")]
pub async fn attach_breach_evidence(data: MultipartData) -> Result<FileInfo, AppError> {
    let (ctx, req, _user) = authorize(Permission::OpenBreachCases)?;
    let (id, name, bytes) = crate::server::read_upload(data, "breach_id").await?;
    svc::attach(&ctx.db, &actor(&req), id, &name, &bytes, now_ms())
        .await
        .map_err(fail)
}

/// Upholds or dismisses a case (`decision` = `upheld` / `dismissed`) with a reason.
#[server(endpoint = "breaches/decide")]
pub async fn decide_breach_case(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::DecideBreachCases)?;
    let back = format!("{LIST}/{id}");
    svc::decide(
        &ctx.db,
        &actor(&req),
        user.id,
        id,
        &decision,
        &reason,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))?;
    leptos_axum::redirect(&back);
    Ok(())
}

/// The signed-in customer's decided cases.
#[server(endpoint = "breaches/mine")]
pub async fn get_my_breach_cases() -> Result<Vec<MyBreachCase>, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    svc::mine(&ctx.db, user.id).await.map_err(fail)
}

/// One decided case of the signed-in customer (another id: 404, audited).
#[server(endpoint = "breaches/my")]
pub async fn get_my_breach_case(id: i64) -> Result<MyBreachCase, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    svc::for_customer(&ctx.db, &actor(&req), user.id, id, now_ms())
        .await
        .map_err(fail)
}
