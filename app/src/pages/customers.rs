//! Customers for staff: search, and a customer's record with the same eligibility explanation
//! the customer sees (clause 2.1.1). Opening a record is audited.

use crate::api::customers::{get_customer_record, search_customers};
use crate::api::membership::{
    customer_membership, membership_amendments, DecideAmendment, EndMembership, ProposeAmendment,
};
use crate::api::programme::get_levels;
use crate::components::eligibility::{EligibilityPanel, Reader};
use crate::components::forms::{use_form_error, FormAlert};
use crate::components::guard::Guard;
use crate::pages::membership::Amendments;
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::t;
use crate::session::{use_lang, use_session};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use vipcare::membership::Side;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn CustomersPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ViewCustomers>
            <CustomerSearch />
        </Guard>
    }
}

#[component]
fn CustomerSearch() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let results = Resource::new(q, search_customers);
    view! {
        <crate::PageTitle msg=Msg::CustomersTitle />
        <h1>{t(Msg::CustomersTitle)}</h1>
        <section class="card">
            <form method="get" action="/admin/customers" class="form form-inline" role="search">
                <div class="field">
                    <label for="customer-q">{t(Msg::CustomersSearch)}</label>
                    <input id="customer-q" type="search" name="q" value=q />
                </div>
                <button type="submit" class="btn btn-primary">{t(Msg::Search)}</button>
            </form>
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::CustomersNone)}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table" data-test="customers-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(Msg::FullName)}</th>
                                            <th scope="col">{t(Msg::Email)}</th>
                                            <th scope="col">{t(Msg::Phone)}</th>
                                            <th scope="col">{t(Msg::CustomersSince)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|c| view! {
                                            <tr data-email=c.email.clone()>
                                                <td><a href=format!("/admin/customers/{}", c.id)>{c.name.clone()}</a></td>
                                                <td>{c.email.clone()}</td>
                                                <td>{c.phone.clone().unwrap_or_default()}</td>
                                                <td>{format_shanghai(c.created_at)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn CustomerPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ViewCustomers>
            <CustomerRecordView />
        </Guard>
    }
}

#[component]
fn CustomerRecordView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    // A branch-bound viewer outside the customer's branch and work gives a reason (10.1); it
    // travels as `?reason=` so the prompt works without JavaScript too.
    let query = use_query_map();
    let reason = move || query.with(|q| q.get("reason"));
    let record = Resource::new(
        move || (id(), reason()),
        |(id, reason)| get_customer_record(id, reason),
    );
    view! {
        <crate::PageTitle msg=Msg::CustomerRecordTitle />
        <p><a href="/admin/customers">"← " {t(Msg::CustomersTitle)}</a></p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(e) if matches!(e.msg(), Msg::ViewReasonRequired | Msg::ErrViewReason) => {
                        view! { <ReasonPrompt invalid=e.msg() == Msg::ErrViewReason /> }.into_any()
                    }
                    Err(e) => view! {
                        <section class="card narrow error-page" data-test="record-error">
                            <h1>{t(Msg::CustomerRecordTitle)}</h1>
                            <p class="notice notice-error">{t(e.msg())}</p>
                        </section>
                    }.into_any(),
                    Ok(r) => view! {
                        <h1 data-test="customer-name">{r.customer.name.clone()}</h1>
                        <section class="card">
                            <dl class="facts">
                                <div><dt>{t(Msg::Email)}</dt><dd>{r.customer.email.clone()}</dd></div>
                                <div><dt>{t(Msg::Phone)}</dt><dd>{r.customer.phone.clone().unwrap_or_default()}</dd></div>
                                <div><dt>{t(Msg::CustomersSince)}</dt><dd>{format_shanghai(r.customer.created_at)}</dd></div>
                            </dl>
                            <p class="hint">{t(Msg::CustomerViewAudited)}</p>
                        </section>
                        <CustomerMembership customer_id=r.customer.id />
                        <EligibilityPanel progress=r.progress reader=Reader::Staff />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Asks a viewer outside the customer's branch and work why they open the record (10.1).
#[component]
fn ReasonPrompt(invalid: bool) -> impl IntoView {
    view! {
        <section class="card narrow" data-test="view-reason">
            <h1>{t(Msg::CustomerRecordTitle)} " " <ClauseRef id="10.1" /></h1>
            <p class="notice" role="status">{t(Msg::ViewReasonRequired)}</p>
            {invalid.then(|| view! { <p class="notice notice-error" role="alert" data-test="view-reason-error">{t(Msg::ErrViewReason)}</p> })}
            <form method="get" class="form" data-test="view-reason-form">
                <div class="field">
                    <label for="view-reason">{t(Msg::ViewReasonLabel)}</label>
                    <textarea id="view-reason" name="reason" required minlength="5" maxlength="500"></textarea>
                </div>
                <div><button type="submit" class="btn btn-primary">{t(Msg::ViewReasonSubmit)}</button></div>
            </form>
        </section>
    }
}

/// The customer's membership for staff, with revocation (clause 2.3.2) and termination by the
/// company (clause 9) for reviewers.
#[component]
fn CustomerMembership(customer_id: i64) -> impl IntoView {
    let lang = use_lang();
    let can_end = use_session().can(Permission::ReviewApplications);
    let end = ServerAction::<EndMembership>::new();
    let propose = ServerAction::<ProposeAmendment>::new();
    let decide = ServerAction::<DecideAmendment>::new();
    let error = use_form_error(move || end.value().get());
    let membership = Resource::new(
        move || {
            (
                end.version().get(),
                propose.version().get(),
                decide.version().get(),
            )
        },
        move |_| async move {
            let m = customer_membership(customer_id).await?;
            let (list, levels) = match &m {
                Some(m) => (membership_amendments(m.id).await?, get_levels().await?),
                None => (vec![], vec![]),
            };
            Ok::<_, crate::error::AppError>((m, list, levels))
        },
    );
    view! {
        <section class="card" data-test="customer-membership">
            <h2>{t(Msg::MembershipStatusTitle)}</h2>
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match membership.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok((None, _, _)) => view! { <p class="muted">{t(Msg::MembershipNoneStaff)}</p> }.into_any(),
                        Ok((Some(m), list, levels)) => {
                            let live = m.status.is_live();
                            view! {
                                <p>
                                    <span class="badge" data-test="customer-membership-status">{t(m.status.msg())}</span>
                                    " " {m.level.name(lang).to_string()} " · " {m.started_on.to_string()} " – " {m.expires_on.to_string()}
                                </p>
                                {m.end_reason.clone().map(|r| view! { <p>{t(Msg::MembershipEndReason)} ": " {r}</p> })}
                                <p><a href=format!("/admin/agreements/{}", m.agreement_id)>{t(Msg::MembershipAgreementLink)}</a></p>
                                {(live && can_end).then(|| view! {
                                    <details data-test="revoke">
                                        <summary>{t(Msg::RevokeTitle)}</summary>
                                        <p class="hint"><ClauseRef id="2.3.2" /></p>
                                        <FormAlert error />
                                        <ActionForm action=end attr:class="form" attr:data-test="revoke-form">
                                            <input type="hidden" name="id" value=m.id />
                                            <div class="field">
                                                <label for="end-how">{t(Msg::RevokeHow)}</label>
                                                <select id="end-how" name="how">
                                                    <option value="revoke">{t(Msg::RevokeOptionRevoke)}</option>
                                                    <option value="terminate">{t(Msg::RevokeOptionTerminate)}</option>
                                                </select>
                                            </div>
                                            <TextArea label=Msg::RevokeReason name="reason" error required=true />
                                            <button type="submit" class="btn btn-danger">{t(Msg::RevokeSubmit)}</button>
                                        </ActionForm>
                                    </details>
                                })}
                                {can_end.then(|| view! { <Amendments membership=m.clone() list side=Side::Company levels propose decide /> })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
