//! Bulk fixtures and the raw baseline for `vipcare bench` (never used by the app itself).

use super::{StoreResult, WriteTx};
use crate::ledger::LedgerEntry;

/// Inserts `n` customers `bench-{i}@example.com` (ids returned in order) without hashing
/// passwords: the accounts cannot sign in.
pub async fn insert_customers(tx: &mut WriteTx, n: usize, now: i64) -> StoreResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("bench-{i}@example.com");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, email_norm, name, password_hash, kind, created_at, updated_at)
             VALUES (?, ?, ?, '!', 'customer', ?, ?) RETURNING id",
        )
        .bind(&email)
        .bind(&email)
        .bind(format!("Bench {i}"))
        .bind(now)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// The baseline: the same rows with the same batched multi-row INSERT statement the import
/// uses, minus everything the import adds (validation, customer lookup, `RETURNING` and the
/// comparison of existing rows, audit).
pub async fn raw_insert(
    tx: &mut WriteTx,
    rows: &[(i64, &LedgerEntry)],
    now: i64,
) -> StoreResult<()> {
    for chunk in rows.chunks(super::ledger::INSERT_CHUNK) {
        let mut sql = String::from(
            "INSERT INTO ledger_entries
                (external_id, customer_id, kind, amount, points, occurred_at, occurred_on, source,
                 import_id, api_key_id, created_at) VALUES ",
        );
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        let mut q = sqlx::query(&sql);
        for (customer, e) in chunk {
            q = q
                .bind(&e.external_id)
                .bind(customer)
                .bind(e.kind.as_str())
                .bind(e.amount.0)
                .bind(e.points)
                .bind(e.occurred_at_ms)
                .bind(e.occurred_on().to_string())
                .bind("cli")
                .bind(None::<i64>)
                .bind(None::<i64>)
                .bind(now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// An effective agreement and an active membership for each customer (bench fixture).
pub async fn insert_members(
    tx: &mut WriteTx,
    customers: &[i64],
    level_json: &str,
    started_on: &str,
    expires_on: &str,
    now: i64,
) -> StoreResult<()> {
    for c in customers {
        let a: i64 = sqlx::query_scalar(
            "INSERT INTO agreements (customer_id, template_id, level_id, level_json, canonical_text, sha256,
                                     status, effective_on, expires_on, created_at)
             VALUES (?, 1, 1, ?, 'bench', 'bench', 'effective', ?, ?, ?) RETURNING id",
        )
        .bind(c)
        .bind(level_json)
        .bind(started_on)
        .bind(expires_on)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO memberships (customer_id, agreement_id, level_id, status, started_on, expires_on, created_at, updated_at)
             VALUES (?, ?, 1, 'active', ?, ?, ?, ?)",
        )
        .bind(c)
        .bind(a)
        .bind(started_on)
        .bind(expires_on)
        .bind(now)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
