//! The audit log table: append inside the caller's write transaction, read for display and
//! verification. UPDATE and DELETE are refused by triggers (migration 0002).

use super::{StoreResult, WriteTx};
use crate::audit::{entry_hash, AuditContent, Personal, StoredEntry, GENESIS_HASH};
use sqlx::SqlitePool;

/// Appends one entry after the current last one, and its personal data beside it (a v2 entry
/// whose `personal_digest` is the digest of `personal`). Runs inside a `BEGIN IMMEDIATE`
/// transaction, so no other writer can append between reading the last hash and inserting.
pub async fn append(
    tx: &mut WriteTx,
    c: &AuditContent,
    personal: Option<&Personal>,
) -> StoreResult<i64> {
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
                                ip, before_json, after_json, detail, prev_hash, hash, version,
                                personal_digest)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    .bind(c.version)
    .bind(&c.personal_digest)
    .execute(&mut **tx)
    .await?;
    if let Some(p) = personal {
        sqlx::query("INSERT INTO audit_personal (seq, salt, personal_json) VALUES (?, ?, ?)")
            .bind(seq)
            .bind(&p.salt)
            .bind(&p.json)
            .execute(&mut **tx)
            .await?;
    }
    Ok(seq)
}

/// Erases the personal data beside every entry that is about `user_id` (a failed sign-in
/// with their address included) or was made by them (clause 10.3); the entries themselves
/// stay. Returns how many were erased.
pub async fn erase_personal_of(tx: &mut WriteTx, user_id: i64) -> StoreResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM audit_personal WHERE seq IN (
             SELECT seq FROM audit_log WHERE subject_user_id = ?1
             UNION SELECT seq FROM audit_log WHERE actor_id = ?1)",
    )
    .bind(user_id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    seq: i64,
    at: i64,
    actor_id: Option<i64>,
    action: String,
    object_type: String,
    object_id: Option<String>,
    subject_user_id: Option<i64>,
    ip: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    detail: Option<String>,
    prev_hash: String,
    hash: String,
    version: i64,
    personal_digest: Option<String>,
    salt: Option<String>,
    personal_json: Option<String>,
}

/// The entry's columns and its personal data, from `audit_log a LEFT JOIN audit_personal p`.
const ENTRY_COLUMNS: &str =
    "a.seq, a.at, a.actor_id, a.action, a.object_type, a.object_id, a.subject_user_id, a.ip,
     a.before_json, a.after_json, a.detail, a.prev_hash, a.hash, a.version, a.personal_digest,
     p.salt, p.personal_json";

const ENTRY_FROM: &str = "audit_log a LEFT JOIN audit_personal p ON p.seq = a.seq";

fn to_entry(t: EntryRow) -> StoredEntry {
    StoredEntry {
        seq: t.seq,
        content: AuditContent {
            at_ms: t.at,
            actor_id: t.actor_id,
            action: t.action,
            object_type: t.object_type,
            object_id: t.object_id,
            subject_user_id: t.subject_user_id,
            ip: t.ip,
            before: t.before_json,
            after: t.after_json,
            detail: t.detail,
            version: t.version,
            personal_digest: t.personal_digest,
        },
        prev_hash: t.prev_hash,
        hash: t.hash,
        personal: match (t.salt, t.personal_json) {
            (Some(salt), Some(json)) => Some(Personal { salt, json }),
            _ => None,
        },
    }
}

/// Entries with `seq > after`, oldest first, at most `limit`.
pub async fn page_after(db: &SqlitePool, after: i64, limit: i64) -> StoreResult<Vec<StoredEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(&format!(
        "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE a.seq > ? ORDER BY a.seq LIMIT ?"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(to_entry).collect())
}

/// The newest entries first.
pub async fn recent(db: &SqlitePool, limit: i64) -> StoreResult<Vec<StoredEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(&format!(
        "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} ORDER BY a.seq DESC LIMIT ?"
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
