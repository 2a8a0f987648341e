//! Customer feedback (5.3.1): a customer rates their own resolved request or closed complaint
//! (1–5, optional comment) once, and may change the rating for 7 days; free-form feedback from
//! the portal at any time; staff record feedback received by phone, e-mail or at a branch. The
//! handler and branch of a rated item are kept as they were when it was rated, so evaluations
//! (5.2.1) credit the right person. Every change is audited; so is every staff read of the list.
//! The rules are in [`crate::feedback`].

use super::audit::{self, Event};
use super::membership::deny;
use super::{Actor, ServiceError, ServiceResult};
use crate::desk::Channel;
use crate::feedback::{
    can_change, change_until, check_comment, check_rating, complaint_label, cursor_text,
    parse_cursor, parse_reference, request_label, still_asked, AwaitingRating, FeedbackFilter,
    FeedbackPage, FeedbackView, Item, ItemKind, ItemLabel, ItemRating, MyFeedback, Reference,
    AWAITING_DAYS,
};
use crate::i18n::Msg;
use crate::store::feedback::{self as fs, ItemRow, ListFilter, ListRow, NewFeedback};
use crate::store::{Db, StoreError, StoreResult};
use sqlx::{Executor, Sqlite};

const DAY_MS: i64 = 86_400_000;

fn invalid(field: &'static str) -> impl FnOnce(Msg) -> ServiceError {
    move |msg| ServiceError::Invalid { field, msg }
}

fn corrupt(s: &str) -> ServiceError {
    ServiceError::Internal(StoreError::Corrupt(s.to_string()))
}

fn object_type(item: Item) -> &'static str {
    match item.kind {
        ItemKind::Request => "service_request",
        ItemKind::Complaint => "complaint",
    }
}

async fn load_item<'e, E: Executor<'e, Database = Sqlite>>(
    db: E,
    item: Item,
) -> StoreResult<Option<ItemRow>> {
    match item.kind {
        ItemKind::Request => fs::request_item(db, item.id).await,
        ItemKind::Complaint => fs::complaint_item(db, item.id).await,
    }
}

/// A request once resolved (or closed); a complaint once closed (not while disputed).
fn finished(item: Item, row: &ItemRow) -> bool {
    match item.kind {
        ItemKind::Request => matches!(row.status.as_str(), "resolved" | "closed"),
        ItemKind::Complaint => row.status == "closed",
    }
}

fn view(r: ListRow, now: i64) -> ServiceResult<FeedbackView> {
    let item = match (r.request_id, r.complaint_id) {
        (Some(id), _) => Some(ItemLabel {
            item: Item::request(id),
            label: request_label(id, r.request_subject.as_deref().unwrap_or_default()),
        }),
        (None, Some(id)) => Some(ItemLabel {
            item: Item::complaint(id),
            label: complaint_label(
                r.complaint_number.as_deref().unwrap_or_default(),
                r.complaint_subject.as_deref().unwrap_or_default(),
            ),
        }),
        (None, None) => None,
    };
    Ok(FeedbackView {
        id: r.id,
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        customer_email: r.customer_email,
        can_change: item.is_some() && can_change(r.created_at, now),
        item,
        rating: r.rating,
        comment: r.comment,
        channel: Channel::parse(&r.channel).ok_or_else(|| corrupt(&r.channel))?,
        agent_name: r.agent_name,
        branch_name: r.branch_name,
        recorded_by: r.recorded_by_name,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// The customer rates their own resolved request or closed complaint (1–5, optional comment),
/// or changes that rating within 7 days of first giving it. Another customer's item (or one
/// that does not exist) is "not found" and the attempt audited; an unfinished item, or a
/// rating older than 7 days, is a conflict. Returns the feedback's id.
pub async fn rate(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    item: Item,
    rating: i64,
    comment: &str,
    now: i64,
) -> ServiceResult<i64> {
    let rating = check_rating(rating).map_err(invalid("rating"))?;
    let comment = check_comment(comment, false).map_err(invalid("comment"))?;
    let mut tx = db.begin_write().await?;
    let row = match load_item(&mut *tx, item).await? {
        Some(r) if r.customer_id == customer_id => r,
        _ => {
            drop(tx);
            return Err(deny(db, actor, object_type(item), item.id, now).await);
        }
    };
    if !finished(item, &row) {
        return Err(ServiceError::Conflict(Msg::FbErrNotFinished));
    }
    let complaint = item.kind == ItemKind::Complaint;
    let id = match fs::of_item(&mut *tx, complaint, item.id).await? {
        Some(f) => {
            if !can_change(f.created_at, now) {
                return Err(ServiceError::Conflict(Msg::FbErrChangeClosed));
            }
            if !fs::change(&mut tx, f.id, rating, &comment, f.updated_at, now).await? {
                return Err(ServiceError::Conflict(Msg::FbErrAlreadyRated));
            }
            audit::record(
                &mut tx,
                actor,
                now,
                Event::new("feedback.changed", "feedback")
                    .object(f.id)
                    .subject(customer_id)
                    .before(serde_json::json!({"rating": f.rating}))
                    .after(serde_json::json!({"item": item.key(), "rating": rating}))
                    .personal("comment_before", &f.comment)
                    .personal("comment", comment),
            )
            .await?;
            f.id
        }
        None => {
            let id = insert_rating(
                &mut tx,
                customer_id,
                item,
                &row,
                rating,
                &comment,
                "web",
                None,
                now,
            )
            .await?;
            audit::record(
                &mut tx,
                actor,
                now,
                Event::new("feedback.rated", "feedback")
                    .object(id)
                    .subject(customer_id)
                    .after(serde_json::json!({
                        "item": item.key(), "rating": rating,
                        "agent": row.agent_id, "branch": row.branch_id,
                    }))
                    .personal("comment", comment),
            )
            .await?;
            id
        }
    };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// Inserts an item's rating with the item's handler and branch as of now.
#[allow(clippy::too_many_arguments)]
async fn insert_rating(
    tx: &mut crate::store::WriteTx,
    customer_id: i64,
    item: Item,
    row: &ItemRow,
    rating: i64,
    comment: &str,
    channel: &str,
    recorded_by: Option<i64>,
    now: i64,
) -> ServiceResult<i64> {
    let complaint = item.kind == ItemKind::Complaint;
    fs::insert(
        tx,
        &NewFeedback {
            customer_id,
            request_id: (!complaint).then_some(item.id),
            complaint_id: complaint.then_some(item.id),
            rating: Some(rating),
            comment,
            channel,
            agent_id: row.agent_id,
            branch_id: row.branch_id,
            recorded_by,
        },
        now,
    )
    .await
    .map_err(|e| match e {
        StoreError::Unique(_) => ServiceError::Conflict(Msg::FbErrAlreadyRated),
        e => e.into(),
    })
}

/// Free-form feedback from the portal, at any time: a comment (required) and an optional
/// rating, on the web channel.
pub async fn give(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    rating: Option<i64>,
    comment: &str,
    now: i64,
) -> ServiceResult<i64> {
    let rating = rating
        .map(check_rating)
        .transpose()
        .map_err(invalid("rating"))?;
    let comment = check_comment(comment, true).map_err(invalid("comment"))?;
    let mut tx = db.begin_write().await?;
    let id = fs::insert(
        &mut tx,
        &NewFeedback {
            customer_id,
            request_id: None,
            complaint_id: None,
            rating,
            comment: &comment,
            channel: Channel::Web.as_str(),
            agent_id: None,
            branch_id: None,
            recorded_by: None,
        },
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("feedback.given", "feedback")
            .object(id)
            .subject(customer_id)
            .after(serde_json::json!({"rating": rating}))
            .personal("comment", comment),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// What staff record: feedback a customer gave by phone, e-mail or at a branch, optionally
/// about a request (`#12`) or complaint (`CMP-2026-000001`) — then with a rating.
#[derive(Debug, Clone, Copy)]
pub struct Recorded<'a> {
    pub customer_email: &'a str,
    pub channel: Channel,
    pub reference: &'a str,
    pub rating: Option<i64>,
    pub comment: &'a str,
}

/// Staff record feedback received by phone, e-mail or at a branch. An unknown customer or an
/// item that is not theirs is a field error and nothing is written; an item already rated, or
/// not yet finished, is a conflict.
pub async fn record(db: &Db, actor: &Actor, r: &Recorded<'_>, now: i64) -> ServiceResult<i64> {
    let staff = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    if r.channel == Channel::Web {
        return Err(invalid("channel")(Msg::FbErrChannel));
    }
    let rating = r
        .rating
        .map(check_rating)
        .transpose()
        .map_err(invalid("rating"))?;
    let reference = parse_reference(r.reference).map_err(invalid("reference"))?;
    if reference.is_some() && rating.is_none() {
        return Err(invalid("rating")(Msg::FbErrRatingRequired));
    }
    let comment = check_comment(r.comment, rating.is_none()).map_err(invalid("comment"))?;
    let customer =
        crate::store::users::find_by_email(db.reader(), &r.customer_email.trim().to_lowercase())
            .await?
            .filter(|u| u.kind == "customer")
            .ok_or(ServiceError::Invalid {
                field: "customer_email",
                msg: Msg::ErrLedgerUnknownCustomer,
            })?;
    let item = match &reference {
        None => None,
        Some(Reference::Request(id)) => Some(Item::request(*id)),
        Some(Reference::Complaint(number)) => Some(Item::complaint(
            fs::complaint_by_number(db.reader(), number)
                .await?
                .ok_or(ServiceError::Invalid {
                    field: "reference",
                    msg: Msg::FbErrItemUnknown,
                })?,
        )),
    };
    let mut tx = db.begin_write().await?;
    let id = match item {
        Some(item) => {
            let row = load_item(&mut *tx, item)
                .await?
                .filter(|row| row.customer_id == customer.id)
                .ok_or(ServiceError::Invalid {
                    field: "reference",
                    msg: Msg::FbErrItemUnknown,
                })?;
            if !finished(item, &row) {
                return Err(ServiceError::Conflict(Msg::FbErrNotFinished));
            }
            let complaint = item.kind == ItemKind::Complaint;
            if fs::of_item(&mut *tx, complaint, item.id).await?.is_some() {
                return Err(ServiceError::Conflict(Msg::FbErrAlreadyRated));
            }
            let rating = rating.ok_or_else(|| corrupt("rating checked above"))?;
            let id = insert_rating(
                &mut tx,
                customer.id,
                item,
                &row,
                rating,
                &comment,
                r.channel.as_str(),
                Some(staff),
                now,
            )
            .await?;
            audit::record(
                &mut tx,
                actor,
                now,
                Event::new("feedback.recorded", "feedback")
                    .object(id)
                    .subject(customer.id)
                    .after(serde_json::json!({
                        "item": item.key(), "rating": rating,
                        "channel": r.channel.as_str(), "agent": row.agent_id, "branch": row.branch_id,
                    }))
                    .personal("comment", comment),
            )
            .await?;
            id
        }
        None => {
            let id = fs::insert(
                &mut tx,
                &NewFeedback {
                    customer_id: customer.id,
                    request_id: None,
                    complaint_id: None,
                    rating,
                    comment: &comment,
                    channel: r.channel.as_str(),
                    agent_id: None,
                    branch_id: None,
                    recorded_by: Some(staff),
                },
                now,
            )
            .await?;
            audit::record(
                &mut tx,
                actor,
                now,
                Event::new("feedback.recorded", "feedback")
                    .object(id)
                    .subject(customer.id)
                    .after(serde_json::json!({
                        "rating": rating, "channel": r.channel.as_str(),
                    }))
                    .personal("comment", comment),
            )
            .await?;
            id
        }
    };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// The customer's feedback page: their resolved requests and closed complaints of the last
/// 30 days still without a rating, and everything they said so far (newest first).
pub async fn mine(db: &Db, customer_id: i64, now: i64) -> ServiceResult<MyFeedback> {
    let since = now - AWAITING_DAYS * DAY_MS;
    let awaiting = fs::awaiting(db.reader(), customer_id, since)
        .await?
        .into_iter()
        .filter(|a| still_asked(a.finished_at, now))
        .map(|a| {
            let item = if a.complaint {
                Item::complaint(a.id)
            } else {
                Item::request(a.id)
            };
            AwaitingRating {
                item: ItemLabel {
                    item,
                    label: match &a.number {
                        Some(n) => complaint_label(n, &a.subject),
                        None => request_label(a.id, &a.subject),
                    },
                },
                finished_at: a.finished_at,
            }
        })
        .collect();
    let history = fs::list(
        db.reader(),
        ListFilter {
            customer_id: Some(customer_id),
            ..Default::default()
        },
        None,
        100,
    )
    .await?
    .into_iter()
    .map(|r| view(r, now))
    .collect::<ServiceResult<_>>()?;
    Ok(MyFeedback { awaiting, history })
}

/// An item's rating for its customer (the rating form on the request or complaint page).
/// Another customer's item is "not found" and the attempt audited.
pub async fn item_rating(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    item: Item,
    now: i64,
) -> ServiceResult<ItemRating> {
    let row = match load_item(db.reader(), item).await? {
        Some(r) if r.customer_id == customer_id => r,
        _ => return Err(deny(db, actor, object_type(item), item.id, now).await),
    };
    let stored = fs::of_item(db.reader(), item.kind == ItemKind::Complaint, item.id).await?;
    let feedback = match &stored {
        Some(f) => fs::list(
            db.reader(),
            ListFilter {
                id: Some(f.id),
                ..Default::default()
            },
            None,
            1,
        )
        .await?
        .into_iter()
        .next()
        .map(|r| view(r, now))
        .transpose()?,
        None => None,
    };
    let finished = finished(item, &row);
    Ok(ItemRating {
        item,
        finished,
        can_rate: finished
            && stored
                .as_ref()
                .is_none_or(|f| can_change(f.created_at, now)),
        change_until: stored.as_ref().map(|f| change_until(f.created_at)),
        feedback,
    })
}

/// The staff list, newest first, narrowed by rating, channel and month; `before` continues a
/// page. Reading customers' feedback is a staff read of customer data: one audit entry per
/// list read.
pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: FeedbackFilter,
    before: Option<&str>,
    limit: i64,
    now: i64,
) -> ServiceResult<FeedbackPage> {
    let limit = limit.clamp(1, 200);
    let bounds = filter.month.map(|p| p.bounds_ms());
    let rows = fs::list(
        db.reader(),
        ListFilter {
            rating: filter.rating,
            channel: filter.channel.map(Channel::as_str),
            from: bounds.map(|b| b.0),
            to: bounds.map(|b| b.1),
            ..Default::default()
        },
        before.and_then(parse_cursor),
        limit,
    )
    .await?;
    let next = rows
        .last()
        .filter(|_| rows.len() as i64 == limit)
        .map(|r| cursor_text(r.created_at, r.id));
    let rows = rows
        .into_iter()
        .map(|r| view(r, now))
        .collect::<ServiceResult<Vec<_>>>()?;
    let mut tx = db.begin_write().await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("feedback.listed", "feedback").after(serde_json::json!({
            "rating": filter.rating,
            "channel": filter.channel.map(Channel::as_str),
            "month": filter.month.map(|m| m.to_string()),
            "before": before,
            "rows": rows.len(),
        })),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(FeedbackPage { rows, next })
}
