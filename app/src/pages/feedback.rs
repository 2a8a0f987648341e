//! Feedback (5.3.1): customers at `/portal/feedback` (what awaits their rating, what they said
//! so far, free-form feedback at any time) and with [`RateItem`] on a finished request's or
//! complaint's page; staff record feedback received by phone, e-mail or at a branch and read
//! the list at `/admin/quality/feedback`.

use crate::api::feedback::{
    get_feedback_list, get_item_rating, get_my_feedback, GiveFeedback, RateFeedbackItem,
    RecordFeedback,
};
use crate::components::forms::{use_form_error, Field, FormAlert, FormError};
use crate::components::guard::Guard;
use crate::pages::desk::channel_msg;
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::desk::Channel;
use vipcare::feedback::{stars, FeedbackView, ItemKind, ItemRating};
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

/// What each point of the scale means.
fn rating_msg(n: i64) -> Msg {
    match n {
        1 => Msg::FbRating1,
        2 => Msg::FbRating2,
        3 => Msg::FbRating3,
        4 => Msg::FbRating4,
        _ => Msg::FbRating5,
    }
}

/// A rating as stars (for the eye) and `n/5` (for everyone, screen readers included).
fn rating_cell(rating: Option<i64>) -> AnyView {
    match rating {
        Some(r) => view! {
            <span class="fb-stars" aria-hidden="true">{stars(r)}</span>
            " "
            <span data-test="rating-value">{format!("{r}/5")}</span>
        }
        .into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// The field error of `name`, if the form's error belongs to it.
fn field_error(err: Signal<FormError>, name: &'static str) -> impl Fn() -> Option<Msg> + Copy {
    move || {
        err.get()
            .and_then(|(f, m)| (f.as_deref() == Some(name)).then_some(m))
    }
}

/// A select of "no rating" and 5 … 1.
#[component]
fn RatingSelect(
    id: &'static str,
    label: Msg,
    #[prop(optional)] any: Option<Msg>,
    #[prop(optional, into)] selected: Option<Signal<Option<String>>>,
    err: Option<Signal<FormError>>,
) -> impl IntoView {
    let is = move |v: &str| {
        selected
            .map(|s| s.get().as_deref() == Some(v))
            .unwrap_or(false)
    };
    let my_error = move || {
        err.and_then(|e| {
            e.get()
                .and_then(|(f, m)| (f.as_deref() == Some("rating")).then_some(m))
        })
    };
    view! {
        <div class="field" class:field-invalid=move || my_error().is_some()>
            <label for=id>{t(label)}</label>
            <select id=id name="rating">
                <option value="">{t(any.unwrap_or(Msg::FbNoRating))}</option>
                {(1..=5).rev().map(|n| {
                    let v = n.to_string();
                    let sel = { let v = v.clone(); move || is(&v) };
                    view! { <option value=v selected=sel>{t(rating_msg(n))}</option> }
                }).collect_view()}
            </select>
            {move || my_error().map(|m| view! { <p class="field-error">{t(m)}</p> })}
        </div>
    }
}

// ---------------------------------------------------------------- the rating form

/// The rating of a finished request (`kind` = request) or closed complaint on its page: 1–5
/// radio buttons in a fieldset, an optional comment; once rated, the stored rating
/// (`data-test="my-rating"`, `data-rating`) and — for 7 days after the first rating — the
/// form to change it. An `ActionForm`, so it works without JavaScript too.
#[component]
pub fn RateItem(kind: ItemKind, id: i64) -> impl IntoView {
    let changes = RwSignal::new(0usize);
    let state = Resource::new(
        move || changes.get(),
        move |_| get_item_rating(kind.as_str().to_string(), id),
    );
    let rate = ServerAction::<RateFeedbackItem>::new();
    let err = use_form_error(move || rate.value().get());
    Effect::new(move |_| {
        if matches!(rate.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let saved = move || matches!(rate.value().get(), Some(Ok(_)));
    view! {
        <section class="card fb-rate" id="rate" aria-labelledby="rate-h" data-test="rate-item">
            <h2 id="rate-h">{t(Msg::FbRateTitle)} " " <ClauseRef id="5.3.1" /></h2>
            {move || saved().then(|| view! { <p class="notice notice-ok" role="status" data-test="rated">{t(Msg::FbThanks)}</p> })}
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match state.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(s) => rate_form(s, rate, err),
                    }
                })}
            </Transition>
        </section>
    }
}

fn rate_form(
    s: ItemRating,
    rate: ServerAction<RateFeedbackItem>,
    err: Signal<FormError>,
) -> AnyView {
    if !s.finished {
        return ().into_any();
    }
    let current = s.feedback.as_ref().and_then(|f| f.rating);
    let comment = s
        .feedback
        .as_ref()
        .map(|f| f.comment.clone())
        .unwrap_or_default();
    let rating_error = field_error(err, "rating");
    let stored = s.feedback.as_ref().and_then(|f| {
        f.rating.map(|r| {
            view! {
                <p data-test="my-rating" data-rating=r>
                    {t(Msg::FbYourRating)} ": "
                    {rating_cell(Some(r))}
                    {(!f.comment.is_empty()).then(|| view! { <span class="muted prewrap">" — " {f.comment.clone()}</span> })}
                </p>
            }
        })
    });
    let form = if s.can_rate {
        view! {
            <ActionForm action=rate attr:class="form" attr:data-test="rate-form">
                <FormAlert error=err />
                <input type="hidden" name="kind" value=s.item.kind.as_str() />
                <input type="hidden" name="id" value=s.item.id />
                <fieldset class="fb-scale" aria-describedby="rate-hint">
                    <legend>{t(Msg::FbRatingLegend)}</legend>
                    {(1..=5).map(|n| view! {
                        <label class="fb-option">
                            <input type="radio" name="rating" value=n checked=current == Some(n) required=true />
                            " " <span class="fb-stars" aria-hidden="true">{stars(n)}</span>
                            " " <span>{t(rating_msg(n))}</span>
                        </label>
                    }).collect_view()}
                    {move || rating_error().map(|m| view! { <p class="field-error">{t(m)}</p> })}
                </fieldset>
                <p class="hint" id="rate-hint">{t(Msg::FbRateHint)}</p>
                <TextArea label=Msg::FbComment name="comment" id="rate-comment" value=comment error=err />
                {s.change_until.map(|u| view! {
                    <p class="muted small" data-test="change-until">{t(Msg::FbChangeUntil)} " " {format_shanghai(u)}</p>
                })}
                <div>
                    <button type="submit" class="btn btn-primary">
                        {t(if current.is_some() { Msg::FbChange } else { Msg::FbSubmit })}
                    </button>
                </div>
            </ActionForm>
        }
        .into_any()
    } else if s.feedback.is_some() {
        view! { <p class="muted" data-test="rating-locked">{t(Msg::FbChangeClosedNote)}</p> }
            .into_any()
    } else {
        ().into_any()
    };
    view! { {stored} {form} }.into_any()
}

// ---------------------------------------------------------------- customer

#[component]
pub fn MyFeedbackPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyFeedbackView />
        </Guard>
    }
}

#[component]
fn MyFeedbackView() -> impl IntoView {
    let changes = RwSignal::new(0usize);
    let data = Resource::new(move || changes.get(), |_| get_my_feedback());
    let give = ServerAction::<GiveFeedback>::new();
    let err = use_form_error(move || give.value().get());
    Effect::new(move |_| {
        if matches!(give.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let saved = move || matches!(give.value().get(), Some(Ok(_)));
    view! {
        <crate::PageTitle msg=Msg::FbMyTitle />
        <h1>{t(Msg::FbMyTitle)} " " <ClauseRef id="5.3.1" /></h1>
        <p>{t(Msg::FbMyIntro)}</p>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(m) => view! {
                        <section class="card" aria-labelledby="fb-awaiting-h">
                            <h2 id="fb-awaiting-h">{t(Msg::FbAwaiting)}</h2>
                            {if m.awaiting.is_empty() {
                                view! { <p class="muted" data-test="awaiting-none">{t(Msg::FbAwaitingNone)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="fb-awaiting" data-test="awaiting">
                                        {m.awaiting.into_iter().map(|a| {
                                            let href = format!("{}#rate", a.item.item.portal_href());
                                            view! {
                                                <li data-item=a.item.item.key()>
                                                    <a href=href.clone()>{a.item.label.clone()}</a>
                                                    " " <span class="muted small">{format_shanghai(a.finished_at)}</span>
                                                    " " <a class="btn btn-quiet" href=href>{t(Msg::FbRateLink)}</a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        <section class="card" aria-labelledby="fb-history-h">
                            <h2 id="fb-history-h">{t(Msg::FbHistory)}</h2>
                            <FeedbackTable rows=m.history admin=false />
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
        <section class="card" aria-labelledby="fb-free-h">
            <h2 id="fb-free-h">{t(Msg::FbFreeForm)}</h2>
            <p class="muted">{t(Msg::FbFreeFormHint)}</p>
            {move || saved().then(|| view! { <p class="notice notice-ok" role="status" data-test="feedback-saved">{t(Msg::FbThanks)}</p> })}
            <ActionForm action=give attr:class="form" attr:data-test="feedback-form">
                <FormAlert error=err />
                <RatingSelect id="fb-rating" label=Msg::FbRatingOptional err=Some(err) />
                <TextArea label=Msg::FbYourFeedback name="comment" id="fb-comment" required=true error=err />
                <div><button type="submit" class="btn btn-primary">{t(Msg::FbSend)}</button></div>
            </ActionForm>
        </section>
    }
}

/// Feedback rows: the customer's history or the staff list.
#[component]
fn FeedbackTable(rows: Vec<FeedbackView>, admin: bool) -> impl IntoView {
    if rows.is_empty() {
        let msg = if admin {
            Msg::FbNone
        } else {
            Msg::FbHistoryNone
        };
        return view! { <p class="muted" data-test="feedback-none">{t(msg)}</p> }.into_any();
    }
    let test = if admin {
        "feedback-list"
    } else {
        "my-feedback"
    };
    view! {
        <div class="table-wrap">
            <table class="table" data-test=test>
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::FbDate)}</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::FbCustomer)}</th> })}
                        <th scope="col">{t(Msg::FbAbout)}</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::FbAgent)}</th> })}
                        <th scope="col">{t(Msg::FbRating)}</th>
                        <th scope="col">{t(Msg::FbCommentCol)}</th>
                        <th scope="col">{t(Msg::ReqChannel)}</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::FbRecordedBy)}</th> })}
                        {(!admin).then(|| view! { <th scope="col"><span class="sr-only">{t(Msg::FbChangeLink)}</span></th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|f| {
                        let about = match &f.item {
                            Some(i) => {
                                let href = if admin { i.item.admin_href() } else { i.item.portal_href() };
                                view! { <a href=href data-test="feedback-item">{i.label.clone()}</a> }.into_any()
                            }
                            None => view! { <span class="muted">{t(Msg::FbGeneral)}</span> }.into_any(),
                        };
                        let change = f.item.as_ref().filter(|_| f.can_change && !admin).map(|i| {
                            view! { <a href=format!("{}#rate", i.item.portal_href()) data-test="feedback-change">{t(Msg::FbChangeLink)}</a> }
                        });
                        view! {
                            <tr data-feedback=f.id data-rating=f.rating data-channel=f.channel.as_str()>
                                <td class="small">{format_shanghai(f.created_at)}</td>
                                {admin.then(|| view! { <td>{f.customer_name.clone()} <br /> <span class="muted small">{f.customer_email.clone()}</span></td> })}
                                <td>{about}</td>
                                {admin.then(|| view! {
                                    <td>{f.agent_name.clone().unwrap_or_default()}
                                        {f.branch_name.clone().map(|b| view! { <br /> <span class="muted small">{b}</span> })}</td>
                                })}
                                <td class="fb-rating-cell">{rating_cell(f.rating)}</td>
                                <td class="prewrap">{f.comment.clone()}</td>
                                <td>{t(channel_msg(f.channel))}</td>
                                {admin.then(|| view! { <td>{f.recorded_by.clone().unwrap_or_default()}</td> })}
                                {(!admin).then(|| view! { <td>{change}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

// ---------------------------------------------------------------- staff

#[component]
pub fn FeedbackAdminPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::RecordFeedback>
            <FeedbackAdmin />
        </Guard>
    }
}

#[component]
fn FeedbackAdmin() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &'static str| query.with(|q| q.get(k)).filter(|v| !v.is_empty());
    let changes = RwSignal::new(0usize);
    let page = Resource::new(
        move || {
            (
                get("rating"),
                get("channel"),
                get("month"),
                get("before"),
                changes.get(),
            )
        },
        |(r, c, m, b, _)| get_feedback_list(r, c, m, b),
    );
    let record = ServerAction::<RecordFeedback>::new();
    let err = use_form_error(move || record.value().get());
    Effect::new(move |_| {
        if matches!(record.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let saved = move || matches!(record.value().get(), Some(Ok(_)));
    let filters = move || {
        let mut q = String::new();
        for k in ["rating", "channel", "month"] {
            if let Some(v) = get(k) {
                q.push_str(&format!("&{k}={v}"));
            }
        }
        q
    };
    let rating_filter = Signal::derive(move || get("rating"));
    view! {
        <crate::PageTitle msg=Msg::FbAdminTitle />
        <h1>{t(Msg::FbAdminTitle)} " " <ClauseRef id="5.3.1" /></h1>
        <p class="muted">{t(Msg::FbAdminIntro)}</p>
        <section class="card" aria-labelledby="fb-record-h">
            <h2 id="fb-record-h">{t(Msg::FbRecord)}</h2>
            {move || saved().then(|| view! { <p class="notice notice-ok" role="status" data-test="feedback-recorded">{t(Msg::FbRecorded)}</p> })}
            <ActionForm action=record attr:class="form" attr:data-test="record-feedback">
                <FormAlert error=err />
                <Field label=Msg::InvCustomerEmail name="customer_email" kind="email" required=true error=err id="fb-customer-email" />
                <div class="field">
                    <label for="fb-channel">{t(Msg::ReqChannel)}</label>
                    <select id="fb-channel" name="channel">
                        {[Channel::Phone, Channel::Email, Channel::Branch].into_iter().map(|c| view! { <option value=c.as_str()>{t(channel_msg(c))}</option> }).collect_view()}
                    </select>
                </div>
                <Field label=Msg::FbReference name="reference" hint=Msg::FbReferenceHint error=err id="fb-reference" />
                <RatingSelect id="fb-rating" label=Msg::FbRatingOptional err=Some(err) />
                <TextArea label=Msg::FbCommentCol name="comment" id="fb-comment" error=err />
                <div><button type="submit" class="btn btn-primary">{t(Msg::FbSend)}</button></div>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="fb-list-h">
            <h2 id="fb-list-h">{t(Msg::FbRecent)}</h2>
            <form method="get" action="/admin/quality/feedback" class="form form-inline" data-test="feedback-filter">
                <RatingSelect id="ff-rating" label=Msg::FbRating any=Msg::FbAnyRating selected=rating_filter err=None />
                <div class="field">
                    <label for="ff-channel">{t(Msg::ReqChannel)}</label>
                    <select id="ff-channel" name="channel">
                        <option value="">{t(Msg::QueueAnyChannel)}</option>
                        {Channel::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=move || get("channel").as_deref() == Some(c.as_str())>{t(channel_msg(c))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ff-month">{t(Msg::FbMonth)}</label>
                    <input id="ff-month" name="month" type="month" placeholder="2026-11" value=move || get("month") />
                </div>
                <div><button type="submit" class="btn">{t(Msg::QueueFilterBtn)}</button></div>
            </form>
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(p) => view! {
                            <FeedbackTable rows=p.rows admin=true />
                            {p.next.map(|c| view! {
                                <p><a href=format!("/admin/quality/feedback?before={c}{}", filters()) data-test="feedback-older">{t(Msg::FbOlder)}</a></p>
                            })}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
