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

/// `n` active agents `bench-agent-{i}@example.com` (role agent) and one admin
/// `bench-admin@example.com`, without passwords. Returns (first agent id, admin id); agent ids
/// are contiguous.
pub async fn insert_agents(tx: &mut WriteTx, n: usize, now: i64) -> StoreResult<(i64, i64)> {
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?)
         INSERT INTO users (email, email_norm, name, password_hash, kind, created_at, updated_at)
         SELECT 'bench-agent-' || i || '@example.com', 'bench-agent-' || i || '@example.com',
                'Bench agent ' || i, '!', 'staff', ?, ? FROM s",
    )
    .bind(n.max(1) as i64)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_at)
         SELECT id, 'agent', ? FROM users WHERE email_norm LIKE 'bench-agent-%@example.com'",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let first: i64 = sqlx::query_scalar(
        "SELECT MIN(id) FROM users WHERE email_norm LIKE 'bench-agent-%@example.com'",
    )
    .fetch_one(&mut **tx)
    .await?;
    let admin: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, email_norm, name, password_hash, kind, created_at, updated_at)
         VALUES ('bench-admin@example.com', 'bench-admin@example.com', 'Bench admin', '!', 'staff', ?, ?)
         RETURNING id",
    )
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, 'admin', ?)")
        .bind(admin)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok((first, admin))
}

/// `n` branches `BENCH-{i}`; returns the first id (ids are contiguous).
pub async fn insert_branches(tx: &mut WriteTx, n: usize, now: i64) -> StoreResult<i64> {
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?)
         INSERT INTO branches (code, name_zh, name_en, is_headquarters, created_at)
         SELECT 'BENCH-' || i, '分支 ' || i, 'Branch ' || i, 0, ? FROM s",
    )
    .bind(n.max(1) as i64)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT MIN(id) FROM branches WHERE code LIKE 'BENCH-%'")
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// Who and where the evaluation fixture's requests belong: ids are contiguous from each first.
#[derive(Debug, Clone, Copy)]
pub struct EvaluationFixture {
    pub first_customer: i64,
    pub customers: usize,
    pub first_agent: i64,
    pub agents: usize,
    pub first_branch: i64,
    pub branches: usize,
    /// How many requests the fixture holds in all.
    pub requests: usize,
    /// The month's `[start, end)`; requests are opened in its first 27 days.
    pub start: i64,
    pub end: i64,
    pub now: i64,
}

/// Requests `from..to` of the evaluation fixture, resolved in the month, generated inside
/// SQLite: opened in order of id over the month's first 27 days (ids are given as requests are
/// opened), every other one a VIP request on the 24×7 terms `vip_json`, the others on the
/// business-hours terms `business_json`; first response within 0–2 h, resolution within 0–2
/// days (some late against the stored due times); one in ten with a 30-minute pause; one in
/// five rated (1–5) an hour after resolution; one in a hundred complained about, half of those
/// with an upheld or partly upheld proposal.
pub async fn insert_resolved_requests(
    tx: &mut WriteTx,
    f: &EvaluationFixture,
    from: usize,
    to: usize,
    vip_json: &str,
    business_json: &str,
) -> StoreResult<()> {
    let span = (f.end - f.start - 4 * 86_400_000).max(1);
    let first_id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM service_requests")
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query(
        "WITH RECURSIVE s(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < ?2),
              r AS (SELECT n, ?3 + n * ?4 / ?14 + (n * 7919) % 600000 AS at, n % 2 = 0 AS vip
                    FROM s)
         INSERT INTO service_requests (customer_id, kind, channel, urgency, subject, status,
             level_rank, sort_urgency, sort_level, sla_json, assignee_id, branch_id,
             first_response_due, resolution_due, next_due, first_response_at, resolved_at,
             closed_at, created_at, updated_at)
         SELECT ?5 + n % ?6, 'consultation', 'web', n % 4, 'Bench request ' || n, 'closed',
                CASE WHEN vip THEN 1 ELSE 0 END, -(n % 4), CASE WHEN vip THEN -1 ELSE 0 END,
                CASE WHEN vip THEN ?7 ELSE ?8 END, ?9 + n % ?10, ?11 + n % ?12,
                at + CASE WHEN vip THEN 3600000 ELSE 8 * 3600000 END,
                at + CASE WHEN vip THEN 86400000 ELSE 3 * 86400000 END, NULL,
                at + ((n * 37) % 7200) * 1000, at + 60000 + ((n * 101) % 172800) * 1000,
                at + 8 * 86400000, at, ?13 FROM r",
    )
    .bind(from as i64)
    .bind(to as i64)
    .bind(f.start)
    .bind(span)
    .bind(f.first_customer)
    .bind(f.customers.max(1) as i64)
    .bind(vip_json)
    .bind(business_json)
    .bind(f.first_agent)
    .bind(f.agents.max(1) as i64)
    .bind(f.first_branch)
    .bind(f.branches.max(1) as i64)
    .bind(f.now)
    .bind(f.requests.max(1) as i64)
    .execute(&mut **tx)
    .await?;
    let last_id = first_id + (to - from) as i64;
    sqlx::query(
        "INSERT INTO request_pauses (request_id, start_at, end_at)
         SELECT id, first_response_at, first_response_at + 1800000 FROM service_requests
         WHERE id >= ? AND id < ? AND id % 10 = 3 AND first_response_at + 1800000 < resolved_at",
    )
    .bind(first_id)
    .bind(last_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO feedback (customer_id, request_id, rating, comment, channel, agent_id,
                               branch_id, created_at, updated_at)
         SELECT customer_id, id, 1 + (id * 7) % 5, '', 'web', assignee_id, branch_id,
                resolved_at + 3600000, resolved_at + 3600000
         FROM service_requests WHERE id >= ? AND id < ? AND id % 5 = 1",
    )
    .bind(first_id)
    .bind(last_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO complaints (number, customer_id, channel, subject, body, request_id,
             status, round, level_rank, sort_level, branch_id, received_at, acknowledge_due,
             proposal_due, created_at, updated_at)
         SELECT 'BENCH-' || id, customer_id, 'web', 'Bench complaint', 'Too slow.', id,
                'proposed', 1, level_rank, sort_level, branch_id, resolved_at + 7200000,
                resolved_at + 86400000, resolved_at + 7 * 86400000, resolved_at + 7200000,
                resolved_at + 7200000
         FROM service_requests WHERE id >= ? AND id < ? AND id % 100 = 7",
    )
    .bind(first_id)
    .bind(last_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO complaint_proposals (complaint_id, round, finding, remedy, compensation,
             compensation_form, proposed_by, proposed_at)
         SELECT c.id, 1, CASE WHEN c.id % 4 = 0 THEN 'upheld' ELSE 'partly_upheld' END,
                'Apologies.', 0, 'none', r.assignee_id, c.received_at + 3600000
         FROM complaints c JOIN service_requests r ON r.id = c.request_id
         WHERE c.request_id >= ? AND c.request_id < ? AND c.id % 2 = 0",
    )
    .bind(first_id)
    .bind(last_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The baselines of the evaluation bench: how many requests were resolved in `[start, end)`
/// (the index alone), and reading the same rows' columns the evaluation reads, with nothing
/// done to them.
pub async fn count_resolved(db: &sqlx::SqlitePool, start: i64, end: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM service_requests WHERE resolved_at >= ? AND resolved_at < ?",
    )
    .bind(start)
    .bind(end)
    .fetch_one(db)
    .await?)
}

/// The plan of the evaluation's batch read.
pub async fn evaluation_plan(db: &sqlx::SqlitePool) -> StoreResult<Vec<String>> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!(
        "EXPLAIN QUERY PLAN {}",
        super::quality::RESOLVED_PAGE
    ))
    .bind(0_i64)
    .bind(1_i64)
    .bind(0_i64)
    .bind(0_i64)
    .bind(20_000_i64)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.3).collect())
}

/// `ANALYZE`, so the planner knows the fixture's shape as it would a real database's.
pub async fn analyze(db: &super::Db) -> StoreResult<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("ANALYZE").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
