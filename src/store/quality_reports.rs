//! SQL for the quality dashboard and the process report (5.2.3, 5.3.2): stored evaluations,
//! requests resolved in a span of time with their pauses and status timelines, complaints by
//! what they are about, and the public figures.

use super::StoreResult;
use sqlx::SqlitePool;

/// A stored evaluation (programme or branch) of a period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EvaluationRow {
    pub period: String,
    pub scope: String,
    pub subject_id: i64,
    pub ratings: i64,
    pub rating_sum: i64,
    pub requests: i64,
    pub sla_met: i64,
    pub sla_total: i64,
}

/// The programme-wide and branch evaluations of the periods `from`..=`to` (`YYYY-MM`).
pub async fn evaluations(db: &SqlitePool, from: &str, to: &str) -> StoreResult<Vec<EvaluationRow>> {
    Ok(sqlx::query_as(
        "SELECT period, scope, subject_id, ratings, rating_sum, requests, sla_met, sla_total
         FROM quality_evaluations
         WHERE period BETWEEN ? AND ? AND scope IN ('programme', 'branch')
         ORDER BY period, scope, subject_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// A request resolved in the span, as the reports need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResolvedRow {
    pub id: i64,
    pub kind: String,
    pub branch_id: Option<i64>,
    pub sla_json: String,
    pub created_at: i64,
    pub first_response_at: Option<i64>,
    pub resolved_at: i64,
}

/// Requests resolved in `[start, end)` (UTC ms), by id.
pub async fn resolved_requests(
    db: &SqlitePool,
    start: i64,
    end: i64,
) -> StoreResult<Vec<ResolvedRow>> {
    Ok(sqlx::query_as(
        "SELECT id, kind, branch_id, sla_json, created_at, first_response_at, resolved_at
         FROM service_requests
         WHERE resolved_at >= ? AND resolved_at < ?
         ORDER BY id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?)
}

/// The clock pauses of the requests resolved in `[start, end)`: (request, start, end), by
/// request and start.
pub async fn pauses_of_resolved(
    db: &SqlitePool,
    start: i64,
    end: i64,
) -> StoreResult<Vec<(i64, i64, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT p.request_id, p.start_at, p.end_at
         FROM service_requests r JOIN request_pauses p ON p.request_id = r.id
         WHERE r.resolved_at >= ? AND r.resolved_at < ?
         ORDER BY p.request_id, p.start_at",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?)
}

/// The status changes of the requests resolved in `[start, end)`: (request, when, to which
/// status), by request and time.
pub async fn status_changes_of_resolved(
    db: &SqlitePool,
    start: i64,
    end: i64,
) -> StoreResult<Vec<(i64, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT e.request_id, e.at, e.to_status
         FROM service_requests r JOIN request_events e ON e.request_id = r.id
         WHERE r.resolved_at >= ? AND r.resolved_at < ? AND e.to_status IS NOT NULL
         ORDER BY e.request_id, e.at, e.id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?)
}

/// A complaint received in the span: what it links to and the finding that counts.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ComplaintAboutRow {
    pub request: bool,
    pub invoice: bool,
    pub agent: bool,
    pub breach: bool,
    /// The finding of the accepted proposal, else of the latest one.
    pub finding: Option<String>,
}

/// Complaints received in `[start, end)` (UTC ms).
pub async fn complaints_about(
    db: &SqlitePool,
    start: i64,
    end: i64,
) -> StoreResult<Vec<ComplaintAboutRow>> {
    Ok(sqlx::query_as(
        "SELECT c.request_id IS NOT NULL AS request, c.invoice_id IS NOT NULL AS invoice,
                c.agent_id IS NOT NULL AS agent, c.breach_id IS NOT NULL AS breach,
                (SELECT p.finding FROM complaint_proposals p WHERE p.complaint_id = c.id
                 ORDER BY COALESCE(p.answer = 'accepted', 0) DESC, p.round DESC, p.id DESC
                 LIMIT 1) AS finding
         FROM complaints c
         WHERE c.received_at >= ? AND c.received_at < ?
         ORDER BY c.received_at, c.id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?)
}

/// When the standards allow public figures: the newest stored programme-wide evaluation of a
/// period up to `up_to` (`YYYY-MM`) — (period, ratings, rating sum, targets met, targets).
/// One statement; the primary key (period, scope, subject) read backwards meets the
/// programme row of the newest period first.
pub async fn public_figures(
    db: &SqlitePool,
    up_to: &str,
) -> StoreResult<Option<(String, i64, i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT e.period, e.ratings, e.rating_sum, e.sla_met, e.sla_total
         FROM quality_standards s, quality_evaluations e
         WHERE s.id = 1 AND s.public_figures = 1
           AND e.period <= ? AND e.scope = 'programme' AND e.subject_id = 0
         ORDER BY e.period DESC LIMIT 1",
    )
    .bind(up_to)
    .fetch_optional(db)
    .await?)
}
