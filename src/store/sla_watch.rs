//! SQL of the SLA watcher (clauses 3.2.1, 3.4.1): which active requests are due a look, the
//! once-only SLA event records, the people to tell, and closing resolved requests.

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

/// Active requests whose next SLA moment has come, earliest first.
pub async fn due_for_check(db: &SqlitePool, now: i64, limit: i64) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM service_requests
         WHERE status IN ('new', 'open') AND sla_check_at IS NOT NULL AND sla_check_at <= ?
         ORDER BY sla_check_at LIMIT ?",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Records that a request's `target` clock reached `stage` at `at`; `false` when it was
/// already recorded (by an earlier run or another node).
pub async fn record(
    tx: &mut WriteTx,
    request_id: i64,
    target: &str,
    stage: &str,
    at: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "INSERT OR IGNORE INTO sla_events (request_id, target, stage, at) VALUES (?, ?, ?, ?)",
    )
    .bind(request_id)
    .bind(target)
    .bind(stage)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The next moment the watcher must look at a request (`None`: nothing left to watch), if it
/// is still active.
pub async fn set_check_at(tx: &mut WriteTx, request_id: i64, at: Option<i64>) -> StoreResult<()> {
    sqlx::query(
        "UPDATE service_requests SET sla_check_at = ? WHERE id = ? AND status IN ('new', 'open')",
    )
    .bind(at)
    .bind(request_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A request's SLA records: (target, stage, at), in order.
pub async fn events_of(
    db: &SqlitePool,
    request_id: i64,
) -> StoreResult<Vec<(String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT target, stage, at FROM sla_events WHERE request_id = ? ORDER BY at, target, stage",
    )
    .bind(request_id)
    .fetch_all(db)
    .await?)
}

/// Active administrators: the second escalation level.
pub async fn admins(tx: &mut WriteTx) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'admin' AND u.active = 1 ORDER BY u.id",
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Resolved requests whose reopening window ended (resolved before `cutoff`): (id, customer).
pub async fn resolved_before(
    db: &SqlitePool,
    cutoff: i64,
    limit: i64,
) -> StoreResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT id, customer_id FROM service_requests
         WHERE status = 'resolved' AND resolved_at < ? ORDER BY resolved_at LIMIT ?",
    )
    .bind(cutoff)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Closes a resolved request if it is still resolved and its window has ended.
pub async fn close(tx: &mut WriteTx, id: i64, cutoff: i64, now: i64) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE service_requests SET status = 'closed', closed_at = ?, updated_at = ?
         WHERE id = ? AND status = 'resolved' AND resolved_at < ?",
    )
    .bind(now)
    .bind(now)
    .bind(id)
    .bind(cutoff)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}
