//! Customer breach cases (clauses 4.3.2, 8.1): staff open a case against a customer with the
//! clause, a summary and the evidence (text and files); a reviewer who did not open it upholds
//! or dismisses it with a reason. An upheld case ends the customer's live membership through
//! the membership lifecycle (clause 9, terminated by the company) in the same transaction, so
//! the decision and the end of rights commit together.

use super::audit::{self, Event};
use super::membership::{admit_read, checked_upload, end_membership_tx, Ending, Reader};
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::disputes::{
    check_text, may_decide, parse_breach_clause, BreachLists, BreachStatus, BreachSummary,
    BreachView, MyBreachCase, MAX_FILES, MAX_SUMMARY_CHARS, MAX_TEXT_CHARS,
};
use crate::i18n::Msg;
use crate::membership::{FileInfo, MembershipStatus};
use crate::notify::NotificationKind;
use crate::store::breach::{self as st, BreachRow, NewBreach};
use crate::store::membership as ms;
use crate::store::{Db, StoreError, WriteTx};
use crate::validate::Email;
use crate::Role;
use serde_json::json;

/// Most decided cases the staff list shows.
const DECIDED_LIMIT: i64 = 200;

fn invalid(field: &'static str) -> impl FnOnce(Msg) -> ServiceError {
    ServiceError::invalid(field)
}

fn corrupt(s: &str) -> ServiceError {
    ServiceError::Internal(StoreError::Corrupt(s.to_string()))
}

async fn commit(tx: WriteTx) -> ServiceResult<()> {
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

fn status_of(row: &BreachRow) -> ServiceResult<BreachStatus> {
    BreachStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))
}

/// The live membership of a customer inside a write, if any.
async fn live_membership(
    tx: &mut WriteTx,
    customer_id: i64,
) -> ServiceResult<Option<ms::MembershipRow>> {
    Ok(ms::current_membership(&mut **tx, customer_id)
        .await?
        .filter(|m| MembershipStatus::parse(&m.status).is_some_and(|s| s.is_live())))
}

/// The form that opens a case.
#[derive(Debug, Clone, Default)]
pub struct NewCaseForm {
    pub customer_email: String,
    pub clause: String,
    pub summary: String,
    pub evidence: String,
}

/// Opens a breach case against a customer (4.3.2, 8.1); the reviewers are told. Returns the id.
pub async fn open(
    db: &Db,
    actor: &Actor,
    opener_id: i64,
    form: &NewCaseForm,
    now: i64,
) -> ServiceResult<i64> {
    let email = Email::parse(&form.customer_email).map_err(invalid("customer_email"))?;
    let clause = parse_breach_clause(&form.clause).map_err(invalid("clause"))?;
    let summary = check_text(&form.summary, MAX_SUMMARY_CHARS, true).map_err(invalid("summary"))?;
    let evidence = check_text(&form.evidence, MAX_TEXT_CHARS, true).map_err(invalid("evidence"))?;
    let (customer_id, _) =
        crate::store::disputes::customer_by_email(db.reader(), &email.normalized())
            .await?
            .ok_or(Msg::BcErrNotCustomer)
            .map_err(invalid("customer_email"))?;
    let mut tx = db.begin_write().await?;
    let membership_id = live_membership(&mut tx, customer_id).await?.map(|m| m.id);
    let id = st::insert(
        &mut tx,
        &NewBreach {
            customer_id,
            membership_id,
            clause,
            summary: &summary,
            evidence: &evidence,
            opened_by: opener_id,
            now,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("breach.opened", "breach_case")
            .object(id)
            .subject(customer_id)
            .after(json!({"clause": clause, "membership_id": membership_id}))
            .personal("summary", &summary)
            .personal("evidence", &evidence),
    )
    .await?;
    let id_s = id.to_string();
    let staff_link = format!("/admin/complaints/breaches/{id}");
    for reviewer in st::staff_with_role(&mut tx, Role::Reviewer.as_str()).await? {
        if reviewer != opener_id {
            notify(
                &mut tx,
                reviewer,
                NotificationKind::BreachOpened,
                &[("id", &id_s), ("subject", &summary)],
                Some(&staff_link),
                None,
                now,
            )
            .await?;
        }
    }
    commit(tx).await?;
    Ok(id)
}

/// Adds an evidence file (the application upload rules: PDF/JPEG/PNG by content, ≤ 10 MB) to
/// an open case.
pub async fn attach(
    db: &Db,
    actor: &Actor,
    id: i64,
    name: &str,
    bytes: &[u8],
    now: i64,
) -> ServiceResult<FileInfo> {
    let (name, mime, sha) = checked_upload(name, bytes)?;
    let mut tx = db.begin_write().await?;
    let row = st::get(&mut *tx, id).await?.ok_or(ServiceError::NotFound)?;
    if status_of(&row)? != BreachStatus::Open {
        return Err(ServiceError::Conflict(Msg::BcErrDecided));
    }
    if st::files(&mut *tx, id).await?.len() >= MAX_FILES {
        return Err(invalid("file")(Msg::BcErrTooManyFiles));
    }
    let file_id = ms::insert_file(
        &mut tx,
        &ms::NewFile {
            owner_id: row.customer_id,
            uploaded_by: actor.user_id.unwrap_or(row.opened_by),
            name: &name,
            mime,
            sha256: &sha,
            content: bytes,
            now,
        },
    )
    .await?;
    st::attach_file(&mut tx, id, file_id).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("breach.evidence_added", "breach_case")
            .object(id)
            .subject(row.customer_id)
            .after(json!({"file": file_id, "mime": mime, "sha256": sha, "size": bytes.len()}))
            .personal("name", &name),
    )
    .await?;
    commit(tx).await?;
    Ok(FileInfo {
        id: file_id,
        name,
        mime: mime.into(),
        size: bytes.len() as i64,
        sha256: sha,
        created_at: now,
    })
}

/// Decides an open case (4.3.2): `upheld` ends the customer's live membership (terminated by
/// the company, the reason recorded) in the same transaction; `dismissed` leaves their rights
/// as they are. The person who opened the case may not decide it.
pub async fn decide(
    db: &Db,
    actor: &Actor,
    decider_id: i64,
    id: i64,
    decision: &str,
    reason: &str,
    now: i64,
) -> ServiceResult<BreachStatus> {
    let decision = BreachStatus::parse_decision(decision).map_err(invalid("decision"))?;
    let reason = check_text(reason, MAX_TEXT_CHARS, true).map_err(invalid("reason"))?;
    let mut tx = db.begin_write().await?;
    let row = st::get(&mut *tx, id).await?.ok_or(ServiceError::NotFound)?;
    if status_of(&row)? != BreachStatus::Open {
        return Err(ServiceError::Conflict(Msg::BcErrDecided));
    }
    may_decide(row.opened_by, decider_id).map_err(ServiceError::Conflict)?;
    let ended = if decision == BreachStatus::Upheld {
        live_membership(&mut tx, row.customer_id).await?
    } else {
        None
    };
    if !st::decide(
        &mut tx,
        id,
        decision.as_str(),
        decider_id,
        &reason,
        ended.as_ref().map(|m| m.id),
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::BcErrDecided));
    }
    if let Some(m) = &ended {
        let why = format!(
            "违约案件 #{id}(第 {} 条)/ Breach case #{id} (clause {}): {reason}",
            row.clause, row.clause
        );
        end_membership_tx(&mut tx, actor, m, Ending::TerminateByCompany, &why, now).await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(
            match decision {
                BreachStatus::Upheld => "breach.upheld",
                _ => "breach.dismissed",
            },
            "breach_case",
        )
        .object(id)
        .subject(row.customer_id)
        .before(json!({"status": row.status}))
        .after(json!({
            "status": decision.as_str(),
            "membership_ended": ended.as_ref().map(|m| m.id),
        }))
        .personal("reason", &reason),
    )
    .await?;
    let link = format!("/portal/breaches/{id}");
    let id_s = id.to_string();
    let (kind, params): (_, Vec<(&str, &str)>) = match decision {
        BreachStatus::Upheld => (
            NotificationKind::BreachUpheld,
            vec![("clause", &row.clause), ("reason", &reason)],
        ),
        _ => (NotificationKind::BreachDismissed, vec![("id", &id_s)]),
    };
    notify(
        &mut tx,
        row.customer_id,
        kind,
        &params,
        Some(&link),
        None,
        now,
    )
    .await?;
    commit(tx).await?;
    Ok(decision)
}

// ---------------------------------------------------------------- reading

fn summary(r: BreachRow) -> ServiceResult<BreachSummary> {
    Ok(BreachSummary {
        status: status_of(&r)?,
        id: r.id,
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        customer_email: r.customer_email,
        clause: r.clause,
        summary: r.summary,
        opened_by_name: r.opened_by_name,
        opened_at: r.opened_at,
        decided_at: r.decided_at,
    })
}

/// Open cases (oldest first) and recent decisions, for staff.
pub async fn lists(db: &Db) -> ServiceResult<BreachLists> {
    let open = st::open_cases(db.reader()).await?;
    let decided = st::decided_cases(db.reader(), DECIDED_LIMIT).await?;
    Ok(BreachLists {
        open: open
            .into_iter()
            .map(summary)
            .collect::<ServiceResult<_>>()?,
        decided: decided
            .into_iter()
            .map(summary)
            .collect::<ServiceResult<_>>()?,
    })
}

/// A case in full for staff; the read is audited (clause 10). `viewer_id` decides what the
/// page offers: the opener sees why they cannot decide.
pub async fn for_staff(
    db: &Db,
    actor: &Actor,
    viewer_id: i64,
    viewer_decides: bool,
    id: i64,
    now: i64,
) -> ServiceResult<BreachView> {
    let row = st::get(db.reader(), id).await?;
    admit_read(
        db,
        actor,
        Reader::Staff,
        "breach_case",
        "breach.viewed",
        id,
        row.as_ref().map(|r| r.customer_id),
        true,
        now,
    )
    .await?;
    let row = row.ok_or(ServiceError::NotFound)?;
    let status = status_of(&row)?;
    let files = st::files(db.reader(), id).await?;
    let viewer_opened = row.opened_by == viewer_id;
    Ok(BreachView {
        viewer_may_decide: viewer_decides && status == BreachStatus::Open && !viewer_opened,
        viewer_opened,
        status,
        files,
        id: row.id,
        customer_id: row.customer_id,
        customer_name: row.customer_name,
        customer_email: row.customer_email,
        membership_id: row.membership_id,
        clause: row.clause,
        summary: row.summary,
        evidence: row.evidence,
        opened_by: row.opened_by,
        opened_by_name: row.opened_by_name,
        opened_at: row.opened_at,
        decided_by_name: row.decided_by_name,
        decided_at: row.decided_at,
        decision_reason: row.decision_reason,
    })
}

fn mine_view(r: BreachRow) -> ServiceResult<MyBreachCase> {
    Ok(MyBreachCase {
        status: status_of(&r)?,
        id: r.id,
        clause: r.clause,
        summary: r.summary,
        opened_at: r.opened_at,
        decided_at: r.decided_at,
        decision_reason: r.decision_reason,
    })
}

/// A decided case for its customer. Open cases are internal until decided; another
/// customer's id answers "not found" and is audited.
pub async fn for_customer(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    id: i64,
    now: i64,
) -> ServiceResult<MyBreachCase> {
    let row = st::get(db.reader(), id).await?;
    let decided = row.as_ref().is_some_and(|r| r.status != "open");
    admit_read(
        db,
        actor,
        Reader::Customer(customer_id),
        "breach_case",
        "breach.viewed",
        id,
        row.as_ref().map(|r| r.customer_id),
        decided,
        now,
    )
    .await?;
    mine_view(row.ok_or(ServiceError::NotFound)?)
}

/// The customer's decided cases, newest first.
pub async fn mine(db: &Db, customer_id: i64) -> ServiceResult<Vec<MyBreachCase>> {
    st::decided_of_customer(db.reader(), customer_id)
        .await?
        .into_iter()
        .map(mine_view)
        .collect()
}

/// Whether any breach case exists (the demo data's idempotency check).
pub async fn has_cases(db: &Db) -> ServiceResult<bool> {
    Ok(st::any(db.reader()).await?)
}
