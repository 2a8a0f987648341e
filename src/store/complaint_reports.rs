//! Complaint reports (clauses 7.2, 8.2): the facts the report adds up — complaints received in
//! a span of time with the finding that counts for each, and the compensation issued.

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ComplaintFactRow {
    pub branch_id: Option<i64>,
    pub received_at: i64,
    pub acknowledged_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// Status `closed` or `disputed`.
    pub finished: bool,
    /// The finding of the accepted proposal, else of the latest one; `None` without proposals.
    pub finding: Option<String>,
}

/// Complaints received in `[start, end)` (UTC ms), oldest first.
pub async fn complaints_received(
    db: &SqlitePool,
    start: i64,
    end: i64,
) -> StoreResult<Vec<ComplaintFactRow>> {
    Ok(sqlx::query_as(
        "SELECT c.branch_id, c.received_at, c.acknowledged_at, c.closed_at,
                c.status IN ('closed', 'disputed') AS finished,
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

/// Credits issued for complaints (a proposal's compensation) with an issue date in the months
/// `from`..=`to` (`YYYY-MM`): (branch of the complaint, `YYYY-MM` issued, amount in fen).
pub async fn complaint_credits(
    db: &SqlitePool,
    from: &str,
    to: &str,
) -> StoreResult<Vec<(Option<i64>, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT c.branch_id, substr(cr.issued_on, 1, 7) AS month, cr.amount
         FROM complaint_proposals p
         JOIN complaints c ON c.id = p.complaint_id
         JOIN credits cr ON cr.id = p.credit_id
         WHERE substr(cr.issued_on, 1, 7) BETWEEN ? AND ?
         ORDER BY cr.issued_on, cr.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// Automatic compensation (8.2) granted in `[start, end)` (UTC ms): (branch of the breached
/// request, when granted, amount in fen).
pub async fn automatic_grants(
    db: &SqlitePool,
    start: i64,
    end: i64,
) -> StoreResult<Vec<(Option<i64>, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT r.branch_id, g.at, g.amount
         FROM compensation_grants g JOIN service_requests r ON r.id = g.request_id
         WHERE g.at >= ? AND g.at < ?
         ORDER BY g.at",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?)
}

// ---------------------------------------------------------------- test support

/// A complaint's proposal as a report fixture.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct FixtureProposal<'a> {
    pub round: i64,
    /// `upheld`, `partly_upheld` or `not_upheld`.
    pub finding: &'a str,
    /// `accepted`, `rejected` or `None` (not answered yet).
    pub answer: Option<&'a str>,
    pub proposed_by: i64,
    /// Compensation issued as a credit: (amount in fen, `YYYY-MM-DD` issued).
    pub credit: Option<(i64, &'a str)>,
}

/// A complaint as a report fixture.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct ReportFixture<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub branch_id: Option<i64>,
    pub status: &'a str,
    pub received_at: i64,
    pub acknowledged_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub proposals: Vec<FixtureProposal<'a>>,
}

async fn fixture_credit(
    tx: &mut WriteTx,
    number: &str,
    customer_id: i64,
    amount: i64,
    issued_on: &str,
    at: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO credits (number, customer_id, kind, amount, remaining, reason, issued_on,
                              created_at)
         VALUES (?, ?, 'compensation', ?, ?, 'test fixture', ?, ?) RETURNING id",
    )
    .bind(number)
    .bind(customer_id)
    .bind(amount)
    .bind(amount)
    .bind(issued_on)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?)
}

/// Test support only: writes a complaint with its proposals (and their credits) exactly as
/// the report reads them, without the complaint process. Returns the complaint's id.
#[doc(hidden)]
pub async fn insert_report_fixture(tx: &mut WriteTx, f: &ReportFixture<'_>) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO complaints (number, customer_id, channel, subject, body, status, round,
                                 sort_level, branch_id, received_at, acknowledge_due,
                                 proposal_due, acknowledged_at, closed_at, created_at, updated_at)
         VALUES (?, ?, 'web', 'Report fixture', 'Report fixture', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(f.number)
    .bind(f.customer_id)
    .bind(f.status)
    .bind(f.proposals.iter().map(|p| p.round).max().unwrap_or(1))
    .bind(f.branch_id)
    .bind(f.received_at)
    .bind(f.received_at + 86_400_000)
    .bind(f.received_at + 7 * 86_400_000)
    .bind(f.acknowledged_at)
    .bind(f.closed_at)
    .bind(f.received_at)
    .bind(f.received_at)
    .fetch_one(&mut **tx)
    .await?;
    for p in &f.proposals {
        let credit = match p.credit {
            Some((amount, on)) => Some(
                fixture_credit(
                    tx,
                    &format!("FIX-{}-{}", f.number, p.round),
                    f.customer_id,
                    amount,
                    on,
                    f.received_at,
                )
                .await?,
            ),
            None => None,
        };
        let compensation = p.credit.map_or(0, |c| c.0);
        sqlx::query(
            "INSERT INTO complaint_proposals (complaint_id, round, finding, remedy, compensation,
                                              compensation_form, proposed_by, proposed_at, answer,
                                              answered_at, credit_id)
             VALUES (?, ?, ?, 'Report fixture', ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(p.round)
        .bind(p.finding)
        .bind(compensation)
        .bind(if compensation > 0 { "credit" } else { "none" })
        .bind(p.proposed_by)
        .bind(f.received_at)
        .bind(p.answer)
        .bind(p.answer.map(|_| f.received_at))
        .bind(credit)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// Test support only: records an automatic compensation grant (with its credit) for a
/// breached request, issued at `at`.
#[doc(hidden)]
pub async fn insert_grant_fixture(
    tx: &mut WriteTx,
    request_id: i64,
    target: &str,
    amount: i64,
    at: i64,
) -> StoreResult<()> {
    let customer_id: i64 =
        sqlx::query_scalar("SELECT customer_id FROM service_requests WHERE id = ?")
            .bind(request_id)
            .fetch_one(&mut **tx)
            .await?;
    let day = crate::ledger::shanghai_date(at).to_string();
    let credit = fixture_credit(
        tx,
        &format!("FIX-G-{request_id}-{target}"),
        customer_id,
        amount,
        &day,
        at,
    )
    .await?;
    sqlx::query(
        "INSERT INTO compensation_grants (request_id, target, customer_id, month, amount,
                                          credit_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(request_id)
    .bind(target)
    .bind(customer_id)
    .bind(&day[..7])
    .bind(amount)
    .bind(credit)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
