//! The second factor's tables (migration 0014): authenticator secrets, recovery codes, sign-ins
//! waiting for a code and trusted browsers. All SQL for them lives here.

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

/// An account's authenticator.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Totp {
    pub user_id: i64,
    /// Base32.
    pub secret: String,
    pub confirmed_at: Option<i64>,
    pub last_step: i64,
    pub created_at: i64,
}

pub async fn totp(db: &SqlitePool, user_id: i64) -> StoreResult<Option<Totp>> {
    Ok(sqlx::query_as(
        "SELECT user_id, secret, confirmed_at, last_step, created_at FROM mfa_totp WHERE user_id = ?",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?)
}

pub async fn totp_tx(tx: &mut WriteTx, user_id: i64) -> StoreResult<Option<Totp>> {
    Ok(sqlx::query_as(
        "SELECT user_id, secret, confirmed_at, last_step, created_at FROM mfa_totp WHERE user_id = ?",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Starts (or restarts) an unconfirmed enrolment with `secret`.
pub async fn put_pending(
    tx: &mut WriteTx,
    user_id: i64,
    secret: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO mfa_totp (user_id, secret, confirmed_at, last_step, created_at)
         VALUES (?, ?, NULL, 0, ?)
         ON CONFLICT (user_id) DO UPDATE
            SET secret = excluded.secret, confirmed_at = NULL, last_step = 0,
                created_at = excluded.created_at",
    )
    .bind(user_id)
    .bind(secret)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn confirm(tx: &mut WriteTx, user_id: i64, step: i64, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE mfa_totp SET confirmed_at = ?, last_step = ? WHERE user_id = ?")
        .bind(now)
        .bind(step)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records `step` as used, only if it is newer than the last one; false when another sign-in
/// used it first (the write transaction serialises them).
pub async fn use_step(tx: &mut WriteTx, user_id: i64, step: i64) -> StoreResult<bool> {
    let r = sqlx::query("UPDATE mfa_totp SET last_step = ? WHERE user_id = ? AND last_step < ?")
        .bind(step)
        .bind(user_id)
        .bind(step)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Removes the authenticator, the recovery codes, pending sign-ins and trusted browsers.
pub async fn remove_all(tx: &mut WriteTx, user_id: i64) -> StoreResult<()> {
    for sql in [
        "DELETE FROM mfa_totp WHERE user_id = ?",
        "DELETE FROM mfa_recovery_codes WHERE user_id = ?",
        "DELETE FROM mfa_challenges WHERE user_id = ?",
        "DELETE FROM mfa_trusted_devices WHERE user_id = ?",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Replaces the account's recovery codes with these hashes.
pub async fn replace_recovery_codes(
    tx: &mut WriteTx,
    user_id: i64,
    hashes: &[String],
    now: i64,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM mfa_recovery_codes WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    for h in hashes {
        sqlx::query(
            "INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)",
        )
        .bind(user_id)
        .bind(h)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Marks an unused recovery code used; false if there is no such unused code.
pub async fn use_recovery_code(
    tx: &mut WriteTx,
    user_id: i64,
    hash: &str,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE mfa_recovery_codes SET used_at = ?
         WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(hash)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn recovery_codes_left(db: &SqlitePool, user_id: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(db)
    .await?)
}

/// A sign-in waiting for its second factor.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Challenge {
    pub user_id: i64,
    pub created_at: i64,
    pub attempts: i64,
}

pub async fn insert_challenge(
    tx: &mut WriteTx,
    token_hash: &str,
    user_id: i64,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO mfa_challenges (token_hash, user_id, created_at) VALUES (?, ?, ?)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn challenge(tx: &mut WriteTx, token_hash: &str) -> StoreResult<Option<Challenge>> {
    Ok(sqlx::query_as(
        "SELECT user_id, created_at, attempts FROM mfa_challenges WHERE token_hash = ?",
    )
    .bind(token_hash)
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn count_attempt(tx: &mut WriteTx, token_hash: &str) -> StoreResult<()> {
    sqlx::query("UPDATE mfa_challenges SET attempts = attempts + 1 WHERE token_hash = ?")
        .bind(token_hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn delete_challenge(tx: &mut WriteTx, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM mfa_challenges WHERE token_hash = ?")
        .bind(token_hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn insert_trusted_device(
    tx: &mut WriteTx,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
    user_agent: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO mfa_trusted_devices (token_hash, user_id, created_at, expires_at, user_agent)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .bind(user_agent)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether `token_hash` is a browser `user_id` trusts, unexpired at `now`.
pub async fn is_trusted_device(
    tx: &mut WriteTx,
    token_hash: &str,
    user_id: i64,
    now: i64,
) -> StoreResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM mfa_trusted_devices
         WHERE token_hash = ? AND user_id = ? AND expires_at > ?",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
        > 0)
}

pub async fn trusted_devices(db: &SqlitePool, user_id: i64, now: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM mfa_trusted_devices WHERE user_id = ? AND expires_at > ?",
    )
    .bind(user_id)
    .bind(now)
    .fetch_one(db)
    .await?)
}

pub async fn forget_devices(tx: &mut WriteTx, user_id: i64) -> StoreResult<u64> {
    let r = sqlx::query("DELETE FROM mfa_trusted_devices WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}

/// Housekeeping: drops stale sign-in challenges and expired trusted browsers.
pub async fn purge_expired(tx: &mut WriteTx, challenges_before: i64, now: i64) -> StoreResult<u64> {
    let a = sqlx::query("DELETE FROM mfa_challenges WHERE created_at < ?")
        .bind(challenges_before)
        .execute(&mut **tx)
        .await?;
    let b = sqlx::query("DELETE FROM mfa_trusted_devices WHERE expires_at <= ?")
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(a.rows_affected() + b.rows_affected())
}

/// Authenticator keys stored before sealing existed (no `s1:` prefix).
pub async fn unsealed_secrets(db: &SqlitePool) -> StoreResult<Vec<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT user_id, secret FROM mfa_totp WHERE secret NOT LIKE 's1:%'")
            .fetch_all(db)
            .await?,
    )
}

/// Replaces a stored key that is still `plain` by its sealed form (nothing if it changed).
pub async fn reseal(tx: &mut WriteTx, user_id: i64, plain: &str, sealed: &str) -> StoreResult<()> {
    sqlx::query("UPDATE mfa_totp SET secret = ? WHERE user_id = ? AND secret = ?")
        .bind(sealed)
        .bind(user_id)
        .bind(plain)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
