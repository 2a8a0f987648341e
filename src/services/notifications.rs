//! Notifying people: an inbox entry and an e-mail in the outbox, in the same transaction as
//! the change they report. The outbox is delivered by a job; rows stay pending while no mail
//! server is configured or it is down.

use super::ServiceResult;
use crate::i18n::Lang;
pub use crate::notify::InboxItem;
use crate::notify::{render, NotificationKind};
use crate::store::{self, Db, StoreError, WriteTx};
use std::collections::BTreeMap;

/// Notifies `user_id` of `kind` inside `tx`. With a `dedupe` key the notification is stored
/// once however often it is sent (jobs). Returns whether it was new.
pub async fn notify(
    tx: &mut WriteTx,
    user_id: i64,
    kind: NotificationKind,
    params: &[(&str, &str)],
    link: Option<&str>,
    dedupe: Option<&str>,
    now: i64,
) -> ServiceResult<bool> {
    let params: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let json = serde_json::to_string(&params).unwrap_or_else(|_| "{}".into());
    let Some(id) = store::notifications::insert(
        tx,
        &store::notifications::NewNotification {
            user_id,
            kind: kind.as_str(),
            params_json: &json,
            link,
            dedupe_key: dedupe,
            now,
        },
    )
    .await?
    else {
        return Ok(false);
    };
    if let Some(user) = store::users::get_tx(tx, user_id).await? {
        let lang = user
            .lang
            .as_deref()
            .and_then(Lang::from_tag)
            .unwrap_or_default();
        let text = render(kind, &params, lang);
        let subject = format!("VIP Care: {}", text.chars().take(60).collect::<String>());
        let body = match link {
            Some(l) => format!("{text}\n\n{l}\n"),
            None => format!("{text}\n"),
        };
        store::notifications::enqueue_email(tx, Some(id), &user.email, &subject, &body, now)
            .await?;
    }
    Ok(true)
}

/// Notifies every active staff member holding `role`.
pub async fn notify_role(
    tx: &mut WriteTx,
    role: crate::Role,
    kind: NotificationKind,
    link: Option<&str>,
    now: i64,
) -> ServiceResult<()> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = ? AND u.active = 1",
    )
    .bind(role.as_str())
    .fetch_all(&mut **tx)
    .await
    .map_err(StoreError::from)?;
    for id in ids {
        notify(tx, id, kind, &[], link, None, now).await?;
    }
    Ok(())
}

pub async fn inbox(db: &Db, user_id: i64, lang: Lang) -> ServiceResult<Vec<InboxItem>> {
    newest(db, user_id, lang, 100).await
}

/// The `limit` newest notifications of a user, rendered in `lang`.
pub async fn newest(
    db: &Db,
    user_id: i64,
    lang: Lang,
    limit: i64,
) -> ServiceResult<Vec<InboxItem>> {
    Ok(store::notifications::list(db.reader(), user_id, limit)
        .await?
        .into_iter()
        .filter_map(|r| {
            let kind = NotificationKind::parse(&r.kind)?;
            let params: BTreeMap<String, String> =
                serde_json::from_str(&r.params_json).unwrap_or_default();
            Some(InboxItem {
                id: r.id,
                text: render(kind, &params, lang),
                link: r.link,
                created_at: r.created_at,
                read: r.read_at.is_some(),
            })
        })
        .collect())
}

/// Marks one notification (or, without `id`, all of them) read. An id that is not one of this
/// person's notifications answers "not found" and the attempt is audited.
pub async fn mark_read(
    db: &Db,
    actor: &super::Actor,
    user_id: i64,
    id: Option<i64>,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    let changed = store::notifications::mark_read(&mut tx, user_id, id, now).await?;
    // Nothing changed: already read (fine) or someone else's or no such notification.
    let foreign = match id {
        Some(id) if changed == 0 => {
            store::notifications::owner(&mut tx, id).await? != Some(user_id)
        }
        _ => false,
    };
    tx.commit().await.map_err(StoreError::from)?;
    match id {
        Some(id) if foreign => {
            Err(super::membership::deny(db, actor, "notification", id, now).await)
        }
        _ => Ok(()),
    }
}
