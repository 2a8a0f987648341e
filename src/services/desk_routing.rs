//! Routing requests (clauses 3.1.1, 3.2.2, 3.4.2): staff claim a request, assign it to a
//! colleague or transfer it to another branch's queue, each with a note on the timeline; the
//! queue's counts per filter; a request's timeline for its customer or for staff.

use super::audit::{self, Event};
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::desk::{
    Handler, QueueCounts, RequestStatus, RoutingOptions, TimelineEntry, TimelineKind,
};
use crate::i18n::Msg;
use crate::notify::NotificationKind;
use crate::sla::Stage;
use crate::store::desk::{self as ds};
use crate::store::desk_routing as rs;
use crate::store::sla_watch as ws;
use crate::store::{Db, StoreError};

/// Where a request goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The acting staff member takes it.
    Claim,
    /// To this colleague (an active agent or admin).
    Assign(i64),
    /// To this branch's queue, unassigned; its supervisor is told.
    Transfer(i64),
}

/// A staff member's own branch, if they belong to one.
pub async fn my_branch(db: &Db, user_id: i64) -> ServiceResult<Option<i64>> {
    Ok(rs::staff_branch(db.reader(), user_id).await?.map(|b| b.0))
}

/// Active requests per queue filter, for the queue's tabs.
pub async fn counts(db: &Db, user_id: i64, now: i64) -> ServiceResult<QueueCounts> {
    let branch = my_branch(db, user_id).await?;
    let (all, mine, branch, unassigned, breached) =
        rs::counts(db.reader(), user_id, branch, now).await?;
    Ok(QueueCounts {
        all,
        mine,
        branch,
        unassigned,
        breached,
    })
}

/// The people and branches a request can be routed to.
pub async fn options(db: &Db) -> ServiceResult<RoutingOptions> {
    Ok(RoutingOptions {
        handlers: rs::handlers(db.reader())
            .await?
            .into_iter()
            .map(|(id, name, branch_name, away)| Handler {
                id,
                name,
                branch_name,
                away,
            })
            .collect(),
        branches: rs::branches(db.reader()).await?,
    })
}

/// Claims, assigns or transfers a request that is not yet resolved. A transfer needs a note
/// (why it moves); the new assignee — or the receiving branch's supervisor — is told.
pub async fn route(
    db: &Db,
    actor: &Actor,
    id: i64,
    route: Route,
    note: &str,
    now: i64,
) -> ServiceResult<()> {
    let note = note.trim();
    if note.chars().count() > 2_000 {
        return Err(ServiceError::Invalid {
            field: "note",
            msg: Msg::ErrReqBody,
        });
    }
    if matches!(route, Route::Transfer(_)) && note.is_empty() {
        return Err(ServiceError::Invalid {
            field: "note",
            msg: Msg::ErrReqTransferNote,
        });
    }
    let mut tx = db.begin_write().await?;
    let row = ds::request(&mut *tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (kind, assignee, branch) = match route {
        Route::Claim | Route::Assign(_) => {
            let who = match route {
                Route::Assign(who) => who,
                _ => actor.user_id.ok_or(ServiceError::NotFound)?,
            };
            let their_branch =
                rs::handler_branch(&mut tx, who)
                    .await?
                    .ok_or(ServiceError::Invalid {
                        field: "assignee",
                        msg: Msg::ErrReqAssignee,
                    })?;
            let kind = if route == Route::Claim {
                "claimed"
            } else {
                "assigned"
            };
            (kind, Some(who), their_branch.or(row.branch_id))
        }
        Route::Transfer(branch) => {
            if !rs::branch_exists(&mut tx, branch).await? {
                return Err(ServiceError::Invalid {
                    field: "branch",
                    msg: Msg::ErrReqBranch,
                });
            }
            ("transferred", None, Some(branch))
        }
    };
    if !rs::set_route(&mut tx, id, assignee, branch, now).await? {
        return Err(ServiceError::Conflict(Msg::ErrReqState));
    }
    rs::insert_route_event(
        &mut tx,
        id,
        actor.user_id,
        kind,
        assignee,
        branch,
        note,
        now,
    )
    .await?;
    let id_s = id.to_string();
    let link = format!("/admin/queue/{id}");
    let told = match route {
        Route::Assign(who) if Some(who) != actor.user_id => {
            Some((who, NotificationKind::RequestAssigned))
        }
        Route::Transfer(b) => ds::supervisor(&mut tx, b)
            .await?
            .map(|s| (s, NotificationKind::RequestTransferred)),
        _ => None,
    };
    if let Some((user, kind)) = told {
        notify(
            &mut tx,
            user,
            kind,
            &[("id", &id_s), ("subject", &row.subject)],
            Some(&link),
            None,
            now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(&format!("request.{kind}"), "service_request")
            .object(id)
            .subject(row.customer_id)
            .before(serde_json::json!({"assignee": row.assignee_id, "branch": row.branch_id}))
            .after(serde_json::json!({"assignee": assignee, "branch": branch}))
            .personal("note", note),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// A request's timeline: events, and for staff the SLA records, in time order. Customers see
/// no notes and no SLA records.
pub async fn timeline(db: &Db, id: i64, staff: bool) -> ServiceResult<Vec<TimelineEntry>> {
    let corrupt = |s: &str| ServiceError::Internal(StoreError::Corrupt(s.to_string()));
    let mut out = Vec::new();
    for e in rs::events(db.reader(), id, staff).await? {
        let kind = match e.kind.as_str() {
            "opened" => TimelineKind::Opened,
            "status" => {
                let parse = |s: &Option<String>| s.as_deref().and_then(RequestStatus::parse);
                match (parse(&e.from_status), parse(&e.to_status)) {
                    (Some(from), Some(to)) => TimelineKind::Status { from, to },
                    _ => return Err(corrupt("request event status")),
                }
            }
            "claimed" => TimelineKind::Claimed,
            "assigned" => TimelineKind::Assigned,
            "transferred" => TimelineKind::Transferred,
            other => return Err(corrupt(other)),
        };
        out.push(TimelineEntry {
            kind,
            actor_name: e.actor_name,
            assignee_name: e.assignee_name,
            branch_name: e.branch_name,
            note: e.note,
            at_ms: e.at,
        });
    }
    if staff {
        for (target, stage, at) in ws::events_of(db.reader(), id).await? {
            out.push(TimelineEntry {
                kind: TimelineKind::Sla {
                    first_response: target == "first_response",
                    stage: Stage::parse(&stage).ok_or_else(|| corrupt(&stage))?,
                },
                actor_name: None,
                assignee_name: None,
                branch_name: None,
                note: String::new(),
                at_ms: at,
            });
        }
        out.sort_by_key(|e| e.at_ms);
    }
    Ok(out)
}
