//! Invoices and payments (clauses 6.2, 6.3, 8.2): drafts priced from the fee schedule in force
//! on each line's service date, gapless numbers at issue, payments with overpayment becoming
//! credit, unused credit applied automatically, and the customer's view of all of it.
//!
//! Every change is one `BEGIN IMMEDIATE` transaction with its audit entry; settlement updates
//! are conditional on the amounts read, so concurrent payments can never over-apply.

use super::audit::{self, Event};
use super::membership::Reader;
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::billing::{
    self, allocate_payment, apply_credits, invoice_totals, price_line, AdjustmentKind,
    AdjustmentStatus, CreditKind, InvoiceStatus, InvoiceTotals, LineAmounts, PaymentMethod,
    ReminderStage,
};
use crate::i18n::Msg;
use crate::invoice::{
    AdjustmentView, CreditView, DraftLine, InvoiceLine, InvoiceSummary, InvoiceView, MyBilling,
    NewPayment, PaymentOutcome, PaymentView,
};
use crate::notify::NotificationKind;
use crate::store::billing::{self as bs, InvoiceRow, NewLine};
use crate::store::membership::{self as ms, parse_day};
use crate::store::{Db, StoreError, WriteTx};
use crate::Fen;
use chrono::{Datelike, NaiveDate};

pub(super) fn corrupt(s: &str) -> ServiceError {
    ServiceError::Internal(StoreError::Corrupt(s.to_string()))
}

pub(super) fn stored_status(row: &InvoiceRow) -> ServiceResult<InvoiceStatus> {
    InvoiceStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))
}

pub(super) fn totals_of(row: &InvoiceRow) -> InvoiceTotals {
    InvoiceTotals {
        subtotal: Fen(row.subtotal),
        discount: Fen(row.discount),
        tax: Fen(row.tax),
        total: Fen(row.total),
        waived: Fen(row.waived),
        paid: Fen(row.paid),
        credited: Fen(row.credited),
        balance: Fen(row.total - row.waived - row.paid - row.credited),
    }
}

fn opt_day(s: &Option<String>) -> ServiceResult<Option<NaiveDate>> {
    Ok(s.as_deref().map(parse_day).transpose()?)
}

fn summary(row: &InvoiceRow, today: NaiveDate) -> ServiceResult<InvoiceSummary> {
    let due = opt_day(&row.due_date)?;
    let stored = stored_status(row)?;
    Ok(InvoiceSummary {
        id: row.id,
        number: row.number.clone(),
        status: due.map(|d| stored.shown(d, today)).unwrap_or(stored),
        customer_id: row.customer_id,
        customer_name: row.customer_name.clone(),
        issue_date: opt_day(&row.issue_date)?,
        due_date: due,
        total: Fen(row.total),
        balance: totals_of(row).balance,
    })
}

pub(super) async fn net_days(db: &Db) -> ServiceResult<u32> {
    Ok(ms::setting_i64(
        db.reader(),
        "billing.net_days",
        billing::DEFAULT_NET_DAYS as i64,
    )
    .await?
    .clamp(0, 365) as u32)
}

/// The discount of the customer's live membership level (6.3), with the level's name.
pub(super) async fn level_discount(
    db: &Db,
    customer_id: i64,
) -> ServiceResult<(i64, Option<String>)> {
    let Some(m) = ms::current_membership(db.reader(), customer_id).await? else {
        return Ok((0, None));
    };
    if !matches!(m.status.as_str(), "active" | "renewal_offered") {
        return Ok((0, None));
    }
    let level = super::membership::membership_level(db, &m).await?;
    Ok((
        level.discount_bp,
        Some(format!("{} / {}", level.name_zh, level.name_en)),
    ))
}

// ---------------------------------------------------------------- drafting and issuing

/// Creates a draft invoice for a customer: each line is priced from the fee schedule version
/// in force on its service date (6.1.2), with the customer's level discount (6.3).
pub async fn create_draft(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    lines: &[DraftLine],
    note: &str,
    now: i64,
) -> ServiceResult<i64> {
    if lines.is_empty() {
        return Err(ServiceError::Invalid {
            field: "lines",
            msg: Msg::ErrInvoiceNoLines,
        });
    }
    let note = note.trim();
    if note.chars().count() > 2_000 {
        return Err(ServiceError::Invalid {
            field: "note",
            msg: Msg::ErrTextTooLong,
        });
    }
    let customer = crate::store::users::get(db.reader(), customer_id)
        .await?
        .filter(|u| u.kind == "customer")
        .ok_or(ServiceError::NotFound)?;
    let (discount_bp, level_name) = level_discount(db, customer.id).await?;
    let mut tx = db.begin_write().await?;
    let mut priced = Vec::with_capacity(lines.len());
    for l in lines {
        let item = super::fees::price_on(&mut tx, &l.code, l.service_date)
            .await?
            .ok_or(ServiceError::Invalid {
                field: "lines",
                msg: Msg::ErrFeeItemUnknown,
            })?;
        priced.push((item, l.quantity, l.service_date));
    }
    let (id, totals) = insert_priced_draft(
        &mut tx,
        customer.id,
        (discount_bp, level_name.as_deref()),
        note,
        actor.user_id,
        &priced,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("invoice.drafted", "invoice")
            .object(id)
            .subject(customer.id)
            .after(serde_json::json!({"lines": lines, "total": totals.total.0, "discount_bp": discount_bp})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// Inserts a draft invoice whose lines are `(fee item, quantity, service date)` with the level
/// `discount` (basis points, level name), priced once here; returns its id and totals.
pub(super) async fn insert_priced_draft(
    tx: &mut WriteTx,
    customer_id: i64,
    discount: (i64, Option<&str>),
    note: &str,
    by: Option<i64>,
    lines: &[(crate::fees::FeeItem, i64, NaiveDate)],
    now: i64,
) -> ServiceResult<(i64, InvoiceTotals)> {
    let (discount_bp, level_name) = discount;
    let id = bs::insert_draft(tx, customer_id, discount_bp, level_name, note, by, now).await?;
    let mut priced: Vec<LineAmounts> = Vec::with_capacity(lines.len());
    for (n, (item, quantity, service_date)) in lines.iter().enumerate() {
        let amounts = price_line(&billing::LineInput {
            quantity: *quantity,
            unit_price: item.unit_price,
            discount_bp,
            tax_bp: item.tax_bp,
        })
        .map_err(|_| ServiceError::Invalid {
            field: "lines",
            msg: Msg::ErrQuantity,
        })?;
        bs::insert_line(
            tx,
            id,
            &NewLine {
                line_no: n as i64 + 1,
                item,
                service_date: *service_date,
                quantity: *quantity,
                discount_bp,
                amounts,
            },
        )
        .await?;
        priced.push(amounts);
    }
    let totals = invoice_totals(&priced, Fen::ZERO, Fen::ZERO, Fen::ZERO).map_err(|_| {
        ServiceError::Invalid {
            field: "lines",
            msg: Msg::ErrQuantity,
        }
    })?;
    bs::set_totals(tx, id, &totals, now).await?;
    Ok((id, totals))
}

/// Issues a draft: the next gapless number of the year, the issue and due dates (Net N), the
/// customer's unused credit applied (8.2), and a notification.
pub async fn issue(
    db: &Db,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<String> {
    let net = net_days(db).await?;
    let mut tx = db.begin_write().await?;
    let number = issue_in(&mut tx, actor, id, today, net, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(number)
}

/// [`issue`] inside the caller's transaction (e.g. accepting a custom plan), with the payment
/// term `net` in days.
pub(super) async fn issue_in(
    tx: &mut WriteTx,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
    net: u32,
    now: i64,
) -> ServiceResult<String> {
    let row = bs::invoice(&mut **tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !stored_status(&row)?.may_issue() {
        return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
    }
    if row.total <= 0 && bs::lines(&mut **tx, id).await?.is_empty() {
        return Err(ServiceError::Conflict(Msg::ErrInvoiceNoLines));
    }
    let year = today.year();
    let seq = bs::next_number(tx, billing::INVOICE_SERIES, year).await?;
    let number = billing::invoice_number(year, seq);
    let due = billing::due_date(today, net);
    if !bs::mark_issued(tx, id, &number, year, seq, today, due, actor.user_id, now).await? {
        return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
    }
    let row = bs::invoice(&mut **tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let credited = use_credits(tx, &row, now).await?;
    audit::record(
        tx,
        actor,
        now,
        Event::new("invoice.issued", "invoice")
            .object(id)
            .subject(row.customer_id)
            .after(serde_json::json!({
                "number": number, "issue_date": today, "due_date": due,
                "total": row.total, "credit_applied": credited.0,
            })),
    )
    .await?;
    let balance = Fen(row.total - credited.0);
    notify(
        tx,
        row.customer_id,
        if balance.0 == 0 {
            NotificationKind::InvoicePaid
        } else {
            NotificationKind::InvoiceIssued
        },
        &[
            ("number", &number),
            ("amount", &balance.display_cny()),
            ("date", &due.to_string()),
        ],
        Some(&format!("/portal/invoices/{id}")),
        Some(&format!("inv{id}:issued")),
        now,
    )
    .await?;
    Ok(number)
}

/// Applies the customer's unused credit, oldest first, to an issued invoice; returns how much.
async fn use_credits(tx: &mut WriteTx, row: &InvoiceRow, now: i64) -> ServiceResult<Fen> {
    let t = totals_of(row);
    if t.balance.0 <= 0 {
        return Ok(Fen::ZERO);
    }
    let available: Vec<(i64, Fen)> = bs::credits(&mut **tx, row.customer_id)
        .await?
        .into_iter()
        .map(|c| (c.id, Fen(c.remaining)))
        .collect();
    let plan = apply_credits(t.balance, &available);
    let mut used = Fen::ZERO;
    for (credit, amount) in plan {
        if bs::apply_credit(tx, credit, row.id, amount, now).await? {
            used = Fen(used.0 + amount.0);
        }
    }
    if used.0 > 0 {
        let credited = row.credited + used.0;
        let settled = Fen(row.paid + credited + row.waived);
        let status = InvoiceStatus::after_settlement(t.total, settled);
        if !bs::settle(
            tx,
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
    Ok(used)
}

/// Voids a draft or an issued invoice nothing has been settled on; the number stays used.
pub async fn void(db: &Db, actor: &Actor, id: i64, reason: &str, now: i64) -> ServiceResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::Invalid {
            field: "reason",
            msg: Msg::ErrTextRequired,
        });
    }
    let mut tx = db.begin_write().await?;
    let row = bs::invoice(&mut *tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let t = totals_of(&row);
    if !stored_status(&row)?.may_void(t.settled())
        || !bs::mark_void(&mut tx, id, reason, actor.user_id, now).await?
    {
        return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("invoice.voided", "invoice")
            .object(id)
            .subject(row.customer_id)
            .personal("reason", reason),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

// ---------------------------------------------------------------- payments (6.2)

/// Records a payment on an issued invoice: the part up to the balance settles it, any excess
/// becomes customer credit (an `overpayment` credit note).
pub async fn record_payment(
    db: &Db,
    actor: &Actor,
    id: i64,
    payment: &NewPayment,
    provider: Option<&str>,
    now: i64,
) -> ServiceResult<PaymentOutcome> {
    let mut tx = db.begin_write().await?;
    let outcome = record_payment_in(&mut tx, actor, id, payment, provider, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(outcome)
}

/// [`record_payment`] inside the caller's transaction. Finance may record a payment only while
/// something is owed; a payment a provider confirms (`provider` set) has already moved money,
/// so on an invoice settled or voided meanwhile it is kept whole as customer credit.
pub(super) async fn record_payment_in(
    tx: &mut WriteTx,
    actor: &Actor,
    id: i64,
    payment: &NewPayment,
    provider: Option<&str>,
    now: i64,
) -> ServiceResult<PaymentOutcome> {
    let row = bs::invoice(&mut **tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let stored = stored_status(&row)?;
    let open = stored.may_take_payment();
    if !open && (provider.is_none() || stored == InvoiceStatus::Draft) {
        return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
    }
    let t = totals_of(&row);
    let t = if open {
        t
    } else {
        InvoiceTotals {
            balance: Fen::ZERO,
            ..t
        }
    };
    let split = allocate_payment(t.balance, payment.amount);
    let payment_id = bs::insert_payment(
        tx,
        id,
        row.customer_id,
        payment,
        split.applied,
        provider,
        actor.user_id,
        now,
    )
    .await
    .map_err(|e| match e {
        StoreError::Unique(_) => ServiceError::Conflict(Msg::ErrInvoiceState),
        e => e.into(),
    })?;
    let paid = row.paid + split.applied.0;
    let status = if open {
        InvoiceStatus::after_settlement(t.total, Fen(paid + row.credited + row.waived))
    } else {
        stored
    };
    if open
        && !bs::settle(
            tx,
            id,
            (row.paid, row.credited, row.waived),
            paid,
            row.credited,
            row.waived,
            status.as_str(),
            now,
        )
        .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
    }
    if split.excess.0 > 0 {
        let year = payment.received_on.year();
        let seq = bs::next_number(tx, billing::CREDIT_NOTE_SERIES, year).await?;
        let credit = bs::insert_credit(
            tx,
            &billing::credit_note_number(year, seq),
            row.customer_id,
            Some(id),
            CreditKind::Overpayment.as_str(),
            split.excess,
            &format!(
                "overpayment of {}",
                row.number.as_deref().unwrap_or_default()
            ),
            payment.received_on,
            actor.user_id,
            now,
        )
        .await?;
        bs::link_payment_credit(tx, payment_id, credit).await?;
    }
    audit::record(
        tx,
        actor,
        now,
        Event::new("invoice.payment_recorded", "invoice")
            .object(id)
            .subject(row.customer_id)
            .after(serde_json::json!({
                "method": payment.method.as_str(), "reference": payment.reference,
                "amount": payment.amount.0, "applied": split.applied.0, "credit": split.excess.0,
                "received_on": payment.received_on, "status": status.as_str(),
            })),
    )
    .await?;
    if open && status == InvoiceStatus::Paid {
        notify(
            tx,
            row.customer_id,
            NotificationKind::InvoicePaid,
            &[("number", row.number.as_deref().unwrap_or_default())],
            Some(&format!("/portal/invoices/{id}")),
            Some(&format!("inv{id}:paid")),
            now,
        )
        .await?;
    }
    Ok(PaymentOutcome {
        payment_id,
        applied: split.applied,
        credit: split.excess,
        status,
    })
}

// ---------------------------------------------------------------- reading

/// One invoice with lines and payments, for its customer or for finance. Customers never see
/// drafts; another customer's invoice answers "not found" and leaves an `access.denied` audit
/// entry; a staff read leaves `invoice.viewed`.
pub async fn view(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    id: i64,
    now: i64,
) -> ServiceResult<InvoiceView> {
    let today = crate::ledger::shanghai_date(now);
    let row = bs::invoice(db.reader(), id).await?;
    let owner = row.as_ref().map(|r| r.customer_id);
    let draft = row
        .as_ref()
        .is_some_and(|r| r.status == InvoiceStatus::Draft.as_str());
    super::membership::admit_read(
        db,
        actor,
        reader,
        "invoice",
        "invoice.viewed",
        id,
        owner,
        !draft,
        now,
    )
    .await?;
    let row = row.ok_or(ServiceError::NotFound)?;
    let stored = stored_status(&row)?;
    let lines = bs::lines(db.reader(), id)
        .await?
        .into_iter()
        .map(|l| {
            Ok(InvoiceLine {
                line_no: l.line_no,
                code: l.code,
                name_zh: l.name_zh,
                name_en: l.name_en,
                unit_zh: l.unit_zh,
                unit_en: l.unit_en,
                service_date: parse_day(&l.service_date)?,
                quantity: l.quantity,
                unit_price: Fen(l.unit_price),
                discount_bp: l.discount_bp,
                tax_bp: l.tax_bp,
                amount: Fen(l.amount),
                discount: Fen(l.discount),
                tax: Fen(l.tax),
                total: Fen(l.total),
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    let payments = bs::payments(db.reader(), id)
        .await?
        .into_iter()
        .map(|p| {
            Ok(PaymentView {
                id: p.id,
                method: PaymentMethod::parse(&p.method).ok_or_else(|| corrupt(&p.method))?,
                reference: p.reference,
                amount: Fen(p.amount),
                applied: Fen(p.applied),
                received_on: parse_day(&p.received_on)?,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    let adjustments = bs::adjustments_of(db.reader(), id)
        .await?
        .into_iter()
        .map(adjustment_view)
        .collect::<ServiceResult<Vec<_>>>()?;
    let totals = totals_of(&row);
    let due = opt_day(&row.due_date)?;
    let status = due.map(|d| stored.shown(d, today)).unwrap_or(stored);
    let owing = matches!(
        status,
        InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid | InvoiceStatus::Overdue
    );
    let company = crate::services::membership::company_name(db).await?;
    Ok(InvoiceView {
        id,
        number: row.number.clone(),
        status,
        customer_id: row.customer_id,
        customer_name: row.customer_name.clone(),
        customer_email: row.customer_email.clone(),
        company,
        level_name: row.level_name.clone(),
        discount_bp: row.discount_bp,
        issue_date: opt_day(&row.issue_date)?,
        due_date: due,
        days_to_due: due
            .filter(|_| owing)
            .map(|d| billing::days_until_due(d, today)),
        lines,
        totals,
        payments,
        adjustments,
        note: row.note.clone(),
        void_reason: row.void_reason.clone(),
    })
}

/// Invoices for finance, newest first; `status` filters by the status as shown today.
pub async fn list(
    db: &Db,
    status: Option<InvoiceStatus>,
    today: NaiveDate,
) -> ServiceResult<Vec<InvoiceSummary>> {
    let stored: Vec<&str> = match status {
        None => vec![],
        Some(InvoiceStatus::Overdue) => vec!["issued", "partially_paid"],
        Some(s) => vec![s.as_str()],
    };
    bs::invoices(db.reader(), None, &stored, 500)
        .await?
        .iter()
        .map(|r| summary(r, today))
        .filter(|s| match (s, status) {
            (Ok(s), Some(want)) => s.status == want,
            _ => true,
        })
        .collect()
}

/// A customer's invoices (no drafts), credits and balance.
pub async fn my_billing(db: &Db, customer_id: i64, today: NaiveDate) -> ServiceResult<MyBilling> {
    let invoices: Vec<InvoiceSummary> = bs::invoices(
        db.reader(),
        Some(customer_id),
        &["issued", "partially_paid", "paid", "void"],
        1_000,
    )
    .await?
    .iter()
    .map(|r| summary(r, today))
    .collect::<ServiceResult<_>>()?;
    let outstanding = invoices
        .iter()
        .filter(|i| i.status != InvoiceStatus::Void)
        .map(|i| i.balance.0)
        .sum();
    let credits = credit_views(db, customer_id).await?;
    let credit = credits.iter().map(|c| c.remaining.0).sum();
    Ok(MyBilling {
        invoices,
        outstanding: Fen(outstanding),
        credit: Fen(credit),
        credits,
        refunds: super::credits::refunds_of(db, customer_id).await?,
    })
}

async fn credit_views(db: &Db, customer_id: i64) -> ServiceResult<Vec<CreditView>> {
    bs::credits(db.reader(), customer_id)
        .await?
        .into_iter()
        .map(|c| {
            Ok(CreditView {
                id: c.id,
                number: c.number,
                kind: CreditKind::parse(&c.kind).ok_or_else(|| corrupt(&c.kind))?,
                amount: Fen(c.amount),
                remaining: Fen(c.remaining),
                reason: c.reason,
                issued_on: parse_day(&c.issued_on)?,
            })
        })
        .collect()
}

/// [`create_draft`] for the customer with this e-mail address (the finance form).
pub async fn create_draft_for_email(
    db: &Db,
    actor: &Actor,
    email: &str,
    lines: &[DraftLine],
    note: &str,
    now: i64,
) -> ServiceResult<i64> {
    let norm = email.trim().to_lowercase();
    let customer = crate::store::users::find_by_email(db.reader(), &norm)
        .await?
        .filter(|u| u.kind == "customer")
        .ok_or(ServiceError::Invalid {
            field: "customer_email",
            msg: Msg::ErrLedgerUnknownCustomer,
        })?;
    create_draft(db, actor, customer.id, lines, note, now).await
}

// ---------------------------------------------------------------- overdue reminders (6.2)

/// Sends overdue reminders for `day` (inbox and e-mail outbox): at due + 1, + 7 and + 30 days,
/// each stage once per invoice. When the job has not run for a while only the latest stage
/// reached is sent (a customer gets one reminder, not three at once). Idempotent: the stage is
/// the notification's dedupe key. Returns how many were sent.
pub async fn send_overdue_reminders(db: &Db, day: NaiveDate, now: i64) -> ServiceResult<u64> {
    let actor = Actor {
        user_id: None,
        ip: Some("job".into()),
    };
    let mut sent_by_invoice: std::collections::HashMap<i64, Vec<ReminderStage>> =
        std::collections::HashMap::new();
    for (id, stage) in bs::reminders_sent(db.reader(), day).await? {
        if let Some(stage) = ReminderStage::parse(&stage) {
            sent_by_invoice.entry(id).or_default().push(stage);
        }
    }
    let mut due = Vec::new();
    for row in bs::overdue(db.reader(), day).await? {
        let Some(due_date) = opt_day(&row.due_date)? else {
            continue;
        };
        let sent = sent_by_invoice
            .get(&row.id)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if let Some(stage) = billing::reminder_to_send(due_date, day, sent) {
            due.push((row, due_date, stage));
        }
    }
    let mut sent = 0;
    for batch in due.chunks(256) {
        let mut tx = db.begin_write().await?;
        for (row, due_date, stage) in batch {
            let balance = totals_of(row).balance;
            let days = (day - *due_date).num_days();
            let fresh = notify(
                &mut tx,
                row.customer_id,
                NotificationKind::InvoiceOverdue,
                &[
                    ("number", row.number.as_deref().unwrap_or_default()),
                    ("days", &days.to_string()),
                    ("amount", &balance.display_cny()),
                ],
                Some(&format!("/portal/invoices/{}", row.id)),
                Some(&format!("inv{}:overdue:{}", row.id, stage.as_str())),
                now,
            )
            .await?;
            if fresh {
                audit::record(
                    &mut tx,
                    &actor,
                    now,
                    Event::new("invoice.reminder_sent", "invoice")
                        .object(row.id)
                        .subject(row.customer_id)
                        .detail(format!(
                            "{} ({days} days overdue, run for {day})",
                            stage.as_str()
                        )),
                )
                .await?;
                sent += 1;
            }
        }
        tx.commit().await.map_err(StoreError::from)?;
    }
    Ok(sent)
}

// ---------------------------------------------------------------- waivers and extra discounts (6.3)

fn adjustment_view(r: bs::AdjustmentRow) -> ServiceResult<AdjustmentView> {
    Ok(AdjustmentView {
        id: r.id,
        kind: AdjustmentKind::parse(&r.kind).ok_or_else(|| corrupt(&r.kind))?,
        amount: Fen(r.amount),
        reason: r.reason,
        status: AdjustmentStatus::parse(&r.status).ok_or_else(|| corrupt(&r.status))?,
        proposed_by: r.proposed_by,
        proposer_name: r.proposer_name,
        decider_name: r.decider_name,
        decision_note: r.decision_note,
    })
}

/// Finance proposes a one-off waiver or extra discount on an issued invoice, with a reason.
/// It changes nothing until another finance or admin user approves it.
pub async fn propose_adjustment(
    db: &Db,
    actor: &Actor,
    invoice_id: i64,
    kind: AdjustmentKind,
    amount: Fen,
    reason: &str,
    now: i64,
) -> ServiceResult<i64> {
    let by = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2_000 {
        return Err(ServiceError::Invalid {
            field: "reason",
            msg: Msg::ErrTextRequired,
        });
    }
    let mut tx = db.begin_write().await?;
    let row = bs::invoice(&mut *tx, invoice_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !stored_status(&row)?.may_take_payment() {
        return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
    }
    if !billing::adjustment_fits(totals_of(&row).balance, amount) {
        return Err(ServiceError::Invalid {
            field: "amount_yuan",
            msg: Msg::ErrAdjustmentAmount,
        });
    }
    let id =
        bs::insert_adjustment(&mut tx, invoice_id, kind.as_str(), amount, reason, by, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("invoice.adjustment_proposed", "invoice")
            .object(invoice_id)
            .subject(row.customer_id)
            .after(serde_json::json!({"adjustment": id, "kind": kind.as_str(), "amount": amount.0}))
            .personal("reason", reason),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// Another finance or admin user approves or rejects a proposal; nobody decides their own
/// (6.3). An approval reduces the balance, provided it still fits (a payment may have come in).
pub async fn decide_adjustment(
    db: &Db,
    actor: &Actor,
    adjustment_id: i64,
    approve: bool,
    note: &str,
    now: i64,
) -> ServiceResult<()> {
    let by = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    let mut tx = db.begin_write().await?;
    let adj = bs::adjustment(&mut *tx, adjustment_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let status = AdjustmentStatus::parse(&adj.status).ok_or_else(|| corrupt(&adj.status))?;
    billing::may_decide_adjustment(adj.proposed_by, by, status).map_err(|e| match e {
        billing::BillingError::SelfApproval => ServiceError::Forbidden(Msg::ErrSelfApproval),
        _ => ServiceError::Conflict(Msg::ErrAdjustmentDecided),
    })?;
    let row = bs::invoice(&mut *tx, adj.invoice_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if approve {
        let t = totals_of(&row);
        if !stored_status(&row)?.may_take_payment()
            || !billing::adjustment_fits(t.balance, Fen(adj.amount))
        {
            return Err(ServiceError::Conflict(Msg::ErrAdjustmentAmount));
        }
        let waived = row.waived + adj.amount;
        let status =
            InvoiceStatus::after_settlement(t.total, Fen(row.paid + row.credited + waived));
        if !bs::settle(
            &mut tx,
            row.id,
            (row.paid, row.credited, row.waived),
            row.paid,
            row.credited,
            waived,
            status.as_str(),
            now,
        )
        .await?
        {
            return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
        }
    }
    let decided = if approve { "approved" } else { "rejected" };
    if !bs::decide_adjustment(&mut tx, adjustment_id, decided, by, note.trim(), now).await? {
        return Err(ServiceError::Conflict(Msg::ErrAdjustmentDecided));
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(
            if approve {
                "invoice.adjustment_approved"
            } else {
                "invoice.adjustment_rejected"
            },
            "invoice",
        )
        .object(row.id)
        .subject(row.customer_id)
        .after(serde_json::json!({"adjustment": adjustment_id, "amount": adj.amount}))
        .personal("note", note.trim()),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
