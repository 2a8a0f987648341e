//! The quality dashboard (`/admin/quality`, 5.3.2) and the process report
//! (`/admin/quality/process`, 5.2.3), and the public quality figures of the home page.
//!
//! Each chart is server-rendered SVG ([`crate::components::charts`]) with its table under
//! "show data" and a CSV download of the same cells (UTF-8 with BOM).

use crate::api::quality_reports::{get_process_report, get_public_figures, get_quality_dashboard};
use crate::components::charts::{BarChart, Datum, LineChart, Reference, Stack, StackedBars};
use crate::components::guard::Guard;
use crate::pages::ClauseRef;
use crate::session::{t, tf, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::complaint_reports::{duration_text, share_text};
use vipcare::quality_reports::{
    centi_text, dashboard_table, process_table, status_msg, ProcessReport, QualityDashboard,
    QualityTable, Style, TableData, BUCKETS,
};
use vipcare::{Lang, Msg, Permission};

#[component]
pub fn QualityDashboardPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageQuality>
            <Dashboard />
        </Guard>
    }
}

#[component]
pub fn ProcessReportPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageQuality>
            <Process />
        </Guard>
    }
}

/// The months picker: a plain GET form, so it works without JavaScript.
fn range_form(action: &'static str, from: String, to: String) -> impl IntoView {
    view! {
        <form method="get" action=action class="form form-inline no-print" data-test="quality-range">
            <div class="field">
                <label for="qd-from">{t(Msg::ReportFrom)}</label>
                <input id="qd-from" name="from" type="month" value=from />
            </div>
            <div class="field">
                <label for="qd-to">{t(Msg::ReportTo)}</label>
                <input id="qd-to" name="to" type="month" value=to />
            </div>
            <button type="submit" class="btn">{t(Msg::Search)}</button>
        </form>
    }
}

/// A table's cells as the page shows them; `highlight` marks rows (by index) to emphasise.
fn data_table(
    table: TableData,
    name: &'static str,
    caption: &'static str,
    highlight: Vec<bool>,
) -> impl IntoView {
    let cell_class = |i: usize, c: &str| {
        if i > 0 && (c.starts_with(|ch: char| ch.is_ascii_digit()) || c == "—") {
            "num"
        } else {
            ""
        }
    };
    // Headings align with their column's cells.
    let first = table
        .rows
        .first()
        .or(table.foot.as_ref())
        .cloned()
        .unwrap_or_default();
    let head = table
        .head
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let class = first.get(i).map_or("", |c| cell_class(i, c));
            let h = (!h.is_empty()).then(|| h.clone());
            view! { <th scope="col" class=class>{h}</th> }
        })
        .collect_view();
    let rows = table
        .rows
        .into_iter()
        .enumerate()
        .map(|(r, row)| {
            let hl = highlight.get(r).copied().unwrap_or(false);
            view! {
                <tr data-test="row" class=if hl { "qd-highlight" } else { "" } data-highlight=hl.to_string()>
                    {row.into_iter().enumerate().map(|(i, c)| {
                        let class = cell_class(i, &c);
                        // An empty cell renders no text node: hydrate it as nothing, not "".
                        let c = (!c.is_empty()).then_some(c);
                        view! { <td class=class>{c}</td> }
                    }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let foot = table.foot.map(|f| {
        view! {
            <tfoot>
                <tr data-test="total">
                    {f.into_iter().enumerate().map(|(i, c)| {
                        let class = cell_class(i, &c);
                        let c = (!c.is_empty()).then_some(c);
                        view! { <th scope=if i == 0 { "row" } else { "" } class=class>{c}</th> }
                    }).collect_view()}
                </tr>
            </tfoot>
        }
    });
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=caption>
            <table class="table table-compact" data-test=format!("table-{name}")>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
                {foot}
            </table>
        </div>
    }
}

/// The download link of a table.
fn csv_link(which: QualityTable, from: &str, to: &str) -> impl IntoView {
    view! {
        <a class="no-print" href=which.csv_href(from, to) rel="external" download data-test=format!("csv-{}", which.as_str())>
            {t(Msg::ReportsDownloadCsv)}
        </a>
    }
}

/// A chart with its data under "show data" and the CSV link.
fn chart_card(
    title: Msg,
    which: QualityTable,
    d: &QualityDashboard,
    lang: Lang,
    chart: AnyView,
    note: Option<String>,
) -> impl IntoView {
    let caption = t(title);
    let table = dashboard_table(d, which, lang, Style::Page);
    view! {
        <section class="card chart-card" data-test=format!("quality-{}", which.as_str())>
            <h2>{caption}</h2>
            {chart}
            {note.map(|n| view! { <p class="muted small" data-test="chart-note">{n}</p> })}
            <details class="chart-data">
                <summary>{t(Msg::QdShowData)}</summary>
                {data_table(table, which.as_str(), caption, Vec::new())}
            </details>
            <p>{csv_link(which, &d.from, &d.to)}</p>
        </section>
    }
}

fn links() -> impl IntoView {
    let items = [
        ("/admin/quality/evaluations", Msg::QNavEvaluations),
        ("/admin/quality/process", Msg::QNavProcess),
        ("/admin/quality/feedback", Msg::QNavFeedback),
        ("/admin/quality/standards", Msg::QNavStandards),
        ("/admin/quality/training", Msg::QNavTraining),
    ];
    view! {
        <nav class="qd-links no-print" aria-label=t(Msg::QdLinksTitle) data-test="quality-links">
            {items.into_iter().map(|(href, m)| view! { <a class="btn btn-quiet btn-small" href=href>{t(m)}</a> }).collect_view()}
        </nav>
    }
}

fn charts(d: QualityDashboard, lang: Lang) -> impl IntoView {
    let standard = t(Msg::QdStandard);
    // (1) CSAT by month.
    let csat: Vec<Datum> = d
        .months
        .iter()
        .map(|m| {
            let c = m.csat_centi();
            Datum {
                label: m.month.clone(),
                value: c.map(|c| c as f64 / 100.0),
                text: c.map(centi_text).unwrap_or_else(|| "—".into()),
                n: Some(m.ratings),
            }
        })
        .collect();
    let csat_ref = Reference {
        value: d.min_csat_centi as f64 / 100.0,
        label: format!("{standard} {}", centi_text(d.min_csat_centi)),
    };
    let csat_chart = view! {
        <LineChart label=t(Msg::QdCsatTitle).to_string() data=csat domain=(1.0, 5.0) reference=csat_ref test_id="chart-csat" />
    }
    .into_any();
    // (2) SLA compliance by month.
    let sla: Vec<Datum> = d
        .months
        .iter()
        .map(|m| Datum {
            label: m.month.clone(),
            value: m.sla_bp().map(|bp| bp as f64 / 100.0),
            text: share_text(m.sla_bp()),
            n: Some(m.sla_total),
        })
        .collect();
    let sla_ref = Reference {
        value: d.min_sla_bp as f64 / 100.0,
        label: format!("{standard} {}", share_text(Some(d.min_sla_bp))),
    };
    let sla_chart = view! {
        <LineChart label=t(Msg::QdSlaTitle).to_string() data=sla domain=(80.0, 100.0) reference=sla_ref unit="%" test_id="chart-sla" />
    }
    .into_any();
    // (3) Resolution time distribution.
    let total = d.resolved();
    let hist: Vec<Datum> = BUCKETS
        .iter()
        .zip(&d.resolution)
        .map(|(b, c)| Datum {
            label: b.text(lang).to_string(),
            value: (total > 0).then_some(*c as f64),
            text: c.to_string(),
            n: None,
        })
        .collect();
    let hist_chart = view! {
        <BarChart label=t(Msg::QdResolutionTitle).to_string() data=hist series=1 whole=true test_id="chart-resolution" />
    }
    .into_any();
    let hist_note = (total > 0).then(|| {
        tf(
            Msg::QdResolutionSummary,
            &[
                &total.to_string(),
                &duration_text(d.res_median_secs.map(|s| s * 1_000), lang),
                &duration_text(d.res_p90_secs.map(|s| s * 1_000), lang),
            ],
        )
    });
    // (4) Complaints by category, split by finding.
    let legend: Vec<String> = [
        Msg::QdUpheld,
        Msg::QdPartly,
        Msg::QdNotUpheld,
        Msg::QdNoFinding,
    ]
    .iter()
    .map(|m| t(*m).to_string())
    .collect();
    let stacks: Vec<Stack> = d
        .complaints
        .iter()
        .map(|c| {
            let part = |i: usize, v: i64| Datum {
                label: legend[i].clone(),
                value: Some(v as f64),
                text: v.to_string(),
                n: None,
            };
            Stack {
                label: c.category.map_or("", |c| t(c.msg())).to_string(),
                parts: vec![
                    part(0, c.upheld),
                    part(1, c.partly_upheld),
                    part(2, c.not_upheld),
                    part(3, c.open()),
                ],
                highlight: None,
            }
        })
        .collect();
    let cmp_chart = view! {
        <StackedBars label=t(Msg::QdComplaintsTitle).to_string() rows=stacks legend=legend whole=true narrow=true test_id="chart-complaints" />
    }
    .into_any();
    let cmp_note = (d.complaints_total.received > 0).then(|| {
        format!(
            "{}: {}",
            t(Msg::QdUpheldShare),
            share_text(d.complaints_total.upheld_share_bp())
        )
    });
    // (5) Branches: three small charts side by side.
    let name = |b: &vipcare::quality_reports::BranchFigures| {
        lang.pick(&b.branch.name_zh, &b.branch.name_en).to_string()
    };
    let b_csat: Vec<Datum> = d
        .branches
        .iter()
        .map(|b| Datum {
            label: name(b),
            value: b.csat_centi().map(|c| c as f64 / 100.0),
            text: b.csat_centi().map(centi_text).unwrap_or_else(|| "—".into()),
            n: Some(b.ratings),
        })
        .collect();
    let b_sla: Vec<Datum> = d
        .branches
        .iter()
        .map(|b| Datum {
            label: name(b),
            value: b.sla_bp().map(|bp| bp as f64 / 100.0),
            text: share_text(b.sla_bp()),
            n: Some(b.sla_total),
        })
        .collect();
    let b_res: Vec<Datum> = d
        .branches
        .iter()
        .map(|b| Datum {
            label: name(b),
            value: b
                .res_median_secs
                .map(|s| (s as f64 / 3_600.0 * 100.0).round() / 100.0),
            text: duration_text(b.res_median_secs.map(|s| s * 1_000), lang),
            n: Some(b.resolved),
        })
        .collect();
    let csat_ref = Reference {
        value: d.min_csat_centi as f64 / 100.0,
        label: format!("{standard} {}", centi_text(d.min_csat_centi)),
    };
    let sla_ref = Reference {
        value: d.min_sla_bp as f64 / 100.0,
        label: format!("{standard} {}", share_text(Some(d.min_sla_bp))),
    };
    let branch_chart = view! {
        <div class="qd-multiples">
            <div>
                <h3>{t(Msg::QdCsatAvg)}</h3>
                <BarChart label=format!("{} · {}", t(Msg::QdBranchesTitle), t(Msg::QdCsatAvg)) data=b_csat reference=csat_ref series=0 small=true test_id="chart-branches-csat" />
            </div>
            <div>
                <h3>{t(Msg::QdSlaPct)}</h3>
                <BarChart label=format!("{} · {}", t(Msg::QdBranchesTitle), t(Msg::QdSlaPct)) data=b_sla reference=sla_ref unit="%" series=1 small=true test_id="chart-branches-sla" />
            </div>
            <div>
                <h3>{format!("{} ({})", t(Msg::ComplaintReportsResolveMedian), t(Msg::ComplaintReportsHoursUnit))}</h3>
                <BarChart label=format!("{} · {}", t(Msg::QdBranchesTitle), t(Msg::ComplaintReportsResolveMedian)) data=b_res series=2 small=true test_id="chart-branches-resolution" />
            </div>
        </div>
    }
    .into_any();
    view! {
        <div class="qd-grid">
            {chart_card(Msg::QdCsatTitle, QualityTable::Csat, &d, lang, csat_chart, None)}
            {chart_card(Msg::QdSlaTitle, QualityTable::Sla, &d, lang, sla_chart, None)}
            {chart_card(Msg::QdResolutionTitle, QualityTable::Resolution, &d, lang, hist_chart, hist_note)}
            {chart_card(Msg::QdComplaintsTitle, QualityTable::Complaints, &d, lang, cmp_chart, cmp_note)}
        </div>
        {chart_card(Msg::QdBranchesTitle, QualityTable::Branches, &d, lang, branch_chart, None)}
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let from = move || query.with(|q| q.get("from"));
    let to = move || query.with(|q| q.get("to"));
    let data = Resource::new(move || (from(), to()), |(f, t)| get_quality_dashboard(f, t));
    view! {
        <crate::PageTitle msg=Msg::QdTitle />
        <h1>{t(Msg::QdTitle)} " " <ClauseRef id="5.3.2" /></h1>
        <p class="muted">{t(Msg::QdLead)}</p>
        {links()}
        <div data-test="quality-dashboard">
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <p class="notice notice-error" role="alert" data-test="form-error">{t(e.msg())}</p> }.into_any(),
                        Ok(d) => view! {
                            {range_form("/admin/quality", d.from.clone(), d.to.clone())}
                            {charts(d, lang)}
                            <p class="muted small">{t(Msg::QdMethod)}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn process_view(p: ProcessReport, lang: Lang) -> impl IntoView {
    let legend: Vec<String> = (0..3).map(|i| t(status_msg(i)).to_string()).collect();
    let stacks: Vec<Stack> = p
        .groups
        .iter()
        .map(|g| Stack {
            label: g.name(lang),
            parts: g
                .statuses
                .iter()
                .enumerate()
                .map(|(i, s)| Datum {
                    label: legend[i].clone(),
                    value: s.share_bp.map(|bp| bp as f64 / 100.0),
                    text: format!(
                        "{} · {} {}",
                        share_text(s.share_bp),
                        t(Msg::QdMedian),
                        duration_text(s.median_ms, lang)
                    ),
                    n: Some(s.entered),
                })
                .collect(),
            highlight: g.largest,
        })
        .collect();
    let lost = p.groups.first().and_then(|g| {
        let i = g.largest?;
        Some(view! {
            <p class="notice notice-warn" data-test="process-largest" data-status=vipcare::quality_reports::PROCESS_STATUSES[i].as_str()>
                {tf(Msg::QdLargestLine, &[t(status_msg(i)), &share_text(g.statuses[i].share_bp)])}
            </p>
        })
    });
    let highlight: Vec<bool> = p
        .groups
        .iter()
        .flat_map(|g| (0..3).map(move |i| g.largest == Some(i)))
        .collect();
    let table = process_table(&p, lang, Style::Page);
    view! {
        {lost}
        <section class="card chart-card" data-test="quality-process">
            <h2>{t(Msg::QdProcessChart)}</h2>
            <StackedBars label=t(Msg::QdProcessChart).to_string() rows=stacks legend=legend unit="%" test_id="chart-process" />
            {data_table(table, "process", t(Msg::QdProcessTitle), highlight)}
            <p>{csv_link(QualityTable::Process, &p.from, &p.to)}</p>
        </section>
    }
}

#[component]
fn Process() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let from = move || query.with(|q| q.get("from"));
    let to = move || query.with(|q| q.get("to"));
    let data = Resource::new(move || (from(), to()), |(f, t)| get_process_report(f, t));
    view! {
        <crate::PageTitle msg=Msg::QdProcessTitle />
        <p class="no-print"><a href="/admin/quality">{t(Msg::QdBackToDashboard)}</a></p>
        <h1>{t(Msg::QdProcessTitle)} " " <ClauseRef id="5.2.3" /></h1>
        <p class="muted">{t(Msg::QdProcessLead)}</p>
        <p class="notice notice-info" data-test="process-clock">{t(Msg::QdProcessClock)}</p>
        <div data-test="process-report">
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <p class="notice notice-error" role="alert" data-test="form-error">{t(e.msg())}</p> }.into_any(),
                        Ok(p) => view! {
                            {range_form("/admin/quality/process", p.from.clone(), p.to.clone())}
                            {process_view(p, lang)}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The public home page's quality figures (5.3.2, customers' side): shown only when an admin
/// enabled them and a month has been evaluated.
#[component]
pub fn PublicQuality() -> impl IntoView {
    let figures = Resource::new(|| (), |_| get_public_figures());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let f = figures.await.ok().flatten()?;
                Some(view! {
                    <section class="card qd-public" data-test="public-quality" data-month=f.month.clone()>
                        <h2>{t(Msg::QdPublicTitle)}</h2>
                        <p class="muted">{tf(Msg::QdPublicMonth, &[&f.month])}</p>
                        <div class="qd-public-figures">
                            <div data-test="public-sla" data-value=f.sla_bp.map(|v| v.to_string()).unwrap_or_default()>
                                <span class="qd-figure">{share_text(f.sla_bp)}</span>
                                <span class="muted">{t(Msg::QdPublicSla)}</span>
                            </div>
                            <div data-test="public-csat" data-value=f.csat_centi.map(|v| v.to_string()).unwrap_or_default()>
                                <span class="qd-figure">{f.csat_centi.map(centi_text).unwrap_or_else(|| "—".into())}</span>
                                <span class="muted">
                                    {t(Msg::QdPublicCsat)}
                                    " · "
                                    {tf(Msg::QdPublicRatings, &[&f.ratings.to_string()])}
                                </span>
                            </div>
                        </div>
                    </section>
                })
            })}
        </Suspense>
    }
}
