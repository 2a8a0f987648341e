//! The second sign-in factor (clause 10): the code step of sign-in, setting up an
//! authenticator on the account page, recovery codes, trusted browsers, opting out
//! (customers) and the admin's reset.

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::mfa::MfaStatus;
#[cfg(feature = "ssr")]
use {
    crate::server::{
        actor, add_cookie, app_context, authorize, fail, fail_form, now_ms, request_context,
        request_cookie,
    },
    vipcare::auth::safe_next_path,
    vipcare::services::{auth as auth_service, mfa as mfa_service},
    vipcare::Permission,
};

/// The code after the password (`POST /api/login/verify`): a 6-digit code or a recovery
/// code, for the sign-in whose token is in the short challenge cookie. Public: the cookie is
/// the credential; wrong codes count towards the account's lockout.
#[server(endpoint = "login/verify")]
pub async fn login_verify(
    code: String,
    trust: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    let ctx = app_context()?;
    let req = request_context().unwrap_or_default();
    let next = next.as_deref().and_then(|n| safe_next_path(Some(n)));
    let back = match &next {
        Some(n) => format!("/login/verify?next={}", crate::api::auth::urlencode(n)),
        None => "/login/verify".to_string(),
    };
    let challenge = request_cookie(ctx.cookies.challenge_name()).unwrap_or_default();
    let done = auth_service::complete_sign_in(
        &ctx.db,
        &ctx.policy,
        &challenge,
        &code,
        trust.is_some(),
        req.token.as_deref(),
        &req.client,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))?;
    add_cookie(&ctx.cookies.clear_challenge_cookie());
    add_cookie(&ctx.cookies.session_cookie(&done.session.token));
    if let Some(lang) = done.session.lang {
        add_cookie(&ctx.cookies.lang_cookie(lang));
    }
    if let Some(t) = done.trusted_browser {
        add_cookie(&ctx.cookies.trusted_browser_cookie(&t));
    }
    let target = next.unwrap_or_else(|| done.session.user.home_path().to_string());
    leptos_axum::redirect(&target);
    Ok(())
}

/// The signed-in person's second factor, with the QR code of an enrolment in progress.
#[server(endpoint = "account/mfa")]
pub async fn get_mfa_status() -> Result<MfaStatus, AppError> {
    let (ctx, _req, user) = authorize(Permission::ManageOwnAccount)?;
    mfa_service::status(&ctx.db, &user, now_ms())
        .await
        .map_err(fail)
}

/// Starts setting up an authenticator app (a new secret, shown until confirmed).
#[server(endpoint = "account/mfa/begin")]
pub async fn mfa_begin() -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    mfa_service::begin(&ctx.db, &user, &req.client, now_ms())
        .await
        .map_err(|e| fail_form(e, "/account/security"))?;
    if crate::server::is_plain_form_post() {
        leptos_axum::redirect("/account/security");
    }
    Ok(())
}

/// Confirms the authenticator with a first code; answers the recovery codes, shown once.
#[server(endpoint = "account/mfa/confirm")]
pub async fn mfa_confirm(code: String, trust: Option<String>) -> Result<Vec<String>, AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    let done = mfa_service::confirm(
        &ctx.db,
        &user,
        &code,
        trust.is_some(),
        &req.client,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/account/security"))?;
    if let Some(t) = done.trusted_browser {
        add_cookie(&ctx.cookies.trusted_browser_cookie(&t));
    }
    Ok(done.recovery_codes)
}

/// New recovery codes in place of the old ones, confirmed with a current code.
#[server(endpoint = "account/mfa/recovery-codes")]
pub async fn mfa_renew_codes(code: String) -> Result<Vec<String>, AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    mfa_service::regenerate_recovery_codes(&ctx.db, &user, &code, &req.client, now_ms())
        .await
        .map_err(|e| fail_form(e, "/account/security"))
}

/// Every trusted browser asks for a code again at its next sign-in.
#[server(endpoint = "account/mfa/forget-browsers")]
pub async fn mfa_forget_browsers() -> Result<u64, AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    mfa_service::forget_browsers(&ctx.db, &user, &req.client, now_ms())
        .await
        .map_err(|e| fail_form(e, "/account/security"))
}

/// A customer turns the second factor off, confirming with their password (staff cannot).
#[server(endpoint = "account/mfa/disable")]
pub async fn mfa_disable(password: String) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::TurnOffSecondFactor)?;
    mfa_service::disable(&ctx.db, &user, &password, &req.client, now_ms())
        .await
        .map_err(|e| fail_form(e, "/account/security"))?;
    if crate::server::is_plain_form_post() {
        leptos_axum::redirect("/account/security");
    }
    Ok(())
}

/// An admin removes someone's authenticator (a lost phone), with a reason for the audit log.
#[server(endpoint = "staff/mfa-reset")]
pub async fn reset_mfa(user: i64, reason: String) -> Result<(), AppError> {
    let (ctx, req, _admin) = authorize(Permission::ManageStaff)?;
    mfa_service::admin_reset(&ctx.db, &actor(&req), user, &reason, now_ms())
        .await
        .map_err(|e| fail_form(e, "/admin/staff"))?;
    if crate::server::is_plain_form_post() {
        leptos_axum::redirect("/admin/staff");
    }
    Ok(())
}
