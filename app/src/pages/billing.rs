//! Fees and payment (clauses 6.1, 6.2, 6.3, 8.2): the public fee schedule, finance's fee
//! versions and invoices, and the customer's invoices with a printable view.

use crate::api::billing::{
    get_fee_page, get_fee_version, get_fee_versions, get_invoice, get_my_billing, list_invoices,
    CreateFeeVersion, CreateInvoice, DecideAdjustment, DeleteFeeItem, DiscardFeeVersion,
    IssueInvoice, ProposeAdjustment, PublishFeeVersion, RecordPayment, SaveFeeItem,
    UpdateFeeVersion, VoidInvoice,
};
use crate::components::forms::{use_form_error, Field, FormAlert};
use crate::components::guard::Guard;
use crate::pages::membership::TextArea;
use crate::pages::ClauseRef;
use crate::session::{t, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use vipcare::billing::{AdjustmentKind, AdjustmentStatus, InvoiceStatus, PaymentMethod};
use vipcare::fees::{FeeItem, FeeVersion, VersionState, VersionSummary};
use vipcare::invoice::{AdjustmentView, InvoiceSummary, InvoiceView};
use vipcare::money::percent_of_bp;
use vipcare::{Msg, Permission};

pub(crate) fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
}

fn state_badge(s: VersionState) -> impl IntoView {
    let (class, msg) = match s {
        VersionState::Draft => ("badge badge-muted", Msg::FeeStateDraft),
        VersionState::Upcoming => ("badge badge-gold", Msg::FeeStateUpcoming),
        VersionState::InForce => ("badge badge-ok", Msg::FeeStateInForce),
        VersionState::Past => ("badge badge-muted", Msg::FeeStatePast),
    };
    view! { <span class=class data-state=format!("{s:?}")>{t(msg)}</span> }
}

pub fn status_msg(s: InvoiceStatus) -> Msg {
    match s {
        InvoiceStatus::Draft => Msg::InvStatusDraft,
        InvoiceStatus::Issued => Msg::InvStatusIssued,
        InvoiceStatus::PartiallyPaid => Msg::InvStatusPartiallyPaid,
        InvoiceStatus::Paid => Msg::InvStatusPaid,
        InvoiceStatus::Overdue => Msg::InvStatusOverdue,
        InvoiceStatus::Void => Msg::InvStatusVoid,
    }
}

pub(crate) fn status_badge(s: InvoiceStatus) -> impl IntoView {
    let class = match s {
        InvoiceStatus::Paid => "badge badge-ok",
        InvoiceStatus::Overdue => "badge badge-error",
        InvoiceStatus::PartiallyPaid | InvoiceStatus::Issued => "badge badge-gold",
        InvoiceStatus::Draft | InvoiceStatus::Void => "badge badge-muted",
    };
    view! { <span class=class data-status=s.as_str()>{t(status_msg(s))}</span> }
}

pub(crate) fn method_msg(m: PaymentMethod) -> Msg {
    match m {
        PaymentMethod::BankTransfer => Msg::PayBankTransfer,
        PaymentMethod::BranchCard => Msg::PayBranchCard,
        PaymentMethod::BranchCash => Msg::PayBranchCash,
        PaymentMethod::Online => Msg::PayOnline,
    }
}

// ---------------------------------------------------------------- public /fees (6.1.2)

#[component]
pub fn FeesPage() -> impl IntoView {
    let query = use_query_map();
    let version = move || query.with(|q| q.get("version").and_then(|v| v.parse::<i64>().ok()));
    let page = Resource::new(version, get_fee_page);
    view! {
        <crate::PageTitle msg=Msg::FeesTitle />
        <h1>{t(Msg::FeesTitle)} " " <ClauseRef id="6.1.2" /></h1>
        <p class="muted">{t(Msg::FeesLead)}</p>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(p) => view! {
                        {match p.shown {
                            Some(v) => view! { <FeeTable version=v /> }.into_any(),
                            None => view! { <p class="muted">{t(Msg::FeesNone)}</p> }.into_any(),
                        }}
                        {p.upcoming.map(|v| view! {
                            <h2>{t(Msg::FeesUpcoming)}</h2>
                            <FeeTable version=v />
                        })}
                        <section class="card">
                            <h2>{t(Msg::FeesVersions)}</h2>
                            <VersionList versions=p.versions admin=false />
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A version's items; every price links to clause 6.1.2 of the agreement.
#[component]
fn FeeTable(version: FeeVersion) -> impl IntoView {
    let lang = use_lang();
    let clause = crate::pages::home::clause_href("6.1.2");
    view! {
        <section class="card" data-test="fee-version" data-version=version.id>
            <h2>
                {version.label.clone()} " " {state_badge(version.state)}
            </h2>
            <p class="muted">{t(Msg::FeesEffectiveFrom)} " " {version.effective_from.to_string()}</p>
            <div class="table-wrap">
                <table class="table" data-test="fee-items">
                    <thead>
                        <tr>
                            <th scope="col">{t(Msg::FeeItem)}</th>
                            <th scope="col">{t(Msg::FeeUnit)}</th>
                            <th scope="col" class="num">{t(Msg::FeeUnitPrice)}</th>
                            <th scope="col" class="num">{t(Msg::FeeTax)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {version.items.into_iter().map(|i| {
                            let clause = clause.clone();
                            view! {
                                <tr data-code=i.code.clone()>
                                    <td>{i.name(lang).to_string()} " " <code>{i.code.clone()}</code></td>
                                    <td>{i.unit(lang).to_string()}</td>
                                    <td class="num">
                                        <a href=clause title=t(Msg::FeesPriceClause) data-test="price">{i.unit_price.display_cny()}</a>
                                    </td>
                                    <td class="num">{percent_of_bp(i.tax_bp)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn VersionList(versions: Vec<VersionSummary>, admin: bool) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-test="fee-versions">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::FeeVersionLabel)}</th>
                        <th scope="col">{t(Msg::FeesEffectiveFrom)}</th>
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                        <th scope="col" class="num">{t(Msg::FeeItems)}</th>
                    </tr>
                </thead>
                <tbody>
                    {versions.into_iter().map(|v| {
                        let href = if admin {
                            format!("/admin/billing/fees/{}", v.id)
                        } else {
                            format!("/fees?version={}", v.id)
                        };
                        view! {
                            <tr data-version=v.id>
                                <td><a href=href>{v.label.clone()}</a></td>
                                <td>{v.effective_from.to_string()}</td>
                                <td>{state_badge(v.state)}</td>
                                <td class="num">{v.items}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

// ---------------------------------------------------------------- finance: fee versions

#[component]
pub fn FeeVersionsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageBilling>
            <FeeVersionsAdmin />
        </Guard>
    }
}

#[component]
fn FeeVersionsAdmin() -> impl IntoView {
    let versions = Resource::new(|| (), |_| get_fee_versions());
    let create = ServerAction::<CreateFeeVersion>::new();
    let err = use_form_error(move || create.value().get());
    view! {
        <crate::PageTitle msg=Msg::FeesAdminTitle />
        <h1>{t(Msg::FeesAdminTitle)} " " <ClauseRef id="6.1.2" /></h1>
        <p class="muted">{t(Msg::FeesAdminLead)}</p>
        <BillingNav />
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match versions.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(list) => {
                        let in_force = list.iter().find(|v| v.state == VersionState::InForce).map(|v| v.id);
                        view! {
                            <section class="card">
                                <VersionList versions=list admin=true />
                            </section>
                            <section class="card">
                                <h2>{t(Msg::FeeNewVersion)}</h2>
                                <ActionForm action=create attr:class="form form-grid" attr:data-test="fee-version-create">
                                    <FormAlert error=err />
                                    <Field label=Msg::FeeVersionLabel name="label" required=true error=err />
                                    <Field label=Msg::FeesEffectiveFrom name="effective_from" kind="date" required=true error=err />
                                    {in_force.map(|id| view! { <input type="hidden" name="copy_from" value=id /> })}
                                    <p class="muted">{t(Msg::FeeNewVersionHint)}</p>
                                    <div><button type="submit" class="btn btn-primary">{t(Msg::FeeCreateDraft)}</button></div>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub(crate) fn BillingNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label=t(Msg::NavBilling)>
            <a href="/admin/billing">{t(Msg::InvoicesTitle)}</a>
            " · "
            <a href="/admin/billing/credits">{t(Msg::CreditsTitle)}</a>
            " · "
            <a href="/admin/billing/plans">{t(Msg::PlansAdminTitle)}</a>
            " · "
            <a href="/admin/billing/reports">{t(Msg::ReportsTitle)}</a>
            " · "
            <a href="/admin/billing/fees">{t(Msg::FeesAdminTitle)}</a>
            " · "
            <a href="/fees">{t(Msg::FeesTitle)}</a>
        </nav>
    }
}

#[component]
pub fn FeeVersionPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageBilling>
            <FeeVersionAdmin />
        </Guard>
    }
}

#[component]
fn FeeVersionAdmin() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let version = Resource::new(move || (id(), changes.get()), |(id, _)| get_fee_version(id));
    let publish = ServerAction::<PublishFeeVersion>::new();
    let discard = ServerAction::<DiscardFeeVersion>::new();
    let update = ServerAction::<UpdateFeeVersion>::new();
    let remove = ServerAction::<DeleteFeeItem>::new();
    let publish_err = use_form_error(move || publish.value().get());
    let update_err = use_form_error(move || update.value().get());
    // One effect per action: a chain of `||` would stop tracking the later actions once an
    // earlier one has succeeded.
    Effect::new(move |_| {
        if matches!(publish.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(update.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(remove.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    view! {
        <crate::PageTitle msg=Msg::FeesAdminTitle />
        <BillingNav />
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match version.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(v) => {
                        let draft = v.state == VersionState::Draft;
                        let vid = v.id;
                        let items = v.items.clone();
                        view! {
                            <h1>{t(Msg::FeeVersionLabel)} " " {v.label.clone()} " " {state_badge(v.state)}</h1>
                            <p class="muted">{t(Msg::FeesEffectiveFrom)} " " {v.effective_from.to_string()}</p>
                            {(!draft).then(|| view! { <p class="notice">{t(Msg::FeeVersionFrozen)}</p> })}
                            <FeeTable version=v.clone() />
                            {draft.then(|| view! {
                                <section class="card">
                                    <h2>{t(Msg::FeeDraftSettings)}</h2>
                                    <ActionForm action=update attr:class="form form-grid" attr:data-test="fee-version-update">
                                        <FormAlert error=update_err />
                                        <input type="hidden" name="id" value=vid />
                                        <Field label=Msg::FeeVersionLabel name="label" id="v-label" required=true error=update_err value=v.label.clone() />
                                        <Field label=Msg::FeesEffectiveFrom name="effective_from" id="v-effective" kind="date" required=true error=update_err value=v.effective_from.to_string() />
                                        <div><button type="submit" class="btn">{t(Msg::Save)}</button></div>
                                    </ActionForm>
                                </section>
                                {items.into_iter().map(|i| {
                                    let iid = i.id;
                                    let code = i.code.clone();
                                    let title = format!("{} / {}", i.name_zh, i.name_en);
                                    view! {
                                        <details class="card" data-test="fee-item-edit" data-code=code>
                                            <summary>{t(Msg::LevelEdit)} " " {title}</summary>
                                            <FeeItemForm version_id=vid item=Some(i) changes />
                                            <ActionForm action=remove attr:class="form">
                                                <input type="hidden" name="version_id" value=vid />
                                                <input type="hidden" name="id" value=iid />
                                                <button type="submit" class="btn btn-danger">{t(Msg::FeeItemRemove)}</button>
                                            </ActionForm>
                                        </details>
                                    }
                                }).collect_view()}
                                <section class="card">
                                    <h2>{t(Msg::FeeItemNew)}</h2>
                                    <FeeItemForm version_id=vid item=None changes />
                                </section>
                                <section class="card">
                                    <h2>{t(Msg::FeePublishTitle)}</h2>
                                    <p class="muted">{t(Msg::FeePublishHint)}</p>
                                    <ActionForm action=publish attr:class="form form-inline" attr:data-test="fee-version-publish">
                                        <FormAlert error=publish_err />
                                        <input type="hidden" name="id" value=vid />
                                        <button type="submit" class="btn btn-primary">{t(Msg::FeePublish)}</button>
                                    </ActionForm>
                                    <ActionForm action=discard attr:class="form form-inline">
                                        <input type="hidden" name="id" value=vid />
                                        <button type="submit" class="btn btn-danger">{t(Msg::FeeDiscard)}</button>
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

#[component]
fn FeeItemForm(version_id: i64, item: Option<FeeItem>, changes: RwSignal<usize>) -> impl IntoView {
    let save = ServerAction::<SaveFeeItem>::new();
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let err = use_form_error(move || save.value().get());
    let id = item.as_ref().map(|i| i.id).unwrap_or(0);
    let v = move |f: fn(&FeeItem) -> String| item.as_ref().map(f).unwrap_or_default();
    let tax = v(|i| percent_of_bp(i.tax_bp).trim_end_matches('%').to_string());
    view! {
        <ActionForm action=save attr:class="form form-grid" attr:data-test=format!("fee-item-form-{id}")>
            <FormAlert error=err />
            <input type="hidden" name="version_id" value=version_id />
            <input type="hidden" name="id" value=id />
            <Field label=Msg::LevelCode name="code" id=format!("fi{id}-code") required=true error=err value=v(|i| i.code.clone()) hint=Msg::LevelCodeHint />
            <Field label=Msg::LevelNameZh name="name_zh" id=format!("fi{id}-name_zh") required=true error=err value=v(|i| i.name_zh.clone()) />
            <Field label=Msg::LevelNameEn name="name_en" id=format!("fi{id}-name_en") required=true error=err value=v(|i| i.name_en.clone()) />
            <Field label=Msg::FeeUnitZh name="unit_zh" id=format!("fi{id}-unit_zh") required=true error=err value=v(|i| i.unit_zh.clone()) />
            <Field label=Msg::FeeUnitEn name="unit_en" id=format!("fi{id}-unit_en") required=true error=err value=v(|i| i.unit_en.clone()) />
            <Field label=Msg::FeePriceYuan name="price_yuan" id=format!("fi{id}-price_yuan") required=true error=err value=v(|i| i.unit_price.plain_yuan()) />
            <Field label=Msg::FeeTaxPercent name="tax_percent" id=format!("fi{id}-tax_percent") error=err value=if id == 0 { "6".to_string() } else { tax } />
            <div><button type="submit" class="btn btn-primary">{t(Msg::Save)}</button></div>
        </ActionForm>
    }
}

// ---------------------------------------------------------------- finance: invoices (6.2)

#[component]
pub fn BillingPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageBilling>
            <BillingAdmin />
        </Guard>
    }
}

#[component]
fn BillingAdmin() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status"));
    let list = Resource::new(status, list_invoices);
    let create = ServerAction::<CreateInvoice>::new();
    let err = use_form_error(move || create.value().get());
    // The codes of the schedule in force, offered as suggestions in the line rows.
    let schedule = Resource::new(|| (), |_| get_fee_page(None));
    let lang = use_lang();
    view! {
        <crate::PageTitle msg=Msg::InvoicesTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let items = schedule.await.ok().and_then(|p| p.shown).map(|v| v.items).unwrap_or_default();
                view! {
                    <datalist id="fee-codes">
                        {items.into_iter().map(|i| view! {
                            <option value=i.code.clone()>{format!("{} · {}", i.name(lang), i.unit_price.display_cny())}</option>
                        }).collect_view()}
                    </datalist>
                }
            })}
        </Suspense>
        <h1>{t(Msg::InvoicesTitle)} " " <ClauseRef id="6.2" /></h1>
        <BillingNav />
        <section class="card">
            <form method="get" action="/admin/billing" class="form form-inline">
                <div class="field">
                    <label for="inv-status">{t(Msg::StaffStatus)}</label>
                    <select id="inv-status" name="status">
                        <option value="">{t(Msg::InvAll)}</option>
                        {InvoiceStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || status().as_deref() == Some(s.as_str())>{t(status_msg(s))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn">{t(Msg::Search)}</button>
            </form>
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(l) => view! { <InvoiceList invoices=l admin=true /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{t(Msg::InvNewTitle)}</h2>
            <p class="muted">{t(Msg::InvNewHint)}</p>
            <ActionForm action=create attr:class="form" attr:data-test="invoice-create">
                <FormAlert error=err />
                <Field label=Msg::InvCustomerEmail name="customer_email" kind="email" required=true error=err />
                <div class="table-wrap">
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{t(Msg::LevelCode)}</th>
                                <th scope="col">{t(Msg::InvQuantity)}</th>
                                <th scope="col">{t(Msg::InvServiceDate)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {(0..5).map(|n| {
                                view! {
                                    <tr>
                                        <td><input name=format!("lines[{n}][code]") list="fee-codes" autocomplete="off" aria-label=t(Msg::LevelCode) /></td>
                                        <td><input name=format!("lines[{n}][quantity]") inputmode="numeric" aria-label=t(Msg::InvQuantity) value=if n == 0 { "1" } else { "" } /></td>
                                        <td><input type="date" name=format!("lines[{n}][service_date]") aria-label=t(Msg::InvServiceDate) /></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <TextArea label=Msg::InvNote name="note" error=err />
                <div><button type="submit" class="btn btn-primary">{t(Msg::InvCreateDraft)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn InvoiceList(invoices: Vec<InvoiceSummary>, admin: bool) -> impl IntoView {
    if invoices.is_empty() {
        return view! { <p class="muted">{t(Msg::InvNone)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-test="invoices">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::InvNumber)}</th>
                        {admin.then(|| view! { <th scope="col">{t(Msg::FullName)}</th> })}
                        <th scope="col">{t(Msg::InvIssueDate)}</th>
                        <th scope="col" data-deadline="due">{t(Msg::InvDueDate)} " " <ClauseRef id="6.2" /></th>
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                        <th scope="col" class="num">{t(Msg::InvTotal)}</th>
                        <th scope="col" class="num">{t(Msg::InvBalance)}</th>
                    </tr>
                </thead>
                <tbody>
                    {invoices.into_iter().map(|i| {
                        let href = if admin {
                            format!("/admin/billing/invoices/{}", i.id)
                        } else {
                            format!("/portal/invoices/{}", i.id)
                        };
                        let label = i.number.clone().unwrap_or_else(|| format!("{} #{}", t(Msg::InvStatusDraft), i.id));
                        view! {
                            <tr data-invoice=i.id data-number=i.number.clone().unwrap_or_default()>
                                <td><a href=href>{label}</a></td>
                                {admin.then(|| view! { <td>{i.customer_name.clone()}</td> })}
                                <td>{i.issue_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                                <td>{i.due_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                                <td>{status_badge(i.status)}</td>
                                <td class="num">{i.total.display_cny()}</td>
                                <td class="num">{i.balance.display_cny()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The invoice itself, as printed (bilingual headings, print stylesheet).
#[component]
fn InvoiceDocument(inv: InvoiceView) -> impl IntoView {
    let lang = use_lang();
    let title = inv
        .number
        .clone()
        .unwrap_or_else(|| format!("{} #{}", t(Msg::InvStatusDraft), inv.id));
    let totals = inv.totals;
    view! {
        <article class="card invoice" data-test="invoice" data-status=inv.status.as_str()>
            <header class="invoice-head">
                <div>
                    <p class="invoice-company">{inv.company.clone()}</p>
                    <h1>"发票 Invoice " <span data-test="invoice-number">{title}</span></h1>
                    <p>{status_badge(inv.status)}
                        {inv.days_to_due.map(|d| view! {
                            " " <span class="muted" data-test="due-countdown">{
                                if d >= 0 {
                                    t(Msg::InvDueIn).replace("{days}", &d.to_string())
                                } else {
                                    t(Msg::InvOverdueBy).replace("{days}", &(-d).to_string())
                                }
                            }</span>
                        })}
                    </p>
                </div>
                <dl class="invoice-meta">
                    <dt>"客户 Customer"</dt><dd>{inv.customer_name.clone()} " · " {inv.customer_email.clone()}</dd>
                    {inv.level_name.clone().map(|l| view! { <dt>"等级 Level"</dt><dd>{l} " (" {percent_of_bp(inv.discount_bp)} ")"</dd> })}
                    <dt>"开票日期 Issued"</dt><dd>{inv.issue_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
                    <dt data-deadline="due">"付款期限 Due " <ClauseRef id="6.2" /></dt><dd>{inv.due_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
                </dl>
            </header>
            <div class="table-wrap">
                <table class="table" data-test="invoice-lines">
                    <thead>
                        <tr>
                            <th scope="col" class="num">"#"</th>
                            <th scope="col">"项目 Item"</th>
                            <th scope="col">"服务日期 Service date"</th>
                            <th scope="col" class="num">"数量 Qty"</th>
                            <th scope="col" class="num">"单价 Unit price"</th>
                            <th scope="col" class="num">"折扣 Discount"</th>
                            <th scope="col" class="num">"税 Tax"</th>
                            <th scope="col" class="num">"金额 Amount"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {inv.lines.iter().map(|l| view! {
                            <tr>
                                <td class="num">{l.line_no}</td>
                                <td>{l.name(lang).to_string()} " " <span class="muted">"/ " {l.unit(lang).to_string()}</span></td>
                                <td>{l.service_date.to_string()}</td>
                                <td class="num">{l.quantity}</td>
                                <td class="num">{l.unit_price.display_cny()}</td>
                                <td class="num">{if l.discount.0 > 0 { format!("−{}", l.discount.display_cny()) } else { String::new() }}</td>
                                <td class="num">{l.tax.display_cny()} " (" {percent_of_bp(l.tax_bp)} ")"</td>
                                <td class="num">{l.total.display_cny()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <dl class="invoice-totals" data-test="invoice-totals">
                <dt>"小计 Subtotal"</dt><dd>{totals.subtotal.display_cny()}</dd>
                <dt>"会员折扣 Level discount " <ClauseRef id="6.3" /></dt><dd>"−" {totals.discount.display_cny()}</dd>
                <dt>"税额 Tax"</dt><dd>{totals.tax.display_cny()}</dd>
                <dt class="strong">"合计 Total"</dt><dd class="strong" data-test="invoice-total">{totals.total.display_cny()}</dd>
                {(totals.waived.0 > 0).then(|| view! { <dt>"减免 Waived " <ClauseRef id="6.3" /></dt><dd data-test="invoice-waived">"−" {totals.waived.display_cny()}</dd> })}
                <dt>"已付 Paid"</dt><dd data-test="invoice-paid">{totals.paid.display_cny()}</dd>
                {(totals.credited.0 > 0).then(|| view! { <dt>"抵扣 Credit applied " <ClauseRef id="8.2" /></dt><dd>"−" {totals.credited.display_cny()}</dd> })}
                <dt class="strong">"应付余额 Balance due"</dt><dd class="strong" data-test="invoice-balance">{totals.balance.display_cny()}</dd>
            </dl>
            {(!inv.payments.is_empty()).then(|| view! {
                <h2>"付款记录 Payments"</h2>
                <table class="table" data-test="payments">
                    <tbody>
                        {inv.payments.iter().map(|p| view! {
                            <tr>
                                <td>{p.received_on.to_string()}</td>
                                <td>{t(method_msg(p.method))}</td>
                                <td>{p.reference.clone()}</td>
                                <td class="num">{p.amount.display_cny()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!inv.note.is_empty()).then(|| view! { <p class="muted">{inv.note.clone()}</p> })}
            {inv.void_reason.clone().map(|r| view! { <p class="notice notice-error">{t(Msg::InvStatusVoid)} ": " {r}</p> })}
        </article>
    }
}

#[component]
pub fn InvoiceAdminPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageBilling>
            <InvoiceAdmin />
        </Guard>
    }
}

#[component]
fn InvoiceAdmin() -> impl IntoView {
    let id = id_param();
    let changes = RwSignal::new(0usize);
    let inv = Resource::new(move || (id(), changes.get()), |(id, _)| get_invoice(id));
    let issue = ServerAction::<IssueInvoice>::new();
    let void = ServerAction::<VoidInvoice>::new();
    let pay = ServerAction::<RecordPayment>::new();
    let issue_err = use_form_error(move || issue.value().get());
    let void_err = use_form_error(move || void.value().get());
    let pay_err = use_form_error(move || pay.value().get());
    let propose = ServerAction::<ProposeAdjustment>::new();
    let decide = ServerAction::<DecideAdjustment>::new();
    let credit_note = ServerAction::<crate::api::credits::IssueCreditNote>::new();
    Effect::new(move |_| {
        if matches!(credit_note.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let propose_err = use_form_error(move || propose.value().get());
    let decide_err = use_form_error(move || decide.value().get());
    Effect::new(move |_| {
        if matches!(propose.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(decide.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let me = crate::session::use_session()
        .user
        .map(|u| u.id)
        .unwrap_or(0);
    // One effect per action (see FeeVersionAdmin).
    Effect::new(move |_| {
        if matches!(issue.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(void.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(pay.value().get(), Some(Ok(_))) {
            changes.update(|n| *n += 1);
        }
    });
    let paid_notice = move || {
        pay.value().get().and_then(|r| r.ok()).map(|o| {
            view! {
                <p class="notice notice-ok" role="status" data-test="payment-recorded">
                    {t(Msg::PaymentRecorded)}
                    {(o.credit.0 > 0).then(|| format!(" {} {}", t(Msg::PaymentExcessCredit), o.credit.display_cny()))}
                </p>
            }
        })
    };
    view! {
        <crate::PageTitle msg=Msg::InvoicesTitle />
        <BillingNav />
        {paid_notice}
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || {
                Suspend::new(async move {
                match inv.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(v) => {
                        let iid = v.id;
                        let status = v.status;
                        let settled = v.totals.settled();
                        let balance = v.totals.balance;
                        let adjustments = v.adjustments.clone();
                        view! {
                            <InvoiceDocument inv=v />
                            <Adjustments list=adjustments invoice_id=iid open=status.may_take_payment() me propose decide propose_err decide_err />
                            {status.may_issue().then(|| view! {
                                <section class="card no-print">
                                    <ActionForm action=issue attr:class="form form-inline" attr:data-test="invoice-issue">
                                        <FormAlert error=issue_err />
                                        <input type="hidden" name="id" value=iid />
                                        <button type="submit" class="btn btn-primary">{t(Msg::InvIssue)}</button>
                                    </ActionForm>
                                </section>
                            })}
                            {status.may_take_payment().then(|| view! {
                                <section class="card no-print">
                                    <h2>{t(Msg::PaymentNew)}</h2>
                                    <ActionForm action=pay attr:class="form form-grid" attr:data-test="payment-form">
                                        <FormAlert error=pay_err />
                                        <input type="hidden" name="id" value=iid />
                                        <div class="field">
                                            <label for="pay-method">{t(Msg::PaymentMethod)}</label>
                                            <select id="pay-method" name="method">
                                                {PaymentMethod::ALL.into_iter().map(|m| view! {
                                                    <option value=m.as_str()>{t(method_msg(m))}</option>
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <Field label=Msg::PaymentReference name="reference" required=true error=pay_err />
                                        <Field label=Msg::PaymentAmountYuan name="amount_yuan" error=pay_err required=true inputmode="decimal" value=balance.plain_yuan() />
                                        <Field label=Msg::PaymentReceivedOn name="received_on" kind="date" error=pay_err hint=Msg::DateTodayHint />
                                        <div><button type="submit" class="btn btn-primary">{t(Msg::PaymentRecord)}</button></div>
                                    </ActionForm>
                                </section>
                            })}
                            {status.may_credit().then(|| view! {
                                <crate::pages::credits::CreditNoteForm invoice_id=iid action=credit_note />
                            })}
                            {status.may_void(settled).then(|| view! {
                                <details class="card no-print">
                                    <summary>{t(Msg::InvVoid)}</summary>
                                    <ActionForm action=void attr:class="form" attr:data-test="invoice-void">
                                        <FormAlert error=void_err />
                                        <input type="hidden" name="id" value=iid />
                                        <TextArea label=Msg::InvVoidReason name="reason" required=true error=void_err />
                                        <button type="submit" class="btn btn-danger">{t(Msg::InvVoid)}</button>
                                    </ActionForm>
                                </details>
                            })}
                            <PrintButton />
                        }.into_any()
                    }
                }
            })}}
        </Transition>
    }
}

// ---------------------------------------------------------------- customer portal

#[component]
pub fn MyInvoicesPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyInvoices />
        </Guard>
    }
}

#[component]
fn MyInvoices() -> impl IntoView {
    let billing = Resource::new(|| (), |_| get_my_billing());
    view! {
        <crate::PageTitle msg=Msg::MyInvoicesTitle />
        <h1>{t(Msg::MyInvoicesTitle)} " " <ClauseRef id="6.2" /></h1>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match billing.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(b) => view! {
                        <section class="card stats">
                            <div><p class="muted">{t(Msg::InvOutstanding)}</p><p class="big" data-test="outstanding">{b.outstanding.display_cny()}</p></div>
                            <div><p class="muted">{t(Msg::InvCredit)} " " <ClauseRef id="8.2" /></p><p class="big" data-test="credit">{b.credit.display_cny()}</p></div>
                        </section>
                        <section class="card">
                            <InvoiceList invoices=b.invoices admin=false />
                        </section>
                        {(!b.credits.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>{t(Msg::InvCredits)} " " <ClauseRef id="8.2" /></h2>
                                <div class="table-wrap">
                                <table class="table" data-test="credits">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(Msg::InvNumber)}</th>
                                            <th scope="col">{t(Msg::InvIssueDate)}</th>
                                            <th scope="col">{t(Msg::CreditKindHead)}</th>
                                            <th scope="col">{t(Msg::AdjReason)}</th>
                                            <th scope="col" class="num">{t(Msg::CreditAmount)}</th>
                                            <th scope="col" class="num">{t(Msg::CreditRemaining)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {b.credits.into_iter().map(|c| view! {
                                            <tr data-credit=c.number.clone()>
                                                <td>{c.number.clone()}</td>
                                                <td>{c.issued_on.to_string()}</td>
                                                <td>{t(crate::pages::credits::credit_kind_msg(c.kind))}</td>
                                                <td>{c.reason.clone()}</td>
                                                <td class="num">{c.amount.display_cny()}</td>
                                                <td class="num">{c.remaining.display_cny()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                            </section>
                        })}
                        {(!b.refunds.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>{t(Msg::RefundsTitle)} " " <ClauseRef id="8.2" /></h2>
                                <table class="table" data-test="refunds">
                                    <tbody>
                                        {b.refunds.into_iter().map(|r| view! {
                                            <tr>
                                                <td>{r.refunded_on.to_string()}</td>
                                                <td>{r.credit_number.clone()}</td>
                                                <td>{t(method_msg(r.method))}</td>
                                                <td>{r.reference.clone()}</td>
                                                <td class="num">{r.amount.display_cny()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        })}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn MyInvoicePage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyInvoice />
        </Guard>
    }
}

#[component]
fn MyInvoice() -> impl IntoView {
    let id = id_param();
    let inv = Resource::new(id, get_invoice);
    let query = use_query_map();
    let paid = move || query.with(|q| q.get("paid").is_some());
    view! {
        <crate::PageTitle msg=Msg::MyInvoicesTitle />
        <p class="no-print"><a href="/portal/invoices">{t(Msg::MyInvoicesTitle)}</a></p>
        <Show when=paid>
            <p class="notice notice-ok" role="status" data-test="paid-online">{t(Msg::PaidOnlineNotice)}</p>
        </Show>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match inv.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(v) => {
                        let owing = v.status.may_take_payment() && v.totals.balance.0 > 0;
                        let iid = v.id;
                        view! {
                            <InvoiceDocument inv=v />
                            {owing.then(|| view! { <crate::pages::payments::PayOnlineButton invoice_id=iid /> })}
                            <PrintButton />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn PrintButton() -> impl IntoView {
    view! {
        <p class="no-print">
            <button type="button" class="btn" on:click=move |_| {
                let _ = window().print();
            }>{t(Msg::Print)}</button>
        </p>
    }
}

fn adjustment_status_badge(s: AdjustmentStatus) -> impl IntoView {
    let (class, msg) = match s {
        AdjustmentStatus::Proposed => ("badge badge-gold", Msg::AdjProposed),
        AdjustmentStatus::Approved => ("badge badge-ok", Msg::AdjApproved),
        AdjustmentStatus::Rejected => ("badge badge-muted", Msg::AdjRejected),
    };
    view! { <span class=class data-status=s.as_str()>{t(msg)}</span> }
}

fn adjustment_kind_msg(k: AdjustmentKind) -> Msg {
    match k {
        AdjustmentKind::Waiver => Msg::AdjWaiver,
        AdjustmentKind::ExtraDiscount => Msg::AdjExtraDiscount,
    }
}

/// Waivers and extra discounts (6.3): the proposals with their decisions, approve / reject for
/// anyone but the proposer, and the form for a new proposal.
#[component]
#[allow(clippy::too_many_arguments)]
fn Adjustments(
    list: Vec<AdjustmentView>,
    invoice_id: i64,
    open: bool,
    me: i64,
    propose: ServerAction<ProposeAdjustment>,
    decide: ServerAction<DecideAdjustment>,
    propose_err: Signal<crate::components::forms::FormError>,
    decide_err: Signal<crate::components::forms::FormError>,
) -> impl IntoView {
    view! {
        <section class="card no-print" data-test="adjustments">
            <h2>{t(Msg::AdjTitle)} " " <ClauseRef id="6.3" /></h2>
            <p class="muted">{t(Msg::AdjHint)}</p>
            <FormAlert error=decide_err />
            {(!list.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{t(Msg::AdjKind)}</th>
                                <th scope="col" class="num">{t(Msg::PaymentAmountYuan)}</th>
                                <th scope="col">{t(Msg::AdjReason)}</th>
                                <th scope="col">{t(Msg::AdjProposedBy)}</th>
                                <th scope="col">{t(Msg::StaffStatus)}</th>
                                <th scope="col"></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|a| {
                                let pending = a.status == AdjustmentStatus::Proposed;
                                let mine = a.proposed_by == me;
                                view! {
                                    <tr data-adjustment=a.id>
                                        <td>{t(adjustment_kind_msg(a.kind))}</td>
                                        <td class="num">{a.amount.display_cny()}</td>
                                        <td>{a.reason.clone()}</td>
                                        <td>{a.proposer_name.clone()}</td>
                                        <td>{adjustment_status_badge(a.status)} {a.decider_name.clone().map(|d| format!(" {d}"))}</td>
                                        <td>
                                            {(pending && !mine).then(|| view! {
                                                <ActionForm action=decide attr:class="inline-form" attr:data-test="adjustment-approve">
                                                    <input type="hidden" name="invoice_id" value=invoice_id />
                                                    <input type="hidden" name="adjustment_id" value=a.id />
                                                    <input type="hidden" name="decision" value="approve" />
                                                    <button type="submit" class="btn btn-small btn-primary">{t(Msg::AdjApprove)}</button>
                                                </ActionForm>
                                                <ActionForm action=decide attr:class="inline-form" attr:data-test="adjustment-reject">
                                                    <input type="hidden" name="invoice_id" value=invoice_id />
                                                    <input type="hidden" name="adjustment_id" value=a.id />
                                                    <input type="hidden" name="decision" value="reject" />
                                                    <button type="submit" class="btn btn-small">{t(Msg::AdjReject)}</button>
                                                </ActionForm>
                                            })}
                                            {(pending && mine).then(|| view! { <span class="muted small" data-test="adjustment-needs-other">{t(Msg::AdjHint)}</span> })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {open.then(|| view! {
                <ActionForm action=propose attr:class="form form-grid" attr:data-test="adjustment-form">
                    <FormAlert error=propose_err />
                    <input type="hidden" name="id" value=invoice_id />
                    <div class="field">
                        <label for="adj-kind">{t(Msg::AdjKind)}</label>
                        <select id="adj-kind" name="kind">
                            {AdjustmentKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str()>{t(adjustment_kind_msg(k))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Field label=Msg::PaymentAmountYuan name="amount_yuan" id="adj-amount" required=true error=propose_err />
                    <Field label=Msg::AdjReason name="reason" id="adj-reason" required=true error=propose_err />
                    <div><button type="submit" class="btn">{t(Msg::AdjPropose)}</button></div>
                </ActionForm>
            })}
        </section>
    }
}
