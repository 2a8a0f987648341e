//! Sign-in, registration, sign-out, language and password.

use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::server::{
        add_cookie, app_context, authorize, fail_form, now_ms, referer_path, request_context,
        request_cookie,
    },
    vipcare::auth::safe_next_path,
    vipcare::services::auth as auth_service,
    vipcare::{Lang, Permission},
};

/// Signs in with e-mail and password (`POST /api/login`, form fields `email`, `password`).
/// Public: anyone may try; the service applies lockout and the per-IP limit.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let ctx = app_context()?;
    let req = request_context().unwrap_or_default();
    let back = match next.as_deref().and_then(|n| safe_next_path(Some(n))) {
        Some(n) => format!("/login?next={}", urlencode(&n)),
        None => "/login".to_string(),
    };
    let trusted = request_cookie(ctx.cookies.trusted_browser_name());
    let outcome = auth_service::sign_in(
        &ctx.db,
        &ctx.policy,
        &email,
        &password,
        req.token.as_deref(),
        trusted.as_deref(),
        &req.client,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))?;
    let issued = match outcome {
        auth_service::SignIn::Session(issued) => issued,
        auth_service::SignIn::SecondFactor { challenge } => {
            add_cookie(&ctx.cookies.challenge_cookie(&challenge));
            let verify = match safe_next_path(next.as_deref()) {
                Some(n) => format!("/login/verify?next={}", urlencode(&n)),
                None => "/login/verify".to_string(),
            };
            leptos_axum::redirect(&verify);
            return Ok(());
        }
    };
    add_cookie(&ctx.cookies.session_cookie(&issued.token));
    if let Some(lang) = issued.lang {
        add_cookie(&ctx.cookies.lang_cookie(lang));
    }
    let target =
        safe_next_path(next.as_deref()).unwrap_or_else(|| issued.user.home_path().to_string());
    leptos_axum::redirect(&target);
    Ok(())
}

/// Registers a customer account and signs it in. Public.
#[server(endpoint = "register")]
pub async fn register(
    name: String,
    email: String,
    phone: String,
    password: String,
) -> Result<(), AppError> {
    let ctx = app_context()?;
    let req = request_context().unwrap_or_default();
    let issued = auth_service::register_customer(
        &ctx.db,
        auth_service::Registration {
            email,
            name,
            phone,
            password,
            lang: req.lang,
        },
        &req.client,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/register"))?;
    add_cookie(&ctx.cookies.session_cookie(&issued.token));
    leptos_axum::redirect("/portal");
    Ok(())
}

/// Ends the current session server-side and clears the cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let ctx = app_context()?;
    let req = request_context().unwrap_or_default();
    if let (Some(token), Some(user)) = (req.token.as_deref(), req.user.as_ref()) {
        auth_service::sign_out(&ctx.db, token, user.id, &req.client, now_ms())
            .await
            .map_err(|e| fail_form(e, "/"))?;
    }
    add_cookie(&ctx.cookies.clear_session_cookie());
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

/// Switches the interface language: a cookie for everyone, and the account's preference
/// for a signed-in person. Public.
#[server(endpoint = "language")]
pub async fn set_language(lang: String, back: Option<String>) -> Result<(), AppError> {
    let ctx = app_context()?;
    let req = request_context().unwrap_or_default();
    let back = safe_next_path(back.as_deref()).unwrap_or_else(referer_path);
    let lang = Lang::from_tag(&lang).ok_or_else(|| fail_form(AppError::BadRequest, &back))?;
    if let Some(user) = req.user.as_ref() {
        auth_service::set_language(&ctx.db, user.id, lang, now_ms())
            .await
            .map_err(|e| fail_form(e, &back))?;
    }
    add_cookie(&ctx.cookies.lang_cookie(lang));
    leptos_axum::redirect(&back);
    Ok(())
}

/// Changes the signed-in person's password; their other sessions end.
#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::ManageOwnAccount)?;
    auth_service::change_password(
        &ctx.db,
        user.id,
        &current_password,
        &new_password,
        req.token.as_deref(),
        &req.client,
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, "/account"))?;
    if crate::server::is_plain_form_post() {
        leptos_axum::redirect("/account?changed=1");
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
