//! Complaints (clause 7). Customers: `/portal/complaints` (file one, optionally about a
//! request, an invoice or a breach decision; their complaints, breach cases, disputes and
//! automatic compensation) and `/portal/complaints/:id` (the process with its deadlines, the
//! proposals, accept or reject). Staff: `/admin/complaints` (the queue, VIP first then by
//! deadline, overdue flagged; record a complaint received by phone, e-mail or at a branch) and
//! `/admin/complaints/:id` (acknowledge, investigate, note, propose with compensation).

use crate::api::billing::get_my_billing;
use crate::api::complaints::{
    get_complaint, get_complaint_queue, get_known_staff, get_my_compensation, get_my_complaints,
    ActOnComplaint, AnswerComplaint, ComplaintQueue, FileComplaint, RecordComplaint,
};
use crate::api::desk::get_my_requests;
use crate::components::forms::{use_form_error, Field, FormAlert, FormError};
use crate::components::guard::Guard;
use crate::pages::billing::id_param;
use crate::pages::desk::channel_msg;
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::complaints::{
    CompensationForm, ComplaintEventView, ComplaintStatus, ComplaintSummary, ComplaintView,
    Finding, ProposalView,
};
use vipcare::desk::Channel;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

fn status_badge(s: ComplaintStatus) -> impl IntoView {
    let class = match s {
        ComplaintStatus::Received => "badge badge-gold",
        ComplaintStatus::Acknowledged | ComplaintStatus::Investigating => "badge badge-info",
        ComplaintStatus::Proposed => "badge badge-muted",
        ComplaintStatus::Escalated | ComplaintStatus::Disputed => "badge badge-error",
        ComplaintStatus::Closed => "badge badge-ok",
    };
    view! { <span class=class data-test="complaint-status" data-status=s.as_str()>{t(s.msg())}</span> }
}

/// The step owed and its deadline, flagged when overdue.
fn due_cell(c: &ComplaintSummary) -> impl IntoView {
    match (c.due_step, c.next_due) {
        (Some(step), Some(due)) => view! {
            <span>{t(step.msg())} " · " {format_shanghai(due)}</span>
            {c.overdue.then(|| view! { " " <span class="badge badge-error" data-test="overdue">{t(Msg::CmpOverdue)}</span> })}
        }
        .into_any(),
        _ => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

#[component]
fn ComplaintList(rows: Vec<ComplaintSummary>, admin: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted" data-test="no-complaints">{t(Msg::CmpNone)}</p> }
            .into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-test="complaints">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::CmpNumber)}</th>
                        <th scope="col">{t(Msg::CmpSubject)}</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::FullName)}</th> <th scope="col">{t(Msg::QueueLevel)}</th> })}
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                        <th scope="col" data-deadline="next-step">{t(Msg::CmpNextStep)} " " <ClauseRef id="7.2" /></th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::CmpHandler)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let href = if admin { format!("/admin/complaints/{}", r.id) } else { format!("/portal/complaints/{}", r.id) };
                        view! {
                            <tr data-complaint=r.id data-overdue=r.overdue.to_string()>
                                <td><a href=href.clone()>{r.number.clone()}</a></td>
                                <td><a href=href>{r.subject.clone()}</a> " " <span class="muted small">{t(channel_msg(r.channel))} " · " {format_shanghai(r.received_at)}</span></td>
                                {admin.then(|| view! {
                                    <td>{r.customer_name.clone()}</td>
                                    <td>{(r.level_rank > 0).then(|| view! { <span class="badge badge-gold" data-test="vip">{t(Msg::ReqVip)}</span> })}</td>
                                })}
                                <td>{status_badge(r.status)}</td>
                                <td>{due_cell(&r)}</td>
                                {admin.then(|| view! { <td>{r.handler_name.clone().or(r.branch_name.clone()).unwrap_or_else(|| t(Msg::ReqUnassigned).to_string())}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn event_text(e: &ComplaintEventView) -> String {
    let what = match e.kind.as_str() {
        "received" => t(Msg::CmpEvReceived),
        "acknowledged" => t(Msg::CmpEvAcknowledged),
        "investigating" => t(Msg::CmpEvInvestigating),
        "proposed" => t(Msg::CmpEvProposed),
        "accepted" => t(Msg::CmpEvAccepted),
        "rejected" => t(Msg::CmpEvRejected),
        "note" => t(Msg::ReqInternalNote),
        "overdue" => t(Msg::CmpOverdue),
        other => other,
    };
    let moved = match (e.from_status, e.to_status) {
        (Some(f), Some(to)) => format!(" ({} → {})", t(f.msg()), t(to.msg())),
        _ => String::new(),
    };
    match &e.actor_name {
        Some(who) => format!("{what}{moved} · {who}"),
        None => format!("{what}{moved}"),
    }
}

#[component]
fn Proposal(p: ProposalView) -> impl IntoView {
    view! {
        <article class="card" data-test="proposal" data-round=p.round>
            <h3>{t(Msg::CmpProposal)} " " {p.round} " " <ClauseRef id="7.3" /></h3>
            <dl class="facts">
                <div><dt>{t(Msg::CmpFinding)}</dt><dd data-test="finding">{t(p.finding.msg())}</dd></div>
                <div><dt>{t(Msg::CmpRemedy)}</dt><dd class="prewrap">{p.remedy.clone()}</dd></div>
                <div><dt>{t(Msg::CmpCompensation)}</dt><dd data-test="compensation">
                    {if p.form == CompensationForm::None { t(Msg::CmpCompNone).to_string() } else { format!("{} · {}", p.compensation.display_cny(), t(p.form.msg())) }}
                    {p.credit_number.clone().map(|n| view! { " · " <span data-test="credit-number">{t(Msg::CmpCreditIssued)} " " {n}</span> })}
                </dd></div>
                <div><dt>{t(Msg::CmpProposedBy)}</dt><dd>{p.proposed_by.clone()} " · " {format_shanghai(p.proposed_at)}</dd></div>
                {p.accepted.map(|a| view! {
                    <div><dt>{t(Msg::CmpAnswer)}</dt><dd data-test="answer" data-accepted=a.to_string()>
                        {t(if a { Msg::CmpAccepted } else { Msg::CmpRejected })}
                        {p.answered_at.map(|at| format!(" · {}", format_shanghai(at)))}
                        {p.answer_comment.clone().filter(|c| !c.is_empty()).map(|c| view! { <span class="muted">" — " {c}</span> })}
                    </dd></div>
                })}
            </dl>
        </article>
    }
}

/// The complaint with its deadlines, links, proposals and history.
#[component]
fn ComplaintDocument(c: ComplaintView, admin: bool) -> impl IntoView {
    let s = c.summary.clone();
    let request_href = c.links.request_id.map(|r| {
        if admin {
            format!("/admin/queue/{r}")
        } else {
            format!("/portal/requests/{r}")
        }
    });
    let invoice_href = c.links.invoice_id.map(|i| {
        if admin {
            format!("/admin/billing/invoices/{i}")
        } else {
            format!("/portal/invoices/{i}")
        }
    });
    let breach_href = c.links.breach_id.map(|b| {
        if admin {
            format!("/admin/complaints/breaches/{b}")
        } else {
            format!("/portal/breaches/{b}")
        }
    });
    let dispute = c.dispute.clone().map(|(id, number)| {
        let href = if admin { format!("/admin/complaints/disputes/{id}") } else { format!("/portal/disputes/{id}") };
        view! { <div><dt>{t(Msg::CmpDispute)}</dt><dd><a href=href data-test="dispute-link">{number}</a> " " <ClauseRef id="11" /></dd></div> }
    });
    view! {
        <article class="card" data-test="complaint">
            <h1>{s.number.clone()} " " {s.subject.clone()} " " {status_badge(s.status)} " " <ClauseRef id="7.2" /></h1>
            <dl class="facts">
                {admin.then(|| view! { <div><dt>{t(Msg::FullName)}</dt><dd>{s.customer_name.clone()} " · " {c.customer_email.clone()} {(s.level_rank > 0).then(|| view! { " " <span class="badge badge-gold">{t(Msg::ReqVip)}</span> })}</dd></div> })}
                <div><dt>{t(Msg::ReqChannel)}</dt><dd>{t(channel_msg(s.channel))} {c.recorded_by.clone().map(|n| format!(" · {} {n}", t(Msg::CmpRecordedBy)))}</dd></div>
                <div><dt>{t(Msg::CmpReceivedAt)}</dt><dd>{format_shanghai(s.received_at)}</dd></div>
                <div data-deadline="acknowledge"><dt>{t(Msg::CmpAcknowledgeDue)} " " <ClauseRef id="7.2" /></dt><dd>{format_shanghai(c.acknowledge_due)}
                    {c.acknowledged_at.map(|a| format!(" · {} {}{}", t(Msg::CmpStatusAcknowledged), format_shanghai(a), if a <= c.acknowledge_due { " ✓" } else { " ✗" }))}</dd></div>
                <div data-deadline="proposal"><dt>{t(Msg::CmpProposalDue)} " " <ClauseRef id="7.2" /></dt><dd>{format_shanghai(c.proposal_due)}</dd></div>
                <div data-deadline="next-step"><dt>{t(Msg::CmpNextStep)} " " <ClauseRef id="7.2" /></dt><dd data-test="next-step">{due_cell(&s)}</dd></div>
                {admin.then(|| view! { <div><dt>{t(Msg::CmpHandler)}</dt><dd data-test="handler">{s.handler_name.clone().unwrap_or_else(|| t(Msg::ReqUnassigned).to_string())} {s.branch_name.clone().map(|b| format!(" · {b}"))}</dd></div> })}
                {request_href.map(|h| view! { <div><dt>{t(Msg::CmpAboutRequest)}</dt><dd><a href=h>{format!("#{} ", c.links.request_id.unwrap_or_default())} {c.request_subject.clone()}</a></dd></div> })}
                {invoice_href.map(|h| view! { <div><dt>{t(Msg::CmpAboutInvoice)}</dt><dd><a href=h>{c.invoice_number.clone().unwrap_or_default()}</a></dd></div> })}
                {c.agent_name.clone().map(|a| view! { <div><dt>{t(Msg::CmpAboutAgent)}</dt><dd data-test="complaint-agent">{a}</dd></div> })}
                {breach_href.map(|h| view! { <div><dt>{t(Msg::CmpAboutBreach)}</dt><dd><a href=h data-test="breach-link">{format!("#{}", c.links.breach_id.unwrap_or_default())}</a> " " <ClauseRef id="4.3.2" /></dd></div> })}
                {dispute}
            </dl>
            <p class="prewrap">{c.body.clone()}</p>
        </article>
        {c.proposals.into_iter().map(|p| view! { <Proposal p=p /> }).collect_view()}
        <section class="card" aria-labelledby="cmp-history-h">
            <h2 id="cmp-history-h">{t(Msg::CmpHistory)}</h2>
            <ol class="timeline" data-test="complaint-history">
                {c.events.into_iter().map(|e| view! {
                    <li data-kind=e.kind.clone() data-internal=e.internal.to_string()>
                        <span class="muted small">{format_shanghai(e.at)}</span> " "
                        <span>{event_text(&e)}</span>
                        {(!e.note.is_empty() && e.kind != "overdue").then(|| view! { <span class="muted prewrap">" — " {e.note.clone()}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

// ---------------------------------------------------------------- customer

#[component]
pub fn MyComplaintsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyComplaints />
        </Guard>
    }
}

#[component]
fn MyComplaints() -> impl IntoView {
    let query = use_query_map();
    let breach = move || query.with(|q| q.get("breach")).unwrap_or_default();
    let list = Resource::new(|| (), |_| get_my_complaints());
    let grants = Resource::new(|| (), |_| get_my_compensation());
    let requests = Resource::new(|| (), |_| get_my_requests());
    let billing = Resource::new(|| (), |_| get_my_billing());
    let staff = Resource::new(|| (), |_| get_known_staff());
    let file = ServerAction::<FileComplaint>::new();
    let err = use_form_error(move || file.value().get());
    view! {
        <crate::PageTitle msg=Msg::CmpTitle />
        <h1>{t(Msg::CmpTitle)} " " <ClauseRef id="7.1" /></h1>
        <p>{t(Msg::CmpIntro)} " " <a href="/complaints">{t(Msg::ChannelsTitle)}</a></p>
        <section class="card">
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(l) => view! { <ComplaintList rows=l admin=false /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{t(Msg::CmpNew)}</h2>
            <ActionForm action=file attr:class="form" attr:data-test="complaint-form">
                <FormAlert error=err />
                <Field label=Msg::CmpSubject name="subject" required=true error=err />
                <TextArea label=Msg::CmpBody name="body" required=true error=err />
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let reqs = requests.await.unwrap_or_default();
                        let invoices = billing.await.map(|b| b.invoices).unwrap_or_default();
                        let known = staff.await.unwrap_or_default();
                        view! {
                            <div class="field">
                                <label for="cmp-request">{t(Msg::CmpAboutRequest)}</label>
                                <select id="cmp-request" name="request_id">
                                    <option value="">{t(Msg::CmpNoLink)}</option>
                                    {reqs.into_iter().map(|r| view! { <option value=r.id>{format!("#{} {}", r.id, r.subject)}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="cmp-invoice">{t(Msg::CmpAboutInvoice)}</label>
                                <select id="cmp-invoice" name="invoice_id">
                                    <option value="">{t(Msg::CmpNoLink)}</option>
                                    {invoices.into_iter().filter_map(|i| i.number.clone().map(|n| (i.id, n))).map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="cmp-agent">{t(Msg::CmpAboutStaff)}</label>
                                <select id="cmp-agent" name="agent_id">
                                    <option value="">{t(Msg::CmpNoLink)}</option>
                                    {known.into_iter().map(|s| view! {
                                        <option value=s.id>{s.name} {s.dedicated.then(|| t(Msg::CmpDedicatedMark))}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    })}
                </Suspense>
                {move || (!breach().is_empty()).then(|| view! {
                    <p class="notice" data-test="about-breach">{t(Msg::CmpAboutBreach)} " #" {breach()}</p>
                    <input type="hidden" name="breach_id" value=breach() />
                })}
                <div><button type="submit" class="btn btn-primary">{t(Msg::CmpSend)}</button></div>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="cmp-comp-h">
            <h2 id="cmp-comp-h">{t(Msg::CmpAutoComp)} " " <ClauseRef id="8.2" /></h2>
            <p class="muted">{t(Msg::CmpAutoCompHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let rows = grants.await.unwrap_or_default();
                    if rows.is_empty() {
                        return view! { <p class="muted">{t(Msg::CmpAutoCompNone)}</p> }.into_any();
                    }
                    view! {
                        <ul data-test="auto-compensation">
                            {rows.into_iter().map(|g| view! {
                                <li>
                                    <a href=format!("/portal/requests/{}", g.request_id)>{format!("#{}", g.request_id)}</a> " · "
                                    {t(if g.first_response { Msg::TlFirstResponse } else { Msg::TlResolution })} " · "
                                    <strong>{g.amount.display_cny()}</strong> " · " {g.credit_number.clone()} " · " {format_shanghai(g.at)}
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
        <crate::pages::breach::MyBreachCases />
        <crate::pages::disputes::MyDisputes />
    }
}

#[component]
pub fn MyComplaintPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyComplaint />
        </Guard>
    }
}

#[component]
fn MyComplaint() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let c = Resource::new(move || (id(), changes.get()), |(id, _)| get_complaint(id));
    let answer = ServerAction::<AnswerComplaint>::new();
    let err = use_form_error(move || answer.value().get());
    Effect::new(move |_| {
        if matches!(answer.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    view! {
        <crate::PageTitle msg=Msg::CmpTitle />
        <p><a href="/portal/complaints">{t(Msg::CmpTitle)}</a></p>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match c.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(c) => {
                        let cid = c.summary.id;
                        let proposed = c.summary.status == ComplaintStatus::Proposed;
                        let round = c.summary.round;
                        let closed = c.summary.status == ComplaintStatus::Closed;
                        view! {
                            <ComplaintDocument c=c admin=false />
                            {closed.then(|| view! {
                                <crate::pages::feedback::RateItem kind=vipcare::feedback::ItemKind::Complaint id=cid />
                            })}
                            {proposed.then(|| view! {
                                <section class="card">
                                    <h2>{t(Msg::CmpAnswerTitle)}</h2>
                                    <p class="muted">{t(if round < 2 { Msg::CmpAnswerHint } else { Msg::CmpAnswerHintFinal })}</p>
                                    <ActionForm action=answer attr:class="form" attr:data-test="complaint-answer">
                                        <FormAlert error=err />
                                        <input type="hidden" name="id" value=cid />
                                        <TextArea label=Msg::CmpComment name="comment" error=err />
                                        <div>
                                            <button type="submit" name="answer" value="accept" class="btn btn-primary">{t(Msg::CmpAccept)}</button> " "
                                            <button type="submit" name="answer" value="reject" class="btn">{t(Msg::CmpReject)}</button>
                                        </div>
                                    </ActionForm>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---------------------------------------------------------------- staff

#[component]
pub fn ComplaintQueuePage() -> impl IntoView {
    view! {
        <Guard permission=Permission::HandleComplaints>
            <ComplaintQueueView />
        </Guard>
    }
}

const VIEWS: [(&str, Msg); 4] = [
    ("open", Msg::CmpViewOpen),
    ("overdue", Msg::CmpViewOverdue),
    ("waiting", Msg::CmpViewWaiting),
    ("finished", Msg::CmpViewFinished),
];

fn count_of(q: &ComplaintQueue, view: &str) -> i64 {
    match view {
        "overdue" => q.counts.1,
        "waiting" => q.counts.2,
        "finished" => q.counts.3,
        _ => q.counts.0,
    }
}

#[component]
fn ComplaintQueueView() -> impl IntoView {
    let query = use_query_map();
    let current = move || {
        query
            .with(|q| q.get("view"))
            .filter(|v| VIEWS.iter().any(|(k, _)| k == v))
            .unwrap_or_else(|| "open".into())
    };
    let page = Resource::new(current, get_complaint_queue);
    let record = ServerAction::<RecordComplaint>::new();
    let err = use_form_error(move || record.value().get());
    view! {
        <crate::PageTitle msg=Msg::CmpQueueTitle />
        <h1>{t(Msg::CmpQueueTitle)} " " <ClauseRef id="7.2" /></h1>
        <p class="muted">{t(Msg::CmpQueueHint)}</p>
        <nav class="subnav" aria-label=t(Msg::CmpCases) data-test="complaint-sections">
            <a href="/admin/complaints/breaches">{t(Msg::CmpNavBreaches)}</a> " "
            <a href="/admin/complaints/disputes">{t(Msg::CmpNavDisputes)}</a> " "
            <a href="/admin/complaints/reports">{t(Msg::CmpNavReports)}</a> " "
            <a href="/admin/complaints/settings">{t(Msg::CmpNavSettings)}</a>
        </nav>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(q) => view! {
                        <nav class="subnav" aria-label=t(Msg::CmpQueueTitle) data-test="complaint-views">
                            {VIEWS.into_iter().map(|(v, m)| view! {
                                <a href=format!("/admin/complaints?view={v}") aria-current=(current() == v).then_some("page") data-view=v>
                                    {t(m)} " " <span class="badge badge-muted" data-test="view-count">{count_of(&q, v)}</span>
                                </a> " "
                            }).collect_view()}
                        </nav>
                        <section class="card">
                            <ComplaintList rows=q.rows admin=true />
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
        <details class="card">
            <summary>{t(Msg::CmpRecord)}</summary>
            <ActionForm action=record attr:class="form" attr:data-test="record-complaint">
                <FormAlert error=err />
                <Field label=Msg::InvCustomerEmail name="customer_email" kind="email" required=true error=err />
                <div class="field">
                    <label for="cmp-channel">{t(Msg::ReqChannel)}</label>
                    <select id="cmp-channel" name="channel">
                        {[Channel::Phone, Channel::Email, Channel::Branch].into_iter().map(|c| view! { <option value=c.as_str()>{t(channel_msg(c))}</option> }).collect_view()}
                    </select>
                </div>
                <Field label=Msg::ReqReceivedAt name="received_at" kind="datetime-local" error=err />
                <Field label=Msg::CmpSubject name="subject" required=true error=err />
                <TextArea label=Msg::CmpBody name="body" required=true error=err />
                <Field label=Msg::CmpReference name="reference" hint=Msg::CmpReferenceHint error=err />
                <Field label=Msg::CmpAgentEmail name="agent_email" kind="email" error=err />
                <div><button type="submit" class="btn btn-primary">{t(Msg::CmpSend)}</button></div>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn ComplaintAdminPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::HandleComplaints>
            <ComplaintAdmin />
        </Guard>
    }
}

#[component]
fn ComplaintAdmin() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let c = Resource::new(move || (id(), changes.get()), |(id, _)| get_complaint(id));
    let act = ServerAction::<ActOnComplaint>::new();
    let propose = ServerAction::<ActOnComplaint>::new();
    let err = use_form_error(move || act.value().get());
    let perr = use_form_error(move || propose.value().get());
    // One effect per action: each must track its own result (a `||` would stop tracking the
    // second once the first has succeeded).
    for action in [act, propose] {
        Effect::new(move |_| {
            if matches!(action.value().get(), Some(Ok(_))) {
                changes.update(|n| *n += 1);
            }
        });
    }
    view! {
        <crate::PageTitle msg=Msg::CmpQueueTitle />
        <p><a href="/admin/complaints">{t(Msg::CmpQueueTitle)}</a></p>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match c.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(c) => {
                        let cid = c.summary.id;
                        let status = c.summary.status;
                        view! {
                            <ComplaintDocument c=c admin=true />
                            {(!status.is_finished()).then(|| view! {
                                <StaffActions id=cid status=status act=act err=err />
                            })}
                            {matches!(status, ComplaintStatus::Acknowledged | ComplaintStatus::Investigating | ComplaintStatus::Escalated).then(|| view! {
                                <ProposeForm id=cid action=propose err=perr />
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn StaffActions(
    id: i64,
    status: ComplaintStatus,
    act: ServerAction<ActOnComplaint>,
    err: Signal<FormError>,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::CmpActions)}</h2>
            <ActionForm action=act attr:class="form" attr:data-test="complaint-act">
                <FormAlert error=err />
                <input type="hidden" name="id" value=id />
                <TextArea label=Msg::CmpNoteLabel name="note" error=err id="cmp-note" />
                <div>
                    {(status == ComplaintStatus::Received).then(|| view! {
                        <button type="submit" name="step" value="acknowledge" class="btn btn-primary">{t(Msg::CmpActAcknowledge)}</button> " "
                    })}
                    {matches!(status, ComplaintStatus::Acknowledged | ComplaintStatus::Escalated).then(|| view! {
                        <button type="submit" name="step" value="investigate" class="btn">{t(Msg::CmpActInvestigate)}</button> " "
                    })}
                    <button type="submit" name="step" value="note" class="btn btn-quiet">{t(Msg::ReqAddNote)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ProposeForm(
    id: i64,
    action: ServerAction<ActOnComplaint>,
    err: Signal<FormError>,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::CmpActPropose)} " " <ClauseRef id="7.3" /></h2>
            <ActionForm action=action attr:class="form" attr:data-test="complaint-propose">
                <FormAlert error=err />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="step" value="propose" />
                <div class="field">
                    <label for="cmp-finding">{t(Msg::CmpFinding)}</label>
                    <select id="cmp-finding" name="finding">
                        {Finding::ALL.into_iter().map(|f| view! { <option value=f.as_str()>{t(f.msg())}</option> }).collect_view()}
                    </select>
                </div>
                <TextArea label=Msg::CmpRemedy name="remedy" required=true error=err id="cmp-remedy" />
                <Field label=Msg::CmpCompensationYuan name="compensation_yuan" inputmode="decimal" error=err id="cmp-compensation" />
                <div class="field">
                    <label for="cmp-form">{t(Msg::CmpCompensationForm)}</label>
                    <select id="cmp-form" name="form">
                        {CompensationForm::ALL.into_iter().map(|f| view! { <option value=f.as_str()>{t(f.msg())}</option> }).collect_view()}
                    </select>
                </div>
                <div><button type="submit" class="btn btn-primary">{t(Msg::CmpActPropose)}</button></div>
            </ActionForm>
        </section>
    }
}
