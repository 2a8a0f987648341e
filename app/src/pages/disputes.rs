//! Dispute cases (clause 11). Admins: `/admin/complaints/disputes` (list, open form) and
//! `/admin/complaints/disputes/:id` (the steps in order, record a step, upload a document,
//! close). Customer: `/portal/disputes/:id` (status, method, body, steps, result) and
//! [`MyDisputes`] for the complaints page.

use crate::api::disputes::{
    get_dispute, get_disputes, get_my_dispute, get_my_disputes, CloseDispute, OpenDispute,
    RecordDisputeStep,
};
use crate::components::forms::{use_form_error, Field, FormAlert, FormError};
use crate::components::guard::Guard;
use crate::error::AppError;
use crate::pages::billing::id_param;
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::t;
use leptos::prelude::*;
use vipcare::disputes::{
    DisputeMethod, DisputeStatus, DisputeStepView, DisputeSummary, DisputeView, StepKind,
};
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

const LIST: &str = "/admin/complaints/disputes";

pub(crate) fn dispute_badge(s: DisputeStatus) -> impl IntoView {
    let class = match s {
        DisputeStatus::Open => "badge badge-info",
        DisputeStatus::Settled | DisputeStatus::Decided => "badge badge-ok",
        DisputeStatus::Withdrawn => "badge badge-muted",
    };
    view! { <span class=class data-test="dispute-status" data-status=s.as_str()>{t(s.msg())}</span> }
}

fn method_badge(m: DisputeMethod) -> impl IntoView {
    view! { <span class="badge badge-gold" data-test="dispute-method" data-method=m.as_str()>{t(m.msg())}</span> }
}

/// The error of a named control that is not a [`Field`] (a select).
fn control_error(error: Signal<FormError>, name: &'static str) -> impl IntoView {
    move || {
        error.get().and_then(|(f, m)| {
            (f.as_deref() == Some(name))
                .then(|| view! { <p class="field-error" role="alert">{t(m)}</p> })
        })
    }
}

/// A date input with its error (`YYYY-MM-DD`; the server checks it again).
#[component]
fn DateField(
    label: Msg,
    name: &'static str,
    id: &'static str,
    value: String,
    error: Signal<FormError>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let my_error = move || {
        error
            .get()
            .and_then(|(f, m)| (f.as_deref() == Some(name)).then_some(m))
    };
    view! {
        <div class="field" class:field-invalid=move || my_error().is_some()>
            <label for=id>{t(label)}</label>
            <input type="date" id=id name=name value=value required
                aria-invalid=move || my_error().is_some().then_some("true") />
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {move || my_error().map(|m| view! { <p class="field-error" role="alert">{t(m)}</p> })}
        </div>
    }
}

#[component]
fn DisputeTable(rows: Vec<DisputeSummary>, admin: bool) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-test="disputes">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::DspNumber)}</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::BcCustomer)}</th> })}
                        <th scope="col">{t(Msg::DspMethod)}</th>
                        <th scope="col">{t(Msg::DspBody)}</th>
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                        <th scope="col">{t(Msg::DspOpenedOn)}</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::DspUpdated)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|d| {
                        let href = if admin { format!("{LIST}/{}", d.id) } else { format!("/portal/disputes/{}", d.id) };
                        view! {
                            <tr data-dispute=d.number.clone()>
                                <td><a href=href>{d.number.clone()}</a></td>
                                {admin.then(|| view! { <td>{d.customer_name.clone()} <br /> <span class="muted small">{d.customer_email.clone()}</span></td> })}
                                <td>{method_badge(d.method)}</td>
                                <td>{d.body.clone()}</td>
                                <td>{dispute_badge(d.status)}</td>
                                <td>{d.opened_on.to_string()}</td>
                                {admin.then(|| view! { <td>{format_shanghai(d.updated_at)}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

// ---------------------------------------------------------------- staff: list

#[component]
pub fn DisputesPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageDisputes>
            <Disputes />
        </Guard>
    }
}

#[component]
fn Disputes() -> impl IntoView {
    let open = ServerAction::<OpenDispute>::new();
    let list = Resource::new(|| (), |_| get_disputes());
    let err = use_form_error(move || open.value().get());
    view! {
        <crate::PageTitle msg=Msg::DspTitle />
        <h1>{t(Msg::DspTitle)} " " <ClauseRef id="11" /></h1>
        <p class="muted">{t(Msg::DspLead)}</p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(l) => {
                        let today = l.today.to_string();
                        view! {
                            <section class="card">
                                {if l.disputes.is_empty() {
                                    view! { <p class="muted">{t(Msg::DspNone)}</p> }.into_any()
                                } else {
                                    view! { <DisputeTable rows=l.disputes admin=true /> }.into_any()
                                }}
                            </section>
                            <section class="card">
                                <h2>{t(Msg::DspNew)}</h2>
                                <ActionForm action=open attr:class="form" attr:data-test="dispute-open">
                                    <FormAlert error=err />
                                    <Field label=Msg::BcCustomerEmail name="customer_email" kind="email" required=true error=err id="dsp-email" />
                                    <div class="field">
                                        <label for="dsp-method">{t(Msg::DspMethod)}</label>
                                        <select id="dsp-method" name="method">
                                            {DisputeMethod::ALL.into_iter().map(|m| view! { <option value=m.as_str()>{t(m.msg())}</option> }).collect_view()}
                                        </select>
                                        {control_error(err, "method")}
                                    </div>
                                    <Field label=Msg::DspBody name="body" hint=Msg::DspBodyHint error=err id="dsp-body" />
                                    <DateField label=Msg::DspOpenedOn name="opened_on" id="dsp-opened-on" value=today error=err />
                                    <TextArea label=Msg::DspSummary name="summary" required=true error=err id="dsp-summary" />
                                    <div><button type="submit" class="btn btn-primary">{t(Msg::DspOpenSubmit)}</button></div>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------- the dispute

#[component]
fn DisputeDocument(d: DisputeView, admin: bool) -> impl IntoView {
    view! {
        <article class="card" data-test="dispute">
            <h1>{d.number.clone()} " " {dispute_badge(d.status)} " " <ClauseRef id="11" /></h1>
            <dl class="facts">
                {admin.then(|| view! { <div><dt>{t(Msg::BcCustomer)}</dt><dd>{d.customer_name.clone()} " · " {d.customer_email.clone()}</dd></div> })}
                <div><dt>{t(Msg::DspMethod)}</dt><dd>{method_badge(d.method)}</dd></div>
                <div><dt>{t(Msg::DspBody)}</dt><dd data-test="dispute-body">{d.body.clone()}</dd></div>
                <div><dt>{t(Msg::DspOpenedOn)}</dt><dd>{d.opened_on.to_string()}</dd></div>
                {d.closed_on.map(|c| view! { <div><dt>{t(Msg::DspClosedOn)}</dt><dd>{c.to_string()}</dd></div> })}
                {d.complaint_id.map(|c| view! { <div><dt>{t(Msg::DspComplaint)}</dt><dd>{format!("#{c}")}</dd></div> })}
            </dl>
            {d.result.clone().map(|r| view! {
                <h2>{t(Msg::DspResult)}</h2>
                <p class="prewrap" data-test="dispute-result">{r}</p>
            })}
        </article>
        <Steps steps=d.steps admin />
    }
}

#[component]
fn Steps(steps: Vec<DisputeStepView>, admin: bool) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="dsp-steps-h">
            <h2 id="dsp-steps-h">{t(Msg::DspSteps)}</h2>
            <ol class="conversation" data-test="dispute-steps">
                {steps.into_iter().map(|s| view! {
                    <li data-kind=s.kind.as_str() data-method=s.method.as_str() data-seq=s.seq>
                        <p>
                            <strong>{s.happened_on.to_string()}</strong> " · " {t(s.kind.msg())} " · " {t(s.method.msg())}
                            {(!s.body.is_empty()).then(|| view! { " · " <span>{s.body.clone()}</span> })}
                        </p>
                        {(!s.note.is_empty()).then(|| view! { <p class="prewrap">{s.note.clone()}</p> })}
                        {(!s.files.is_empty()).then(|| view! {
                            <ul class="files">
                                {s.files.iter().map(|f| view! {
                                    <li><a href=format!("/files/{}", f.id)>{f.name.clone()}</a> " " <span class="muted small">{format!("{} KB", (f.size + 1023) / 1024)}</span></li>
                                }).collect_view()}
                            </ul>
                        })}
                        {admin.then(|| view! {
                            <p class="muted small">{t(Msg::DspRecordedBy)} " " {s.recorded_by_name.clone().unwrap_or_default()} " · " {format_shanghai(s.recorded_at)}</p>
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
pub fn DisputePage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageDisputes>
            <DisputeAdmin />
        </Guard>
    }
}

#[component]
fn DisputeAdmin() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let dispute = Resource::new(move || (id(), changes.get()), |(id, _)| get_dispute(id));
    let step = ServerAction::<RecordDisputeStep>::new();
    let close = ServerAction::<CloseDispute>::new();
    Effect::new(move |_| {
        if matches!(step.value().get(), Some(Ok(_))) || matches!(close.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    view! {
        <crate::PageTitle msg=Msg::DspTitle />
        <p><a href=LIST>{t(Msg::DspBack)}</a></p>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match dispute.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(d) => {
                        let open = d.status == DisputeStatus::Open;
                        view! {
                            <DisputeDocument d=d.clone() admin=true />
                            {open.then(|| view! { <StepForm d=d.clone() step /> })}
                            <Documents d=d.clone() changes />
                            {open.then(|| view! { <CloseSection d=d.clone() close /> })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn StepForm(d: DisputeView, step: ServerAction<RecordDisputeStep>) -> impl IntoView {
    let err = use_form_error(move || step.value().get());
    let id = d.id;
    let last = d.last_date().map(|x| x.to_string()).unwrap_or_default();
    let hint = format!("{} {last}", t(Msg::DspStepDateHint));
    view! {
        <section class="card" aria-labelledby="dsp-step-h">
            <h2 id="dsp-step-h">{t(Msg::DspRecordTitle)}</h2>
            <ActionForm action=step attr:class="form" attr:data-test="dispute-step">
                <FormAlert error=err />
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="dsp-kind">{t(Msg::DspStepKind)}</label>
                    <select id="dsp-kind" name="kind">
                        {StepKind::RECORDABLE.into_iter().map(|k| view! { <option value=k.as_str()>{t(k.msg())}</option> }).collect_view()}
                    </select>
                    {control_error(err, "kind")}
                </div>
                <div class="field">
                    <label for="dsp-new-method">{t(Msg::DspNewMethod)}</label>
                    <select id="dsp-new-method" name="method">
                        <option value="">{t(Msg::DspNoNewMethod)}</option>
                        {d.method.next().into_iter().map(|m| view! { <option value=m.as_str()>{t(m.msg())}</option> }).collect_view()}
                    </select>
                    {control_error(err, "method")}
                </div>
                <Field label=Msg::DspNewBody name="body" hint=Msg::DspBodyHint error=err id="dsp-new-body" />
                <DateField label=Msg::DspStepDate name="happened_on" id="dsp-happened-on" value=d.today.to_string() error=err hint=hint />
                <TextArea label=Msg::DspNote name="note" error=err id="dsp-note" />
                <p class="hint">{t(Msg::DspNoteHint)}</p>
                <div><button type="submit" class="btn btn-primary">{t(Msg::DspRecordStep)}</button></div>
            </ActionForm>
        </section>
    }
}

/// Uploads a document to a step the customer sees (PDF, JPEG or PNG by content, ≤ 10 MB).
#[component]
fn Documents(d: DisputeView, changes: RwSignal<usize>) -> impl IntoView {
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
                match crate::api::disputes::attach_dispute_document(data.into()).await {
                    Ok(_) => changes.update(|n| *n += 1),
                    Err(e) => upload_error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let steps: Vec<DisputeStepView> = d
        .steps
        .into_iter()
        .filter(|s| s.kind.customer_sees())
        .collect();
    let last = steps.last().map(|s| s.id);
    view! {
        <section class="card" aria-labelledby="dsp-docs-h">
            <h2 id="dsp-docs-h">{t(Msg::DspAttachTitle)}</h2>
            {move || upload_error.get().map(|e| view! { <p class="notice notice-error" role="alert" data-test="upload-error">{t(e.msg())}</p> })}
            <form class="form form-inline" data-test="dispute-file-form" method="post" enctype="multipart/form-data" action="/api/disputes/attach" on:submit=on_submit>
                <div class="field">
                    <label for="dsp-step-id">{t(Msg::DspAttachStep)}</label>
                    <select id="dsp-step-id" name="step_id">
                        {steps.iter().map(|s| view! {
                            <option value=s.id selected=Some(s.id) == last>{format!("{}. {} · {}", s.seq, s.happened_on, t(s.kind.msg()))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="dispute-file">{t(Msg::MaterialsFile)}</label>
                    <input id="dispute-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png" required />
                    <p class="hint">{t(Msg::MaterialsHint)}</p>
                </div>
                <button type="submit" class="btn btn-quiet" disabled=move || busy.get()>{t(Msg::MaterialsUpload)}</button>
            </form>
        </section>
    }
}

#[component]
fn CloseSection(d: DisputeView, close: ServerAction<CloseDispute>) -> impl IntoView {
    let err = use_form_error(move || close.value().get());
    let id = d.id;
    view! {
        <section class="card" aria-labelledby="dsp-close-h">
            <h2 id="dsp-close-h">{t(Msg::DspCloseTitle)}</h2>
            <p class="hint">{t(Msg::DspCloseHint)}</p>
            <ActionForm action=close attr:class="form" attr:data-test="dispute-close">
                <FormAlert error=err />
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="dsp-close-as">{t(Msg::DspCloseAs)}</label>
                    <select id="dsp-close-as" name="status">
                        {DisputeStatus::CLOSING.into_iter().map(|s| view! { <option value=s.as_str()>{t(s.msg())}</option> }).collect_view()}
                    </select>
                    {control_error(err, "status")}
                </div>
                <TextArea label=Msg::DspResult name="result" required=true error=err id="dsp-result" />
                <DateField label=Msg::DspClosedOn name="closed_on" id="dsp-closed-on" value=d.today.to_string() error=err />
                <div><button type="submit" class="btn btn-danger">{t(Msg::DspCloseSubmit)}</button></div>
            </ActionForm>
        </section>
    }
}

// ---------------------------------------------------------------- customer

/// The signed-in customer's disputes (for `/portal/complaints`), empty state included.
#[component]
pub fn MyDisputes() -> impl IntoView {
    let list = Resource::new(|| (), |_| get_my_disputes());
    view! {
        <section class="card" data-test="my-disputes" aria-labelledby="my-disputes-h">
            <h2 id="my-disputes-h">{t(Msg::DspMine)} " " <ClauseRef id="11" /></h2>
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="muted" data-test="my-disputes-none">{t(Msg::DspMineNone)}</p> }.into_any(),
                        Ok(rows) => view! { <DisputeTable rows admin=false /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn MyDisputePage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyDispute />
        </Guard>
    }
}

#[component]
fn MyDispute() -> impl IntoView {
    let id = id_param();
    let dispute = Resource::new(id, get_my_dispute);
    view! {
        <crate::PageTitle msg=Msg::DspTitle />
        <p><a href="/portal/complaints">{t(Msg::DspMine)}</a></p>
        <p class="muted">{t(Msg::DspCustomerLead)}</p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match dispute.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(d) => view! { <DisputeDocument d admin=false /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
