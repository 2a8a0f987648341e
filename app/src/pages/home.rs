//! Public pages: the programme with its levels (clause 2.1.1, 3, 4.1) and the complaint
//! channels (clause 7.1).

use crate::api::programme::{get_complaint_channels, get_levels};
use crate::session::{t, use_lang, use_session};
use leptos::prelude::*;
use vipcare::levels::VipLevel;
use vipcare::{Msg, Permission};

#[component]
pub fn HomePage() -> impl IntoView {
    let levels = Resource::new(|| (), |_| get_levels());
    let is_customer = use_session().can(Permission::UsePortal);
    let signed_in = use_session().user.is_some();
    view! {
        <crate::PageTitle msg=Msg::HomeTitle />
        <section class="hero">
            <h1>{t(Msg::HomeTitle)}</h1>
            <p class="lead">{t(Msg::HomeLead)}</p>
            {if is_customer {
                Some(view! { <a class="btn btn-primary btn-lg" href="/portal">{t(Msg::CtaPortal)}</a> }.into_any())
            } else if !signed_in {
                Some(view! { <a class="btn btn-primary btn-lg" href="/register">{t(Msg::CtaRegister)}</a> }.into_any())
            } else {
                None
            }}
        </section>
        // Last month's service quality (5.3.2), when an admin has made it public.
        <crate::pages::quality_dashboard::PublicQuality />
        <section class="card">
            <h2>{t(Msg::HomeLevelsTitle)} <ClauseRef id="2.1.1" /></h2>
            <p class="muted">{t(Msg::HomeLevelsNote)}</p>
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match levels.await {
                        Ok(l) => view! { <LevelsTable levels=l /> }.into_any(),
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <div class="grid-2">
            <section class="card">
                <h2>{t(Msg::HomeRightsTitle)} <ClauseRef id="4.1" /></h2>
                <ul class="checklist">
                    <li>{t(Msg::RightDedicatedAgent)} <ClauseRef id="3.2.1" /></li>
                    <li>{t(Msg::RightPriority)} <ClauseRef id="3.2.2" /></li>
                    <li>{t(Msg::RightCustomised)} <ClauseRef id="3.2.3" /></li>
                </ul>
            </section>
            <section class="card">
                <h2>{t(Msg::HomeStepsTitle)} <ClauseRef id="2.2" /></h2>
                <ol class="steps">
                    <li>{t(Msg::StepRegister)}</li>
                    <li>{t(Msg::StepApply)}</li>
                    <li>{t(Msg::StepReview)}</li>
                    <li>{t(Msg::StepSign)}</li>
                </ol>
            </section>
        </div>
    }
}

/// A small badge naming the agreement clause a statement comes from.
#[component]
pub fn ClauseRef(id: &'static str) -> impl IntoView {
    let href = clause_href(id);
    view! {
        <a class="clause" href=href data-clause=id title=move || format!("{} {id}", t(Msg::Clause))>
            "§"
            {id}
        </a>
    }
}

/// Where a clause reference leads (issue "contract fidelity"): a customer reads the version they
/// signed (`/portal/agreement` shows it), everyone else the current template.
pub fn clause_href(id: &str) -> String {
    let base = if use_session().can(Permission::UsePortal) {
        "/portal/agreement"
    } else {
        "/agreement"
    };
    format!("{base}#{}", vipcare::agreement::clause_anchor(id))
}

/// The levels with their thresholds, as a table.
#[component]
pub fn LevelsTable(levels: Vec<VipLevel>) -> impl IntoView {
    let lang = use_lang();
    if levels.is_empty() {
        return view! { <p class="muted">{t(Msg::NoLevels)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-test="levels">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::LevelName)}</th>
                        <th scope="col" class="num">{t(Msg::LevelSpend)}</th>
                        <th scope="col" class="num">{t(Msg::LevelPoints)}</th>
                        <th scope="col" class="num">{t(Msg::LevelDiscount)}</th>
                        <th scope="col" class="num">{t(Msg::LevelEntryFee)}</th>
                    </tr>
                </thead>
                <tbody>
                    {levels
                        .into_iter()
                        .map(|l| {
                            view! {
                                <tr>
                                    <th scope="row">
                                        <span class="badge badge-gold">{l.name(lang).to_string()}</span>
                                    </th>
                                    <td class="num">{l.spend_threshold.display_cny()}</td>
                                    <td class="num">{group_digits(l.points_threshold)}</td>
                                    <td class="num">{l.discount_percent()}</td>
                                    <td class="num">{l.entry_fee.display_cny()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn group_digits(n: i64) -> String {
    vipcare::Fen(n * 100)
        .display_cny()
        .trim_start_matches('¥')
        .to_string()
}

#[component]
pub fn ChannelsPage() -> impl IntoView {
    let channels = Resource::new(|| (), |_| get_complaint_channels());
    view! {
        <crate::PageTitle msg=Msg::ChannelsTitle />
        <section class="card">
            <h1>{t(Msg::ChannelsTitle)} <ClauseRef id="7.1" /></h1>
            <p class="lead">{t(Msg::ChannelsLead)}</p>
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let list = channels.await.unwrap_or_default();
                    let get = |k: &str| {
                        list.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default()
                    };
                    let phone = get("phone");
                    let email = get("email");
                    view! {
                        <dl class="channels" data-test="channels">
                            <div>
                                <dt>{t(Msg::ChannelWeb)}</dt>
                                <dd>{t(Msg::ChannelWebText)}</dd>
                            </div>
                            <div>
                                <dt>{t(Msg::ChannelPhone)}</dt>
                                <dd>
                                    <a href=format!("tel:{phone}")>{phone.clone()}</a>
                                </dd>
                            </div>
                            <div>
                                <dt>{t(Msg::ChannelEmail)}</dt>
                                <dd>
                                    <a href=format!("mailto:{email}")>{email.clone()}</a>
                                </dd>
                            </div>
                            <div>
                                <dt>{t(Msg::ChannelBranch)}</dt>
                                <dd>{t(Msg::ChannelBranchText)}</dd>
                            </div>
                        </dl>
                    }
                })}
            </Suspense>
        </section>
    }
}
