//! Complaints (clause 7), their proposals and history, and automatic compensation grants (8.2).

use super::{StoreResult, WriteTx};
use sqlx::{Executor, Sqlite, SqlitePool};

/// The process deadlines in minutes: (acknowledge, propose, second proposal).
pub async fn deadlines(tx: &mut WriteTx) -> StoreResult<(i64, i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT acknowledge_mins, propose_mins, second_proposal_mins
         FROM complaint_settings WHERE id = 1",
    )
    .fetch_optional(&mut **tx)
    .await?
    .unwrap_or((24 * 60, 7 * 24 * 60, 7 * 24 * 60)))
}

pub struct NewComplaintRow<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub channel: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub request_id: Option<i64>,
    pub invoice_id: Option<i64>,
    pub agent_id: Option<i64>,
    pub breach_id: Option<i64>,
    pub level_rank: i64,
    pub branch_id: Option<i64>,
    pub received_at: i64,
    pub acknowledge_due: i64,
    pub proposal_due: i64,
    pub recorded_by: Option<i64>,
}

pub async fn insert(tx: &mut WriteTx, r: &NewComplaintRow<'_>, now: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO complaints (number, customer_id, channel, subject, body, request_id,
             invoice_id, agent_id, breach_id, status, round, level_rank, sort_level, branch_id,
             received_at, acknowledge_due, proposal_due, due_step, next_due, recorded_by,
             created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', 1, ?, ?, ?, ?, ?, ?, 'acknowledge', ?, ?,
             ?, ?)
         RETURNING id",
    )
    .bind(r.number)
    .bind(r.customer_id)
    .bind(r.channel)
    .bind(r.subject)
    .bind(r.body)
    .bind(r.request_id)
    .bind(r.invoice_id)
    .bind(r.agent_id)
    .bind(r.breach_id)
    .bind(r.level_rank)
    .bind(-r.level_rank)
    .bind(r.branch_id)
    .bind(r.received_at)
    .bind(r.acknowledge_due)
    .bind(r.proposal_due)
    .bind(r.acknowledge_due)
    .bind(r.recorded_by)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ComplaintRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub channel: String,
    pub subject: String,
    pub body: String,
    pub request_id: Option<i64>,
    pub request_subject: Option<String>,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
    pub breach_id: Option<i64>,
    pub status: String,
    pub round: i64,
    pub level_rank: i64,
    pub branch_id: Option<i64>,
    pub branch_name: Option<String>,
    pub handler_id: Option<i64>,
    pub handler_name: Option<String>,
    pub received_at: i64,
    pub acknowledge_due: i64,
    pub proposal_due: i64,
    pub due_step: Option<String>,
    pub next_due: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub escalated_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub recorded_by_name: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.number, c.customer_id, u.name AS customer_name,
        u.email AS customer_email, c.channel, c.subject, c.body, c.request_id,
        r.subject AS request_subject, c.invoice_id, i.number AS invoice_number, c.agent_id,
        a.name AS agent_name, c.breach_id, c.status, c.round, c.level_rank, c.branch_id,
        b.name_zh AS branch_name, c.handler_id, h.name AS handler_name, c.received_at,
        c.acknowledge_due, c.proposal_due, c.due_step, c.next_due, c.acknowledged_at,
        c.escalated_at, c.closed_at, rb.name AS recorded_by_name
    FROM complaints c
    JOIN users u ON u.id = c.customer_id
    LEFT JOIN service_requests r ON r.id = c.request_id
    LEFT JOIN invoices i ON i.id = c.invoice_id
    LEFT JOIN users a ON a.id = c.agent_id
    LEFT JOIN branches b ON b.id = c.branch_id
    LEFT JOIN users h ON h.id = c.handler_id
    LEFT JOIN users rb ON rb.id = c.recorded_by";

pub async fn get<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    id: i64,
) -> StoreResult<Option<ComplaintRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE c.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// Whether any complaint exists (the demo seed runs once).
pub async fn any(db: &SqlitePool) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT 1 FROM complaints LIMIT 1")
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// A customer's complaints, newest first.
pub async fn of_customer(db: &SqlitePool, customer_id: i64) -> StoreResult<Vec<ComplaintRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE c.customer_id = ? ORDER BY c.id DESC LIMIT 200"
    ))
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

/// Which complaints the staff queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueView {
    /// Staff owe a step: VIP first, then by deadline (3.2.2).
    Open,
    /// Past the deadline of the step owed.
    Overdue(i64),
    /// Waiting for the customer's answer to a proposal.
    Waiting,
    /// Closed or disputed, latest first.
    Finished,
}

pub async fn queue(db: &SqlitePool, view: QueueView, limit: i64) -> StoreResult<Vec<ComplaintRow>> {
    let (filter, order) = match view {
        QueueView::Open => (
            "c.next_due IS NOT NULL",
            "c.sort_level, c.next_due, c.received_at, c.id",
        ),
        QueueView::Overdue(_) => (
            "c.next_due IS NOT NULL AND c.next_due < ?",
            "c.sort_level, c.next_due, c.received_at, c.id",
        ),
        QueueView::Waiting => ("c.status = 'proposed'", "c.updated_at, c.id"),
        QueueView::Finished => (
            "c.status IN ('closed', 'disputed')",
            "c.closed_at DESC, c.id DESC",
        ),
    };
    let sql = format!("{SELECT} WHERE {filter} ORDER BY {order} LIMIT ?");
    let mut q = sqlx::query_as(&sql);
    if let QueueView::Overdue(now) = view {
        q = q.bind(now);
    }
    Ok(q.bind(limit).fetch_all(db).await?)
}

/// How many complaints each queue view holds: (open, overdue, waiting, finished).
pub async fn counts(db: &SqlitePool, now: i64) -> StoreResult<(i64, i64, i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT
            (SELECT COUNT(*) FROM complaints WHERE next_due IS NOT NULL),
            (SELECT COUNT(*) FROM complaints WHERE next_due IS NOT NULL AND next_due < ?),
            (SELECT COUNT(*) FROM complaints WHERE status = 'proposed'),
            (SELECT COUNT(*) FROM complaints WHERE status IN ('closed', 'disputed'))",
    )
    .bind(now)
    .fetch_one(db)
    .await?)
}

/// Moves a complaint on, provided it is still in `from` (a concurrent step loses).
pub struct Move<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub round: i64,
    pub handler_id: Option<i64>,
    pub due_step: Option<&'a str>,
    pub next_due: Option<i64>,
}

pub async fn move_to(tx: &mut WriteTx, id: i64, m: &Move<'_>, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE complaints SET status = ?, round = ?, handler_id = ?, due_step = ?, next_due = ?,
             acknowledged_at = CASE WHEN ? = 'acknowledged' THEN ? ELSE acknowledged_at END,
             proposed_at = CASE WHEN ? = 'proposed' THEN ? ELSE proposed_at END,
             escalated_at = CASE WHEN ? = 'escalated' THEN ? ELSE escalated_at END,
             closed_at = CASE WHEN ? IN ('closed', 'disputed') THEN ? ELSE closed_at END,
             updated_at = ?
         WHERE id = ? AND status = ?",
    )
    .bind(m.to)
    .bind(m.round)
    .bind(m.handler_id)
    .bind(m.due_step)
    .bind(m.next_due)
    .bind(m.to)
    .bind(now)
    .bind(m.to)
    .bind(now)
    .bind(m.to)
    .bind(now)
    .bind(m.to)
    .bind(now)
    .bind(now)
    .bind(id)
    .bind(m.from)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_event(
    tx: &mut WriteTx,
    complaint_id: i64,
    actor_id: Option<i64>,
    kind: &str,
    from: Option<&str>,
    to: Option<&str>,
    note: &str,
    internal: bool,
    at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO complaint_events (complaint_id, actor_id, kind, from_status, to_status, note,
             internal, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(complaint_id)
    .bind(actor_id)
    .bind(kind)
    .bind(from)
    .bind(to)
    .bind(note)
    .bind(internal)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub kind: String,
    pub actor_name: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: String,
    pub internal: bool,
    pub at: i64,
}

/// A complaint's history, oldest first; internal notes only when `with_internal` (staff).
pub async fn events(
    db: &SqlitePool,
    complaint_id: i64,
    with_internal: bool,
) -> StoreResult<Vec<EventRow>> {
    Ok(sqlx::query_as(
        "SELECT e.kind, u.name AS actor_name, e.from_status, e.to_status, e.note, e.internal, e.at
         FROM complaint_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.complaint_id = ? AND (e.internal = 0 OR ?)
         ORDER BY e.id",
    )
    .bind(complaint_id)
    .bind(with_internal)
    .fetch_all(db)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_proposal(
    tx: &mut WriteTx,
    complaint_id: i64,
    round: i64,
    finding: &str,
    remedy: &str,
    compensation: i64,
    form: &str,
    by: i64,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO complaint_proposals (complaint_id, round, finding, remedy, compensation,
             compensation_form, proposed_by, proposed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(complaint_id)
    .bind(round)
    .bind(finding)
    .bind(remedy)
    .bind(compensation)
    .bind(form)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: i64,
    pub round: i64,
    pub finding: String,
    pub remedy: String,
    pub compensation: i64,
    pub compensation_form: String,
    pub proposed_at: i64,
    pub proposed_by: String,
    pub answer: Option<String>,
    pub answer_comment: Option<String>,
    pub answered_at: Option<i64>,
    pub credit_number: Option<String>,
}

const PROPOSALS: &str = "SELECT p.id, p.round, p.finding, p.remedy, p.compensation,
        p.compensation_form, p.proposed_at, u.name AS proposed_by, p.answer, p.answer_comment,
        p.answered_at, cr.number AS credit_number
    FROM complaint_proposals p JOIN users u ON u.id = p.proposed_by
    LEFT JOIN credits cr ON cr.id = p.credit_id";

pub async fn proposals(db: &SqlitePool, complaint_id: i64) -> StoreResult<Vec<ProposalRow>> {
    Ok(sqlx::query_as(&format!(
        "{PROPOSALS} WHERE p.complaint_id = ? ORDER BY p.round"
    ))
    .bind(complaint_id)
    .fetch_all(db)
    .await?)
}

pub async fn proposal(
    tx: &mut WriteTx,
    complaint_id: i64,
    round: i64,
) -> StoreResult<Option<ProposalRow>> {
    Ok(sqlx::query_as(&format!(
        "{PROPOSALS} WHERE p.complaint_id = ? AND p.round = ?"
    ))
    .bind(complaint_id)
    .bind(round)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Records the customer's answer, once.
pub async fn answer_proposal(
    tx: &mut WriteTx,
    proposal_id: i64,
    answer: &str,
    comment: &str,
    credit_id: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE complaint_proposals SET answer = ?, answer_comment = ?, answered_at = ?,
             credit_id = ?
         WHERE id = ? AND answer IS NULL",
    )
    .bind(answer)
    .bind(comment)
    .bind(now)
    .bind(credit_id)
    .bind(proposal_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The dispute a complaint was carried into: (id, number).
pub async fn dispute_of(db: &SqlitePool, complaint_id: i64) -> StoreResult<Option<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, number FROM disputes WHERE complaint_id = ?")
            .bind(complaint_id)
            .fetch_optional(db)
            .await?,
    )
}

/// Whether `request_id` / `invoice_id` / `breach_id` belong to `customer_id`.
pub async fn owns(tx: &mut WriteTx, table: Owned, id: i64, customer_id: i64) -> StoreResult<bool> {
    let sql = match table {
        Owned::Request => "SELECT 1 FROM service_requests WHERE id = ? AND customer_id = ?",
        Owned::Invoice => {
            "SELECT 1 FROM invoices WHERE id = ? AND customer_id = ? AND status <> 'draft'"
        }
        Owned::Breach => "SELECT 1 FROM breach_cases WHERE id = ? AND customer_id = ?",
    };
    Ok(sqlx::query_scalar::<_, i64>(sql)
        .bind(id)
        .bind(customer_id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

/// An issued invoice's id by its number.
pub async fn invoice_by_number(db: &SqlitePool, number: &str) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM invoices WHERE number = ?")
            .bind(number)
            .fetch_optional(db)
            .await?,
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    Request,
    Invoice,
    Breach,
}

/// The staff a customer knows and may complain about (7.1): their dedicated agent first, then
/// everyone who was assigned one of their requests — `(id, name, dedicated)`.
pub async fn staff_known_to<'e, E: sqlx::SqliteExecutor<'e>>(
    db: E,
    customer_id: i64,
) -> StoreResult<Vec<(i64, String, bool)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, MAX(k.dedicated) AS dedicated
         FROM (SELECT agent_id AS id, 1 AS dedicated FROM dedicated_agents WHERE customer_id = ?1
               UNION ALL
               SELECT assignee_id, 0 FROM service_requests
               WHERE customer_id = ?1 AND assignee_id IS NOT NULL) k
         JOIN users u ON u.id = k.id AND u.kind = 'staff'
         GROUP BY u.id, u.name
         ORDER BY dedicated DESC, u.name, u.id",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

/// Whether `user_id` is a staff account (an agent a complaint may name).
pub async fn is_staff(tx: &mut WriteTx, user_id: i64) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT 1 FROM users WHERE id = ? AND kind = 'staff'")
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

/// Complaints whose owed step passed its deadline and was not flagged yet:
/// (id, due_step, next_due).
pub async fn newly_overdue(
    db: &SqlitePool,
    now: i64,
    limit: i64,
) -> StoreResult<Vec<(i64, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.due_step, c.next_due FROM complaints c
         WHERE c.next_due IS NOT NULL AND c.next_due < ?
           AND NOT EXISTS (SELECT 1 FROM complaint_overdue o
                           WHERE o.complaint_id = c.id AND o.step = c.due_step)
         ORDER BY c.next_due LIMIT ?",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Flags an overdue step once; false when it already was.
pub async fn flag_overdue(tx: &mut WriteTx, id: i64, step: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO complaint_overdue (complaint_id, step, at) VALUES (?, ?, ?)
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(step)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Staff holding a role that handles complaints, for notifications when no one handles one yet.
pub async fn complaint_staff(tx: &mut WriteTx) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role IN ('quality', 'admin') AND u.active = 1 ORDER BY u.id",
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Active finance staff (they refund compensation paid as a refund).
pub async fn finance_staff(tx: &mut WriteTx) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'finance' AND u.active = 1 ORDER BY u.id",
    )
    .fetch_all(&mut **tx)
    .await?)
}

// ---------------------------------------------------------------- automatic compensation

/// The automatic compensation policy for the VIP level of `rank`:
/// (first response fen, resolution fen, monthly cap fen).
pub async fn policy_for_rank(tx: &mut WriteTx, rank: i64) -> StoreResult<Option<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT p.first_response_fen, p.resolution_fen, p.monthly_cap_fen
         FROM compensation_policies p JOIN vip_levels l ON l.id = p.level_id
         WHERE l.rank = ?",
    )
    .bind(rank)
    .fetch_optional(&mut **tx)
    .await?)
}

/// What automatic compensation a customer received in `month` (YYYY-MM).
pub async fn granted_in_month(tx: &mut WriteTx, customer_id: i64, month: &str) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM compensation_grants
         WHERE customer_id = ? AND month = ?",
    )
    .bind(customer_id)
    .bind(month)
    .fetch_one(&mut **tx)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_grant(
    tx: &mut WriteTx,
    request_id: i64,
    target: &str,
    customer_id: i64,
    month: &str,
    amount: i64,
    credit_id: i64,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO compensation_grants (request_id, target, customer_id, month, amount,
             credit_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(request_id)
    .bind(target)
    .bind(customer_id)
    .bind(month)
    .bind(amount)
    .bind(credit_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn grant_exists(tx: &mut WriteTx, request_id: i64, target: &str) -> StoreResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT 1 FROM compensation_grants WHERE request_id = ? AND target = ?",
    )
    .bind(request_id)
    .bind(target)
    .fetch_optional(&mut **tx)
    .await?
    .is_some())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GrantRow {
    pub request_id: i64,
    pub target: String,
    pub amount: i64,
    pub credit_number: String,
    pub at: i64,
}

/// A customer's automatic compensation, newest first.
pub async fn grants_of(db: &SqlitePool, customer_id: i64) -> StoreResult<Vec<GrantRow>> {
    Ok(sqlx::query_as(
        "SELECT g.request_id, g.target, g.amount, c.number AS credit_number, g.at
         FROM compensation_grants g JOIN credits c ON c.id = g.credit_id
         WHERE g.customer_id = ? ORDER BY g.at DESC LIMIT 100",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}
