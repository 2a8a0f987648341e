//! Dispute cases (clause 11): the dispute, its ordered steps and their documents.

use super::{StoreResult, WriteTx};
use crate::membership::FileInfo;
use sqlx::{SqliteExecutor, SqlitePool};

pub struct NewDispute<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub complaint_id: Option<i64>,
    pub method: &'a str,
    pub body: &'a str,
    pub opened_on: &'a str,
    pub opened_by: Option<i64>,
    pub now: i64,
}

pub async fn insert(tx: &mut WriteTx, d: &NewDispute<'_>) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO disputes (number, customer_id, complaint_id, method, body, status, opened_on,
                               opened_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id",
    )
    .bind(d.number)
    .bind(d.customer_id)
    .bind(d.complaint_id)
    .bind(d.method)
    .bind(d.body)
    .bind(d.opened_on)
    .bind(d.opened_by)
    .bind(d.now)
    .bind(d.now)
    .fetch_one(&mut **tx)
    .await?)
}

pub struct NewStep<'a> {
    pub dispute_id: i64,
    pub kind: &'a str,
    pub method: &'a str,
    pub body: &'a str,
    pub happened_on: &'a str,
    pub note: &'a str,
    pub recorded_by: Option<i64>,
    pub now: i64,
}

/// Appends a step with the next sequence number of its dispute.
pub async fn insert_step(tx: &mut WriteTx, s: &NewStep<'_>) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO dispute_steps (dispute_id, seq, kind, method, body, happened_on, note,
                                    recorded_by, recorded_at)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM dispute_steps WHERE dispute_id = ?),
                 ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(s.dispute_id)
    .bind(s.dispute_id)
    .bind(s.kind)
    .bind(s.method)
    .bind(s.body)
    .bind(s.happened_on)
    .bind(s.note)
    .bind(s.recorded_by)
    .bind(s.now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DisputeRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub complaint_id: Option<i64>,
    pub method: String,
    pub body: String,
    pub status: String,
    pub result: Option<String>,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub updated_at: i64,
}

const DISPUTE_COLUMNS: &str = "d.id, d.number, d.customer_id, u.name AS customer_name,
    u.email AS customer_email, d.complaint_id, d.method, d.body, d.status, d.result, d.opened_on,
    d.closed_on, d.updated_at";

pub async fn get(conn: impl SqliteExecutor<'_>, id: i64) -> StoreResult<Option<DisputeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DISPUTE_COLUMNS} FROM disputes d JOIN users u ON u.id = d.customer_id
         WHERE d.id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The dispute opened for a complaint, if any.
pub async fn for_complaint(
    conn: impl SqliteExecutor<'_>,
    complaint_id: i64,
) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM disputes WHERE complaint_id = ?")
            .bind(complaint_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Every dispute, open ones first, newest first (at most `limit`).
pub async fn list(db: &SqlitePool, limit: i64) -> StoreResult<Vec<DisputeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DISPUTE_COLUMNS} FROM disputes d JOIN users u ON u.id = d.customer_id
         ORDER BY d.status = 'open' DESC, d.id DESC LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// A customer's disputes, newest first.
pub async fn of_customer(db: &SqlitePool, customer_id: i64) -> StoreResult<Vec<DisputeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DISPUTE_COLUMNS} FROM disputes d JOIN users u ON u.id = d.customer_id
         WHERE d.customer_id = ? ORDER BY d.id DESC"
    ))
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StepRow {
    pub id: i64,
    pub seq: i64,
    pub kind: String,
    pub method: String,
    pub body: String,
    pub happened_on: String,
    pub note: String,
    pub recorded_by_name: Option<String>,
    pub recorded_at: i64,
}

/// A dispute's steps in order.
pub async fn steps(conn: impl SqliteExecutor<'_>, dispute_id: i64) -> StoreResult<Vec<StepRow>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.seq, s.kind, s.method, s.body, s.happened_on, s.note,
                u.name AS recorded_by_name, s.recorded_at
         FROM dispute_steps s LEFT JOIN users u ON u.id = s.recorded_by
         WHERE s.dispute_id = ? ORDER BY s.seq",
    )
    .bind(dispute_id)
    .fetch_all(conn)
    .await?)
}

/// The newest key date among a dispute's steps.
pub async fn last_step_date(tx: &mut WriteTx, dispute_id: i64) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT MAX(happened_on) FROM dispute_steps WHERE dispute_id = ?")
            .bind(dispute_id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// Moves an open dispute to `method` before `body`; false when it is no longer at `from`.
pub async fn set_method(
    tx: &mut WriteTx,
    id: i64,
    from: &str,
    method: &str,
    body: &str,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE disputes SET method = ?, body = ?, updated_at = ?
         WHERE id = ? AND status = 'open' AND method = ?",
    )
    .bind(method)
    .bind(body)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Marks an open dispute touched (a step was recorded); false when it is closed.
pub async fn touch_open(tx: &mut WriteTx, id: i64, now: i64) -> StoreResult<bool> {
    let r = sqlx::query("UPDATE disputes SET updated_at = ? WHERE id = ? AND status = 'open'")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Closes an open dispute; false when it was closed already.
pub async fn close(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    result: &str,
    closed_on: &str,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE disputes SET status = ?, result = ?, closed_on = ?, updated_at = ?
         WHERE id = ? AND status = 'open'",
    )
    .bind(status)
    .bind(result)
    .bind(closed_on)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The step a step id belongs to, as `(dispute_id, kind)`.
pub async fn step_of(tx: &mut WriteTx, step_id: i64) -> StoreResult<Option<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT dispute_id, kind FROM dispute_steps WHERE id = ?")
            .bind(step_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

pub async fn attach_file(
    tx: &mut WriteTx,
    dispute_id: i64,
    step_id: i64,
    file_id: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO dispute_files (dispute_id, step_id, file_id) VALUES (?, ?, ?)")
        .bind(dispute_id)
        .bind(step_id)
        .bind(file_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn file_count(tx: &mut WriteTx, dispute_id: i64) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM dispute_files WHERE dispute_id = ?")
            .bind(dispute_id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// A dispute's documents as `(step_id, file)`.
pub async fn files(
    conn: impl SqliteExecutor<'_>,
    dispute_id: i64,
) -> StoreResult<Vec<(Option<i64>, FileInfo)>> {
    type Row = (Option<i64>, i64, String, String, i64, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT df.step_id, f.id, f.name, f.mime, f.size, f.sha256, f.created_at
         FROM dispute_files df JOIN files f ON f.id = df.file_id
         WHERE df.dispute_id = ? ORDER BY f.id",
    )
    .bind(dispute_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(step, id, name, mime, size, sha256, created_at)| {
            (
                step,
                FileInfo {
                    id,
                    name,
                    mime,
                    size,
                    sha256,
                    created_at,
                },
            )
        })
        .collect())
}

/// A customer (not staff) by normalised e-mail, as `(id, name)`.
pub async fn customer_by_email(
    db: &SqlitePool,
    email_norm: &str,
) -> StoreResult<Option<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, name FROM users WHERE email_norm = ? AND kind = 'customer'")
            .bind(email_norm)
            .fetch_optional(db)
            .await?,
    )
}

/// The customer of a complaint.
pub async fn complaint_customer(tx: &mut WriteTx, complaint_id: i64) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT customer_id FROM complaints WHERE id = ?")
            .bind(complaint_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}
