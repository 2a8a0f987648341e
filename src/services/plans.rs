//! Custom service plans (clause 3.2.3). A customer asks from the portal; finance answers with
//! line items priced from the fee schedule in force that day and a valid-until date (and may
//! revise it until it is answered); the customer accepts or declines. Accepting issues the
//! invoice — priced from exactly the fee items proposed — and attaches the plan to the
//! customer's agreement (clause 14), all in one transaction.

use super::audit::{self, Event};
use super::invoices::{insert_priced_draft, issue_in};
use super::membership::{deny, Reader};
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::billing::{self, price_line, LineInput};
use crate::i18n::Msg;
use crate::ledger::shanghai_date as shanghai_day;
use crate::notify::NotificationKind;
use crate::plans::{self, PlanLine, PlanStatus, PlanSummary, PlanView};
use crate::store::membership::parse_day;
use crate::store::plans::{self as ps, PlanRow};
use crate::store::{Db, StoreError};
use crate::Fen;
use chrono::NaiveDate;

fn status_of(row: &PlanRow) -> ServiceResult<PlanStatus> {
    PlanStatus::parse(&row.status)
        .ok_or_else(|| ServiceError::Internal(StoreError::Corrupt(row.status.clone())))
}

fn summary(row: PlanRow) -> ServiceResult<PlanSummary> {
    Ok(PlanSummary {
        id: row.id,
        status: status_of(&row)?,
        valid_until: row.valid_until.as_deref().map(parse_day).transpose()?,
        requested_on: shanghai_day(row.created_at),
        customer_name: row.customer_name,
        request: row.request.chars().take(140).collect(),
        invoice_number: row.invoice_number,
    })
}

/// The customer asks for a custom plan.
pub async fn request(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    text: &str,
    now: i64,
) -> ServiceResult<i64> {
    let text = plans::parse_request(text).map_err(|msg| ServiceError::Invalid {
        field: "request",
        msg,
    })?;
    let mut tx = db.begin_write().await?;
    let id = ps::insert(&mut tx, customer_id, &text, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("plan.requested", "service_plan")
            .object(id)
            .subject(customer_id),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// Finance proposes (or revises) a plan: `lines` are fee item codes and quantities, priced
/// from the schedule in force `today`.
#[allow(clippy::too_many_arguments)]
pub async fn propose(
    db: &Db,
    actor: &Actor,
    id: i64,
    lines: &[(String, i64)],
    note: &str,
    valid_until: NaiveDate,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<()> {
    if lines.is_empty() {
        return Err(ServiceError::Invalid {
            field: "lines",
            msg: Msg::ErrInvoiceNoLines,
        });
    }
    if !plans::valid_until_ok(valid_until, today) {
        return Err(ServiceError::Invalid {
            field: "valid_until",
            msg: Msg::ErrPlanValidUntil,
        });
    }
    let note = note.trim();
    if note.chars().count() > 2_000 {
        return Err(ServiceError::Invalid {
            field: "note",
            msg: Msg::ErrTextTooLong,
        });
    }
    let mut tx = db.begin_write().await?;
    let row = ps::plan(&mut *tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !status_of(&row)?.may_propose() {
        return Err(ServiceError::Conflict(Msg::ErrPlanState));
    }
    let mut items = Vec::with_capacity(lines.len());
    for (code, quantity) in lines {
        let item =
            super::fees::price_on(&mut tx, code, today)
                .await?
                .ok_or(ServiceError::Invalid {
                    field: "lines",
                    msg: Msg::ErrFeeItemUnknown,
                })?;
        items.push((item.id, *quantity));
    }
    if !ps::propose(&mut tx, id, note, valid_until, &items, actor.user_id, now).await? {
        return Err(ServiceError::Conflict(Msg::ErrPlanState));
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("plan.proposed", "service_plan")
            .object(id)
            .subject(row.customer_id)
            .after(serde_json::json!({"lines": lines, "valid_until": valid_until}))
            .personal("note", note),
    )
    .await?;
    notify(
        &mut tx,
        row.customer_id,
        NotificationKind::PlanProposed,
        &[("date", &valid_until.to_string())],
        Some(&format!("/portal/plans/{id}")),
        Some(&format!("plan{id}:proposed:{now}")),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The customer accepts or declines a proposal on or before its valid-until day. Accepting
/// issues the invoice (returned) and attaches the plan to the agreement in force.
pub async fn answer(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    id: i64,
    accept: bool,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<Option<i64>> {
    let row = ps::plan(db.reader(), id).await?;
    let Some(row) = row.filter(|r| r.customer_id == customer_id) else {
        return Err(deny(db, actor, "service_plan", id, now).await);
    };
    let (discount_bp, level_name) = super::invoices::level_discount(db, customer_id).await?;
    let net = super::invoices::net_days(db).await?;
    let mut tx = db.begin_write().await?;
    let row = ps::plan(&mut *tx, row.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let valid_until = row.valid_until.as_deref().map(parse_day).transpose()?;
    if !plans::may_answer(status_of(&row)?, valid_until, today) {
        return Err(ServiceError::Conflict(Msg::ErrPlanNotAnswerable));
    }
    let mut invoice = None;
    let mut agreement = None;
    if accept {
        let lines: Vec<_> = ps::lines(&mut *tx, id)
            .await?
            .into_iter()
            .map(|(_, quantity, item)| (item, quantity, today))
            .collect();
        let note = format!("定制服务方案 / Custom service plan #{id}");
        let (invoice_id, _) = insert_priced_draft(
            &mut tx,
            customer_id,
            (discount_bp, level_name.as_deref()),
            &note,
            actor.user_id,
            &lines,
            now,
        )
        .await?;
        issue_in(&mut tx, actor, invoice_id, today, net, now).await?;
        agreement = ps::effective_agreement(&mut tx, customer_id).await?;
        if let Some(a) = agreement {
            ps::attach_to_agreement(&mut tx, a, id, &note, now).await?;
        }
        invoice = Some(invoice_id);
    }
    let to = if accept {
        PlanStatus::Accepted
    } else {
        PlanStatus::Declined
    };
    if !ps::set_status(
        &mut tx,
        id,
        &["proposed"],
        to.as_str(),
        invoice,
        agreement,
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrPlanNotAnswerable));
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(
            if accept {
                "plan.accepted"
            } else {
                "plan.declined"
            },
            "service_plan",
        )
        .object(id)
        .subject(customer_id)
        .after(serde_json::json!({"invoice": invoice, "agreement": agreement})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(invoice)
}

/// The customer withdraws a request that is not yet answered.
pub async fn withdraw(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    id: i64,
    now: i64,
) -> ServiceResult<()> {
    let row = ps::plan(db.reader(), id).await?;
    if row.is_none_or(|r| r.customer_id != customer_id) {
        return Err(deny(db, actor, "service_plan", id, now).await);
    }
    let mut tx = db.begin_write().await?;
    if !ps::set_status(
        &mut tx,
        id,
        &["requested", "proposed"],
        PlanStatus::Withdrawn.as_str(),
        None,
        None,
        now,
    )
    .await?
    {
        return Err(ServiceError::Conflict(Msg::ErrPlanState));
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("plan.withdrawn", "service_plan")
            .object(id)
            .subject(customer_id),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// One plan with its priced proposal, for its customer or for staff (another customer's id:
/// not found, audited; a staff read is audited too).
pub async fn view(
    db: &Db,
    actor: &Actor,
    reader: Reader,
    id: i64,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<PlanView> {
    let row = ps::plan(db.reader(), id).await?;
    let owner = row.as_ref().map(|r| r.customer_id);
    super::membership::admit_read(
        db,
        actor,
        reader,
        "service_plan",
        "plan.viewed",
        id,
        owner,
        true,
        now,
    )
    .await?;
    let row = row.ok_or(ServiceError::NotFound)?;
    let status = status_of(&row)?;
    let valid_until = row.valid_until.as_deref().map(parse_day).transpose()?;
    // The customer's level discount applies when the invoice is issued; show it in the estimate.
    let (discount_bp, _) = super::invoices::level_discount(db, row.customer_id).await?;
    let mut lines = Vec::new();
    for (line_no, quantity, item) in ps::lines(db.reader(), id).await? {
        let amounts = price_line(&LineInput {
            quantity,
            unit_price: item.unit_price,
            discount_bp,
            tax_bp: item.tax_bp,
        })
        .map_err(|_| ServiceError::Internal(StoreError::Corrupt("plan line".into())))?;
        lines.push(PlanLine {
            line_no,
            code: item.code,
            name_zh: item.name_zh,
            name_en: item.name_en,
            unit_zh: item.unit_zh,
            unit_en: item.unit_en,
            quantity,
            unit_price: item.unit_price,
            tax_bp: item.tax_bp,
            amounts,
        });
    }
    let totals = if lines.is_empty() {
        None
    } else {
        let amounts: Vec<_> = lines.iter().map(|l| l.amounts).collect();
        billing::invoice_totals(&amounts, Fen::ZERO, Fen::ZERO, Fen::ZERO).ok()
    };
    Ok(PlanView {
        id: row.id,
        customer_id: row.customer_id,
        customer_name: row.customer_name,
        customer_email: row.customer_email,
        request: row.request,
        status,
        proposal: row.proposal,
        valid_until,
        discount_bp,
        lines,
        totals,
        invoice_id: row.invoice_id,
        invoice_number: row.invoice_number,
        requested_on: shanghai_day(row.created_at),
        answerable: plans::may_answer(status, valid_until, today),
    })
}

/// Plans for finance, newest first; `open` keeps those waiting on staff or the customer.
pub async fn list(db: &Db, open: bool) -> ServiceResult<Vec<PlanSummary>> {
    let statuses: &[&str] = if open {
        &["requested", "proposed"]
    } else {
        &[]
    };
    ps::plans(db.reader(), None, statuses, 500)
        .await?
        .into_iter()
        .map(summary)
        .collect()
}

/// A customer's own plans.
pub async fn mine(db: &Db, customer_id: i64) -> ServiceResult<Vec<PlanSummary>> {
    ps::plans(db.reader(), Some(customer_id), &[], 200)
        .await?
        .into_iter()
        .map(summary)
        .collect()
}
