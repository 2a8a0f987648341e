//! Custom service plans (clause 3.2.3). Customers: `/portal/plans` (ask, list) and
//! `/portal/plans/:id` (read the proposal, accept or decline). Finance:
//! `/admin/billing/plans` (queue) and `/admin/billing/plans/:id` (propose).

use crate::api::billing::get_fee_page;
use crate::api::plans::{
    get_my_plans, get_plan, get_plans, AnswerPlan, ProposePlan, RequestPlan, WithdrawPlan,
};
use crate::components::forms::{use_form_error, Field, FormAlert};
use crate::components::guard::Guard;
use crate::pages::billing::{id_param, BillingNav};
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::{t, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::money::percent_of_bp;
use vipcare::plans::{PlanStatus, PlanSummary, PlanView};
use vipcare::{Msg, Permission};

fn plan_badge(s: PlanStatus) -> impl IntoView {
    let class = match s {
        PlanStatus::Requested => "badge badge-gold",
        PlanStatus::Proposed => "badge badge-info",
        PlanStatus::Accepted => "badge badge-ok",
        PlanStatus::Declined | PlanStatus::Withdrawn => "badge badge-muted",
    };
    view! { <span class=class data-test="plan-status" data-status=s.as_str()>{t(s.msg())}</span> }
}

#[component]
fn PlanList(plans: Vec<PlanSummary>, admin: bool) -> impl IntoView {
    if plans.is_empty() {
        return view! { <p class="muted">{t(Msg::PlanNone)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-test="plans">
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::FullName)}</th> })}
                        <th scope="col">{t(Msg::PlanRequestLabel)}</th>
                        <th scope="col">{t(Msg::PlanRequestedOn)}</th>
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                        <th scope="col">{t(Msg::PlanValidUntil)}</th>
                    </tr>
                </thead>
                <tbody>
                    {plans.into_iter().map(|p| {
                        let href = if admin {
                            format!("/admin/billing/plans/{}", p.id)
                        } else {
                            format!("/portal/plans/{}", p.id)
                        };
                        view! {
                            <tr data-plan=p.id>
                                <td><a href=href>{format!("#{}", p.id)}</a></td>
                                {admin.then(|| view! { <td>{p.customer_name.clone()}</td> })}
                                <td>{p.request.clone()}</td>
                                <td>{p.requested_on.to_string()}</td>
                                <td>{plan_badge(p.status)} {p.invoice_number.clone().map(|n| view! { " " <span class="muted">{n}</span> })}</td>
                                <td>{p.valid_until.map(|d| d.to_string()).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The plan as both sides read it: the request, then the priced proposal.
#[component]
fn PlanDocument(plan: PlanView, admin: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <article class="card" data-test="plan">
            <h1>{t(Msg::PlanTitle)} {format!(" #{} ", plan.id)} {plan_badge(plan.status)} " " <ClauseRef id="3.2.3" /></h1>
            <dl class="facts">
                {admin.then(|| view! {
                    <div><dt>{t(Msg::FullName)}</dt><dd>{plan.customer_name.clone()} " · " {plan.customer_email.clone()}</dd></div>
                })}
                <div><dt>{t(Msg::PlanRequestedOn)}</dt><dd>{plan.requested_on.to_string()}</dd></div>
                {plan.valid_until.map(|d| view! {
                    <div><dt>{t(Msg::PlanValidUntil)}</dt><dd data-test="plan-valid-until">{d.to_string()}</dd></div>
                })}
                {plan.invoice_id.map(|id| {
                    let href = if admin { format!("/admin/billing/invoices/{id}") } else { format!("/portal/invoices/{id}") };
                    view! {
                        <div><dt>{t(Msg::InvNumber)}</dt><dd><a href=href data-test="plan-invoice">{plan.invoice_number.clone().unwrap_or_default()}</a></dd></div>
                    }
                })}
            </dl>
            <h2>{t(if admin { Msg::PlanRequestStaff } else { Msg::PlanRequestLabel })}</h2>
            <p class="prewrap" data-test="plan-request">{plan.request.clone()}</p>
            {(!plan.lines.is_empty()).then(|| view! {
                <h2>{t(Msg::PlanProposalNote)}</h2>
                {plan.proposal.clone().filter(|p| !p.is_empty()).map(|p| view! { <p class="prewrap">{p}</p> })}
                <div class="table-wrap">
                    <table class="table" data-test="plan-lines">
                        <thead>
                            <tr>
                                <th scope="col">"项目 Item"</th>
                                <th scope="col" class="num">"数量 Qty"</th>
                                <th scope="col" class="num">"单价 Unit price"</th>
                                <th scope="col" class="num">"折扣 Discount"</th>
                                <th scope="col" class="num">"税 Tax"</th>
                                <th scope="col" class="num">"金额 Amount"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {plan.lines.iter().map(|l| view! {
                                <tr>
                                    <td>{l.name(lang).to_string()} " " <span class="muted">"/ " {l.unit(lang).to_string()}</span></td>
                                    <td class="num">{l.quantity}</td>
                                    <td class="num"><a href=format!("/fees#{}", l.code)>{l.unit_price.display_cny()}</a></td>
                                    <td class="num">{if l.amounts.discount.0 > 0 { format!("−{}", l.amounts.discount.display_cny()) } else { String::new() }}</td>
                                    <td class="num">{l.amounts.tax.display_cny()} " (" {percent_of_bp(l.tax_bp)} ")"</td>
                                    <td class="num">{l.amounts.total.display_cny()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {plan.totals.map(|tot| view! {
                    <p class="strong">{t(Msg::PlanEstimate)} {(plan.discount_bp > 0).then(|| format!(" ({})", percent_of_bp(plan.discount_bp)))} ": "
                        <span data-test="plan-total">{tot.total.display_cny()}</span></p>
                })}
            })}
        </article>
    }
}

// ---------------------------------------------------------------- customer

#[component]
pub fn MyPlansPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyPlans />
        </Guard>
    }
}

#[component]
fn MyPlans() -> impl IntoView {
    let list = Resource::new(|| (), |_| get_my_plans());
    let request = ServerAction::<RequestPlan>::new();
    let err = use_form_error(move || request.value().get());
    view! {
        <crate::PageTitle msg=Msg::PlansTitle />
        <h1>{t(Msg::PlansTitle)} " " <ClauseRef id="3.2.3" /></h1>
        <p>{t(Msg::PlansIntro)}</p>
        <section class="card">
            <ActionForm action=request attr:class="form" attr:data-test="plan-request-form">
                <FormAlert error=err />
                <TextArea label=Msg::PlanRequestLabel name="request" required=true error=err />
                <div><button type="submit" class="btn btn-primary">{t(Msg::PlanRequestSend)}</button></div>
            </ActionForm>
        </section>
        <section class="card">
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(l) => view! { <PlanList plans=l admin=false /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn MyPlanPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyPlan />
        </Guard>
    }
}

#[component]
fn MyPlan() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let plan = Resource::new(move || (id(), changes.get()), |(id, _)| get_plan(id));
    let answer = ServerAction::<AnswerPlan>::new();
    let withdraw = ServerAction::<WithdrawPlan>::new();
    let answer_err = use_form_error(move || answer.value().get());
    let withdraw_err = use_form_error(move || withdraw.value().get());
    Effect::new(move |_| {
        if matches!(answer.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(withdraw.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    view! {
        <crate::PageTitle msg=Msg::PlanTitle />
        <p><a href="/portal/plans">{t(Msg::PlansTitle)}</a></p>
        {move || answer.value().get().and_then(|r| r.ok()).flatten().map(|_| view! {
            <p class="notice notice-ok" role="status" data-test="plan-accepted">{t(Msg::PlanAcceptedNotice)}</p>
        })}
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(p) => {
                        let pid = p.id;
                        let answerable = p.answerable;
                        let withdrawable = p.status.may_withdraw();
                        view! {
                            <PlanDocument plan=p admin=false />
                            {answerable.then(|| view! {
                                <section class="card">
                                    <p class="muted">{t(Msg::PlanAnswerHint)}</p>
                                    <ActionForm action=answer attr:class="form form-inline" attr:data-test="plan-answer">
                                        <FormAlert error=answer_err />
                                        <input type="hidden" name="id" value=pid />
                                        <button type="submit" name="decision" value="accept" class="btn btn-primary">{t(Msg::PlanAccept)}</button>
                                        " "
                                        <button type="submit" name="decision" value="decline" class="btn">{t(Msg::PlanDecline)}</button>
                                    </ActionForm>
                                </section>
                            })}
                            {withdrawable.then(|| view! {
                                <ActionForm action=withdraw attr:class="form form-inline">
                                    <FormAlert error=withdraw_err />
                                    <input type="hidden" name="id" value=pid />
                                    <button type="submit" class="btn btn-link">{t(Msg::PlanWithdraw)}</button>
                                </ActionForm>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---------------------------------------------------------------- finance

#[component]
pub fn PlansAdminPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageBilling>
            <PlansAdmin />
        </Guard>
    }
}

#[component]
fn PlansAdmin() -> impl IntoView {
    let query = use_query_map();
    let open = move || query.with(|q| q.get("all").as_deref() != Some("1"));
    let list = Resource::new(open, get_plans);
    view! {
        <crate::PageTitle msg=Msg::PlansTitle />
        <h1>{t(Msg::PlansTitle)} " " <ClauseRef id="3.2.3" /></h1>
        <BillingNav />
        <section class="card">
            <form method="get" action="/admin/billing/plans" class="form form-inline">
                <label class="check">
                    <input type="checkbox" name="all" value="1" checked=move || !open() />
                    {t(Msg::InvAll)}
                </label>
                <button type="submit" class="btn">{t(Msg::Search)}</button>
            </form>
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(l) => view! { <PlanList plans=l admin=true /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn PlanAdminPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageBilling>
            <PlanAdmin />
        </Guard>
    }
}

#[component]
fn PlanAdmin() -> impl IntoView {
    let id = id_param();
    let lang = use_lang();
    let changes = RwSignal::new(0usize);
    let plan = Resource::new(move || (id(), changes.get()), |(id, _)| get_plan(id));
    let schedule = Resource::new(|| (), |_| get_fee_page(None));
    let propose = ServerAction::<ProposePlan>::new();
    let err = use_form_error(move || propose.value().get());
    Effect::new(move |_| {
        if matches!(propose.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    view! {
        <crate::PageTitle msg=Msg::PlanTitle />
        <BillingNav />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let items = schedule.await.ok().and_then(|p| p.shown).map(|v| v.items).unwrap_or_default();
                view! {
                    <datalist id="plan-fee-codes">
                        {items.into_iter().map(|i| view! {
                            <option value=i.code.clone()>{format!("{} · {}", i.name(lang), i.unit_price.display_cny())}</option>
                        }).collect_view()}
                    </datalist>
                }
            })}
        </Suspense>
        {move || propose.value().get().and_then(|r| r.ok()).map(|_| view! {
            <p class="notice notice-ok" role="status" data-test="plan-proposed">{t(Msg::PlanProposed)}</p>
        })}
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(p) => {
                        let pid = p.id;
                        let may_propose = p.status.may_propose();
                        let current: Vec<(String, i64)> = p.lines.iter().map(|l| (l.code.clone(), l.quantity)).collect();
                        let note = p.proposal.clone().unwrap_or_default();
                        let until = p.valid_until.map(|d| d.to_string()).unwrap_or_default();
                        view! {
                            <PlanDocument plan=p admin=true />
                            {may_propose.then(|| view! {
                                <section class="card">
                                    <h2>{t(Msg::PlanProposeTitle)} " " <ClauseRef id="6.1.2" /></h2>
                                    <ActionForm action=propose attr:class="form" attr:data-test="plan-propose">
                                        <FormAlert error=err />
                                        <input type="hidden" name="id" value=pid />
                                        <div class="table-wrap">
                                            <table class="table">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t(Msg::LevelCode)}</th>
                                                        <th scope="col">{t(Msg::InvQuantity)}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {(0..5).map(|n| {
                                                        let (code, qty) = current.get(n).cloned().map(|(c, q)| (c, q.to_string())).unwrap_or_default();
                                                        view! {
                                                            <tr>
                                                                <td><input name=format!("lines[{n}][code]") list="plan-fee-codes" autocomplete="off" aria-label=t(Msg::LevelCode) value=code /></td>
                                                                <td><input name=format!("lines[{n}][quantity]") inputmode="numeric" aria-label=t(Msg::InvQuantity) value=qty /></td>
                                                            </tr>
                                                        }
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                        <Field label=Msg::PlanValidUntil name="valid_until" kind="date" required=true error=err value=until />
                                        <TextArea label=Msg::PlanProposalNote name="note" error=err value=note />
                                        <div><button type="submit" class="btn btn-primary">{t(Msg::PlanPropose)}</button></div>
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
