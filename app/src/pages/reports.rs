//! Finance reports (clause 6.2): `/admin/billing/reports` shows receivables ageing and revenue
//! by fee item and month, each with a CSV download (UTF-8 with BOM, for Excel).

use crate::api::reports::{get_ageing, get_revenue};
use crate::components::guard::Guard;
use crate::pages::billing::BillingNav;
use crate::pages::ClauseRef;
use crate::session::{t, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::billing::AgeingBucket;
use vipcare::reports::bucket_heading;
use vipcare::{Msg, Permission};

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageBilling>
            <Reports />
        </Guard>
    }
}

#[component]
fn Reports() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let from = move || query.with(|q| q.get("from"));
    let to = move || query.with(|q| q.get("to"));
    let ageing = Resource::new(|| (), |_| get_ageing());
    let revenue = Resource::new(move || (from(), to()), |(f, t)| get_revenue(f, t));
    view! {
        <crate::PageTitle msg=Msg::ReportsTitle />
        <h1>{t(Msg::ReportsTitle)}</h1>
        <BillingNav />
        <section class="card" data-test="ageing">
            <h2>{t(Msg::ReportsAgeingTitle)} " " <ClauseRef id="6.2" /></h2>
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match ageing.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(r) => view! {
                            <p class="muted">{t(Msg::ReportsAsOf)} " " {r.as_of.to_string()}</p>
                            <div class="table-wrap">
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(Msg::FullName)}</th>
                                            {AgeingBucket::ALL.into_iter().map(|b| view! { <th scope="col" class="num">{bucket_heading(b, lang)}</th> }).collect_view()}
                                            <th scope="col" class="num">{t(Msg::InvTotal)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {r.rows.into_iter().map(|row| view! {
                                            <tr>
                                                <td>{row.customer_name.clone()} <br /> <span class="muted">{row.customer_email.clone()}</span></td>
                                                {row.buckets.iter().map(|b| view! { <td class="num">{b.display_cny()}</td> }).collect_view()}
                                                <td class="num strong">{row.total.display_cny()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                    <tfoot>
                                        <tr>
                                            <th scope="row">{t(Msg::InvTotal)}</th>
                                            {r.totals.iter().map(|b| view! { <td class="num strong">{b.display_cny()}</td> }).collect_view()}
                                            <td class="num strong" data-test="ageing-total">{r.total.display_cny()}</td>
                                        </tr>
                                    </tfoot>
                                </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/admin/billing/reports/ageing.csv" rel="external" download data-test="ageing-csv">{t(Msg::ReportsDownloadCsv)}</a></p>
        </section>
        <section class="card" data-test="revenue">
            <h2>{t(Msg::ReportsRevenueTitle)}</h2>
            <p class="muted">{t(Msg::ReportsRevenueNote)}</p>
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match revenue.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(r) => {
                            let form = view! {
                                <form method="get" action="/admin/billing/reports" class="form form-inline">
                                    <div class="field">
                                        <label for="rev-from">{t(Msg::ReportFrom)}</label>
                                        <input id="rev-from" name="from" type="month" value=r.from.clone() />
                                    </div>
                                    <div class="field">
                                        <label for="rev-to">{t(Msg::ReportTo)}</label>
                                        <input id="rev-to" name="to" type="month" value=r.to.clone() />
                                    </div>
                                    <button type="submit" class="btn">{t(Msg::Search)}</button>
                                </form>
                            };
                            if r.rows.is_empty() {
                                return view! { {form} <p class="muted">{t(Msg::ReportsNone)}</p> }.into_any();
                            }
                            let csv = format!("/admin/billing/reports/revenue.csv?from={}&to={}", r.from, r.to);
                            view! {
                                {form}
                                <div class="table-wrap">
                                    <table class="table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t(Msg::ReportMonth)}</th>
                                                <th scope="col">{t(Msg::ReportItem)}</th>
                                                <th scope="col" class="num">{t(Msg::InvQuantity)}</th>
                                                <th scope="col" class="num">{t(Msg::ReportNet)}</th>
                                                <th scope="col" class="num">{t(Msg::ReportTax)}</th>
                                                <th scope="col" class="num">{t(Msg::InvTotal)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {r.rows.into_iter().map(|row| view! {
                                                <tr>
                                                    <td>{row.month.clone()}</td>
                                                    <td>{lang.pick(&row.name_zh, &row.name_en).to_string()} " " <span class="muted">{row.code.clone()}</span></td>
                                                    <td class="num">{row.quantity}</td>
                                                    <td class="num">{row.net.display_cny()}</td>
                                                    <td class="num">{row.tax.display_cny()}</td>
                                                    <td class="num">{row.total.display_cny()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                        <tfoot>
                                            <tr>
                                                <th scope="row" colspan="3">{t(Msg::InvTotal)}</th>
                                                <td class="num strong">{r.net.display_cny()}</td>
                                                <td class="num strong">{r.tax.display_cny()}</td>
                                                <td class="num strong" data-test="revenue-total">{r.total.display_cny()}</td>
                                            </tr>
                                        </tfoot>
                                    </table>
                                </div>
                                <p><a href=csv rel="external" download data-test="revenue-csv">{t(Msg::ReportsDownloadCsv)}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
