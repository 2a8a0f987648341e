//! The purchase ledger, staged CSV imports and the order system's API keys (migration 0004).

use super::{StoreError, StoreResult, WriteTx};
use crate::eligibility::Movement;
use crate::ledger::{EntryKind, EntrySource, LedgerEntry};
use crate::money::Fen;
use chrono::NaiveDate;
use sqlx::SqlitePool;
use std::collections::HashMap;

/// Customer ids for a set of normalised e-mail addresses (customers only).
pub async fn customer_ids(
    conn: impl sqlx::SqliteExecutor<'_>,
    emails: &[&str],
) -> StoreResult<HashMap<String, i64>> {
    let json = serde_json::to_string(emails).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT email_norm, id FROM users
         WHERE kind = 'customer' AND email_norm IN (SELECT value FROM json_each(?))",
    )
    .bind(json)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().collect())
}

/// What storing one entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Inserted,
    /// The same external id with the same content was already there.
    Unchanged,
    /// The same external id with different content: nothing changed.
    Conflict,
}

/// Where an entry came from, for the row.
#[derive(Debug, Clone, Copy)]
pub struct Provenance {
    pub source: EntrySource,
    pub import_id: Option<i64>,
    pub api_key_id: Option<i64>,
    pub now: i64,
}

/// Rows per multi-row INSERT (11 parameters each, well under SQLite's 32,766).
pub const INSERT_CHUNK: usize = 250;

/// Stores many entries: per chunk, one lookup of the external ids that exist already (to tell
/// unchanged from conflicting) and one multi-row INSERT of the new ones. The answer per entry,
/// in order: inserted, unchanged (same id, same content) or conflict (same id, other content,
/// nothing changed); an id repeated within the call is compared with its first occurrence. Runs inside the caller's write transaction (one writer), so nothing can
/// slip in between the lookup and the insert.
pub async fn insert_entries(
    tx: &mut WriteTx,
    rows: &[(i64, &LedgerEntry)],
    p: Provenance,
) -> StoreResult<Vec<Stored>> {
    let mut out = Vec::with_capacity(rows.len());
    // First occurrence of each id inserted by this call: (customer, entry).
    let mut fresh: HashMap<&str, (i64, &LedgerEntry)> = HashMap::new();
    for chunk in rows.chunks(INSERT_CHUNK) {
        // Fast path, the usual case of new entries: insert the chunk as it is inside a
        // savepoint; when every row went in, that is the answer. Otherwise undo it and take
        // the careful path below.
        sqlx::query("SAVEPOINT ledger_chunk")
            .execute(&mut **tx)
            .await?;
        let all: Vec<&(i64, &LedgerEntry)> = chunk.iter().collect();
        let inserted = multi_insert(tx, &all, p, true).await?;
        if inserted == chunk.len() as u64 {
            sqlx::query("RELEASE ledger_chunk")
                .execute(&mut **tx)
                .await?;
            for (customer, e) in chunk {
                fresh.insert(e.external_id.as_str(), (*customer, e));
                out.push(Stored::Inserted);
            }
            continue;
        }
        sqlx::query("ROLLBACK TO ledger_chunk")
            .execute(&mut **tx)
            .await?;
        sqlx::query("RELEASE ledger_chunk")
            .execute(&mut **tx)
            .await?;
        let ids: Vec<&str> = chunk.iter().map(|(_, e)| e.external_id.as_str()).collect();
        let json = serde_json::to_string(&ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let found: Vec<(String, i64, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT external_id, customer_id, kind, amount, points, occurred_at FROM ledger_entries
             WHERE external_id IN (SELECT value FROM json_each(?))",
        )
        .bind(json)
        .fetch_all(&mut **tx)
        .await?;
        let existing: HashMap<String, (i64, String, i64, i64, i64)> = found
            .into_iter()
            .filter(|(x, ..)| !fresh.contains_key(x.as_str()))
            .map(|(x, c, k, a, pt, at)| (x, (c, k, a, pt, at)))
            .collect();
        let mut new_rows: Vec<&(i64, &LedgerEntry)> = Vec::new();
        for row in chunk {
            let (customer, e) = row;
            let stored = if let Some((c, k, a, pt, at)) = existing.get(&e.external_id) {
                if c == customer
                    && k == e.kind.as_str()
                    && *a == e.amount.0
                    && *pt == e.points
                    && *at == e.occurred_at_ms
                {
                    Stored::Unchanged
                } else {
                    Stored::Conflict
                }
            } else if let Some((c, first)) = fresh.get(e.external_id.as_str()) {
                if c == customer && first.same_content(e) {
                    Stored::Unchanged
                } else {
                    Stored::Conflict
                }
            } else {
                fresh.insert(e.external_id.as_str(), (*customer, e));
                new_rows.push(row);
                Stored::Inserted
            };
            out.push(stored);
        }
        if new_rows.is_empty() {
            continue;
        }
        if multi_insert(tx, &new_rows, p, false).await? != new_rows.len() as u64 {
            return Err(StoreError::Corrupt("ledger insert count mismatch".into()));
        }
    }
    Ok(out)
}

/// One multi-row INSERT; with `skip_existing`, ids that exist are skipped (`ON CONFLICT DO
/// NOTHING`). Returns the number of rows inserted.
async fn multi_insert(
    tx: &mut WriteTx,
    rows: &[&(i64, &LedgerEntry)],
    p: Provenance,
    skip_existing: bool,
) -> StoreResult<u64> {
    let mut sql = String::from(
        "INSERT INTO ledger_entries
            (external_id, customer_id, kind, amount, points, occurred_at, occurred_on, source,
             import_id, api_key_id, created_at) VALUES ",
    );
    for i in 0..rows.len() {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }
    if skip_existing {
        sql.push_str(" ON CONFLICT (external_id) DO NOTHING");
    }
    let mut q = sqlx::query(&sql);
    for (customer, e) in rows.iter().copied() {
        q = q
            .bind(&e.external_id)
            .bind(customer)
            .bind(e.kind.as_str())
            .bind(e.amount.0)
            .bind(e.points)
            .bind(e.occurred_at_ms)
            .bind(e.occurred_on().to_string())
            .bind(p.source.as_str())
            .bind(p.import_id)
            .bind(p.api_key_id)
            .bind(p.now);
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}

/// For a preview: how each external id would be stored, read-only.
pub async fn existing_by_external_id(
    db: &SqlitePool,
    ids: &[&str],
) -> StoreResult<HashMap<String, (i64, EntryKind, Fen, i64, i64)>> {
    let json = serde_json::to_string(ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let rows: Vec<(String, i64, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT external_id, customer_id, kind, amount, points, occurred_at FROM ledger_entries
         WHERE external_id IN (SELECT value FROM json_each(?))",
    )
    .bind(json)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(x, c, k, a, p, at)| {
            let kind = EntryKind::parse(&k).unwrap_or(EntryKind::Purchase);
            (x, (c, kind, Fen(a), p, at))
        })
        .collect())
}

/// Every movement of one customer, oldest first, for eligibility.
pub async fn movements(db: &SqlitePool, customer_id: i64) -> StoreResult<Vec<Movement>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT occurred_on, amount, points FROM ledger_entries
         WHERE customer_id = ? ORDER BY occurred_on",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(on, amount, points)| {
            let on = NaiveDate::parse_from_str(&on, "%Y-%m-%d")
                .map_err(|e| StoreError::Corrupt(format!("ledger date {on}: {e}")))?;
            Ok(Movement {
                on,
                amount: Fen(amount),
                points,
            })
        })
        .collect()
}

/// One ledger line for display.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LedgerRow {
    pub id: i64,
    pub external_id: String,
    pub kind: String,
    pub amount: i64,
    pub points: i64,
    pub occurred_at: i64,
    pub source: String,
}

/// A customer's newest entries.
pub async fn recent(db: &SqlitePool, customer_id: i64, limit: i64) -> StoreResult<Vec<LedgerRow>> {
    Ok(sqlx::query_as(
        "SELECT id, external_id, kind, amount, points, occurred_at, source FROM ledger_entries
         WHERE customer_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?",
    )
    .bind(customer_id)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

// ---------------------------------------------------------------- staged CSV imports

/// A staged CSV upload.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRow {
    pub id: i64,
    pub filename: String,
    pub sha256: String,
    pub status: String,
    pub rows_total: i64,
    pub rows_done: i64,
    pub inserted: i64,
    pub unchanged: i64,
    pub conflicts: i64,
    pub report: Option<String>,
    pub created_by: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const IMPORT_COLUMNS: &str = "id, filename, sha256, status, rows_total, rows_done, inserted, \
     unchanged, conflicts, report, created_by, created_at, finished_at";

pub struct NewImport<'a> {
    pub filename: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub status: &'a str,
    pub rows_total: i64,
    pub report: &'a str,
    pub created_by: i64,
    pub now: i64,
}

pub async fn insert_import(tx: &mut WriteTx, n: &NewImport<'_>) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO ledger_imports (filename, sha256, content, status, rows_total, report, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(n.filename)
    .bind(n.sha256)
    .bind(n.content)
    .bind(n.status)
    .bind(n.rows_total)
    .bind(n.report)
    .bind(n.created_by)
    .bind(n.now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn get_import(db: &SqlitePool, id: i64) -> StoreResult<Option<ImportRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {IMPORT_COLUMNS} FROM ledger_imports WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?)
}

pub async fn recent_imports(db: &SqlitePool, limit: i64) -> StoreResult<Vec<ImportRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {IMPORT_COLUMNS} FROM ledger_imports ORDER BY id DESC LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Moves a previewed import to `committing`; false when it was not `previewed` (already
/// committed, or being committed by another request or node).
pub async fn claim_import(tx: &mut WriteTx, id: i64) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE ledger_imports SET status = 'committing' WHERE id = ? AND status = 'previewed'",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn import_content(db: &SqlitePool, id: i64) -> StoreResult<Vec<u8>> {
    Ok(
        sqlx::query_scalar("SELECT content FROM ledger_imports WHERE id = ?")
            .bind(id)
            .fetch_one(db)
            .await?,
    )
}

/// Adds one committed chunk's counts.
pub async fn add_import_progress(
    tx: &mut WriteTx,
    id: i64,
    rows: i64,
    inserted: i64,
    unchanged: i64,
    conflicts: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE ledger_imports SET rows_done = rows_done + ?, inserted = inserted + ?,
                unchanged = unchanged + ?, conflicts = conflicts + ? WHERE id = ?",
    )
    .bind(rows)
    .bind(inserted)
    .bind(unchanged)
    .bind(conflicts)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn finish_import(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    report: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE ledger_imports SET status = ?, report = COALESCE(?, report), finished_at = ? WHERE id = ?",
    )
    .bind(status)
    .bind(report)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Imports left `committing` by a stopped node, for the job that resumes them.
pub async fn stalled_imports(db: &SqlitePool) -> StoreResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM ledger_imports WHERE status = 'committing' ORDER BY id")
            .fetch_all(db)
            .await?,
    )
}

// ---------------------------------------------------------------- API keys

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_by: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn insert_api_key(
    tx: &mut WriteTx,
    name: &str,
    prefix: &str,
    key_hash: &str,
    created_by: i64,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO api_keys (name, prefix, key_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(prefix)
    .bind(key_hash)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn list_api_keys(db: &SqlitePool) -> StoreResult<Vec<ApiKeyRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, prefix, created_by, created_at, last_used_at, revoked_at
         FROM api_keys ORDER BY revoked_at IS NOT NULL, id DESC",
    )
    .fetch_all(db)
    .await?)
}

pub async fn get_api_key_tx(tx: &mut WriteTx, id: i64) -> StoreResult<Option<ApiKeyRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, prefix, created_by, created_at, last_used_at, revoked_at FROM api_keys WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn revoke_api_key(tx: &mut WriteTx, id: i64, by: i64, now: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The live key with this hash, if any.
pub async fn find_live_api_key(db: &SqlitePool, key_hash: &str) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
            .bind(key_hash)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn touch_api_key(tx: &mut WriteTx, id: i64, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Spend and points per customer over `[start, end]` (Shanghai dates), in one pass over the
/// covering index — the daily requalification reads every member's window at once.
pub async fn window_totals(
    db: &SqlitePool,
    start: NaiveDate,
    end: NaiveDate,
) -> StoreResult<HashMap<i64, (i64, i64)>> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT customer_id, SUM(amount), SUM(points) FROM ledger_entries
         WHERE occurred_on BETWEEN ? AND ? GROUP BY customer_id",
    )
    .bind(start.to_string())
    .bind(end.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(c, a, p)| (c, (a, p))).collect())
}
