//! The inbox: every state change that concerns the signed-in person.

use crate::api::notifications::{my_notifications, MarkNotificationsRead};
use crate::components::guard::Guard;
use crate::session::t;
use leptos::prelude::*;
use vipcare::time::format_shanghai;
use vipcare::{Msg, Permission};

#[component]
pub fn InboxPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageOwnAccount>
            <Inbox />
        </Guard>
    }
}

#[component]
fn Inbox() -> impl IntoView {
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let items = Resource::new(move || mark.version().get(), |_| my_notifications());
    view! {
        <crate::PageTitle msg=Msg::InboxTitle />
        <h1>{t(Msg::InboxTitle)}</h1>
        <section class="card">
            <ActionForm action=mark attr:class="inline-form" attr:data-test="mark-all-read">
                <button type="submit" class="btn btn-small btn-quiet">{t(Msg::InboxMarkAll)}</button>
            </ActionForm>
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match items.await {
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::InboxEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="inbox" data-test="inbox">
                                {list.into_iter().map(|n| view! {
                                    <li class:unread=!n.read data-read=n.read.to_string()>
                                        <p class="muted small">{format_shanghai(n.created_at)}</p>
                                        <p>{match n.link.clone() {
                                            Some(l) => view! { <a href=l>{n.text.clone()}</a> }.into_any(),
                                            None => view! { <span>{n.text.clone()}</span> }.into_any(),
                                        }}</p>
                                        {(!n.read).then(|| view! {
                                            <ActionForm action=mark attr:class="inline-form">
                                                <input type="hidden" name="id" value=n.id />
                                                <button type="submit" class="btn btn-small btn-quiet">{t(Msg::InboxMarkRead)}</button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
