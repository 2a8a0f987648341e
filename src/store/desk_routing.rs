//! SQL of the service desk's routing (clauses 3.1.1, 3.2.2, 3.4.2): who may take a request,
//! claiming, assigning and transferring it, the queue's counts, and a request's timeline.

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

/// A staff member's branch and whether they are away.
pub async fn staff_branch(db: &SqlitePool, user_id: i64) -> StoreResult<Option<(i64, bool)>> {
    Ok(
        sqlx::query_as("SELECT branch_id, away FROM staff_branches WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(db)
            .await?,
    )
}

/// Active requests per queue filter: (all, mine, my branch, unassigned, breached). Each count
/// is a range of one partial index (`_queue`, `_assignee`, `_branch`, `_queue_due`), read
/// without touching the table.
pub async fn counts(
    db: &SqlitePool,
    me: i64,
    branch: Option<i64>,
    now: i64,
) -> StoreResult<(i64, i64, i64, i64, i64)> {
    const ACTIVE: &str = "FROM service_requests WHERE status IN ('new', 'open')";
    Ok(sqlx::query_as(&format!(
        "SELECT (SELECT COUNT(*) {ACTIVE}),
                (SELECT COUNT(*) {ACTIVE} AND assignee_id = ?),
                (SELECT COUNT(*) {ACTIVE} AND branch_id = ?),
                (SELECT COUNT(*) {ACTIVE} AND assignee_id IS NULL),
                (SELECT COUNT(*) {ACTIVE} AND next_due < ?)"
    ))
    .bind(me)
    .bind(branch.unwrap_or(-1))
    .bind(now)
    .fetch_one(db)
    .await?)
}

/// Staff who handle requests (agents and admins, active): (id, name, branch name, away).
pub async fn handlers(db: &SqlitePool) -> StoreResult<Vec<(i64, String, Option<String>, bool)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, b.name_zh || ' / ' || b.name_en, COALESCE(s.away, 0)
         FROM users u LEFT JOIN staff_branches s ON s.user_id = u.id
              LEFT JOIN branches b ON b.id = s.branch_id
         WHERE u.active = 1 AND u.kind = 'staff'
           AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('agent', 'admin'))
         ORDER BY u.name, u.id",
    )
    .fetch_all(db)
    .await?)
}

/// Headquarters and branches: (id, name).
pub async fn branches(db: &SqlitePool) -> StoreResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name_zh || ' / ' || name_en FROM branches ORDER BY is_headquarters DESC, code",
    )
    .fetch_all(db)
    .await?)
}

/// If `user_id` may take requests (active agent or admin): `Some(their branch)`.
pub async fn handler_branch(tx: &mut WriteTx, user_id: i64) -> StoreResult<Option<Option<i64>>> {
    Ok(sqlx::query_scalar(
        "SELECT s.branch_id FROM users u LEFT JOIN staff_branches s ON s.user_id = u.id
         WHERE u.id = ? AND u.active = 1 AND u.kind = 'staff'
           AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('agent', 'admin'))",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn branch_exists(tx: &mut WriteTx, id: i64) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM branches WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

/// Routes a request that is not yet resolved to `assignee` (or nobody) in `branch`.
pub async fn set_route(
    tx: &mut WriteTx,
    id: i64,
    assignee: Option<i64>,
    branch: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE service_requests SET assignee_id = ?, branch_id = ?, updated_at = ?
         WHERE id = ? AND status IN ('new', 'open', 'waiting_on_customer')",
    )
    .bind(assignee)
    .bind(branch)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Records a claim, assignment or transfer on the timeline.
#[allow(clippy::too_many_arguments)]
pub async fn insert_route_event(
    tx: &mut WriteTx,
    request_id: i64,
    actor_id: Option<i64>,
    kind: &str,
    assignee_id: Option<i64>,
    branch_id: Option<i64>,
    note: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO request_events (request_id, actor_id, kind, assignee_id, branch_id, note, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(request_id)
    .bind(actor_id)
    .bind(kind)
    .bind(assignee_id)
    .bind(branch_id)
    .bind(note)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One entry of a request's timeline.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub assignee_name: Option<String>,
    pub branch_name: Option<String>,
    pub actor_name: Option<String>,
    pub note: String,
    pub at: i64,
}

/// A request's timeline in order. Transfer notes are internal: `with_notes = false` blanks them
/// in the query itself.
pub async fn events(
    db: &SqlitePool,
    request_id: i64,
    with_notes: bool,
) -> StoreResult<Vec<EventRow>> {
    Ok(sqlx::query_as(
        "SELECT e.kind, e.from_status, e.to_status, a.name AS assignee_name,
                b.name_zh || ' / ' || b.name_en AS branch_name,
                u.name AS actor_name,
                CASE WHEN ? THEN e.note ELSE '' END AS note, e.at
         FROM request_events e LEFT JOIN users a ON a.id = e.assignee_id
              LEFT JOIN users u ON u.id = e.actor_id
              LEFT JOIN branches b ON b.id = e.branch_id
         WHERE e.request_id = ? ORDER BY e.at, e.id",
    )
    .bind(with_notes)
    .bind(request_id)
    .fetch_all(db)
    .await?)
}
