//! The purchase ledger for admins and finance (clause 2.1.1): upload a CSV, see the preview
//! (rows, totals, new / unchanged / conflicting entries, every bad line), commit it with a
//! progress bar, and — for admins — the order system's API keys.

use crate::api::ledger::{list_api_keys, recent_ledger_imports, CreateApiKey, RevokeApiKey};
use crate::components::forms::{use_form_error, Field, FormAlert};
use crate::components::guard::Guard;
use crate::error::AppError;
use crate::pages::ClauseRef;
use crate::session::{t, tf, use_session};
use leptos::prelude::*;
use vipcare::ledger::{ImportPreview, ImportStatus, LineError, CSV_HEADER};
use vipcare::money::group_thousands;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn LedgerPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ImportLedger>
            <LedgerAdmin />
        </Guard>
    }
}

/// Asks for the import's status until it is no longer committing.
#[cfg(feature = "hydrate")]
fn poll(id: i64, status: RwSignal<Option<ImportStatus>>, finished: RwSignal<usize>) {
    use crate::api::ledger::ledger_import_status;
    leptos::task::spawn_local(async move {
        if let Ok(s) = ledger_import_status(id).await {
            let done = s.status != "committing";
            status.set(Some(s));
            if done {
                finished.update(|n| *n += 1);
                return;
            }
        }
        set_timeout(
            move || poll(id, status, finished),
            std::time::Duration::from_millis(400),
        );
    });
}

#[component]
fn LedgerAdmin() -> impl IntoView {
    let preview: RwSignal<Option<Result<ImportPreview, AppError>>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let committing: RwSignal<Option<ImportStatus>> = RwSignal::new(None);
    let commit_error: RwSignal<Option<AppError>> = RwSignal::new(None);
    let finished = RwSignal::new(0usize);
    let imports = Resource::new(move || finished.get(), |_| recent_ledger_imports());
    let manage_keys = use_session().can(Permission::ManageProgramme);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
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
            committing.set(None);
            commit_error.set(None);
            leptos::task::spawn_local(async move {
                let r = crate::api::ledger::preview_ledger_upload(data.into()).await;
                preview.set(Some(r));
                busy.set(false);
            });
        }
    };
    let on_commit = move |id: i64| {
        commit_error.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match crate::api::ledger::commit_ledger_import(id).await {
                Ok(()) => poll(id, committing, finished),
                Err(e) => commit_error.set(Some(e)),
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = id;
    };

    let example = format!(
        "{}\nORD-2026-0001,near@example.com,2026-11-20 14:30:00,purchase,320000,3200\nORD-2026-0002,near@example.com,2026-11-21T10:00:00+08:00,refund,-20000,-200",
        CSV_HEADER.join(",")
    );
    view! {
        <crate::PageTitle msg=Msg::LedgerTitle />
        <h1>{t(Msg::LedgerTitle)} <ClauseRef id="2.1.1" /></h1>
        <section class="card">
            <h2>{t(Msg::LedgerUploadTitle)}</h2>
            <p class="muted">{t(Msg::LedgerUploadLead)}</p>
            <details>
                <summary>{t(Msg::LedgerFormatTitle)}</summary>
                <pre class="code" data-test="csv-example">{example}</pre>
                <p class="hint">{t(Msg::LedgerFormatHint)}</p>
            </details>
            <form
                class="form"
                data-test="ledger-upload-form"
                method="post"
                enctype="multipart/form-data"
                action="/api/ledger/preview"
                on:submit=on_submit
            >
                <div class="field">
                    <label for="ledger-file">{t(Msg::LedgerFile)}</label>
                    <input id="ledger-file" type="file" name="file" accept=".csv,text/csv" required />
                </div>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { t(Msg::LedgerChecking) } else { t(Msg::LedgerPreview) }}
                </button>
            </form>
        </section>
        {move || preview.get().map(|r| match r {
            Err(e) => view! { <p class="notice notice-error" role="alert" data-test="form-error">{t(e.msg())}</p> }.into_any(),
            Ok(p) => view! { <PreviewPanel p committing commit_error on_commit /> }.into_any(),
        })}
        <section class="card">
            <h2>{t(Msg::LedgerImportsTitle)}</h2>
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match imports.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::LedgerNoImports)}</p> }.into_any(),
                        Ok(list) => view! { <ImportsTable list /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <Show when=move || manage_keys>
            <ApiKeys />
        </Show>
    }
}

fn status_msg(s: &str) -> Msg {
    match s {
        "previewed" => Msg::ImportPreviewed,
        "rejected" => Msg::ImportRejected,
        "committing" => Msg::ImportCommitting,
        "committed" => Msg::ImportCommitted,
        _ => Msg::ImportFailed,
    }
}

#[component]
fn LineErrors(title: Msg, lines: Vec<LineError>, test: &'static str) -> impl IntoView {
    view! {
        <h3>{t(title)} " (" {lines.len()} ")"</h3>
        <div class="table-wrap">
            <table class="table table-compact" data-test=test>
                <thead>
                    <tr>
                        <th scope="col" class="num">{t(Msg::LedgerLine)}</th>
                        <th scope="col">{t(Msg::LedgerField)}</th>
                        <th scope="col">{t(Msg::LedgerProblem)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().take(500).map(|e| view! {
                        <tr>
                            <td class="num">{e.line}</td>
                            <td><code>{e.field.clone()}</code></td>
                            <td>{t(e.msg)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn PreviewPanel(
    p: ImportPreview,
    committing: RwSignal<Option<ImportStatus>>,
    commit_error: RwSignal<Option<AppError>>,
    on_commit: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = p.import_id;
    let can_commit = p.can_commit();
    let refused = !p.errors.is_empty();
    let errors = p.errors.clone();
    let conflicts = p.conflicts.clone();
    let progress = move || {
        committing.get().filter(|s| s.id == id).map(|s| {
            let pct = if s.rows_total > 0 { s.rows_done * 100 / s.rows_total } else { 100 };
            let done = s.status != "committing";
            view! {
                <div class="meter" data-test="import-progress" data-status=s.status.clone()>
                    <label for="import-progress-bar">{t(status_msg(&s.status))}</label>
                    <span class="meter-value">{format!("{} / {}", group_thousands(s.rows_done), group_thousands(s.rows_total))}</span>
                    <progress id="import-progress-bar" max="100" value=pct>{format!("{pct}%")}</progress>
                </div>
                {done.then(|| view! {
                    <p class="notice notice-ok" role="status" data-test="import-done">
                        {tf(Msg::ImportDoneCounts, &[&s.inserted.to_string(), &s.unchanged.to_string(), &s.conflicts.to_string()])}
                    </p>
                })}
            }
        })
    };
    view! {
        <section class="card" data-test="ledger-preview" data-import=id>
            <h2>{t(Msg::LedgerPreviewTitle)} ": " {p.filename.clone()}</h2>
            <dl class="facts">
                <div><dt>{t(Msg::LedgerRows)}</dt><dd data-test="preview-rows">{group_thousands(p.totals.rows as i64)}</dd></div>
                <div><dt>{t(Msg::LedgerPurchases)}</dt><dd data-test="preview-purchases">{p.totals.purchases.display_cny()}</dd></div>
                <div><dt>{t(Msg::LedgerRefunds)}</dt><dd>{p.totals.refunds.display_cny()}</dd></div>
                <div><dt>{t(Msg::LedgerPoints)}</dt><dd>{group_thousands(p.totals.points)}</dd></div>
                <div><dt>{t(Msg::LedgerNewRows)}</dt><dd data-test="preview-new">{p.new_rows}</dd></div>
                <div><dt>{t(Msg::LedgerUnchangedRows)}</dt><dd data-test="preview-unchanged">{p.unchanged_rows}</dd></div>
                <div><dt>{t(Msg::LedgerConflicts)}</dt><dd data-test="preview-conflicts">{p.conflicts.len()}</dd></div>
            </dl>
            {refused.then(|| view! {
                <p class="notice notice-error" role="alert" data-test="preview-refused">{t(Msg::LedgerRefused)}</p>
                <LineErrors title=Msg::LedgerErrorsTitle lines=errors.clone() test="preview-errors" />
            })}
            {(!conflicts.is_empty()).then(|| view! {
                <p class="notice notice-info">{t(Msg::LedgerConflictsNote)}</p>
                <LineErrors title=Msg::LedgerConflicts lines=conflicts.clone() test="preview-conflict-lines" />
            })}
            {move || commit_error.get().map(|e| view! { <p class="notice notice-error" role="alert">{t(e.msg())}</p> })}
            <Show when=move || can_commit && committing.get().is_none_or(|s| s.id != id)>
                <button type="button" class="btn btn-primary" data-test="commit-import" on:click=move |_| on_commit(id)>
                    {t(Msg::LedgerCommit)}
                </button>
            </Show>
            {(!can_commit && !refused).then(|| view! { <p class="muted">{t(Msg::LedgerNothingNew)}</p> })}
            {progress}
        </section>
    }
}

#[component]
fn ImportsTable(list: Vec<ImportStatus>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table table-compact" data-test="imports-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::AuditAt)}</th>
                        <th scope="col">{t(Msg::LedgerFile)}</th>
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                        <th scope="col" class="num">{t(Msg::LedgerRows)}</th>
                        <th scope="col" class="num">{t(Msg::LedgerInserted)}</th>
                        <th scope="col" class="num">{t(Msg::LedgerUnchangedRows)}</th>
                        <th scope="col" class="num">{t(Msg::LedgerConflicts)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|s| view! {
                        <tr>
                            <td>{format_shanghai(s.created_at)}</td>
                            <td>{s.filename.clone()}</td>
                            <td><span class="badge">{t(status_msg(&s.status))}</span></td>
                            <td class="num">{s.rows_total}</td>
                            <td class="num">{s.inserted}</td>
                            <td class="num">{s.unchanged}</td>
                            <td class="num">{s.conflicts}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ApiKeys() -> impl IntoView {
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    let error = use_form_error(move || create.value().get());
    let secret = move || create.value().get().and_then(Result::ok);
    view! {
        <section class="card" data-test="api-keys">
            <h2>{t(Msg::ApiKeysTitle)}</h2>
            <p class="muted">{t(Msg::ApiKeysLead)}</p>
            {move || secret().map(|k| view! {
                <div class="notice notice-ok" role="status">
                    <p>{t(Msg::ApiKeyShownOnce)}</p>
                    <code class="secret" data-test="api-key-secret">{k}</code>
                </div>
            })}
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::ApiKeysNone)}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table table-compact" data-test="api-keys-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(Msg::ApiKeyName)}</th>
                                            <th scope="col">{t(Msg::ApiKeyPrefix)}</th>
                                            <th scope="col">{t(Msg::ApiKeyCreated)}</th>
                                            <th scope="col">{t(Msg::ApiKeyLastUsed)}</th>
                                            <th scope="col">{t(Msg::StaffStatus)}</th>
                                            <th scope="col">{t(Msg::StaffActions)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|k| view! {
                                            <tr data-key=k.prefix.clone()>
                                                <td>{k.name.clone()}</td>
                                                <td><code>{k.prefix.clone()} "…"</code></td>
                                                <td>{format_shanghai(k.created_at)}</td>
                                                <td>{k.last_used_at.map(format_shanghai).unwrap_or_else(|| "—".into())}</td>
                                                <td>{match k.revoked_at {
                                                    None => view! { <span class="badge badge-ok">{t(Msg::StaffActive)}</span> }.into_any(),
                                                    Some(at) => view! { <span class="badge badge-muted">{t(Msg::ApiKeyRevoked)} " " {format_shanghai(at)}</span> }.into_any(),
                                                }}</td>
                                                <td>{k.revoked_at.is_none().then(|| view! {
                                                    <ActionForm action=revoke attr:class="inline-form">
                                                        <input type="hidden" name="id" value=k.id />
                                                        <button type="submit" class="btn btn-small btn-quiet">{t(Msg::ApiKeyRevoke)}</button>
                                                    </ActionForm>
                                                })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
            <FormAlert error />
            <ActionForm action=create attr:class="form" attr:data-test="create-api-key-form">
                <Field label=Msg::ApiKeyName name="name" required=true error />
                <button type="submit" class="btn btn-primary">{t(Msg::ApiKeyCreate)}</button>
            </ActionForm>
        </section>
    }
}
