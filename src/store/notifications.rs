//! The in-app inbox and the e-mail outbox (migration 0005).

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub params_json: &'a str,
    pub link: Option<&'a str>,
    pub dedupe_key: Option<&'a str>,
    pub now: i64,
}

/// Stores a notification; `None` when one with the same dedupe key exists already.
pub async fn insert(tx: &mut WriteTx, n: &NewNotification<'_>) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO notifications (user_id, kind, params_json, link, dedupe_key, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(n.user_id)
    .bind(n.kind)
    .bind(n.params_json)
    .bind(n.link)
    .bind(n.dedupe_key)
    .bind(n.now)
    .fetch_optional(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub params_json: String,
    pub link: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

pub async fn list(db: &SqlitePool, user_id: i64, limit: i64) -> StoreResult<Vec<NotificationRow>> {
    Ok(sqlx::query_as(
        "SELECT id, kind, params_json, link, created_at, read_at FROM notifications
         WHERE user_id = ? ORDER BY id DESC LIMIT ?",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Marks one (or, with `None`, every) notification of `user_id` read.
pub async fn mark_read(
    tx: &mut WriteTx,
    user_id: i64,
    id: Option<i64>,
    now: i64,
) -> StoreResult<u64> {
    let r = sqlx::query(
        "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL
           AND (? IS NULL OR id = ?)",
    )
    .bind(now)
    .bind(user_id)
    .bind(id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected())
}

/// Whose notification `id` is, if it exists.
pub async fn owner(tx: &mut WriteTx, id: i64) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM notifications WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

pub async fn enqueue_email(
    tx: &mut WriteTx,
    notification_id: Option<i64>,
    to: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO email_outbox (notification_id, to_addr, subject, body, status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?)",
    )
    .bind(notification_id)
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

pub async fn due_emails(db: &SqlitePool, now: i64, limit: i64) -> StoreResult<Vec<OutboxRow>> {
    Ok(sqlx::query_as(
        "SELECT id, to_addr, subject, body, attempts FROM email_outbox
         WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

pub async fn mark_email(
    tx: &mut WriteTx,
    id: i64,
    sent: bool,
    error: Option<&str>,
    next_attempt_at: i64,
    give_up: bool,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE email_outbox SET status = CASE WHEN ? THEN 'sent' WHEN ? THEN 'failed' ELSE 'pending' END,
                attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                sent_at = CASE WHEN ? THEN ? ELSE sent_at END
         WHERE id = ?",
    )
    .bind(sent)
    .bind(give_up)
    .bind(error)
    .bind(next_attempt_at)
    .bind(sent)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn outbox_counts(db: &SqlitePool) -> StoreResult<Vec<(String, i64)>> {
    Ok(
        sqlx::query_as("SELECT status, COUNT(*) FROM email_outbox GROUP BY status ORDER BY status")
            .fetch_all(db)
            .await?,
    )
}
