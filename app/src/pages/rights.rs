//! "My rights" (`/portal/rights`, clause 4.1): every right, deadline and threshold the
//! customer has, each linked to its clause in the agreement version this customer signed.

use crate::api::membership::{get_agreement, get_my_membership};
use crate::api::programme::get_complaint_channels;
use crate::components::guard::Guard;
use crate::error::AppError;
use crate::pages::ClauseRef;
use crate::session::{t, tf, use_lang};
use leptos::prelude::*;
use vipcare::agreement::clause_anchor;
use vipcare::membership::{AgreementView, MembershipView};
use vipcare::money::group_thousands;
use vipcare::{Msg, Permission};

#[component]
pub fn RightsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <MyRights />
        </Guard>
    }
}

#[component]
fn MyRights() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async {
            let mine = get_my_membership().await?;
            let channels = get_complaint_channels().await?;
            match mine.membership.filter(|m| m.status.is_live()) {
                Some(m) => {
                    let a = get_agreement(m.agreement_id).await?;
                    Ok::<_, AppError>((Some((m, a)), channels))
                }
                None => Ok((None, channels)),
            }
        },
    );
    view! {
        <crate::PageTitle msg=Msg::RightsTitle />
        <h1>{t(Msg::RightsTitle)} <ClauseRef id="4.1" /></h1>
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok((None, _)) => view! {
                        <section class="card" data-test="no-rights">
                            <p>{t(Msg::RightsNone)} " " <ClauseRef id="4.2" /></p>
                            <p><a class="btn btn-primary" href="/portal/membership">{t(Msg::ApplicationTitle)}</a></p>
                        </section>
                    }.into_any(),
                    Ok((Some((m, a)), channels)) => view! { <RightsList m a channels /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RightsList(
    m: MembershipView,
    a: AgreementView,
    channels: Vec<(String, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let setting = |k: &str| {
        channels
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let ack = setting("acknowledge_hours");
    let resolve = setting("resolution_days");
    let level = m.level.clone();
    let rows: Vec<(Msg, String, &'static str)> = vec![
        (
            Msg::RightDedicatedAgent,
            t(Msg::RightsAgentDetail).to_string(),
            "3.2.1",
        ),
        (
            Msg::RightsHours,
            t(Msg::RightsHoursDetail).to_string(),
            "3.4.1",
        ),
        (
            Msg::RightPriority,
            t(Msg::RightsPriorityDetail).to_string(),
            "3.2.2",
        ),
        (
            Msg::RightCustomised,
            t(Msg::RightsCustomisedDetail).to_string(),
            "3.2.3",
        ),
        (
            Msg::RightsChannels,
            t(Msg::RightsChannelsDetail).to_string(),
            "3.3.1",
        ),
        (
            Msg::RightsDiscount,
            tf(Msg::RightsDiscountDetail, &[&level.discount_percent()]),
            "6.3",
        ),
        (
            Msg::RightsComplaints,
            tf(Msg::RightsComplaintsDetail, &[&ack, &resolve]),
            "7.2",
        ),
        (
            Msg::RightsKeep,
            tf(
                Msg::RightsKeepDetail,
                &[
                    &level.spend_threshold.display_cny(),
                    &group_thousands(level.points_threshold),
                ],
            ),
            "2.1.1",
        ),
        (
            Msg::RightsTerm,
            tf(
                Msg::RightsTermDetail,
                &[&m.started_on.to_string(), &m.expires_on.to_string()],
            ),
            "12.2",
        ),
        (
            Msg::RightsRenewal,
            t(Msg::RightsRenewalDetail).to_string(),
            "12.3",
        ),
        (
            Msg::RightsLapse,
            t(Msg::RightsLapseDetail).to_string(),
            "2.3.1",
        ),
        (
            Msg::RightsChange,
            t(Msg::RightsChangeDetail).to_string(),
            "4.3.1",
        ),
        (
            Msg::RightsTerminate,
            t(Msg::RightsTerminateDetail).to_string(),
            "9",
        ),
        (
            Msg::RightsConfidential,
            t(Msg::RightsConfidentialDetail).to_string(),
            "10.3",
        ),
    ];
    let agreement = a.id;
    let label = a.template.label();
    view! {
        <p class="lead">{tf(Msg::RightsLead, &[m.level.name(lang), &label])}</p>
        <section class="card">
            <ul class="rights" data-test="rights">
                {rows.into_iter().map(|(title, detail, clause)| {
                    // Link to the clause itself, or to its section when the template has no such clause id.
                    let target = if a.template.clause(clause).is_some() { clause.to_string() } else { clause.split('.').take(2).collect::<Vec<_>>().join(".") };
                    view! {
                        <li data-clause=clause>
                            <h2 class="right-title">{t(title)}</h2>
                            <p>{detail}</p>
                            <a class="clause" href=format!("/portal/agreements/{agreement}#{}", clause_anchor(&target)) data-test="clause-link">
                                {t(Msg::Clause)} " " {clause}
                            </a>
                            {(clause == "10.3").then(|| view! {
                                " " <a href="/portal/access-log" data-test="access-log-link">{t(Msg::AccessLogTitle)}</a>
                                " " <a href="/portal/export.zip" download="" rel="external" data-test="export-link">{t(Msg::ExportDownload)}</a>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
