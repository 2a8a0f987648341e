//! The customer's VIP membership (`/portal/membership`): the membership and its end, the
//! application with its materials and the acceptance of the exact agreement version (clauses
//! 2.1.3, 2.2), the conversation with the reviewer, and the agreements signed.

use crate::api::membership::{
    current_template, get_my_membership, DecideAmendment, ProposeAmendment, RemoveMaterial,
    SaveApplication, SubmitApplication, TerminateMembership, WithdrawApplication,
};
use crate::api::programme::get_levels;
use crate::components::forms::{use_form_error, Field, FormAlert, FormError, Notice};
use crate::components::guard::Guard;
use crate::error::AppError;
use crate::pages::agreement::AgreementText;
use crate::pages::ClauseRef;
use crate::session::{t, tf, use_lang};
use leptos::prelude::*;
use vipcare::agreement::Template;
use vipcare::levels::VipLevel;
use vipcare::membership::{
    may_decide, AmendmentKind, AmendmentView, ApplicationStatus, ApplicationView, MembershipView,
    MyMembership, Side,
};
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn MembershipPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyMembershipView />
        </Guard>
    }
}

#[component]
fn MyMembershipView() -> impl IntoView {
    let save = ServerAction::<SaveApplication>::new();
    let submit = ServerAction::<SubmitApplication>::new();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let remove = ServerAction::<RemoveMaterial>::new();
    let terminate = ServerAction::<TerminateMembership>::new();
    let propose = ServerAction::<ProposeAmendment>::new();
    let decide = ServerAction::<DecideAmendment>::new();
    let uploads = RwSignal::new(0usize);
    let data = Resource::new(
        move || {
            (
                save.version().get(),
                submit.version().get(),
                withdraw.version().get(),
                remove.version().get(),
                terminate.version().get(),
                uploads.get(),
                propose.version().get(),
                decide.version().get(),
            )
        },
        |_| async {
            Ok::<_, AppError>((
                get_my_membership().await?,
                current_template().await?,
                get_levels().await?,
            ))
        },
    );
    let submitted = move || matches!(submit.value().get(), Some(Ok(_)));
    view! {
        <crate::PageTitle msg=Msg::MembershipTitle />
        <h1>{t(Msg::MembershipTitle)}</h1>
        <Show when=submitted>
            <Notice msg=Msg::ApplicationSubmittedNotice />
        </Show>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok((mine, template, levels)) => view! {
                        <MembershipCard mine=mine.clone() terminate />
                        {mine.membership.clone().map(|m| view! {
                            <Amendments membership=m list=mine.amendments.clone() side=Side::Customer levels=levels.clone() propose decide />
                        })}
                        <ApplicationSection mine template levels save submit withdraw remove uploads />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MembershipCard(
    mine: MyMembership,
    terminate: ServerAction<TerminateMembership>,
) -> impl IntoView {
    let lang = use_lang();
    let error = use_form_error(move || terminate.value().get());
    let agreements = mine.agreements.clone();
    let card = match mine.membership {
        None => view! {
            <section class="card" data-test="membership" data-status="none">
                <h2>{t(Msg::MembershipStatusTitle)}</h2>
                <p>{t(Msg::MembershipNone)}</p>
            </section>
        }
        .into_any(),
        Some(m) => {
            let live = m.status.is_live();
            view! {
                <section class="card" data-test="membership" data-status=m.status.as_str()>
                    <h2>{t(Msg::MembershipStatusTitle)} <ClauseRef id="12.2" /></h2>
                    <p>
                        <span class=if live { "badge badge-ok" } else { "badge badge-muted" } data-test="membership-status">{t(m.status.msg())}</span>
                        " " <strong>{m.level.name(lang).to_string()}</strong>
                    </p>
                    <dl class="facts">
                        <div><dt>{t(Msg::MembershipTerm)}</dt><dd data-test="membership-term">{m.started_on.to_string()} " – " {m.expires_on.to_string()}</dd></div>
                        {m.end_reason.clone().map(|r| view! { <div><dt>{t(Msg::MembershipEndReason)}</dt><dd data-test="end-reason">{r}</dd></div> })}
                        {m.ended_at.map(|at| view! { <div><dt>{t(Msg::MembershipEndedAt)}</dt><dd>{format_shanghai(at)}</dd></div> })}
                    </dl>
                    {m.grace_until.filter(|_| live).map(|g| view! {
                        <p class="notice notice-error" role="alert" data-test="grace-notice">
                            {tf(Msg::MembershipGraceNotice, &[&g.to_string()])} " " <ClauseRef id="2.3.1" />
                        </p>
                    })}
                    {m.renewal_agreement_id.filter(|_| m.status == vipcare::membership::MembershipStatus::RenewalOffered).map(|a| view! {
                        <p class="notice notice-info" data-test="renewal-offer">
                            {tf(Msg::MembershipRenewalNotice, &[&m.expires_on.to_string()])} " "
                            <a href=format!("/portal/agreements/{a}")>{t(Msg::MembershipRenewalSign)}</a>
                        </p>
                    })}
                    <p>
                        <a class="btn btn-quiet" href=format!("/portal/agreements/{}", m.agreement_id)>{t(Msg::MembershipAgreementLink)}</a>
                        " "
                        {live.then(|| view! { <a class="btn btn-quiet" href="/portal/rights" data-test="rights-link">{t(Msg::NavRights)}</a> })}
                    </p>
                    {(!live).then(|| view! { <FinalStatement kept_until=mine.data_kept_until /> })}
                    {live.then(|| view! {
                        <details data-test="terminate">
                            <summary>{t(Msg::TerminateTitle)}</summary>
                            <p class="hint">{t(Msg::TerminateLead)} " " <ClauseRef id="9" /></p>
                            <FormAlert error />
                            <ActionForm action=terminate attr:class="form" attr:data-test="terminate-form">
                                <input type="hidden" name="id" value=m.id />
                                <TextArea label=Msg::TerminateReason name="reason" error required=true />
                                <button type="submit" class="btn btn-danger">{t(Msg::TerminateSubmit)}</button>
                            </ActionForm>
                        </details>
                    })}
                </section>
            }
            .into_any()
        }
    };
    view! {
        {card}
        {(!agreements.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t(Msg::AgreementsTitle)}</h2>
                <div class="table-wrap">
                    <table class="table table-compact" data-test="agreements-table">
                        <thead><tr>
                            <th scope="col">{t(Msg::AgreementTemplate)}</th>
                            <th scope="col">{t(Msg::StaffStatus)}</th>
                            <th scope="col">{t(Msg::MembershipTerm)}</th>
                            <th scope="col"></th>
                        </tr></thead>
                        <tbody>
                            {agreements.into_iter().map(|a| view! {
                                <tr>
                                    <td>{a.template_label.clone()}</td>
                                    <td>{t(a.status.msg())}</td>
                                    <td>{a.effective_on.map(|d| d.to_string()).unwrap_or_default()} " – " {a.expires_on.map(|d| d.to_string()).unwrap_or_default()}</td>
                                    <td><a href=format!("/portal/agreements/{}", a.id)>{t(Msg::Open)}</a></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
    }
}

/// What a customer is told when the membership ended (clause 9.3): rights ended at once; the
/// open invoices and unused credits are listed here once billing exists (issue 5).
#[component]
fn FinalStatement(kept_until: Option<chrono::NaiveDate>) -> impl IntoView {
    view! {
        <div class="final-statement" data-test="final-statement">
            <h3>{t(Msg::FinalStatementTitle)} <ClauseRef id="9.3" /></h3>
            <p>{t(Msg::FinalStatementRightsEnded)}</p>
            <FinalStatementBilling />
            {kept_until.map(|d| view! {
                <p class="muted small" data-test="data-kept-until">{tf(Msg::FinalStatementKept, &[&d.to_string()])} " " <ClauseRef id="10.3" /></p>
            })}
        </div>
    }
}

/// Open invoices and unused credit on the final statement (9.3).
#[component]
fn FinalStatementBilling() -> impl IntoView {
    let billing = Resource::new(|| (), |_| crate::api::billing::get_my_billing());
    view! {
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match billing.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(b) => {
                        let open: Vec<_> = b
                            .invoices
                            .into_iter()
                            .filter(|i| i.balance.0 > 0 && i.status != vipcare::billing::InvoiceStatus::Void)
                            .collect();
                        view! {
                            <div data-test="final-statement-billing">
                                {if open.is_empty() {
                                    view! { <p class="muted">{t(Msg::FinalStatementNoOpenInvoices)}</p> }.into_any()
                                } else {
                                    view! {
                                        <p>{t(Msg::FinalStatementOpenInvoices)} " " <strong>{b.outstanding.display_cny()}</strong></p>
                                        <ul>
                                            {open.into_iter().map(|i| view! {
                                                <li>
                                                    <a href=format!("/portal/invoices/{}", i.id)>{i.number.clone().unwrap_or_default()}</a>
                                                    " · " {i.balance.display_cny()}
                                                    " · " {i.due_date.map(|d| d.to_string()).unwrap_or_default()}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <p>{t(Msg::FinalStatementCredit)} " " <strong>{b.credit.display_cny()}</strong></p>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A labelled textarea with its error.
#[component]
pub fn TextArea(
    label: Msg,
    name: &'static str,
    error: Signal<FormError>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: Option<String>,
    /// The id when a page has several forms with the same field (default `f-{name}`).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("f-{name}"));
    let err_id = format!("{id}-error");
    let err_p = err_id.clone();
    let my_error = move || {
        error
            .get()
            .and_then(|(f, m)| (f.as_deref() == Some(name)).then_some(m))
    };
    view! {
        <div class="field" class:field-invalid=move || my_error().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <textarea id=id.clone() name=name rows="4" required=required
                aria-invalid=move || my_error().is_some().then_some("true")
                aria-describedby=move || my_error().is_some().then(|| err_id.clone())>{value}</textarea>
            {move || my_error().map(|m| view! { <p class="field-error" id=err_p.clone()>{t(m)}</p> })}
        </div>
    }
}

#[component]
fn ApplicationSection(
    mine: MyMembership,
    template: Template,
    levels: Vec<VipLevel>,
    save: ServerAction<SaveApplication>,
    submit: ServerAction<SubmitApplication>,
    withdraw: ServerAction<WithdrawApplication>,
    remove: ServerAction<RemoveMaterial>,
    uploads: RwSignal<usize>,
) -> impl IntoView {
    let live = mine.membership.as_ref().is_some_and(|m| m.status.is_live());
    if live {
        return ().into_any();
    }
    // An approved application stays in view until its agreement became a membership.
    let consumed = |a: &ApplicationView| {
        a.status == ApplicationStatus::Approved
            && mine
                .membership
                .as_ref()
                .is_some_and(|m| Some(m.agreement_id) == a.agreement_id)
    };
    let app = mine.application.clone().filter(|a| {
        (a.status.is_open()
            || a.status == ApplicationStatus::Approved
            || a.status == ApplicationStatus::Rejected)
            && !consumed(a)
    });
    // A new application may be started when there is none in progress.
    let editable = app
        .as_ref()
        .is_none_or(|a| a.status.editable_by_customer() || a.status == ApplicationStatus::Rejected);
    view! {
        <section class="card" data-test="application" data-status=app.as_ref().map(|a| a.status.as_str()).unwrap_or("none")>
            <h2>{t(Msg::ApplicationTitle)} <ClauseRef id="2.2" /></h2>
            {app.clone().map(|a| view! { <ApplicationStatusLine a withdraw /> })}
            {editable.then(|| view! { <ApplicationForm app=app.clone().filter(|a| a.status.is_open()) levels save /> })}
            {app.clone().filter(|a| a.status.editable_by_customer()).map(|a| view! {
                <Materials a=a.clone() remove uploads />
                <SubmitForm a template submit />
            })}
        </section>
        {app.filter(|a| !a.messages.is_empty()).map(|a| view! { <Conversation a /> })}
    }
    .into_any()
}

#[component]
fn ApplicationStatusLine(
    a: ApplicationView,
    withdraw: ServerAction<WithdrawApplication>,
) -> impl IntoView {
    let lang = use_lang();
    let can_withdraw = a
        .status
        .after(vipcare::membership::ApplicationStep::Withdraw)
        .is_some();
    view! {
        <p>
            <span class="badge" data-test="application-status">{t(a.status.msg())}</span>
            " " {a.level.name(lang).to_string()}
            {a.submitted_at.map(|s| view! { " · " {t(Msg::ApplicationSubmittedAt)} " " {format_shanghai(s)} })}
        </p>
        {(a.status == ApplicationStatus::InfoRequested).then(|| view! {
            <p class="notice notice-info" data-test="info-requested">{t(Msg::ApplicationInfoRequestedLead)}</p>
        })}
        {a.decision_reason.clone().filter(|_| a.status == ApplicationStatus::Rejected).map(|r| view! {
            <p class="notice notice-error" data-test="rejection-reason">{t(Msg::ApplicationRejectedReason)} " " {r}</p>
        })}
        {a.agreement_id.filter(|_| a.status == ApplicationStatus::Approved).map(|id| view! {
            <p class="notice notice-ok" data-test="approved">{t(Msg::ApplicationApprovedLead)} " "
                <a class="btn btn-primary" href=format!("/portal/agreements/{id}") data-test="go-sign">{t(Msg::ApplicationGoSign)}</a>
            </p>
        })}
        {(can_withdraw && a.status != ApplicationStatus::Draft).then(|| view! {
            <ActionForm action=withdraw attr:class="inline-form">
                <input type="hidden" name="application_id" value=a.id />
                <button type="submit" class="btn btn-small btn-quiet">{t(Msg::ApplicationWithdraw)}</button>
            </ActionForm>
        })}
    }
}

#[component]
fn ApplicationForm(
    app: Option<ApplicationView>,
    levels: Vec<VipLevel>,
    save: ServerAction<SaveApplication>,
) -> impl IntoView {
    let lang = use_lang();
    let error = use_form_error(move || save.value().get());
    let selected = app.as_ref().map(|a| a.level.id);
    let company = app.as_ref().map(|a| a.company.clone()).unwrap_or_default();
    let message = app.as_ref().map(|a| a.message.clone()).unwrap_or_default();
    view! {
        <FormAlert error />
        <ActionForm action=save attr:class="form" attr:data-test="application-form">
            <div class="field">
                <label for="f-level_id">{t(Msg::ApplicationLevel)}</label>
                <select id="f-level_id" name="level_id">
                    {levels.into_iter().map(|l| {
                        let sel = selected == Some(l.id);
                        view! { <option value=l.id selected=sel>{l.name(lang).to_string()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Field label=Msg::ApplicationCompany name="company" error value=company />
            <TextArea label=Msg::ApplicationMessage name="message" error value=message />
            <button type="submit" class="btn btn-quiet">{if app.is_some() { t(Msg::Save) } else { t(Msg::ApplicationStart) }}</button>
        </ActionForm>
    }
}

#[component]
fn Materials(
    a: ApplicationView,
    remove: ServerAction<RemoveMaterial>,
    uploads: RwSignal<usize>,
) -> impl IntoView {
    let upload_error: RwSignal<Option<AppError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    #[cfg(not(feature = "hydrate"))]
    let _ = uploads;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
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
                match crate::api::membership::upload_material(data.into()).await {
                    Ok(_) => uploads.update(|n| *n += 1),
                    Err(e) => upload_error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let app_id = a.id;
    view! {
        <h3>{t(Msg::MaterialsTitle)} <ClauseRef id="2.2.1" /></h3>
        {if a.files.is_empty() {
            view! { <p class="muted" data-test="no-materials">{t(Msg::MaterialsNone)}</p> }.into_any()
        } else {
            view! {
                <ul class="files" data-test="materials">
                    {a.files.into_iter().map(|f| view! {
                        <li>
                            <a href=format!("/files/{}", f.id)>{f.name.clone()}</a>
                            " " <span class="muted small">{format!("{} · {} KB", f.mime, (f.size + 1023) / 1024)}</span>
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="application_id" value=app_id />
                                <input type="hidden" name="file_id" value=f.id />
                                <button type="submit" class="btn btn-small btn-quiet">{t(Msg::Remove)}</button>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {move || upload_error.get().map(|e| view! { <p class="notice notice-error" role="alert" data-test="upload-error">{t(e.msg())}</p> })}
        <form class="form form-inline" data-test="material-form" method="post" enctype="multipart/form-data" action="/api/application/material" on:submit=on_submit>
            <input type="hidden" name="application_id" value=app_id />
            <div class="field">
                <label for="material-file">{t(Msg::MaterialsFile)}</label>
                <input id="material-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png" required />
                <p class="hint">{t(Msg::MaterialsHint)}</p>
            </div>
            <button type="submit" class="btn btn-quiet" disabled=move || busy.get()>{t(Msg::MaterialsUpload)}</button>
        </form>
    }
}

#[component]
fn SubmitForm(
    a: ApplicationView,
    template: Template,
    submit: ServerAction<SubmitApplication>,
) -> impl IntoView {
    let lang = use_lang();
    let error = use_form_error(move || submit.value().get());
    let info = a.status == ApplicationStatus::InfoRequested;
    let label = template.label();
    let title = template.title(lang).to_string();
    view! {
        <h3>{t(Msg::ApplicationAgreementTitle)} <ClauseRef id="2.1.3" /></h3>
        <details class="agreement-preview">
            <summary>{title} " (" {label.clone()} ")"</summary>
            <AgreementText template=template.clone() />
        </details>
        <FormAlert error />
        <ActionForm action=submit attr:class="form" attr:data-test="submit-form">
            <input type="hidden" name="application_id" value=a.id />
            <input type="hidden" name="template_id" value=template.id />
            {info.then(|| view! { <TextArea label=Msg::ApplicationReply name="reply" error required=true /> })}
            <label class="check" for="accept-terms">
                <input type="checkbox" id="accept-terms" name="accept" required />
                {tf(Msg::ApplicationAccept, &[&label])}
            </label>
            {move || error.get().and_then(|(f, m)| (f.as_deref() == Some("accept")).then(|| view! { <p class="field-error">{t(m)}</p> }))}
            <button type="submit" class="btn btn-primary">{if info { t(Msg::ApplicationResubmit) } else { t(Msg::ApplicationSubmit) }}</button>
        </ActionForm>
    }
}

#[component]
fn Conversation(a: ApplicationView) -> impl IntoView {
    view! {
        <section class="card" data-test="conversation">
            <h2>{t(Msg::ConversationTitle)}</h2>
            <ol class="conversation">
                {a.messages.into_iter().map(|m| view! {
                    <li data-kind=m.kind.clone()>
                        <p class="muted small">{m.author_name.clone()} " · " {format_shanghai(m.created_at)} " · " {t(message_kind(&m.kind))}</p>
                        <p>{m.body.clone()}</p>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

pub fn message_kind(kind: &str) -> Msg {
    match kind {
        "info_request" => Msg::MessageInfoRequest,
        "reply" => Msg::MessageReply,
        "approval" => Msg::MessageApproval,
        _ => Msg::MessageRejection,
    }
}

/// Rights changes of a membership (clause 4.3.1): the list, accept/decline for the party that
/// did not propose, and a proposal form. Used by the customer and by reviewers.
#[component]
pub fn Amendments(
    membership: MembershipView,
    list: Vec<AmendmentView>,
    side: Side,
    levels: Vec<VipLevel>,
    propose: ServerAction<ProposeAmendment>,
    decide: ServerAction<DecideAmendment>,
) -> impl IntoView {
    let lang = use_lang();
    let propose_error = use_form_error(move || propose.value().get());
    let decide_error = use_form_error(move || decide.value().get());
    let live = membership.status.is_live();
    let side_msg = |s: Side| match s {
        Side::Customer => Msg::AmendSideCustomer,
        Side::Company => Msg::AmendSideCompany,
    };
    view! {
        <section class="card" data-test="amendments">
            <h2>{t(Msg::AmendTitle)} " " <ClauseRef id="4.3.1" /></h2>
            <p class="hint">{t(Msg::AmendLead)}</p>
            <FormAlert error=decide_error />
            {if list.is_empty() {
                view! { <p class="muted">{t(Msg::AmendNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="conversation" data-test="amendment-list">
                        {list.into_iter().map(|a| {
                            let may = may_decide(a.proposer_side, a.status, side);
                            let id = a.id;
                            view! {
                                <li data-status=a.status.as_str() data-kind=a.kind.as_str()>
                                    <p class="muted small">
                                        {t(Msg::AmendProposedBy)} ": " {t(side_msg(a.proposer_side))} " (" {a.proposer_name.clone()} ") · "
                                        {format_shanghai(a.created_at)} " · SHA-256 " {a.sha256[..16].to_string()}
                                    </p>
                                    <p><strong>{t(a.kind.msg())}</strong>
                                        {a.new_level.as_ref().map(|l| format!(" → {}", l.name(lang)))}
                                        " — " {a.description.clone()}
                                    </p>
                                    <p><span class="badge" data-test="amendment-status">{t(a.status.msg())}</span>
                                        {a.decided_name.clone().map(|n| format!(" {n}"))}
                                        {a.decline_reason.clone().map(|r| format!(" — {r}"))}
                                    </p>
                                    {may.then(|| view! {
                                        <div class="grid-2">
                                            <ActionForm action=decide attr:class="form" attr:data-test="accept-amendment">
                                                <input type="hidden" name="id" value=id />
                                                <input type="hidden" name="accept" value="true" />
                                                <Field label=Msg::AmendSignedName name="signed_name" id=format!("am{id}-name") required=true error=decide_error />
                                                <button type="submit" class="btn btn-primary">{t(Msg::AmendAccept)}</button>
                                            </ActionForm>
                                            <ActionForm action=decide attr:class="form" attr:data-test="decline-amendment">
                                                <input type="hidden" name="id" value=id />
                                                <input type="hidden" name="accept" value="false" />
                                                <TextArea label=Msg::AmendDeclineReason name="reason" id=format!("am{id}-reason") error=decide_error required=true />
                                                <button type="submit" class="btn btn-quiet">{t(Msg::AmendDecline)}</button>
                                            </ActionForm>
                                        </div>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {live.then(|| view! {
                <details data-test="propose-amendment">
                    <summary>{t(Msg::AmendPropose)}</summary>
                    <FormAlert error=propose_error />
                    <ActionForm action=propose attr:class="form" attr:data-test="propose-form">
                        <input type="hidden" name="membership_id" value=membership.id />
                        <div class="field">
                            <label for="amend-kind">{t(Msg::AmendKind)}</label>
                            <select id="amend-kind" name="kind">
                                {AmendmentKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{t(k.msg())}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="amend-level">{t(Msg::AmendNewLevel)}</label>
                            <select id="amend-level" name="new_level_id">
                                <option value="">"—"</option>
                                {levels.into_iter().map(|l| view! { <option value=l.id>{l.name(lang).to_string()}</option> }).collect_view()}
                            </select>
                        </div>
                        <TextArea label=Msg::AmendDescription name="description" id="amend-description" error=propose_error required=true />
                        <Field label=Msg::AmendSignedName name="signed_name" id="amend-signed-name" required=true error=propose_error />
                        <button type="submit" class="btn btn-primary">{t(Msg::AmendPropose)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}
