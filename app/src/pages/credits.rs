//! Credit notes and refunds for finance (clause 8.2): `/admin/billing/credits` lists every
//! credit with what is left and a refund form; a standalone credit (compensation) is issued here,
//! a credit note against an invoice on the invoice's page ([`CreditNoteForm`]).

use crate::api::credits::{get_credits, IssueCreditNote, RefundCredit};
use crate::components::forms::{use_form_error, Field, FormAlert};
use crate::components::guard::Guard;
use crate::pages::billing::{method_msg, BillingNav};
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::billing::{CreditKind, PaymentMethod};
use vipcare::invoice::CreditAdminView;
use vipcare::{Msg, Permission};

pub fn credit_kind_msg(k: CreditKind) -> Msg {
    match k {
        CreditKind::CreditNote => Msg::CreditKindNote,
        CreditKind::Overpayment => Msg::CreditKindOverpayment,
        CreditKind::Compensation => Msg::CreditKindCompensation,
    }
}

#[component]
pub fn CreditsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageBilling>
            <Credits />
        </Guard>
    }
}

#[component]
fn Credits() -> impl IntoView {
    let query = use_query_map();
    let open_only = move || query.with(|q| q.get("open").as_deref() == Some("1"));
    let changes = RwSignal::new(0usize);
    let issue = ServerAction::<IssueCreditNote>::new();
    let refund = ServerAction::<RefundCredit>::new();
    let issue_err = use_form_error(move || issue.value().get());
    Effect::new(move |_| {
        if matches!(issue.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(refund.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let list = Resource::new(
        move || (open_only(), changes.get()),
        |(open, _)| get_credits(open),
    );
    view! {
        <crate::PageTitle msg=Msg::CreditsTitle />
        <h1>{t(Msg::CreditsTitle)} " " <ClauseRef id="8.2" /></h1>
        <BillingNav />
        {move || issue.value().get().and_then(|r| r.ok()).map(|o| view! {
            <p class="notice notice-ok" role="status" data-test="credit-issued">{t(Msg::CreditIssued)} " " {o.number}</p>
        })}
        {move || refund.value().get().and_then(|r| r.ok()).map(|_| view! {
            <p class="notice notice-ok" role="status" data-test="refund-recorded">{t(Msg::RefundRecorded)}</p>
        })}
        <section class="card">
            <form method="get" action="/admin/billing/credits" class="form form-inline">
                <label class="check">
                    <input type="checkbox" name="open" value="1" checked=open_only />
                    {t(Msg::CreditOpenOnly)}
                </label>
                <button type="submit" class="btn">{t(Msg::Search)}</button>
            </form>
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <p class="muted">{t(Msg::CreditNone)}</p> }.into_any(),
                        Ok(l) => view! { <CreditTable credits=l refund /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="card">
            <h2>{t(Msg::CreditStandaloneNew)}</h2>
            <p class="muted">{t(Msg::CreditStandaloneHint)}</p>
            <ActionForm action=issue attr:class="form" attr:data-test="credit-standalone">
                <FormAlert error=issue_err />
                <Field label=Msg::InvCustomerEmail name="customer_email" kind="email" required=true error=issue_err />
                <Field label=Msg::PaymentAmountYuan name="amount_yuan" required=true inputmode="decimal" error=issue_err />
                <TextArea label=Msg::AdjReason name="reason" required=true error=issue_err />
                <div><button type="submit" class="btn btn-primary">{t(Msg::CreditIssue)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn CreditTable(credits: Vec<CreditAdminView>, refund: ServerAction<RefundCredit>) -> impl IntoView {
    let refund_err = use_form_error(move || refund.value().get());
    view! {
        <div class="table-wrap">
            <table class="table" data-test="credits-admin">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::InvNumber)}</th>
                        <th scope="col">{t(Msg::FullName)}</th>
                        <th scope="col">{t(Msg::CreditKindHead)}</th>
                        <th scope="col">{t(Msg::AdjReason)}</th>
                        <th scope="col" class="num">{t(Msg::CreditAmount)}</th>
                        <th scope="col" class="num">{t(Msg::CreditRefunded)}</th>
                        <th scope="col" class="num">{t(Msg::CreditRemaining)}</th>
                        <th scope="col"><span class="sr-only">{t(Msg::RefundNew)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {credits.into_iter().map(|c| {
                        let cid = c.id;
                        let left = c.remaining;
                        view! {
                            <tr data-credit=c.number.clone()>
                                <td>{c.number.clone()} <br /> <span class="muted">{c.issued_on.to_string()}</span></td>
                                <td>{c.customer_name.clone()} <br /> <span class="muted">{c.customer_email.clone()}</span></td>
                                <td>
                                    {t(credit_kind_msg(c.kind))}
                                    {c.invoice_id.map(|id| view! {
                                        " " <a href=format!("/admin/billing/invoices/{id}")>{c.invoice_number.clone().unwrap_or_default()}</a>
                                    })}
                                </td>
                                <td>{c.reason.clone()}</td>
                                <td class="num">{c.amount.display_cny()}</td>
                                <td class="num">{c.refunded.display_cny()}</td>
                                <td class="num" data-test="credit-remaining">{c.remaining.display_cny()}</td>
                                <td>
                                    {(left.0 > 0).then(|| view! {
                                        <details>
                                            <summary>{t(Msg::RefundNew)}</summary>
                                            <ActionForm action=refund attr:class="form" attr:data-test="refund-form">
                                                <FormAlert error=refund_err />
                                                <input type="hidden" name="credit_id" value=cid />
                                                <div class="field">
                                                    <label for=format!("rf{cid}-method")>{t(Msg::PaymentMethod)}</label>
                                                    <select id=format!("rf{cid}-method") name="method">
                                                        {PaymentMethod::ALL.into_iter().map(|m| view! {
                                                            <option value=m.as_str()>{t(method_msg(m))}</option>
                                                        }).collect_view()}
                                                    </select>
                                                </div>
                                                <Field label=Msg::PaymentReference name="reference" id=format!("rf{cid}-reference") required=true error=refund_err />
                                                <Field label=Msg::PaymentAmountYuan name="amount_yuan" id=format!("rf{cid}-amount") required=true inputmode="decimal" value=left.plain_yuan() error=refund_err />
                                                <Field label=Msg::RefundOn name="refunded_on" id=format!("rf{cid}-on") kind="date" hint=Msg::DateTodayHint error=refund_err />
                                                <Field label=Msg::AdjReason name="reason" id=format!("rf{cid}-reason") required=true error=refund_err />
                                                <button type="submit" class="btn btn-primary">{t(Msg::RefundRecord)}</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The credit-note form on an invoice's page (shown once the invoice is issued and not void).
#[component]
pub fn CreditNoteForm(invoice_id: i64, action: ServerAction<IssueCreditNote>) -> impl IntoView {
    let err = use_form_error(move || action.value().get());
    view! {
        <details class="card no-print" data-test="credit-note">
            <summary>{t(Msg::CreditNoteNew)}</summary>
            <p class="muted">{t(Msg::CreditNoteHint)} " " <ClauseRef id="8.2" /></p>
            {move || action.value().get().and_then(|r| r.ok()).map(|o| view! {
                <p class="notice notice-ok" role="status" data-test="credit-issued">
                    {t(Msg::CreditIssued)} " " {o.number} " · " {o.applied.display_cny()} " / " {o.remaining.display_cny()}
                </p>
            })}
            <ActionForm action=action attr:class="form form-grid">
                <FormAlert error=err />
                <input type="hidden" name="invoice_id" value=invoice_id />
                <Field label=Msg::PaymentAmountYuan name="amount_yuan" id="cn-amount" required=true inputmode="decimal" error=err />
                <Field label=Msg::AdjReason name="reason" id="cn-reason" required=true error=err />
                <div><button type="submit" class="btn">{t(Msg::CreditIssue)}</button></div>
            </ActionForm>
        </details>
    }
}
