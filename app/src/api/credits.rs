//! Credit notes and refunds (clause 8.2), for finance. The customer sees their credits and
//! refunds through `billing/mine`.

// Forms arrive as one field per argument.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::invoice::{CreditAdminView, CreditNoteOutcome};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::invoice::{parse_amount_and_reason, RefundInput},
    vipcare::ledger::shanghai_date,
    vipcare::services::credits::{self, CreditTarget},
    vipcare::services::ServiceError,
    vipcare::Permission,
};

/// Credits, newest first; `open_only` keeps those with something left to use or refund.
#[server(endpoint = "billing/credits")]
pub async fn get_credits(open_only: bool) -> Result<Vec<CreditAdminView>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ManageBilling)?;
    credits::list(&ctx.db, open_only).await.map_err(fail)
}

/// Issues a credit note: against `invoice_id` when given, otherwise a standalone credit for the
/// customer with `customer_email` (compensation).
#[server(endpoint = "billing/credits/issue")]
pub async fn issue_credit_note(
    invoice_id: Option<i64>,
    customer_email: Option<String>,
    amount_yuan: String,
    reason: String,
) -> Result<CreditNoteOutcome, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let back = match invoice_id {
        Some(id) => format!("/admin/billing/invoices/{id}"),
        None => "/admin/billing/credits".to_string(),
    };
    let (amount, reason) = parse_amount_and_reason(&amount_yuan, &reason)
        .map_err(|(field, msg)| fail_form(ServiceError::Invalid { field, msg }, &back))?;
    let target = match (invoice_id, customer_email) {
        (Some(id), _) => CreditTarget::Invoice(id),
        (None, Some(email)) => CreditTarget::Customer(email),
        (None, None) => {
            return Err(fail_form(
                ServiceError::Invalid {
                    field: "customer_email",
                    msg: vipcare::Msg::ErrTextRequired,
                },
                &back,
            ))
        }
    };
    let now = now_ms();
    credits::issue_credit_note(
        &ctx.db,
        &actor(&req),
        target,
        amount,
        &reason,
        shanghai_date(now),
        now,
    )
    .await
    .map_err(|e| fail_form(e, &back))
}

/// Refunds part or all of a credit's remainder.
#[server(endpoint = "billing/credits/refund")]
pub async fn refund_credit(
    credit_id: i64,
    method: String,
    reference: String,
    amount_yuan: String,
    refunded_on: String,
    reason: String,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::ManageBilling)?;
    let back = "/admin/billing/credits";
    let now = now_ms();
    let input = RefundInput {
        method,
        reference,
        amount_yuan,
        refunded_on,
        reason,
    };
    let refund = input
        .parse(shanghai_date(now))
        .map_err(|(field, msg)| fail_form(ServiceError::Invalid { field, msg }, back))?;
    credits::refund(&ctx.db, &actor(&req), credit_id, &refund, now)
        .await
        .map_err(|e| fail_form(e, back))
}
