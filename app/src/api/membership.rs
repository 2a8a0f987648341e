//! Becoming and staying a VIP (clauses 2.1.3, 2.2, 2.3, 9, 12): the customer's application,
//! materials and signature; the reviewer's queue, decisions and countersignature; ending a
//! membership. Customers reach only their own objects: another customer's id answers 404 and
//! is audited (the service does both).

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};
use vipcare::agreement::Template;
use vipcare::clause_notes::ClauseNote;
use vipcare::eligibility::CustomerProgress;
use vipcare::membership::{
    AgreementView, AmendmentView, ApplicationView, FileInfo, MembershipView, MyMembership,
    QueueItem,
};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, app_context, authorize, fail, fail_form, now_ms},
    vipcare::services::membership::{self, Decision, Ending, Reader},
    vipcare::{Permission, SessionUser},
};

#[cfg(feature = "ssr")]
fn reader_of(user: &SessionUser) -> Result<Reader, AppError> {
    if user.can(Permission::UsePortal) {
        Ok(Reader::Customer(user.id))
    } else if user.can(Permission::ViewCustomers) {
        Ok(Reader::Staff)
    } else {
        Err(fail(AppError::Forbidden))
    }
}

/// The agreement template in force: public, anyone may read what they would sign.
#[server(endpoint = "agreement/current")]
pub async fn current_template() -> Result<Template, AppError> {
    let ctx = app_context()?;
    membership::current_template(&ctx.db).await.map_err(fail)
}

/// What each clause of their agreement means for the signed-in customer now (their standing,
/// term, dedicated agent, SLA terms, and the pages that put clauses into practice).
#[server(endpoint = "agreement/my-notes")]
pub async fn get_my_clause_notes() -> Result<Vec<ClauseNote>, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    vipcare::services::clause_notes::for_customer(&ctx.db, user.id, now_ms())
        .await
        .map_err(fail)
}

#[server(endpoint = "membership/mine")]
pub async fn get_my_membership() -> Result<MyMembership, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    membership::my_membership(&ctx.db, user.id)
        .await
        .map_err(fail)
}

#[server(endpoint = "application/save")]
pub async fn save_application(
    level_id: i64,
    company: String,
    message: String,
) -> Result<i64, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    membership::save_application(
        &ctx.db,
        &actor(&req),
        user.id,
        level_id,
        &company,
        &message,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/portal/membership"))
}

/// Adds one material (`application_id` and `file` fields).
#[server(input = MultipartFormData, endpoint = "application/material")]
pub async fn upload_material(data: MultipartData) -> Result<FileInfo, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let (app_id, name, bytes) = crate::server::read_upload(data, "application_id").await?;
    membership::add_material(
        &ctx.db,
        &actor(&req),
        user.id,
        app_id,
        &name,
        &bytes,
        now_ms(),
    )
    .await
    .map_err(fail)
}

#[server(endpoint = "application/material/remove")]
pub async fn remove_material(application_id: i64, file_id: i64) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    membership::remove_material(
        &ctx.db,
        &actor(&req),
        user.id,
        application_id,
        file_id,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/portal/membership"))
}

#[server(endpoint = "application/submit")]
pub async fn submit_application(
    application_id: i64,
    template_id: i64,
    accept: Option<String>,
    reply: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    membership::submit_application(
        &ctx.db,
        &actor(&req),
        user.id,
        application_id,
        template_id,
        accept.is_some(),
        reply.as_deref().unwrap_or(""),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/portal/membership"))
}

#[server(endpoint = "application/withdraw")]
pub async fn withdraw_application(application_id: i64) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    membership::withdraw_application(&ctx.db, &actor(&req), user.id, application_id, now_ms())
        .await
        .map_err(|e| fail_form(e, "/portal/membership"))
}

/// An agreement: a customer's own, or any for staff who may see customers (audited).
#[server(endpoint = "agreement/get")]
pub async fn get_agreement(id: i64) -> Result<AgreementView, AppError> {
    let (ctx, req, user) = authorize(vipcare::Permission::ManageOwnAccount)?;
    let reader = reader_of(&user)?;
    membership::agreement_for(&ctx.db, &actor(&req), reader, id, now_ms())
        .await
        .map_err(fail)
}

#[server(endpoint = "agreement/sign")]
pub async fn sign_agreement(
    id: i64,
    signed_name: String,
    consent: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    membership::sign_agreement(
        &ctx.db,
        &actor(&req),
        user.id,
        id,
        &signed_name,
        consent.is_some(),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &format!("/portal/agreements/{id}")))
}

/// The customer terminates their agreement (clause 9).
#[server(endpoint = "membership/terminate")]
pub async fn terminate_membership(id: i64, reason: String) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    membership::end_membership(
        &ctx.db,
        &actor(&req),
        id,
        Ending::TerminateByCustomer(user.id),
        &reason,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/portal/membership"))
}

// ---------------------------------------------------------------- reviewers

#[server(endpoint = "review/queue")]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ReviewApplications)?;
    membership::queue(&ctx.db).await.map_err(fail)
}

/// An application with the customer's eligibility as of now (audited).
#[server(endpoint = "review/application")]
pub async fn review_application(id: i64) -> Result<(ApplicationView, CustomerProgress), AppError> {
    let (ctx, req, _user) = authorize(Permission::ReviewApplications)?;
    membership::application_for_staff(&ctx.db, &actor(&req), id, now_ms())
        .await
        .map_err(fail)
}

/// `decision`: `start`, `request_info` (text = the request), `approve`, `reject` (text =
/// the reason).
#[server(endpoint = "review/decide")]
pub async fn decide_application(
    id: i64,
    decision: String,
    text: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ReviewApplications)?;
    let text = text.unwrap_or_default();
    let d = match decision.as_str() {
        "start" => Decision::StartReview,
        "request_info" => Decision::RequestInfo(text),
        "approve" => Decision::Approve,
        "reject" => Decision::Reject(text),
        _ => return Err(fail(AppError::BadRequest)),
    };
    membership::decide(&ctx.db, &actor(&req), id, d, now_ms())
        .await
        .map_err(|e| fail_form(e, &format!("/admin/applications/{id}")))
}

#[server(endpoint = "review/countersign")]
pub async fn countersign_agreement(id: i64) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ReviewApplications)?;
    membership::countersign(&ctx.db, &actor(&req), id, now_ms())
        .await
        .map_err(|e| fail_form(e, &format!("/admin/agreements/{id}")))
}

/// A customer's current or last membership (staff).
#[server(endpoint = "membership/of-customer")]
pub async fn customer_membership(customer_id: i64) -> Result<Option<MembershipView>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ViewCustomers)?;
    membership::membership_of_customer(&ctx.db, customer_id)
        .await
        .map_err(fail)
}

/// `how`: `revoke` (clause 2.3.2) or `terminate` (clause 9); a reason is required.
#[server(endpoint = "membership/end")]
pub async fn end_membership(id: i64, how: String, reason: String) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ReviewApplications)?;
    let ending = match how.as_str() {
        "revoke" => Ending::Revoke,
        "terminate" => Ending::TerminateByCompany,
        _ => return Err(fail(AppError::BadRequest)),
    };
    membership::end_membership(&ctx.db, &actor(&req), id, ending, &reason, now_ms())
        .await
        .map_err(fail)
}

// ---------------------------------------------------------------- rights changes (4.3.1)

/// The party a signed-in person acts for: a customer for themselves, a reviewer for the
/// company.
#[cfg(feature = "ssr")]
fn party_of(user: &SessionUser) -> Result<membership::Party, AppError> {
    use vipcare::membership::Side;
    if user.can(Permission::UsePortal) {
        Ok(membership::Party {
            side: Side::Customer,
            user_id: user.id,
        })
    } else if user.can(Permission::ReviewApplications) {
        Ok(membership::Party {
            side: Side::Company,
            user_id: user.id,
        })
    } else {
        Err(fail(AppError::Forbidden))
    }
}

/// Proposes a change of rights, signed by the proposer (`kind`: level, agent, terms).
#[server(endpoint = "amendment/propose")]
pub async fn propose_amendment(
    membership_id: i64,
    kind: String,
    new_level_id: Option<String>,
    description: String,
    signed_name: String,
) -> Result<i64, AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    let party = party_of(&user)?;
    let kind = vipcare::membership::AmendmentKind::parse(&kind)
        .ok_or_else(|| fail(AppError::BadRequest))?;
    let level = new_level_id.and_then(|s| s.trim().parse::<i64>().ok());
    let back = match party.side {
        vipcare::membership::Side::Customer => "/portal/membership".to_string(),
        vipcare::membership::Side::Company => crate::server::referer_path(),
    };
    membership::propose_amendment(
        &ctx.db,
        &actor(&req),
        party,
        membership_id,
        kind,
        level,
        &description,
        &signed_name,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))
}

/// The other party accepts (signing with `signed_name`) or declines (with `reason`).
#[server(endpoint = "amendment/decide")]
pub async fn decide_amendment(
    id: i64,
    accept: bool,
    signed_name: Option<String>,
    reason: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    let party = party_of(&user)?;
    membership::decide_amendment(
        &ctx.db,
        &actor(&req),
        party,
        id,
        accept,
        signed_name.as_deref().unwrap_or(""),
        reason.as_deref().unwrap_or(""),
        now_ms(),
    )
    .await
    .map_err(fail)
}

/// A membership's rights changes (staff).
#[server(endpoint = "amendment/list")]
pub async fn membership_amendments(membership_id: i64) -> Result<Vec<AmendmentView>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ViewCustomers)?;
    membership::amendments(&ctx.db, membership_id)
        .await
        .map_err(fail)
}
