//! Credit notes and refunds (clause 8.2). A credit note is issued against an invoice (it
//! settles what is owed at once; the rest stays as customer credit) or standalone, e.g. as
//! compensation. Unused credit is applied to the customer's next invoice automatically when it
//! is issued ([`super::invoices::issue`]) or refunded here. A credit never makes an invoice
//! negative and a refund never takes more than is left: the rules are in [`crate::billing`],
//! and the SQL updates are conditional on the amounts read, inside `BEGIN IMMEDIATE`.

use super::audit::{self, Event};
use super::invoices::{corrupt, stored_status, totals_of};
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::billing::{self, CreditKind, InvoiceStatus, PaymentMethod};
use crate::i18n::Msg;
use crate::invoice::{CreditAdminView, CreditNoteOutcome, NewRefund, RefundView};
use crate::notify::NotificationKind;
use crate::store::billing::{self as bs, CreditAdminRow};
use crate::store::membership::parse_day;
use crate::store::{Db, StoreError};
use crate::Fen;
use chrono::{Datelike, NaiveDate};

/// What a credit note is issued against.
#[derive(Debug, Clone)]
pub enum CreditTarget {
    /// An issued invoice (kind `credit_note`).
    Invoice(i64),
    /// A customer, by e-mail address, with no invoice (kind `compensation`).
    Customer(String),
}

fn admin_view(r: CreditAdminRow) -> ServiceResult<CreditAdminView> {
    Ok(CreditAdminView {
        id: r.id,
        kind: CreditKind::parse(&r.kind).ok_or_else(|| corrupt(&r.kind))?,
        issued_on: parse_day(&r.issued_on)?,
        number: r.number,
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        customer_email: r.customer_email,
        invoice_id: r.invoice_id,
        invoice_number: r.invoice_number,
        amount: Fen(r.amount),
        remaining: Fen(r.remaining),
        refunded: Fen(r.refunded),
        reason: r.reason,
    })
}

/// Issues a credit note of `amount` with a reason. Against an invoice it may credit at most
/// what the invoice charged after waivers and earlier credit notes; the part up to the balance
/// settles the invoice now. The customer is told.
pub async fn issue_credit_note(
    db: &Db,
    actor: &Actor,
    target: CreditTarget,
    amount: Fen,
    reason: &str,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<CreditNoteOutcome> {
    let customer_by_email = match &target {
        CreditTarget::Customer(email) => Some(
            crate::store::users::find_by_email(db.reader(), &email.trim().to_lowercase())
                .await?
                .filter(|u| u.kind == "customer")
                .ok_or(ServiceError::Invalid {
                    field: "customer_email",
                    msg: Msg::ErrLedgerUnknownCustomer,
                })?,
        ),
        CreditTarget::Invoice(_) => None,
    };
    let mut tx = db.begin_write().await?;
    let (customer_id, invoice, kind) = match (&target, customer_by_email) {
        (CreditTarget::Invoice(id), _) => {
            let row = bs::invoice(&mut *tx, *id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            if !stored_status(&row)?.may_credit() {
                return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
            }
            let noted = Fen(bs::credit_noted(&mut tx, row.id).await?);
            if amount > billing::credit_note_limit(Fen(row.total), Fen(row.waived), noted) {
                return Err(ServiceError::Invalid {
                    field: "amount_yuan",
                    msg: Msg::ErrCreditNoteAmount,
                });
            }
            (row.customer_id, Some(row), CreditKind::CreditNote)
        }
        (CreditTarget::Customer(_), Some(u)) => (u.id, None, CreditKind::Compensation),
        (CreditTarget::Customer(_), None) => return Err(ServiceError::NotFound),
    };
    let year = today.year();
    let seq = bs::next_number(&mut tx, billing::CREDIT_NOTE_SERIES, year).await?;
    let number = billing::credit_note_number(year, seq);
    let credit_id = bs::insert_credit(
        &mut tx,
        &number,
        customer_id,
        invoice.as_ref().map(|r| r.id),
        kind.as_str(),
        amount,
        reason,
        today,
        actor.user_id,
        now,
    )
    .await?;
    let mut applied = Fen::ZERO;
    if let Some(row) = &invoice {
        let t = totals_of(row);
        let split = billing::split_credit_note(t.balance, amount);
        if split.applied > Fen::ZERO {
            if !bs::apply_credit(&mut tx, credit_id, row.id, split.applied, now).await? {
                return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
            }
            let credited = row.credited + split.applied.0;
            let status =
                InvoiceStatus::after_settlement(t.total, Fen(row.paid + credited + row.waived));
            if !bs::settle(
                &mut tx,
                row.id,
                (row.paid, row.credited, row.waived),
                row.paid,
                credited,
                row.waived,
                status.as_str(),
                now,
            )
            .await?
            {
                return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
            }
        }
        applied = split.applied;
    }
    let remaining = Fen(amount.0 - applied.0);
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("credit.issued", "credit")
            .object(credit_id)
            .subject(customer_id)
            .after(serde_json::json!({
                "number": number, "kind": kind.as_str(), "amount": amount.0,
                "invoice": invoice.as_ref().and_then(|r| r.number.clone()),
                "applied": applied.0, "remaining": remaining.0,
            }))
            .personal("reason", reason),
    )
    .await?;
    notify(
        &mut tx,
        customer_id,
        NotificationKind::CreditIssued,
        &[("number", &number), ("amount", &amount.display_cny())],
        Some("/portal/invoices"),
        Some(&format!("credit{credit_id}:issued")),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(CreditNoteOutcome {
        credit_id,
        number,
        applied,
        remaining,
    })
}

/// Issues a standalone compensation credit inside the caller's transaction (clause 8.2): the
/// compensation of an accepted complaint proposal, or automatic compensation for a breached
/// service commitment. It stays on the customer's balance and settles their next invoice, or
/// finance refunds it. Audited; the caller tells the customer. Returns (id, number).
pub async fn issue_compensation_in(
    tx: &mut crate::store::WriteTx,
    actor: &Actor,
    customer_id: i64,
    amount: Fen,
    reason: &str,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<(i64, String)> {
    if amount <= Fen::ZERO {
        return Err(ServiceError::Invalid {
            field: "compensation_yuan",
            msg: Msg::ErrCreditNoteAmount,
        });
    }
    let year = today.year();
    let seq = bs::next_number(tx, billing::CREDIT_NOTE_SERIES, year).await?;
    let number = billing::credit_note_number(year, seq);
    let kind = CreditKind::Compensation;
    let credit_id = bs::insert_credit(
        tx,
        &number,
        customer_id,
        None,
        kind.as_str(),
        amount,
        reason,
        today,
        actor.user_id,
        now,
    )
    .await?;
    audit::record(
        tx,
        actor,
        now,
        Event::new("credit.issued", "credit")
            .object(credit_id)
            .subject(customer_id)
            .after(serde_json::json!({
                "number": number, "kind": kind.as_str(), "amount": amount.0,
                "invoice": null, "applied": 0, "remaining": amount.0,
            }))
            .personal("reason", reason),
    )
    .await?;
    Ok((credit_id, number))
}

/// Refunds part or all of what is left of a credit, with method, reference and date.
pub async fn refund(
    db: &Db,
    actor: &Actor,
    credit_id: i64,
    r: &NewRefund,
    now: i64,
) -> ServiceResult<i64> {
    let mut tx = db.begin_write().await?;
    let credit = bs::credit_tx(&mut tx, credit_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !billing::refund_fits(Fen(credit.remaining), r.amount)
        || !bs::take_refund(&mut tx, credit_id, r.amount).await?
    {
        return Err(ServiceError::Invalid {
            field: "amount_yuan",
            msg: Msg::ErrRefundAmount,
        });
    }
    let refund_id = bs::insert_refund(
        &mut tx,
        &bs::NewRefund {
            credit_id,
            customer_id: credit.customer_id,
            amount: r.amount,
            method: r.method.as_str(),
            reference: &r.reference,
            refunded_on: r.refunded_on,
            reason: &r.reason,
        },
        actor.user_id,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("credit.refunded", "credit")
            .object(credit_id)
            .subject(credit.customer_id)
            .before(serde_json::json!({"remaining": credit.remaining}))
            .after(serde_json::json!({
                "refund": refund_id, "amount": r.amount.0, "method": r.method.as_str(),
                "reference": r.reference, "refunded_on": r.refunded_on,
                "remaining": credit.remaining - r.amount.0,
            }))
            .personal("reason", &r.reason),
    )
    .await?;
    notify(
        &mut tx,
        credit.customer_id,
        NotificationKind::CreditRefunded,
        &[
            ("number", &credit.number),
            ("amount", &r.amount.display_cny()),
        ],
        Some("/portal/invoices"),
        Some(&format!("refund{refund_id}")),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(refund_id)
}

/// Credits for finance, newest first; `open_only` keeps those with something left.
pub async fn list(db: &Db, open_only: bool) -> ServiceResult<Vec<CreditAdminView>> {
    bs::all_credits(db.reader(), open_only, 500)
        .await?
        .into_iter()
        .map(admin_view)
        .collect()
}

/// A customer's refunds, newest first.
pub async fn refunds_of(db: &Db, customer_id: i64) -> ServiceResult<Vec<RefundView>> {
    bs::refunds_of(db.reader(), customer_id)
        .await?
        .into_iter()
        .map(|r| {
            Ok(RefundView {
                id: r.id,
                credit_number: r.credit_number,
                amount: Fen(r.amount),
                method: PaymentMethod::parse(&r.method).ok_or_else(|| corrupt(&r.method))?,
                reference: r.reference,
                refunded_on: parse_day(&r.refunded_on)?,
            })
        })
        .collect()
}
