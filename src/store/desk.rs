//! Service desk (clause 3): branches, agents, SLA calendars and policies, requests.

use super::{StoreResult, WriteTx};
use sqlx::{Executor, Sqlite, SqlitePool};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CalendarRow {
    pub id: i64,
    pub always_open: bool,
    pub utc_offset_secs: i64,
    pub open_min: i64,
    pub close_min: i64,
    pub weekdays: String,
}

/// The SLA policy for a VIP level (`Some`) or for customers who are not VIPs (`None`):
/// (first response minutes, resolution minutes, calendar id).
pub async fn policy<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    level_id: Option<i64>,
) -> StoreResult<Option<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT first_response_mins, resolution_mins, calendar_id FROM sla_policies
         WHERE level_id IS ?",
    )
    .bind(level_id)
    .fetch_optional(db)
    .await?)
}

pub async fn calendar(db: &SqlitePool, id: i64) -> StoreResult<Option<CalendarRow>> {
    Ok(sqlx::query_as(
        "SELECT id, always_open, utc_offset_secs, open_min, close_min, weekdays
         FROM sla_calendars WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// A calendar's special days: (day, kind) with kind `holiday` or `workday`.
pub async fn calendar_days(db: &SqlitePool, id: i64) -> StoreResult<Vec<(String, String)>> {
    Ok(
        sqlx::query_as(
            "SELECT day, kind FROM sla_calendar_days WHERE calendar_id = ? ORDER BY day",
        )
        .bind(id)
        .fetch_all(db)
        .await?,
    )
}

/// A customer's dedicated agent: (agent id, away, branch id).
pub async fn dedicated_agent(
    tx: &mut WriteTx,
    customer_id: i64,
) -> StoreResult<Option<(i64, bool, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT d.agent_id, COALESCE(s.away, 0) AS away, s.branch_id
         FROM dedicated_agents d LEFT JOIN staff_branches s ON s.user_id = d.agent_id
         WHERE d.customer_id = ?",
    )
    .bind(customer_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// A branch's supervisor.
pub async fn supervisor(tx: &mut WriteTx, branch_id: i64) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT supervisor_id FROM branches WHERE id = ?")
            .bind(branch_id)
            .fetch_optional(&mut **tx)
            .await?
            .flatten(),
    )
}

pub async fn headquarters(tx: &mut WriteTx) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM branches WHERE is_headquarters = 1")
            .fetch_optional(&mut **tx)
            .await?,
    )
}

pub async fn set_dedicated_agent(
    tx: &mut WriteTx,
    customer_id: i64,
    agent_id: i64,
    by: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO dedicated_agents (customer_id, agent_id, assigned_by, assigned_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET agent_id = excluded.agent_id,
             assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at",
    )
    .bind(customer_id)
    .bind(agent_id)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_staff_branch(
    tx: &mut WriteTx,
    user_id: i64,
    branch_id: i64,
    away: bool,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO staff_branches (user_id, branch_id, away, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET branch_id = excluded.branch_id,
             away = excluded.away, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(branch_id)
    .bind(away)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_branch(
    tx: &mut WriteTx,
    code: &str,
    names: (&str, &str),
    headquarters: bool,
    supervisor: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO branches (code, name_zh, name_en, is_headquarters, supervisor_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(code)
    .bind(names.0)
    .bind(names.1)
    .bind(headquarters)
    .bind(supervisor)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub struct NewRequestRow<'a> {
    pub customer_id: i64,
    pub kind: &'a str,
    pub channel: &'a str,
    pub urgency: i64,
    pub subject: &'a str,
    pub level_rank: i64,
    pub sla_json: &'a str,
    pub assignee_id: Option<i64>,
    pub branch_id: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub plan_id: Option<i64>,
    pub created_by: Option<i64>,
}

pub async fn insert_request(tx: &mut WriteTx, r: &NewRequestRow<'_>, now: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO service_requests (customer_id, kind, channel, urgency, subject, status,
             level_rank, sort_urgency, sort_level, sla_json, assignee_id, branch_id,
             first_response_due, resolution_due, next_due, plan_id, created_by, created_at,
             updated_at, sla_check_at)
         VALUES (?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(r.customer_id)
    .bind(r.kind)
    .bind(r.channel)
    .bind(r.urgency)
    .bind(r.subject)
    .bind(r.level_rank)
    .bind(-r.urgency)
    .bind(-r.level_rank)
    .bind(r.sla_json)
    .bind(r.assignee_id)
    .bind(r.branch_id)
    .bind(r.first_response_due)
    .bind(r.resolution_due)
    .bind(r.first_response_due.or(r.resolution_due))
    .bind(r.plan_id)
    .bind(r.created_by)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn insert_message(
    tx: &mut WriteTx,
    request_id: i64,
    author_id: Option<i64>,
    body: &str,
    internal: bool,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO request_messages (request_id, author_id, body, internal, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(request_id)
    .bind(author_id)
    .bind(body)
    .bind(internal)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_event(
    tx: &mut WriteTx,
    request_id: i64,
    actor_id: Option<i64>,
    kind: &str,
    from_status: Option<&str>,
    to_status: Option<&str>,
    assignee_id: Option<i64>,
    note: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO request_events (request_id, actor_id, kind, from_status, to_status,
             assignee_id, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(request_id)
    .bind(actor_id)
    .bind(kind)
    .bind(from_status)
    .bind(to_status)
    .bind(assignee_id)
    .bind(note)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub kind: String,
    pub channel: String,
    pub urgency: i64,
    pub subject: String,
    pub status: String,
    pub level_rank: i64,
    pub sla_json: String,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub branch_id: Option<i64>,
    pub branch_name: Option<String>,
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub next_due: Option<i64>,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub plan_id: Option<i64>,
    pub created_at: i64,
}

const REQUEST_COLUMNS: &str = "r.id, r.customer_id, c.name AS customer_name, r.kind, r.channel,
    r.urgency, r.subject, r.status, r.level_rank, r.sla_json, r.assignee_id,
    a.name AS assignee_name, r.branch_id, b.name_zh || ' / ' || b.name_en AS branch_name,
    r.first_response_due, r.resolution_due, r.next_due, r.first_response_at, r.resolved_at,
    r.plan_id, r.created_at";

const REQUEST_FROM: &str = "FROM service_requests r JOIN users c ON c.id = r.customer_id
    LEFT JOIN users a ON a.id = r.assignee_id LEFT JOIN branches b ON b.id = r.branch_id";

pub async fn request<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    id: i64,
) -> StoreResult<Option<RequestRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS} {REQUEST_FROM} WHERE r.id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// (id, author name, from staff, body, internal, at); `with_internal` = false drops internal
/// notes in the query itself, so they can never reach a customer's view.
pub async fn messages(
    db: &SqlitePool,
    request_id: i64,
    with_internal: bool,
) -> StoreResult<Vec<(i64, String, bool, String, bool, i64)>> {
    Ok(sqlx::query_as(
        "SELECT m.id, COALESCE(u.name, ''), COALESCE(u.kind = 'staff', 0), m.body, m.internal, m.created_at
         FROM request_messages m LEFT JOIN users u ON u.id = m.author_id
         WHERE m.request_id = ? AND (? OR m.internal = 0) ORDER BY m.id",
    )
    .bind(request_id)
    .bind(with_internal)
    .fetch_all(db)
    .await?)
}

/// Applies a status change (and the due times that go with it) if the status is still `from`;
/// the SLA watcher looks at the request again on its next run.
#[allow(clippy::too_many_arguments)]
pub async fn set_status(
    tx: &mut WriteTx,
    id: i64,
    from: &str,
    to: &str,
    first_response_at: Option<i64>,
    resolved_at: Option<i64>,
    due: (Option<i64>, Option<i64>, Option<i64>),
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE service_requests SET status = ?, first_response_at = COALESCE(first_response_at, ?),
             resolved_at = ?, closed_at = CASE WHEN ? = 'closed' THEN ? ELSE closed_at END,
             first_response_due = ?, resolution_due = ?, next_due = ?, updated_at = ?,
             sla_check_at = ?
         WHERE id = ? AND status = ?",
    )
    .bind(to)
    .bind(first_response_at)
    .bind(resolved_at)
    .bind(to)
    .bind(now)
    .bind(due.0)
    .bind(due.1)
    .bind(due.2)
    .bind(now)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The pauses of a request's clock: (start, end).
pub async fn pauses<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    request_id: i64,
) -> StoreResult<Vec<(i64, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT start_at, end_at FROM request_pauses WHERE request_id = ? ORDER BY start_at",
    )
    .bind(request_id)
    .fetch_all(db)
    .await?)
}

pub async fn start_pause(tx: &mut WriteTx, request_id: i64, now: i64) -> StoreResult<()> {
    sqlx::query("INSERT OR IGNORE INTO request_pauses (request_id, start_at) VALUES (?, ?)")
        .bind(request_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn end_pause(tx: &mut WriteTx, request_id: i64, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE request_pauses SET end_at = ? WHERE request_id = ? AND end_at IS NULL")
        .bind(now)
        .bind(request_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Which active requests a queue page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueScope {
    All,
    Assignee(i64),
    Branch(i64),
    Unassigned,
    /// Past their next due time at this moment.
    Breached(i64),
}

/// A queue page's filters: the scope, and optionally one kind and one channel (stored names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueFilter<'a> {
    pub scope: QueueScope,
    pub kind: Option<&'a str>,
    pub channel: Option<&'a str>,
}

impl QueueFilter<'_> {
    pub fn scope(scope: QueueScope) -> QueueFilter<'static> {
        QueueFilter {
            scope,
            kind: None,
            channel: None,
        }
    }
}

/// The queue's sort key, used as the keyset cursor:
/// (sort_urgency, sort_level, next_due, created_at, id).
pub type QueueCursor = (i64, i64, i64, i64, i64);

/// One page of active requests in queue order (clause 3.2.2), after `after` (keyset). Every
/// scope is served by a partial index in that order (`service_requests_queue`, `_assignee`,
/// `_branch`), so a page reads `limit` index entries however long the queue is.
pub async fn queue_page(
    db: &SqlitePool,
    filter: QueueFilter<'_>,
    after: Option<QueueCursor>,
    limit: i64,
) -> StoreResult<Vec<RequestRow>> {
    let (scope_sql, scope_id) = match filter.scope {
        QueueScope::All => ("", None),
        QueueScope::Assignee(id) => ("AND r.assignee_id = ?", Some(id)),
        QueueScope::Branch(id) => ("AND r.branch_id = ?", Some(id)),
        QueueScope::Unassigned => ("AND r.assignee_id IS NULL", None),
        QueueScope::Breached(now) => ("AND r.next_due < ?", Some(now)),
    };
    let kind_sql = if filter.kind.is_some() {
        "AND r.kind = ?"
    } else {
        ""
    };
    let channel_sql = if filter.channel.is_some() {
        "AND r.channel = ?"
    } else {
        ""
    };
    let after_sql = if after.is_some() {
        "AND (r.sort_urgency, r.sort_level, r.next_due, r.created_at, r.id) > (?, ?, ?, ?, ?)"
    } else {
        ""
    };
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} {REQUEST_FROM}
         WHERE r.status IN ('new', 'open') {scope_sql} {kind_sql} {channel_sql} {after_sql}
         ORDER BY r.sort_urgency, r.sort_level, r.next_due, r.created_at, r.id LIMIT ?"
    );
    let mut q = sqlx::query_as(&sql);
    if let Some(id) = scope_id {
        q = q.bind(id);
    }
    if let Some(k) = filter.kind {
        q = q.bind(k);
    }
    if let Some(c) = filter.channel {
        q = q.bind(c);
    }
    if let Some(c) = after {
        q = q.bind(c.0).bind(c.1).bind(c.2).bind(c.3).bind(c.4);
    }
    Ok(q.bind(limit).fetch_all(db).await?)
}

/// The query plan of the queue's first page (for the benchmark's report).
pub async fn queue_plan(db: &SqlitePool) -> StoreResult<Vec<String>> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!(
        "EXPLAIN QUERY PLAN SELECT {REQUEST_COLUMNS} {REQUEST_FROM}
         WHERE r.status IN ('new', 'open')
         ORDER BY r.sort_urgency, r.sort_level, r.next_due, r.created_at, r.id LIMIT 50"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.3).collect())
}

/// The raw lookup the benchmark compares against: the same rows from the same index, without
/// the joins for names and without mapping; returns how many rows came back.
pub async fn queue_raw(db: &SqlitePool, limit: i64) -> StoreResult<usize> {
    Ok(sqlx::query(
        "SELECT * FROM service_requests WHERE status IN ('new', 'open')
         ORDER BY sort_urgency, sort_level, next_due, created_at, id LIMIT ?",
    )
    .bind(limit)
    .fetch_all(db)
    .await?
    .len())
}

/// How many active requests come before this one in its queue (its branch, or all when it
/// has none).
pub async fn position(db: &SqlitePool, r: &RequestRow) -> StoreResult<i64> {
    let key: QueueCursor = (
        -r.urgency,
        -r.level_rank,
        r.next_due.unwrap_or(i64::MAX),
        r.created_at,
        r.id,
    );
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM service_requests r
         WHERE r.status IN ('new', 'open') AND (?1 IS NULL OR r.branch_id = ?1)
           AND (r.sort_urgency, r.sort_level, r.next_due, r.created_at, r.id) < (?2, ?3, ?4, ?5, ?6)",
    )
    .bind(r.branch_id)
    .bind(key.0)
    .bind(key.1)
    .bind(key.2)
    .bind(key.3)
    .bind(key.4)
    .fetch_one(db)
    .await?)
}

/// A customer's requests, newest first.
pub async fn of_customer(db: &SqlitePool, customer_id: i64) -> StoreResult<Vec<RequestRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS} {REQUEST_FROM} WHERE r.customer_id = ? ORDER BY r.id DESC LIMIT 200"
    ))
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

pub async fn any_branch(db: &SqlitePool) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM branches LIMIT 1")
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// Marks `day` a holiday or an adjusted working day on a calendar.
pub async fn set_calendar_day(
    tx: &mut WriteTx,
    calendar_id: i64,
    day: &str,
    kind: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sla_calendar_days (calendar_id, day, kind) VALUES (?, ?, ?)
         ON CONFLICT (calendar_id, day) DO UPDATE SET kind = excluded.kind",
    )
    .bind(calendar_id)
    .bind(day)
    .bind(kind)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE sla_calendars SET updated_at = ? WHERE id = ?")
        .bind(now)
        .bind(calendar_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Attaches an uploaded file to a request.
pub async fn attach_file(tx: &mut WriteTx, request_id: i64, file_id: i64) -> StoreResult<()> {
    sqlx::query("INSERT INTO request_files (request_id, file_id) VALUES (?, ?)")
        .bind(request_id)
        .bind(file_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How many files a request has.
pub async fn file_count(tx: &mut WriteTx, request_id: i64) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM request_files WHERE request_id = ?")
            .bind(request_id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// A request's files, oldest first (never their content): (id, name, mime, size, sha256,
/// uploaded at, uploader's name).
pub async fn files_of(
    db: &SqlitePool,
    request_id: i64,
) -> StoreResult<Vec<(i64, String, String, i64, String, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT f.id, f.name, f.mime, f.size, f.sha256, f.created_at, COALESCE(u.name, '')
         FROM request_files rf JOIN files f ON f.id = rf.file_id
              LEFT JOIN users u ON u.id = f.uploaded_by
         WHERE rf.request_id = ? ORDER BY f.id",
    )
    .bind(request_id)
    .fetch_all(db)
    .await?)
}
