//! Dispute cases (clause 11): admins open disputes, record their steps and close them; the
//! customer reads their own (without internal notes). Forms post back to the dispute or the
//! list.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};
use vipcare::disputes::{DisputeList, DisputeSummary, DisputeView};
use vipcare::membership::FileInfo;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::services::disputes::{self as svc, CloseForm, NewDisputeForm, StepForm},
    vipcare::services::membership::Reader,
    vipcare::Permission,
};

/// Where the list's forms are sent back to without JavaScript.
#[cfg(feature = "ssr")]
const LIST: &str = "/admin/complaints/disputes";

/// Every dispute, open ones first, with today's date for the form.
#[server(endpoint = "disputes/list")]
pub async fn get_disputes() -> Result<DisputeList, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageDisputes)?;
    svc::list(&ctx.db, now_ms()).await.map_err(fail)
}

/// Opens a dispute (customer e-mail, method, body, date, summary) and goes to it.
#[server(endpoint = "disputes/open")]
pub async fn open_dispute(
    customer_email: String,
    method: String,
    body: String,
    opened_on: String,
    summary: String,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageDisputes)?;
    let form = NewDisputeForm {
        customer_email,
        method,
        body,
        opened_on,
        summary,
    };
    let id = svc::open(&ctx.db, &actor(&req), &form, now_ms())
        .await
        .map_err(|e| fail_form(e, LIST))?;
    leptos_axum::redirect(&format!("{LIST}/{id}"));
    Ok(id)
}

/// One dispute for staff (the read is audited).
#[server(endpoint = "disputes/get")]
pub async fn get_dispute(id: i64) -> Result<DisputeView, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageDisputes)?;
    svc::view(&ctx.db, &actor(&req), Reader::Staff, id, now_ms())
        .await
        .map_err(fail)
}

/// Records a step: `kind`, for a method change the new `method` and `body`, the date and a note.
#[server(endpoint = "disputes/step")]
pub async fn record_dispute_step(
    id: i64,
    kind: String,
    #[server(default)] method: String,
    #[server(default)] body: String,
    happened_on: String,
    #[server(default)] note: String,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageDisputes)?;
    let back = format!("{LIST}/{id}");
    let form = StepForm {
        kind,
        method,
        body,
        happened_on,
        note,
    };
    let step = svc::record_step(&ctx.db, &actor(&req), id, &form, now_ms())
        .await
        .map_err(|e| fail_form(e, &back))?;
    leptos_axum::redirect(&back);
    Ok(step)
}

/// Closes a dispute as `settled`, `decided` or `withdrawn` with its result and date.
#[server(endpoint = "disputes/close")]
pub async fn close_dispute(
    id: i64,
    status: String,
    result: String,
    closed_on: String,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageDisputes)?;
    let back = format!("{LIST}/{id}");
    let form = CloseForm {
        status,
        result,
        closed_on,
    };
    svc::close(&ctx.db, &actor(&req), id, &form, now_ms())
        .await
        .map_err(|e| fail_form(e, &back))?;
    leptos_axum::redirect(&back);
    Ok(())
}

/// Attaches a document (`step_id` and `file` fields) to a step.
#[server(input = MultipartFormData, endpoint = "disputes/attach")]
pub async fn attach_dispute_document(data: MultipartData) -> Result<FileInfo, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageDisputes)?;
    let (step, name, bytes) = crate::server::read_upload(data, "step_id").await?;
    svc::attach(&ctx.db, &actor(&req), step, &name, &bytes, now_ms())
        .await
        .map_err(fail)
}

/// The signed-in customer's disputes.
#[server(endpoint = "disputes/mine")]
pub async fn get_my_disputes() -> Result<Vec<DisputeSummary>, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    svc::mine(&ctx.db, user.id).await.map_err(fail)
}

/// One dispute of the signed-in customer (another id: 404, audited).
#[server(endpoint = "disputes/my")]
pub async fn get_my_dispute(id: i64) -> Result<DisputeView, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    svc::view(
        &ctx.db,
        &actor(&req),
        Reader::Customer(user.id),
        id,
        now_ms(),
    )
    .await
    .map_err(fail)
}
