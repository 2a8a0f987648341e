//! Becoming and staying a VIP: application and review (clauses 2.1.3, 2.2), signing and
//! countersigning the agreement (2.2.3, 12.1, 13), the membership's lifecycle — renewal,
//! lapse, revocation, termination (2.3, 9, 12.2, 12.3) — and the daily requalification job.
//!
//! Every step is one `BEGIN IMMEDIATE` transaction with its audit entry and the notification
//! of the person it concerns.

use super::audit::{self, Event};
use super::notifications::{notify, notify_role};
use super::{Actor, ServiceError, ServiceResult};
use crate::agreement::{canonical_text, text_hash, Parties, Template};
use crate::eligibility::CustomerProgress;
use crate::i18n::Msg;
use crate::levels::VipLevel;
use crate::membership::{
    requalify, signature_matches, AgreementStatus, AgreementSummary, AgreementView, AmendmentKind,
    AmendmentStatus, AmendmentView, ApplicationStatus, ApplicationStep, ApplicationView, FileInfo,
    LifecycleAction, LifecyclePolicy, MembershipFacts, MembershipStatus, MembershipView,
    MyMembership, QueueItem, Side,
};
use crate::notify::NotificationKind;
use crate::store::membership::{self as ms, parse_day, AgreementRow, AppRow, MembershipRow};
use crate::store::{self, Db, StoreError, WriteTx};
use crate::upload::{clean_name, sniff, MAX_FILE_BYTES};
use crate::Role;
use chrono::{Days, NaiveDate};
use sha2::{Digest, Sha256};

/// Most materials on one application.
pub const MAX_MATERIALS: usize = 10;
/// Longest free text (message, reason).
const MAX_TEXT: usize = 2_000;

fn invalid(field: &'static str, msg: Msg) -> ServiceError {
    ServiceError::Invalid { field, msg }
}

fn text_field(s: &str, field: &'static str, required: bool) -> ServiceResult<String> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(invalid(field, Msg::ErrTextRequired));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(invalid(field, Msg::ErrTextTooLong));
    }
    Ok(t.to_string())
}

async fn commit(tx: WriteTx) -> ServiceResult<()> {
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

fn status_of(row: &AppRow) -> ServiceResult<ApplicationStatus> {
    ApplicationStatus::parse(&row.status)
        .ok_or_else(|| ServiceError::Internal(StoreError::Corrupt(row.status.clone())))
}

fn step(from: ApplicationStatus, s: ApplicationStep) -> ServiceResult<ApplicationStatus> {
    from.after(s)
        .ok_or(ServiceError::Conflict(Msg::ErrApplicationState))
}

/// The lifecycle settings (`membership.*`).
pub async fn policy(db: &Db) -> ServiceResult<LifecyclePolicy> {
    let d = LifecyclePolicy::default();
    Ok(LifecyclePolicy {
        term_months: ms::setting_i64(db.reader(), "membership.term_months", 12)
            .await?
            .clamp(1, 120) as u32,
        renewal_offer_days: ms::setting_i64(db.reader(), "membership.renewal_offer_days", 30)
            .await?
            .clamp(0, 365) as u64,
        grace_days: ms::setting_i64(db.reader(), "membership.grace_days", d.grace_days as i64)
            .await?
            .clamp(0, 365) as u64,
    })
}

fn today(now: i64) -> NaiveDate {
    crate::ledger::shanghai_date(now)
}

// ---------------------------------------------------------------- templates

/// The template a customer accepts today: the newest published version.
pub async fn current_template(db: &Db) -> ServiceResult<Template> {
    let id = ms::current_template_id(db.reader())
        .await?
        .ok_or(ServiceError::NotFound)?;
    ms::template(db.reader(), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

// ---------------------------------------------------------------- views

async fn level(db: &Db, id: i64) -> ServiceResult<VipLevel> {
    store::programme::all_levels(db.reader())
        .await?
        .into_iter()
        .map(|(l, _)| l)
        .find(|l| l.id == id)
        .ok_or(ServiceError::NotFound)
}

async fn application_view(db: &Db, row: AppRow) -> ServiceResult<ApplicationView> {
    let customer = store::users::get(db.reader(), row.customer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let template_label = match row.template_id {
        Some(t) => ms::template(db.reader(), t).await?.map(|t| t.label()),
        None => None,
    };
    Ok(ApplicationView {
        id: row.id,
        customer_id: row.customer_id,
        customer_name: customer.name,
        customer_email: customer.email,
        level: level(db, row.level_id).await?,
        status: status_of(&row)?,
        company: row.company.clone(),
        message: row.message.clone(),
        template_id: row.template_id,
        template_label,
        accepted_at: row.accepted_at,
        submitted_at: row.submitted_at,
        decided_at: row.decided_at,
        decision_reason: row.decision_reason.clone(),
        files: ms::application_files(db.reader(), row.id).await?,
        messages: ms::messages(db.reader(), row.id).await?,
        agreement_id: ms::agreement_of_application(db.reader(), row.id).await?,
    })
}

fn membership_view(row: &MembershipRow, level: VipLevel) -> ServiceResult<MembershipView> {
    Ok(MembershipView {
        id: row.id,
        customer_id: row.customer_id,
        agreement_id: row.agreement_id,
        level,
        status: MembershipStatus::parse(&row.status)
            .ok_or_else(|| ServiceError::Internal(StoreError::Corrupt(row.status.clone())))?,
        started_on: parse_day(&row.started_on)?,
        expires_on: parse_day(&row.expires_on)?,
        notice_on: row.notice_on.as_deref().map(parse_day).transpose()?,
        grace_until: row.grace_until.as_deref().map(parse_day).transpose()?,
        renewal_agreement_id: row.renewal_agreement_id,
        ended_at: row.ended_at,
        end_reason: row.end_reason.clone(),
    })
}

pub(crate) async fn membership_level(db: &Db, row: &MembershipRow) -> ServiceResult<VipLevel> {
    if let Some(json) = &row.level_json {
        return serde_json::from_str(json)
            .map_err(|e| ServiceError::Internal(StoreError::Corrupt(e.to_string())));
    }
    ms::get_agreement(db.reader(), row.agreement_id)
        .await?
        .ok_or(ServiceError::NotFound)?
        .level()
        .map_err(Into::into)
}

fn agreement_status(row: &AgreementRow) -> ServiceResult<AgreementStatus> {
    AgreementStatus::parse(&row.status)
        .ok_or_else(|| ServiceError::Internal(StoreError::Corrupt(row.status.clone())))
}

/// The customer's membership page.
pub async fn my_membership(db: &Db, customer_id: i64) -> ServiceResult<MyMembership> {
    let membership = match ms::current_membership(db.reader(), customer_id).await? {
        Some(row) => Some(membership_view(&row, membership_level(db, &row).await?)?),
        None => None,
    };
    let amendments = match &membership {
        Some(m) => amendments(db, m.id).await?,
        None => Vec::new(),
    };
    let mut agreements = Vec::new();
    for a in ms::agreements_of(db.reader(), customer_id).await? {
        let label = ms::template(db.reader(), a.template_id)
            .await?
            .map(|t| t.label())
            .unwrap_or_default();
        agreements.push(AgreementSummary {
            id: a.id,
            template_label: label,
            status: agreement_status(&a)?,
            effective_on: a.effective_on.as_deref().map(parse_day).transpose()?,
            expires_on: a.expires_on.as_deref().map(parse_day).transpose()?,
            created_at: a.created_at,
        });
    }
    let application = match ms::current_application(db.reader(), customer_id).await? {
        Some(row) => Some(application_view(db, row).await?),
        None => None,
    };
    let data_kept_until = match membership.as_ref().and_then(|m| m.ended_at) {
        Some(ended) => Some(crate::retention::anonymise_on(
            crate::ledger::shanghai_date(ended),
            super::retention::years(db).await?,
        )),
        None => None,
    };
    Ok(MyMembership {
        membership,
        amendments,
        agreements,
        application,
        data_kept_until,
    })
}

/// The live membership of a customer, if any (rights are in force only then, clause 4.2).
pub async fn live_membership(db: &Db, customer_id: i64) -> ServiceResult<Option<MembershipView>> {
    match ms::current_membership(db.reader(), customer_id).await? {
        Some(row) if MembershipStatus::parse(&row.status).is_some_and(|s| s.is_live()) => Ok(Some(
            membership_view(&row, membership_level(db, &row).await?)?,
        )),
        _ => Ok(None),
    }
}

async fn agreement_view(db: &Db, row: AgreementRow) -> ServiceResult<AgreementView> {
    let customer = store::users::get(db.reader(), row.customer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let template = ms::template(db.reader(), row.template_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let countersigned_by_name = match row.countersigned_by {
        Some(id) => store::users::get(db.reader(), id).await?.map(|u| u.name),
        None => None,
    };
    Ok(AgreementView {
        id: row.id,
        customer_id: row.customer_id,
        customer_name: customer.name,
        customer_email: customer.email,
        level: row.level()?,
        hash_verified: text_hash(&row.canonical_text) == row.sha256,
        status: agreement_status(&row)?,
        is_renewal: row.renews_agreement_id.is_some(),
        signed_name: row.customer_name.clone(),
        customer_signed_at: row.customer_signed_at,
        customer_ip: row.customer_ip.clone(),
        countersigned_by_name,
        countersigned_at: row.countersigned_at,
        effective_on: row.effective_on.as_deref().map(parse_day).transpose()?,
        expires_on: row.expires_on.as_deref().map(parse_day).transpose()?,
        attachments: ms::attachments(db.reader(), row.id).await?,
        created_at: row.created_at,
        canonical_text: row.canonical_text,
        sha256: row.sha256,
        template,
    })
}

/// Records that someone asked for another customer's object: they are told "not found".
pub(crate) async fn deny(
    db: &Db,
    actor: &Actor,
    object_type: &str,
    id: i64,
    now: i64,
) -> ServiceError {
    let result = async {
        let mut tx = db.begin_write().await?;
        audit::record(
            &mut tx,
            actor,
            now,
            Event::new("access.denied", object_type).object(id),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok::<(), ServiceError>(())
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = ?e, "could not audit a denied access");
    }
    ServiceError::NotFound
}

/// Who is reading: a customer sees only their own objects; staff may read any (audited).
#[derive(Debug, Clone, Copy)]
pub enum Reader {
    Customer(i64),
    Staff,
}

/// The one rule for reading a customer's record (clause 10): a customer reads their own; staff
/// read any, and the read leaves `viewed_action` in the audit log; anything else — another
/// customer's id, or one that does not exist — answers "not found", and a customer's attempt
/// leaves `access.denied`. `owner` is the record's customer (`None`: no such record);
/// `customer_may_see = false` hides a record from its own customer too (e.g. a draft invoice).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn admit_read(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    object_type: &str,
    viewed_action: &str,
    id: i64,
    owner: Option<i64>,
    customer_may_see: bool,
    now: i64,
) -> ServiceResult<()> {
    match (reader, owner) {
        (Reader::Customer(c), Some(o)) if o == c && customer_may_see => Ok(()),
        (Reader::Customer(_), _) => Err(deny(db, actor, object_type, id, now).await),
        (Reader::Staff, Some(o)) => {
            let mut tx = db.begin_write().await?;
            audit::record(
                &mut tx,
                actor,
                now,
                Event::new(viewed_action, object_type).object(id).subject(o),
            )
            .await?;
            commit(tx).await
        }
        (Reader::Staff, None) => Err(ServiceError::NotFound),
    }
}

/// An agreement for its customer or for staff (see [`admit_read`]).
pub async fn agreement_for(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    id: i64,
    now: i64,
) -> ServiceResult<AgreementView> {
    let row = ms::get_agreement(db.reader(), id).await?;
    let owner = row.as_ref().map(|r| r.customer_id);
    admit_read(
        db,
        actor,
        reader,
        "agreement",
        "agreement.viewed",
        id,
        owner,
        true,
        now,
    )
    .await?;
    agreement_view(db, row.ok_or(ServiceError::NotFound)?).await
}

/// A file for download: the customer's own, or any for staff (audited).
pub async fn file_for(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    id: i64,
    now: i64,
) -> ServiceResult<(FileInfo, Vec<u8>)> {
    let found = ms::file_with_content(db.reader(), id).await?;
    match (reader, found) {
        (Reader::Customer(c), Some((info, owner, bytes))) if owner == c => Ok((info, bytes)),
        (Reader::Customer(_), _) => Err(deny(db, actor, "file", id, now).await),
        (Reader::Staff, Some((info, owner, bytes))) => {
            let mut tx = db.begin_write().await?;
            audit::record(
                &mut tx,
                actor,
                now,
                Event::new("file.viewed", "file").object(id).subject(owner),
            )
            .await?;
            commit(tx).await?;
            Ok((info, bytes))
        }
        (Reader::Staff, None) => Err(ServiceError::NotFound),
    }
}

// ---------------------------------------------------------------- the customer's application

/// Whether `app_id` is an application of `customer_id`; when not, the attempt is audited and
/// answered "not found" (the customer learns nothing about other customers' ids).
async fn ensure_own_application(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    app_id: i64,
    now: i64,
) -> ServiceResult<()> {
    match ms::get_application(db.reader(), app_id).await? {
        Some(r) if r.customer_id == customer_id => Ok(()),
        _ => Err(deny(db, actor, "application", app_id, now).await),
    }
}

async fn own_open_application(
    tx: &mut WriteTx,
    customer_id: i64,
    app_id: i64,
) -> ServiceResult<AppRow> {
    let row = ms::get_application(&mut **tx, app_id)
        .await?
        .filter(|r| r.customer_id == customer_id)
        .ok_or(ServiceError::NotFound)?;
    if !status_of(&row)?.editable_by_customer() {
        return Err(ServiceError::Conflict(Msg::ErrApplicationState));
    }
    Ok(row)
}

/// Creates the draft or saves its form (level applied for, company, message).
pub async fn save_application(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    level_id: i64,
    company: &str,
    message: &str,
    now: i64,
) -> ServiceResult<i64> {
    let company = text_field(company, "company", false)?;
    let message = text_field(message, "message", false)?;
    let levels = store::programme::active_levels(db.reader()).await?;
    if !levels.iter().any(|l| l.id == level_id) {
        return Err(invalid("level_id", Msg::ErrLevelUnknown));
    }
    if live_membership(db, customer_id).await?.is_some() {
        return Err(ServiceError::Conflict(Msg::ErrAlreadyMember));
    }
    let mut tx = db.begin_write().await?;
    let current = ms::current_application(&mut *tx, customer_id).await?;
    let id = match current {
        Some(row) if status_of(&row)?.is_open() => {
            if !status_of(&row)?.editable_by_customer() {
                return Err(ServiceError::Conflict(Msg::ErrApplicationState));
            }
            ms::update_application_form(&mut tx, row.id, level_id, &company, &message, now).await?;
            row.id
        }
        _ => {
            let id =
                ms::insert_application(&mut tx, customer_id, level_id, &company, &message, now)
                    .await?;
            audit::record(
                &mut tx,
                actor,
                now,
                Event::new("application.created", "application")
                    .object(id)
                    .subject(customer_id),
            )
            .await?;
            id
        }
    };
    commit(tx).await?;
    Ok(id)
}

/// The upload rules of clause 2.2.1, shared by every upload: not empty, at most 10 MB, a PDF,
/// JPEG or PNG by content. Returns the cleaned name, the MIME type and the SHA-256.
pub(crate) fn checked_upload(
    name: &str,
    bytes: &[u8],
) -> ServiceResult<(String, &'static str, String)> {
    if bytes.is_empty() {
        return Err(invalid("file", Msg::ErrUploadEmpty));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(invalid("file", Msg::ErrUploadTooLarge));
    }
    let mime = sniff(bytes).ok_or(invalid("file", Msg::ErrUploadType))?;
    Ok((clean_name(name), mime, hex::encode(Sha256::digest(bytes))))
}

/// Adds a material (PDF/JPEG/PNG by content, ≤ 10 MB) to an editable application.
pub async fn add_material(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    app_id: i64,
    name: &str,
    bytes: &[u8],
    now: i64,
) -> ServiceResult<FileInfo> {
    let (name, mime, sha) = checked_upload(name, bytes)?;
    ensure_own_application(db, actor, customer_id, app_id, now).await?;
    let mut tx = db.begin_write().await?;
    own_open_application(&mut tx, customer_id, app_id).await?;
    if ms::application_files(&mut *tx, app_id).await?.len() >= MAX_MATERIALS {
        return Err(invalid("file", Msg::ErrTooManyFiles));
    }
    let id = ms::insert_file(
        &mut tx,
        &ms::NewFile {
            owner_id: customer_id,
            uploaded_by: actor.user_id.unwrap_or(customer_id),
            name: &name,
            mime,
            sha256: &sha,
            content: bytes,
            now,
        },
    )
    .await?;
    ms::attach_file(&mut tx, app_id, id, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("application.material_added", "application")
            .object(app_id)
            .subject(customer_id)
            .after(
                serde_json::json!({"file": id, "mime": mime, "sha256": sha, "size": bytes.len()}),
            )
            .personal("name", &name),
    )
    .await?;
    commit(tx).await?;
    Ok(FileInfo {
        id,
        name,
        mime: mime.into(),
        size: bytes.len() as i64,
        sha256: sha,
        created_at: now,
    })
}

pub async fn remove_material(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    app_id: i64,
    file_id: i64,
    now: i64,
) -> ServiceResult<()> {
    ensure_own_application(db, actor, customer_id, app_id, now).await?;
    let mut tx = db.begin_write().await?;
    own_open_application(&mut tx, customer_id, app_id).await?;
    if !ms::detach_file(&mut tx, app_id, file_id).await? {
        return Err(ServiceError::NotFound);
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("application.material_removed", "application")
            .object(app_id)
            .subject(customer_id)
            .before(serde_json::json!({"file": file_id})),
    )
    .await?;
    commit(tx).await
}

/// Submits (or resubmits) the application. The customer must accept the exact template
/// version shown (clause 2.1.3) and reach the level applied for today (clause 2.1.1).
#[allow(clippy::too_many_arguments)]
pub async fn submit_application(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    app_id: i64,
    template_shown: i64,
    accepted: bool,
    reply: &str,
    now: i64,
) -> ServiceResult<()> {
    if !accepted {
        return Err(invalid("accept", Msg::ErrMustAccept));
    }
    let reply = text_field(reply, "reply", false)?;
    let current = current_template(db).await?;
    if current.id != template_shown {
        return Err(ServiceError::Conflict(Msg::ErrTemplateChanged));
    }
    ensure_own_application(db, actor, customer_id, app_id, now).await?;
    let progress = super::customers::progress(db, customer_id, today(now), None).await?;
    let mut tx = db.begin_write().await?;
    let row = own_open_application(&mut tx, customer_id, app_id).await?;
    let from = status_of(&row)?;
    let to = step(from, ApplicationStep::Submit)?;
    let reached = progress
        .progress
        .iter()
        .find(|p| p.level_id == row.level_id)
        .is_some_and(|p| p.reached);
    if !reached {
        return Err(ServiceError::Conflict(Msg::ErrNotEligible));
    }
    if from == ApplicationStatus::InfoRequested && reply.is_empty() {
        return Err(invalid("reply", Msg::ErrTextRequired));
    }
    let snapshot = serde_json::to_string(&progress.progress)
        .map_err(|e| ServiceError::Other(e.to_string()))?;
    ms::submit_application(&mut tx, app_id, current.id, &snapshot, now).await?;
    if !reply.is_empty() {
        ms::add_message(&mut tx, app_id, customer_id, "reply", &reply, now).await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("application.submitted", "application")
            .object(app_id)
            .subject(customer_id)
            .before(serde_json::json!({"status": from.as_str()}))
            .after(serde_json::json!({"status": to.as_str(), "template": current.label()})),
    )
    .await?;
    let link = format!("/admin/applications/{app_id}");
    notify_role(
        &mut tx,
        Role::Reviewer,
        NotificationKind::ApplicationSubmitted,
        Some(&link),
        now,
    )
    .await?;
    commit(tx).await
}

pub async fn withdraw_application(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    app_id: i64,
    now: i64,
) -> ServiceResult<()> {
    ensure_own_application(db, actor, customer_id, app_id, now).await?;
    let mut tx = db.begin_write().await?;
    let row = ms::get_application(&mut *tx, app_id)
        .await?
        .filter(|r| r.customer_id == customer_id)
        .ok_or(ServiceError::NotFound)?;
    let from = status_of(&row)?;
    let to = step(from, ApplicationStep::Withdraw)?;
    ms::set_application_status(&mut tx, app_id, to.as_str(), None, None, false, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("application.withdrawn", "application")
            .object(app_id)
            .subject(customer_id),
    )
    .await?;
    commit(tx).await
}

// ---------------------------------------------------------------- review (clause 2.2.2)

pub async fn queue(db: &Db) -> ServiceResult<Vec<QueueItem>> {
    Ok(ms::review_queue(db.reader()).await?)
}

/// An application for a reviewer, with the eligibility explanation as of now. Audited.
pub async fn application_for_staff(
    db: &Db,
    actor: &Actor,
    app_id: i64,
    now: i64,
) -> ServiceResult<(ApplicationView, CustomerProgress)> {
    let row = ms::get_application(db.reader(), app_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let customer_id = row.customer_id;
    let view = application_view(db, row).await?;
    let progress = super::customers::progress(db, customer_id, today(now), None).await?;
    let mut tx = db.begin_write().await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("application.viewed", "application")
            .object(app_id)
            .subject(customer_id),
    )
    .await?;
    commit(tx).await?;
    Ok((view, progress))
}

/// A reviewer's decision on an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    StartReview,
    RequestInfo(String),
    Approve,
    Reject(String),
}

/// Applies a reviewer's decision. Approval creates the agreement for the customer to sign,
/// from the template version they accepted and the level as it stands now.
pub async fn decide(
    db: &Db,
    actor: &Actor,
    app_id: i64,
    decision: Decision,
    now: i64,
) -> ServiceResult<()> {
    let reviewer = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    let (step_taken, text, kind) = match &decision {
        Decision::StartReview => (ApplicationStep::StartReview, String::new(), None),
        Decision::RequestInfo(m) => (
            ApplicationStep::RequestInfo,
            text_field(m, "message", true)?,
            Some("info_request"),
        ),
        Decision::Approve => (ApplicationStep::Approve, String::new(), Some("approval")),
        Decision::Reject(r) => (
            ApplicationStep::Reject,
            text_field(r, "reason", true)?,
            Some("rejection"),
        ),
    };
    let parties_company = company_name(db).await?;
    let mut tx = db.begin_write().await?;
    let row = ms::get_application(&mut *tx, app_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let from = status_of(&row)?;
    let to = step(from, step_taken)?;
    let decided = matches!(
        to,
        ApplicationStatus::Approved | ApplicationStatus::Rejected
    );
    ms::set_application_status(
        &mut tx,
        app_id,
        to.as_str(),
        Some(reviewer),
        (to == ApplicationStatus::Rejected).then_some(text.as_str()),
        decided,
        now,
    )
    .await?;
    if let Some(kind) = kind {
        let body = if text.is_empty() { "—" } else { &text };
        ms::add_message(&mut tx, app_id, reviewer, kind, body, now).await?;
    }
    let mut after = serde_json::json!({"status": to.as_str()});
    match to {
        ApplicationStatus::InfoRequested => {
            notify(
                &mut tx,
                row.customer_id,
                NotificationKind::ApplicationInfoRequested,
                &[("reason", &text)],
                Some("/portal/membership"),
                None,
                now,
            )
            .await?;
        }
        ApplicationStatus::Rejected => {
            notify(
                &mut tx,
                row.customer_id,
                NotificationKind::ApplicationRejected,
                &[("reason", &text)],
                Some("/portal/membership"),
                None,
                now,
            )
            .await?;
        }
        ApplicationStatus::Approved => {
            let template_id = row
                .template_id
                .ok_or(ServiceError::Conflict(Msg::ErrApplicationState))?;
            let template = ms::template(db.reader(), template_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let level = level(db, row.level_id).await?;
            let agreement_id = create_agreement(
                &mut tx,
                &template,
                &level,
                row.customer_id,
                &row.company,
                &parties_company,
                Some(app_id),
                None,
                now,
            )
            .await?;
            after["agreement"] = serde_json::json!(agreement_id);
            notify(
                &mut tx,
                row.customer_id,
                NotificationKind::ApplicationApproved,
                &[],
                Some(&format!("/portal/agreements/{agreement_id}")),
                None,
                now,
            )
            .await?;
        }
        _ => {}
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("application.decided", "application")
            .object(app_id)
            .subject(row.customer_id)
            .before(serde_json::json!({"status": from.as_str()}))
            .after(after)
            .personal("text", text),
    )
    .await?;
    commit(tx).await
}

/// The company's name as configured (party B of the agreement, the issuer of invoices).
pub(crate) async fn company_name(db: &Db) -> ServiceResult<String> {
    let rows = store::programme::settings_with_prefix(db.reader(), "company.name").await?;
    Ok(rows
        .into_iter()
        .next()
        .map(|(_, v)| v)
        .unwrap_or_else(|| "VIP Care".into()))
}

#[allow(clippy::too_many_arguments)]
async fn create_agreement(
    tx: &mut WriteTx,
    template: &Template,
    level: &VipLevel,
    customer_id: i64,
    customer_company: &str,
    company: &str,
    application_id: Option<i64>,
    renews: Option<i64>,
    now: i64,
) -> ServiceResult<i64> {
    let customer = store::users::get_tx(tx, customer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let parties = Parties {
        company: company.to_string(),
        customer_name: customer.name.clone(),
        customer_email: customer.email.clone(),
        customer_company: customer_company.to_string(),
    };
    let text = canonical_text(template, &parties, level);
    let hash = text_hash(&text);
    let id = ms::insert_agreement(
        tx,
        &ms::NewAgreement {
            customer_id,
            application_id,
            renews_agreement_id: renews,
            template_id: template.id,
            level,
            canonical_text: &text,
            sha256: &hash,
            now,
        },
    )
    .await?;
    Ok(id)
}

// ---------------------------------------------------------------- signing (clause 2.2.3)

/// The customer signs: the typed name must be the account holder's and consent explicit.
#[allow(clippy::too_many_arguments)]
pub async fn sign_agreement(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    agreement_id: i64,
    typed_name: &str,
    consent: bool,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    let row = ms::get_agreement(&mut *tx, agreement_id)
        .await?
        .filter(|a| a.customer_id == customer_id);
    let Some(row) = row else {
        drop(tx);
        return Err(deny(db, actor, "agreement", agreement_id, now).await);
    };
    if agreement_status(&row)? != AgreementStatus::AwaitingCustomer {
        return Err(ServiceError::Conflict(Msg::ErrAgreementState));
    }
    let customer = store::users::get_tx(&mut tx, customer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !signature_matches(typed_name, &customer.name) {
        return Err(invalid("signed_name", Msg::ErrSignatureName));
    }
    if !consent {
        return Err(invalid("consent", Msg::ErrMustConsent));
    }
    ms::sign_by_customer(
        &mut tx,
        agreement_id,
        typed_name.trim(),
        actor.ip.as_deref(),
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("agreement.signed", "agreement")
            .object(agreement_id)
            .subject(customer_id)
            .after(serde_json::json!({"sha256": row.sha256, "template": row.template_id}))
            .personal("name", typed_name.trim()),
    )
    .await?;
    notify_role(
        &mut tx,
        Role::Reviewer,
        NotificationKind::AgreementAwaitingCountersign,
        Some(&format!("/admin/agreements/{agreement_id}")),
        now,
    )
    .await?;
    commit(tx).await
}

/// A reviewer countersigns: the agreement takes effect and the membership starts (12.1) for
/// one term (12.2). A renewal starts the day after the current term ends.
pub async fn countersign(db: &Db, actor: &Actor, agreement_id: i64, now: i64) -> ServiceResult<()> {
    let reviewer = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    let policy = policy(db).await?;
    let mut tx = db.begin_write().await?;
    let row = ms::get_agreement(&mut *tx, agreement_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if agreement_status(&row)? != AgreementStatus::AwaitingCountersign {
        return Err(ServiceError::Conflict(Msg::ErrAgreementState));
    }
    let level = row.level()?;
    let renewed = ms::membership_renewed_by(&mut *tx, agreement_id).await?;
    let mut start = today(now);
    if let Some(old) = &renewed {
        let old_end = parse_day(&old.expires_on)?;
        start = start.max(old_end.checked_add_days(Days::new(1)).unwrap_or(old_end));
        ms::move_membership(&mut tx, old.id, &old.status, "renewed", now).await?;
        ms::end_agreement(&mut tx, old.agreement_id).await?;
    }
    let expires = policy.expires_on(start);
    ms::countersign(
        &mut tx,
        agreement_id,
        reviewer,
        actor.ip.as_deref(),
        now,
        start,
        expires,
    )
    .await?;
    if let Some(app) = row.application_id {
        for f in ms::application_files(&mut *tx, app).await? {
            ms::add_attachment(&mut tx, agreement_id, "material", Some(f.id), &f.name, now).await?;
        }
    }
    let membership = ms::insert_membership(
        &mut tx,
        row.customer_id,
        agreement_id,
        level.id,
        start,
        expires,
        now,
    )
    .await
    .map_err(|e| match e {
        StoreError::Unique(_) => ServiceError::Conflict(Msg::ErrAlreadyMember),
        e => e.into(),
    })?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("agreement.countersigned", "agreement")
            .object(agreement_id)
            .subject(row.customer_id)
            .after(serde_json::json!({
                "membership": membership, "effective_on": start.to_string(),
                "expires_on": expires.to_string(), "renewal": renewed.is_some(),
            })),
    )
    .await?;
    notify(
        &mut tx,
        row.customer_id,
        NotificationKind::MembershipActive,
        &[("date", &expires.to_string())],
        Some("/portal/membership"),
        None,
        now,
    )
    .await?;
    commit(tx).await
}

// ---------------------------------------------------------------- ending (2.3.2, 9)

/// Who ends a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// A reviewer revokes VIP status (clause 2.3.2).
    Revoke,
    /// The customer terminates their own agreement (clause 9).
    TerminateByCustomer(i64),
    /// The company terminates (clause 9).
    TerminateByCompany,
}

/// Ends a live membership at once with a mandatory reason; rights end with it.
pub async fn end_membership(
    db: &Db,
    actor: &Actor,
    membership_id: i64,
    ending: Ending,
    reason: &str,
    now: i64,
) -> ServiceResult<()> {
    let reason = text_field(reason, "reason", true)?;
    let mut tx = db.begin_write().await?;
    let row = ms::get_membership(&mut *tx, membership_id).await?;
    let row = match (ending, row) {
        (Ending::TerminateByCustomer(c), Some(r)) if r.customer_id != c => {
            drop(tx);
            return Err(deny(db, actor, "membership", membership_id, now).await);
        }
        (_, Some(r)) => r,
        (Ending::TerminateByCustomer(_), None) => {
            drop(tx);
            return Err(deny(db, actor, "membership", membership_id, now).await);
        }
        (_, None) => return Err(ServiceError::NotFound),
    };
    end_membership_tx(&mut tx, actor, &row, ending, &reason, now).await?;
    commit(tx).await
}

/// Ends the live membership `row` inside `tx` (with its agreement, audit entry and the
/// customer's notification), so a caller's decision and the ending commit together. `reason`
/// is already checked.
pub(crate) async fn end_membership_tx(
    tx: &mut WriteTx,
    actor: &Actor,
    row: &MembershipRow,
    ending: Ending,
    reason: &str,
    now: i64,
) -> ServiceResult<()> {
    let membership_id = row.id;
    let (status, kind, action) = match ending {
        Ending::Revoke => (
            MembershipStatus::Revoked,
            NotificationKind::MembershipRevoked,
            "membership.revoked",
        ),
        _ => (
            MembershipStatus::Terminated,
            NotificationKind::MembershipTerminated,
            "membership.terminated",
        ),
    };
    if !ms::end_membership(
        tx,
        membership_id,
        status.as_str(),
        actor.user_id,
        reason,
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrMembershipState));
    }
    ms::end_agreement(tx, row.agreement_id).await?;
    audit::record(
        tx,
        actor,
        now,
        Event::new(action, "membership")
            .object(membership_id)
            .subject(row.customer_id)
            .before(serde_json::json!({"status": row.status}))
            .after(serde_json::json!({"status": status.as_str()}))
            .personal("reason", reason),
    )
    .await?;
    notify(
        tx,
        row.customer_id,
        kind,
        &[("reason", reason)],
        Some("/portal/membership"),
        None,
        now,
    )
    .await?;
    Ok(())
}

/// A customer's membership for staff (revocation page), audited as a read.
pub async fn membership_of_customer(
    db: &Db,
    customer_id: i64,
) -> ServiceResult<Option<MembershipView>> {
    match ms::current_membership(db.reader(), customer_id).await? {
        Some(row) => Ok(Some(membership_view(
            &row,
            membership_level(db, &row).await?,
        )?)),
        None => Ok(None),
    }
}

// ---------------------------------------------------------------- the daily job

/// What one run of the requalification job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct LifecycleReport {
    pub checked: u64,
    pub notices: u64,
    pub notices_withdrawn: u64,
    pub renewals_offered: u64,
    pub lapsed: u64,
}

/// Re-checks every live membership on `day` (clauses 2.3.1, 12.2, 12.3): eligibility against
/// the level as granted, over the 12 months ending on `day`. Idempotent: a second run on the
/// same day changes nothing (state moves are conditional, notifications deduplicated).
pub async fn run_daily(db: &Db, day: NaiveDate, now: i64) -> ServiceResult<LifecycleReport> {
    let policy = policy(db).await?;
    let mut report = LifecycleReport::default();
    // Set-based: every live membership with its granted level, and every customer's window
    // totals, in two queries; the rule is applied in memory and only the memberships that
    // change are written.
    let live = ms::live_with_levels(db.reader()).await?;
    let totals =
        store::ledger::window_totals(db.reader(), crate::eligibility::window_start(day), day)
            .await?;
    let mut due = Vec::new();
    for row in live {
        report.checked += 1;
        let Some(status) = MembershipStatus::parse(&row.status) else {
            continue;
        };
        let (spend, points) = totals.get(&row.customer_id).copied().unwrap_or((0, 0));
        let eligible = crate::eligibility::meets(
            crate::Fen(row.spend_threshold),
            row.points_threshold,
            crate::Fen(spend),
            points,
        );
        let facts = MembershipFacts {
            status,
            expires_on: parse_day(&row.expires_on)?,
            grace_until: row.grace_until.as_deref().map(parse_day).transpose()?,
        };
        let action = requalify(&facts, eligible, day, &policy);
        if action != LifecycleAction::Nothing {
            due.push(Due {
                membership_id: row.id,
                facts,
                action,
            });
        }
    }
    drop(totals);
    if due.is_empty() {
        return Ok(report);
    }
    let run = DailyRun {
        day,
        now,
        company: company_name(db).await?,
        actor: Actor {
            user_id: None,
            ip: Some("job".into()),
        },
    };
    // Several changes per transaction: one fsync per batch rather than per membership, while a
    // batch stays short enough not to hold the single writer for long.
    for batch in due.chunks(DAILY_BATCH) {
        let mut tx = db.begin_write().await?;
        for d in batch {
            apply_daily(db, &mut tx, &run, d, &mut report).await?;
        }
        commit(tx).await?;
    }
    Ok(report)
}

/// Memberships changed per write transaction by the daily job.
const DAILY_BATCH: usize = 256;

/// One membership the daily job has to act on, decided from the first (read-only) pass.
struct Due {
    membership_id: i64,
    facts: MembershipFacts,
    action: LifecycleAction,
}

/// What every change of one daily run shares.
struct DailyRun {
    day: NaiveDate,
    now: i64,
    company: String,
    actor: Actor,
}

/// Applies one decided action inside the batch's transaction. The membership is re-read first:
/// another node (or a person) may have acted since the read-only pass, and then it is skipped.
async fn apply_daily(
    db: &Db,
    tx: &mut WriteTx,
    run: &DailyRun,
    d: &Due,
    report: &mut LifecycleReport,
) -> ServiceResult<()> {
    let (day, now, company, action) = (run.day, run.now, &run.company, d.action);
    let Some(row) = ms::get_membership(&mut **tx, d.membership_id).await? else {
        return Ok(());
    };
    if MembershipStatus::parse(&row.status) != Some(d.facts.status)
        || row.grace_until.as_deref().map(parse_day).transpose()? != d.facts.grace_until
    {
        return Ok(());
    }
    let agreement = ms::get_agreement(&mut **tx, row.agreement_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (event, detail) = match action {
        LifecycleAction::Nothing => return Ok(()),
        LifecycleAction::Notice { grace_until } => {
            ms::set_notice(tx, row.id, Some((day, grace_until)), now).await?;
            notify(
                tx,
                row.customer_id,
                NotificationKind::NoticeNotEligible,
                &[("date", &grace_until.to_string())],
                Some("/portal"),
                Some(&format!("m{}:notice:{day}", row.id)),
                now,
            )
            .await?;
            report.notices += 1;
            ("membership.notice", format!("grace until {grace_until}"))
        }
        LifecycleAction::ClearNotice => {
            ms::set_notice(tx, row.id, None, now).await?;
            notify(
                tx,
                row.customer_id,
                NotificationKind::NoticeWithdrawn,
                &[],
                Some("/portal"),
                Some(&format!("m{}:cleared:{day}", row.id)),
                now,
            )
            .await?;
            report.notices_withdrawn += 1;
            ("membership.notice_withdrawn", String::new())
        }
        LifecycleAction::OfferRenewal => {
            let template_id = ms::current_template_id(db.reader())
                .await?
                .ok_or(ServiceError::NotFound)?;
            let template = ms::template(db.reader(), template_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            // The renewal is on the level as it is defined today (as granted, if the level
            // has since been removed).
            let current_level = match self::level(db, row.level_id).await {
                Ok(l) => l,
                Err(_) => membership_level(db, &row).await?,
            };
            let app_company = match agreement.application_id {
                Some(a) => ms::get_application(&mut **tx, a)
                    .await?
                    .map(|r| r.company)
                    .unwrap_or_default(),
                None => String::new(),
            };
            let renewal = create_agreement(
                tx,
                &template,
                &current_level,
                row.customer_id,
                &app_company,
                company,
                None,
                Some(agreement.id),
                now,
            )
            .await?;
            ms::set_renewal_agreement(tx, row.id, renewal, now).await?;
            ms::move_membership(tx, row.id, "active", "renewal_offered", now).await?;
            notify(
                tx,
                row.customer_id,
                NotificationKind::RenewalOffered,
                &[("date", &row.expires_on)],
                Some(&format!("/portal/agreements/{renewal}")),
                Some(&format!("m{}:offer", row.id)),
                now,
            )
            .await?;
            report.renewals_offered += 1;
            ("membership.renewal_offered", format!("agreement {renewal}"))
        }
        LifecycleAction::LapseNotEligible | LifecycleAction::LapseExpired => {
            let reason = if action == LifecycleAction::LapseExpired {
                "term ended without renewal (12.2)"
            } else {
                "no longer eligible after the grace period (2.3.1)"
            };
            ms::end_membership(tx, row.id, "lapsed", None, reason, now).await?;
            ms::end_agreement(tx, row.agreement_id).await?;
            notify(
                tx,
                row.customer_id,
                NotificationKind::MembershipLapsed,
                &[],
                Some("/portal/membership"),
                Some(&format!("m{}:lapsed", row.id)),
                now,
            )
            .await?;
            report.lapsed += 1;
            ("membership.lapsed", reason.to_string())
        }
    };
    audit::record(
        tx,
        &run.actor,
        now,
        Event::new(event, "membership")
            .object(row.id)
            .subject(row.customer_id)
            .detail(format!("{detail} (run for {day})")),
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------- rights changes (4.3.1)

/// The rights changes of a membership, newest first.
pub async fn amendments(db: &Db, membership_id: i64) -> ServiceResult<Vec<AmendmentView>> {
    let levels = store::programme::all_levels(db.reader()).await?;
    ms::amendments_of(db.reader(), membership_id)
        .await?
        .into_iter()
        .map(|r| {
            Ok(AmendmentView {
                id: r.id,
                agreement_id: r.agreement_id,
                membership_id: r.membership_id,
                proposer_side: Side::parse(&r.proposer_side).ok_or_else(|| {
                    ServiceError::Internal(StoreError::Corrupt(r.proposer_side.clone()))
                })?,
                proposer_name: r.proposer_name,
                kind: AmendmentKind::parse(&r.kind)
                    .ok_or_else(|| ServiceError::Internal(StoreError::Corrupt(r.kind.clone())))?,
                new_level: r.new_level_id.and_then(|id| {
                    levels
                        .iter()
                        .find(|(l, _)| l.id == id)
                        .map(|(l, _)| l.clone())
                }),
                description: r.description,
                sha256: r.sha256,
                status: AmendmentStatus::parse(&r.status)
                    .ok_or_else(|| ServiceError::Internal(StoreError::Corrupt(r.status.clone())))?,
                decided_name: r.decided_name,
                decided_at: r.decided_at,
                decline_reason: r.decline_reason,
                created_at: r.created_at,
            })
        })
        .collect()
}

/// The person acting on a rights change: a customer on their own membership, or staff for
/// the company.
#[derive(Debug, Clone, Copy)]
pub struct Party {
    pub side: Side,
    pub user_id: i64,
}

async fn signatory_ok(tx: &mut WriteTx, user_id: i64, typed: &str) -> ServiceResult<()> {
    let user = store::users::get_tx(tx, user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if signature_matches(typed, &user.name) {
        Ok(())
    } else {
        Err(invalid("signed_name", Msg::ErrSignatureName))
    }
}

/// One party proposes a change, signing the proposal (clause 4.3.1).
#[allow(clippy::too_many_arguments)]
pub async fn propose_amendment(
    db: &Db,
    actor: &Actor,
    party: Party,
    membership_id: i64,
    kind: AmendmentKind,
    new_level_id: Option<i64>,
    description: &str,
    signed_name: &str,
    now: i64,
) -> ServiceResult<i64> {
    let description = text_field(description, "description", true)?;
    let row = ms::get_membership(db.reader(), membership_id).await?;
    let row = match row {
        Some(r) if party.side == Side::Company || r.customer_id == party.user_id => r,
        _ if party.side == Side::Customer => {
            return Err(deny(db, actor, "membership", membership_id, now).await)
        }
        _ => return Err(ServiceError::NotFound),
    };
    if !MembershipStatus::parse(&row.status).is_some_and(|s| s.is_live()) {
        return Err(ServiceError::Conflict(Msg::ErrMembershipState));
    }
    let new_level = match (kind, new_level_id) {
        (AmendmentKind::Level, Some(id)) => {
            let l = store::programme::active_levels(db.reader())
                .await?
                .into_iter()
                .find(|l| l.id == id)
                .ok_or(invalid("new_level_id", Msg::ErrLevelUnknown))?;
            if l.id == row.level_id {
                return Err(invalid("new_level_id", Msg::ErrLevelUnchanged));
            }
            Some(l)
        }
        (AmendmentKind::Level, None) => return Err(invalid("new_level_id", Msg::ErrLevelUnknown)),
        _ => None,
    };
    let agreement = ms::get_agreement(db.reader(), row.agreement_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let label = ms::template(db.reader(), agreement.template_id)
        .await?
        .map(|t| t.label())
        .unwrap_or_default();
    let customer = store::users::get(db.reader(), row.customer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let text = crate::membership::amendment_text(
        &label,
        agreement.id,
        &format!("{} <{}>", customer.name, customer.email),
        kind,
        new_level.as_ref(),
        &description,
    );
    let hash = text_hash(&text);
    let mut tx = db.begin_write().await?;
    signatory_ok(&mut tx, party.user_id, signed_name).await?;
    let id = ms::insert_amendment(
        &mut tx,
        &ms::NewAmendment {
            agreement_id: agreement.id,
            membership_id,
            customer_id: row.customer_id,
            proposer_side: party.side.as_str(),
            proposed_by: party.user_id,
            proposer_name: signed_name.trim(),
            proposer_ip: actor.ip.as_deref(),
            kind: kind.as_str(),
            new_level_id: new_level.as_ref().map(|l| l.id),
            description: &description,
            canonical_text: &text,
            sha256: &hash,
            now,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("amendment.proposed", "amendment")
            .object(id)
            .subject(row.customer_id)
            .after(serde_json::json!({"side": party.side.as_str(), "kind": kind.as_str(), "sha256": hash})),
    )
    .await?;
    match party.side {
        Side::Customer => {
            notify_role(
                &mut tx,
                Role::Reviewer,
                NotificationKind::AmendmentProposed,
                Some(&format!("/admin/customers/{}", row.customer_id)),
                now,
            )
            .await?
        }
        Side::Company => {
            notify(
                &mut tx,
                row.customer_id,
                NotificationKind::AmendmentProposed,
                &[],
                Some("/portal/membership"),
                None,
                now,
            )
            .await?;
        }
    }
    commit(tx).await?;
    Ok(id)
}

/// The other party accepts (signing) or declines (with a reason). An accepted change is
/// attached to the agreement; a level change takes effect on the membership at once.
#[allow(clippy::too_many_arguments)]
pub async fn decide_amendment(
    db: &Db,
    actor: &Actor,
    party: Party,
    amendment_id: i64,
    accept: bool,
    signed_name: &str,
    reason: &str,
    now: i64,
) -> ServiceResult<()> {
    let row = ms::get_amendment(db.reader(), amendment_id).await?;
    let row = match row {
        Some(r) if party.side == Side::Company || r.customer_id == party.user_id => r,
        _ if party.side == Side::Customer => {
            return Err(deny(db, actor, "amendment", amendment_id, now).await)
        }
        _ => return Err(ServiceError::NotFound),
    };
    let proposer = Side::parse(&row.proposer_side)
        .ok_or_else(|| ServiceError::Internal(StoreError::Corrupt(row.proposer_side.clone())))?;
    let status = AmendmentStatus::parse(&row.status)
        .ok_or_else(|| ServiceError::Internal(StoreError::Corrupt(row.status.clone())))?;
    if !crate::membership::may_decide(proposer, status, party.side) {
        return Err(ServiceError::Conflict(Msg::ErrAmendmentState));
    }
    let reason = if accept {
        String::new()
    } else {
        text_field(reason, "reason", true)?
    };
    let new_level = match row.new_level_id {
        Some(id) if accept => Some(level(db, id).await?),
        _ => None,
    };
    let mut tx = db.begin_write().await?;
    if accept {
        signatory_ok(&mut tx, party.user_id, signed_name).await?;
        let live = ms::get_membership(&mut *tx, row.membership_id)
            .await?
            .and_then(|m| MembershipStatus::parse(&m.status))
            .is_some_and(|s| s.is_live());
        if !live {
            return Err(ServiceError::Conflict(Msg::ErrMembershipState));
        }
    }
    let new_status = if accept {
        AmendmentStatus::Accepted
    } else {
        AmendmentStatus::Declined
    };
    if !ms::decide_amendment(
        &mut tx,
        amendment_id,
        new_status.as_str(),
        party.user_id,
        accept.then(|| signed_name.trim()),
        actor.ip.as_deref(),
        (!accept).then_some(reason.as_str()),
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrAmendmentState));
    }
    if accept {
        if let Some(l) = &new_level {
            ms::set_membership_level(&mut tx, row.membership_id, l, now).await?;
        }
        let kind = AmendmentKind::parse(&row.kind).unwrap_or(AmendmentKind::Terms);
        let title = format!(
            "#{amendment_id} {}: {}",
            kind.as_str(),
            row.description.chars().take(80).collect::<String>()
        );
        ms::add_attachment(&mut tx, row.agreement_id, "amendment", None, &title, now).await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(
            if accept {
                "amendment.accepted"
            } else {
                "amendment.declined"
            },
            "amendment",
        )
        .object(amendment_id)
        .subject(row.customer_id)
        .personal("reason", &reason),
    )
    .await?;
    let kind = if accept {
        NotificationKind::AmendmentAccepted
    } else {
        NotificationKind::AmendmentDeclined
    };
    let params: &[(&str, &str)] = &[("reason", &reason)];
    match proposer {
        Side::Customer => {
            notify(
                &mut tx,
                row.customer_id,
                kind,
                params,
                Some("/portal/membership"),
                None,
                now,
            )
            .await?;
        }
        Side::Company => {
            notify(
                &mut tx,
                row.proposed_by,
                kind,
                params,
                Some(&format!("/admin/customers/{}", row.customer_id)),
                None,
                now,
            )
            .await?;
        }
    }
    commit(tx).await
}
