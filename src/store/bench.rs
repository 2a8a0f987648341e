//! Bulk fixtures and the raw baseline for `vipcare bench` (never used by the app itself).

use super::{StoreResult, WriteTx};
use crate::ledger::LedgerEntry;

/// Inserts `n` customers `bench-{i}@example.com` (ids returned in order of `i`) without
/// hashing passwords: the accounts cannot sign in. Generated inside SQLite (a recursive CTE), so
/// a million fixtures take seconds rather than minutes of single-row round trips.
pub async fn insert_customers(tx: &mut WriteTx, n: usize, now: i64) -> StoreResult<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?)
         INSERT INTO users (email, email_norm, name, password_hash, kind, created_at, updated_at)
         SELECT 'bench-' || i || '@example.com', 'bench-' || i || '@example.com', 'Bench ' || i,
                '!', 'customer', ?, ? FROM s",
    )
    .bind(n as i64)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    // Rows were inserted in order of i, so ascending ids follow i.
    Ok(sqlx::query_scalar(
        "SELECT id FROM users WHERE email_norm LIKE 'bench-%@example.com' ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?)
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

/// An effective agreement and an active membership for every bench customer (bench fixture).
pub async fn insert_members(
    tx: &mut WriteTx,
    level_json: &str,
    started_on: &str,
    expires_on: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO agreements (customer_id, template_id, level_id, level_json, canonical_text, sha256,
                                 status, effective_on, expires_on, created_at)
         SELECT id, 1, 1, ?, 'bench', 'bench', 'effective', ?, ?, ? FROM users
         WHERE email_norm LIKE 'bench-%@example.com' ORDER BY id",
    )
    .bind(level_json)
    .bind(started_on)
    .bind(expires_on)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (customer_id, agreement_id, level_id, status, started_on, expires_on, created_at, updated_at)
         SELECT customer_id, id, 1, 'active', effective_on, expires_on, ?, ? FROM agreements
         WHERE canonical_text = 'bench' ORDER BY id",
    )
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ledger rows `from..to` of the requalification fixture, generated inside SQLite: row `n`
/// belongs to customer `first_customer + n % customers` (ids must be contiguous), is
/// `(n / customers) * 25 + 1` days old, and is ¥6,000 — or ¥100 for every hundredth customer.
pub async fn insert_purchases(
    tx: &mut WriteTx,
    first_customer: i64,
    customers: usize,
    from: usize,
    to: usize,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "WITH RECURSIVE s(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM s WHERE n + 1 < ?),
              r AS (SELECT n, n % ?3 AS c, ?4 - ((n / ?3) * 25 + 1) * 86400000 AS at FROM s)
         INSERT INTO ledger_entries
             (external_id, customer_id, kind, amount, points, occurred_at, occurred_on, source,
              import_id, api_key_id, created_at)
         SELECT 'R-' || n, ?5 + c, 'purchase', CASE WHEN c % 100 = 0 THEN 10000 ELSE 600000 END, 0,
                at, date(at / 1000 + 8 * 3600, 'unixepoch'), 'cli', NULL, NULL, ?4 FROM r",
    )
    .bind(from as i64)
    .bind(to as i64)
    .bind(customers as i64)
    .bind(now)
    .bind(first_customer)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// `n` active service requests spread over the customers `first .. first + customers`, with
/// every urgency, VIP level and due time mixed — generated inside SQLite.
pub async fn insert_requests(
    tx: &mut WriteTx,
    first: i64,
    customers: usize,
    n: usize,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?)
         INSERT INTO service_requests (customer_id, kind, channel, urgency, subject, status,
             level_rank, sort_urgency, sort_level, sla_json, first_response_due, resolution_due,
             next_due, created_at, updated_at)
         SELECT ? + i % ?, 'consultation', 'web', (i * 7) % 4, 'Bench request ' || i,
                CASE WHEN i % 3 = 0 THEN 'new' ELSE 'open' END, (i * 13) % 4, -((i * 7) % 4),
                -((i * 13) % 4), '{}', ? + (i * 7919) % 86400000, ? + 86400000,
                ? + (i * 7919) % 86400000, ? - i, ? FROM s",
    )
    .bind(n as i64)
    .bind(first)
    .bind(customers as i64)
    .bind(now)
    .bind(now)
    .bind(now)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
