//! Customer breach cases (clauses 4.3.2, 8.1) and their evidence files.

use super::{StoreResult, WriteTx};
use crate::membership::FileInfo;
use sqlx::{SqliteExecutor, SqlitePool};

pub struct NewBreach<'a> {
    pub customer_id: i64,
    pub membership_id: Option<i64>,
    pub clause: &'a str,
    pub summary: &'a str,
    pub evidence: &'a str,
    pub opened_by: i64,
    pub now: i64,
}

pub async fn insert(tx: &mut WriteTx, b: &NewBreach<'_>) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO breach_cases (customer_id, membership_id, clause, summary, evidence, status,
                                   opened_by, opened_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
    )
    .bind(b.customer_id)
    .bind(b.membership_id)
    .bind(b.clause)
    .bind(b.summary)
    .bind(b.evidence)
    .bind(b.opened_by)
    .bind(b.now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BreachRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub membership_id: Option<i64>,
    pub clause: String,
    pub summary: String,
    pub evidence: String,
    pub status: String,
    pub opened_by: i64,
    pub opened_by_name: String,
    pub opened_at: i64,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_reason: Option<String>,
}

const COLUMNS: &str = "b.id, b.customer_id, c.name AS customer_name, c.email AS customer_email,
    b.membership_id, b.clause, b.summary, b.evidence, b.status, b.opened_by,
    o.name AS opened_by_name, b.opened_at, d.name AS decided_by_name, b.decided_at,
    b.decision_reason";

const FROM: &str = "FROM breach_cases b JOIN users c ON c.id = b.customer_id
    JOIN users o ON o.id = b.opened_by LEFT JOIN users d ON d.id = b.decided_by";

pub async fn get(conn: impl SqliteExecutor<'_>, id: i64) -> StoreResult<Option<BreachRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} {FROM} WHERE b.id = ?"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Open cases, oldest first (the reviewers' queue).
pub async fn open_cases(db: &SqlitePool) -> StoreResult<Vec<BreachRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} {FROM} WHERE b.status = 'open' ORDER BY b.opened_at, b.id"
    ))
    .fetch_all(db)
    .await?)
}

/// Decided cases, newest decision first (at most `limit`).
pub async fn decided_cases(db: &SqlitePool, limit: i64) -> StoreResult<Vec<BreachRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} {FROM} WHERE b.status <> 'open'
         ORDER BY b.decided_at DESC, b.id DESC LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// A customer's decided cases, newest first.
pub async fn decided_of_customer(db: &SqlitePool, customer_id: i64) -> StoreResult<Vec<BreachRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} {FROM} WHERE b.customer_id = ? AND b.status <> 'open'
         ORDER BY b.id DESC"
    ))
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

/// Whether any breach case exists (the demo data's idempotency check).
pub async fn any(db: &SqlitePool) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM breach_cases LIMIT 1")
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// Decides an open case; false when it was decided already.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    decided_by: i64,
    reason: &str,
    membership_id: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE breach_cases SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?,
                membership_id = COALESCE(?, membership_id)
         WHERE id = ? AND status = 'open' AND opened_by <> ?",
    )
    .bind(status)
    .bind(decided_by)
    .bind(now)
    .bind(reason)
    .bind(membership_id)
    .bind(id)
    .bind(decided_by)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn attach_file(tx: &mut WriteTx, breach_id: i64, file_id: i64) -> StoreResult<()> {
    sqlx::query("INSERT INTO breach_files (breach_id, file_id) VALUES (?, ?)")
        .bind(breach_id)
        .bind(file_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn files(conn: impl SqliteExecutor<'_>, breach_id: i64) -> StoreResult<Vec<FileInfo>> {
    type Row = (i64, String, String, i64, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT f.id, f.name, f.mime, f.size, f.sha256, f.created_at
         FROM breach_files bf JOIN files f ON f.id = bf.file_id
         WHERE bf.breach_id = ? ORDER BY f.id",
    )
    .bind(breach_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, mime, size, sha256, created_at)| FileInfo {
            id,
            name,
            mime,
            size,
            sha256,
            created_at,
        })
        .collect())
}

/// Active staff holding `role`, as ids.
pub async fn staff_with_role(tx: &mut WriteTx, role: &str) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = ? AND u.active = 1 ORDER BY u.id",
    )
    .bind(role)
    .fetch_all(&mut **tx)
    .await?)
}
