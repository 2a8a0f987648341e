//! A signed (or to-be-signed) agreement, for its customer (`/portal/agreements/:id`) and for
//! staff (`/admin/agreements/:id`): the parties, the level as granted, every clause with an
//! anchor (`#clause-3-2-1`) so rights can link to the exact wording signed, the SHA-256 of the
//! canonical text with its verification, attachments, print (clause 13.2), the customer's
//! signature form and the reviewer's countersignature.

use crate::api::membership::{get_agreement, CountersignAgreement, SignAgreement};
use crate::components::forms::{use_form_error, Field, FormAlert};
use crate::components::guard::Guard;
use crate::session::{t, tf, use_lang, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use vipcare::agreement::Template;
use vipcare::clause_notes::{placement, ClauseNote, NotePage, NoteWhat};
use vipcare::i18n::Lang;
use vipcare::membership::{AgreementStatus, AgreementView};
use vipcare::money::group_thousands;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

/// The clauses of a template, each with its anchor. Default wording is marked for staff. With
/// `notes` (the customer's own agreement), what a clause means for them now sits beside it.
#[component]
pub fn AgreementText(
    template: Template,
    #[prop(optional)] mark_defaults: bool,
    #[prop(optional)] notes: Vec<ClauseNote>,
) -> impl IntoView {
    let lang = use_lang();
    let ids: std::collections::HashSet<String> = template
        .clauses
        .iter()
        .map(|c| c.clause_id.clone())
        .collect();
    let mut placed: std::collections::HashMap<String, Vec<ClauseNote>> = Default::default();
    for n in notes {
        if let Some(at) = placement(&n.clause, |id| ids.contains(id)) {
            placed.entry(at).or_default().push(n);
        }
    }
    view! {
        <div class="agreement-text" data-test="agreement-text">
            {template
                .clauses
                .into_iter()
                .map(|c| {
                    let id = c.anchor();
                    let text = c.text(lang).to_string();
                    let default = mark_defaults && c.default_wording;
                    let here = placed.remove(&c.clause_id).unwrap_or_default();
                    let clause = match c.depth {
                        1 => view! { <h3 id=id class="clause-chapter">{c.clause_id.clone()} ". " {text}</h3> }.into_any(),
                        2 => view! { <h4 id=id class="clause-section">{c.clause_id.clone()} " " {text}</h4> }.into_any(),
                        _ => view! {
                            <p id=id class="agr-clause" class:clause-default=default data-clause=c.clause_id.clone()>
                                <span class="clause-no">{c.clause_id.clone()}</span>
                                " "
                                {text}
                                {default.then(|| view! { " " <span class="badge badge-muted">{t(Msg::DefaultWording)}</span> })}
                            </p>
                        }.into_any(),
                    };
                    view! {
                        {clause}
                        {(!here.is_empty()).then(|| view! { <ClauseNotes notes=here /> })}
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The notes beside one clause.
#[component]
fn ClauseNotes(notes: Vec<ClauseNote>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <aside class="clause-note no-print" aria-label=t(Msg::NoteTitle)>
            <strong>{t(Msg::NoteTitle)}</strong>
            <ul>
                {notes
                    .into_iter()
                    .map(|n| {
                        let text = note_text(&n.what, lang);
                        let clause = n.clause.clone();
                        view! {
                            <li data-test="clause-note" data-clause=clause>
                                {match n.href {
                                    Some(h) => view! { <a href=h>{text}</a> }.into_any(),
                                    None => view! { <span>{text}</span> }.into_any(),
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </aside>
    }
}

/// A note in the reader's language.
fn note_text(what: &NoteWhat, lang: Lang) -> String {
    let fill = |m: Msg, args: &[(&str, String)]| {
        args.iter().fold(m.text(lang).to_string(), |s, (k, v)| {
            s.replace(&format!("{{{k}}}"), v)
        })
    };
    let mins = |m: i64| vipcare::complaint_reports::duration_text(Some(m * 60_000), lang);
    match what {
        NoteWhat::Standing {
            spend,
            points,
            level,
        } => {
            let mut s = fill(
                Msg::NoteStanding,
                &[
                    ("spend", spend.display_cny()),
                    ("points", group_thousands(*points)),
                ],
            );
            if let Some((zh, en)) = level {
                s.push(' ');
                s.push_str(&fill(
                    Msg::NoteStandingLevel,
                    &[("level", lang.pick(zh, en).to_string())],
                ));
            }
            s
        }
        NoteWhat::Grace { until } => fill(Msg::NoteGrace, &[("date", until.to_string())]),
        NoteWhat::Term { from, until } => fill(
            Msg::NoteTerm,
            &[("from", from.to_string()), ("until", until.to_string())],
        ),
        NoteWhat::Agent { name: Some(name) } => fill(Msg::NoteAgent, &[("name", name.clone())]),
        NoteWhat::Agent { name: None } => Msg::NoteNoAgent.text(lang).to_string(),
        NoteWhat::Sla {
            first_response_mins,
            resolution_mins,
            always_open,
        } => fill(
            Msg::NoteSla,
            &[
                ("first", mins(*first_response_mins)),
                ("resolution", mins(*resolution_mins)),
                (
                    "calendar",
                    if *always_open {
                        Msg::NoteSla247
                    } else {
                        Msg::NoteSlaBusiness
                    }
                    .text(lang)
                    .to_string(),
                ),
            ],
        ),
        NoteWhat::Page(p) => match p {
            NotePage::Fees => Msg::NotePageFees,
            NotePage::Invoices => Msg::NotePageInvoices,
            NotePage::Plans => Msg::NotePagePlans,
            NotePage::Requests => Msg::NotePageRequests,
            NotePage::Complaints => Msg::NotePageComplaints,
            NotePage::Rights => Msg::NotePageRights,
            NotePage::Feedback => Msg::NotePageFeedback,
        }
        .text(lang)
        .to_string(),
    }
}

#[component]
pub fn AgreementPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageOwnAccount>
            <AgreementLoader />
        </Guard>
    }
}

#[component]
fn AgreementLoader() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || {
        params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
    });
    view! { <AgreementById id /> }
}

/// The customer's own agreement at a stable address (`/portal/agreement`, clause links land
/// here): the live membership's agreement, else the newest they signed or were offered; without
/// any, the current template. One resource resolves which agreement and loads it, so the page
/// hydrates from one serialized value (a resource created inside a `Suspend` would not be).
#[component]
pub fn MyAgreementPage() -> impl IntoView {
    let sign = ServerAction::<SignAgreement>::new();
    let countersign = ServerAction::<CountersignAgreement>::new();
    let mine = Resource::new(
        move || (sign.version().get(), countersign.version().get()),
        |_| async move {
            let m = crate::api::membership::get_my_membership().await?;
            let agreement = m
                .membership
                .map(|ms| ms.agreement_id)
                .or_else(|| m.agreements.iter().map(|a| a.id).max());
            match agreement {
                Some(id) => load_agreement(id, true).await.map(Ok),
                None => crate::api::membership::current_template().await.map(Err),
            }
        },
    );
    view! {
        <Guard permission=Permission::UsePortal>
            <crate::PageTitle msg=Msg::AgreementTitle />
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match mine.await {
                        Ok(Ok((a, notes))) => view! { <AgreementDocument a notes sign countersign /> }.into_any(),
                        Ok(Err(tpl)) => view! {
                            <p class="notice" data-test="no-agreement">{t(Msg::AgreementNoneSigned)}</p>
                            <TemplateText tpl />
                        }.into_any(),
                        Err(e) => agreement_error(e),
                    }
                })}
            </Suspense>
        </Guard>
    }
}

/// An agreement and, for its customer, what each clause means for them now.
async fn load_agreement(
    id: i64,
    is_customer: bool,
) -> Result<(AgreementView, Vec<ClauseNote>), crate::error::AppError> {
    let a = get_agreement(id).await?;
    let notes = if is_customer {
        crate::api::membership::get_my_clause_notes()
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok((a, notes))
}

/// The error card of an agreement that cannot be shown, with the status on the SSR response.
fn agreement_error(e: crate::error::AppError) -> AnyView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(e.status());
    }
    view! {
        <section class="card narrow error-page" data-test="agreement-error">
            <h1>{t(Msg::AgreementTitle)}</h1>
            <p class="notice notice-error">{t(e.msg())}</p>
        </section>
    }
    .into_any()
}

#[component]
fn AgreementById(#[prop(into)] id: Signal<i64>) -> impl IntoView {
    let sign = ServerAction::<SignAgreement>::new();
    let countersign = ServerAction::<CountersignAgreement>::new();
    let is_customer = use_session().can(Permission::UsePortal);
    // The agreement and, for its customer, what each clause means for them now — one resource,
    // so the page hydrates from one serialized value.
    let agreement = Resource::new(
        move || (id.get(), sign.version().get(), countersign.version().get()),
        move |(id, _, _)| load_agreement(id, is_customer),
    );
    view! {
        <crate::PageTitle msg=Msg::AgreementTitle />
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match agreement.await {
                    Ok((a, notes)) => view! { <AgreementDocument a notes sign countersign /> }.into_any(),
                    Err(e) => agreement_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AgreementDocument(
    a: AgreementView,
    notes: Vec<ClauseNote>,
    sign: ServerAction<SignAgreement>,
    countersign: ServerAction<CountersignAgreement>,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let is_customer = session.can(Permission::UsePortal);
    let can_countersign = session.can(Permission::ReviewApplications);
    let sign_error = use_form_error(move || sign.value().get());
    let countersign_error = use_form_error(move || countersign.value().get());
    let level = &a.level;
    let level_line = tf(
        Msg::AgreementLevelLine,
        &[
            level.name(lang),
            &level.spend_threshold.display_cny(),
            &group_thousands(level.points_threshold),
            &level.discount_percent(),
        ],
    );
    let status = a.status;
    let id = a.id;
    view! {
        <article class="agreement" data-test="agreement" data-status=status.as_str()>
            <header class="card">
                <p class="no-print"><a href=if is_customer { "/portal/membership" } else { "/admin/applications" }>"← " {t(Msg::Back)}</a></p>
                <h1>{a.template.title(lang).to_string()}</h1>
                <p>
                    <span class="badge" data-test="agreement-status">{t(status.msg())}</span>
                    " "
                    {a.is_renewal.then(|| view! { <span class="badge badge-gold">{t(Msg::AgreementRenewal)}</span> })}
                </p>
                <dl class="facts">
                    <div><dt>{t(Msg::AgreementTemplate)}</dt><dd>{a.template.label()}</dd></div>
                    <div><dt>{t(Msg::AgreementPartyA)}</dt><dd>{vipcare::agreement::party_a(&a.canonical_text).unwrap_or_default().to_string()}</dd></div>
                    <div><dt>{t(Msg::AgreementPartyB)}</dt><dd>{a.customer_name.clone()} " <" {a.customer_email.clone()} ">"</dd></div>
                    <div><dt>{t(Msg::AgreementLevel)}</dt><dd>{level_line}</dd></div>
                    <div><dt>{t(Msg::AgreementEffective)}</dt><dd data-test="agreement-effective">{a.effective_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into())} " – " {a.expires_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd></div>
                    <div><dt>{t(Msg::AgreementSignedBy)}</dt><dd data-test="signed-by">{match (&a.signed_name, a.customer_signed_at) {
                        (Some(n), Some(at)) => format!("{n} · {} · IP {}", format_shanghai(at), a.customer_ip.clone().unwrap_or_default()),
                        _ => "—".into(),
                    }}</dd></div>
                    <div><dt>{t(Msg::AgreementCountersignedBy)}</dt><dd data-test="countersigned-by">{match (&a.countersigned_by_name, a.countersigned_at) {
                        (Some(n), Some(at)) => format!("{n} · {}", format_shanghai(at)),
                        _ => "—".into(),
                    }}</dd></div>
                    {a.template.clause("13.1.1").map(|c| view! {
                        <div><dt>{t(Msg::AgreementLaw)}</dt><dd data-test="agreement-law">{c.text(lang).to_string()} " " <crate::pages::ClauseRef id="13.1" /></dd></div>
                    })}
                    <div><dt>{t(Msg::AgreementCopies)}</dt><dd>{t(Msg::AgreementCopiesDetail)} " " <crate::pages::ClauseRef id="13.2" /></dd></div>
                    <div><dt>"SHA-256"</dt><dd><code data-test="agreement-hash">{a.sha256.clone()}</code> " "
                        {if a.hash_verified {
                            view! { <span class="badge badge-ok" data-test="hash-verified">{t(Msg::AgreementHashOk)}</span> }.into_any()
                        } else {
                            view! { <span class="badge badge-error" data-test="hash-broken">{t(Msg::AgreementHashBroken)}</span> }.into_any()
                        }}
                    </dd></div>
                </dl>
                <p class="hint">{t(Msg::AgreementHashHint)}</p>
                <p class="no-print"><button type="button" class="btn btn-quiet" data-test="print" on:click=move |_| {
                    #[cfg(feature = "hydrate")]
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{t(Msg::Print)}</button>
                    {vipcare::signed_copy::is_signed(&a).then(|| view! {
                        " "
                        <a class="btn btn-quiet" href=format!("/agreements/{id}/signed-copy") download="" rel="external" data-test="signed-copy">{t(Msg::AgreementDownloadCopy)}</a>
                    })}
                </p>
            </header>
            {(is_customer && status == AgreementStatus::AwaitingCustomer).then(|| view! {
                <section class="card no-print" data-test="sign-panel">
                    <h2>{t(Msg::SignTitle)}</h2>
                    <p>{t(Msg::SignLead)}</p>
                    <FormAlert error=sign_error />
                    <ActionForm action=sign attr:class="form" attr:data-test="sign-form">
                        <input type="hidden" name="id" value=id />
                        <Field label=Msg::SignTypedName name="signed_name" required=true error=sign_error hint=Msg::SignTypedNameHint />
                        <label class="check" for="sign-consent">
                            <input type="checkbox" id="sign-consent" name="consent" required />
                            {t(Msg::SignConsent)}
                        </label>
                        <button type="submit" class="btn btn-primary">{t(Msg::SignSubmit)}</button>
                    </ActionForm>
                </section>
            })}
            {(can_countersign && status == AgreementStatus::AwaitingCountersign).then(|| view! {
                <section class="card no-print" data-test="countersign-panel">
                    <h2>{t(Msg::CountersignTitle)}</h2>
                    <FormAlert error=countersign_error />
                    <ActionForm action=countersign attr:class="form" attr:data-test="countersign-form">
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="btn btn-primary">{t(Msg::CountersignSubmit)}</button>
                    </ActionForm>
                </section>
            })}
            <section class="card">
                <h2>{t(Msg::AgreementClauses)}</h2>
                <AgreementText template=a.template.clone() mark_defaults=!is_customer notes />
            </section>
            <section class="card">
                <h2>{t(Msg::AgreementAttachments)} <crate::pages::ClauseRef id="14" /></h2>
                {if a.attachments.is_empty() {
                    view! { <p class="muted">{t(Msg::AgreementNoAttachments)}</p> }.into_any()
                } else {
                    view! {
                        <ul data-test="attachments">
                            {a.attachments.iter().map(|x| view! {
                                <li>{match &x.file {
                                    Some(f) => view! { <a href=format!("/files/{}", f.id)>{x.title.clone()}</a> " " <span class="muted small">{format!("{} · {} KB · SHA-256 {}", f.mime, (f.size + 1023) / 1024, &f.sha256[..16])}</span> }.into_any(),
                                    None => match x.plan_id {
                                        Some(id) => {
                                            let customer = crate::session::use_session().user.is_some_and(|u| u.can(vipcare::Permission::UsePortal));
                                            let href = if customer { format!("/portal/plans/{id}") } else { format!("/admin/billing/plans/{id}") };
                                            view! { <a href=href data-test="plan-attachment">{x.title.clone()}</a> }.into_any()
                                        }
                                        None => view! { <span>{x.title.clone()}</span> }.into_any(),
                                    },
                                }}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <details class="card">
                <summary>{t(Msg::AgreementCanonical)}</summary>
                <pre class="code canonical" data-test="canonical-text">{a.canonical_text.clone()}</pre>
            </details>
        </article>
    }
}

/// The agreement in force, public (`/agreement`): what a customer would sign, clause by clause.
/// Staff see which clauses carry the product's default wording (the preview is cut off there).
#[component]
pub fn CurrentAgreementPage() -> impl IntoView {
    let template = Resource::new(|| (), |_| crate::api::membership::current_template());
    view! {
        <crate::PageTitle msg=Msg::AgreementTitle />
        <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match template.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(tpl) => view! { <TemplateText tpl /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A template's title and clauses; staff see which clauses carry the default wording.
#[component]
fn TemplateText(tpl: Template) -> impl IntoView {
    let lang = use_lang();
    let staff = use_session().user.as_ref().is_some_and(|u| u.is_staff());
    view! {
        <h1>{tpl.title(lang).to_string()}</h1>
        <p class="muted">{tpl.label()}</p>
        {staff.then(|| view! { <p class="notice notice-info" data-test="default-wording-note">{t(Msg::DefaultWordingNote)}</p> })}
        <section class="card">
            <AgreementText template=tpl mark_defaults=staff />
        </section>
    }
}
