//! Complaint reports (clauses 7.2, 8.2): `/admin/complaints/reports` shows, per month of receipt
//! and branch, complaints received, acknowledged and resolved with their median and p90 times,
//! the upheld shares and the compensation paid, with totals and a CSV download (UTF-8 with BOM).

use crate::api::complaint_reports::get_complaint_report;
use crate::components::guard::Guard;
use crate::pages::ClauseRef;
use crate::session::{t, use_lang, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::complaint_reports::{duration_text, share_text, Figures, COLUMNS};
use vipcare::{Lang, Msg, Permission};

#[component]
pub fn ComplaintReportsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::HandleComplaints>
            <ComplaintReports />
        </Guard>
    }
}

/// The figures of a row as table cells, after its month and branch cells.
fn figure_cells(f: &Figures, lang: Lang) -> impl IntoView {
    view! {
        <td class="num" data-test="received">{f.received}</td>
        <td class="num">{f.acknowledged}</td>
        <td class="num">{duration_text(f.acknowledge_median_ms, lang)}</td>
        <td class="num">{duration_text(f.acknowledge_p90_ms, lang)}</td>
        <td class="num">{f.resolved}</td>
        <td class="num">{duration_text(f.resolve_median_ms, lang)}</td>
        <td class="num">{duration_text(f.resolve_p90_ms, lang)}</td>
        <td class="num">{f.with_finding}</td>
        <td class="num">{share_text(f.upheld_share_bp())}</td>
        <td class="num">{share_text(f.upheld_or_partly_share_bp())}</td>
        <td class="num" data-test="compensation">{f.compensation.display_cny()}</td>
    }
}

#[component]
fn ComplaintReports() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let from = move || query.with(|q| q.get("from"));
    let to = move || query.with(|q| q.get("to"));
    let report = Resource::new(move || (from(), to()), |(f, t)| get_complaint_report(f, t));
    let settings_link = use_session().can(Permission::ManageDisputes).then(|| {
        view! {
            <p><a href="/admin/complaints/settings" data-test="complaint-settings-link">{t(Msg::ComplaintSettingsTitle)}</a></p>
        }
    });
    view! {
        <crate::PageTitle msg=Msg::ComplaintReportsTitle />
        <h1>{t(Msg::ComplaintReportsTitle)} " " <ClauseRef id="7.2" /></h1>
        <p class="muted">{t(Msg::ComplaintReportsLead)}</p>
        <p class="muted small">{t(Msg::ComplaintReportsMethod)}</p>
        {settings_link}
        <section class="card" data-test="complaint-report">
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Err(e) => view! { <p class="notice notice-error" role="alert" data-test="form-error">{t(e.msg())}</p> }.into_any(),
                        Ok(r) => {
                            let form = view! {
                                <form method="get" action="/admin/complaints/reports" class="form form-inline" data-test="complaint-report-range">
                                    <div class="field">
                                        <label for="cr-from">{t(Msg::ReportFrom)}</label>
                                        <input id="cr-from" name="from" type="month" value=r.from.clone() />
                                    </div>
                                    <div class="field">
                                        <label for="cr-to">{t(Msg::ReportTo)}</label>
                                        <input id="cr-to" name="to" type="month" value=r.to.clone() />
                                    </div>
                                    <button type="submit" class="btn">{t(Msg::Search)}</button>
                                </form>
                            };
                            let csv = format!("/admin/complaints/reports.csv?from={}&to={}", r.from, r.to);
                            let link = view! {
                                <p><a href=csv rel="external" download data-test="complaint-report-csv">{t(Msg::ReportsDownloadCsv)}</a></p>
                            };
                            if r.rows.is_empty() {
                                return view! { {form} <p class="muted" data-test="complaint-report-empty">{t(Msg::ReportsNone)}</p> {link} }.into_any();
                            }
                            let totals = figure_cells(&r.totals, lang);
                            view! {
                                {form}
                                // Wider than a phone: the scrolling region takes keyboard focus.
                                <div class="table-wrap" tabindex="0" role="region" aria-label=t(Msg::CmpNavReports)>
                                    <table class="table table-compact">
                                        <thead>
                                            <tr>
                                                {COLUMNS.iter().enumerate().map(|(i, m)| {
                                                    let class = if i < 2 { "" } else { "num" };
                                                    view! { <th scope="col" class=class>{t(*m)}</th> }
                                                }).collect_view()}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {r.rows.into_iter().map(|row| {
                                                let key = row.branch.as_ref().map_or_else(|| "unassigned".to_string(), |b| b.code.clone());
                                                let name = row.branch_name(lang);
                                                view! {
                                                    <tr data-month=row.month.clone() data-branch=key>
                                                        <td>{row.month.clone()}</td>
                                                        <td>{name}</td>
                                                        {figure_cells(&row.figures, lang)}
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                        <tfoot>
                                            <tr data-test="complaint-report-totals">
                                                <th scope="row" colspan="2">{t(Msg::InvTotal)}</th>
                                                {totals}
                                            </tr>
                                        </tfoot>
                                    </table>
                                </div>
                                {link}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
