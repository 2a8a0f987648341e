//! "Who viewed my data" (clause 10): every staff read of the customer's data, newest first, with
//! the viewer's role (never their name), what they viewed and why.

use super::admin::role_msg;
use crate::api::access_log::my_access_log;
use crate::components::guard::Guard;
use crate::pages::ClauseRef;
use crate::session::{t, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use vipcare::access_log::AccessEntry;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn AccessLogPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <AccessLog />
        </Guard>
    }
}

#[component]
fn AccessLog() -> impl IntoView {
    let query = use_query_map();
    let before = move || {
        query
            .with(|q| q.get("before"))
            .and_then(|b| b.parse::<i64>().ok())
    };
    let page = Resource::new(before, my_access_log);
    view! {
        <crate::PageTitle msg=Msg::AccessLogTitle />
        <h1>{t(Msg::AccessLogTitle)} " " <ClauseRef id="10.1" /></h1>
        <p class="muted">{t(Msg::AccessLogIntro)}</p>
        <p><a class="btn btn-quiet" href="/portal/export.zip" download="" rel="external" data-test="export-link">{t(Msg::ExportDownload)}</a></p>
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(p) if p.entries.is_empty() => view! {
                            <p class="muted" data-test="access-log-empty">{t(Msg::AccessLogEmpty)}</p>
                            {before().map(|_| view! { <p><a href="/portal/access-log">{t(Msg::AccessLogNewest)}</a></p> })}
                        }.into_any(),
                        Ok(p) => view! {
                            <div class="table-wrap">
                                <table class="table" data-test="access-log">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(Msg::AccessLogTime)}</th>
                                            <th scope="col">{t(Msg::AccessLogRole)}</th>
                                            <th scope="col">{t(Msg::AccessLogWhat)}</th>
                                            <th scope="col">{t(Msg::AccessLogPurpose)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p.entries.into_iter().map(|e| view! { <AccessRow entry=e /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {p.next.map(|c| view! {
                                <p><a href=format!("/portal/access-log?before={c}") data-test="access-log-older">{t(Msg::AccessLogOlder)}</a></p>
                            })}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AccessRow(entry: AccessEntry) -> impl IntoView {
    let sep = match use_lang() {
        vipcare::Lang::Zh => "、",
        vipcare::Lang::En => ", ",
    };
    let roles = if entry.roles.is_empty() {
        "—".to_string()
    } else {
        entry
            .roles
            .iter()
            .map(|r| t(role_msg(*r)))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let what = match &entry.object_id {
        Some(id) => format!("{} #{id}", t(entry.viewed.object_msg())),
        None => t(entry.viewed.object_msg()).to_string(),
    };
    let href = entry
        .object_id
        .as_deref()
        .and_then(|id| entry.viewed.portal_href(id));
    let kind = entry.viewed.action();
    let role_names = entry
        .roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",");
    view! {
        <tr data-test="access-log-row" data-viewed=kind data-roles=role_names>
            <td>{format_shanghai(entry.at_ms)}</td>
            <td data-test="access-log-role">{roles}</td>
            <td data-test="access-log-what">{match href {
                Some(h) => view! { <a href=h>{what}</a> }.into_any(),
                None => view! { <span>{what}</span> }.into_any(),
            }}</td>
            <td data-test="access-log-purpose">
                {t(entry.viewed.purpose())}
                {entry.reason.map(|r| view! {
                    <br />
                    <span class="muted" data-test="access-log-reason">{t(Msg::AccessLogReason)} " " {r}</span>
                })}
            </td>
        </tr>
    }
}
