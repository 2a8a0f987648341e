//! The second sign-in factor (clause 10): the code step of sign-in (`/login/verify`) and the
//! account's security page (`/account/security`): set up an authenticator with its QR code,
//! recovery codes, trusted browsers, and (customers only) turning it off. Staff without an
//! authenticator are sent here by every other page until they have one.

use crate::api::mfa::{
    get_mfa_status, LoginVerify, MfaBegin, MfaConfirm, MfaDisable, MfaForgetBrowsers, MfaRenewCodes,
};
use crate::components::forms::{use_form_error, Field, FormAlert, Notice};
use crate::components::guard::Guard;
use crate::session::{t, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::mfa::MfaStatus;
use vipcare::{Msg, Permission};

/// The checkbox "don't ask again on this browser for 30 days".
#[component]
fn TrustBrowser(id: &'static str) -> impl IntoView {
    view! {
        <label class="check" for=id>
            <input type="checkbox" id=id name="trust" value="on" />
            {t(Msg::MfaTrustBrowser)}
        </label>
    }
}

/// `/login/verify`: the second step of signing in.
#[component]
pub fn LoginVerifyPage() -> impl IntoView {
    let action = ServerAction::<LoginVerify>::new();
    let error = use_form_error(move || action.value().get());
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    view! {
        <crate::PageTitle msg=Msg::MfaVerifyTitle />
        <section class="card narrow">
            <h1>{t(Msg::MfaVerifyTitle)}</h1>
            <p class="muted">{t(Msg::MfaVerifyLead)}</p>
            <FormAlert error />
            <ActionForm action=action attr:class="form" attr:data-test="verify-form">
                <input type="hidden" name="next" value=next />
                <Field
                    label=Msg::MfaCodeOrRecovery
                    name="code"
                    autocomplete="one-time-code"
                    hint=Msg::MfaCodeHint
                    required=true
                    error
                />
                <TrustBrowser id="f-trust" />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || action.pending().get()>
                    {t(Msg::MfaVerifySubmit)}
                </button>
            </ActionForm>
            <p class="muted">
                <a href="/login">{t(Msg::MfaVerifyRestart)}</a>
            </p>
        </section>
    }
}

/// `/account/security`.
#[component]
pub fn SecurityPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageOwnAccount>
            <Security />
        </Guard>
    }
}

/// A list of freshly issued recovery codes, shown once.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    view! {
        <div class="notice notice-ok" role="status" data-test="recovery-codes">
            <h3>{t(Msg::MfaRecoveryTitle)}</h3>
            <p>{t(Msg::MfaRecoveryLead)}</p>
            <ol class="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
        </div>
    }
}

#[component]
fn Security() -> impl IntoView {
    let begin = ServerAction::<MfaBegin>::new();
    let confirm = ServerAction::<MfaConfirm>::new();
    let renew = ServerAction::<MfaRenewCodes>::new();
    let forget = ServerAction::<MfaForgetBrowsers>::new();
    let disable = ServerAction::<MfaDisable>::new();
    let status = Resource::new(
        move || {
            (
                begin.version().get(),
                confirm.version().get(),
                renew.version().get(),
                forget.version().get(),
                disable.version().get(),
            )
        },
        |_| get_mfa_status(),
    );
    let begin_error = use_form_error(move || begin.value().get());
    let confirm_error = use_form_error(move || confirm.value().get());
    let renew_error = use_form_error(move || renew.value().get());
    let forget_error = use_form_error(move || forget.value().get());
    let disable_error = use_form_error(move || disable.value().get());
    let user = use_session().user;
    // After confirming, continue with a full page load: the session now has its second factor.
    let home = if user.as_ref().is_some_and(|u| u.is_staff()) {
        "/admin"
    } else {
        "/portal"
    };
    let fresh_codes = move || match confirm.value().get() {
        Some(Ok(codes)) => Some(codes),
        _ => None,
    };
    let renewed_codes = move || match renew.value().get() {
        Some(Ok(codes)) => Some(codes),
        _ => None,
    };
    let view_status = move |s: MfaStatus| {
        let enrolled = s.enrolled;
        view! {
            {(s.required && !enrolled).then(|| view! {
                <div class="notice notice-warn" role="status" data-test="mfa-required">{t(Msg::MfaRequiredNotice)}</div>
            })}
            <p data-test="mfa-state" data-enrolled=enrolled.to_string()>
                <strong>{t(Msg::MfaTitle)} ": "</strong>
                {if enrolled {
                    view! { <span class="badge badge-ok">{t(Msg::MfaStateOn)}</span> }.into_any()
                } else {
                    view! { <span class="badge badge-muted">{t(Msg::MfaStateOff)}</span> }.into_any()
                }}
            </p>
            {match (enrolled, s.pending) {
                (false, None) => view! {
                    <FormAlert error=begin_error />
                    <ActionForm action=begin attr:class="form" attr:data-test="mfa-begin-form">
                        <button type="submit" class="btn btn-primary">{t(Msg::MfaStart)}</button>
                    </ActionForm>
                }
                .into_any(),
                (false, Some(p)) => view! {
                    <div class="mfa-setup" data-test="mfa-setup">
                        <p>{t(Msg::MfaScan)}</p>
                        <div class="qr" role="img" aria-label=t(Msg::MfaQrLabel) inner_html=p.qr_svg></div>
                        <p>
                            {t(Msg::MfaSecretLabel)} ": "
                            <code data-test="mfa-secret">{p.secret}</code>
                        </p>
                        <FormAlert error=confirm_error />
                        <ActionForm action=confirm attr:class="form" attr:data-test="mfa-confirm-form">
                            <Field
                                label=Msg::MfaCode
                                name="code"
                                autocomplete="one-time-code"
                                inputmode="numeric"
                                required=true
                                error=confirm_error
                            />
                            <TrustBrowser id="f-trust" />
                            <button type="submit" class="btn btn-primary">{t(Msg::MfaConfirm)}</button>
                        </ActionForm>
                    </div>
                }
                .into_any(),
                (true, _) => view! {
                    <dl class="facts">
                        <div>
                            <dt>{t(Msg::MfaRecoveryLeft)}</dt>
                            <dd data-test="recovery-left">{s.recovery_codes_left}</dd>
                        </div>
                        <div>
                            <dt>{t(Msg::MfaTrustedBrowsers)}</dt>
                            <dd data-test="trusted-browsers">{s.trusted_browsers}</dd>
                        </div>
                    </dl>
                    <h3>{t(Msg::MfaRecoveryRenew)}</h3>
                    <FormAlert error=renew_error />
                    <ActionForm action=renew attr:class="form" attr:data-test="mfa-renew-form">
                        <Field
                            label=Msg::MfaCode
                            name="code"
                            id="f-renew-code"
                            autocomplete="one-time-code"
                            inputmode="numeric"
                            hint=Msg::MfaRecoveryRenewHint
                            required=true
                            error=renew_error
                        />
                        <button type="submit" class="btn">{t(Msg::MfaRecoveryRenew)}</button>
                    </ActionForm>
                    <FormAlert error=forget_error />
                    <ActionForm action=forget attr:class="form" attr:data-test="mfa-forget-form">
                        <button type="submit" class="btn btn-quiet">{t(Msg::MfaForgetBrowsers)}</button>
                    </ActionForm>
                    {(!s.required).then(|| view! {
                        <h3>{t(Msg::MfaDisable)}</h3>
                        <FormAlert error=disable_error />
                        <ActionForm action=disable attr:class="form" attr:data-test="mfa-disable-form">
                            <Field
                                label=Msg::Password
                                name="password"
                                id="f-disable-password"
                                kind="password"
                                autocomplete="current-password"
                                hint=Msg::MfaDisableHint
                                required=true
                                error=disable_error
                            />
                            <button type="submit" class="btn btn-danger">{t(Msg::MfaDisable)}</button>
                        </ActionForm>
                    })}
                }
                .into_any(),
            }}
        }
    };
    view! {
        <crate::PageTitle msg=Msg::SecurityTitle />
        <h1>{t(Msg::SecurityTitle)}</h1>
        <section class="card" data-test="mfa-card">
            <h2>{t(Msg::MfaTitle)}</h2>
            <p class="muted">{t(Msg::MfaLead)}</p>
            {move || fresh_codes().map(|codes| view! {
                <Notice msg=Msg::MfaEnabled />
                <RecoveryCodes codes />
                <a class="btn btn-primary" href=home rel="external" data-test="mfa-continue">{t(Msg::MfaContinue)}</a>
            })}
            {move || renewed_codes().map(|codes| view! { <RecoveryCodes codes /> })}
            {move || matches!(forget.value().get(), Some(Ok(_))).then(|| view! { <Notice msg=Msg::MfaBrowsersForgotten /> })}
            {move || matches!(disable.value().get(), Some(Ok(_))).then(|| view! { <Notice msg=Msg::MfaDisabled /> })}
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) => view_status(s).into_any(),
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
