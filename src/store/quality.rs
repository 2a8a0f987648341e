//! SQL for quality standards, evaluations and training (5.2).

use super::{StoreResult, WriteTx};
use crate::quality::Standards;
use sqlx::{Sqlite, SqliteConnection, SqliteExecutor};

// ---------------------------------------------------------------- standards (5.2.2)

const STANDARDS: &str = "SELECT min_csat_centi, min_ratings, min_sla_bp, public_figures
                         FROM quality_standards WHERE id = 1";

fn to_standards(row: Option<(i64, i64, i64, i64)>) -> Standards {
    row.map(|(c, r, s, p)| Standards {
        min_csat_centi: c,
        min_ratings: r,
        min_sla_bp: s,
        public_figures: p != 0,
    })
    .unwrap_or_default()
}

/// The quality standards (the row migration 0012 ships).
pub async fn standards(conn: impl SqliteExecutor<'_>) -> StoreResult<Standards> {
    let row: Option<(i64, i64, i64, i64)> = sqlx::query_as(STANDARDS).fetch_optional(conn).await?;
    Ok(to_standards(row))
}

/// Who changed the standards last, and when (`updated_at` 0: never).
pub async fn standards_changed(
    conn: impl SqliteExecutor<'_>,
) -> StoreResult<(Option<String>, i64)> {
    let row: Option<(Option<String>, i64)> = sqlx::query_as(
        "SELECT u.name, s.updated_at FROM quality_standards s
         LEFT JOIN users u ON u.id = s.updated_by WHERE s.id = 1",
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.unwrap_or((None, 0)))
}

/// Sets the standards.
pub async fn put_standards(
    tx: &mut WriteTx,
    s: &Standards,
    by: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE quality_standards SET min_csat_centi = ?, min_ratings = ?, min_sla_bp = ?,
             public_figures = ?, updated_by = ?, updated_at = ?
         WHERE id = 1",
    )
    .bind(s.min_csat_centi)
    .bind(s.min_ratings)
    .bind(s.min_sla_bp)
    .bind(i64::from(s.public_figures))
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------- stored evaluations (5.2.1)

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PeriodRow {
    pub period: String,
    pub revision: i64,
    pub standards_json: String,
    pub computed_by: Option<i64>,
    pub computed_by_name: Option<String>,
    pub computed_at: i64,
}

/// A stored period, if computed.
pub async fn period(conn: impl SqliteExecutor<'_>, period: &str) -> StoreResult<Option<PeriodRow>> {
    Ok(sqlx::query_as(
        "SELECT p.period, p.revision, p.standards_json, p.computed_by, u.name AS computed_by_name,
                p.computed_at
         FROM quality_periods p LEFT JOIN users u ON u.id = p.computed_by WHERE p.period = ?",
    )
    .bind(period)
    .fetch_optional(conn)
    .await?)
}

/// Every stored period, newest first.
pub async fn periods(conn: impl SqliteExecutor<'_>) -> StoreResult<Vec<(String, i64)>> {
    Ok(
        sqlx::query_as("SELECT period, revision FROM quality_periods ORDER BY period DESC")
            .fetch_all(conn)
            .await?,
    )
}

/// One stored evaluation row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EvaluationRecord {
    pub period: String,
    pub scope: String,
    pub subject_id: i64,
    pub ratings: i64,
    pub rating_sum: i64,
    pub requests: i64,
    pub frt_median_secs: Option<i64>,
    pub frt_p90_secs: Option<i64>,
    pub res_median_secs: Option<i64>,
    pub res_p90_secs: Option<i64>,
    pub sla_met: i64,
    pub sla_total: i64,
    pub complaints: i64,
    pub upheld: i64,
    pub below_standard: bool,
    pub reasons: String,
}

const RECORD: &str = "SELECT period, scope, subject_id, ratings, rating_sum, requests,
        frt_median_secs, frt_p90_secs, res_median_secs, res_p90_secs, sla_met, sla_total,
        complaints, upheld, below_standard, reasons
    FROM quality_evaluations";

/// Every row of a stored period.
pub async fn evaluation_rows(
    conn: impl SqliteExecutor<'_>,
    period: &str,
) -> StoreResult<Vec<EvaluationRecord>> {
    Ok(sqlx::query_as(&format!(
        "{RECORD} WHERE period = ? ORDER BY scope, subject_id"
    ))
    .bind(period)
    .fetch_all(conn)
    .await?)
}

/// One subject's rows in every stored period, newest first.
pub async fn subject_history(
    conn: impl SqliteExecutor<'_>,
    scope: &str,
    subject_id: i64,
) -> StoreResult<Vec<EvaluationRecord>> {
    Ok(sqlx::query_as(&format!(
        "{RECORD} WHERE scope = ? AND subject_id = ? ORDER BY period DESC"
    ))
    .bind(scope)
    .bind(subject_id)
    .fetch_all(conn)
    .await?)
}

/// Inserts or replaces the period's header (`revision` as given).
pub async fn put_period(
    tx: &mut WriteTx,
    period: &str,
    revision: i64,
    standards_json: &str,
    by: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO quality_periods (period, revision, standards_json, computed_by, computed_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (period) DO UPDATE SET revision = excluded.revision,
             standards_json = excluded.standards_json, computed_by = excluded.computed_by,
             computed_at = excluded.computed_at",
    )
    .bind(period)
    .bind(revision)
    .bind(standards_json)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes a period's rows (before a recomputation writes new ones).
pub async fn delete_rows(tx: &mut WriteTx, period: &str) -> StoreResult<u64> {
    Ok(
        sqlx::query("DELETE FROM quality_evaluations WHERE period = ?")
            .bind(period)
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}

/// Inserts rows with multi-row INSERTs.
pub async fn insert_rows(tx: &mut WriteTx, rows: &[EvaluationRecord]) -> StoreResult<()> {
    // 16 columns: 50 rows stay under SQLite's 999-parameter limit of old builds.
    for chunk in rows.chunks(50) {
        let mut sql = String::from(
            "INSERT INTO quality_evaluations (period, scope, subject_id, ratings, rating_sum,
                 requests, frt_median_secs, frt_p90_secs, res_median_secs, res_p90_secs, sla_met,
                 sla_total, complaints, upheld, below_standard, reasons) VALUES ",
        );
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q
                .bind(&r.period)
                .bind(&r.scope)
                .bind(r.subject_id)
                .bind(r.ratings)
                .bind(r.rating_sum)
                .bind(r.requests)
                .bind(r.frt_median_secs)
                .bind(r.frt_p90_secs)
                .bind(r.res_median_secs)
                .bind(r.res_p90_secs)
                .bind(r.sla_met)
                .bind(r.sla_total)
                .bind(r.complaints)
                .bind(r.upheld)
                .bind(r.below_standard)
                .bind(&r.reasons);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- the data evaluated

/// A request resolved in the period, as the evaluation reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResolvedRequest {
    pub id: i64,
    pub assignee_id: Option<i64>,
    pub branch_id: Option<i64>,
    pub sla_json: String,
    pub created_at: i64,
    pub first_response_at: Option<i64>,
    pub resolved_at: i64,
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    /// The clock's pauses as `start:end,start:end` (`end` empty while paused); `None` without.
    pub pauses: Option<String>,
}

impl ResolvedRequest {
    /// The pauses as (start, end) pairs; malformed parts are skipped.
    pub fn pause_list(&self) -> Vec<(i64, Option<i64>)> {
        let Some(p) = &self.pauses else {
            return Vec::new();
        };
        p.split(',')
            .filter_map(|part| {
                let (s, e) = part.split_once(':')?;
                Some((s.parse().ok()?, e.parse().ok()))
            })
            .collect()
    }
}

/// The batch read of [`resolved_page`] (binds: start, end, after resolved_at, after id, limit).
pub const RESOLVED_PAGE: &str =
    "SELECT r.id, r.assignee_id, r.branch_id, r.sla_json, r.created_at, r.first_response_at,
            r.resolved_at, r.first_response_due, r.resolution_due,
            (SELECT group_concat(p.start_at || ':' || IFNULL(p.end_at, ''), ',')
             FROM request_pauses p WHERE p.request_id = r.id) AS pauses
     FROM service_requests r INDEXED BY service_requests_resolved_at
     WHERE r.resolved_at >= ?1 AND r.resolved_at < ?2 AND (r.resolved_at, r.id) > (?3, ?4)
     ORDER BY r.resolved_at, r.id LIMIT ?5";

/// The next `limit` requests resolved in `[start, end)` after `(resolved_at, id)` `after`, in
/// that order — a keyset walk over the `resolved_at` index, so a month of a million requests
/// is read in batches without OFFSET, each with its pauses (a primary-key probe in SQLite).
pub async fn resolved_page(
    conn: &mut SqliteConnection,
    (start, end): (i64, i64),
    after: Option<(i64, i64)>,
    limit: i64,
) -> StoreResult<Vec<ResolvedRequest>> {
    let (at, id) = after.unwrap_or((start, i64::MIN));
    Ok(sqlx::query_as::<Sqlite, ResolvedRequest>(RESOLVED_PAGE)
        .bind(start)
        .bind(end)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?)
}

/// Ratings of requests and complaints given in `[start, end)`, summed per (agent, branch) as
/// the feedback recorded them when rated: (agent, branch, count, sum).
pub async fn ratings_in(
    conn: &mut SqliteConnection,
    (start, end): (i64, i64),
) -> StoreResult<Vec<(Option<i64>, Option<i64>, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT agent_id, branch_id, COUNT(*), SUM(rating) FROM feedback
         WHERE created_at >= ? AND created_at < ? AND rating IS NOT NULL
           AND (request_id IS NOT NULL OR complaint_id IS NOT NULL)
         GROUP BY agent_id, branch_id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?)
}

/// Complaints received in `[start, end)` per (agent, branch): the agent is the one the
/// complaint names, else the assignee of the request it is about; upheld = the latest proposed
/// resolution found it upheld or partly upheld. (agent, branch, received, upheld).
pub async fn complaints_in(
    conn: &mut SqliteConnection,
    (start, end): (i64, i64),
) -> StoreResult<Vec<(Option<i64>, Option<i64>, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(c.agent_id, r.assignee_id) AS agent, c.branch_id, COUNT(*),
                SUM((SELECT p.finding IN ('upheld', 'partly_upheld') FROM complaint_proposals p
                     WHERE p.complaint_id = c.id ORDER BY p.round DESC LIMIT 1) IS 1)
         FROM complaints c LEFT JOIN service_requests r ON r.id = c.request_id
         WHERE c.received_at >= ? AND c.received_at < ?
         GROUP BY agent, c.branch_id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?)
}

/// Every branch: (id, name zh, name en).
pub async fn branch_names(
    conn: impl SqliteExecutor<'_>,
) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(
        sqlx::query_as("SELECT id, name_zh, name_en FROM branches ORDER BY id")
            .fetch_all(conn)
            .await?,
    )
}

/// Active staff holding the quality role (they hear of agents below standard).
pub async fn quality_staff(tx: &mut WriteTx) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'quality' AND u.active = 1 ORDER BY u.id",
    )
    .fetch_all(&mut **tx)
    .await?)
}

// ---------------------------------------------------------------- training (5.2.2)

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TrainingRow {
    pub id: i64,
    pub agent_id: i64,
    pub agent_name: String,
    pub period: Option<String>,
    pub topic: String,
    pub material: String,
    pub due_on: String,
    pub status: String,
    pub assigned_by: i64,
    pub assigned_by_name: String,
    pub assigned_at: i64,
    pub done_note: Option<String>,
    pub done_at: Option<i64>,
    pub verified_by_name: Option<String>,
    pub verified_at: Option<i64>,
    pub review_note: Option<String>,
    pub updated_at: i64,
}

const TRAINING: &str = "SELECT t.id, t.agent_id, a.name AS agent_name, t.period, t.topic,
        t.material, t.due_on, t.status, t.assigned_by, b.name AS assigned_by_name, t.assigned_at,
        t.done_note, t.done_at, v.name AS verified_by_name, t.verified_at, t.review_note,
        t.updated_at
    FROM trainings t JOIN users a ON a.id = t.agent_id JOIN users b ON b.id = t.assigned_by
    LEFT JOIN users v ON v.id = t.verified_by";

pub struct NewTraining<'a> {
    pub agent_id: i64,
    pub period: Option<&'a str>,
    pub topic: &'a str,
    pub material: &'a str,
    pub due_on: &'a str,
    pub assigned_by: i64,
    pub now: i64,
}

pub async fn insert_training(tx: &mut WriteTx, t: &NewTraining<'_>) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO trainings (agent_id, period, topic, material, due_on, status, assigned_by,
                                assigned_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'assigned', ?, ?, ?) RETURNING id",
    )
    .bind(t.agent_id)
    .bind(t.period)
    .bind(t.topic)
    .bind(t.material)
    .bind(t.due_on)
    .bind(t.assigned_by)
    .bind(t.now)
    .bind(t.now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn training(conn: impl SqliteExecutor<'_>, id: i64) -> StoreResult<Option<TrainingRow>> {
    Ok(sqlx::query_as(&format!("{TRAINING} WHERE t.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// An agent's trainings, newest first.
pub async fn trainings_of(
    conn: impl SqliteExecutor<'_>,
    agent_id: i64,
) -> StoreResult<Vec<TrainingRow>> {
    Ok(sqlx::query_as(&format!(
        "{TRAINING} WHERE t.agent_id = ? ORDER BY t.id DESC"
    ))
    .bind(agent_id)
    .fetch_all(conn)
    .await?)
}

/// Trainings with one of `statuses` (by due date, then newest), at most `limit`.
pub async fn trainings_with(
    conn: impl SqliteExecutor<'_>,
    statuses: &[&str],
    limit: i64,
) -> StoreResult<Vec<TrainingRow>> {
    let json = serde_json::to_string(statuses).unwrap_or_else(|_| "[]".into());
    Ok(sqlx::query_as(&format!(
        "{TRAINING} WHERE t.status IN (SELECT value FROM json_each(?))
         ORDER BY t.status = 'verified', t.due_on, t.id DESC LIMIT ?"
    ))
    .bind(json)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The agent completed the training: `assigned` → `done` (false if it was not assigned).
pub async fn mark_done(tx: &mut WriteTx, id: i64, note: &str, now: i64) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE trainings SET status = 'done', done_note = ?, done_at = ?, updated_at = ?
         WHERE id = ? AND status = 'assigned'",
    )
    .bind(note)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Quality staff verify (`to` = `verified`) or send back (`assigned`) a done training.
pub async fn review(
    tx: &mut WriteTx,
    id: i64,
    to: &str,
    by: i64,
    note: &str,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE trainings SET status = ?, review_note = ?, updated_at = ?,
             verified_by = CASE WHEN ? = 'verified' THEN ? ELSE verified_by END,
             verified_at = CASE WHEN ? = 'verified' THEN ? ELSE verified_at END
         WHERE id = ? AND status = 'done'",
    )
    .bind(to)
    .bind(note)
    .bind(now)
    .bind(to)
    .bind(by)
    .bind(to)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Active staff (not customers): whom training may be assigned to. (id, name, roles csv).
pub async fn active_staff(
    conn: impl SqliteExecutor<'_>,
) -> StoreResult<Vec<(i64, String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, group_concat(r.role) FROM users u
         LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE u.kind = 'staff' AND u.active = 1
         GROUP BY u.id ORDER BY u.name COLLATE NOCASE, u.id",
    )
    .fetch_all(conn)
    .await?)
}

/// A staff member's name and whether the account is an active staff account.
pub async fn staff_member(
    conn: impl SqliteExecutor<'_>,
    id: i64,
) -> StoreResult<Option<(String, bool)>> {
    Ok(
        sqlx::query_as("SELECT name, active = 1 FROM users WHERE id = ? AND kind = 'staff'")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}
