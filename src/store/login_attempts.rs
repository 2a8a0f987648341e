//! Sign-in attempts: the memory behind lockout and the per-IP rate limit.

use super::{StoreResult, WriteTx};

pub async fn record(
    tx: &mut WriteTx,
    email_norm: &str,
    ip: &str,
    success: bool,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO login_attempts (email_norm, ip, success, at) VALUES (?, ?, ?, ?)")
        .bind(email_norm)
        .bind(ip)
        .bind(success)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The times of an address's failures since `since`, oldest first, only after its last success.
pub async fn failure_times_since(
    tx: &mut WriteTx,
    email_norm: &str,
    since: i64,
) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT at FROM login_attempts
         WHERE email_norm = ? AND success = 0 AND at >= ?
           AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE email_norm = ? AND success = 1), 0)
         ORDER BY at",
    )
    .bind(email_norm)
    .bind(since)
    .bind(email_norm)
    .fetch_all(&mut **tx)
    .await?)
}

/// Attempts from an IP since `since`.
pub async fn attempts_from_ip_since(tx: &mut WriteTx, ip: &str, since: i64) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND at >= ?")
            .bind(ip)
            .bind(since)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// Drops attempts older than `before` (they no longer count for anything).
pub async fn purge_before(tx: &mut WriteTx, before: i64) -> StoreResult<u64> {
    let r = sqlx::query("DELETE FROM login_attempts WHERE at < ?")
        .bind(before)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}
