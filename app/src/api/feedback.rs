//! Server functions for customer feedback (5.3.1): customers rate their resolved requests and
//! closed complaints (changeable for 7 days) and give free-form feedback; staff record feedback
//! received by phone, e-mail or at a branch and read the list (each read audited).

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::feedback::{FeedbackPage, ItemRating, MyFeedback};
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, fail_form, now_ms},
    vipcare::desk::Channel,
    vipcare::feedback::{parse_rating, FeedbackFilter, Item, ItemKind},
    vipcare::quality::Period,
    vipcare::services::feedback as svc,
    vipcare::services::ServiceError,
    vipcare::{Msg, Permission},
};

#[cfg(feature = "ssr")]
fn bad(field: &'static str, msg: Msg, back: &str) -> AppError {
    fail_form(ServiceError::Invalid { field, msg }, back)
}

#[cfg(feature = "ssr")]
fn item_of(kind: &str, id: i64) -> Result<Item, AppError> {
    let kind = ItemKind::parse(kind).ok_or_else(|| fail(AppError::BadRequest))?;
    Ok(Item { kind, id })
}

/// The customer's feedback page: items awaiting a rating and their feedback so far.
#[server(endpoint = "quality/feedback/mine")]
pub async fn get_my_feedback() -> Result<MyFeedback, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    svc::mine(&ctx.db, user.id, now_ms()).await.map_err(fail)
}

/// The rating of one of the customer's requests (`kind` = `request`) or complaints
/// (`complaint`), for the form on its page.
#[server(endpoint = "quality/feedback/item")]
pub async fn get_item_rating(kind: String, id: i64) -> Result<ItemRating, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let item = item_of(&kind, id)?;
    svc::item_rating(&ctx.db, &actor(&req), user.id, item, now_ms())
        .await
        .map_err(fail)
}

/// The customer rates (or, within 7 days, re-rates) a resolved request or closed complaint.
#[server(endpoint = "quality/feedback/rate")]
pub async fn rate_feedback_item(
    kind: String,
    id: i64,
    rating: Option<String>,
    comment: Option<String>,
) -> Result<i64, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let item = item_of(&kind, id)?;
    let back = item.portal_href();
    let rating = parse_rating(rating.as_deref().unwrap_or(""))
        .map_err(|m| bad("rating", m, &back))?
        .ok_or_else(|| bad("rating", Msg::FbErrRating, &back))?;
    svc::rate(
        &ctx.db,
        &actor(&req),
        user.id,
        item,
        rating,
        comment.as_deref().unwrap_or(""),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))
}

/// Free-form feedback from the portal: a comment and an optional rating.
#[server(endpoint = "quality/feedback/give")]
pub async fn give_feedback(rating: Option<String>, comment: String) -> Result<i64, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let back = "/portal/feedback";
    let rating =
        parse_rating(rating.as_deref().unwrap_or("")).map_err(|m| bad("rating", m, back))?;
    svc::give(&ctx.db, &actor(&req), user.id, rating, &comment, now_ms())
        .await
        .map_err(|e| fail_form(e, back))
}

/// Staff record feedback received by phone, e-mail or at a branch (`channel`), optionally
/// about a request (`#12`) or complaint (`CMP-2026-000001`) named in `reference`.
#[server(endpoint = "quality/feedback/record")]
pub async fn record_feedback(
    customer_email: String,
    channel: String,
    reference: Option<String>,
    rating: Option<String>,
    comment: Option<String>,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::RecordFeedback)?;
    let back = "/admin/quality/feedback";
    let channel = Channel::parse(&channel)
        .filter(|c| *c != Channel::Web)
        .ok_or_else(|| bad("channel", Msg::FbErrChannel, back))?;
    let rating =
        parse_rating(rating.as_deref().unwrap_or("")).map_err(|m| bad("rating", m, back))?;
    svc::record(
        &ctx.db,
        &actor(&req),
        &svc::Recorded {
            customer_email: &customer_email,
            channel,
            reference: reference.as_deref().unwrap_or(""),
            rating,
            comment: comment.as_deref().unwrap_or(""),
        },
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, back))
}

/// The staff list, newest first: `rating` (1–5), `channel` and `month` (`2026-11`) narrow it
/// (empty or invalid: any); `before` continues from a page's cursor. Each read is audited.
#[server(endpoint = "quality/feedback/list")]
pub async fn get_feedback_list(
    rating: Option<String>,
    channel: Option<String>,
    month: Option<String>,
    before: Option<String>,
) -> Result<FeedbackPage, AppError> {
    let (ctx, req, _user) = authorize(Permission::RecordFeedback)?;
    let filter = FeedbackFilter {
        rating: rating
            .as_deref()
            .and_then(|r| parse_rating(r).ok())
            .flatten(),
        channel: channel.as_deref().and_then(Channel::parse),
        month: month.as_deref().and_then(Period::parse),
    };
    svc::list(
        &ctx.db,
        &actor(&req),
        filter,
        before.as_deref().filter(|b| !b.is_empty()),
        50,
        now_ms(),
    )
    .await
    .map_err(fail)
}
