//! Server-side sessions. The cookie holds a random token; the table holds its SHA-256.

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

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

/// A session with everything a request needs about its user, read in one statement instead of
/// four (every signed-in request resolves one). The unread count here is the one the header
/// shows; it was `store::notifications::unread_count`, whose only caller this replaced.
#[derive(Debug, sqlx::FromRow)]
pub struct SignedIn {
    pub user_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub lang: Option<String>,
    /// The user's roles, comma-separated.
    pub roles: Option<String>,
    /// Unread notifications; 0 unless asked for.
    pub unread: i64,
    /// The user has a confirmed authenticator (migration 0014).
    pub second_factor: bool,
}

/// The session behind `token_hash` with its user, roles and (when `with_unread`) unread count.
pub async fn find_signed_in(
    db: &SqlitePool,
    token_hash: &str,
    with_unread: bool,
) -> StoreResult<Option<SignedIn>> {
    Ok(sqlx::query_as(
        "SELECT s.user_id, s.created_at, s.last_seen_at, u.email, u.name, u.active, u.lang,
                (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = s.user_id)
                    AS roles,
                CASE WHEN ? THEN (SELECT COUNT(*) FROM notifications n
                                  WHERE n.user_id = s.user_id AND n.read_at IS NULL)
                     ELSE 0 END AS unread,
                EXISTS (SELECT 1 FROM mfa_totp m
                        WHERE m.user_id = s.user_id AND m.confirmed_at IS NOT NULL)
                    AS second_factor
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?",
    )
    .bind(with_unread)
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
