//! `/admin/complaints/settings`: the complaint process's configuration for admins (clauses 7.2,
//! 8.2) — the deadlines (acknowledge within N hours, propose within N days of receipt, a second
//! proposal within N days of an escalation) and the automatic compensation of each VIP level.
//! Every form is an `ActionForm` (works without JavaScript: errors come back as `?error=…`);
//! each has its own action so its errors stay with it, and a save reloads the page's data.

use crate::api::complaint_settings::{
    get_complaint_settings, RemoveCompensationPolicy, SetCompensationPolicy, SetComplaintDeadlines,
};
use crate::components::forms::{
    reload_on_ok, use_action_error, use_form_error, Field, FormAlert, Notice,
};
use crate::components::guard::Guard;
use crate::error::AppError;
use crate::pages::ClauseRef;
use crate::session::{t, use_lang};
use leptos::prelude::*;
use vipcare::complaint_settings::{CompensationPolicyView, ComplaintSettings};
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn ComplaintSettingsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageDisputes>
            <ComplaintSettingsView />
        </Guard>
    }
}

#[component]
fn ComplaintSettingsView() -> impl IntoView {
    let saves = RwSignal::new(0usize);
    let data = Resource::new(move || saves.get(), |_| get_complaint_settings());
    // After a plain form post (no JavaScript) the error comes back in the query string.
    let posted_error = use_form_error(|| None::<Result<(), AppError>>);
    let saved = move || saves.get() > 0;
    view! {
        <crate::PageTitle msg=Msg::ComplaintSettingsTitle />
        <h1>{t(Msg::ComplaintSettingsTitle)} " " <ClauseRef id="7.2" /></h1>
        <p class="muted">{t(Msg::ComplaintSettingsLead)}</p>
        <p><a href="/admin/complaints/reports" data-test="complaint-reports-link">{t(Msg::ComplaintReportsTitle)}</a></p>
        {move || posted_error.get().map(|(_, m)| view! {
            <div class="notice notice-error" role="alert" data-test="form-error">{t(m)}</div>
        })}
        <Show when=saved>
            <Notice msg=Msg::ComplaintSettingsSaved />
        </Show>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(o) => view! {
                        <Deadlines s=o.settings saves />
                        <Policies policies=o.policies saves />
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

// ---------------------------------------------------------------- deadlines (7.2)

#[component]
fn Deadlines(s: ComplaintSettings, saves: RwSignal<usize>) -> impl IntoView {
    let save = ServerAction::<SetComplaintDeadlines>::new();
    reload_on_ok(move || save.value().get(), saves);
    let err = use_action_error(move || save.value().get());
    let changed = match (&s.updated_by_name, s.updated_at) {
        (_, 0) => t(Msg::ComplaintSettingsAsShipped).to_string(),
        (Some(n), at) => format!(
            "{}: {} · {n}",
            t(Msg::ComplaintSettingsLastChanged),
            format_shanghai(at)
        ),
        (None, at) => format!(
            "{}: {}",
            t(Msg::ComplaintSettingsLastChanged),
            format_shanghai(at)
        ),
    };
    view! {
        <section class="card" data-test="complaint-deadlines">
            <h2>{t(Msg::ComplaintSettingsDeadlines)} " " <ClauseRef id="7.2" /></h2>
            <p class="notice notice-info">{t(Msg::ComplaintSettingsDeadlinesHint)}</p>
            <ActionForm action=save attr:class="form form-grid">
                <FormAlert error=err />
                <Field label=Msg::ComplaintSettingsAcknowledgeHours name="acknowledge_hours" id="cs-ack" required=true inputmode="numeric" hint=Msg::ComplaintSettingsAcknowledgeHint error=err value=s.acknowledge_hours() />
                <Field label=Msg::ComplaintSettingsProposeDays name="propose_days" id="cs-propose" required=true inputmode="numeric" hint=Msg::ComplaintSettingsDaysHint error=err value=s.propose_days() />
                <Field label=Msg::ComplaintSettingsSecondDays name="second_proposal_days" id="cs-second" required=true inputmode="numeric" error=err value=s.second_proposal_days() />
                <div><button type="submit" class="btn btn-primary">{t(Msg::ComplaintSettingsSaveDeadlines)}</button></div>
            </ActionForm>
            <p class="muted small" data-test="deadlines-changed">{changed}</p>
        </section>
    }
}

// ---------------------------------------------------------------- compensation (8.2)

#[component]
fn Policies(policies: Vec<CompensationPolicyView>, saves: RwSignal<usize>) -> impl IntoView {
    view! {
        <section class="card" data-test="compensation-policies">
            <h2>{t(Msg::ComplaintSettingsCompensation)} " " <ClauseRef id="8.2" /></h2>
            <p class="notice notice-info">{t(Msg::ComplaintSettingsCompensationHint)}</p>
            {policies
                .into_iter()
                .map(|p| view! { <PolicyForm p saves /> })
                .collect_view()}
        </section>
    }
}

#[component]
fn PolicyForm(p: CompensationPolicyView, saves: RwSignal<usize>) -> impl IntoView {
    let save = ServerAction::<SetCompensationPolicy>::new();
    reload_on_ok(move || save.value().get(), saves);
    let err = use_action_error(move || save.value().get());
    let lang = use_lang();
    let level = p.level_id;
    let key = format!("l{level}");
    let amount = |f: Option<vipcare::Fen>| f.map(|f| f.plain_yuan()).unwrap_or_default();
    let current = match p.policy {
        None => view! { <p class="muted" data-test="policy-none">{t(Msg::ComplaintSettingsNoPolicy)}</p> }.into_any(),
        Some(c) => view! {
            <p class="muted" data-test="policy-current">
                {t(Msg::ComplaintSettingsFirstResponse)} ": " {c.first_response.display_cny()} " · "
                {t(Msg::ComplaintSettingsResolution)} ": " {c.resolution.display_cny()} " · "
                {t(Msg::ComplaintSettingsMonthlyCap)} ": " {c.monthly_cap.display_cny()}
                {p.updated_at.map(|at| format!(" · {}: {}", t(Msg::ComplaintSettingsLastChanged), format_shanghai(at)))}
            </p>
            <RemoveForm level saves />
        }
        .into_any(),
    };
    view! {
        <div data-test="compensation-policy" data-level=p.level_code.clone() data-has-policy=p.policy.is_some().to_string()>
            <h3>
                {lang.pick(&p.level_name_zh, &p.level_name_en).to_string()}
                {(!p.level_active).then(|| view! { " " <span class="badge badge-muted">{t(Msg::ComplaintSettingsInactiveLevel)}</span> })}
            </h3>
            {current}
            <ActionForm action=save attr:class="form form-grid" attr:data-test="policy-form">
                <FormAlert error=err />
                <input type="hidden" name="level" value=level />
                <Field label=Msg::ComplaintSettingsFirstResponse name="first_response" id=format!("{key}-first") inputmode="decimal" hint=Msg::ComplaintSettingsAmountHint error=err value=amount(p.policy.map(|c| c.first_response)) />
                <Field label=Msg::ComplaintSettingsResolution name="resolution" id=format!("{key}-resolution") inputmode="decimal" error=err value=amount(p.policy.map(|c| c.resolution)) />
                <Field label=Msg::ComplaintSettingsMonthlyCap name="monthly_cap" id=format!("{key}-cap") required=true inputmode="decimal" error=err value=amount(p.policy.map(|c| c.monthly_cap)) />
                <div><button type="submit" class="btn btn-primary">{t(Msg::ComplaintSettingsSavePolicy)}</button></div>
            </ActionForm>
        </div>
    }
}

#[component]
fn RemoveForm(level: i64, saves: RwSignal<usize>) -> impl IntoView {
    let remove = ServerAction::<RemoveCompensationPolicy>::new();
    reload_on_ok(move || remove.value().get(), saves);
    let err = use_action_error(move || remove.value().get());
    view! {
        <ActionForm action=remove attr:class="inline-form" attr:data-test="policy-remove">
            <input type="hidden" name="level" value=level />
            <button type="submit" class="btn btn-small btn-quiet">{t(Msg::ComplaintSettingsRemovePolicy)}</button>
            <FormAlert error=err />
        </ActionForm>
    }
}
