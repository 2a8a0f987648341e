//! Server-side sessions. The cookie holds a random token; the table holds its SHA-256.

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
}

pub async fn insert(
    tx: &mut WriteTx,
    token_hash: &str,
    user_id: i64,
    now: i64,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(now)
    .bind(ip)
    .bind(user_agent)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn find(db: &SqlitePool, token_hash: &str) -> StoreResult<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?)
}

pub async fn touch(tx: &mut WriteTx, token_hash: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
        .bind(now)
        .bind(token_hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn delete(tx: &mut WriteTx, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change or deactivation).
pub async fn delete_for_user(
    tx: &mut WriteTx,
    user_id: i64,
    keep: Option<&str>,
) -> StoreResult<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}

/// Removes sessions idle since before `idle_before` or created before `created_before`.
pub async fn purge_expired(
    tx: &mut WriteTx,
    idle_before: i64,
    created_before: i64,
) -> StoreResult<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?")
        .bind(idle_before)
        .bind(created_before)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}
