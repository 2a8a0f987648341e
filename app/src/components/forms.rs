//! Form fields with inline, translated errors. Errors come either from the server function's
//! result (hydrated) or from `?error=…&field=…` after a plain form post (no JavaScript).

use crate::error::{msg_from_query, AppError};
use crate::session::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::Msg;

/// A form error: the field it belongs to (if any) and the message.
pub type FormError = Option<(Option<String>, Msg)>;

/// The error to show for a form whose action result is read by `value`
/// (`move || action.value().get()`).
pub fn use_form_error<T>(
    value: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
) -> Signal<FormError> {
    let query = use_query_map();
    Signal::derive(move || match value() {
        Some(Err(e)) => Some((e.field().map(str::to_string), e.msg())),
        Some(Ok(_)) => None,
        None => query.with(|q| {
            q.get("error")
                .and_then(|c| msg_from_query(&c))
                .map(|m| (q.get("field"), m))
        }),
    })
}

/// The error of one form's own action only. Pages with many small forms (a row each) show
/// the error of a plain form post (from the query string) once, at the top, so that it is not
/// repeated in every row; each form shows its own action's error with this.
pub fn use_action_error<T>(
    value: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
) -> Signal<FormError> {
    Signal::derive(move || match value() {
        Some(Err(e)) => Some((e.field().map(str::to_string), e.msg())),
        _ => None,
    })
}

/// Bumps `changes` (which the page's data resources depend on, so they reload) each time the
/// action read by `value` succeeds. One effect per action.
pub fn reload_on_ok<T: 'static>(
    value: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
    changes: RwSignal<usize>,
) {
    Effect::new(move |_| {
        if matches!(value(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
}

/// A labelled input with its hint and its error.
#[component]
pub fn Field(
    label: Msg,
    name: &'static str,
    error: Signal<FormError>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] required: bool,
    /// The initial value. Set as the property too, so that a form rebuilt in place (after a
    /// save) shows it even where the person had typed.
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// The input's id when a page has several forms with the same field (default `f-{name}`).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("f-{name}"));
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let my_error = move || {
        error
            .get()
            .and_then(|(f, m)| (f.as_deref() == Some(name)).then_some(m))
    };
    let described = {
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if my_error().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || my_error().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                inputmode=inputmode
                value=value.clone()
                prop:value=value
                aria-invalid=move || my_error().is_some().then_some("true")
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{t(h)}</p> })}
            {move || {
                my_error()
                    .map(|m| {
                        view! {
                            <p class="field-error" id=err_id.clone()>
                                {t(m)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A form-level alert for errors that belong to no single field.
#[component]
pub fn FormAlert(error: Signal<FormError>) -> impl IntoView {
    move || {
        error.get().and_then(|(field, m)| {
            field.is_none().then(|| {
                view! {
                    <div class="notice notice-error" role="alert" data-test="form-error">
                        {t(m)}
                    </div>
                }
            })
        })
    }
}

/// A success notice.
#[component]
pub fn Notice(msg: Msg) -> impl IntoView {
    view! {
        <div class="notice notice-ok" role="status">
            {t(msg)}
        </div>
    }
}
