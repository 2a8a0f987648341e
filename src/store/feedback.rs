//! SQL for customer feedback (5.3.1): the `feedback` table, and what it needs to know about the
//! rated requests and complaints.

use super::{StoreResult, WriteTx};
use sqlx::{Executor, Sqlite, SqlitePool};

/// A request or complaint as rating needs it: whose it is, its state, who handled it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub customer_id: i64,
    pub status: String,
    /// The request's assignee or the complaint's handler.
    pub agent_id: Option<i64>,
    pub branch_id: Option<i64>,
    pub subject: String,
    /// The complaint's number (`None` for a request).
    pub number: Option<String>,
    /// When it was resolved (request) or closed (complaint).
    pub finished_at: Option<i64>,
}

pub async fn request_item<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    id: i64,
) -> StoreResult<Option<ItemRow>> {
    Ok(sqlx::query_as(
        "SELECT customer_id, status, assignee_id AS agent_id, branch_id, subject,
                NULL AS number, COALESCE(resolved_at, closed_at) AS finished_at
         FROM service_requests WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

pub async fn complaint_item<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    id: i64,
) -> StoreResult<Option<ItemRow>> {
    Ok(sqlx::query_as(
        "SELECT customer_id, status, handler_id AS agent_id, branch_id, subject,
                number, closed_at AS finished_at
         FROM complaints WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// A complaint's id by its number (`CMP-2026-000001`).
pub async fn complaint_by_number(db: &SqlitePool, number: &str) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM complaints WHERE number = ?")
            .bind(number)
            .fetch_optional(db)
            .await?,
    )
}

/// The stored feedback on an item.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FeedbackRow {
    pub id: i64,
    pub customer_id: i64,
    pub rating: Option<i64>,
    pub comment: String,
    pub channel: String,
    pub agent_id: Option<i64>,
    pub recorded_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const FEEDBACK_COLUMNS: &str =
    "id, customer_id, rating, comment, channel, agent_id, recorded_by, created_at, updated_at";

/// The feedback on a request (`complaint = false`) or a complaint.
pub async fn of_item<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    complaint: bool,
    id: i64,
) -> StoreResult<Option<FeedbackRow>> {
    let sql = if complaint {
        format!("SELECT {FEEDBACK_COLUMNS} FROM feedback WHERE complaint_id = ?")
    } else {
        format!("SELECT {FEEDBACK_COLUMNS} FROM feedback WHERE request_id = ?")
    };
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(db).await?)
}

/// A row to insert.
#[derive(Debug, Clone, Copy)]
pub struct NewFeedback<'a> {
    pub customer_id: i64,
    pub request_id: Option<i64>,
    pub complaint_id: Option<i64>,
    pub rating: Option<i64>,
    pub comment: &'a str,
    pub channel: &'a str,
    pub agent_id: Option<i64>,
    pub branch_id: Option<i64>,
    pub recorded_by: Option<i64>,
}

pub async fn insert(tx: &mut WriteTx, f: &NewFeedback<'_>, now: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO feedback (customer_id, request_id, complaint_id, rating, comment, channel,
             agent_id, branch_id, recorded_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(f.customer_id)
    .bind(f.request_id)
    .bind(f.complaint_id)
    .bind(f.rating)
    .bind(f.comment)
    .bind(f.channel)
    .bind(f.agent_id)
    .bind(f.branch_id)
    .bind(f.recorded_by)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Changes a rating and its comment, if the row still has the `updated_at` it was read with.
pub async fn change(
    tx: &mut WriteTx,
    id: i64,
    rating: i64,
    comment: &str,
    seen_updated_at: i64,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE feedback SET rating = ?, comment = ?, updated_at = ?
         WHERE id = ? AND updated_at = ?",
    )
    .bind(rating)
    .bind(comment)
    .bind(now)
    .bind(id)
    .bind(seen_updated_at)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A feedback row with the names the lists show.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub request_id: Option<i64>,
    pub request_subject: Option<String>,
    pub complaint_id: Option<i64>,
    pub complaint_number: Option<String>,
    pub complaint_subject: Option<String>,
    pub rating: Option<i64>,
    pub comment: String,
    pub channel: String,
    pub agent_name: Option<String>,
    pub branch_name: Option<String>,
    pub recorded_by_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a list is narrowed to. `from`/`to`: `[from, to)` on `created_at`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListFilter<'a> {
    pub customer_id: Option<i64>,
    pub rating: Option<i64>,
    pub channel: Option<&'a str>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Just this one.
    pub id: Option<i64>,
}

/// Feedback newest first, after the `(created_at, id)` cursor `before`.
pub async fn list(
    db: &SqlitePool,
    f: ListFilter<'_>,
    before: Option<(i64, i64)>,
    limit: i64,
) -> StoreResult<Vec<ListRow>> {
    let (before_at, before_id) = before.unwrap_or((i64::MAX, i64::MAX));
    Ok(sqlx::query_as(
        "SELECT f.id, f.customer_id, cu.name AS customer_name, cu.email AS customer_email,
                f.request_id, r.subject AS request_subject,
                f.complaint_id, c.number AS complaint_number, c.subject AS complaint_subject,
                f.rating, f.comment, f.channel, a.name AS agent_name,
                b.name_zh || ' / ' || b.name_en AS branch_name, rb.name AS recorded_by_name,
                f.created_at, f.updated_at
         FROM feedback f
         JOIN users cu ON cu.id = f.customer_id
         LEFT JOIN service_requests r ON r.id = f.request_id
         LEFT JOIN complaints c ON c.id = f.complaint_id
         LEFT JOIN users a ON a.id = f.agent_id
         LEFT JOIN branches b ON b.id = f.branch_id
         LEFT JOIN users rb ON rb.id = f.recorded_by
         WHERE (?1 IS NULL OR f.customer_id = ?1)
           AND (?2 IS NULL OR f.rating = ?2)
           AND (?3 IS NULL OR f.channel = ?3)
           AND (?4 IS NULL OR f.created_at >= ?4)
           AND (?5 IS NULL OR f.created_at < ?5)
           AND (f.created_at < ?6 OR (f.created_at = ?6 AND f.id < ?7))
           AND (?9 IS NULL OR f.id = ?9)
         ORDER BY f.created_at DESC, f.id DESC
         LIMIT ?8",
    )
    .bind(f.customer_id)
    .bind(f.rating)
    .bind(f.channel)
    .bind(f.from)
    .bind(f.to)
    .bind(before_at)
    .bind(before_id)
    .bind(limit)
    .bind(f.id)
    .fetch_all(db)
    .await?)
}

/// An item finished since `since` that its customer has not rated: (kind, id, label parts,
/// finished at) — `number` is `None` for requests.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AwaitingRow {
    pub complaint: bool,
    pub id: i64,
    pub number: Option<String>,
    pub subject: String,
    pub finished_at: i64,
}

/// The customer's resolved or closed requests and closed complaints finished since `since`
/// without feedback, most recently finished first.
pub async fn awaiting(
    db: &SqlitePool,
    customer_id: i64,
    since: i64,
) -> StoreResult<Vec<AwaitingRow>> {
    Ok(sqlx::query_as(
        "SELECT 0 AS complaint, r.id, NULL AS number, r.subject, r.resolved_at AS finished_at
         FROM service_requests r
         WHERE r.customer_id = ?1 AND r.status IN ('resolved', 'closed')
           AND r.resolved_at >= ?2
           AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.request_id = r.id)
         UNION ALL
         SELECT 1 AS complaint, c.id, c.number, c.subject, c.closed_at AS finished_at
         FROM complaints c
         WHERE c.customer_id = ?1 AND c.status = 'closed' AND c.closed_at >= ?2
           AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.complaint_id = c.id)
         ORDER BY finished_at DESC
         LIMIT 50",
    )
    .bind(customer_id)
    .bind(since)
    .fetch_all(db)
    .await?)
}
