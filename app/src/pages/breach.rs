//! Customer breach cases (clauses 4.3.2, 8.1). Staff: `/admin/complaints/breaches` (cases
//! awaiting a decision, decided cases, the form that opens one) and
//! `/admin/complaints/breaches/:id` (evidence, files, the decision form — the opener is told
//! why they cannot decide). Customer: `/portal/breaches/:id` (the decision, clause and reason,
//! with a way to complain) and [`MyBreachCases`] for the complaints page.

use crate::api::breach::{
    get_breach_case, get_breach_cases, get_my_breach_case, get_my_breach_cases, DecideBreachCase,
    OpenBreachCase,
};
use crate::components::forms::{use_form_error, Field, FormAlert, FormError};
use crate::components::guard::Guard;
use crate::error::AppError;
use crate::pages::billing::id_param;
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::t;
use leptos::prelude::*;
use vipcare::disputes::{BreachStatus, BreachSummary, BreachView, MyBreachCase};
use vipcare::membership::FileInfo;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

const LIST: &str = "/admin/complaints/breaches";

pub(crate) fn breach_badge(s: BreachStatus) -> impl IntoView {
    let class = match s {
        BreachStatus::Open => "badge badge-gold",
        BreachStatus::Upheld => "badge badge-error",
        BreachStatus::Dismissed => "badge badge-ok",
    };
    view! { <span class=class data-test="breach-status" data-status=s.as_str()>{t(s.msg())}</span> }
}

/// The error of a named control that is not a [`Field`] (a select, radio buttons).
fn control_error(error: Signal<FormError>, name: &'static str) -> impl IntoView {
    move || {
        error.get().and_then(|(f, m)| {
            (f.as_deref() == Some(name))
                .then(|| view! { <p class="field-error" role="alert">{t(m)}</p> })
        })
    }
}

fn files_list(files: Vec<FileInfo>, none: Msg) -> AnyView {
    if files.is_empty() {
        return view! { <p class="muted">{t(none)}</p> }.into_any();
    }
    view! {
        <ul class="files" data-test="files">
            {files.into_iter().map(|f| view! {
                <li>
                    <a href=format!("/files/{}", f.id)>{f.name.clone()}</a>
                    " " <span class="muted small">{format!("{} · {} KB · {}", f.mime, (f.size + 1023) / 1024, format_shanghai(f.created_at))}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

// ---------------------------------------------------------------- staff: list

#[component]
pub fn BreachCasesPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::OpenBreachCases>
            <BreachCases />
        </Guard>
    }
}

#[component]
fn CaseTable(rows: Vec<BreachSummary>, decided: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{t(Msg::BcNone)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-test=if decided { "breaches-decided" } else { "breaches-open" }>
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{t(Msg::BcCustomer)}</th>
                        <th scope="col">{t(Msg::Clause)}</th>
                        <th scope="col">{t(Msg::BcSummary)}</th>
                        <th scope="col">{t(Msg::BcOpenedBy)}</th>
                        <th scope="col">{t(if decided { Msg::BcDecidedAt } else { Msg::BcOpenedAt })}</th>
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let href = format!("{LIST}/{}", r.id);
                        let at = if decided { r.decided_at.unwrap_or(r.opened_at) } else { r.opened_at };
                        view! {
                            <tr data-breach=r.id>
                                <td><a href=href.clone()>{format!("#{}", r.id)}</a></td>
                                <td>{r.customer_name.clone()} <br /> <span class="muted small">{r.customer_email.clone()}</span></td>
                                <td>{r.clause.clone()}</td>
                                <td><a href=href>{r.summary.clone()}</a></td>
                                <td>{r.opened_by_name.clone()}</td>
                                <td>{format_shanghai(at)}</td>
                                <td>{breach_badge(r.status)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn BreachCases() -> impl IntoView {
    let open = ServerAction::<OpenBreachCase>::new();
    let lists = Resource::new(|| (), |_| get_breach_cases());
    let err = use_form_error(move || open.value().get());
    view! {
        <crate::PageTitle msg=Msg::BcTitle />
        <h1>{t(Msg::BcTitle)} " " <ClauseRef id="4.3.2" /> " " <ClauseRef id="8.1" /></h1>
        <p class="muted">{t(Msg::BcLead)}</p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match lists.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(l) => view! {
                        <section class="card">
                            <h2>{t(Msg::BcOpenCases)}</h2>
                            <CaseTable rows=l.open decided=false />
                        </section>
                        <section class="card">
                            <h2>{t(Msg::BcDecidedCases)}</h2>
                            <CaseTable rows=l.decided decided=true />
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
        <section class="card">
            <h2>{t(Msg::BcNewCase)}</h2>
            <ActionForm action=open attr:class="form" attr:data-test="breach-open">
                <FormAlert error=err />
                <Field label=Msg::BcCustomerEmail name="customer_email" kind="email" required=true error=err id="bc-email" />
                <div class="field">
                    <label for="bc-clause">{t(Msg::Clause)}</label>
                    <select id="bc-clause" name="clause">
                        <option value="4.3.2">{t(Msg::BcClause432)}</option>
                        <option value="8.1">{t(Msg::BcClause81)}</option>
                    </select>
                    {control_error(err, "clause")}
                </div>
                <Field label=Msg::BcSummary name="summary" required=true hint=Msg::BcSummaryHint error=err id="bc-summary" />
                <TextArea label=Msg::BcEvidence name="evidence" required=true error=err id="bc-evidence" />
                <p class="hint">{t(Msg::BcEvidenceHint)}</p>
                <div><button type="submit" class="btn btn-primary">{t(Msg::BcOpenSubmit)}</button></div>
            </ActionForm>
        </section>
    }
}

// ---------------------------------------------------------------- staff: one case

#[component]
pub fn BreachCasePage() -> impl IntoView {
    view! {
        <Guard permission=Permission::OpenBreachCases>
            <BreachCase />
        </Guard>
    }
}

#[component]
fn BreachCase() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let case = Resource::new(move || (id(), changes.get()), |(id, _)| get_breach_case(id));
    let decide = ServerAction::<DecideBreachCase>::new();
    Effect::new(move |_| {
        if matches!(decide.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    view! {
        <crate::PageTitle msg=Msg::BcCase />
        <p><a href=LIST>{t(Msg::BcBack)}</a></p>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(c) => view! {
                        <CaseDocument c=c.clone() />
                        <Evidence c=c.clone() changes />
                        <DecisionSection c decide />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CaseDocument(c: BreachView) -> impl IntoView {
    view! {
        <article class="card" data-test="breach-case">
            <h1>{t(Msg::BcCase)} {format!(" #{} ", c.id)} {breach_badge(c.status)}</h1>
            <dl class="facts">
                <div><dt>{t(Msg::BcCustomer)}</dt><dd data-test="breach-customer">{c.customer_name.clone()} " · " {c.customer_email.clone()}</dd></div>
                <div><dt>{t(Msg::Clause)}</dt><dd data-test="breach-clause">{c.clause.clone()}</dd></div>
                <div><dt>{t(Msg::BcSummary)}</dt><dd>{c.summary.clone()}</dd></div>
                <div><dt>{t(Msg::BcOpenedBy)}</dt><dd>{c.opened_by_name.clone()} " · " {format_shanghai(c.opened_at)}</dd></div>
                <div><dt>{t(Msg::BcMembership)}</dt><dd>{match c.membership_id {
                    Some(m) => format!("#{m}"),
                    None => t(Msg::BcNoMembership).to_string(),
                }}</dd></div>
            </dl>
            <h2>{t(Msg::BcEvidence)}</h2>
            <p class="prewrap" data-test="breach-evidence">{c.evidence.clone()}</p>
        </article>
    }
}

/// The evidence files, with an upload form while the case is open (the application upload
/// rules: PDF, JPEG or PNG by content, at most 10 MB).
#[component]
fn Evidence(c: BreachView, changes: RwSignal<usize>) -> impl IntoView {
    let upload_error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, changes);
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            busy.set(true);
            upload_error.set(None);
            leptos::task::spawn_local(async move {
                match crate::api::breach::attach_breach_evidence(data.into()).await {
                    Ok(_) => changes.update(|n| *n += 1),
                    Err(e) => upload_error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let open = c.status == BreachStatus::Open;
    let id = c.id;
    view! {
        <section class="card" aria-labelledby="bc-files-h">
            <h2 id="bc-files-h">{t(Msg::BcFiles)}</h2>
            {files_list(c.files, Msg::BcFilesNone)}
            {move || upload_error.get().map(|e| view! { <p class="notice notice-error" role="alert" data-test="upload-error">{t(e.msg())}</p> })}
            {open.then(|| view! {
                <form class="form form-inline" data-test="breach-file-form" method="post" enctype="multipart/form-data" action="/api/breaches/attach" on:submit=on_submit>
                    <input type="hidden" name="breach_id" value=id />
                    <div class="field">
                        <label for="breach-file">{t(Msg::MaterialsFile)}</label>
                        <input id="breach-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png" required />
                        <p class="hint">{t(Msg::MaterialsHint)}</p>
                    </div>
                    <button type="submit" class="btn btn-quiet" disabled=move || busy.get()>{t(Msg::MaterialsUpload)}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn DecisionSection(c: BreachView, decide: ServerAction<DecideBreachCase>) -> impl IntoView {
    let err = use_form_error(move || decide.value().get());
    let body = if c.status != BreachStatus::Open {
        view! {
            <dl class="facts" data-test="breach-decision">
                <div><dt>{t(Msg::BcDecision)}</dt><dd>{breach_badge(c.status)}</dd></div>
                <div><dt>{t(Msg::BcDecidedBy)}</dt><dd>{c.decided_by_name.clone().unwrap_or_default()} " · " {c.decided_at.map(format_shanghai).unwrap_or_default()}</dd></div>
            </dl>
            <p class="prewrap" data-test="breach-reason">{c.decision_reason.clone().unwrap_or_default()}</p>
        }
        .into_any()
    } else if c.viewer_opened {
        view! { <p class="notice notice-info" data-test="breach-own-case">{t(Msg::BcYouOpened)}</p> }
            .into_any()
    } else if !c.viewer_may_decide {
        view! { <p class="notice notice-info" data-test="breach-awaiting">{t(Msg::BcAwaitingReviewer)}</p> }
            .into_any()
    } else {
        let id = c.id;
        view! {
            <p class="notice notice-warn">{t(Msg::BcUpholdWarning)}</p>
            <ActionForm action=decide attr:class="form" attr:data-test="breach-decide">
                <FormAlert error=err />
                <input type="hidden" name="id" value=id />
                <fieldset class="field">
                    <legend>{t(Msg::BcDecisionChoice)}</legend>
                    <label class="check" for="bc-upheld">
                        <input type="radio" id="bc-upheld" name="decision" value="upheld" required />
                        {t(Msg::BcUphold)}
                    </label>
                    <label class="check" for="bc-dismissed">
                        <input type="radio" id="bc-dismissed" name="decision" value="dismissed" />
                        {t(Msg::BcDismiss)}
                    </label>
                    {control_error(err, "decision")}
                </fieldset>
                <TextArea label=Msg::BcReason name="reason" required=true error=err id="bc-reason" />
                <p class="hint">{t(Msg::BcReasonHint)}</p>
                <div><button type="submit" class="btn btn-primary">{t(Msg::BcDecide)}</button></div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="bc-decision-h">
            <h2 id="bc-decision-h">{t(Msg::BcDecision)} " " <ClauseRef id="4.3.2" /></h2>
            {body}
        </section>
    }
}

// ---------------------------------------------------------------- customer

/// The signed-in customer's breach decisions (for `/portal/complaints`), empty state included.
#[component]
pub fn MyBreachCases() -> impl IntoView {
    let list = Resource::new(|| (), |_| get_my_breach_cases());
    view! {
        <section class="card" data-test="my-breaches" aria-labelledby="my-breaches-h">
            <h2 id="my-breaches-h">{t(Msg::BcMine)} " " <ClauseRef id="4.3.2" /></h2>
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="muted" data-test="my-breaches-none">{t(Msg::BcMineNone)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="conversation">
                                {rows.into_iter().map(|b| view! {
                                    <li data-breach=b.id>
                                        <p><a href=format!("/portal/breaches/{}", b.id)>{format!("#{} ", b.id)} {b.summary.clone()}</a> " " {breach_badge(b.status)}</p>
                                        <p class="muted small">{t(Msg::Clause)} " " {b.clause.clone()} " · " {b.decided_at.map(format_shanghai).unwrap_or_default()}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn MyBreachCasePage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyBreachCaseView />
        </Guard>
    }
}

#[component]
fn MyBreachCaseView() -> impl IntoView {
    let id = id_param();
    let case = Resource::new(id, get_my_breach_case);
    view! {
        <crate::PageTitle msg=Msg::BcCase />
        <p><a href="/portal/complaints">{t(Msg::BcMine)}</a></p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(b) => view! { <MyCase b /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyCase(b: MyBreachCase) -> impl IntoView {
    let note = match b.status {
        BreachStatus::Upheld => Some(("notice notice-warn", Msg::BcUpheldNote)),
        BreachStatus::Dismissed => Some(("notice notice-ok", Msg::BcDismissedNote)),
        BreachStatus::Open => None,
    };
    let complain = format!("/portal/complaints?breach={}", b.id);
    view! {
        <article class="card" data-test="my-breach">
            <h1>{t(Msg::BcCase)} {format!(" #{} ", b.id)} {breach_badge(b.status)}</h1>
            {note.map(|(class, m)| view! { <p class=class data-test="breach-outcome">{t(m)}</p> })}
            <dl class="facts">
                <div><dt>{t(Msg::Clause)}</dt><dd data-test="breach-clause">{b.clause.clone()}</dd></div>
                <div><dt>{t(Msg::BcSummary)}</dt><dd>{b.summary.clone()}</dd></div>
                <div><dt>{t(Msg::BcDecidedAt)}</dt><dd>{b.decided_at.map(format_shanghai).unwrap_or_default()}</dd></div>
            </dl>
            <h2>{t(Msg::BcReason)}</h2>
            <p class="prewrap" data-test="breach-reason">{b.decision_reason.clone().unwrap_or_default()}</p>
            <p class="muted">{t(Msg::BcComplainHint)}</p>
            <p><a class="btn" href=complain data-test="breach-complain">{t(Msg::BcComplain)}</a></p>
        </article>
    }
}
