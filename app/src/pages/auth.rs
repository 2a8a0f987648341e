//! Sign-in and registration. Both are plain forms enhanced by `ActionForm`: they work with
//! JavaScript off (the server redirects) and hydrated (errors appear inline).

use crate::api::auth::{Login, Register};
use crate::components::forms::{use_form_error, Field, FormAlert, Notice};
use crate::session::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::Msg;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let error = use_form_error(move || action.value().get());
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let signed_out = query.with_untracked(|q| q.get("signed_out").is_some());
    view! {
        <crate::PageTitle msg=Msg::SignInTitle />
        <section class="card narrow">
            <h1>{t(Msg::SignInTitle)}</h1>
            {signed_out.then(|| view! { <Notice msg=Msg::SignedOut /> })}
            <FormAlert error />
            <ActionForm action=action attr:class="form" attr:data-test="login-form">
                <input type="hidden" name="next" value=next />
                <Field label=Msg::Email name="email" kind="email" autocomplete="username" required=true error />
                <Field
                    label=Msg::Password
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    error
                />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || action.pending().get()>
                    {t(Msg::SignInSubmit)}
                </button>
            </ActionForm>
            <p class="muted">
                {t(Msg::NoAccountYet)} " " <a href="/register">{t(Msg::NavRegister)}</a>
            </p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let error = use_form_error(move || action.value().get());
    view! {
        <crate::PageTitle msg=Msg::RegisterTitle />
        <section class="card narrow">
            <h1>{t(Msg::RegisterTitle)}</h1>
            <FormAlert error />
            <ActionForm action=action attr:class="form" attr:data-test="register-form">
                <Field label=Msg::FullName name="name" autocomplete="name" required=true error />
                <Field label=Msg::Email name="email" kind="email" autocomplete="email" required=true error />
                <Field label=Msg::Phone name="phone" kind="tel" autocomplete="tel" required=true error />
                <Field
                    label=Msg::Password
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=Msg::PasswordHint
                    required=true
                    error
                />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || action.pending().get()>
                    {t(Msg::RegisterSubmit)}
                </button>
            </ActionForm>
            <p class="muted">
                {t(Msg::HaveAccount)} " " <a href="/login">{t(Msg::NavSignIn)}</a>
            </p>
        </section>
    }
}
