//! The audit log table: append inside the caller's write transaction, read for display and
//! verification. UPDATE and DELETE are refused by triggers (migration 0002).

use super::{StoreResult, WriteTx};
use crate::audit::{entry_hash, AuditContent, StoredEntry, GENESIS_HASH};
use sqlx::SqlitePool;

/// Appends one entry after the current last one. Runs inside a `BEGIN IMMEDIATE` transaction,
/// so no other writer can append between reading the last hash and inserting.
pub async fn append(tx: &mut WriteTx, c: &AuditContent) -> StoreResult<i64> {
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS_HASH.to_string()),
    };
    let hash = entry_hash(&prev, seq, c);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, action, object_type, object_id, subject_user_id,
                                ip, before_json, after_json, detail, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(c.at_ms)
    .bind(c.actor_id)
    .bind(&c.action)
    .bind(&c.object_type)
    .bind(&c.object_id)
    .bind(c.subject_user_id)
    .bind(&c.ip)
    .bind(&c.before)
    .bind(&c.after)
    .bind(&c.detail)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    Ok(seq)
}

type EntryTuple = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
);

const ENTRY_COLUMNS: &str =
    "seq, at, actor_id, action, object_type, object_id, subject_user_id, ip,
     before_json, after_json, detail, prev_hash, hash";

fn to_entry(t: EntryTuple) -> StoredEntry {
    StoredEntry {
        seq: t.0,
        content: AuditContent {
            at_ms: t.1,
            actor_id: t.2,
            action: t.3,
            object_type: t.4,
            object_id: t.5,
            subject_user_id: t.6,
            ip: t.7,
            before: t.8,
            after: t.9,
            detail: t.10,
        },
        prev_hash: t.11,
        hash: t.12,
    }
}

/// Entries with `seq > after`, oldest first, at most `limit`.
pub async fn page_after(db: &SqlitePool, after: i64, limit: i64) -> StoreResult<Vec<StoredEntry>> {
    let rows: Vec<EntryTuple> = sqlx::query_as(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(to_entry).collect())
}

/// The newest entries first.
pub async fn recent(db: &SqlitePool, limit: i64) -> StoreResult<Vec<StoredEntry>> {
    let rows: Vec<EntryTuple> = sqlx::query_as(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(to_entry).collect())
}

/// One staff read of a customer's data: `(seq, at, action, object_id, roles)`, the roles as
/// `group_concat` text.
pub type StaffReadRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The `<object>.viewed` entries whose subject is `customer_id` and whose actor is a staff
/// account, newest first, `seq < before`, at most `limit`, with the actor's current roles and the
/// entry's `after` JSON (which records the roles at the time of the read).
/// Walks the `audit_log_subject` index backwards from `before`.
pub async fn staff_reads_of(
    db: &SqlitePool,
    customer_id: i64,
    before: i64,
    limit: i64,
) -> StoreResult<Vec<StaffReadRow>> {
    Ok(sqlx::query_as(
        "SELECT a.seq, a.at, a.action, a.object_id,
                (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = a.actor_id),
                a.after_json
         FROM audit_log a JOIN users u ON u.id = a.actor_id AND u.kind = 'staff'
         WHERE a.subject_user_id = ? AND a.seq < ? AND a.action LIKE '%.viewed'
         ORDER BY a.seq DESC LIMIT ?",
    )
    .bind(customer_id)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await?)
}
