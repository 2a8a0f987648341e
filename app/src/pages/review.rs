//! The reviewer's work (clause 2.2.2): the queue of applications and agreements awaiting
//! countersignature, and one application with the customer's eligibility as of now, the
//! materials, the conversation and the decisions.

use crate::api::membership::{review_application, review_queue, DecideApplication};
use crate::components::eligibility::{EligibilityPanel, Reader};
use crate::components::forms::{use_form_error, FormAlert};
use crate::components::guard::Guard;
use crate::pages::membership::{message_kind, TextArea};
use crate::pages::ClauseRef;
use crate::session::{t, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use vipcare::membership::{ApplicationStatus, ApplicationView, QueueKind};
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ReviewApplications>
            <ReviewQueue />
        </Guard>
    }
}

fn status_text(kind: QueueKind, status: &str) -> Msg {
    match kind {
        QueueKind::Countersign => Msg::AgrStatusAwaitingCountersign,
        QueueKind::Application => ApplicationStatus::parse(status)
            .map(|s| s.msg())
            .unwrap_or(Msg::AppStatusSubmitted),
    }
}

#[component]
fn ReviewQueue() -> impl IntoView {
    let lang = use_lang();
    let queue = Resource::new(|| (), |_| review_queue());
    view! {
        <crate::PageTitle msg=Msg::ReviewQueueTitle />
        <h1>{t(Msg::ReviewQueueTitle)} <ClauseRef id="2.2.2" /></h1>
        <section class="card">
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="muted" data-test="queue-empty">{t(Msg::ReviewQueueEmpty)}</p> }.into_any(),
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="table" data-test="review-queue">
                                    <thead><tr>
                                        <th scope="col">{t(Msg::ReviewWaitingSince)}</th>
                                        <th scope="col">{t(Msg::FullName)}</th>
                                        <th scope="col">{t(Msg::LevelName)}</th>
                                        <th scope="col">{t(Msg::StaffStatus)}</th>
                                        <th scope="col"></th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|i| {
                                            let href = match i.kind {
                                                QueueKind::Application => format!("/admin/applications/{}", i.id),
                                                QueueKind::Countersign => format!("/admin/agreements/{}", i.id),
                                            };
                                            let level = if lang == vipcare::Lang::Zh { i.level_name_zh.clone() } else { i.level_name_en.clone() };
                                            view! {
                                                <tr data-email=i.customer_email.clone() data-kind=format!("{:?}", i.kind).to_lowercase()>
                                                    <td>{format_shanghai(i.since)}</td>
                                                    <td>{i.customer_name.clone()} <br /> <span class="muted small">{i.customer_email.clone()}</span></td>
                                                    <td>{level}</td>
                                                    <td><span class="badge">{t(status_text(i.kind, &i.status))}</span></td>
                                                    <td><a class="btn btn-small btn-primary" href=href>{t(Msg::Open)}</a></td>
                                                </tr>
                                            }
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
pub fn ReviewApplicationPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ReviewApplications>
            <ReviewApplication />
        </Guard>
    }
}

#[component]
fn ReviewApplication() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let decide = ServerAction::<DecideApplication>::new();
    let data = Resource::new(
        move || (id(), decide.version().get()),
        |(id, _)| review_application(id),
    );
    view! {
        <crate::PageTitle msg=Msg::ReviewApplicationTitle />
        <p><a href="/admin/applications">"← " {t(Msg::ReviewQueueTitle)}</a></p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <section class="card narrow error-page"><p class="notice notice-error">{t(e.msg())}</p></section> }.into_any(),
                    Ok((a, progress)) => view! {
                        <ApplicationFacts a=a.clone() />
                        <Decisions a=a.clone() decide />
                        <EligibilityPanel progress reader=Reader::Staff />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ApplicationFacts(a: ApplicationView) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1 data-test="application-customer">{a.customer_name.clone()}</h1>
        <section class="card" data-test="review-application" data-status=a.status.as_str()>
            <p><span class="badge" data-test="application-status">{t(a.status.msg())}</span></p>
            <dl class="facts">
                <div><dt>{t(Msg::Email)}</dt><dd>{a.customer_email.clone()}</dd></div>
                <div><dt>{t(Msg::ApplicationLevel)}</dt><dd>{a.level.name(lang).to_string()}</dd></div>
                <div><dt>{t(Msg::ApplicationCompany)}</dt><dd>{a.company.clone()}</dd></div>
                <div><dt>{t(Msg::ApplicationMessage)}</dt><dd>{a.message.clone()}</dd></div>
                <div><dt>{t(Msg::ApplicationAcceptedTemplate)}</dt><dd>{a.template_label.clone().unwrap_or_else(|| "—".into())} {a.accepted_at.map(|at| format!(" · {}", format_shanghai(at)))}</dd></div>
                <div><dt>{t(Msg::ApplicationSubmittedAt)}</dt><dd>{a.submitted_at.map(format_shanghai).unwrap_or_else(|| "—".into())}</dd></div>
            </dl>
            <h3>{t(Msg::MaterialsTitle)}</h3>
            {if a.files.is_empty() {
                view! { <p class="muted">{t(Msg::MaterialsNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="files" data-test="review-materials">
                        {a.files.iter().map(|f| view! {
                            <li><a href=format!("/files/{}", f.id)>{f.name.clone()}</a> " " <span class="muted small">{format!("{} · {} KB · SHA-256 {}", f.mime, (f.size + 1023) / 1024, &f.sha256[..16])}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!a.messages.is_empty()).then(|| view! {
                <h3>{t(Msg::ConversationTitle)}</h3>
                <ol class="conversation">
                    {a.messages.iter().map(|m| view! {
                        <li data-kind=m.kind.clone()>
                            <p class="muted small">{m.author_name.clone()} " · " {format_shanghai(m.created_at)} " · " {t(message_kind(&m.kind))}</p>
                            <p>{m.body.clone()}</p>
                        </li>
                    }).collect_view()}
                </ol>
            })}
            {a.agreement_id.map(|id| view! { <p><a class="btn btn-quiet" href=format!("/admin/agreements/{id}") data-test="agreement-link">{t(Msg::MembershipAgreementLink)}</a></p> })}
        </section>
    }
}

#[component]
fn Decisions(a: ApplicationView, decide: ServerAction<DecideApplication>) -> impl IntoView {
    let error = use_form_error(move || decide.value().get());
    let open = matches!(
        a.status,
        ApplicationStatus::Submitted | ApplicationStatus::UnderReview
    );
    let id = a.id;
    if !open {
        return ().into_any();
    }
    view! {
        <section class="card" data-test="decisions">
            <h2>{t(Msg::ReviewDecisionTitle)}</h2>
            <FormAlert error />
            {(a.status == ApplicationStatus::Submitted).then(|| view! {
                <ActionForm action=decide attr:class="inline-form" attr:data-test="start-review">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="decision" value="start" />
                    <button type="submit" class="btn btn-quiet">{t(Msg::ReviewStart)}</button>
                </ActionForm>
            })}
            <div class="grid-2">
                <ActionForm action=decide attr:class="form" attr:data-test="request-info">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="decision" value="request_info" />
                    <TextArea label=Msg::ReviewRequestInfoText name="text" id="request-info-text" error required=true />
                    <button type="submit" class="btn btn-quiet">{t(Msg::ReviewRequestInfo)}</button>
                </ActionForm>
                <ActionForm action=decide attr:class="form" attr:data-test="reject">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="decision" value="reject" />
                    <TextArea label=Msg::ReviewRejectReason name="text" id="reject-text" error required=true />
                    <button type="submit" class="btn btn-danger">{t(Msg::ReviewReject)}</button>
                </ActionForm>
            </div>
            <ActionForm action=decide attr:class="form" attr:data-test="approve">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="decision" value="approve" />
                <p class="hint">{t(Msg::ReviewApproveHint)}</p>
                <button type="submit" class="btn btn-primary">{t(Msg::ReviewApprove)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
