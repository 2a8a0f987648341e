//! Service desk configuration by admins (clauses 3.1.1, 3.4.1, 3.4.2): branches and their
//! supervisors, where staff work and who is away, each VIP's dedicated agent, the working
//! calendars (hours, weekdays, holidays and 调休 days) and the SLA terms per VIP level.
//!
//! Input is checked before anything is written; each change is one `BEGIN IMMEDIATE`
//! transaction with its audit entry. Requests snapshot their terms when opened, so a change
//! here applies to requests opened afterwards only.

use super::audit::{self, Event};
use super::{desk, Actor, ServiceError, ServiceResult};
use crate::auth::{Permission, Role};
use crate::desk_admin::{
    check_branch_code, check_branch_name, check_day_note, parse_day, parse_hhmm, parse_hours,
    weekdays_from_text, weekdays_text, BranchView, CalendarView, DeskAdminOverview, PolicyView,
    SpecialDay, StaffPlacement, VipAgentRow,
};
use crate::i18n::Msg;
use crate::store::desk_admin as st;
use crate::store::{membership as ms, users, Db, StoreError};
use serde_json::json;

/// What a level without a policy row gets (as `services::desk` applies it): 1 h / 24 h, 24×7.
const VIP_DEFAULT: (i64, i64, i64) = (60, 24 * 60, 1);
/// What non-VIPs get without a policy row: 8 h / 72 h on the business calendar.
const NON_VIP_DEFAULT: (i64, i64, i64) = (8 * 60, 72 * 60, 2);

fn invalid(field: &'static str, msg: Msg) -> ServiceError {
    ServiceError::Invalid { field, msg }
}

fn corrupt(s: &str) -> ServiceError {
    ServiceError::Internal(StoreError::Corrupt(s.to_string()))
}

fn commit_err(e: sqlx::Error) -> ServiceError {
    StoreError::from(e).into()
}

// ---------------------------------------------------------------- reading

/// Everything the configuration page shows.
pub async fn overview(db: &Db) -> ServiceResult<DeskAdminOverview> {
    let r = db.reader();
    let branches = st::branches(r)
        .await?
        .into_iter()
        .map(|b| BranchView {
            id: b.id,
            code: b.code,
            name_zh: b.name_zh,
            name_en: b.name_en,
            headquarters: b.is_headquarters,
            supervisor_id: b.supervisor_id,
            supervisor_name: b.supervisor_name,
        })
        .collect();
    let staff = st::staff_placements(r)
        .await?
        .into_iter()
        .map(|s| StaffPlacement {
            user_id: s.id,
            name: s.name,
            email: s.email,
            active: s.active,
            roles: s
                .roles
                .unwrap_or_default()
                .split(',')
                .filter_map(|n| n.parse::<Role>().ok())
                .collect(),
            branch_id: s.branch_id,
            away: s.away.unwrap_or(false),
        })
        .collect();
    let vips = st::vips_with_agents(r)
        .await?
        .into_iter()
        .map(|v| VipAgentRow {
            customer_id: v.customer_id,
            name: v.name,
            email: v.email,
            level_name_zh: v.level_name_zh,
            level_name_en: v.level_name_en,
            agent_id: v.agent_id,
            agent_name: v.agent_name,
        })
        .collect();
    Ok(DeskAdminOverview {
        branches,
        staff,
        vips,
        calendars: calendars(db).await?,
        policies: policies(db).await?,
    })
}

async fn calendars(db: &Db) -> ServiceResult<Vec<CalendarView>> {
    let days = st::all_days(db.reader()).await?;
    st::calendars(db.reader())
        .await?
        .into_iter()
        .map(|c| {
            let days = days
                .iter()
                .filter(|d| d.0 == c.id)
                .map(|(_, day, kind, note)| {
                    Ok(SpecialDay {
                        day: parse_day(day).ok_or_else(|| corrupt(day))?,
                        holiday: kind == "holiday",
                        note: note.clone(),
                    })
                })
                .collect::<ServiceResult<_>>()?;
            Ok(CalendarView {
                id: c.id,
                name: c.name,
                always_open: c.always_open,
                open_min: c.open_min,
                close_min: c.close_min,
                weekdays: weekdays_from_text(&c.weekdays),
                days,
            })
        })
        .collect()
}

async fn policies(db: &Db) -> ServiceResult<Vec<PolicyView>> {
    Ok(st::policies(db.reader())
        .await?
        .into_iter()
        .map(|p| {
            let default = if p.level_id.is_some() {
                VIP_DEFAULT
            } else {
                NON_VIP_DEFAULT
            };
            PolicyView {
                level_id: p.level_id,
                level_name_zh: p.level_name_zh,
                level_name_en: p.level_name_en,
                first_response_mins: p.first_response_mins.unwrap_or(default.0),
                resolution_mins: p.resolution_mins.unwrap_or(default.1),
                calendar_id: p.calendar_id.unwrap_or(default.2),
            }
        })
        .collect())
}

// ---------------------------------------------------------------- checks

/// `user_id` is an active staff account (holding [`Permission::HandleRequests`] when
/// `handles_requests`), else `field` is invalid with `msg`.
async fn check_staff(
    db: &Db,
    user_id: i64,
    handles_requests: bool,
    field: &'static str,
    msg: Msg,
) -> ServiceResult<()> {
    let ok = match users::get(db.reader(), user_id).await? {
        Some(u) if u.kind == "staff" && u.active => {
            !handles_requests
                || users::roles(db.reader(), user_id)
                    .await?
                    .iter()
                    .any(|r| Permission::HandleRequests.granted_to(*r))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(field, msg))
    }
}

// ---------------------------------------------------------------- branches and staff (3.4.2)

/// A new branch as typed.
#[derive(Debug, Clone, Default)]
pub struct NewBranch {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub headquarters: bool,
    pub supervisor: Option<i64>,
}

/// Creates a branch (or the one headquarters) with its supervisor, through
/// [`desk::create_branch`]. Returns its id.
pub async fn create_branch(db: &Db, actor: &Actor, b: &NewBranch, now: i64) -> ServiceResult<i64> {
    let code = check_branch_code(&b.code).map_err(ServiceError::invalid("code"))?;
    let name_zh = check_branch_name(&b.name_zh).map_err(ServiceError::invalid("name_zh"))?;
    let name_en = check_branch_name(&b.name_en).map_err(ServiceError::invalid("name_en"))?;
    if st::code_taken(db.reader(), &code).await? {
        return Err(invalid("code", Msg::DeskAdminErrCodeTaken));
    }
    if b.headquarters && st::has_headquarters(db.reader()).await? {
        return Err(invalid("headquarters", Msg::DeskAdminErrHqTaken));
    }
    if let Some(s) = b.supervisor {
        check_staff(db, s, false, "supervisor", Msg::DeskAdminErrStaff).await?;
    }
    desk::create_branch(
        db,
        actor,
        &code,
        (&name_zh, &name_en),
        b.headquarters,
        b.supervisor,
        now,
    )
    .await
}

/// Changes (or clears) a branch's supervisor, who is told when a request reaches the branch
/// queue because the dedicated agent is away.
pub async fn set_supervisor(
    db: &Db,
    actor: &Actor,
    branch_id: i64,
    supervisor: Option<i64>,
    now: i64,
) -> ServiceResult<()> {
    if let Some(s) = supervisor {
        check_staff(db, s, false, "supervisor", Msg::DeskAdminErrStaff).await?;
    }
    let mut tx = db.begin_write().await?;
    let before = st::supervisor_of(&mut tx, branch_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    st::set_supervisor(&mut tx, branch_id, supervisor).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("desk.branch_supervisor", "branch")
            .object(branch_id)
            .before(json!({ "supervisor": before }))
            .after(json!({ "supervisor": supervisor })),
    )
    .await?;
    tx.commit().await.map_err(commit_err)
}

/// Puts a staff member in a branch and marks them away or back, through
/// [`desk::set_staff_branch`]. While away, their customers' new requests go to the branch queue.
pub async fn place_staff(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    branch_id: Option<i64>,
    away: bool,
    now: i64,
) -> ServiceResult<()> {
    let branch_id = branch_id.ok_or_else(|| invalid("branch", Msg::DeskAdminErrBranch))?;
    if !st::branch_exists(db.reader(), branch_id).await? {
        return Err(invalid("branch", Msg::DeskAdminErrBranch));
    }
    match users::get(db.reader(), user_id).await? {
        Some(u) if u.kind == "staff" => {}
        _ => return Err(ServiceError::NotFound),
    }
    desk::set_staff_branch(db, actor, user_id, branch_id, away, now).await
}

/// Assigns a VIP's dedicated agent (3.1.1), an active agent or admin, through
/// [`desk::assign_dedicated_agent`].
pub async fn assign_agent(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    agent_id: Option<i64>,
    now: i64,
) -> ServiceResult<()> {
    let agent_id = agent_id.ok_or_else(|| invalid("agent", Msg::DeskAdminErrAgent))?;
    let live = ms::current_membership(db.reader(), customer_id)
        .await?
        .is_some_and(|m| matches!(m.status.as_str(), "active" | "renewal_offered"));
    if !live {
        return Err(invalid("customer", Msg::DeskAdminErrNotVip));
    }
    check_staff(db, agent_id, true, "agent", Msg::DeskAdminErrAgent).await?;
    desk::assign_dedicated_agent(db, actor, customer_id, agent_id, now).await
}

// ---------------------------------------------------------------- calendars (3.4.1)

/// Sets a calendar's opening hours (`HH:MM`, closing after opening) and working weekdays
/// (Monday first, at least one). The 24×7 calendar has no hours to set.
pub async fn set_hours(
    db: &Db,
    actor: &Actor,
    calendar_id: i64,
    open: &str,
    close: &str,
    weekdays: [bool; 7],
    now: i64,
) -> ServiceResult<()> {
    let open = parse_hhmm(open).ok_or_else(|| invalid("open", Msg::DeskAdminErrTime))?;
    let close = parse_hhmm(close).ok_or_else(|| invalid("close", Msg::DeskAdminErrTime))?;
    if close <= open {
        return Err(invalid("close", Msg::DeskAdminErrCloseBeforeOpen));
    }
    if !weekdays.contains(&true) {
        return Err(invalid("weekdays", Msg::DeskAdminErrWeekdays));
    }
    let weekdays = weekdays_text(&weekdays);
    let mut tx = db.begin_write().await?;
    let cal = st::calendar_tx(&mut tx, calendar_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if cal.always_open {
        return Err(ServiceError::Conflict(Msg::DeskAdminErrAlwaysOpen));
    }
    st::set_hours(&mut tx, calendar_id, open, close, &weekdays, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("desk.calendar_hours", "sla_calendar")
            .object(calendar_id)
            .before(json!({"open_min": cal.open_min, "close_min": cal.close_min, "weekdays": cal.weekdays}))
            .after(json!({"open_min": open, "close_min": close, "weekdays": weekdays})),
    )
    .await?;
    tx.commit().await.map_err(commit_err)
}

/// Marks a day of a calendar a holiday (`kind` `holiday`) or an adjusted working day
/// (`workday`, 调休) with a note; a day already listed takes the new kind and note.
pub async fn put_day(
    db: &Db,
    actor: &Actor,
    calendar_id: i64,
    day: &str,
    kind: &str,
    note: &str,
    now: i64,
) -> ServiceResult<()> {
    let day = parse_day(day).ok_or_else(|| invalid("day", Msg::ErrDateInvalid))?;
    if !matches!(kind, "holiday" | "workday") {
        return Err(invalid("kind", Msg::DeskAdminErrDayKind));
    }
    let note = check_day_note(note).map_err(ServiceError::invalid("note"))?;
    let day = day.to_string();
    let mut tx = db.begin_write().await?;
    let cal = st::calendar_tx(&mut tx, calendar_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if cal.always_open {
        return Err(ServiceError::Conflict(Msg::DeskAdminErrAlwaysOpen));
    }
    let before = st::day_tx(&mut tx, calendar_id, &day).await?;
    st::put_day(&mut tx, calendar_id, &day, kind, &note, now).await?;
    let mut event = Event::new("desk.calendar_day_set", "sla_calendar")
        .object(calendar_id)
        .after(json!({"day": day, "kind": kind, "note": note}));
    if let Some((k, n)) = before {
        event = event.before(json!({"day": day, "kind": k, "note": n}));
    }
    audit::record(&mut tx, actor, now, event).await?;
    tx.commit().await.map_err(commit_err)
}

/// Removes a holiday or adjusted working day from a calendar.
pub async fn remove_day(
    db: &Db,
    actor: &Actor,
    calendar_id: i64,
    day: &str,
    now: i64,
) -> ServiceResult<()> {
    let day = parse_day(day)
        .ok_or_else(|| invalid("day", Msg::ErrDateInvalid))?
        .to_string();
    let mut tx = db.begin_write().await?;
    let (kind, note) = st::day_tx(&mut tx, calendar_id, &day)
        .await?
        .ok_or(ServiceError::NotFound)?;
    st::delete_day(&mut tx, calendar_id, &day, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("desk.calendar_day_removed", "sla_calendar")
            .object(calendar_id)
            .before(json!({"day": day, "kind": kind, "note": note})),
    )
    .await?;
    tx.commit().await.map_err(commit_err)
}

// ---------------------------------------------------------------- SLA terms (3.4.1)

/// Sets the SLA terms of a VIP level (`Some`) or of customers who are not VIPs (`None`):
/// first response and resolution typed in hours (`8`, `1.5`, `1:30`), and the calendar they
/// run on. Requests already open keep the terms they were opened with.
pub async fn set_policy(
    db: &Db,
    actor: &Actor,
    level_id: Option<i64>,
    first_response: &str,
    resolution: &str,
    calendar_id: i64,
    now: i64,
) -> ServiceResult<()> {
    let first = parse_hours(first_response)
        .ok_or_else(|| invalid("first_response", Msg::DeskAdminErrDuration))?;
    let resolution =
        parse_hours(resolution).ok_or_else(|| invalid("resolution", Msg::DeskAdminErrDuration))?;
    if !st::calendar_exists(db.reader(), calendar_id).await? {
        return Err(invalid("calendar", Msg::DeskAdminErrCalendar));
    }
    if let Some(l) = level_id {
        if !st::level_exists(db.reader(), l).await? {
            return Err(ServiceError::NotFound);
        }
    }
    let mut tx = db.begin_write().await?;
    let before = st::policy_tx(&mut tx, level_id).await?;
    st::put_policy(&mut tx, level_id, (first, resolution, calendar_id), now).await?;
    let terms = |(f, r, c): (i64, i64, i64)| json!({"first_response_mins": f, "resolution_mins": r, "calendar": c});
    let mut event = Event::new("desk.sla_policy", "sla_policy")
        .object(level_id.map_or_else(|| "non_vip".to_string(), |l| l.to_string()))
        .after(terms((first, resolution, calendar_id)));
    if let Some(b) = before {
        event = event.before(terms(b));
    }
    audit::record(&mut tx, actor, now, event).await?;
    tx.commit().await.map_err(commit_err)
}
