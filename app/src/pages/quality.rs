//! Evaluations, standards and training (5.2.1, 5.2.2).
//!
//! - `/admin/quality/evaluations` (quality staff): a month's stored evaluation per agent, per
//!   branch and for the programme, below-standard and recovered markers; evaluate a past month,
//!   recompute a stored one (admins, with a reason).
//! - `/admin/quality/standards`: admins change the standards, quality staff read them.
//! - `/admin/quality/training` (quality staff): open and recent trainings, assign one.
//! - `/admin/quality/agents/:id` (quality staff, or the agent) and `/admin/quality/me`: an
//!   agent's evaluation history and trainings with the steps the viewer may take.
//!
//! Every form is an `ActionForm` (works without JavaScript: errors come back as `?error=…`).

use crate::api::quality::{
    get_agent_quality, get_evaluation, get_my_quality, get_quality_standards, get_trainings,
    ActOnTraining, AssignTraining, EvaluateMonth, RecomputeMonth, SetQualityStandards,
};
use crate::components::forms::{reload_on_ok, use_form_error, Field, FormAlert, Notice};
use crate::components::guard::Guard;
use crate::pages::billing::id_param;
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::{t, tf, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::complaint_reports::duration_text;
use vipcare::quality::{
    csat_text, fixed_hundredths, plain_hundredths, sla_text, AgentQuality, EvaluationPage,
    EvaluationRow, EvaluationSummary, Reason, Scope, StaffOption, TrainingStatus, TrainingView,
};
use vipcare::time::format_shanghai;
use vipcare::{Lang, Msg, Permission};

fn secs(s: Option<i64>, lang: Lang) -> String {
    duration_text(s.map(|s| s * 1_000), lang)
}

fn reasons_view(reasons: &[Reason]) -> impl IntoView {
    let sep = match use_lang() {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    let text = reasons
        .iter()
        .map(|r| t(r.msg()))
        .collect::<Vec<_>>()
        .join(sep);
    view! { <span class="small qe-reasons" data-test="reasons">{text}</span> }
}

/// The result cell: below standard (with why), meets, and recovered since last month.
fn status_cell(r: &EvaluationRow) -> impl IntoView {
    let badge = if r.below {
        view! {
            <span class="badge badge-error" data-test="below">{t(Msg::QeBelow)}</span>
            " "
            {reasons_view(&r.reasons)}
        }
        .into_any()
    } else {
        view! { <span class="badge badge-ok">{t(Msg::QeMeets)}</span> }.into_any()
    };
    let recovered = r.recovered().then(|| {
        view! {
            " "
            <span class="badge badge-info" data-test="recovered" title=t(Msg::QeRecoveredHint)>
                {t(Msg::QeRecovered)}
            </span>
        }
    });
    view! { {badge} {recovered} }
}

/// The figures of a row as table cells, after its name cell.
fn figure_cells(r: &EvaluationRow, lang: Lang) -> impl IntoView {
    let m = r.metrics;
    view! {
        <td class="num" data-test="csat">{csat_text(m.csat_centi())} " (" {m.ratings} ")"</td>
        <td class="num" data-test="requests">{m.requests}</td>
        <td class="num">{secs(m.frt_median_secs, lang)} " / " {secs(m.frt_p90_secs, lang)}</td>
        <td class="num">{secs(m.res_median_secs, lang)} " / " {secs(m.res_p90_secs, lang)}</td>
        <td class="num" data-test="sla">{sla_text(m.sla_bp())}</td>
        <td class="num">{m.complaints} " / " {m.upheld}</td>
        <td>{status_cell(r)}</td>
    }
}

fn table_head(first: Msg) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">{t(first)}</th>
                <th scope="col" class="num">{t(Msg::QeColCsat)}</th>
                <th scope="col" class="num">{t(Msg::QeColRequests)}</th>
                <th scope="col" class="num">{t(Msg::QeColFrt)}</th>
                <th scope="col" class="num">{t(Msg::QeColRes)}</th>
                <th scope="col" class="num">{t(Msg::QeColSla)}</th>
                <th scope="col" class="num">{t(Msg::QeColComplaints)}</th>
                <th scope="col">{t(Msg::QeColStatus)}</th>
            </tr>
        </thead>
    }
}

/// The rows of one scope as a table: agents link to their quality page.
fn evaluation_table(rows: Vec<EvaluationRow>, label: Msg) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t(label)>
            <table class="table table-compact">
                {table_head(Msg::QeColName)}
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let below = if r.below { "1" } else { "0" };
                            let name = r.name(lang).to_string();
                            match r.scope {
                                Scope::Agent => {
                                    let href = format!("/admin/quality/agents/{}", r.subject_id);
                                    view! {
                                        <tr data-test="evaluation-row" data-agent=r.subject_id data-below=below>
                                            <th scope="row"><a href=href data-test="agent-link">{name}</a></th>
                                            {figure_cells(&r, lang)}
                                        </tr>
                                    }
                                    .into_any()
                                }
                                _ => view! {
                                    <tr data-test="evaluation-branch" data-branch=r.subject_id data-below=below>
                                        <th scope="row">{name}</th>
                                        {figure_cells(&r, lang)}
                                    </tr>
                                }
                                .into_any(),
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

// ---------------------------------------------------------------- evaluations (5.2.1)

#[component]
pub fn EvaluationsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageQuality>
            <EvaluationsView />
        </Guard>
    }
}

#[component]
fn EvaluationsView() -> impl IntoView {
    let query = use_query_map();
    let period = move || query.with(|q| q.get("period"));
    let changes = RwSignal::new(0usize);
    let page = Resource::new(
        move || (period(), changes.get()),
        |(p, _)| get_evaluation(p),
    );
    let evaluate = ServerAction::<EvaluateMonth>::new();
    let recompute = ServerAction::<RecomputeMonth>::new();
    reload_on_ok(move || evaluate.value().get(), changes);
    reload_on_ok(move || recompute.value().get(), changes);
    view! {
        <crate::PageTitle msg=Msg::QeEvalTitle />
        <h1>{t(Msg::QeEvalTitle)} " " <ClauseRef id="5.2.1" /></h1>
        <p class="muted">{t(Msg::QeEvalLead)}</p>
        <p class="muted small">{t(Msg::QeEvalMethod)}</p>
        <nav class="subnav" aria-label=t(Msg::QNavDashboard)>
            <a href="/admin/quality/standards">{t(Msg::QNavStandards)}</a> " "
            <a href="/admin/quality/training">{t(Msg::QNavTraining)}</a>
        </nav>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! {
                        <form method="get" action="/admin/quality/evaluations" class="form form-inline card">
                            <div class="field">
                                <label for="qe-period">{t(Msg::QePeriod)}</label>
                                <input id="qe-period" name="period" type="month" />
                            </div>
                            <button type="submit" class="btn">{t(Msg::QeShow)}</button>
                        </form>
                        <p class="notice notice-error" role="alert" data-test="form-error">{t(e.msg())}</p>
                    }
                    .into_any(),
                    Ok(p) => view! { <EvaluationBody p evaluate recompute /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EvaluationBody(
    p: EvaluationPage,
    evaluate: ServerAction<EvaluateMonth>,
    recompute: ServerAction<RecomputeMonth>,
) -> impl IntoView {
    let month = p.period.to_string();
    let eval_err = use_form_error(move || evaluate.value().get());
    let re_err = use_form_error(move || recompute.value().get());
    let picker = view! {
        <form method="get" action="/admin/quality/evaluations" class="form form-inline card" data-test="period-form">
            <div class="field">
                <label for="qe-period">{t(Msg::QePeriod)}</label>
                <input id="qe-period" name="period" type="month" value=month.clone() />
            </div>
            <button type="submit" class="btn">{t(Msg::QeShow)}</button>
            {(!p.stored.is_empty()).then(|| view! {
                <p class="qe-months small">
                    {p.stored.iter().take(12).map(|(m, _)| {
                        let current = (*m == month).then_some("page");
                        view! { <a href=format!("/admin/quality/evaluations?period={m}") aria-current=current>{m.clone()}</a> " " }
                    }).collect_view()}
                </p>
            })}
        </form>
    };
    let state = if !p.ended {
        view! { <p class="notice notice-info" data-test="not-ended">{t(Msg::QeNotEnded)}</p> }
            .into_any()
    } else if p.summary.is_none() {
        let m = month.clone();
        view! {
            <section class="card" data-test="not-evaluated">
                <p>{t(Msg::QeNotEvaluated)}</p>
                <ActionForm action=evaluate attr:class="form" attr:data-test="evaluate-form">
                    <FormAlert error=eval_err />
                    <input type="hidden" name="period" value=m />
                    <div><button type="submit" class="btn btn-primary" data-test="evaluate">{t(Msg::QeEvaluate)}</button></div>
                </ActionForm>
            </section>
        }
        .into_any()
    } else {
        ().into_any()
    };
    let summary = p.summary.clone().map(|s| view! { <SummaryView s /> });
    let recompute_form = ((p.ended || p.summary.is_some()) && p.may_recompute).then(|| {
        let m = month.clone();
        view! {
            <details class="card" data-test="recompute-card" open=re_err.get_untracked().is_some()>
                <summary>{t(Msg::QeRecomputeTitle)}</summary>
                <p class="muted small">{t(Msg::QeRecomputeHint)}</p>
                <ActionForm action=recompute attr:class="form" attr:data-test="recompute-form">
                    <FormAlert error=re_err />
                    <input type="hidden" name="period" value=m />
                    <TextArea label=Msg::QeRecomputeReason name="reason" error=re_err id="qe-reason" />
                    <div><button type="submit" class="btn btn-danger" data-test="recompute">{t(Msg::QeRecompute)}</button></div>
                </ActionForm>
            </details>
        }
    });
    view! {
        {picker}
        <Show when=move || matches!(evaluate.value().get(), Some(Ok(_))) || matches!(recompute.value().get(), Some(Ok(_)))>
            <Notice msg=Msg::QeEvaluated />
        </Show>
        {state}
        {summary}
        {recompute_form}
    }
}

#[component]
fn SummaryView(s: EvaluationSummary) -> impl IntoView {
    let lang = use_lang();
    let by = s
        .computed_by
        .clone()
        .unwrap_or_else(|| t(Msg::QeComputedBySystem).to_string());
    let st = s.standards;
    let standards = tf(
        Msg::QeStandardsLine,
        &[
            &fixed_hundredths(st.min_csat_centi),
            &st.min_ratings.to_string(),
            &vipcare::money::percent_of_bp(st.min_sla_bp),
        ],
    );
    let flagged = s.flagged_agents();
    let programme = s.programme.clone().map(|r| {
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=t(Msg::QeProgramme)>
                <table class="table table-compact">
                    {table_head(Msg::QeProgramme)}
                    <tbody>
                        <tr data-test="evaluation-programme">
                            <th scope="row">{r.name(lang).to_string()}</th>
                            {figure_cells(&r, lang)}
                        </tr>
                    </tbody>
                </table>
            </div>
        }
    });
    let empty = s.agents.is_empty()
        && s.branches.is_empty()
        && s.programme
            .as_ref()
            .is_none_or(|p| p.metrics == Default::default());
    view! {
        <section class="card" data-test="evaluation" data-period=s.period.to_string() data-revision=s.revision>
            <h2>{s.period.to_string()}</h2>
            <dl class="facts">
                <div><dt>{t(Msg::QeRevision)}</dt><dd data-test="revision">{s.revision}</dd></div>
                <div><dt>{t(Msg::QeComputed)}</dt><dd>{format_shanghai(s.computed_at)} " · " {by}</dd></div>
                <div><dt>{t(Msg::QeStandardsUsed)}</dt><dd>{standards}</dd></div>
            </dl>
            {(flagged > 0).then(|| view! {
                <p class="notice notice-error" data-test="flagged">{tf(Msg::QeFlagged, &[&flagged.to_string()])}</p>
            })}
            {empty.then(|| view! { <p class="muted" data-test="evaluation-empty">{t(Msg::QeNoRows)}</p> })}
            {programme}
            {(!s.agents.is_empty()).then(|| view! {
                <h3>{t(Msg::QeAgents)}</h3>
                {evaluation_table(s.agents.clone(), Msg::QeAgents)}
            })}
            {(!s.branches.is_empty()).then(|| view! {
                <h3>{t(Msg::QeBranches)}</h3>
                {evaluation_table(s.branches.clone(), Msg::QeBranches)}
            })}
        </section>
    }
}

// ---------------------------------------------------------------- standards (5.2.2)

#[component]
pub fn StandardsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageQuality>
            <StandardsView />
        </Guard>
    }
}

#[component]
fn StandardsView() -> impl IntoView {
    let saves = RwSignal::new(0usize);
    let data = Resource::new(move || saves.get(), |_| get_quality_standards());
    let save = ServerAction::<SetQualityStandards>::new();
    reload_on_ok(move || save.value().get(), saves);
    let err = use_form_error(move || save.value().get());
    view! {
        <crate::PageTitle msg=Msg::QNavStandards />
        <h1>{t(Msg::QNavStandards)} " " <ClauseRef id="5.2.2" /></h1>
        <p class="muted">{t(Msg::QeStdLead)}</p>
        <Show when=move || matches!(save.value().get(), Some(Ok(_)))>
            <Notice msg=Msg::QeStdSaved />
        </Show>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(v) => {
                        let s = v.standards;
                        let changed = match (&v.updated_by, v.updated_at) {
                            (_, 0) => t(Msg::QeStdAsShipped).to_string(),
                            (Some(n), at) => format!("{}: {} · {n}", t(Msg::QeStdLastChanged), format_shanghai(at)),
                            (None, at) => format!("{}: {}", t(Msg::QeStdLastChanged), format_shanghai(at)),
                        };
                        let current = view! {
                            <dl class="facts" data-test="standards">
                                <div><dt>{t(Msg::QeStdMinCsat)}</dt><dd data-test="min-csat">{fixed_hundredths(s.min_csat_centi)}</dd></div>
                                <div><dt>{t(Msg::QeStdMinRatings)}</dt><dd data-test="min-ratings">{s.min_ratings}</dd></div>
                                <div><dt>{t(Msg::QeStdMinSla)}</dt><dd data-test="min-sla">{vipcare::money::percent_of_bp(s.min_sla_bp)}</dd></div>
                                <div><dt></dt><dd>{t(if s.public_figures { Msg::QeStdPublicOn } else { Msg::QeStdPublicOff })}</dd></div>
                            </dl>
                            <p class="muted small" data-test="standards-changed">{changed}</p>
                        };
                        let form = if v.may_edit {
                            view! {
                                <ActionForm action=save attr:class="form form-grid" attr:data-test="standards-form">
                                    <FormAlert error=err />
                                    <Field label=Msg::QeStdMinCsat name="min_csat" required=true inputmode="decimal" hint=Msg::QeStdMinCsatHint error=err value=plain_hundredths(s.min_csat_centi) />
                                    <Field label=Msg::QeStdMinRatings name="min_ratings" required=true inputmode="numeric" hint=Msg::QeStdMinRatingsHint error=err value=s.min_ratings.to_string() />
                                    <Field label=Msg::QeStdMinSla name="min_sla" required=true inputmode="decimal" hint=Msg::QeStdMinSlaHint error=err value=plain_hundredths(s.min_sla_bp) />
                                    <div class="field qe-check">
                                        <label>
                                            <input type="checkbox" id="f-public_figures" name="public_figures" value="1" checked=s.public_figures prop:checked=s.public_figures />
                                            " " {t(Msg::QeStdPublic)}
                                        </label>
                                    </div>
                                    <div><button type="submit" class="btn btn-primary" data-test="standards-save">{t(Msg::QeStdSave)}</button></div>
                                </ActionForm>
                            }
                            .into_any()
                        } else {
                            view! { <p class="notice notice-info" data-test="standards-read-only">{t(Msg::QeStdReadOnly)}</p> }.into_any()
                        };
                        view! { <section class="card">{current} {form}</section> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---------------------------------------------------------------- training (5.2.2)

fn training_badge(s: TrainingStatus) -> impl IntoView {
    let class = match s {
        TrainingStatus::Assigned => "badge badge-gold",
        TrainingStatus::Done => "badge badge-info",
        TrainingStatus::Verified => "badge badge-ok",
    };
    view! { <span class=class data-test="training-status">{t(s.msg())}</span> }
}

/// One training with the steps the viewer may take: the agent marks their own done; quality
/// staff verify or send back a done one. `back` is the page (for forms without JavaScript).
#[component]
fn TrainingCard(
    training: TrainingView,
    may_manage: bool,
    is_self: bool,
    back: String,
    changes: RwSignal<usize>,
    #[prop(optional)] show_agent: bool,
) -> impl IntoView {
    let act = ServerAction::<ActOnTraining>::new();
    reload_on_ok(move || act.value().get(), changes);
    let err = use_form_error(move || act.value().get());
    let tr = training;
    let id = tr.id;
    let material = if tr.material.is_empty() {
        None
    } else if tr.material_is_link() {
        let (href, text) = (tr.material.clone(), tr.material.clone());
        Some(view! { <a href=href rel="noopener noreferrer" target="_blank">{text}</a> }.into_any())
    } else {
        Some(view! { <span class="qe-material">{tr.material.clone()}</span> }.into_any())
    };
    let agent_link = show_agent.then(|| {
        view! {
            <div><dt>{t(Msg::QeTrAgent)}</dt><dd><a href=format!("/admin/quality/agents/{}", tr.agent_id)>{tr.agent_name.clone()}</a></dd></div>
        }
    });
    let done_form = (is_self && tr.status == TrainingStatus::Assigned).then(|| {
        let back = back.clone();
        view! {
            <ActionForm action=act attr:class="form" attr:data-test="training-done-form">
                <FormAlert error=err />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="back" value=back />
                <TextArea label=Msg::QeTrDoneNote name="note" error=err id=format!("tr-note-{id}") />
                <div><button type="submit" name="step" value="done" class="btn btn-primary" data-test="training-done">{t(Msg::QeTrMarkDone)}</button></div>
            </ActionForm>
        }
    });
    let review_form = (may_manage && tr.status == TrainingStatus::Done).then(|| {
        let back = back.clone();
        view! {
            <ActionForm action=act attr:class="form" attr:data-test="training-review-form">
                <FormAlert error=err />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="back" value=back />
                <TextArea label=Msg::QeTrReviewNote name="note" error=err id=format!("tr-review-{id}") />
                <div>
                    <button type="submit" name="step" value="verify" class="btn btn-primary" data-test="training-verify">{t(Msg::QeTrVerify)}</button> " "
                    <button type="submit" name="step" value="return" class="btn" data-test="training-return">{t(Msg::QeTrReturn)}</button>
                </div>
            </ActionForm>
        }
    });
    view! {
        <article class="card qe-training" data-test="training" data-training=id data-status=tr.status.as_str()>
            <h3>
                {tr.topic.clone()} " " {training_badge(tr.status)}
                {tr.overdue.then(|| view! { " " <span class="badge badge-error" data-test="training-overdue">{t(Msg::QeTrOverdue)}</span> })}
            </h3>
            <dl class="facts">
                {agent_link}
                <div><dt>{t(Msg::QeTrDue)}</dt><dd data-test="training-due">{tr.due_on.clone()}</dd></div>
                {material.map(|m| view! { <div><dt>{t(Msg::QeTrMaterial)}</dt><dd>{m}</dd></div> })}
                {tr.period.clone().map(|p| view! {
                    <div><dt>{t(Msg::QeTrFlaggedBy)}</dt><dd><a href=format!("/admin/quality/evaluations?period={p}")>{p.clone()}</a></dd></div>
                })}
                <div><dt>{t(Msg::QeTrAssignedBy)}</dt><dd>{tr.assigned_by.clone()} " · " {format_shanghai(tr.assigned_at)}</dd></div>
                {tr.done_note.clone().map(|n| view! {
                    <div><dt>{t(Msg::QeTrDoneNote)}</dt><dd data-test="training-done-note">{n} {tr.done_at.map(|at| format!(" · {}", format_shanghai(at)))}</dd></div>
                })}
                {tr.review_note.clone().filter(|n| !n.is_empty()).map(|n| view! {
                    <div><dt>{t(Msg::QeTrReviewNote)}</dt><dd data-test="training-review-note">{n}</dd></div>
                })}
                {tr.verified_by.clone().map(|v| view! {
                    <div><dt>{t(Msg::QeTrVerifiedBy)}</dt><dd>{v} {tr.verified_at.map(|at| format!(" · {}", format_shanghai(at)))}</dd></div>
                })}
            </dl>
            {done_form}
            {review_form}
        </article>
    }
}

/// The form quality staff assign a training with: for one agent (`agent` set) or choosing from
/// `staff`.
#[component]
fn AssignForm(
    back: String,
    changes: RwSignal<usize>,
    #[prop(optional)] agent: Option<i64>,
    #[prop(optional)] staff: Vec<StaffOption>,
    #[prop(optional, into)] period: Option<String>,
) -> impl IntoView {
    let assign = ServerAction::<AssignTraining>::new();
    reload_on_ok(move || assign.value().get(), changes);
    let err = use_form_error(move || assign.value().get());
    let who = match agent {
        Some(id) => view! { <input type="hidden" name="agent_id" value=id /> }.into_any(),
        None => {
            let my_error = move || {
                err.get()
                    .and_then(|(f, m)| (f.as_deref() == Some("agent_id")).then_some(m))
            };
            view! {
                <div class="field" class:field-invalid=move || my_error().is_some()>
                    <label for="tr-agent">{t(Msg::QeTrAgent)}</label>
                    <select id="tr-agent" name="agent_id" required=true>
                        {staff.into_iter().map(|s| view! { <option value=s.id>{s.name}</option> }).collect_view()}
                    </select>
                    {move || my_error().map(|m| view! { <p class="field-error">{t(m)}</p> })}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" data-test="assign-training">
            <h2>{t(Msg::QeTrAssignTitle)}</h2>
            <Show when=move || matches!(assign.value().get(), Some(Ok(_)))>
                <Notice msg=Msg::QeTrAssignedOk />
            </Show>
            <ActionForm action=assign attr:class="form form-grid" attr:data-test="assign-form">
                <FormAlert error=err />
                <input type="hidden" name="back" value=back />
                {who}
                <Field label=Msg::QeTrTopic name="topic" required=true error=err id="tr-topic" />
                <Field label=Msg::QeTrDue name="due_on" kind="date" required=true error=err id="tr-due" />
                <Field label=Msg::QeTrPeriod name="period" error=err id="tr-period" value=period.unwrap_or_default() />
                <TextArea label=Msg::QeTrMaterial name="material" error=err id="tr-material" />
                <div><button type="submit" class="btn btn-primary" data-test="assign">{t(Msg::QeTrAssign)}</button></div>
            </ActionForm>
        </section>
    }
}

const FILTERS: [(&str, Msg); 5] = [
    ("open", Msg::QeTrFilterOpen),
    ("assigned", Msg::QeTrainingAssigned),
    ("done", Msg::QeTrainingDone),
    ("verified", Msg::QeTrainingVerified),
    ("all", Msg::QeTrFilterAll),
];

#[component]
pub fn TrainingPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageQuality>
            <TrainingListView />
        </Guard>
    }
}

#[component]
fn TrainingListView() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status"));
    let changes = RwSignal::new(0usize);
    let list = Resource::new(move || (status(), changes.get()), |(s, _)| get_trainings(s));
    view! {
        <crate::PageTitle msg=Msg::QNavTraining />
        <h1>{t(Msg::QNavTraining)} " " <ClauseRef id="5.2.2" /></h1>
        <p class="muted">{t(Msg::QeTrLead)}</p>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(l) => {
                        let current = l.filter.clone();
                        view! {
                            <nav class="subnav" aria-label=t(Msg::QNavTraining) data-test="training-filters">
                                {FILTERS.into_iter().map(|(k, m)| view! {
                                    <a href=format!("/admin/quality/training?status={k}") aria-current=(current == k).then_some("page") data-filter=k>{t(m)}</a> " "
                                }).collect_view()}
                            </nav>
                            <section data-test="trainings">
                                {if l.trainings.is_empty() {
                                    view! { <p class="muted card">{t(Msg::QeTrNone)}</p> }.into_any()
                                } else {
                                    l.trainings.into_iter().map(|tr| view! {
                                        <TrainingCard training=tr may_manage=true is_self=false back="/admin/quality/training".to_string() changes show_agent=true />
                                    }).collect_view().into_any()
                                }}
                            </section>
                            <AssignForm back="/admin/quality/training".to_string() changes staff=l.staff />
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---------------------------------------------------------------- an agent's page (5.2.2)

#[component]
pub fn MyQualityPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UseAdmin>
            <MyQuality />
        </Guard>
    }
}

#[component]
fn MyQuality() -> impl IntoView {
    let changes = RwSignal::new(0usize);
    let data = Resource::new(move || changes.get(), |_| get_my_quality());
    view! {
        <crate::PageTitle msg=Msg::QNavMine />
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(a) => view! { <AgentView a back="/admin/quality/me".to_string() changes /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn AgentQualityPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UseAdmin>
            <AgentQualityView />
        </Guard>
    }
}

#[component]
fn AgentQualityView() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let data = Resource::new(
        move || (id(), changes.get()),
        |(id, _)| get_agent_quality(id),
    );
    view! {
        <crate::PageTitle msg=Msg::QeAgentTitle />
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error" data-test="agent-error">{t(e.msg())}</p> }.into_any(),
                    Ok(a) => {
                        let back = format!("/admin/quality/agents/{}", a.agent_id);
                        view! { <AgentView a back changes /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn AgentView(a: AgentQuality, back: String, changes: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let flagged_in = a
        .history
        .iter()
        .find(|r| r.below)
        .map(|r| r.period.to_string());
    let history = if a.history.is_empty() {
        view! { <p class="muted" data-test="no-history">{t(Msg::QeNoHistory)}</p> }.into_any()
    } else {
        let may_manage = a.may_manage;
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=t(Msg::QeHistory)>
                <table class="table table-compact">
                    {table_head(Msg::QePeriod)}
                    <tbody>
                        {a.history.iter().map(|r| {
                            let p = r.period.to_string();
                            let month = if may_manage {
                                view! { <a href=format!("/admin/quality/evaluations?period={p}")>{p.clone()}</a> }.into_any()
                            } else {
                                view! { {p.clone()} }.into_any()
                            };
                            view! {
                                <tr data-test="history-row" data-period=p.clone() data-below=if r.below { "1" } else { "0" }>
                                    <th scope="row">{month}</th>
                                    {figure_cells(r, lang)}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let (may_manage, is_self) = (a.may_manage, a.is_self);
    let trainings = if a.trainings.is_empty() {
        view! { <p class="muted">{t(Msg::QeTrNone)}</p> }.into_any()
    } else {
        a.trainings
            .into_iter()
            .map(|tr| {
                let back = back.clone();
                view! { <TrainingCard training=tr may_manage is_self back changes /> }
            })
            .collect_view()
            .into_any()
    };
    let assign = may_manage.then(|| {
        view! { <AssignForm back=back.clone() changes agent=a.agent_id period=flagged_in.unwrap_or_default() /> }
    });
    view! {
        <h1 data-test="agent-name" data-agent=a.agent_id>{a.name.clone()} " · " {t(Msg::QeAgentTitle)}</h1>
        <p class="muted">{t(Msg::QeAgentLead)}</p>
        {may_manage.then(|| view! {
            <nav class="subnav" aria-label=t(Msg::QNavDashboard)>
                <a href="/admin/quality/evaluations">{t(Msg::QNavEvaluations)}</a> " "
                <a href="/admin/quality/training">{t(Msg::QNavTraining)}</a>
            </nav>
        })}
        <section class="card" data-test="history">
            <h2>{t(Msg::QeHistory)} " " <ClauseRef id="5.2.1" /></h2>
            {history}
        </section>
        <section data-test="agent-trainings">
            <h2>{t(Msg::QeTrainings)} " " <ClauseRef id="5.2.2" /></h2>
            {trainings}
        </section>
        {assign}
    }
}
