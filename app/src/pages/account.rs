//! Account settings for everyone signed in: password and language.

use crate::api::auth::ChangePassword;
use crate::components::forms::{use_form_error, Field, FormAlert, Notice};
use crate::components::guard::Guard;
use crate::components::layout::LangSwitch;
use crate::session::{t, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::{Msg, Permission};

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageOwnAccount>
            <AccountSettings />
        </Guard>
    }
}

#[component]
fn AccountSettings() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = use_form_error(move || action.value().get());
    let query = use_query_map();
    let changed = move || {
        matches!(action.value().get(), Some(Ok(()))) || query.with(|q| q.get("changed").is_some())
    };
    let user = use_session().user;
    view! {
        <crate::PageTitle msg=Msg::AccountTitle />
        <h1>{t(Msg::AccountTitle)}</h1>
        <div class="grid-2">
            <section class="card">
                <h2>{t(Msg::ChangePasswordTitle)}</h2>
                <Show when=changed>
                    <Notice msg=Msg::PasswordChanged />
                </Show>
                <FormAlert error />
                <ActionForm action=action attr:class="form" attr:data-test="password-form">
                    <input type="hidden" name="username" autocomplete="username" value=user.map(|u| u.email) />
                    <Field
                        label=Msg::CurrentPassword
                        name="current_password"
                        kind="password"
                        autocomplete="current-password"
                        required=true
                        error
                    />
                    <Field
                        label=Msg::NewPasswordLabel
                        name="new_password"
                        kind="password"
                        autocomplete="new-password"
                        hint=Msg::PasswordHint
                        required=true
                        error
                    />
                    <button type="submit" class="btn btn-primary">
                        {t(Msg::Save)}
                    </button>
                </ActionForm>
            </section>
            <section class="card">
                <h2>{t(Msg::LanguagePreference)}</h2>
                <LangSwitch />
                <h2>{t(Msg::SecurityTitle)}</h2>
                <p>
                    <a href="/account/security" data-test="security-link">{t(Msg::MfaTitle)}</a>
                </p>
            </section>
        </div>
    }
}
