//! The service desk (clause 3). Customers: `/portal/requests` (ask, list) and
//! `/portal/requests/:id` (thread, SLA countdown, place in the queue, reply, reopen). Staff:
//! `/admin/queue` (VIP-first queue, filters, keyset pages, log a contact) and
//! `/admin/queue/:id` (thread with internal notes, reply / ask / note / resolve).

use crate::api::desk::{
    get_my_requests, get_queue, get_queue_counts, get_request, get_routing_options, ActOnRequest,
    LogContact, OpenRequest, ReplyRequest, RouteRequest,
};
use crate::components::forms::{use_form_error, Field, FormAlert};
use crate::components::guard::Guard;
use crate::pages::billing::id_param;
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::desk::{
    countdown, Channel, QueueCounts, RequestKind, RequestStatus, RequestSummary, RequestView,
    RoutingOptions, TimelineEntry, TimelineKind,
};
use vipcare::queue::Urgency;
use vipcare::sla::Stage;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

fn kind_msg(k: RequestKind) -> Msg {
    match k {
        RequestKind::Consultation => Msg::ReqKindConsultation,
        RequestKind::CustomPlan => Msg::ReqKindCustomPlan,
        RequestKind::Other => Msg::ReqKindOther,
    }
}

fn urgency_msg(u: Urgency) -> Msg {
    match u {
        Urgency::Low => Msg::ReqUrgencyLow,
        Urgency::Normal => Msg::ReqUrgencyNormal,
        Urgency::High => Msg::ReqUrgencyHigh,
        Urgency::Urgent => Msg::ReqUrgencyUrgent,
    }
}

pub fn channel_msg(c: Channel) -> Msg {
    match c {
        Channel::Web => Msg::ReqChannelWeb,
        Channel::Phone => Msg::ReqChannelPhone,
        Channel::Email => Msg::ReqChannelEmail,
        Channel::Branch => Msg::ReqChannelBranch,
    }
}

fn status_badge(s: RequestStatus) -> impl IntoView {
    let class = match s {
        RequestStatus::New => "badge badge-gold",
        RequestStatus::Open => "badge badge-info",
        RequestStatus::WaitingOnCustomer => "badge badge-muted",
        RequestStatus::Resolved | RequestStatus::Closed => "badge badge-ok",
    };
    view! { <span class=class data-test="request-status" data-status=s.as_str()>{t(s.msg())}</span> }
}

/// A due time, and once hydrated a live countdown to it (the plain time without JavaScript).
#[component]
fn Due(due_ms: i64) -> impl IntoView {
    let now = RwSignal::new(None::<i64>);
    #[cfg(feature = "hydrate")]
    {
        let tick = move || now.set(Some(web_sys::js_sys::Date::now() as i64));
        Effect::new(move |_| tick());
        if let Ok(h) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
            on_cleanup(move || h.clear());
        }
    }
    view! {
        <span data-test="sla-due">{format_shanghai(due_ms)}</span>
        {move || now.get().map(|n| view! {
            " " <span class=if due_ms < n { "badge badge-error" } else { "badge badge-muted" } data-test="sla-countdown">{countdown(due_ms - n)}</span>
        })}
    }
}

#[component]
fn RequestFields(error: Signal<crate::components::forms::FormError>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="req-kind">{t(Msg::ReqKind)}</label>
            <select id="req-kind" name="kind">
                {RequestKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{t(kind_msg(k))}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="req-urgency">{t(Msg::ReqUrgency)}</label>
            <select id="req-urgency" name="urgency">
                {Urgency::ALL.into_iter().map(|u| view! { <option value=u.as_str() selected=u == Urgency::Normal>{t(urgency_msg(u))}</option> }).collect_view()}
            </select>
        </div>
        <Field label=Msg::ReqSubject name="subject" required=true error=error />
        <TextArea label=Msg::ReqBody name="body" required=true error=error />
    }
}

#[component]
fn RequestList(rows: Vec<RequestSummary>, admin: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{t(Msg::ReqNone)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-test="requests">
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{t(Msg::ReqSubject)}</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::FullName)}</th> <th scope="col">{t(Msg::QueueLevel)}</th> })}
                        <th scope="col">{t(Msg::ReqUrgency)}</th>
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                        <th scope="col" data-deadline="next-due">{t(Msg::QueueDue)} " " <ClauseRef id="3.2.1" /></th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::ReqAssignee)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let href = if admin { format!("/admin/queue/{}", r.id) } else { format!("/portal/requests/{}", r.id) };
                        view! {
                            <tr data-request=r.id>
                                <td><a href=href.clone()>{format!("#{}", r.id)}</a></td>
                                <td><a href=href>{r.subject.clone()}</a> " " <span class="muted small">{t(kind_msg(r.kind))} " · " {t(channel_msg(r.channel))}</span></td>
                                {admin.then(|| view! {
                                    <td>{r.customer_name.clone()}</td>
                                    <td>{(r.level_rank > 0).then(|| view! { <span class="badge badge-gold" data-test="vip">{t(Msg::ReqVip)}</span> })}</td>
                                })}
                                <td>{t(urgency_msg(r.urgency))}</td>
                                <td>{status_badge(r.status)}</td>
                                <td>{r.next_due_ms.filter(|_| r.status.is_active()).map(format_shanghai).unwrap_or_default()}</td>
                                {admin.then(|| view! { <td>{r.assignee_name.clone().unwrap_or_else(|| t(Msg::ReqUnassigned).to_string())}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn timeline_text(e: &TimelineEntry) -> String {
    let who = e.actor_name.clone().unwrap_or_default();
    match &e.kind {
        TimelineKind::Opened => format!("{} · {who}", t(Msg::TlOpened)),
        TimelineKind::Status { from, to } => {
            format!("{} → {} · {who}", t(from.msg()), t(to.msg()))
        }
        TimelineKind::Claimed => format!("{who} {}", t(Msg::TlClaimed)),
        TimelineKind::Assigned => format!(
            "{who} {} {}",
            t(Msg::TlAssigned),
            e.assignee_name.clone().unwrap_or_default()
        ),
        TimelineKind::Transferred => format!(
            "{who} {} {}",
            t(Msg::TlTransferred),
            e.branch_name.clone().unwrap_or_default()
        ),
        TimelineKind::Sla {
            first_response,
            stage,
        } => format!(
            "{}: {}",
            t(if *first_response {
                Msg::TlFirstResponse
            } else {
                Msg::TlResolution
            }),
            t(match stage {
                Stage::AtRisk => Msg::TlSlaAtRisk,
                Stage::Breached => Msg::TlSlaBreached,
                Stage::Escalated => Msg::TlSlaEscalated,
            })
        ),
    }
}

/// What happened on the request, oldest first (customers: no notes, no SLA records).
#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{t(Msg::ReqTimeline)}</h2>
            <ol class="timeline" data-test="timeline">
                {entries.into_iter().map(|e| {
                    let sla = match &e.kind { TimelineKind::Sla { stage, .. } => Some(stage.as_str()), _ => None };
                    view! {
                        <li data-sla=sla>
                            <span class="muted small">{format_shanghai(e.at_ms)}</span> " "
                            <span>{timeline_text(&e)}</span>
                            {(!e.note.is_empty()).then(|| view! { <span class="muted">" — " {e.note.clone()}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The request with its SLA clocks and thread.
#[component]
fn RequestDocument(r: RequestView, admin: bool) -> impl IntoView {
    let waiting = r.status == RequestStatus::WaitingOnCustomer;
    let timeline = r.timeline.clone();
    view! {
        <article class="card" data-test="request">
            <h1>{format!("#{} ", r.id)} {r.subject.clone()} " " {status_badge(r.status)} " " <ClauseRef id="3.2.1" /></h1>
            <dl class="facts">
                {admin.then(|| view! { <div><dt>{t(Msg::FullName)}</dt><dd>{r.customer_name.clone()} {(r.level_rank > 0).then(|| view! { " " <span class="badge badge-gold">{t(Msg::ReqVip)}</span> })}</dd></div> })}
                <div><dt>{t(Msg::ReqKind)}</dt><dd>{t(kind_msg(r.kind))} " · " {t(channel_msg(r.channel))} " · " {t(urgency_msg(r.urgency))}</dd></div>
                <div><dt>{t(Msg::ReqAssignee)}</dt><dd data-test="assignee">{r.assignee_name.clone().or(r.branch_name.clone()).unwrap_or_else(|| t(Msg::ReqUnassigned).to_string())}</dd></div>
                {match (r.first_response_at_ms, r.first_response_due_ms) {
                    (Some(at), _) => view! { <div><dt>{t(Msg::ReqFirstResponseAt)}</dt><dd data-test="first-response-at">{format_shanghai(at)}
                        {r.first_response_due_ms.map(|d| if at <= d { " ✓" } else { " ✗" })}</dd></div> }.into_any(),
                    (None, Some(d)) if r.status.is_active() => view! { <div data-deadline="first-response"><dt>{t(Msg::ReqFirstResponseDue)} " " <ClauseRef id="3.2.1" /></dt><dd><Due due_ms=d /></dd></div> }.into_any(),
                    _ => ().into_any(),
                }}
                {r.resolution_due_ms.filter(|_| r.status.is_active()).map(|d| view! {
                    <div data-deadline="resolution"><dt>{t(Msg::ReqResolutionDue)} " " <ClauseRef id="3.2.1" /></dt><dd><Due due_ms=d /></dd></div>
                })}
                {r.resolved_at_ms.filter(|_| r.status == RequestStatus::Resolved).map(|at| view! {
                    <div data-deadline="reopen"><dt>{t(Msg::ReqReopenUntil)} " " <ClauseRef id="3.2.1" /></dt>
                        <dd data-test="reopen-until">{format_shanghai(at + vipcare::desk::REOPEN_DAYS * 86_400_000)}</dd></div>
                })}
                {waiting.then(|| view! { <div data-deadline="resolution"><dt>{t(Msg::ReqResolutionDue)} " " <ClauseRef id="3.2.1" /></dt><dd data-test="sla-paused">{t(Msg::ReqPaused)}</dd></div> })}
                {r.queue_position.map(|p| view! { <div><dt>{t(if admin { Msg::QueuePosition } else { Msg::ReqPosition })}</dt><dd data-test="queue-position">{p}</dd></div> })}
                {r.plan_id.map(|p| {
                    let href = if admin { format!("/admin/billing/plans/{p}") } else { format!("/portal/plans/{p}") };
                    view! { <div><dt>{t(Msg::ReqPlanLink)}</dt><dd><a href=href data-test="plan-link">{format!("#{p}")}</a> " " <ClauseRef id="3.2.3" /></dd></div> }
                })}
            </dl>
            <ol class="thread" data-test="thread">
                {r.messages.iter().map(|m| view! {
                    <li class=if m.internal { "msg msg-internal" } else if m.from_staff { "msg msg-staff" } else { "msg" } data-internal=m.internal.to_string()>
                        <p class="muted small">{m.author_name.clone()} " · " {format_shanghai(m.at_ms)} {m.internal.then(|| view! { " · " <strong>{t(Msg::ReqInternalNote)}</strong> })}</p>
                        <p class="prewrap">{m.body.clone()}</p>
                    </li>
                }).collect_view()}
            </ol>
        </article>
        <Timeline entries=timeline />
    }
}

// ---------------------------------------------------------------- customer

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyRequests />
        </Guard>
    }
}

#[component]
fn MyRequests() -> impl IntoView {
    let list = Resource::new(|| (), |_| get_my_requests());
    let open = ServerAction::<OpenRequest>::new();
    let err = use_form_error(move || open.value().get());
    view! {
        <crate::PageTitle msg=Msg::ReqTitle />
        <h1>{t(Msg::ReqTitle)} " " <ClauseRef id="3.2.1" /></h1>
        <p>{t(Msg::ReqIntro)}</p>
        <section class="card">
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(l) => view! { <RequestList rows=l admin=false /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{t(Msg::ReqNew)}</h2>
            <ActionForm action=open attr:class="form" attr:data-test="request-form">
                <FormAlert error=err />
                <RequestFields error=err />
                <div><button type="submit" class="btn btn-primary">{t(Msg::ReqSend)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn MyRequestPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyRequest />
        </Guard>
    }
}

#[component]
fn MyRequest() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let req = Resource::new(move || (id(), changes.get()), |(id, _)| get_request(id));
    let reply = ServerAction::<ReplyRequest>::new();
    let err = use_form_error(move || reply.value().get());
    Effect::new(move |_| {
        if matches!(reply.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    view! {
        <crate::PageTitle msg=Msg::ReqTitle />
        <p><a href="/portal/requests">{t(Msg::ReqTitle)}</a></p>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match req.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(r) => {
                        let rid = r.id;
                        let status = r.status;
                        let files = r.clone();
                        view! {
                            <RequestDocument r=r admin=false />
                            {matches!(status, RequestStatus::Resolved | RequestStatus::Closed).then(|| view! {
                                <crate::pages::feedback::RateItem kind=vipcare::feedback::ItemKind::Request id=rid />
                            })}
                            <Attachments r=files changes=changes />
                            {(status != RequestStatus::Closed).then(|| view! {
                                <section class="card">
                                    <ActionForm action=reply attr:class="form" attr:data-test="request-reply">
                                        <FormAlert error=err />
                                        <input type="hidden" name="id" value=rid />
                                        <TextArea label=Msg::ReqBody name="body" required=true error=err />
                                        {if status == RequestStatus::Resolved {
                                            view! { <button type="submit" name="reopen" value="1" class="btn">{t(Msg::ReqReopen)}</button> }.into_any()
                                        } else {
                                            view! { <button type="submit" class="btn btn-primary">{t(Msg::ReqReply)}</button> }.into_any()
                                        }}
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
pub fn QueuePageView() -> impl IntoView {
    view! {
        <Guard permission=Permission::HandleRequests>
            <Queue />
        </Guard>
    }
}

/// The queue's filter tabs, each with its count (loaded apart so the first page never waits).
const SCOPES: [(&str, Msg); 5] = [
    ("all", Msg::QueueAll),
    ("mine", Msg::QueueMine),
    ("branch", Msg::QueueMyBranch),
    ("unassigned", Msg::QueueUnassigned),
    ("breached", Msg::QueueBreached),
];

fn count_of(c: &QueueCounts, scope: &str) -> i64 {
    match scope {
        "mine" => c.mine,
        "branch" => c.branch,
        "unassigned" => c.unassigned,
        "breached" => c.breached,
        _ => c.all,
    }
}

#[component]
fn Queue() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &'static str| query.with(|q| q.get(k)).filter(|v| !v.is_empty());
    let scope = move || get("scope").unwrap_or_else(|| "all".into());
    let page = Resource::new(
        move || (scope(), get("kind"), get("channel"), get("after")),
        |(s, k, c, a)| get_queue(s, k, c, a),
    );
    let counts = Resource::new(|| (), |_| get_queue_counts());
    let filters = move || {
        let mut q = String::new();
        for k in ["kind", "channel"] {
            if let Some(v) = get(k) {
                q.push_str(&format!("&{k}={v}"));
            }
        }
        q
    };
    let log = ServerAction::<LogContact>::new();
    let err = use_form_error(move || log.value().get());
    view! {
        <crate::PageTitle msg=Msg::QueueTitle />
        <h1>{t(Msg::QueueTitle)} " " <ClauseRef id="3.2.2" /></h1>
        <p class="muted">{t(Msg::QueueHint)}</p>
        <nav class="subnav" aria-label=t(Msg::QueueTitle) data-test="queue-scopes">
            {SCOPES.into_iter().map(|(s, m)| view! {
                <a href=move || format!("/admin/queue?scope={s}{}", filters()) aria-current=move || (scope() == s).then_some("page") data-scope=s>
                    {t(m)} " "
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            counts.await.ok().map(|c| view! { <span class="badge badge-muted" data-test="scope-count">{count_of(&c, s)}</span> })
                        })}
                    </Suspense>
                </a> " "
            }).collect_view()}
        </nav>
        <form method="get" action="/admin/queue" class="form form-inline" data-test="queue-filter">
            <input type="hidden" name="scope" value=scope />
            <div class="field">
                <label for="q-kind">{t(Msg::ReqKind)}</label>
                <select id="q-kind" name="kind">
                    <option value="">{t(Msg::QueueAnyKind)}</option>
                    {RequestKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=move || get("kind").as_deref() == Some(k.as_str())>{t(kind_msg(k))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="q-channel">{t(Msg::ReqChannel)}</label>
                <select id="q-channel" name="channel">
                    <option value="">{t(Msg::QueueAnyChannel)}</option>
                    {Channel::ALL.into_iter().map(|c| view! { <option value=c.as_str() selected=move || get("channel").as_deref() == Some(c.as_str())>{t(channel_msg(c))}</option> }).collect_view()}
                </select>
            </div>
            <div><button type="submit" class="btn">{t(Msg::QueueFilterBtn)}</button></div>
        </form>
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(p) => view! {
                            <RequestList rows=p.rows admin=true />
                            {p.next.map(|c| view! { <p><a href=format!("/admin/queue?scope={}{}&after={c}", scope(), filters())>{t(Msg::QueueNext)}</a></p> })}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <details class="card">
            <summary>{t(Msg::ReqLogContact)}</summary>
            <ActionForm action=log attr:class="form" attr:data-test="log-contact">
                <FormAlert error=err />
                <Field label=Msg::InvCustomerEmail name="customer_email" kind="email" required=true error=err />
                <div class="field">
                    <label for="req-channel">{t(Msg::ReqChannel)}</label>
                    <select id="req-channel" name="channel">
                        {[Channel::Phone, Channel::Email, Channel::Branch].into_iter().map(|c| view! { <option value=c.as_str()>{t(channel_msg(c))}</option> }).collect_view()}
                    </select>
                </div>
                <Field label=Msg::ReqReceivedAt name="received_at" kind="datetime-local" error=err />
                <RequestFields error=err />
                <div><button type="submit" class="btn btn-primary">{t(Msg::ReqSend)}</button></div>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn QueueItemPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::HandleRequests>
            <QueueItem />
        </Guard>
    }
}

#[component]
fn QueueItem() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let req = Resource::new(move || (id(), changes.get()), |(id, _)| get_request(id));
    let act = ServerAction::<ActOnRequest>::new();
    let err = use_form_error(move || act.value().get());
    Effect::new(move |_| {
        if matches!(act.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    view! {
        <crate::PageTitle msg=Msg::QueueTitle />
        <p><a href="/admin/queue">{t(Msg::QueueTitle)}</a></p>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match req.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(r) => {
                        let rid = r.id;
                        let active = !matches!(r.status, RequestStatus::Resolved | RequestStatus::Closed);
                        let files = r.clone();
                        view! {
                            <RequestDocument r=r admin=true />
                            <Attachments r=files changes=changes />
                            <section class="card">
                                <ActionForm action=act attr:class="form" attr:data-test="request-act">
                                    <FormAlert error=err />
                                    <input type="hidden" name="id" value=rid />
                                    <TextArea label=Msg::ReqBody name="body" error=err />
                                    <div class="actions">
                                        {active.then(|| view! {
                                            <button type="submit" name="action" value="reply" class="btn btn-primary">{t(Msg::ReqReply)}</button> " "
                                            <button type="submit" name="action" value="ask" class="btn">{t(Msg::ReqAskCustomer)}</button> " "
                                            <button type="submit" name="action" value="resolve" class="btn">{t(Msg::ReqResolve)}</button> " "
                                        })}
                                        <button type="submit" name="action" value="note" class="btn btn-quiet">{t(Msg::ReqAddNote)}</button>
                                    </div>
                                </ActionForm>
                            </section>
                            {active.then(|| view! { <Routing id=rid changes=changes /> })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Claim, assign or transfer (with a note) a request that is not yet resolved (clause 3.2.2).
#[component]
fn Routing(id: i64, changes: RwSignal<usize>) -> impl IntoView {
    let options = Resource::new(|| (), |_| get_routing_options());
    let route = ServerAction::<RouteRequest>::new();
    let err = use_form_error(move || route.value().get());
    Effect::new(move |_| {
        if matches!(route.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let form = move |o: RoutingOptions| {
        view! {
            <FormAlert error=err />
            <ActionForm action=route attr:class="form form-inline" attr:data-test="route-claim">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="route" value="claim" />
                <button type="submit" class="btn">{t(Msg::ReqClaim)}</button>
            </ActionForm>
            <ActionForm action=route attr:class="form" attr:data-test="route-assign">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="route" value="assign" />
                <div class="field">
                    <label for="route-assignee">{t(Msg::ReqAssignTo)}</label>
                    <select id="route-assignee" name="assignee">
                        {o.handlers.into_iter().map(|h| {
                            let label = format!(
                                "{}{}{}",
                                h.name,
                                h.branch_name.map(|b| format!(" · {b}")).unwrap_or_default(),
                                if h.away { format!(" ({})", t(Msg::ReqAway)) } else { String::new() },
                            );
                            view! { <option value=h.id>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextArea label=Msg::ReqRouteNote name="note" error=err id="assign-note" />
                <div><button type="submit" class="btn">{t(Msg::ReqAssign)}</button></div>
            </ActionForm>
            <ActionForm action=route attr:class="form" attr:data-test="route-transfer">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="route" value="transfer" />
                <div class="field">
                    <label for="route-branch">{t(Msg::ReqTransferTo)}</label>
                    <select id="route-branch" name="branch">
                        {o.branches.into_iter().map(|(bid, name)| view! { <option value=bid>{name}</option> }).collect_view()}
                    </select>
                </div>
                <TextArea label=Msg::ReqRouteNote name="note" error=err id="transfer-note" />
                <div><button type="submit" class="btn">{t(Msg::ReqTransfer)}</button></div>
            </ActionForm>
        }
    };
    view! {
        <section class="card" aria-labelledby="routing-h">
            <h2 id="routing-h">{t(Msg::ReqRouting)} " " <ClauseRef id="3.4.2" /></h2>
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match options.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(o) => form(o).into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The request's attachments, with an upload form while it is not closed (clause 2.2.1's
/// rules: PDF, JPEG or PNG by content, at most 10 MB). `changes` refreshes the request.
#[component]
fn Attachments(r: RequestView, changes: RwSignal<usize>) -> impl IntoView {
    let upload_error = RwSignal::new(None::<crate::error::AppError>);
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
                match crate::api::desk::attach_request_file(data.into()).await {
                    Ok(_) => changes.update(|n| *n += 1),
                    Err(e) => upload_error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let open = r.status != RequestStatus::Closed;
    let rid = r.id;
    view! {
        <section class="card" aria-labelledby="files-h">
            <h2 id="files-h">{t(Msg::ReqFiles)}</h2>
            {if r.files.is_empty() {
                view! { <p class="muted">{t(Msg::ReqFilesNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="files" data-test="request-files">
                        {r.files.into_iter().map(|f| view! {
                            <li>
                                <a href=format!("/files/{}", f.file.id)>{f.file.name.clone()}</a>
                                " " <span class="muted small">{format!("{} · {} KB · {} · {}", f.file.mime, (f.file.size + 1023) / 1024, f.uploaded_by, format_shanghai(f.file.created_at))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {move || upload_error.get().map(|e| view! { <p class="notice notice-error" role="alert" data-test="upload-error">{t(e.msg())}</p> })}
            {open.then(|| view! {
                <form class="form form-inline" data-test="request-file-form" method="post" enctype="multipart/form-data" action="/api/requests/attach" on:submit=on_submit>
                    <input type="hidden" name="request_id" value=rid />
                    <div class="field">
                        <label for="request-file">{t(Msg::MaterialsFile)}</label>
                        <input id="request-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png" required />
                        <p class="hint">{t(Msg::MaterialsHint)}</p>
                    </div>
                    <button type="submit" class="btn btn-quiet" disabled=move || busy.get()>{t(Msg::MaterialsUpload)}</button>
                </form>
            })}
        </section>
    }
}
