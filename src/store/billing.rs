//! Fees and payment: the fee schedule, invoices, payments, adjustments and credits.

use super::{StoreResult, WriteTx};
use crate::billing::VersionFacts;
use crate::fees::FeeItem;
use crate::money::Fen;
use chrono::NaiveDate;
use sqlx::{Executor, Sqlite, SqlitePool};

// ---------------------------------------------------------------- fee schedule (6.1)

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub label: String,
    pub effective_from: String,
    pub status: String,
}

impl VersionRow {
    pub fn facts(&self) -> StoreResult<VersionFacts> {
        Ok(VersionFacts {
            id: self.id,
            effective_from: super::membership::parse_day(&self.effective_from)?,
            published: self.status == "published",
        })
    }
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    unit_zh: String,
    unit_en: String,
    unit_price: i64,
    tax_bp: i64,
}

impl From<ItemRow> for FeeItem {
    fn from(r: ItemRow) -> FeeItem {
        FeeItem {
            id: r.id,
            code: r.code,
            name_zh: r.name_zh,
            name_en: r.name_en,
            unit_zh: r.unit_zh,
            unit_en: r.unit_en,
            unit_price: Fen(r.unit_price),
            tax_bp: r.tax_bp,
        }
    }
}

const ITEM_COLUMNS: &str = "id, code, name_zh, name_en, unit_zh, unit_en, unit_price, tax_bp";

/// Every version, newest effective date first.
pub async fn versions<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
) -> StoreResult<Vec<VersionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, label, effective_from, status FROM fee_versions
         ORDER BY effective_from DESC, id DESC",
    )
    .fetch_all(db)
    .await?)
}

pub async fn version<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    id: i64,
) -> StoreResult<Option<VersionRow>> {
    Ok(
        sqlx::query_as("SELECT id, label, effective_from, status FROM fee_versions WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn items<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    version_id: i64,
) -> StoreResult<Vec<FeeItem>> {
    let rows: Vec<ItemRow> = sqlx::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM fee_items WHERE version_id = ? ORDER BY position, id"
    ))
    .bind(version_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(FeeItem::from).collect())
}

/// Item counts per version.
pub async fn item_counts(db: &SqlitePool) -> StoreResult<Vec<(i64, i64)>> {
    Ok(
        sqlx::query_as("SELECT version_id, COUNT(*) FROM fee_items GROUP BY version_id")
            .fetch_all(db)
            .await?,
    )
}

pub async fn create_version(
    tx: &mut WriteTx,
    label: &str,
    effective_from: NaiveDate,
    by: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO fee_versions (label, effective_from, status, created_by, created_at)
         VALUES (?, ?, 'draft', ?, ?) RETURNING id",
    )
    .bind(label)
    .bind(effective_from.to_string())
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Copies the items of `from` into the draft `to`.
pub async fn copy_items(tx: &mut WriteTx, from: i64, to: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO fee_items (version_id, code, name_zh, name_en, unit_zh, unit_en, unit_price, tax_bp, position)
         SELECT ?, code, name_zh, name_en, unit_zh, unit_en, unit_price, tax_bp, position
         FROM fee_items WHERE version_id = ? ORDER BY position, id",
    )
    .bind(to)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Changes a draft's label and date (a published version is refused by a trigger as well).
pub async fn update_draft(
    tx: &mut WriteTx,
    id: i64,
    label: &str,
    effective_from: NaiveDate,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE fee_versions SET label = ?, effective_from = ? WHERE id = ? AND status = 'draft'",
    )
    .bind(label)
    .bind(effective_from.to_string())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn publish(tx: &mut WriteTx, id: i64, by: Option<i64>, now: i64) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE fee_versions SET status = 'published', published_by = ?, published_at = ?
         WHERE id = ? AND status = 'draft'",
    )
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete_draft(tx: &mut WriteTx, id: i64) -> StoreResult<bool> {
    sqlx::query("DELETE FROM fee_items WHERE version_id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let r = sqlx::query("DELETE FROM fee_versions WHERE id = ? AND status = 'draft'")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Inserts (`item.id == 0`) or updates an item of a draft; returns its id.
pub async fn save_item(tx: &mut WriteTx, version_id: i64, item: &FeeItem) -> StoreResult<i64> {
    if item.id == 0 {
        Ok(sqlx::query_scalar(
            "INSERT INTO fee_items (version_id, code, name_zh, name_en, unit_zh, unit_en, unit_price, tax_bp, position)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?,
                     (SELECT COALESCE(MAX(position), 0) + 1 FROM fee_items WHERE version_id = ?))
             RETURNING id",
        )
        .bind(version_id)
        .bind(&item.code)
        .bind(&item.name_zh)
        .bind(&item.name_en)
        .bind(&item.unit_zh)
        .bind(&item.unit_en)
        .bind(item.unit_price.0)
        .bind(item.tax_bp)
        .bind(version_id)
        .fetch_one(&mut **tx)
        .await?)
    } else {
        sqlx::query(
            "UPDATE fee_items SET code = ?, name_zh = ?, name_en = ?, unit_zh = ?, unit_en = ?,
                                  unit_price = ?, tax_bp = ?
             WHERE id = ? AND version_id = ?",
        )
        .bind(&item.code)
        .bind(&item.name_zh)
        .bind(&item.name_en)
        .bind(&item.unit_zh)
        .bind(&item.unit_en)
        .bind(item.unit_price.0)
        .bind(item.tax_bp)
        .bind(item.id)
        .bind(version_id)
        .execute(&mut **tx)
        .await?;
        Ok(item.id)
    }
}

pub async fn item_tx(tx: &mut WriteTx, version_id: i64, id: i64) -> StoreResult<Option<FeeItem>> {
    let row: Option<ItemRow> = sqlx::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM fee_items WHERE id = ? AND version_id = ?"
    ))
    .bind(id)
    .bind(version_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(FeeItem::from))
}

pub async fn delete_item(tx: &mut WriteTx, version_id: i64, id: i64) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM fee_items WHERE id = ? AND version_id = ?")
        .bind(id)
        .bind(version_id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

// ---------------------------------------------------------------- invoices (6.2)

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: i64,
    pub customer_id: i64,
    pub number: Option<String>,
    pub status: String,
    pub discount_bp: i64,
    pub level_name: Option<String>,
    pub subtotal: i64,
    pub discount: i64,
    pub tax: i64,
    pub total: i64,
    pub waived: i64,
    pub paid: i64,
    pub credited: i64,
    pub issue_date: Option<String>,
    pub due_date: Option<String>,
    pub note: String,
    pub void_reason: Option<String>,
    pub customer_name: String,
    pub customer_email: String,
}

const INVOICE_COLUMNS: &str =
    "i.id, i.customer_id, i.number, i.status, i.discount_bp, i.level_name,
    i.subtotal, i.discount, i.tax, i.total, i.waived, i.paid, i.credited, i.issue_date,
    i.due_date, i.note, i.void_reason, u.name AS customer_name, u.email AS customer_email";

pub async fn invoice<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    id: i64,
) -> StoreResult<Option<InvoiceRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices i JOIN users u ON u.id = i.customer_id WHERE i.id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// Invoices newest first, of one customer or of everyone, optionally in some stored statuses.
pub async fn invoices(
    db: &SqlitePool,
    customer_id: Option<i64>,
    statuses: &[&str],
    limit: i64,
) -> StoreResult<Vec<InvoiceRow>> {
    let all = statuses.is_empty();
    let list = serde_json::to_string(statuses).unwrap_or_else(|_| "[]".into());
    Ok(sqlx::query_as(&format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices i JOIN users u ON u.id = i.customer_id
         WHERE (?1 IS NULL OR i.customer_id = ?1)
           AND (?2 OR i.status IN (SELECT value FROM json_each(?3)))
         ORDER BY i.id DESC LIMIT ?4"
    ))
    .bind(customer_id)
    .bind(all)
    .bind(list)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub line_no: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub service_date: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub amount: i64,
    pub discount: i64,
    pub tax: i64,
    pub total: i64,
}

pub async fn lines<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    invoice_id: i64,
) -> StoreResult<Vec<LineRow>> {
    Ok(sqlx::query_as(
        "SELECT line_no, code, name_zh, name_en, unit_zh, unit_en, service_date, quantity,
                unit_price, discount_bp, tax_bp, amount, discount, tax, total
         FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no",
    )
    .bind(invoice_id)
    .fetch_all(db)
    .await?)
}

/// A new draft; its lines and totals follow.
pub async fn insert_draft(
    tx: &mut WriteTx,
    customer_id: i64,
    discount_bp: i64,
    level_name: Option<&str>,
    note: &str,
    by: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO invoices (customer_id, status, discount_bp, level_name, note, created_by, created_at, updated_at)
         VALUES (?, 'draft', ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(customer_id)
    .bind(discount_bp)
    .bind(level_name)
    .bind(note)
    .bind(by)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// A priced line, as it is stored.
pub struct NewLine<'a> {
    pub line_no: i64,
    pub item: &'a FeeItem,
    pub service_date: NaiveDate,
    pub quantity: i64,
    pub discount_bp: i64,
    pub amounts: crate::billing::LineAmounts,
}

pub async fn insert_line(tx: &mut WriteTx, invoice_id: i64, l: &NewLine<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO invoice_lines (invoice_id, line_no, fee_item_id, code, name_zh, name_en, unit_zh,
             unit_en, service_date, quantity, unit_price, discount_bp, tax_bp, amount, discount, tax, total)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(invoice_id)
    .bind(l.line_no)
    .bind(l.item.id)
    .bind(&l.item.code)
    .bind(&l.item.name_zh)
    .bind(&l.item.name_en)
    .bind(&l.item.unit_zh)
    .bind(&l.item.unit_en)
    .bind(l.service_date.to_string())
    .bind(l.quantity)
    .bind(l.item.unit_price.0)
    .bind(l.discount_bp)
    .bind(l.item.tax_bp)
    .bind(l.amounts.amount.0)
    .bind(l.amounts.discount.0)
    .bind(l.amounts.tax.0)
    .bind(l.amounts.total.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_totals(
    tx: &mut WriteTx,
    id: i64,
    t: &crate::billing::InvoiceTotals,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE invoices SET subtotal = ?, discount = ?, tax = ?, total = ?, updated_at = ? WHERE id = ?",
    )
    .bind(t.subtotal.0)
    .bind(t.discount.0)
    .bind(t.tax.0)
    .bind(t.total.0)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The next number of a gapless series ('INV', 'CN') for `year`, inside the caller's write
/// transaction: if the transaction rolls back, so does the counter.
pub async fn next_number(tx: &mut WriteTx, series: &str, year: i32) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO document_counters (series, year, last) VALUES (?, ?, 1)
         ON CONFLICT (series, year) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(series)
    .bind(year)
    .fetch_one(&mut **tx)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn mark_issued(
    tx: &mut WriteTx,
    id: i64,
    number: &str,
    year: i32,
    seq: i64,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    by: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE invoices SET status = 'issued', number = ?, year = ?, seq = ?, issue_date = ?,
                due_date = ?, issued_by = ?, issued_at = ?, updated_at = ?
         WHERE id = ? AND status = 'draft'",
    )
    .bind(number)
    .bind(year)
    .bind(seq)
    .bind(issue_date.to_string())
    .bind(due_date.to_string())
    .bind(by)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Sets what has been settled and the resulting stored status, only if the row still has the
/// amounts the caller read (so two payments can never both apply to the same balance).
#[allow(clippy::too_many_arguments)]
pub async fn settle(
    tx: &mut WriteTx,
    id: i64,
    expect: (i64, i64, i64),
    paid: i64,
    credited: i64,
    waived: i64,
    status: &str,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE invoices SET paid = ?, credited = ?, waived = ?, status = ?, updated_at = ?
         WHERE id = ? AND paid = ? AND credited = ? AND waived = ?",
    )
    .bind(paid)
    .bind(credited)
    .bind(waived)
    .bind(status)
    .bind(now)
    .bind(id)
    .bind(expect.0)
    .bind(expect.1)
    .bind(expect.2)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn mark_void(
    tx: &mut WriteTx,
    id: i64,
    reason: &str,
    by: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE invoices SET status = 'void', void_reason = ?, voided_by = ?, voided_at = ?, updated_at = ?
         WHERE id = ? AND status IN ('issued', 'draft') AND paid = 0 AND credited = 0 AND waived = 0",
    )
    .bind(reason)
    .bind(by)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

// ---------------------------------------------------------------- payments and credits

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: i64,
    pub method: String,
    pub reference: String,
    pub amount: i64,
    pub applied: i64,
    pub received_on: String,
}

pub async fn payments<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    invoice_id: i64,
) -> StoreResult<Vec<PaymentRow>> {
    Ok(sqlx::query_as(
        "SELECT id, method, reference, amount, applied, received_on FROM payments
         WHERE invoice_id = ? ORDER BY id",
    )
    .bind(invoice_id)
    .fetch_all(db)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_payment(
    tx: &mut WriteTx,
    invoice_id: i64,
    customer_id: i64,
    p: &crate::invoice::NewPayment,
    applied: Fen,
    provider: Option<&str>,
    by: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO payments (invoice_id, customer_id, method, reference, amount, applied, received_on,
                               provider, recorded_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(invoice_id)
    .bind(customer_id)
    .bind(p.method.as_str())
    .bind(&p.reference)
    .bind(p.amount.0)
    .bind(applied.0)
    .bind(p.received_on.to_string())
    .bind(provider)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn link_payment_credit(tx: &mut WriteTx, payment: i64, credit: i64) -> StoreResult<()> {
    sqlx::query("UPDATE payments SET credit_id = ? WHERE id = ?")
        .bind(credit)
        .bind(payment)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_credit(
    tx: &mut WriteTx,
    number: &str,
    customer_id: i64,
    invoice_id: Option<i64>,
    kind: &str,
    amount: Fen,
    reason: &str,
    issued_on: NaiveDate,
    by: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO credits (number, customer_id, invoice_id, kind, amount, remaining, reason, issued_on,
                              created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(number)
    .bind(customer_id)
    .bind(invoice_id)
    .bind(kind)
    .bind(amount.0)
    .bind(amount.0)
    .bind(reason)
    .bind(issued_on.to_string())
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CreditRow {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub amount: i64,
    pub remaining: i64,
    pub reason: String,
    pub issued_on: String,
}

/// A customer's credits, oldest first (the order they are used in).
pub async fn credits<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    customer_id: i64,
) -> StoreResult<Vec<CreditRow>> {
    Ok(sqlx::query_as(
        "SELECT id, number, kind, amount, remaining, reason, issued_on FROM credits
         WHERE customer_id = ? ORDER BY id",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

/// Takes `amount` from a credit's remainder for an invoice (never below zero: the row's CHECK
/// and the condition both hold the line).
pub async fn apply_credit(
    tx: &mut WriteTx,
    credit_id: i64,
    invoice_id: i64,
    amount: Fen,
    now: i64,
) -> StoreResult<bool> {
    let r =
        sqlx::query("UPDATE credits SET remaining = remaining - ? WHERE id = ? AND remaining >= ?")
            .bind(amount.0)
            .bind(credit_id)
            .bind(amount.0)
            .execute(&mut **tx)
            .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO credit_applications (credit_id, invoice_id, amount, applied_at) VALUES (?, ?, ?, ?)",
    )
    .bind(credit_id)
    .bind(invoice_id)
    .bind(amount.0)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Issued invoices with something owed whose due date is before `day` (the reminder job).
pub async fn overdue(db: &SqlitePool, day: NaiveDate) -> StoreResult<Vec<InvoiceRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices i JOIN users u ON u.id = i.customer_id
         WHERE i.status IN ('issued', 'partially_paid') AND i.due_date < ?
           AND i.total - i.waived - i.paid - i.credited > 0
         ORDER BY i.id"
    ))
    .bind(day.to_string())
    .fetch_all(db)
    .await?)
}

/// The reminder stages already sent for every invoice [`overdue`] returns on `day`, in one
/// query: each candidate key `inv{id}:overdue:{stage}` is looked up in the inbox's unique
/// dedupe index. Returns (invoice id, stage) pairs.
pub async fn reminders_sent(db: &SqlitePool, day: NaiveDate) -> StoreResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "WITH stages(stage) AS (VALUES ('d1'), ('d7'), ('d30')),
              keys(invoice_id, stage, k) AS (
                SELECT i.id, s.stage, 'inv' || i.id || ':overdue:' || s.stage
                FROM invoices i, stages s
                WHERE i.status IN ('issued', 'partially_paid') AND i.due_date < ?
                  AND i.total - i.waived - i.paid - i.credited > 0)
         SELECT keys.invoice_id, keys.stage FROM keys
         WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = keys.k)",
    )
    .bind(day.to_string())
    .fetch_all(db)
    .await?)
}

// ---------------------------------------------------------------- waivers and extra discounts (6.3)

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AdjustmentRow {
    pub id: i64,
    pub invoice_id: i64,
    pub kind: String,
    pub amount: i64,
    pub reason: String,
    pub status: String,
    pub proposed_by: i64,
    pub proposed_at: i64,
    pub proposer_name: String,
    pub decided_by: Option<i64>,
    pub decider_name: Option<String>,
    pub decision_note: Option<String>,
}

const ADJUSTMENT_COLUMNS: &str = "a.id, a.invoice_id, a.kind, a.amount, a.reason, a.status,
    a.proposed_by, a.proposed_at, p.name AS proposer_name, a.decided_by, d.name AS decider_name,
    a.decision_note";

pub async fn insert_adjustment(
    tx: &mut WriteTx,
    invoice_id: i64,
    kind: &str,
    amount: Fen,
    reason: &str,
    by: i64,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO invoice_adjustments (invoice_id, kind, amount, reason, status, proposed_by, proposed_at)
         VALUES (?, ?, ?, ?, 'proposed', ?, ?) RETURNING id",
    )
    .bind(invoice_id)
    .bind(kind)
    .bind(amount.0)
    .bind(reason)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn adjustment<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    id: i64,
) -> StoreResult<Option<AdjustmentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ADJUSTMENT_COLUMNS} FROM invoice_adjustments a
         JOIN users p ON p.id = a.proposed_by LEFT JOIN users d ON d.id = a.decided_by
         WHERE a.id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?)
}

pub async fn adjustments_of(db: &SqlitePool, invoice_id: i64) -> StoreResult<Vec<AdjustmentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ADJUSTMENT_COLUMNS} FROM invoice_adjustments a
         JOIN users p ON p.id = a.proposed_by LEFT JOIN users d ON d.id = a.decided_by
         WHERE a.invoice_id = ? ORDER BY a.id"
    ))
    .bind(invoice_id)
    .fetch_all(db)
    .await?)
}

/// Decides a proposal, only while it is still proposed and not by its proposer.
pub async fn decide_adjustment(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    by: i64,
    note: &str,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE invoice_adjustments SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?
         WHERE id = ? AND status = 'proposed' AND proposed_by <> ?",
    )
    .bind(status)
    .bind(by)
    .bind(now)
    .bind(note)
    .bind(id)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

// ---------------------------------------------------------------- credit notes and refunds (8.2)

/// The sum of credit notes already issued against an invoice.
pub async fn credit_noted(tx: &mut WriteTx, invoice_id: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM credits WHERE invoice_id = ? AND kind = 'credit_note'",
    )
    .bind(invoice_id)
    .fetch_one(&mut **tx)
    .await?)
}

/// A credit as finance sees it: whose, how much is left, how much was refunded.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CreditAdminRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub kind: String,
    pub amount: i64,
    pub remaining: i64,
    pub refunded: i64,
    pub reason: String,
    pub issued_on: String,
}

const CREDIT_ADMIN_COLUMNS: &str = "c.id, c.number, c.customer_id, u.name AS customer_name,
    u.email AS customer_email, c.invoice_id, i.number AS invoice_number, c.kind, c.amount,
    c.remaining, c.refunded, c.reason, c.issued_on";

/// Credits, newest first; `open_only` keeps those with something left.
pub async fn all_credits(
    db: &SqlitePool,
    open_only: bool,
    limit: i64,
) -> StoreResult<Vec<CreditAdminRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CREDIT_ADMIN_COLUMNS} FROM credits c JOIN users u ON u.id = c.customer_id
         LEFT JOIN invoices i ON i.id = c.invoice_id
         WHERE (? = 0 OR c.remaining > 0) ORDER BY c.id DESC LIMIT ?"
    ))
    .bind(open_only)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

pub async fn credit_tx(tx: &mut WriteTx, id: i64) -> StoreResult<Option<CreditAdminRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CREDIT_ADMIN_COLUMNS} FROM credits c JOIN users u ON u.id = c.customer_id
         LEFT JOIN invoices i ON i.id = c.invoice_id WHERE c.id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Takes a refund out of a credit's remainder; `false` if less than `amount` is left (a
/// concurrent refund or application got there first).
pub async fn take_refund(tx: &mut WriteTx, credit_id: i64, amount: Fen) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE credits SET remaining = remaining - ?1, refunded = refunded + ?1
         WHERE id = ?2 AND remaining >= ?1",
    )
    .bind(amount.0)
    .bind(credit_id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub struct NewRefund<'a> {
    pub credit_id: i64,
    pub customer_id: i64,
    pub amount: Fen,
    pub method: &'a str,
    pub reference: &'a str,
    pub refunded_on: NaiveDate,
    pub reason: &'a str,
}

pub async fn insert_refund(
    tx: &mut WriteTx,
    r: &NewRefund<'_>,
    by: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO refunds (credit_id, customer_id, amount, method, reference, refunded_on, reason,
                              recorded_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(r.credit_id)
    .bind(r.customer_id)
    .bind(r.amount.0)
    .bind(r.method)
    .bind(r.reference)
    .bind(r.refunded_on.to_string())
    .bind(r.reason)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundRow {
    pub id: i64,
    pub credit_id: i64,
    pub credit_number: String,
    pub amount: i64,
    pub method: String,
    pub reference: String,
    pub refunded_on: String,
}

/// A customer's refunds, newest first.
pub async fn refunds_of(db: &SqlitePool, customer_id: i64) -> StoreResult<Vec<RefundRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.credit_id, c.number AS credit_number, r.amount, r.method, r.reference,
                r.refunded_on
         FROM refunds r JOIN credits c ON c.id = r.credit_id
         WHERE r.customer_id = ? ORDER BY r.id DESC",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

// ---------------------------------------------------------------- reports

/// Issued invoices with something owed: customer, due date, balance (receivables ageing).
pub async fn open_items(db: &SqlitePool) -> StoreResult<Vec<(i64, String, String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT i.customer_id, u.name, u.email, i.due_date,
                i.total - i.waived - i.paid - i.credited AS balance
         FROM invoices i JOIN users u ON u.id = i.customer_id
         WHERE i.status IN ('issued', 'partially_paid') AND i.due_date IS NOT NULL
           AND i.total - i.waived - i.paid - i.credited > 0
         ORDER BY u.name, i.customer_id, i.due_date",
    )
    .fetch_all(db)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RevenueRowDb {
    pub month: String,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub quantity: i64,
    pub net: i64,
    pub tax: i64,
    pub total: i64,
}

/// Invoice lines of issued (not void) invoices summed by month of issue and fee item code,
/// months `from` to `to` inclusive (`YYYY-MM`). The names are those of the latest line.
pub async fn revenue_rows(db: &SqlitePool, from: &str, to: &str) -> StoreResult<Vec<RevenueRowDb>> {
    Ok(sqlx::query_as(
        "SELECT substr(i.issue_date, 1, 7) AS month, l.code,
                MAX(l.name_zh) AS name_zh, MAX(l.name_en) AS name_en,
                SUM(l.quantity) AS quantity, SUM(l.amount - l.discount) AS net,
                SUM(l.tax) AS tax, SUM(l.total) AS total
         FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE i.status IN ('issued', 'partially_paid', 'paid')
           AND i.issue_date >= ?1 || '-01' AND i.issue_date < date(?2 || '-01', '+1 month')
         GROUP BY month, l.code ORDER BY month, l.code",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

// ---------------------------------------------------------------- online checkouts (6.2)

pub async fn insert_checkout(
    tx: &mut WriteTx,
    invoice_id: i64,
    customer_id: i64,
    provider: &str,
    token: &str,
    amount: Fen,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO payment_checkouts (invoice_id, customer_id, provider, token, amount, status,
                                        created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
    )
    .bind(invoice_id)
    .bind(customer_id)
    .bind(provider)
    .bind(token)
    .bind(amount.0)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CheckoutRow {
    pub id: i64,
    pub invoice_id: i64,
    pub invoice_number: Option<String>,
    pub customer_id: i64,
    pub provider: String,
    pub token: String,
    pub amount: i64,
    pub status: String,
}

const CHECKOUT_SQL: &str = "SELECT c.id, c.invoice_id, i.number AS invoice_number, c.customer_id,
    c.provider, c.token, c.amount, c.status
    FROM payment_checkouts c JOIN invoices i ON i.id = c.invoice_id WHERE c.token = ?";

pub async fn checkout(db: &SqlitePool, token: &str) -> StoreResult<Option<CheckoutRow>> {
    Ok(sqlx::query_as(CHECKOUT_SQL)
        .bind(token)
        .fetch_optional(db)
        .await?)
}

pub async fn checkout_tx(tx: &mut WriteTx, token: &str) -> StoreResult<Option<CheckoutRow>> {
    Ok(sqlx::query_as(CHECKOUT_SQL)
        .bind(token)
        .fetch_optional(&mut **tx)
        .await?)
}

/// Marks a checkout `paid` (with its payment) or `cancelled`; a paid one stays paid.
pub async fn close_checkout(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    payment_id: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE payment_checkouts SET status = ?, payment_id = COALESCE(?, payment_id), updated_at = ?
         WHERE id = ? AND status <> 'paid'",
    )
    .bind(status)
    .bind(payment_id)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The payment a provider already confirmed under `reference`, if any.
pub async fn payment_by_reference(
    tx: &mut WriteTx,
    provider: &str,
    reference: &str,
) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM payments WHERE provider = ? AND reference = ?")
            .bind(provider)
            .bind(reference)
            .fetch_optional(&mut **tx)
            .await?,
    )
}
