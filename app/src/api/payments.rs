//! Online payment (clause 6.2): the customer starts a checkout at the configured provider; the
//! built-in test gateway's page pays or cancels it through the same confirmation path a real
//! gateway's signed callback takes (`POST /payments/{provider}/callback`).

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::invoice::CheckoutInfo;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, app_context, authorize, fail, fail_form, now_ms},
    vipcare::ledger::shanghai_date,
    vipcare::services::payments::{self, PaymentProvider},
    vipcare::services::ServiceError,
    vipcare::{Msg, Permission},
};

/// Whether customers are offered online payment.
#[server(endpoint = "payments/enabled")]
pub async fn online_payment_enabled() -> Result<bool, AppError> {
    let ctx = app_context()?;
    Ok(ctx.payments.default_provider().is_some())
}

/// The customer starts paying an invoice's balance online and is sent to the provider.
#[server(endpoint = "payments/start")]
pub async fn start_online_payment(id: i64) -> Result<String, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let back = format!("/portal/invoices/{id}");
    let provider = ctx
        .payments
        .default_provider()
        .ok_or_else(|| fail_form(ServiceError::Conflict(Msg::ErrInvoiceState), &back))?;
    let url = payments::start_checkout(
        &ctx.db,
        provider.as_ref(),
        &actor(&req),
        user.id,
        id,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))?;
    leptos_axum::redirect(&url);
    Ok(url)
}

#[cfg(feature = "ssr")]
fn test_gateway() -> Result<
    (
        crate::server::AppContext,
        std::sync::Arc<payments::TestProvider>,
    ),
    AppError,
> {
    let ctx = app_context()?;
    let p = ctx
        .payments
        .test
        .clone()
        .ok_or_else(|| fail(AppError::NotFound))?;
    Ok((ctx, p))
}

/// The test gateway's page: what is being paid (the token is the secret).
#[server(endpoint = "pay/test/checkout")]
pub async fn test_checkout(token: String) -> Result<CheckoutInfo, AppError> {
    let (ctx, _p) = test_gateway()?;
    payments::checkout(&ctx.db, &token).await.map_err(fail)
}

/// The test gateway "takes" the money and confirms, signed, as a real gateway would.
#[server(endpoint = "pay/test/pay")]
pub async fn test_pay(token: String) -> Result<(), AppError> {
    let (ctx, p) = test_gateway()?;
    let c = payments::checkout(&ctx.db, &token).await.map_err(fail)?;
    let confirmation = p.confirmation(&token, c.amount);
    let now = now_ms();
    let (invoice, _) = payments::confirm(
        &ctx.db,
        p.as_ref() as &dyn PaymentProvider,
        &confirmation,
        shanghai_date(now),
        now,
    )
    .await
    .map_err(|e| fail_form(e, &format!("/pay/test/{token}")))?;
    leptos_axum::redirect(&format!("/portal/invoices/{invoice}?paid=1"));
    Ok(())
}

/// The customer gives up at the test gateway.
#[server(endpoint = "pay/test/cancel")]
pub async fn test_cancel(token: String) -> Result<(), AppError> {
    let (ctx, _p) = test_gateway()?;
    let invoice = payments::cancel(&ctx.db, &token, now_ms())
        .await
        .map_err(fail)?;
    leptos_axum::redirect(&format!("/portal/invoices/{invoice}"));
    Ok(())
}
