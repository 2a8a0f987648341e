//! Dispute cases (clause 11): opened by staff (or from a complaint the customer disputes),
//! carried from negotiation to mediation and to arbitration or a court, with the body that
//! handles them, the key dates, documents and the result. The customer is told of every step
//! and reads their own disputes (internal notes excluded).
//!
//! Every change is one `BEGIN IMMEDIATE` transaction with its audit entry and notification;
//! [`open_for_complaint`] works inside the caller's transaction instead.

use super::audit::{self, Event};
use super::membership::{admit_read, checked_upload, Reader};
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::disputes::{
    check_body, check_step_date, check_text, dispute_number, DisputeList, DisputeMethod,
    DisputeStatus, DisputeStepView, DisputeSummary, DisputeView, StepKind, DISPUTE_SERIES,
    MAX_FILES, MAX_TEXT_CHARS,
};
use crate::i18n::{Lang, Msg};
use crate::membership::FileInfo;
use crate::notify::NotificationKind;
use crate::store::disputes::{self as st, DisputeRow, NewDispute, NewStep, StepRow};
use crate::store::membership as ms;
use crate::store::{self, Db, StoreError, WriteTx};
use crate::validate::Email;
use chrono::{Datelike, NaiveDate};
use serde_json::json;

/// Most disputes the staff list shows.
const LIST_LIMIT: i64 = 500;

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

fn today(now: i64) -> NaiveDate {
    crate::ledger::shanghai_date(now)
}

fn day(s: &str) -> ServiceResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt(s))
}

/// A message in both languages, for notification parameters (rendered in either language).
fn both(m: Msg) -> String {
    format!("{} / {}", m.text(Lang::Zh), m.text(Lang::En))
}

fn link(id: i64) -> String {
    format!("/portal/disputes/{id}")
}

fn method_of(row: &DisputeRow) -> ServiceResult<DisputeMethod> {
    DisputeMethod::parse(&row.method).ok_or_else(|| corrupt(&row.method))
}

fn status_of(row: &DisputeRow) -> ServiceResult<DisputeStatus> {
    DisputeStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))
}

// ---------------------------------------------------------------- opening

/// What opening a dispute needs, checked.
struct Opening<'a> {
    customer_id: i64,
    complaint_id: Option<i64>,
    method: DisputeMethod,
    body: &'a str,
    opened_on: NaiveDate,
    summary: &'a str,
    year: i32,
}

/// Creates the dispute, its `opened` step, the audit entry and the customer's notification.
async fn open_in(
    tx: &mut WriteTx,
    actor: &Actor,
    o: &Opening<'_>,
    now: i64,
) -> ServiceResult<(i64, String)> {
    let seq = store::billing::next_number(tx, DISPUTE_SERIES, o.year).await?;
    let number = dispute_number(o.year, seq);
    let opened_on = o.opened_on.to_string();
    let id = match st::insert(
        tx,
        &NewDispute {
            number: &number,
            customer_id: o.customer_id,
            complaint_id: o.complaint_id,
            method: o.method.as_str(),
            body: o.body,
            opened_on: &opened_on,
            opened_by: actor.user_id,
            now,
        },
    )
    .await
    {
        Ok(id) => id,
        Err(StoreError::Unique(_)) => {
            return Err(ServiceError::Conflict(Msg::DspErrComplaintTaken))
        }
        Err(e) => return Err(e.into()),
    };
    st::insert_step(
        tx,
        &NewStep {
            dispute_id: id,
            kind: StepKind::Opened.as_str(),
            method: o.method.as_str(),
            body: o.body,
            happened_on: &opened_on,
            note: o.summary,
            recorded_by: actor.user_id,
            now,
        },
    )
    .await?;
    audit::record(
        tx,
        actor,
        now,
        Event::new("dispute.opened", "dispute")
            .object(id)
            .subject(o.customer_id)
            .after(json!({
                "number": number,
                "method": o.method.as_str(),
                "body": o.body,
                "opened_on": opened_on,
                "complaint_id": o.complaint_id,
            }))
            .personal("summary", o.summary),
    )
    .await?;
    notify(
        tx,
        o.customer_id,
        NotificationKind::DisputeOpened,
        &[("number", &number), ("method", &both(o.method.msg()))],
        Some(&link(id)),
        None,
        now,
    )
    .await?;
    Ok((id, number))
}

/// Opens a dispute (by negotiation, today) for a complaint the customer disputes, inside the
/// caller's write transaction: the dispute, its first step, the audit entry and the customer's
/// notification commit or roll back with the caller's change. A complaint has at most one
/// dispute: a second call answers `Conflict` before writing anything. Returns `(id, number)`.
pub async fn open_for_complaint(
    tx: &mut WriteTx,
    complaint_id: i64,
    customer_id: i64,
    actor_id: Option<i64>,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<(i64, String)> {
    if st::for_complaint(&mut **tx, complaint_id).await?.is_some() {
        return Err(ServiceError::Conflict(Msg::DspErrComplaintTaken));
    }
    match st::complaint_customer(tx, complaint_id).await? {
        Some(c) if c == customer_id => {}
        Some(_) => {
            return Err(ServiceError::Other(format!(
                "complaint {complaint_id} is not a complaint of customer {customer_id}"
            )))
        }
        None => return Err(ServiceError::NotFound),
    }
    let actor = Actor {
        user_id: actor_id,
        ip: None,
    };
    let summary = format!("complaint #{complaint_id}");
    open_in(
        tx,
        &actor,
        &Opening {
            customer_id,
            complaint_id: Some(complaint_id),
            method: DisputeMethod::Negotiation,
            body: "",
            opened_on: today,
            summary: &summary,
            year: today.year(),
        },
        now,
    )
    .await
}

/// The dispute form of staff.
#[derive(Debug, Clone, Default)]
pub struct NewDisputeForm {
    pub customer_email: String,
    pub method: String,
    pub body: String,
    pub opened_on: String,
    pub summary: String,
}

/// Staff open a dispute directly (clause 11.1). Returns the id.
pub async fn open(db: &Db, actor: &Actor, form: &NewDisputeForm, now: i64) -> ServiceResult<i64> {
    let email = Email::parse(&form.customer_email).map_err(invalid("customer_email"))?;
    let method = DisputeMethod::parse(form.method.trim())
        .ok_or(Msg::DspErrMethod)
        .map_err(invalid("method"))?;
    let body = check_body(&form.body, method).map_err(invalid("body"))?;
    let opened_on =
        check_step_date(&form.opened_on, None, today(now)).map_err(invalid("opened_on"))?;
    let summary = check_text(&form.summary, MAX_TEXT_CHARS, true).map_err(invalid("summary"))?;
    let (customer_id, _) = st::customer_by_email(db.reader(), &email.normalized())
        .await?
        .ok_or(Msg::BcErrNotCustomer)
        .map_err(invalid("customer_email"))?;
    let mut tx = db.begin_write().await?;
    let (id, _) = open_in(
        &mut tx,
        actor,
        &Opening {
            customer_id,
            complaint_id: None,
            method,
            body: &body,
            opened_on,
            summary: &summary,
            year: today(now).year(),
        },
        now,
    )
    .await?;
    commit(tx).await?;
    Ok(id)
}

// ---------------------------------------------------------------- steps

/// The record-step form: `method` (the new one) and `body` matter for a method change only.
#[derive(Debug, Clone, Default)]
pub struct StepForm {
    pub kind: String,
    pub method: String,
    pub body: String,
    pub happened_on: String,
    pub note: String,
}

/// Records a step of an open dispute (11.3): a method change (forward only, with the new
/// body), a filing, a hearing, a document or an internal note, dated no earlier than the
/// previous step. The customer is told of every step but internal notes. Returns the step id.
pub async fn record_step(
    db: &Db,
    actor: &Actor,
    id: i64,
    form: &StepForm,
    now: i64,
) -> ServiceResult<i64> {
    let mut tx = db.begin_write().await?;
    let row = st::get(&mut *tx, id).await?.ok_or(ServiceError::NotFound)?;
    if status_of(&row)? != DisputeStatus::Open {
        return Err(ServiceError::Conflict(Msg::DspErrClosed));
    }
    let from = method_of(&row)?;
    let kind = StepKind::recordable(&form.kind, from).map_err(invalid("kind"))?;
    let (method, body) = if kind == StepKind::MethodChanged {
        let to = DisputeMethod::parse(form.method.trim())
            .ok_or(Msg::DspErrMethodMissing)
            .and_then(|to| from.move_to(to))
            .map_err(invalid("method"))?;
        (to, check_body(&form.body, to).map_err(invalid("body"))?)
    } else {
        (from, row.body.clone())
    };
    let note =
        check_text(&form.note, MAX_TEXT_CHARS, kind == StepKind::Note).map_err(invalid("note"))?;
    let previous = match st::last_step_date(&mut tx, id).await? {
        Some(s) => Some(day(&s)?),
        None => None,
    };
    let happened_on = check_step_date(&form.happened_on, previous, today(now))
        .map_err(invalid("happened_on"))?
        .to_string();
    let changed = if kind == StepKind::MethodChanged {
        st::set_method(&mut tx, id, from.as_str(), method.as_str(), &body, now).await?
    } else {
        st::touch_open(&mut tx, id, now).await?
    };
    if !changed {
        return Err(ServiceError::Conflict(Msg::DspErrClosed));
    }
    let step_id = st::insert_step(
        &mut tx,
        &NewStep {
            dispute_id: id,
            kind: kind.as_str(),
            method: method.as_str(),
            body: &body,
            happened_on: &happened_on,
            note: &note,
            recorded_by: actor.user_id,
            now,
        },
    )
    .await?;
    let mut event = Event::new("dispute.step_recorded", "dispute")
        .object(id)
        .subject(row.customer_id)
        .after(json!({
            "step": step_id,
            "kind": kind.as_str(),
            "method": method.as_str(),
            "body": body,
            "happened_on": happened_on,
        }));
    if kind == StepKind::MethodChanged {
        event = event.before(json!({"method": from.as_str(), "body": row.body}));
    }
    audit::record(&mut tx, actor, now, event).await?;
    if kind.customer_sees() {
        let what = format!(
            "{}({}){} / {} ({}) {}",
            kind.msg().text(Lang::Zh),
            method.msg().text(Lang::Zh),
            happened_on,
            kind.msg().text(Lang::En),
            method.msg().text(Lang::En),
            happened_on
        );
        notify(
            &mut tx,
            row.customer_id,
            NotificationKind::DisputeStep,
            &[("number", &row.number), ("method", &what)],
            Some(&link(id)),
            None,
            now,
        )
        .await?;
    }
    commit(tx).await?;
    Ok(step_id)
}

/// The closing form.
#[derive(Debug, Clone, Default)]
pub struct CloseForm {
    pub status: String,
    pub result: String,
    pub closed_on: String,
}

/// Closes an open dispute as settled, decided (arbitration or court only) or withdrawn, with
/// its result; the closing is the last step of the timeline.
pub async fn close(
    db: &Db,
    actor: &Actor,
    id: i64,
    form: &CloseForm,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    let row = st::get(&mut *tx, id).await?.ok_or(ServiceError::NotFound)?;
    if status_of(&row)? != DisputeStatus::Open {
        return Err(ServiceError::Conflict(Msg::DspErrClosed));
    }
    let method = method_of(&row)?;
    let status = DisputeStatus::close_as(&form.status, method).map_err(invalid("status"))?;
    let result = check_text(&form.result, MAX_TEXT_CHARS, true).map_err(invalid("result"))?;
    let previous = match st::last_step_date(&mut tx, id).await? {
        Some(s) => Some(day(&s)?),
        None => None,
    };
    let closed_on = check_step_date(&form.closed_on, previous, today(now))
        .map_err(invalid("closed_on"))?
        .to_string();
    let step = status
        .closing_step()
        .ok_or(Msg::DspErrCloseAs)
        .map_err(invalid("status"))?;
    if !st::close(&mut tx, id, status.as_str(), &result, &closed_on, now).await? {
        return Err(ServiceError::Conflict(Msg::DspErrClosed));
    }
    st::insert_step(
        &mut tx,
        &NewStep {
            dispute_id: id,
            kind: step.as_str(),
            method: method.as_str(),
            body: &row.body,
            happened_on: &closed_on,
            note: &result,
            recorded_by: actor.user_id,
            now,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("dispute.closed", "dispute")
            .object(id)
            .subject(row.customer_id)
            .before(json!({"status": row.status}))
            .after(json!({"status": status.as_str(), "closed_on": closed_on}))
            .personal("result", &result),
    )
    .await?;
    let reason = format!(
        "{} / {}: {result}",
        status.msg().text(Lang::Zh),
        status.msg().text(Lang::En)
    );
    notify(
        &mut tx,
        row.customer_id,
        NotificationKind::DisputeClosed,
        &[("number", &row.number), ("reason", &reason)],
        Some(&link(id)),
        None,
        now,
    )
    .await?;
    commit(tx).await
}

/// Attaches a document (PDF/JPEG/PNG by content, ≤ 10 MB, clause 2.2.1's rules) to a step that
/// the customer sees. Documents may follow a closing (the award or judgment arrives later).
pub async fn attach(
    db: &Db,
    actor: &Actor,
    step_id: i64,
    name: &str,
    bytes: &[u8],
    now: i64,
) -> ServiceResult<FileInfo> {
    let (name, mime, sha) = checked_upload(name, bytes)?;
    let mut tx = db.begin_write().await?;
    let (dispute_id, kind) = st::step_of(&mut tx, step_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !StepKind::parse(&kind).is_some_and(StepKind::customer_sees) {
        return Err(ServiceError::invalid("step_id")(Msg::DspErrStepKind));
    }
    let row = st::get(&mut *tx, dispute_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if st::file_count(&mut tx, dispute_id).await? >= MAX_FILES as i64 {
        return Err(ServiceError::invalid("file")(Msg::DspErrTooManyFiles));
    }
    let file_id = ms::insert_file(
        &mut tx,
        &ms::NewFile {
            owner_id: row.customer_id,
            uploaded_by: actor.user_id.unwrap_or(row.customer_id),
            name: &name,
            mime,
            sha256: &sha,
            content: bytes,
            now,
        },
    )
    .await?;
    st::attach_file(&mut tx, dispute_id, step_id, file_id).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("dispute.document_added", "dispute")
            .object(dispute_id)
            .subject(row.customer_id)
            .after(
                json!({"step": step_id, "file": file_id, "mime": mime, "sha256": sha,
                          "size": bytes.len()}),
            )
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

// ---------------------------------------------------------------- reading

fn summary(r: DisputeRow) -> ServiceResult<DisputeSummary> {
    Ok(DisputeSummary {
        method: method_of(&r)?,
        status: status_of(&r)?,
        opened_on: day(&r.opened_on)?,
        closed_on: r.closed_on.as_deref().map(day).transpose()?,
        id: r.id,
        number: r.number,
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        customer_email: r.customer_email,
        body: r.body,
        updated_at: r.updated_at,
    })
}

/// Every dispute for staff, open ones first.
pub async fn list(db: &Db, now: i64) -> ServiceResult<DisputeList> {
    Ok(DisputeList {
        disputes: st::list(db.reader(), LIST_LIMIT)
            .await?
            .into_iter()
            .map(summary)
            .collect::<ServiceResult<_>>()?,
        today: today(now),
    })
}

/// The customer's own disputes.
pub async fn mine(db: &Db, customer_id: i64) -> ServiceResult<Vec<DisputeSummary>> {
    st::of_customer(db.reader(), customer_id)
        .await?
        .into_iter()
        .map(summary)
        .collect()
}

fn step_view(r: StepRow, files: &[(Option<i64>, FileInfo)]) -> ServiceResult<DisputeStepView> {
    Ok(DisputeStepView {
        kind: StepKind::parse(&r.kind).ok_or_else(|| corrupt(&r.kind))?,
        method: DisputeMethod::parse(&r.method).ok_or_else(|| corrupt(&r.method))?,
        happened_on: day(&r.happened_on)?,
        files: files
            .iter()
            .filter(|(s, _)| *s == Some(r.id))
            .map(|(_, f)| f.clone())
            .collect(),
        id: r.id,
        seq: r.seq,
        body: r.body,
        note: r.note,
        recorded_by_name: r.recorded_by_name,
        recorded_at: r.recorded_at,
    })
}

/// One dispute: for its customer (another customer's id answers "not found" and is audited;
/// internal notes and staff names left out) or for staff (the read is audited).
pub async fn view(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    id: i64,
    now: i64,
) -> ServiceResult<DisputeView> {
    let row = st::get(db.reader(), id).await?;
    admit_read(
        db,
        actor,
        reader,
        "dispute",
        "dispute.viewed",
        id,
        row.as_ref().map(|r| r.customer_id),
        true,
        now,
    )
    .await?;
    let row = row.ok_or(ServiceError::NotFound)?;
    let files = st::files(db.reader(), id).await?;
    let customer = matches!(reader, Reader::Customer(_));
    let steps = st::steps(db.reader(), id)
        .await?
        .into_iter()
        .map(|s| step_view(s, &files))
        .filter(|s| !customer || s.as_ref().map_or(true, |s| s.kind.customer_sees()))
        .map(|s| {
            s.map(|mut s| {
                if customer {
                    s.recorded_by_name = None;
                }
                s
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    Ok(DisputeView {
        method: method_of(&row)?,
        status: status_of(&row)?,
        opened_on: day(&row.opened_on)?,
        closed_on: row.closed_on.as_deref().map(day).transpose()?,
        id: row.id,
        number: row.number,
        customer_id: row.customer_id,
        customer_name: row.customer_name,
        customer_email: row.customer_email,
        complaint_id: row.complaint_id,
        body: row.body,
        result: row.result,
        steps,
        today: today(now),
    })
}
