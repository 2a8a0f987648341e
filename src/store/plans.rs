//! Custom service plans (clause 3.2.3): requests, proposals with lines, answers.

use super::{StoreResult, WriteTx};
use crate::fees::FeeItem;
use chrono::NaiveDate;
use sqlx::{Executor, Sqlite, SqlitePool};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub request: String,
    pub status: String,
    pub proposal: Option<String>,
    pub valid_until: Option<String>,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub created_at: i64,
}

const PLAN_COLUMNS: &str =
    "p.id, p.customer_id, u.name AS customer_name, u.email AS customer_email,
    p.request, p.status, p.proposal, p.valid_until, p.invoice_id, i.number AS invoice_number,
    p.created_at";

pub async fn insert(
    tx: &mut WriteTx,
    customer_id: i64,
    request: &str,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO service_plans (customer_id, request, status, created_at, updated_at)
         VALUES (?, ?, 'requested', ?, ?) RETURNING id",
    )
    .bind(customer_id)
    .bind(request)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn plan<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    id: i64,
) -> StoreResult<Option<PlanRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PLAN_COLUMNS} FROM service_plans p JOIN users u ON u.id = p.customer_id
         LEFT JOIN invoices i ON i.id = p.invoice_id WHERE p.id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// Plans, newest first: one customer's, or all (`None`) filtered by `statuses` (empty = all).
pub async fn plans(
    db: &SqlitePool,
    customer_id: Option<i64>,
    statuses: &[&str],
    limit: i64,
) -> StoreResult<Vec<PlanRow>> {
    let wanted = serde_json::to_string(statuses).unwrap_or_else(|_| "[]".into());
    Ok(sqlx::query_as(&format!(
        "SELECT {PLAN_COLUMNS} FROM service_plans p JOIN users u ON u.id = p.customer_id
         LEFT JOIN invoices i ON i.id = p.invoice_id
         WHERE (?1 IS NULL OR p.customer_id = ?1)
           AND (json_array_length(?2) = 0 OR p.status IN (SELECT value FROM json_each(?2)))
         ORDER BY p.id DESC LIMIT ?3"
    ))
    .bind(customer_id)
    .bind(wanted)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// A proposal's lines with the fee items they were priced from.
pub async fn lines<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    plan_id: i64,
) -> StoreResult<Vec<(i64, i64, FeeItem)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        line_no: i64,
        quantity: i64,
        id: i64,
        code: String,
        name_zh: String,
        name_en: String,
        unit_zh: String,
        unit_en: String,
        unit_price: i64,
        tax_bp: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.line_no, l.quantity, f.id, f.code, f.name_zh, f.name_en, f.unit_zh, f.unit_en,
                f.unit_price, f.tax_bp
         FROM service_plan_lines l JOIN fee_items f ON f.id = l.fee_item_id
         WHERE l.plan_id = ? ORDER BY l.line_no",
    )
    .bind(plan_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.line_no,
                r.quantity,
                FeeItem {
                    id: r.id,
                    code: r.code,
                    name_zh: r.name_zh,
                    name_en: r.name_en,
                    unit_zh: r.unit_zh,
                    unit_en: r.unit_en,
                    unit_price: crate::Fen(r.unit_price),
                    tax_bp: r.tax_bp,
                },
            )
        })
        .collect())
}

/// Records a (revised) proposal on a plan still open for one; `false` if it was answered or
/// withdrawn meanwhile. Replaces the lines.
pub async fn propose(
    tx: &mut WriteTx,
    id: i64,
    proposal: &str,
    valid_until: NaiveDate,
    lines: &[(i64, i64)],
    by: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE service_plans SET status = 'proposed', proposal = ?, valid_until = ?,
                proposed_by = ?, proposed_at = ?, updated_at = ?
         WHERE id = ? AND status IN ('requested', 'proposed')",
    )
    .bind(proposal)
    .bind(valid_until.to_string())
    .bind(by)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM service_plan_lines WHERE plan_id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (n, (item, quantity)) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO service_plan_lines (plan_id, line_no, fee_item_id, quantity) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(n as i64 + 1)
        .bind(item)
        .bind(quantity)
        .execute(&mut **tx)
        .await?;
    }
    Ok(true)
}

/// Moves a plan from one of `from` to `to` (answer or withdrawal); `false` if its status
/// changed meanwhile.
pub async fn set_status(
    tx: &mut WriteTx,
    id: i64,
    from: &[&str],
    to: &str,
    invoice_id: Option<i64>,
    agreement_id: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let from = serde_json::to_string(from).unwrap_or_else(|_| "[]".into());
    let r = sqlx::query(
        "UPDATE service_plans SET status = ?, invoice_id = ?, agreement_id = ?, answered_at = ?,
                updated_at = ?
         WHERE id = ? AND status IN (SELECT value FROM json_each(?))",
    )
    .bind(to)
    .bind(invoice_id)
    .bind(agreement_id)
    .bind(now)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Attaches an accepted plan to the customer's agreement (clause 14).
pub async fn attach_to_agreement(
    tx: &mut WriteTx,
    agreement_id: i64,
    plan_id: i64,
    title: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO agreement_attachments (agreement_id, kind, plan_id, title, added_at)
         VALUES (?, 'plan', ?, ?, ?)",
    )
    .bind(agreement_id)
    .bind(plan_id)
    .bind(title)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The customer's agreement in force (effective), if any: the one a plan is attached to.
pub async fn effective_agreement(tx: &mut WriteTx, customer_id: i64) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM agreements WHERE customer_id = ? AND status = 'effective'
         ORDER BY id DESC LIMIT 1",
    )
    .bind(customer_id)
    .fetch_optional(&mut **tx)
    .await?)
}
