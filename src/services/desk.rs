//! The service desk (clause 3): requests opened by customers (or logged by staff for a phone,
//! e-mail or branch contact), routed to the customer's dedicated agent — or to the branch queue
//! when that agent is away, telling the supervisor — with the SLA terms in force for the
//! customer snapshotted at opening; replies, internal notes, status changes with the clock
//! paused while waiting on the customer; the queue in VIP-first order with keyset pages.

use super::audit::{self, Event};
use super::membership::{deny, membership_level, Reader};
use super::notifications::notify;
use super::sla_watch::Target;
use super::{Actor, ServiceError, ServiceResult};
use crate::desk::{
    may_reopen, next_status, Channel, MessageView, RequestEvent, RequestFile, RequestKind,
    RequestStatus, RequestSummary, RequestView, SlaTerms,
};
use crate::i18n::Msg;
use crate::membership::FileInfo;
use crate::notify::NotificationKind;
use crate::queue::Urgency;
use crate::sla::{BusinessHours, Calendar, Pause};
use crate::store::desk::{self as ds, NewRequestRow, QueueCursor, QueueFilter, RequestRow};
use crate::store::membership as ms;
use crate::store::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

/// The terms used when a VIP level has no policy of its own: 1 h / 24 h around the clock.
const VIP_DEFAULT: (i64, i64) = (60, 24 * 60);
/// The terms used when no non-VIP policy exists: 8 h / 72 h on the business calendar.
const NON_VIP_DEFAULT: (i64, i64) = (8 * 60, 72 * 60);

fn corrupt(s: &str) -> ServiceError {
    ServiceError::Internal(StoreError::Corrupt(s.to_string()))
}

fn ms_to_utc(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

/// A calendar as stored, with its holidays and adjusted working days.
pub async fn load_calendar(db: &Db, id: i64) -> ServiceResult<Calendar> {
    let row = ds::calendar(db.reader(), id)
        .await?
        .ok_or_else(|| corrupt("sla calendar"))?;
    if row.always_open {
        return Ok(Calendar {
            utc_offset_secs: row.utc_offset_secs as i32,
            hours: None,
        });
    }
    let mut weekdays = [false; 7];
    for (i, c) in row.weekdays.chars().take(7).enumerate() {
        weekdays[i] = c == '1';
    }
    let mut hours = BusinessHours {
        open_min: row.open_min as u32,
        close_min: row.close_min as u32,
        weekdays,
        holidays: Default::default(),
        extra_workdays: Default::default(),
    };
    for (day, kind) in ds::calendar_days(db.reader(), id).await? {
        let d = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| corrupt(&day))?;
        if kind == "holiday" {
            hours.holidays.insert(d);
        } else {
            hours.extra_workdays.insert(d);
        }
    }
    Ok(Calendar {
        utc_offset_secs: row.utc_offset_secs as i32,
        hours: Some(hours),
    })
}

/// The SLA terms in force for a customer now: their live membership's level as granted (the
/// agreement they signed) or the non-VIP terms; with the level's rank (0: not a VIP).
pub async fn terms_for(db: &Db, customer_id: i64) -> ServiceResult<(SlaTerms, i64)> {
    let level = match ms::current_membership(db.reader(), customer_id).await? {
        Some(m)
            if matches!(
                m.status.as_str(),
                "active" | "renewal_offered" | "notice" | "grace"
            ) =>
        {
            Some(membership_level(db, &m).await?)
        }
        _ => None,
    };
    let policy = ds::policy(db.reader(), level.as_ref().map(|l| l.id)).await?;
    let (first, resolution, calendar) = match (policy, &level) {
        (Some(p), _) => (p.0, p.1, load_calendar(db, p.2).await?),
        (None, Some(_)) => (VIP_DEFAULT.0, VIP_DEFAULT.1, Calendar::always_open()),
        (None, None) => {
            let cal = match ds::policy(db.reader(), None).await? {
                Some(p) => load_calendar(db, p.2).await?,
                None => Calendar::shanghai_business([], []),
            };
            (NON_VIP_DEFAULT.0, NON_VIP_DEFAULT.1, cal)
        }
    };
    Ok((
        SlaTerms {
            first_response_mins: first,
            resolution_mins: resolution,
            calendar,
        },
        level.map(|l| l.rank).unwrap_or(0),
    ))
}

/// A request as typed.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub kind: RequestKind,
    pub channel: Channel,
    pub urgency: Urgency,
    pub subject: String,
    pub body: String,
}

fn check_text(subject: &str, body: &str) -> ServiceResult<(String, String)> {
    let subject = subject.trim();
    if subject.is_empty() || subject.chars().count() > 200 {
        return Err(ServiceError::Invalid {
            field: "subject",
            msg: Msg::ErrReqSubject,
        });
    }
    Ok((subject.to_string(), check_body(body)?))
}

fn check_body(body: &str) -> ServiceResult<String> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 10_000 {
        return Err(ServiceError::Invalid {
            field: "body",
            msg: Msg::ErrReqBody,
        });
    }
    Ok(body.to_string())
}

/// How far back staff may date a contact they log (a call or e-mail received earlier).
pub const RECEIVED_WINDOW_MS: i64 = 30 * 86_400_000;

/// Opens a request for `customer_id` (by the customer on the web, or by staff logging a
/// contact). Returns its id.
pub async fn open(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    r: &NewRequest,
    now: i64,
) -> ServiceResult<i64> {
    open_received(db, actor, customer_id, r, now, now).await
}

/// Opens a request whose contact came in at `received` — a phone call or e-mail logged after
/// the fact: the SLA clock starts when the customer asked, not when staff typed it in
/// (clause 3.2.1). `received` must lie within the last 30 days and not in the future.
pub async fn open_received(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    r: &NewRequest,
    received: i64,
    now: i64,
) -> ServiceResult<i64> {
    if received > now || now - received > RECEIVED_WINDOW_MS {
        return Err(ServiceError::Invalid {
            field: "received_at",
            msg: Msg::ErrReqReceivedAt,
        });
    }
    let (subject, body) = check_text(&r.subject, &r.body)?;
    let (terms, level_rank) = terms_for(db, customer_id).await?;
    let opened = ms_to_utc(received);
    let first_due = terms
        .first_response_due(opened, &[])
        .map(|t| t.timestamp_millis());
    let resolution_due = terms
        .resolution_due(opened, &[])
        .map(|t| t.timestamp_millis());
    let sla_json = serde_json::to_string(&terms).map_err(|e| corrupt(&e.to_string()))?;
    // A custom service plan (3.2.3) is handled with billing's custom plans: the request opens a
    // plan request finance proposes on; the two link to each other.
    let plan_text = (r.kind == RequestKind::CustomPlan)
        .then(|| {
            let text: String = format!("{subject}\n\n{body}").chars().take(4_000).collect();
            crate::plans::parse_request(&text)
                .map_err(|msg| ServiceError::Invalid { field: "body", msg })
        })
        .transpose()?;
    let mut tx = db.begin_write().await?;
    let plan_id = match &plan_text {
        Some(text) => {
            Some(crate::store::plans::insert(&mut tx, customer_id, text, received).await?)
        }
        None => None,
    };
    // Routing (3.1.1, 3.4.2): the dedicated agent unless away; then the agent's branch queue.
    let (assignee, branch, away) = match ds::dedicated_agent(&mut tx, customer_id).await? {
        Some((agent, false, branch)) => (Some(agent), branch, false),
        Some((_, true, branch)) => (None, branch, true),
        None => (None, ds::headquarters(&mut tx).await?, false),
    };
    let id = ds::insert_request(
        &mut tx,
        &NewRequestRow {
            customer_id,
            kind: r.kind.as_str(),
            channel: r.channel.as_str(),
            urgency: r.urgency.rank(),
            subject: &subject,
            level_rank,
            sla_json: &sla_json,
            assignee_id: assignee,
            branch_id: branch,
            first_response_due: first_due,
            resolution_due,
            plan_id,
            created_by: actor.user_id,
        },
        received,
    )
    .await?;
    ds::insert_message(&mut tx, id, Some(customer_id), &body, false, received).await?;
    ds::insert_event(
        &mut tx,
        id,
        actor.user_id,
        "opened",
        None,
        Some("new"),
        assignee,
        "",
        received,
    )
    .await?;
    let id_s = id.to_string();
    let link = format!("/admin/queue/{id}");
    if let Some(agent) = assignee {
        notify(
            &mut tx,
            agent,
            NotificationKind::RequestNew,
            &[("id", &id_s), ("subject", &subject)],
            Some(&link),
            Some(&format!("req{id}:new")),
            now,
        )
        .await?;
    }
    if away {
        if let Some(sup) = match branch {
            Some(b) => ds::supervisor(&mut tx, b).await?,
            None => None,
        } {
            notify(
                &mut tx,
                sup,
                NotificationKind::RequestAgentAway,
                &[("id", &id_s), ("subject", &subject)],
                Some(&link),
                Some(&format!("req{id}:away")),
                now,
            )
            .await?;
        }
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("request.opened", "service_request")
            .object(id)
            .subject(customer_id)
            .after(serde_json::json!({
                "kind": r.kind.as_str(), "channel": r.channel.as_str(), "urgency": r.urgency.as_str(),
                "assignee": assignee, "branch": branch, "level_rank": level_rank, "received_at": received, "plan": plan_id,
                "first_response_due": first_due, "resolution_due": resolution_due,
            })),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// What staff do on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    /// Reply to the customer.
    Reply,
    /// Reply and wait for the customer (pauses the clock).
    AskCustomer,
    /// An internal note: never shown to the customer, changes nothing else.
    Note,
    /// Reply (if there is a text) and mark resolved.
    Resolve,
}

/// The due times now, given the terms snapshot and the pauses so far:
/// (first response due unless met, resolution due, next due).
async fn due_times(
    tx: &mut crate::store::WriteTx,
    row: &RequestRow,
    first_responded: bool,
) -> ServiceResult<(Option<i64>, Option<i64>, Option<i64>)> {
    let terms: SlaTerms =
        serde_json::from_str(&row.sla_json).map_err(|e| corrupt(&e.to_string()))?;
    let pauses: Vec<Pause> = ds::pauses(&mut **tx, row.id)
        .await?
        .into_iter()
        .map(|(s, e)| Pause {
            start: ms_to_utc(s),
            end: e.map(ms_to_utc),
        })
        .collect();
    let opened = ms_to_utc(row.created_at);
    let first = if first_responded {
        row.first_response_due
    } else {
        terms
            .first_response_due(opened, &pauses)
            .map(|t| t.timestamp_millis())
    };
    let resolution = terms
        .resolution_due(opened, &pauses)
        .map(|t| t.timestamp_millis());
    let next = if first_responded {
        resolution
    } else {
        first.or(resolution)
    };
    Ok((first, resolution, next))
}

/// A first response or resolution given after its due time is a breach on record (for quality
/// and compensation) even when the SLA watcher has not run since the due time passed.
async fn record_late(
    tx: &mut crate::store::WriteTx,
    row: &RequestRow,
    replied: bool,
    resolved_at: Option<i64>,
    resolution_due: Option<i64>,
    now: i64,
) -> ServiceResult<()> {
    if replied && row.first_response_at.is_none() {
        if let Some(due) = row.first_response_due.filter(|d| *d < now) {
            let target = Target::FirstResponse.as_str();
            crate::store::sla_watch::record(tx, row.id, target, "breached", due).await?;
        }
    }
    if let (Some(_), Some(due)) = (resolved_at, resolution_due.filter(|d| *d < now)) {
        let target = Target::Resolution.as_str();
        crate::store::sla_watch::record(tx, row.id, target, "breached", due).await?;
    }
    Ok(())
}

/// Staff reply, note or resolve. Returns the new status.
pub async fn staff_act(
    db: &Db,
    actor: &Actor,
    id: i64,
    action: StaffAction,
    body: &str,
    now: i64,
) -> ServiceResult<RequestStatus> {
    let body = if action == StaffAction::Resolve && body.trim().is_empty() {
        String::new()
    } else {
        check_body(body)?
    };
    let mut tx = db.begin_write().await?;
    let row = ds::request(&mut *tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let from = RequestStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))?;
    if action == StaffAction::Note {
        ds::insert_message(&mut tx, id, actor.user_id, &body, true, now).await?;
        audit::record(
            &mut tx,
            actor,
            now,
            Event::new("request.noted", "service_request")
                .object(id)
                .subject(row.customer_id),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(from);
    }
    let event = match action {
        StaffAction::Reply => RequestEvent::StaffReply,
        StaffAction::AskCustomer => RequestEvent::AskCustomer,
        _ => RequestEvent::Resolve,
    };
    let to = next_status(from, event).ok_or(ServiceError::Conflict(Msg::ErrReqState))?;
    if !body.is_empty() {
        ds::insert_message(&mut tx, id, actor.user_id, &body, false, now).await?;
    }
    // The clock: waiting on the customer pauses it; anything else ends a pause.
    if to == RequestStatus::WaitingOnCustomer {
        ds::start_pause(&mut tx, id, now).await?;
    } else {
        ds::end_pause(&mut tx, id, now).await?;
    }
    let replied = !body.is_empty();
    let first_responded = row.first_response_at.is_some() || replied;
    let (first_due, resolution_due, next_due) = due_times(&mut tx, &row, first_responded).await?;
    let resolved_at = (to == RequestStatus::Resolved).then_some(now);
    if !ds::set_status(
        &mut tx,
        id,
        from.as_str(),
        to.as_str(),
        replied.then_some(now),
        resolved_at,
        (first_due, resolution_due, next_due),
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrReqState));
    }
    record_late(&mut tx, &row, replied, resolved_at, resolution_due, now).await?;
    if to != from {
        ds::insert_event(
            &mut tx,
            id,
            actor.user_id,
            "status",
            Some(from.as_str()),
            Some(to.as_str()),
            None,
            "",
            now,
        )
        .await?;
    }
    let id_s = id.to_string();
    let link = format!("/portal/requests/{id}");
    if replied {
        notify(
            &mut tx,
            row.customer_id,
            NotificationKind::RequestReplied,
            &[("id", &id_s)],
            Some(&link),
            None,
            now,
        )
        .await?;
    }
    if to != from {
        let lang_neutral = format!(
            "{} / {}",
            to.msg().text(crate::Lang::Zh),
            to.msg().text(crate::Lang::En)
        );
        notify(
            &mut tx,
            row.customer_id,
            NotificationKind::RequestStatus,
            &[("id", &id_s), ("status", &lang_neutral)],
            Some(&link),
            None,
            now,
        )
        .await?;
    }
    // Resolved: the customer is asked to rate it (5.3.1) — in the inbox, by e-mail and on the
    // request's page; once per request, however often it is reopened and resolved again.
    if to == RequestStatus::Resolved && from != RequestStatus::Resolved {
        let item = crate::feedback::request_label(id, &row.subject);
        notify(
            &mut tx,
            row.customer_id,
            NotificationKind::FeedbackRequested,
            &[("item", &item)],
            Some(&link),
            Some(&format!("req{id}:rate")),
            now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("request.updated", "service_request")
            .object(id)
            .subject(row.customer_id)
            .before(serde_json::json!({"status": from.as_str()}))
            .after(serde_json::json!({"status": to.as_str(), "replied": replied})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(to)
}

/// The customer writes on their request (resumes a paused clock) or reopens a resolved one
/// within seven days (`reopen`).
pub async fn customer_act(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    id: i64,
    body: &str,
    reopen: bool,
    now: i64,
) -> ServiceResult<RequestStatus> {
    let row = ds::request(db.reader(), id).await?;
    let Some(row) = row.filter(|r| r.customer_id == customer_id) else {
        return Err(deny(db, actor, "service_request", id, now).await);
    };
    let body = check_body(body)?;
    let from = RequestStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))?;
    let event = if reopen {
        if !may_reopen(from, row.resolved_at.map(ms_to_utc), ms_to_utc(now)) {
            return Err(ServiceError::Conflict(Msg::ErrReqState));
        }
        RequestEvent::Reopen
    } else {
        RequestEvent::CustomerReply
    };
    let to = next_status(from, event).ok_or(ServiceError::Conflict(Msg::ErrReqState))?;
    let mut tx = db.begin_write().await?;
    let row = ds::request(&mut *tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    ds::insert_message(&mut tx, id, Some(customer_id), &body, false, now).await?;
    ds::end_pause(&mut tx, id, now).await?;
    let (first_due, resolution_due, next_due) =
        due_times(&mut tx, &row, row.first_response_at.is_some()).await?;
    if !ds::set_status(
        &mut tx,
        id,
        from.as_str(),
        to.as_str(),
        None,
        if to == RequestStatus::Resolved {
            row.resolved_at
        } else {
            None
        },
        (first_due, resolution_due, next_due),
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrReqState));
    }
    if to != from {
        ds::insert_event(
            &mut tx,
            id,
            actor.user_id,
            "status",
            Some(from.as_str()),
            Some(to.as_str()),
            None,
            "",
            now,
        )
        .await?;
    }
    if let Some(agent) = row.assignee_id {
        notify(
            &mut tx,
            agent,
            NotificationKind::RequestReplied,
            &[("id", &id.to_string())],
            Some(&format!("/admin/queue/{id}")),
            None,
            now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(
            if reopen {
                "request.reopened"
            } else {
                "request.replied"
            },
            "service_request",
        )
        .object(id)
        .subject(customer_id),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(to)
}

fn summary(r: RequestRow) -> ServiceResult<RequestSummary> {
    Ok(RequestSummary {
        kind: RequestKind::parse(&r.kind).ok_or_else(|| corrupt(&r.kind))?,
        channel: Channel::parse(&r.channel).ok_or_else(|| corrupt(&r.channel))?,
        urgency: Urgency::ALL
            .get(r.urgency as usize)
            .copied()
            .ok_or_else(|| corrupt("urgency"))?,
        status: RequestStatus::parse(&r.status).ok_or_else(|| corrupt(&r.status))?,
        id: r.id,
        customer_name: r.customer_name,
        subject: r.subject,
        level_rank: r.level_rank,
        assignee_name: r.assignee_name,
        next_due_ms: r.next_due,
        created_at_ms: r.created_at,
    })
}

/// One page of the staff queue, in VIP-first order, after `after`.
pub async fn queue(
    db: &Db,
    filter: QueueFilter<'_>,
    after: Option<QueueCursor>,
    limit: i64,
) -> ServiceResult<(Vec<RequestSummary>, Option<QueueCursor>)> {
    let limit = limit.clamp(1, 200);
    let rows = ds::queue_page(db.reader(), filter, after, limit).await?;
    let next = rows.last().filter(|_| rows.len() as i64 == limit).map(|r| {
        (
            -r.urgency,
            -r.level_rank,
            r.next_due.unwrap_or(i64::MAX),
            r.created_at,
            r.id,
        )
    });
    Ok((
        rows.into_iter()
            .map(summary)
            .collect::<ServiceResult<_>>()?,
        next,
    ))
}

/// A customer's own requests.
pub async fn mine(db: &Db, customer_id: i64) -> ServiceResult<Vec<RequestSummary>> {
    ds::of_customer(db.reader(), customer_id)
        .await?
        .into_iter()
        .map(summary)
        .collect()
}

/// One request for its customer (no internal notes, ever) or for staff (read audited).
pub async fn view(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    id: i64,
    now: i64,
) -> ServiceResult<RequestView> {
    let row = ds::request(db.reader(), id).await?;
    let owner = row.as_ref().map(|r| r.customer_id);
    super::membership::admit_read(
        db,
        actor,
        reader,
        "service_request",
        "request.viewed",
        id,
        owner,
        true,
        now,
    )
    .await?;
    let row = row.ok_or(ServiceError::NotFound)?;
    let staff = matches!(reader, Reader::Staff);
    let messages = ds::messages(db.reader(), id, staff)
        .await?
        .into_iter()
        .map(
            |(id, author_name, from_staff, body, internal, at_ms)| MessageView {
                id,
                author_name,
                from_staff,
                body,
                internal,
                at_ms,
            },
        )
        .collect();
    let status = RequestStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))?;
    let queue_position = if status.is_active() {
        Some(ds::position(db.reader(), &row).await? + 1)
    } else {
        None
    };
    let s = summary(row.clone())?;
    Ok(RequestView {
        id: row.id,
        customer_id: row.customer_id,
        customer_name: row.customer_name,
        kind: s.kind,
        channel: s.channel,
        urgency: s.urgency,
        subject: row.subject,
        status,
        level_rank: row.level_rank,
        assignee_name: row.assignee_name,
        branch_name: row.branch_name,
        first_response_due_ms: row.first_response_due,
        resolution_due_ms: row.resolution_due,
        first_response_at_ms: row.first_response_at,
        resolved_at_ms: row.resolved_at,
        created_at_ms: row.created_at,
        messages,
        timeline: super::desk_routing::timeline(db, id, staff).await?,
        files: ds::files_of(db.reader(), id)
            .await?
            .into_iter()
            .map(
                |(id, name, mime, size, sha256, created_at, uploaded_by)| RequestFile {
                    file: FileInfo {
                        id,
                        name,
                        mime,
                        size,
                        sha256,
                        created_at,
                    },
                    uploaded_by,
                },
            )
            .collect(),
        plan_id: row.plan_id,
        queue_position,
    })
}

/// Admins assign a customer's dedicated agent (3.1.1).
pub async fn assign_dedicated_agent(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    agent_id: i64,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    ds::set_dedicated_agent(&mut tx, customer_id, agent_id, actor.user_id, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("desk.agent_assigned", "customer")
            .object(customer_id)
            .subject(customer_id)
            .after(serde_json::json!({"agent": agent_id})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Puts a staff member in a branch and marks them away or back.
pub async fn set_staff_branch(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    branch_id: i64,
    away: bool,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    ds::set_staff_branch(&mut tx, user_id, branch_id, away, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("desk.staff_branch", "user")
            .object(user_id)
            .after(serde_json::json!({"branch": branch_id, "away": away})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Creates a branch (or the headquarters) with its supervisor.
pub async fn create_branch(
    db: &Db,
    actor: &Actor,
    code: &str,
    names: (&str, &str),
    headquarters: bool,
    supervisor: Option<i64>,
    now: i64,
) -> ServiceResult<i64> {
    let mut tx = db.begin_write().await?;
    let id = ds::insert_branch(&mut tx, code, names, headquarters, supervisor, now)
        .await
        .map_err(|e| match e {
            StoreError::Unique(_) => ServiceError::Conflict(Msg::ErrReqState),
            e => e.into(),
        })?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("desk.branch_created", "branch")
            .object(id)
            .after(serde_json::json!({"code": code, "headquarters": headquarters, "supervisor": supervisor})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// Whether any branch exists yet (the demo seed's guard).
pub async fn has_branches(db: &Db) -> ServiceResult<bool> {
    Ok(ds::any_branch(db.reader()).await?)
}

/// Marks days of a calendar as holidays (`holiday = true`) or adjusted working days (调休).
pub async fn set_calendar_days(
    db: &Db,
    actor: &Actor,
    calendar_id: i64,
    days: &[NaiveDate],
    holiday: bool,
    now: i64,
) -> ServiceResult<()> {
    let kind = if holiday { "holiday" } else { "workday" };
    let mut tx = db.begin_write().await?;
    for d in days {
        ds::set_calendar_day(&mut tx, calendar_id, &d.to_string(), kind, now).await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("desk.calendar_days", "sla_calendar")
            .object(calendar_id)
            .after(serde_json::json!({"kind": kind, "days": days})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Most files one request may carry.
pub const MAX_REQUEST_FILES: i64 = 10;

/// Attaches a file to a request that is not closed — by its customer (their own request only:
/// another id is 404 and audited) or by staff. The upload rules of applications apply.
pub async fn attach(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    id: i64,
    name: &str,
    bytes: &[u8],
    now: i64,
) -> ServiceResult<FileInfo> {
    let row = ds::request(db.reader(), id).await?;
    let row = match (reader, row) {
        (Reader::Customer(c), Some(r)) if r.customer_id == c => r,
        (Reader::Customer(_), _) => return Err(deny(db, actor, "service_request", id, now).await),
        (Reader::Staff, Some(r)) => r,
        (Reader::Staff, None) => return Err(ServiceError::NotFound),
    };
    let (name, mime, sha) = super::membership::checked_upload(name, bytes)?;
    if row.status == RequestStatus::Closed.as_str() {
        return Err(ServiceError::Conflict(Msg::ErrReqState));
    }
    let mut tx = db.begin_write().await?;
    if ds::file_count(&mut tx, id).await? >= MAX_REQUEST_FILES {
        return Err(ServiceError::Invalid {
            field: "file",
            msg: Msg::ErrTooManyFiles,
        });
    }
    let file = ms::insert_file(
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
    ds::attach_file(&mut tx, id, file).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("request.file_added", "service_request")
            .object(id)
            .subject(row.customer_id)
            .after(
                serde_json::json!({"file": file, "mime": mime, "sha256": sha, "size": bytes.len()}),
            )
            .personal("name", &name),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(FileInfo {
        id: file,
        name,
        mime: mime.into(),
        size: bytes.len() as i64,
        sha256: sha,
        created_at: now,
    })
}
