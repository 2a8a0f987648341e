//! Online payment (clause 6.2): the "pay online" button on the customer's invoice and the
//! built-in test gateway's page `/pay/test/:token`, which says plainly that no money moves.

use crate::api::payments::{
    online_payment_enabled, test_checkout, StartOnlinePayment, TestCancel, TestPay,
};
use crate::components::forms::{use_form_error, FormAlert};
use crate::session::t;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use vipcare::Msg;

/// Shown on an invoice with a balance due when a provider is configured.
#[component]
pub fn PayOnlineButton(invoice_id: i64) -> impl IntoView {
    let enabled = Resource::new(|| (), |_| online_payment_enabled());
    let start = ServerAction::<StartOnlinePayment>::new();
    let err = use_form_error(move || start.value().get());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                enabled.await.unwrap_or(false).then(|| view! {
                    <section class="card no-print">
                        <p class="muted">{t(Msg::PayOnlineHint)}</p>
                        <ActionForm action=start attr:class="form form-inline" attr:data-test="pay-online">
                            <FormAlert error=err />
                            <input type="hidden" name="id" value=invoice_id />
                            <button type="submit" class="btn btn-primary">{t(Msg::PayOnlineStart)}</button>
                        </ActionForm>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn TestGatewayPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let checkout = Resource::new(token, test_checkout);
    let pay = ServerAction::<TestPay>::new();
    let cancel = ServerAction::<TestCancel>::new();
    let err = use_form_error(move || pay.value().get());
    view! {
        <crate::PageTitle msg=Msg::TestGatewayTitle />
        <h1>{t(Msg::TestGatewayTitle)}</h1>
        <p class="notice notice-warn" role="note">{t(Msg::TestGatewayWarning)}</p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match checkout.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(c) => {
                        let open = c.status == "open";
                        let tok = c.token.clone();
                        view! {
                            <section class="card gateway" data-test="gateway">
                                <dl class="facts">
                                    <div><dt>{t(Msg::PayTo)}</dt><dd>{c.company.clone()}</dd></div>
                                    <div><dt>{t(Msg::InvNumber)}</dt><dd>{c.invoice_number.clone()}</dd></div>
                                    <div><dt>{t(Msg::CreditAmount)}</dt><dd class="big" data-test="gateway-amount">{c.amount.display_cny()}</dd></div>
                                </dl>
                                {if open {
                                    let tok2 = tok.clone();
                                    view! {
                                        <ActionForm action=pay attr:class="form form-inline" attr:data-test="gateway-pay">
                                            <FormAlert error=err />
                                            <input type="hidden" name="token" value=tok.clone() />
                                            <button type="submit" class="btn btn-primary">{t(Msg::TestGatewayPay)} " " {c.amount.display_cny()}</button>
                                        </ActionForm>
                                        <ActionForm action=cancel attr:class="form form-inline">
                                            <input type="hidden" name="token" value=tok2 />
                                            <button type="submit" class="btn btn-link">{t(Msg::TestGatewayCancel)}</button>
                                        </ActionForm>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p class="muted">{t(Msg::TestGatewayDone)}</p>
                                        <p><a href=format!("/portal/invoices/{}", c.invoice_id)>{t(Msg::MyInvoicesTitle)}</a></p>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
