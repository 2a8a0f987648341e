//! `/admin/retention`: the confidentiality period and the retention job (clause 10.3). Admins
//! set the period, see who is due now (and who is held, and why) and who comes due within 180
//! days, and may run the anonymisation at once instead of waiting for the daily job. Every form
//! is an `ActionForm` (works without JavaScript; errors come back as `?error=…`).

use crate::api::retention::{get_retention, RunRetention, SetRetentionPeriod};
use crate::components::forms::{use_form_error, Field, FormAlert, FormError, Notice};
use crate::components::guard::Guard;
use crate::error::AppError;
use crate::pages::ClauseRef;
use crate::session::t;
use leptos::prelude::*;
use vipcare::retention::{FormerMember, RetentionOverview};
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn RetentionPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageRetention>
            <RetentionView />
        </Guard>
    }
}

#[component]
fn RetentionView() -> impl IntoView {
    let period = ServerAction::<SetRetentionPeriod>::new();
    let run = ServerAction::<RunRetention>::new();
    let data = Resource::new(
        move || (period.version().get(), run.version().get()),
        |_| get_retention(),
    );
    let posted_error = use_form_error(|| None::<Result<(), AppError>>);
    let period_error: Signal<FormError> = Signal::derive(move || match period.value().get() {
        Some(Err(e)) => Some((e.field().map(str::to_string), e.msg())),
        _ => None,
    });
    let saved = move || matches!(period.value().get(), Some(Ok(_)));
    view! {
        <crate::PageTitle msg=Msg::RetentionTitle />
        <h1>{t(Msg::RetentionTitle)} " " <ClauseRef id="10.3" /></h1>
        <p class="muted">{t(Msg::RetentionLead)}</p>
        {move || posted_error.get().map(|(_, m)| view! {
            <div class="notice notice-error" role="alert" data-test="form-error">{t(m)}</div>
        })}
        <Show when=saved>
            <Notice msg=Msg::RetentionSaved />
        </Show>
        {move || run.value().get().map(|r| match r {
            Ok(r) => view! {
                <dl class="stats" data-test="retention-ran">
                    <div><dt>{t(Msg::RetentionRanCount)}</dt><dd data-test="ran-anonymised">{r.anonymised}</dd></div>
                    <div><dt>{t(Msg::RetentionHeldCount)}</dt><dd>{r.held}</dd></div>
                    <div><dt>{t(Msg::RetentionFilesErased)}</dt><dd>{r.files_erased}</dd></div>
                </dl>
            }.into_any(),
            Err(e) => view! { <div class="notice notice-error" role="alert">{t(e.msg())}</div> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(o) => view! { <Overview o period period_error run /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(
    o: RetentionOverview,
    period: ServerAction<SetRetentionPeriod>,
    period_error: Signal<FormError>,
    run: ServerAction<RunRetention>,
) -> impl IntoView {
    let last = o
        .last_anonymised_at_ms
        .map(format_shanghai)
        .unwrap_or_else(|| "—".into());
    // counted over everyone due, not only the listed first 50
    let runnable = o.due_unheld > 0;
    view! {
        <section class="card" data-test="retention-period">
            <h2>{t(Msg::RetentionPeriod)}</h2>
            <ActionForm action=period attr:class="form form-grid">
                <FormAlert error=period_error />
                <Field label=Msg::RetentionYears name="years" id="retention-years" required=true inputmode="numeric" hint=Msg::RetentionYearsHint error=period_error value=o.years.to_string() />
                <div><button type="submit" class="btn btn-primary" data-test="retention-save">{t(Msg::RetentionSave)}</button></div>
            </ActionForm>
            <dl class="stats">
                <div><dt>{t(Msg::RetentionAnonymisedTotal)}</dt><dd data-test="retention-total">{o.anonymised}</dd></div>
                <div><dt>{t(Msg::RetentionLastAnonymised)}</dt><dd>{last}</dd></div>
            </dl>
        </section>
        <section class="card" data-test="retention-due">
            <h2>{t(Msg::RetentionDue)}</h2>
            <Members list=o.due empty=Msg::RetentionNoneDue test="due-table" />
            <Show when=move || runnable>
                <ActionForm action=run attr:class="form">
                    <p class="muted small">{t(Msg::RetentionRunHint)}</p>
                    <button type="submit" class="btn btn-danger" data-test="retention-run">{t(Msg::RetentionRunNow)}</button>
                </ActionForm>
            </Show>
        </section>
        <section class="card" data-test="retention-upcoming">
            <h2>{t(Msg::RetentionUpcoming)}</h2>
            <Members list=o.upcoming empty=Msg::RetentionNoneUpcoming test="upcoming-table" />
        </section>
    }
}

#[component]
fn Members(list: Vec<FormerMember>, empty: Msg, test: &'static str) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="muted" data-test=test>{t(empty)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-test=test>
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::RetentionCustomer)}</th>
                        <th scope="col">{t(Msg::RetentionEnded)}</th>
                        <th scope="col">{t(Msg::RetentionAnonymiseOn)}</th>
                        <th scope="col">{t(Msg::RetentionHold)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|m| view! {
                        <tr>
                            <td><a href=format!("/admin/customers/{}", m.customer_id)>{m.name.clone()}</a></td>
                            <td>{format_shanghai(m.ended_at_ms)}</td>
                            <td>{m.anonymise_on.to_string()}</td>
                            <td>{match m.hold {
                                Some(h) => view! { <span class="badge badge-gold">{t(h.msg())}</span> }.into_any(),
                                None => view! { "—" }.into_any(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
