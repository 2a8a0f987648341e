//! Complaints (clause 7): customers file and answer; staff record, acknowledge, investigate,
//! note and propose. A customer reaches only their own complaints (another id: 404, audited);
//! their view never holds internal notes.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::complaints::{ComplaintSummary, ComplaintView, GrantView, KnownStaff};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, app_context, authorize, fail, fail_form, now_ms},
    vipcare::complaints::{CompensationForm, ComplaintLinks, Finding, NewComplaint},
    vipcare::desk::Channel,
    vipcare::services::complaints::{self, StaffStep},
    vipcare::services::membership::Reader,
    vipcare::services::ServiceError,
    vipcare::store::complaints::QueueView,
    vipcare::{Fen, Msg, Permission},
};

/// The complaint queue's views and how many each holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ComplaintQueue {
    pub rows: Vec<ComplaintSummary>,
    /// (open, overdue, waiting for the customer, finished)
    pub counts: (i64, i64, i64, i64),
}

#[cfg(feature = "ssr")]
fn bad(field: &'static str, msg: Msg, back: &str) -> AppError {
    fail_form(ServiceError::Invalid { field, msg }, back)
}

/// An optional id typed into a form ("" = none).
#[cfg(feature = "ssr")]
fn opt_id(v: Option<String>, field: &'static str, back: &str) -> Result<Option<i64>, AppError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .trim_start_matches('#')
            .parse::<i64>()
            .map(Some)
            .map_err(|_| bad(field, Msg::ErrCmpLink, back)),
    }
}

/// The customer's own complaints.
#[server(endpoint = "complaints/mine")]
pub async fn get_my_complaints() -> Result<Vec<ComplaintSummary>, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    complaints::mine(&ctx.db, user.id, now_ms())
        .await
        .map_err(fail)
}

/// The automatic compensation the customer received for breached commitments (8.2).
#[server(endpoint = "complaints/compensation")]
pub async fn get_my_compensation() -> Result<Vec<GrantView>, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    vipcare::services::compensation::grants_of(&ctx.db, user.id)
        .await
        .map_err(fail)
}

/// The customer files a complaint on the web, optionally about a request, an invoice or a
/// breach decision, and is taken to it.
#[server(endpoint = "complaints/file")]
pub async fn file_complaint(
    subject: String,
    body: String,
    request_id: Option<String>,
    invoice_id: Option<String>,
    breach_id: Option<String>,
    agent_id: Option<String>,
) -> Result<i64, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let back = "/portal/complaints";
    let c = NewComplaint {
        channel: Channel::Web,
        subject,
        body,
        links: ComplaintLinks {
            request_id: opt_id(request_id, "request_id", back)?,
            invoice_id: opt_id(invoice_id, "invoice_id", back)?,
            agent_id: opt_id(agent_id, "agent_id", back)?,
            breach_id: opt_id(breach_id, "breach_id", back)?,
        },
    };
    let now = now_ms();
    let (id, _) = complaints::file(&ctx.db, &actor(&req), user.id, &c, now, now)
        .await
        .map_err(|e| fail_form(e, back))?;
    leptos_axum::redirect(&format!("/portal/complaints/{id}"));
    Ok(id)
}

/// The staff the customer may name in a complaint: their dedicated agent and the assignees of
/// their requests.
#[server(endpoint = "complaints/known-staff")]
pub async fn get_known_staff() -> Result<Vec<KnownStaff>, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    complaints::known_staff(&ctx.db, user.id)
        .await
        .map_err(fail)
}

/// One complaint, for its customer or for staff who handle complaints.
#[server(endpoint = "complaints/get")]
pub async fn get_complaint(id: i64) -> Result<ComplaintView, AppError> {
    let ctx = app_context()?;
    let req = crate::server::request_context().unwrap_or_default();
    let Some(user) = req.user.clone() else {
        return Err(fail(AppError::Unauthenticated));
    };
    let reader = if user.can(Permission::UsePortal) {
        Reader::Customer(user.id)
    } else if user.can(Permission::HandleComplaints) {
        Reader::Staff
    } else {
        return Err(fail(AppError::Forbidden));
    };
    complaints::view(&ctx.db, &actor(&req), reader, id, now_ms())
        .await
        .map_err(fail)
}

/// The customer accepts (`answer` = `accept`) or rejects (`reject`, with a comment) the
/// proposed resolution.
#[server(endpoint = "complaints/answer")]
pub async fn answer_complaint(id: i64, answer: String, comment: String) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let back = format!("/portal/complaints/{id}");
    let accept = match answer.as_str() {
        "accept" => true,
        "reject" => false,
        _ => return Err(bad("answer", Msg::ErrCmpNoProposal, &back)),
    };
    complaints::answer(
        &ctx.db,
        &actor(&req),
        user.id,
        id,
        accept,
        &comment,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))
}

/// The staff queue: `view` is `open` (VIP first, then by deadline), `overdue`, `waiting` or
/// `finished`.
#[server(endpoint = "complaints/queue")]
pub async fn get_complaint_queue(view: String) -> Result<ComplaintQueue, AppError> {
    let (ctx, _req, _user) = authorize(Permission::HandleComplaints)?;
    let now = now_ms();
    let v = match view.as_str() {
        "overdue" => QueueView::Overdue(now),
        "waiting" => QueueView::Waiting,
        "finished" => QueueView::Finished,
        _ => QueueView::Open,
    };
    let rows = complaints::queue(&ctx.db, v, now).await.map_err(fail)?;
    let counts = complaints::counts(&ctx.db, now).await.map_err(fail)?;
    Ok(ComplaintQueue { rows, counts })
}

/// Staff act on a complaint: `step` is `acknowledge`, `investigate`, `note` or `propose`
/// (with `finding`, `remedy`, `compensation_yuan` and `form`).
#[server(endpoint = "complaints/act")]
pub async fn act_on_complaint(
    id: i64,
    step: String,
    note: Option<String>,
    finding: Option<String>,
    remedy: Option<String>,
    compensation_yuan: Option<String>,
    form: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::HandleComplaints)?;
    let back = format!("/admin/complaints/{id}");
    let note = note.unwrap_or_default();
    let step = match step.as_str() {
        "acknowledge" => StaffStep::Acknowledge { note },
        "investigate" => StaffStep::Investigate { note },
        "note" => StaffStep::Note { text: note },
        "propose" => {
            let finding = finding
                .as_deref()
                .and_then(Finding::parse)
                .ok_or_else(|| bad("finding", Msg::ErrTextRequired, &back))?;
            let form = form
                .as_deref()
                .and_then(CompensationForm::parse)
                .unwrap_or(CompensationForm::None);
            let compensation = match compensation_yuan.as_deref().map(str::trim) {
                None | Some("") => Fen::ZERO,
                Some(s) => Fen::parse_yuan(s)
                    .ok_or_else(|| bad("compensation_yuan", Msg::ErrCmpCompensation, &back))?,
            };
            StaffStep::Propose {
                finding,
                remedy: remedy.unwrap_or_default(),
                compensation,
                form,
            }
        }
        _ => return Err(bad("step", Msg::ErrCmpChanged, &back)),
    };
    complaints::staff_act(&ctx.db, &actor(&req), id, step, now_ms())
        .await
        .map_err(|e| fail_form(e, &back))
}

/// Staff record a complaint received by phone, e-mail or at a branch for the customer;
/// `reference` names what it is about (a request `#12` or an invoice `INV-2026-000001`).
#[server(endpoint = "complaints/record")]
pub async fn record_complaint(
    customer_email: String,
    channel: String,
    subject: String,
    body: String,
    received_at: Option<String>,
    reference: Option<String>,
    agent_email: Option<String>,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::HandleComplaints)?;
    let back = "/admin/complaints";
    let now = now_ms();
    let received = match received_at.as_deref().map(str::trim) {
        None | Some("") => now,
        Some(s) => vipcare::time::parse_shanghai(s)
            .ok_or_else(|| bad("received_at", Msg::ErrReqReceivedAt, back))?,
    };
    let channel = Channel::parse(&channel)
        .filter(|c| *c != Channel::Web)
        .ok_or_else(|| bad("channel", Msg::ErrTextRequired, back))?;
    let c = NewComplaint {
        channel,
        subject,
        body,
        links: ComplaintLinks::default(),
    };
    let (id, _) = complaints::record(
        &ctx.db,
        &actor(&req),
        &customer_email,
        complaints::Recorded {
            reference: reference.as_deref().unwrap_or(""),
            agent_email: agent_email.as_deref().unwrap_or(""),
        },
        c,
        received,
        now,
    )
    .await
    .map_err(|e| fail_form(e, back))?;
    leptos_axum::redirect(&format!("/admin/complaints/{id}"));
    Ok(id)
}
