//! Customers for staff: search, and a customer's record with the same eligibility explanation
//! the customer sees (clause 2.1.1). Opening a record is audited.

use crate::api::customers::{get_customer_record, search_customers};
use crate::components::eligibility::{EligibilityPanel, Reader};
use crate::components::guard::Guard;
use crate::session::t;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
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
    let record = Resource::new(id, get_customer_record);
    view! {
        <crate::PageTitle msg=Msg::CustomerRecordTitle />
        <p><a href="/admin/customers">"← " {t(Msg::CustomersTitle)}</a></p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
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
                        <EligibilityPanel progress=r.progress reader=Reader::Staff />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
