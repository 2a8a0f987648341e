//! The audit log for admins: newest entries and whether the hash chain is intact.

use crate::api::audit::recent_audit;
use crate::components::guard::Guard;
use crate::session::t;
use leptos::prelude::*;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ReadAudit>
            <AuditLog />
        </Guard>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let page = Resource::new(|| (), |_| recent_audit());
    view! {
        <crate::PageTitle msg=Msg::AuditTitle />
        <h1>{t(Msg::AuditTitle)}</h1>
        <section class="card">
            <Suspense fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(p) => view! {
                            {match p.broken_at {
                                None => view! { <p class="notice notice-ok" data-test="chain-ok">{t(Msg::AuditChainOk)} " (" {p.entries} ")"</p> }.into_any(),
                                Some(seq) => view! { <p class="notice notice-error" data-test="chain-broken">{t(Msg::AuditChainBroken)} {seq}</p> }.into_any(),
                            }}
                            <div class="table-wrap">
                                <table class="table table-compact" data-test="audit-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"#"</th>
                                            <th scope="col">{t(Msg::AuditAt)}</th>
                                            <th scope="col">{t(Msg::AuditActor)}</th>
                                            <th scope="col">{t(Msg::AuditAction)}</th>
                                            <th scope="col">{t(Msg::AuditObject)}</th>
                                            <th scope="col">"IP"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p.rows.into_iter().map(|r| view! {
                                            <tr>
                                                <td class="num">{r.seq}</td>
                                                <td>{format_shanghai(r.at_ms)}</td>
                                                <td>{r.actor_name.clone().unwrap_or_else(|| "—".into())}</td>
                                                <td><code>{r.action.clone()}</code></td>
                                                <td>
                                                    {format!("{} {}", r.object_type, r.object_id.clone().unwrap_or_default())}
                                                    {r.erased.then(|| view! { <span class="muted small" data-test="personal-erased">" " {t(Msg::AuditPersonalErased)}</span> })}
                                                </td>
                                                <td>{r.ip.clone().unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
