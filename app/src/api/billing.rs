//! Fees and payment (clauses 6, 8.2): the public fee schedule, finance's fee versions and
//! invoices, and the customer's own invoices. Customers reach only their own invoices: another
//! customer's id answers 404 and is audited (the service does both).

// Forms arrive as one field per argument.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::fees::{FeePage, FeeVersion, VersionSummary};
use vipcare::invoice::{InvoiceSummary, InvoiceView, LineInput, MyBilling, PaymentOutcome};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, app_context, authorize, fail, fail_form, now_ms},
    vipcare::billing::{AdjustmentKind, InvoiceStatus},
    vipcare::fees::{FeeItemInput, VersionInput},
    vipcare::invoice::PaymentInput,
    vipcare::ledger::shanghai_date,
    vipcare::services::membership::Reader,
    vipcare::services::{fees, invoices, ServiceError},
    vipcare::{Fen, Msg, Permission},
};

// ---------------------------------------------------------------- fee schedule (6.1)

/// The public fee page: anyone may read the published schedule (6.1.2).
#[server(endpoint = "fees/public")]
pub async fn get_fee_page(version: Option<i64>) -> Result<FeePage, AppError> {
    let ctx = app_context()?;
    fees::public_page(&ctx.db, version, shanghai_date(now_ms()))
        .await
        .map_err(fail)
}

#[server(endpoint = "billing/fees/versions")]
pub async fn get_fee_versions() -> Result<Vec<VersionSummary>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageBilling)?;
    fees::all_versions(&ctx.db, shanghai_date(now_ms()))
        .await
        .map_err(fail)
}

#[server(endpoint = "billing/fees/version")]
pub async fn get_fee_version(id: i64) -> Result<FeeVersion, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageBilling)?;
    fees::version(&ctx.db, id, shanghai_date(now_ms()))
        .await
        .map_err(fail)
}

/// Starts a draft version (copying the items of `copy_from`) and opens it.
#[server(endpoint = "billing/fees/create")]
pub async fn create_fee_version(
    label: String,
    effective_from: String,
    copy_from: Option<i64>,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let input = VersionInput {
        label,
        effective_from,
    };
    let id = fees::create_draft(&ctx.db, &actor(&req), &input, copy_from, now_ms())
        .await
        .map_err(|e| fail_form(e, "/admin/billing/fees"))?;
    leptos_axum::redirect(&format!("/admin/billing/fees/{id}"));
    Ok(id)
}

#[server(endpoint = "billing/fees/update")]
pub async fn update_fee_version(
    id: i64,
    label: String,
    effective_from: String,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let input = VersionInput {
        label,
        effective_from,
    };
    fees::update_draft(&ctx.db, &actor(&req), id, &input, now_ms())
        .await
        .map_err(|e| fail_form(e, &format!("/admin/billing/fees/{id}")))
}

/// Adds (`id` 0) or changes an item of a draft. Price in yuan, tax in percent, as typed.
#[server(endpoint = "billing/fees/item")]
pub async fn save_fee_item(
    version_id: i64,
    id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    unit_zh: String,
    unit_en: String,
    price_yuan: String,
    tax_percent: String,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let input = FeeItemInput {
        id,
        code,
        name_zh,
        name_en,
        unit_zh,
        unit_en,
        price_yuan,
        tax_percent,
    };
    fees::save_item(&ctx.db, &actor(&req), version_id, &input, now_ms())
        .await
        .map_err(|e| fail_form(e, &format!("/admin/billing/fees/{version_id}")))
}

#[server(endpoint = "billing/fees/item/delete")]
pub async fn delete_fee_item(version_id: i64, id: i64) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    fees::delete_item(&ctx.db, &actor(&req), version_id, id, now_ms())
        .await
        .map_err(|e| fail_form(e, &format!("/admin/billing/fees/{version_id}")))
}

#[server(endpoint = "billing/fees/publish")]
pub async fn publish_fee_version(id: i64) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let now = now_ms();
    fees::publish(&ctx.db, &actor(&req), id, shanghai_date(now), now)
        .await
        .map_err(|e| fail_form(e, &format!("/admin/billing/fees/{id}")))
}

#[server(endpoint = "billing/fees/discard")]
pub async fn discard_fee_version(id: i64) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    fees::delete_draft(&ctx.db, &actor(&req), id, now_ms())
        .await
        .map_err(|e| fail_form(e, &format!("/admin/billing/fees/{id}")))?;
    leptos_axum::redirect("/admin/billing/fees");
    Ok(())
}

// ---------------------------------------------------------------- invoices (6.2)

/// Invoices for finance; `status` as shown today (`overdue` included).
#[server(endpoint = "billing/invoices")]
pub async fn list_invoices(status: Option<String>) -> Result<Vec<InvoiceSummary>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageBilling)?;
    let status = status.as_deref().and_then(InvoiceStatus::parse);
    invoices::list(&ctx.db, status, shanghai_date(now_ms()))
        .await
        .map_err(fail)
}

/// One invoice, for its customer or for finance.
#[server(endpoint = "billing/invoice")]
pub async fn get_invoice(id: i64) -> Result<InvoiceView, AppError> {
    let ctx = app_context()?;
    let req = crate::server::request_context().unwrap_or_default();
    let Some(user) = req.user.clone() else {
        return Err(fail(AppError::Unauthenticated));
    };
    let reader = if user.can(Permission::UsePortal) {
        Reader::Customer(user.id)
    } else if user.can(Permission::ManageBilling) {
        Reader::Staff
    } else {
        return Err(fail(AppError::Forbidden));
    };
    invoices::view(&ctx.db, &actor(&req), reader, id, now_ms())
        .await
        .map_err(fail)
}

/// Creates a draft invoice for the customer with this e-mail address and opens it.
#[server(endpoint = "billing/invoices/create")]
pub async fn create_invoice(
    customer_email: String,
    note: String,
    lines: Vec<LineInput>,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let back = "/admin/billing";
    let now = now_ms();
    let mut parsed = Vec::new();
    for l in &lines {
        match l.parse(shanghai_date(now)) {
            Ok(Some(d)) => parsed.push(d),
            Ok(None) => {}
            Err(msg) => {
                return Err(fail_form(
                    ServiceError::Invalid {
                        field: "lines",
                        msg,
                    },
                    back,
                ))
            }
        }
    }
    let id = invoices::create_draft_for_email(
        &ctx.db,
        &actor(&req),
        &customer_email,
        &parsed,
        &note,
        now,
    )
    .await
    .map_err(|e| fail_form(e, back))?;
    leptos_axum::redirect(&format!("/admin/billing/invoices/{id}"));
    Ok(id)
}

#[server(endpoint = "billing/invoices/issue")]
pub async fn issue_invoice(id: i64) -> Result<String, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let now = now_ms();
    invoices::issue(&ctx.db, &actor(&req), id, shanghai_date(now), now)
        .await
        .map_err(|e| fail_form(e, &format!("/admin/billing/invoices/{id}")))
}

#[server(endpoint = "billing/invoices/void")]
pub async fn void_invoice(id: i64, reason: String) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    invoices::void(&ctx.db, &actor(&req), id, &reason, now_ms())
        .await
        .map_err(|e| fail_form(e, &format!("/admin/billing/invoices/{id}")))
}

/// Records a payment; the answer says how much went to the invoice and how much became credit.
#[server(endpoint = "billing/invoices/payment")]
pub async fn record_payment(
    id: i64,
    method: String,
    reference: String,
    amount_yuan: String,
    received_on: String,
) -> Result<PaymentOutcome, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let back = format!("/admin/billing/invoices/{id}");
    let input = PaymentInput {
        method,
        reference,
        amount_yuan,
        received_on,
    };
    let now = now_ms();
    let payment = input
        .parse(shanghai_date(now))
        .map_err(|(field, msg)| fail_form(ServiceError::Invalid { field, msg }, &back))?;
    invoices::record_payment(&ctx.db, &actor(&req), id, &payment, None, now)
        .await
        .map_err(|e| fail_form(e, &back))
}

/// Proposes a waiver (`kind` = `waiver`) or an extra discount (`extra_discount`) with a reason.
#[server(endpoint = "billing/invoices/adjustment")]
pub async fn propose_adjustment(
    id: i64,
    kind: String,
    amount_yuan: String,
    reason: String,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let back = format!("/admin/billing/invoices/{id}");
    let kind = AdjustmentKind::parse(kind.trim()).ok_or_else(|| {
        fail_form(
            ServiceError::Invalid {
                field: "kind",
                msg: Msg::ErrTextRequired,
            },
            &back,
        )
    })?;
    let amount = match Fen::parse_yuan(&amount_yuan) {
        Some(f) if f.0 > 0 => f,
        _ => {
            return Err(fail_form(
                ServiceError::Invalid {
                    field: "amount_yuan",
                    msg: Msg::ErrAdjustmentAmount,
                },
                &back,
            ))
        }
    };
    invoices::propose_adjustment(&ctx.db, &actor(&req), id, kind, amount, &reason, now_ms())
        .await
        .map_err(|e| fail_form(e, &back))
}

/// Approves (`decision` = `approve`) or rejects a proposal; never one's own.
#[server(endpoint = "billing/adjustments/decide")]
pub async fn decide_adjustment(
    invoice_id: i64,
    adjustment_id: i64,
    decision: String,
    note: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    invoices::decide_adjustment(
        &ctx.db,
        &actor(&req),
        adjustment_id,
        decision == "approve",
        note.as_deref().unwrap_or_default(),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &format!("/admin/billing/invoices/{invoice_id}")))
}

/// The customer's invoices, credits and balance.
#[server(endpoint = "billing/mine")]
pub async fn get_my_billing() -> Result<MyBilling, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    invoices::my_billing(&ctx.db, user.id, shanghai_date(now_ms()))
        .await
        .map_err(fail)
}
