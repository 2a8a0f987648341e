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

/// Active requests per queue filter: (all, mine, my branch, unassigned, breached). "All" and
/// "unassigned" are the tallies the triggers of migration 0013 keep (counting them scanned every
/// active request on each queue page); the others are ranges of one partial index
/// (`_assignee`, `_branch`, `_queue_due`), read without touching the table.
pub async fn counts(
    db: &SqlitePool,
    me: i64,
    branch: Option<i64>,
    now: i64,
) -> StoreResult<(i64, i64, i64, i64, i64)> {
    const ACTIVE: &str = "FROM service_requests WHERE status IN ('new', 'open')";
    Ok(sqlx::query_as(&format!(
        "SELECT (SELECT n FROM queue_tally WHERE name = 'active'),
                (SELECT COUNT(*) {ACTIVE} AND assignee_id = ?),
                (SELECT COUNT(*) {ACTIVE} AND branch_id = ?),
                (SELECT n FROM queue_tally WHERE name = 'unassigned'),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{now_ms, Db};
    use rand::{Rng, SeedableRng};

    async fn real_counts(db: &SqlitePool) -> (i64, i64) {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM service_requests WHERE status IN ('new', 'open')),
                    (SELECT COUNT(*) FROM service_requests
                     WHERE status IN ('new', 'open') AND assignee_id IS NULL)",
        )
        .fetch_one(db)
        .await
        .unwrap()
    }

    /// Clause 3.2.2: the queue's "all" and "unassigned" counts stay exact through any mix of
    /// requests opened, assigned, unassigned, moved between statuses and deleted.
    #[tokio::test]
    async fn clause_3_2_2_queue_tallies_match_a_full_count_after_random_changes() {
        let dir =
            std::env::temp_dir().join(format!("vipcare-tally-{}-{}", std::process::id(), now_ms()));
        let db = Db::open(&dir.join("t.db")).await.unwrap();
        db.migrate().await.unwrap();
        let mut tx = db.begin_write().await.unwrap();
        let people = crate::store::bench::insert_customers(&mut tx, 4, now_ms())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        const STATUSES: [&str; 5] = ["new", "open", "waiting_on_customer", "resolved", "closed"];
        for seed in 0..4u64 {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            for step in 0..300 {
                let assignee = if rng.gen_bool(0.5) {
                    Some(people[rng.gen_range(0..people.len())])
                } else {
                    None
                };
                let status = STATUSES[rng.gen_range(0..STATUSES.len())];
                let mut tx = db.begin_write().await.unwrap();
                match rng.gen_range(0..5) {
                    0 | 1 => {
                        sqlx::query(
                            "INSERT INTO service_requests (customer_id, kind, channel, urgency,
                                 subject, status, sort_urgency, sort_level, sla_json, assignee_id,
                                 created_at, updated_at)
                             VALUES (?, 'consultation', 'web', 1, 's', ?, -1, 0, '{}', ?, 0, 0)",
                        )
                        .bind(people[0])
                        .bind(status)
                        .bind(assignee)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                    }
                    2 => {
                        sqlx::query(
                            "UPDATE service_requests SET status = ? WHERE id IN
                             (SELECT id FROM service_requests ORDER BY random() LIMIT 1)",
                        )
                        .bind(status)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                    }
                    3 => {
                        sqlx::query(
                            "UPDATE service_requests SET assignee_id = ?, status = status WHERE id IN
                             (SELECT id FROM service_requests ORDER BY random() LIMIT 2)",
                        )
                        .bind(assignee)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                    }
                    _ => {
                        sqlx::query(
                            "DELETE FROM service_requests WHERE id IN
                             (SELECT id FROM service_requests ORDER BY random() LIMIT 1)",
                        )
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                    }
                }
                tx.commit().await.unwrap();
                let (all, _, _, unassigned, _) =
                    counts(db.reader(), people[0], None, 0).await.unwrap();
                assert_eq!(
                    (all, unassigned),
                    real_counts(db.reader()).await,
                    "seed {seed}, step {step}"
                );
            }
        }
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
