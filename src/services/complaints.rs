//! Complaints (clause 7): filed by customers on the web or recorded by staff for a phone,
//! e-mail or branch contact; acknowledged, investigated, answered with a proposed resolution
//! the customer accepts or rejects; a rejection escalates to the branch supervisor, a second
//! rejection opens a dispute (clause 11). Every step has its deadline (admin data), overdue
//! steps are flagged and notified once ([`watch_deadlines`]); accepted compensation is issued
//! through billing as a credit (8.2). The rules are in [`crate::complaints`].

use super::audit::{self, Event};
use super::membership::{admit_read, Reader};
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::complaints::{
    self as cd, next, Clock, CompensationForm, ComplaintAction, ComplaintEventView, ComplaintLinks,
    ComplaintStatus, ComplaintSummary, ComplaintView, Deadlines, DueStep, Finding, KnownStaff,
    NewComplaint, ProposalView, COMPLAINT_SERIES,
};
use crate::desk::Channel;
use crate::i18n::Msg;
use crate::ledger::shanghai_date;
use crate::notify::NotificationKind;
use crate::store::complaints::{self as cs, ComplaintRow, Move, NewComplaintRow, Owned, QueueView};
use crate::store::desk as ds;
use crate::store::{Db, StoreError, WriteTx};
use crate::time::format_shanghai;
use crate::Fen;
use chrono::Datelike;

/// How far back staff may date a complaint received by phone, e-mail or at a branch.
pub const RECEIVED_WINDOW_MS: i64 = 30 * 86_400_000;

fn corrupt(s: &str) -> ServiceError {
    ServiceError::Internal(StoreError::Corrupt(s.to_string()))
}

fn invalid(field: &'static str, msg: Msg) -> ServiceError {
    ServiceError::Invalid { field, msg }
}

fn text(s: &str, field: &'static str, max: usize) -> ServiceResult<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(invalid(field, Msg::ErrTextRequired));
    }
    if t.chars().count() > max {
        return Err(invalid(field, Msg::ErrTextTooLong));
    }
    Ok(t.to_string())
}

fn optional_text(s: &str, field: &'static str, max: usize) -> ServiceResult<String> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(invalid(field, Msg::ErrTextTooLong));
    }
    Ok(t.to_string())
}

fn status_of(row: &ComplaintRow) -> ServiceResult<ComplaintStatus> {
    ComplaintStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))
}

async fn deadlines(tx: &mut WriteTx) -> ServiceResult<Deadlines> {
    let (a, p, s) = cs::deadlines(tx).await?;
    Ok(Deadlines {
        acknowledge_mins: a,
        propose_mins: p,
        second_proposal_mins: s,
    })
}

fn summary(row: &ComplaintRow, now: i64) -> ServiceResult<ComplaintSummary> {
    Ok(ComplaintSummary {
        id: row.id,
        number: row.number.clone(),
        subject: row.subject.clone(),
        status: status_of(row)?,
        round: row.round,
        channel: Channel::parse(&row.channel).ok_or_else(|| corrupt(&row.channel))?,
        customer_name: row.customer_name.clone(),
        level_rank: row.level_rank,
        received_at: row.received_at,
        due_step: row.due_step.as_deref().and_then(DueStep::parse),
        next_due: row.next_due,
        overdue: cd::is_overdue(row.next_due, now),
        handler_name: row.handler_name.clone(),
        branch_name: row.branch_name.clone(),
    })
}

/// Files a complaint (7.1): by the customer on the web (`received` = now), or recorded by staff
/// for a phone, e-mail or branch contact on the customer's behalf (received up to 30 days ago).
/// It goes to the branch of the customer's dedicated agent (headquarters otherwise), carries
/// the customer's VIP level for the queue order (3.2.2) and the deadlines in force.
pub async fn file(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    c: &NewComplaint,
    received: i64,
    now: i64,
) -> ServiceResult<(i64, String)> {
    if received > now || now - received > RECEIVED_WINDOW_MS {
        return Err(invalid("received_at", Msg::ErrReqReceivedAt));
    }
    let subject = text(&c.subject, "subject", cd::SUBJECT_MAX)?;
    let body = text(&c.body, "body", cd::BODY_MAX)?;
    let (_, level_rank) = super::desk::terms_for(db, customer_id).await?;
    let mut tx = db.begin_write().await?;
    let links = check_links(&mut tx, customer_id, c.channel, &c.links).await?;
    let branch = match ds::dedicated_agent(&mut tx, customer_id).await? {
        Some((_, _, Some(b))) => Some(b),
        _ => ds::headquarters(&mut tx).await?,
    };
    let d = deadlines(&mut tx).await?;
    let year = shanghai_date(received).year();
    let seq = crate::store::billing::next_number(&mut tx, COMPLAINT_SERIES, year).await?;
    let number = crate::billing::document_number(COMPLAINT_SERIES, year, seq);
    let recorded_by = (c.channel != Channel::Web)
        .then_some(actor.user_id)
        .flatten();
    let id = cs::insert(
        &mut tx,
        &NewComplaintRow {
            number: &number,
            customer_id,
            channel: c.channel.as_str(),
            subject: &subject,
            body: &body,
            request_id: links.request_id,
            invoice_id: links.invoice_id,
            agent_id: links.agent_id,
            breach_id: links.breach_id,
            level_rank,
            branch_id: branch,
            received_at: received,
            acknowledge_due: d.acknowledge_due(received),
            proposal_due: d.proposal_due(received),
            recorded_by,
        },
        now,
    )
    .await?;
    cs::insert_event(
        &mut tx,
        id,
        actor.user_id,
        "received",
        None,
        Some(ComplaintStatus::Received.as_str()),
        "",
        false,
        received,
    )
    .await?;
    let link = format!("/admin/complaints/{id}");
    for user in staff_to_tell(&mut tx, branch, None).await? {
        notify(
            &mut tx,
            user,
            NotificationKind::ComplaintReceived,
            &[("number", &number), ("subject", &subject)],
            Some(&link),
            Some(&format!("cmp{id}:received:u{user}")),
            now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("complaint.filed", "complaint")
            .object(id)
            .subject(customer_id)
            .after(serde_json::json!({
                "number": number, "channel": c.channel.as_str(), "branch": branch,
                "level_rank": level_rank, "received_at": received,
                "request": links.request_id, "invoice": links.invoice_id,
                "agent": links.agent_id, "breach": links.breach_id,
                "acknowledge_due": d.acknowledge_due(received),
                "proposal_due": d.proposal_due(received),
            })),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok((id, number))
}

/// What staff add when they record a complaint: what it is about — a request (`#12` or `12`)
/// or an invoice (`INV-2026-000001`) — and the e-mail of the staff member complained about.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recorded<'a> {
    pub reference: &'a str,
    pub agent_email: &'a str,
}

/// Staff record a complaint received by phone, e-mail or at a branch (7.1) for the customer
/// with `customer_email`.
pub async fn record(
    db: &Db,
    actor: &Actor,
    customer_email: &str,
    extra: Recorded<'_>,
    mut c: NewComplaint,
    received: i64,
    now: i64,
) -> ServiceResult<(i64, String)> {
    let find = |e: &str| e.trim().to_lowercase();
    let customer = crate::store::users::find_by_email(db.reader(), &find(customer_email))
        .await?
        .filter(|u| u.kind == "customer")
        .ok_or(invalid("customer_email", Msg::ErrLedgerUnknownCustomer))?;
    let reference = extra.reference.trim();
    if let Some(number) = reference
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("INV-"))
        .map(|_| reference.to_ascii_uppercase())
    {
        let id = cs::invoice_by_number(db.reader(), &number)
            .await?
            .ok_or(invalid("reference", Msg::ErrCmpLink))?;
        c.links.invoice_id = Some(id);
    } else if !reference.is_empty() {
        let id = reference
            .trim_start_matches('#')
            .parse::<i64>()
            .map_err(|_| invalid("reference", Msg::ErrCmpLink))?;
        c.links.request_id = Some(id);
    }
    if !extra.agent_email.trim().is_empty() {
        let agent = crate::store::users::find_by_email(db.reader(), &find(extra.agent_email))
            .await?
            .filter(|u| u.kind == "staff")
            .ok_or(invalid("agent_email", Msg::ErrCmpLink))?;
        c.links.agent_id = Some(agent.id);
    }
    file(db, actor, customer.id, &c, received, now)
        .await
        .map_err(|e| match e {
            // The reference is what staff typed; point the error there.
            ServiceError::Invalid {
                field: "request_id" | "invoice_id",
                msg,
            } => invalid("reference", msg),
            e => e,
        })
}

/// The links must be the customer's own request, invoice or breach case, and a staff member —
/// on the web, one the customer knows: their dedicated agent or an assignee of their requests.
async fn check_links(
    tx: &mut WriteTx,
    customer_id: i64,
    channel: Channel,
    l: &ComplaintLinks,
) -> ServiceResult<ComplaintLinks> {
    for (id, table, field) in [
        (l.request_id, Owned::Request, "request_id"),
        (l.invoice_id, Owned::Invoice, "invoice_id"),
        (l.breach_id, Owned::Breach, "breach_id"),
    ] {
        if let Some(id) = id {
            if !cs::owns(tx, table, id, customer_id).await? {
                return Err(invalid(field, Msg::ErrCmpLink));
            }
        }
    }
    if let Some(agent) = l.agent_id {
        let allowed = if channel == Channel::Web {
            cs::staff_known_to(&mut **tx, customer_id)
                .await?
                .iter()
                .any(|(id, _, _)| *id == agent)
        } else {
            cs::is_staff(tx, agent).await?
        };
        if !allowed {
            return Err(invalid("agent_id", Msg::ErrCmpLink));
        }
    }
    Ok(l.clone())
}

/// The staff the customer may complain about: their dedicated agent, then everyone assigned
/// one of their requests.
pub async fn known_staff(db: &Db, customer_id: i64) -> ServiceResult<Vec<KnownStaff>> {
    Ok(cs::staff_known_to(db.reader(), customer_id)
        .await?
        .into_iter()
        .map(|(id, name, dedicated)| KnownStaff {
            id,
            name,
            dedicated,
        })
        .collect())
}

/// Who hears about a complaint nobody handles yet: the handler if any, else the branch
/// supervisor, else the quality staff and admins.
async fn staff_to_tell(
    tx: &mut WriteTx,
    branch: Option<i64>,
    handler: Option<i64>,
) -> ServiceResult<Vec<i64>> {
    if let Some(h) = handler {
        return Ok(vec![h]);
    }
    if let Some(b) = branch {
        if let Some(s) = ds::supervisor(tx, b).await? {
            return Ok(vec![s]);
        }
    }
    Ok(cs::complaint_staff(tx).await?)
}

/// What staff do on a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffStep {
    /// Confirm receipt; the one who acknowledges handles the complaint.
    Acknowledge { note: String },
    /// Start or resume the investigation.
    Investigate { note: String },
    /// An internal note the customer never sees.
    Note { text: String },
    /// Propose a resolution (7.3).
    Propose {
        finding: Finding,
        remedy: String,
        compensation: Fen,
        form: CompensationForm,
    },
}

/// Applies a staff step, refusing every illegal one with a clear reason and changing nothing.
pub async fn staff_act(
    db: &Db,
    actor: &Actor,
    id: i64,
    step: StaffStep,
    now: i64,
) -> ServiceResult<()> {
    let staff_id = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    // Validate the input before anything is read or written.
    let step = match step {
        StaffStep::Acknowledge { note } => StaffStep::Acknowledge {
            note: optional_text(&note, "note", cd::NOTE_MAX)?,
        },
        StaffStep::Investigate { note } => StaffStep::Investigate {
            note: optional_text(&note, "note", cd::NOTE_MAX)?,
        },
        StaffStep::Note { text: t } => StaffStep::Note {
            text: text(&t, "note", cd::NOTE_MAX)?,
        },
        StaffStep::Propose {
            finding,
            remedy,
            compensation,
            form,
        } => {
            let remedy = text(&remedy, "remedy", cd::NOTE_MAX)?;
            let none = form == CompensationForm::None;
            if compensation < Fen::ZERO
                || compensation > cd::COMPENSATION_MAX
                || none != (compensation == Fen::ZERO)
            {
                return Err(invalid("compensation_yuan", Msg::ErrCmpCompensation));
            }
            StaffStep::Propose {
                finding,
                remedy,
                compensation,
                form,
            }
        }
    };
    let mut tx = db.begin_write().await?;
    let row = cs::get(&mut *tx, id).await?.ok_or(ServiceError::NotFound)?;
    let from = status_of(&row)?;
    if let StaffStep::Note { text } = &step {
        if from.is_finished() {
            return Err(ServiceError::Conflict(Msg::ErrCmpFinished));
        }
        cs::insert_event(
            &mut tx,
            id,
            Some(staff_id),
            "note",
            None,
            None,
            text,
            true,
            now,
        )
        .await?;
        audit::record(
            &mut tx,
            actor,
            now,
            Event::new("complaint.noted", "complaint")
                .object(id)
                .subject(row.customer_id),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(());
    }
    let action = match &step {
        StaffStep::Acknowledge { .. } => ComplaintAction::Acknowledge,
        StaffStep::Investigate { .. } => ComplaintAction::Investigate,
        StaffStep::Propose { .. } => ComplaintAction::Propose,
        StaffStep::Note { .. } => unreachable!("handled above"),
    };
    let (to, round) = next(from, row.round, action).map_err(ServiceError::Conflict)?;
    // After an escalation (round 2) the complaint belongs to the supervisor it went to: only
    // they, or an admin, take the second round's steps (7.3).
    if round == 2 && row.handler_id.is_some_and(|h| h != staff_id) {
        let roles = crate::store::users::roles_tx(&mut tx, staff_id).await?;
        if !roles.contains(&crate::auth::Role::Admin) {
            return Err(ServiceError::Forbidden(Msg::ErrCmpSupervisorOnly));
        }
    }
    // The one who acknowledges handles the complaint; after an escalation the supervisor does.
    let handler = row.handler_id.or(Some(staff_id));
    let clock = Clock {
        acknowledge_due: row.acknowledge_due,
        proposal_due: row.proposal_due,
        second_proposal_due: second_due(&mut tx, &row).await?,
    };
    let due = cd::due_step(to, round, &clock);
    if !cs::move_to(
        &mut tx,
        id,
        &Move {
            from: from.as_str(),
            to: to.as_str(),
            round,
            handler_id: handler,
            due_step: due.map(|d| d.0.as_str()),
            next_due: due.map(|d| d.1),
        },
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrCmpChanged));
    }
    let (kind, note) = match &step {
        StaffStep::Acknowledge { note } => ("acknowledged", note.clone()),
        StaffStep::Investigate { note } => ("investigating", note.clone()),
        StaffStep::Propose { remedy, .. } => ("proposed", remedy.clone()),
        StaffStep::Note { .. } => unreachable!("handled above"),
    };
    cs::insert_event(
        &mut tx,
        id,
        Some(staff_id),
        kind,
        Some(from.as_str()),
        Some(to.as_str()),
        &note,
        false,
        now,
    )
    .await?;
    let link = format!("/portal/complaints/{id}");
    let mut after = serde_json::json!({"status": to.as_str(), "round": round, "handler": handler});
    match &step {
        StaffStep::Acknowledge { .. } => {
            let by = if round < 2 {
                row.proposal_due
            } else {
                clock.second_proposal_due.unwrap_or(row.proposal_due)
            };
            notify(
                &mut tx,
                row.customer_id,
                NotificationKind::ComplaintAcknowledged,
                &[("number", &row.number), ("due", &format_shanghai(by))],
                Some(&link),
                Some(&format!("cmp{id}:acknowledged")),
                now,
            )
            .await?;
        }
        StaffStep::Propose {
            finding,
            remedy,
            compensation,
            form,
        } => {
            cs::insert_proposal(
                &mut tx,
                id,
                round,
                finding.as_str(),
                remedy,
                compensation.0,
                form.as_str(),
                staff_id,
                now,
            )
            .await?;
            after["finding"] = finding.as_str().into();
            after["compensation"] = compensation.0.into();
            after["form"] = form.as_str().into();
            notify(
                &mut tx,
                row.customer_id,
                NotificationKind::ComplaintProposed,
                &[("number", &row.number)],
                Some(&link),
                Some(&format!("cmp{id}:proposed:{round}")),
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
        Event::new(&format!("complaint.{kind}"), "complaint")
            .object(id)
            .subject(row.customer_id)
            .before(serde_json::json!({"status": from.as_str(), "round": row.round}))
            .after(after),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The second proposal's deadline, once escalated.
async fn second_due(tx: &mut WriteTx, row: &ComplaintRow) -> ServiceResult<Option<i64>> {
    Ok(match row.escalated_at {
        Some(at) => Some(deadlines(tx).await?.second_proposal_due(at)),
        None => None,
    })
}

/// The customer's answer to the proposal (7.3): accepting closes the complaint and issues any
/// compensation as a credit (8.2); rejecting the first proposal escalates it to the branch
/// supervisor, rejecting the second opens a dispute case (clause 11). Another customer's
/// complaint is "not found" and the attempt audited.
pub async fn answer(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    id: i64,
    accept: bool,
    comment: &str,
    now: i64,
) -> ServiceResult<()> {
    let comment = optional_text(comment, "comment", cd::NOTE_MAX)?;
    if !accept && comment.is_empty() {
        return Err(invalid("comment", Msg::ErrCmpRejectReason));
    }
    let mut tx = db.begin_write().await?;
    let row = match cs::get(&mut *tx, id).await? {
        Some(r) if r.customer_id == customer_id => r,
        _ => {
            drop(tx);
            return Err(super::membership::deny(db, actor, "complaint", id, now).await);
        }
    };
    let from = status_of(&row)?;
    let action = if accept {
        ComplaintAction::Accept
    } else {
        ComplaintAction::Reject
    };
    let (to, round) = next(from, row.round, action).map_err(ServiceError::Conflict)?;
    let proposal = cs::proposal(&mut tx, id, row.round)
        .await?
        .ok_or_else(|| corrupt("proposed complaint without a proposal"))?;
    let today = shanghai_date(now);
    // Compensation is paid when the customer accepts it.
    let credit = match (
        accept,
        CompensationForm::parse(&proposal.compensation_form)
            .ok_or_else(|| corrupt(&proposal.compensation_form))?,
    ) {
        (true, form) if form != CompensationForm::None && proposal.compensation > 0 => {
            let reason = format!(
                "第 8.2 条 投诉 {n} 的补偿 / Clause 8.2 compensation for complaint {n}",
                n = row.number
            );
            let (credit_id, number) = super::credits::issue_compensation_in(
                &mut tx,
                actor,
                row.customer_id,
                Fen(proposal.compensation),
                &reason,
                today,
                now,
            )
            .await?;
            Some((credit_id, number, form))
        }
        _ => None,
    };
    if !cs::answer_proposal(
        &mut tx,
        proposal.id,
        if accept { "accepted" } else { "rejected" },
        &comment,
        credit.as_ref().map(|c| c.0),
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrCmpChanged));
    }
    // After a first rejection the branch supervisor handles the complaint.
    let handler = if to == ComplaintStatus::Escalated {
        match row.branch_id {
            Some(b) => ds::supervisor(&mut tx, b).await?.or(row.handler_id),
            None => row.handler_id,
        }
    } else {
        row.handler_id
    };
    let second_due = if to == ComplaintStatus::Escalated {
        Some(deadlines(&mut tx).await?.second_proposal_due(now))
    } else {
        None
    };
    let due = cd::due_step(
        to,
        round,
        &Clock {
            acknowledge_due: row.acknowledge_due,
            proposal_due: row.proposal_due,
            second_proposal_due: second_due,
        },
    );
    if !cs::move_to(
        &mut tx,
        id,
        &Move {
            from: from.as_str(),
            to: to.as_str(),
            round,
            handler_id: handler,
            due_step: due.map(|d| d.0.as_str()),
            next_due: due.map(|d| d.1),
        },
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrCmpChanged));
    }
    cs::insert_event(
        &mut tx,
        id,
        Some(customer_id),
        if accept { "accepted" } else { "rejected" },
        Some(from.as_str()),
        Some(to.as_str()),
        &comment,
        false,
        now,
    )
    .await?;
    let staff_link = format!("/admin/complaints/{id}");
    let answer_text = if accept {
        "接受 / accepted"
    } else {
        "拒绝 / rejected"
    };
    for user in staff_to_tell(&mut tx, row.branch_id, row.handler_id).await? {
        notify(
            &mut tx,
            user,
            NotificationKind::ComplaintAnswered,
            &[("number", &row.number), ("answer", answer_text)],
            Some(&staff_link),
            Some(&format!("cmp{id}:answered:{}:u{user}", row.round)),
            now,
        )
        .await?;
    }
    let mut dispute = None;
    match to {
        ComplaintStatus::Escalated => {
            if let (Some(sup), Some(due)) = (handler, second_due) {
                notify(
                    &mut tx,
                    sup,
                    NotificationKind::ComplaintEscalated,
                    &[("number", &row.number), ("due", &format_shanghai(due))],
                    Some(&staff_link),
                    Some(&format!("cmp{id}:escalated:u{sup}")),
                    now,
                )
                .await?;
            }
        }
        ComplaintStatus::Disputed => {
            dispute = Some(
                super::disputes::open_for_complaint(
                    &mut tx,
                    id,
                    row.customer_id,
                    actor.user_id,
                    today,
                    now,
                )
                .await?,
            );
        }
        ComplaintStatus::Closed => {
            notify(
                &mut tx,
                row.customer_id,
                NotificationKind::ComplaintClosed,
                &[("number", &row.number)],
                Some(&format!("/portal/complaints/{id}")),
                Some(&format!("cmp{id}:closed")),
                now,
            )
            .await?;
            // Closed: the customer is asked to rate how it was handled (5.3.1).
            let item = crate::feedback::complaint_label(&row.number, &row.subject);
            notify(
                &mut tx,
                row.customer_id,
                NotificationKind::FeedbackRequested,
                &[("item", &item)],
                Some(&format!("/portal/complaints/{id}")),
                Some(&format!("cmp{id}:rate")),
                now,
            )
            .await?;
        }
        _ => {}
    }
    if let Some((credit_id, number, form)) = &credit {
        notify(
            &mut tx,
            row.customer_id,
            NotificationKind::CreditIssued,
            &[
                ("number", number),
                ("amount", &Fen(proposal.compensation).display_cny()),
            ],
            Some("/portal/invoices"),
            Some(&format!("credit{credit_id}:issued")),
            now,
        )
        .await?;
        if *form == CompensationForm::Refund {
            for user in cs::finance_staff(&mut tx).await? {
                notify(
                    &mut tx,
                    user,
                    NotificationKind::CompensationRefundDue,
                    &[
                        ("number", number),
                        ("amount", &Fen(proposal.compensation).display_cny()),
                    ],
                    Some("/admin/billing/credits"),
                    Some(&format!("credit{credit_id}:refund_due:u{user}")),
                    now,
                )
                .await?;
            }
        }
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(
            if accept {
                "complaint.accepted"
            } else {
                "complaint.rejected"
            },
            "complaint",
        )
        .object(id)
        .subject(row.customer_id)
        .before(serde_json::json!({"status": from.as_str(), "round": row.round}))
        .after(serde_json::json!({
            "status": to.as_str(), "round": round, "handler": handler,
            "credit": credit.as_ref().map(|c| c.1.clone()),
            "dispute": dispute.as_ref().map(|d| d.1.clone()),
        }))
        .personal("comment", comment),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Whether any complaint exists.
pub async fn any(db: &Db) -> ServiceResult<bool> {
    Ok(cs::any(db.reader()).await?)
}

/// A customer's complaints, newest first.
pub async fn mine(db: &Db, customer_id: i64, now: i64) -> ServiceResult<Vec<ComplaintSummary>> {
    cs::of_customer(db.reader(), customer_id)
        .await?
        .iter()
        .map(|r| summary(r, now))
        .collect()
}

/// The staff queue: open complaints VIP first then by deadline (3.2.2), or overdue, waiting
/// for the customer, finished.
pub async fn queue(db: &Db, view: QueueView, now: i64) -> ServiceResult<Vec<ComplaintSummary>> {
    let view = match view {
        QueueView::Overdue(_) => QueueView::Overdue(now),
        v => v,
    };
    cs::queue(db.reader(), view, 200)
        .await?
        .iter()
        .map(|r| summary(r, now))
        .collect()
}

/// How many complaints each queue view holds: (open, overdue, waiting, finished).
pub async fn counts(db: &Db, now: i64) -> ServiceResult<(i64, i64, i64, i64)> {
    Ok(cs::counts(db.reader(), now).await?)
}

/// A complaint for its customer (internal notes left out) or for staff (the read audited).
pub async fn view(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    id: i64,
    now: i64,
) -> ServiceResult<ComplaintView> {
    let row = cs::get(db.reader(), id).await?;
    admit_read(
        db,
        actor,
        reader,
        "complaint",
        "complaint.viewed",
        id,
        row.as_ref().map(|r| r.customer_id),
        true,
        now,
    )
    .await?;
    let row = row.ok_or(ServiceError::NotFound)?;
    let staff = matches!(reader, Reader::Staff);
    let proposals = cs::proposals(db.reader(), id)
        .await?
        .into_iter()
        .map(|p| {
            Ok(ProposalView {
                round: p.round,
                finding: Finding::parse(&p.finding).ok_or_else(|| corrupt(&p.finding))?,
                remedy: p.remedy,
                compensation: Fen(p.compensation),
                form: CompensationForm::parse(&p.compensation_form)
                    .ok_or_else(|| corrupt(&p.compensation_form))?,
                proposed_at: p.proposed_at,
                proposed_by: p.proposed_by,
                accepted: p.answer.as_deref().map(|a| a == "accepted"),
                answer_comment: p.answer_comment,
                answered_at: p.answered_at,
                credit_number: p.credit_number,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    let events = cs::events(db.reader(), id, staff)
        .await?
        .into_iter()
        .map(|e| ComplaintEventView {
            kind: e.kind,
            actor_name: e.actor_name,
            from_status: e.from_status.as_deref().and_then(ComplaintStatus::parse),
            to_status: e.to_status.as_deref().and_then(ComplaintStatus::parse),
            note: e.note,
            internal: e.internal,
            at: e.at,
        })
        .collect();
    Ok(ComplaintView {
        summary: summary(&row, now)?,
        body: row.body.clone(),
        customer_id: row.customer_id,
        customer_email: row.customer_email.clone(),
        links: ComplaintLinks {
            request_id: row.request_id,
            invoice_id: row.invoice_id,
            agent_id: row.agent_id,
            breach_id: row.breach_id,
        },
        request_subject: row.request_subject.clone(),
        invoice_number: row.invoice_number.clone(),
        agent_name: row.agent_name.clone(),
        acknowledge_due: row.acknowledge_due,
        proposal_due: row.proposal_due,
        acknowledged_at: row.acknowledged_at,
        escalated_at: row.escalated_at,
        closed_at: row.closed_at,
        proposals,
        events,
        dispute: cs::dispute_of(db.reader(), id).await?,
        recorded_by: row.recorded_by_name.clone(),
    })
}

/// What one run of the deadline watch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeadlineReport {
    pub flagged: u64,
}

/// Flags every step past its deadline once (7.2) and tells the handler (or the supervisor, or
/// the quality staff and admins while no one handles it). Idempotent: a flag is recorded per
/// complaint and step, inside the transaction that notifies.
pub async fn watch_deadlines(db: &Db, now: i64) -> ServiceResult<DeadlineReport> {
    let mut report = DeadlineReport::default();
    loop {
        let rows = cs::newly_overdue(db.reader(), now, 200).await?;
        if rows.is_empty() {
            break;
        }
        for (id, step, due) in &rows {
            let mut tx = db.begin_write().await?;
            if !cs::flag_overdue(&mut tx, *id, step, now).await? {
                continue;
            }
            let Some(row) = cs::get(&mut *tx, *id).await? else {
                continue;
            };
            let step_label = DueStep::parse(step)
                .map(|s| s.msg())
                .unwrap_or(Msg::CmpStepPropose);
            let step_text = format!(
                "{} / {}",
                step_label.text(crate::Lang::Zh),
                step_label.text(crate::Lang::En)
            );
            let due_text = format_shanghai(*due);
            for user in staff_to_tell(&mut tx, row.branch_id, row.handler_id).await? {
                notify(
                    &mut tx,
                    user,
                    NotificationKind::ComplaintOverdue,
                    &[
                        ("number", &row.number),
                        ("step", &step_text),
                        ("due", &due_text),
                    ],
                    Some(&format!("/admin/complaints/{id}")),
                    Some(&format!("cmp{id}:overdue:{step}:u{user}")),
                    now,
                )
                .await?;
            }
            cs::insert_event(&mut tx, *id, None, "overdue", None, None, step, true, now).await?;
            audit::record(
                &mut tx,
                &Actor::default(),
                now,
                Event::new("complaint.overdue", "complaint")
                    .object(*id)
                    .subject(row.customer_id)
                    .after(serde_json::json!({"step": step, "due": due})),
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
            report.flagged += 1;
        }
        if rows.len() < 200 {
            break;
        }
    }
    Ok(report)
}
