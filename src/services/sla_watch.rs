//! The SLA watcher (clauses 3.2.1, 3.4.1), run every minute: for each active request whose next
//! SLA moment has come it records the stages reached — 80 % warning, breach, escalation — once
//! each (the `sla_events` key makes a second run or a second node a no-op) and tells the people
//! concerned: the assignee at 80 % (the branch supervisor while nobody has it); the assignee
//! and the branch supervisor at the breach; the admins at 150 %. Breach records feed quality
//! and compensation. It also closes resolved requests once the customer's seven days to reopen
//! have passed.

use super::audit::{self, Event};
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::desk::{RequestStatus, SlaTerms, REOPEN_DAYS};
use crate::notify::NotificationKind;
use crate::sla::{stage_moments, Pause, Stage};
use crate::store::desk as ds;
use crate::store::sla_watch as ws;
use crate::store::{Db, StoreError, WriteTx};
use crate::time::format_shanghai;
use chrono::{DateTime, Duration, Utc};

/// Requests looked at per batch (one write transaction each).
const BATCH: i64 = 200;

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct WatchReport {
    pub at_risk: u64,
    pub breached: u64,
    pub escalated: u64,
    pub closed: u64,
}

/// The clock a request is measured against: first response (until met), then resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    FirstResponse,
    Resolution,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::FirstResponse => "first_response",
            Target::Resolution => "resolution",
        }
    }

    /// Both languages, as notifications carry it (each reader sees their own half first).
    pub fn label(self) -> &'static str {
        match self {
            Target::FirstResponse => "首次响应 / first response",
            Target::Resolution => "解决 / resolution",
        }
    }
}

fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

fn corrupt(s: String) -> ServiceError {
    ServiceError::Internal(StoreError::Corrupt(s))
}

/// Runs the watcher at `now` (the real clock, or the one `vipcare jobs run --now` simulates).
pub async fn run(db: &Db, now: i64) -> ServiceResult<WatchReport> {
    let mut report = WatchReport::default();
    loop {
        let ids = ws::due_for_check(db.reader(), now, BATCH).await?;
        for &id in &ids {
            check(db, id, now, &mut report).await?;
        }
        if (ids.len() as i64) < BATCH {
            break;
        }
    }
    report.closed = close_resolved(db, now).await?;
    Ok(report)
}

/// Looks at one request: records and announces the stages reached by `now`, and sets the next
/// moment to look again.
async fn check(db: &Db, id: i64, now: i64, report: &mut WatchReport) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    let Some(row) = ds::request(&mut *tx, id).await? else {
        return Ok(());
    };
    let active = RequestStatus::parse(&row.status).is_some_and(|s| s.clock_runs());
    if !active {
        ws::set_check_at(&mut tx, id, None).await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(());
    }
    let terms: SlaTerms =
        serde_json::from_str(&row.sla_json).map_err(|e| corrupt(e.to_string()))?;
    let pauses: Vec<Pause> = ds::pauses(&mut *tx, id)
        .await?
        .into_iter()
        .map(|(s, e)| Pause {
            start: utc(s),
            end: e.map(utc),
        })
        .collect();
    let mut targets = vec![(Target::Resolution, terms.resolution_mins)];
    if row.first_response_at.is_none() {
        targets.insert(0, (Target::FirstResponse, terms.first_response_mins));
    }
    let mut next: Option<i64> = None;
    for (target, mins) in targets {
        let moments = stage_moments(
            &terms.calendar,
            utc(row.created_at),
            Duration::minutes(mins),
            &pauses,
        );
        let due = moments[1].1.map(|t| t.timestamp_millis());
        for (stage, at) in moments {
            let Some(at) = at.map(|t| t.timestamp_millis()) else {
                continue;
            };
            if at > now {
                next = Some(next.map_or(at, |n| n.min(at)));
                continue;
            }
            if ws::record(&mut tx, id, target.as_str(), stage.as_str(), at).await? {
                let due = due.map(format_shanghai).unwrap_or_default();
                announce(&mut tx, &row, target, stage, &due, now).await?;
                if stage == Stage::Breached {
                    super::compensation::grant_for_breach(
                        &mut tx,
                        super::compensation::Breach {
                            request_id: id,
                            customer_id: row.customer_id,
                            level_rank: row.level_rank,
                            target,
                            at,
                        },
                        now,
                    )
                    .await?;
                }
                match stage {
                    Stage::AtRisk => report.at_risk += 1,
                    Stage::Breached => report.breached += 1,
                    Stage::Escalated => report.escalated += 1,
                }
            }
        }
    }
    ws::set_check_at(&mut tx, id, next).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Who hears of a stage: the assignee at 80 % (the supervisor while unassigned), the assignee
/// and the supervisor at the breach, the admins at the escalation.
async fn announce(
    tx: &mut WriteTx,
    row: &ds::RequestRow,
    target: Target,
    stage: Stage,
    due: &str,
    now: i64,
) -> ServiceResult<()> {
    let supervisor = match row.branch_id {
        Some(b) => ds::supervisor(tx, b).await?,
        None => None,
    };
    let mut to: Vec<i64> = match stage {
        Stage::AtRisk => row.assignee_id.or(supervisor).into_iter().collect(),
        Stage::Breached => row.assignee_id.into_iter().chain(supervisor).collect(),
        Stage::Escalated => ws::admins(tx).await?,
    };
    to.sort_unstable();
    to.dedup();
    let kind = match stage {
        Stage::AtRisk => NotificationKind::SlaAtRisk,
        Stage::Breached => NotificationKind::SlaBreached,
        Stage::Escalated => NotificationKind::SlaEscalated,
    };
    let id = row.id.to_string();
    let link = format!("/admin/queue/{}", row.id);
    for user in to {
        let key = format!(
            "req{}:{}:{}:u{user}",
            row.id,
            target.as_str(),
            stage.as_str()
        );
        notify(
            tx,
            user,
            kind,
            &[
                ("id", &id),
                ("subject", &row.subject),
                ("target", target.label()),
                ("due", due),
            ],
            Some(&link),
            Some(&key),
            now,
        )
        .await?;
    }
    if stage != Stage::AtRisk {
        audit::record(
            tx,
            &Actor::default(),
            now,
            Event::new(
                if stage == Stage::Breached {
                    "request.sla_breached"
                } else {
                    "request.sla_escalated"
                },
                "service_request",
            )
            .object(row.id)
            .subject(row.customer_id)
            .after(serde_json::json!({"target": target.as_str(), "due": due})),
        )
        .await?;
    }
    Ok(())
}

/// Closes requests resolved more than seven days ago (the customer can no longer reopen them),
/// telling each customer.
async fn close_resolved(db: &Db, now: i64) -> ServiceResult<u64> {
    let cutoff = now - REOPEN_DAYS * 86_400_000;
    let mut closed = 0;
    loop {
        let rows = ws::resolved_before(db.reader(), cutoff, BATCH).await?;
        for &(id, customer) in &rows {
            let mut tx = db.begin_write().await?;
            if !ws::close(&mut tx, id, cutoff, now).await? {
                continue;
            }
            ds::insert_event(
                &mut tx,
                id,
                None,
                "status",
                Some(RequestStatus::Resolved.as_str()),
                Some(RequestStatus::Closed.as_str()),
                None,
                "",
                now,
            )
            .await?;
            let status = format!(
                "{} / {}",
                RequestStatus::Closed.msg().text(crate::Lang::Zh),
                RequestStatus::Closed.msg().text(crate::Lang::En)
            );
            notify(
                &mut tx,
                customer,
                NotificationKind::RequestStatus,
                &[("id", &id.to_string()), ("status", &status)],
                Some(&format!("/portal/requests/{id}")),
                Some(&format!("req{id}:closed")),
                now,
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
            closed += 1;
        }
        if (rows.len() as i64) < BATCH {
            break;
        }
    }
    Ok(closed)
}
