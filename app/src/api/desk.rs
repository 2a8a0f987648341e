//! The service desk (clause 3): customers' requests and the staff queue. A customer reaches
//! only their own requests (another id: 404, audited); their views never contain internal notes.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};
use vipcare::desk::{QueueCounts, QueuePage, RequestSummary, RequestView, RoutingOptions};
use vipcare::membership::FileInfo;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, app_context, authorize, fail, fail_form, now_ms},
    vipcare::desk::{cursor_text, parse_cursor, Channel, RequestKind},
    vipcare::queue::Urgency,
    vipcare::services::desk::{self, NewRequest, StaffAction},
    vipcare::services::desk_routing::{self, Route},
    vipcare::services::membership::Reader,
    vipcare::services::ServiceError,
    vipcare::store::desk::{QueueFilter, QueueScope},
    vipcare::{Msg, Permission},
};

#[cfg(feature = "ssr")]
fn new_request(
    kind: &str,
    channel: Channel,
    urgency: &str,
    subject: String,
    body: String,
) -> Result<NewRequest, ServiceError> {
    Ok(NewRequest {
        kind: RequestKind::parse(kind).ok_or(ServiceError::Invalid {
            field: "kind",
            msg: Msg::ErrTextRequired,
        })?,
        channel,
        urgency: Urgency::parse(urgency).ok_or(ServiceError::Invalid {
            field: "urgency",
            msg: Msg::ErrTextRequired,
        })?,
        subject,
        body,
    })
}

/// The customer's own requests.
#[server(endpoint = "requests/mine")]
pub async fn get_my_requests() -> Result<Vec<RequestSummary>, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    desk::mine(&ctx.db, user.id).await.map_err(fail)
}

/// The customer opens a request on the web and is taken to it.
#[server(endpoint = "requests/open")]
pub async fn open_request(
    kind: String,
    urgency: String,
    subject: String,
    body: String,
) -> Result<i64, AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    let back = "/portal/requests";
    let r = new_request(&kind, Channel::Web, &urgency, subject, body)
        .map_err(|e| fail_form(e, back))?;
    let id = desk::open(&ctx.db, &actor(&req), user.id, &r, now_ms())
        .await
        .map_err(|e| fail_form(e, back))?;
    leptos_axum::redirect(&format!("/portal/requests/{id}"));
    Ok(id)
}

/// Who reads a request: its customer, or staff who handle requests (anyone else: refused).
#[cfg(feature = "ssr")]
fn request_reader() -> Result<(vipcare::store::Db, crate::server::RequestContext, Reader), AppError>
{
    let ctx = app_context()?;
    let req = crate::server::request_context().unwrap_or_default();
    let Some(user) = req.user.clone() else {
        return Err(fail(AppError::Unauthenticated));
    };
    let reader = if user.can(Permission::UsePortal) {
        Reader::Customer(user.id)
    } else if user.can(Permission::HandleRequests) {
        Reader::Staff
    } else {
        return Err(fail(AppError::Forbidden));
    };
    Ok((ctx.db.clone(), req, reader))
}

/// One request, for its customer or for staff.
#[server(endpoint = "requests/get")]
pub async fn get_request(id: i64) -> Result<RequestView, AppError> {
    let (db, req, reader) = request_reader()?;
    desk::view(&db, &actor(&req), reader, id, now_ms())
        .await
        .map_err(fail)
}

/// Attaches a file (`request_id` and `file` fields) to a request, by its customer or staff.
#[server(input = MultipartFormData, endpoint = "requests/attach")]
pub async fn attach_request_file(data: MultipartData) -> Result<FileInfo, AppError> {
    let (db, req, reader) = request_reader()?;
    let (id, name, bytes) = crate::server::read_upload(data, "request_id").await?;
    desk::attach(&db, &actor(&req), reader, id, &name, &bytes, now_ms())
        .await
        .map_err(fail)
}

/// The customer writes on their request; `reopen` reopens a resolved one (within 7 days).
#[server(endpoint = "requests/reply")]
pub async fn reply_request(id: i64, body: String, reopen: Option<String>) -> Result<(), AppError> {
    let (ctx, req, user) = authorize(Permission::UsePortal)?;
    desk::customer_act(
        &ctx.db,
        &actor(&req),
        user.id,
        id,
        &body,
        reopen.is_some(),
        now_ms(),
    )
    .await
    .map(|_| ())
    .map_err(|e| fail_form(e, &format!("/portal/requests/{id}")))
}

/// A page of the queue: `scope` is `all`, `mine`, `branch`, `unassigned` or `breached`;
/// `kind` and `channel` narrow it (empty: any); `after` a cursor.
#[server(endpoint = "queue/page")]
pub async fn get_queue(
    scope: String,
    kind: Option<String>,
    channel: Option<String>,
    after: Option<String>,
) -> Result<QueuePage, AppError> {
    let (ctx, _req, user) = authorize(Permission::HandleRequests)?;
    let scope = match scope.as_str() {
        "mine" => QueueScope::Assignee(user.id),
        // Staff outside any branch see an empty branch queue.
        "branch" => QueueScope::Branch(
            desk_routing::my_branch(&ctx.db, user.id)
                .await
                .map_err(fail)?
                .unwrap_or(-1),
        ),
        "unassigned" => QueueScope::Unassigned,
        "breached" => QueueScope::Breached(now_ms()),
        _ => QueueScope::All,
    };
    let kind = kind.as_deref().and_then(RequestKind::parse);
    let channel = channel.as_deref().and_then(Channel::parse);
    let filter = QueueFilter {
        scope,
        kind: kind.map(RequestKind::as_str),
        channel: channel.map(Channel::as_str),
    };
    let after = after.as_deref().and_then(parse_cursor);
    let (rows, next) = desk::queue(&ctx.db, filter, after, 50)
        .await
        .map_err(fail)?;
    Ok(QueuePage {
        rows,
        next: next.map(cursor_text),
    })
}

/// How many active requests each queue filter holds.
#[server(endpoint = "queue/counts")]
pub async fn get_queue_counts() -> Result<QueueCounts, AppError> {
    let (ctx, _req, user) = authorize(Permission::HandleRequests)?;
    desk_routing::counts(&ctx.db, user.id, now_ms())
        .await
        .map_err(fail)
}

/// The colleagues and branches a request can be routed to.
#[server(endpoint = "queue/options")]
pub async fn get_routing_options() -> Result<RoutingOptions, AppError> {
    let (ctx, _req, _user) = authorize(Permission::HandleRequests)?;
    desk_routing::options(&ctx.db).await.map_err(fail)
}

/// Claim (`route` = `claim`), assign (`assign`, to `assignee`) or transfer (`transfer`, to
/// `branch`, with a `note`) a request.
#[server(endpoint = "queue/route")]
pub async fn route_request(
    id: i64,
    route: String,
    assignee: Option<i64>,
    branch: Option<i64>,
    note: Option<String>,
) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::HandleRequests)?;
    let back = format!("/admin/queue/{id}");
    let invalid = |field| {
        fail_form(
            ServiceError::Invalid {
                field,
                msg: Msg::ErrReqState,
            },
            &back,
        )
    };
    let route = match (route.as_str(), assignee, branch) {
        ("claim", _, _) => Route::Claim,
        ("assign", Some(a), _) => Route::Assign(a),
        ("transfer", _, Some(b)) => Route::Transfer(b),
        ("assign", None, _) => return Err(invalid("assignee")),
        ("transfer", _, None) => return Err(invalid("branch")),
        _ => return Err(invalid("route")),
    };
    desk_routing::route(
        &ctx.db,
        &actor(&req),
        id,
        route,
        note.as_deref().unwrap_or(""),
        now_ms(),
    )
    .await
    .map_err(|e| fail_form(e, &back))
}

/// Staff act on a request: `action` is `reply`, `ask`, `note` or `resolve`.
#[server(endpoint = "queue/act")]
pub async fn act_on_request(id: i64, action: String, body: String) -> Result<(), AppError> {
    let (ctx, req, _user) = authorize(Permission::HandleRequests)?;
    let back = format!("/admin/queue/{id}");
    let action = match action.as_str() {
        "reply" => StaffAction::Reply,
        "ask" => StaffAction::AskCustomer,
        "note" => StaffAction::Note,
        "resolve" => StaffAction::Resolve,
        _ => {
            return Err(fail_form(
                ServiceError::Invalid {
                    field: "action",
                    msg: Msg::ErrReqState,
                },
                &back,
            ))
        }
    };
    desk::staff_act(&ctx.db, &actor(&req), id, action, &body, now_ms())
        .await
        .map(|_| ())
        .map_err(|e| fail_form(e, &back))
}

/// Staff log a phone, e-mail or branch contact as a request for the customer.
#[server(endpoint = "queue/log")]
pub async fn log_contact(
    customer_email: String,
    channel: String,
    kind: String,
    urgency: String,
    subject: String,
    body: String,
    received_at: Option<String>,
) -> Result<i64, AppError> {
    let (ctx, req, _user) = authorize(Permission::HandleRequests)?;
    let back = "/admin/queue";
    let now = now_ms();
    let received = match received_at.as_deref().map(str::trim) {
        None | Some("") => now,
        Some(s) => vipcare::time::parse_shanghai(s).ok_or_else(|| {
            fail_form(
                ServiceError::Invalid {
                    field: "received_at",
                    msg: Msg::ErrReqReceivedAt,
                },
                back,
            )
        })?,
    };
    let customer = vipcare::store::users::find_by_email(
        ctx.db.reader(),
        &customer_email.trim().to_lowercase(),
    )
    .await
    .map_err(|e| fail(ServiceError::from(e)))?
    .filter(|u| u.kind == "customer")
    .ok_or_else(|| {
        fail_form(
            ServiceError::Invalid {
                field: "customer_email",
                msg: Msg::ErrLedgerUnknownCustomer,
            },
            back,
        )
    })?;
    let channel = Channel::parse(&channel).ok_or_else(|| {
        fail_form(
            ServiceError::Invalid {
                field: "channel",
                msg: Msg::ErrTextRequired,
            },
            back,
        )
    })?;
    let r = new_request(&kind, channel, &urgency, subject, body).map_err(|e| fail_form(e, back))?;
    let id = desk::open_received(&ctx.db, &actor(&req), customer.id, &r, received, now)
        .await
        .map_err(|e| fail_form(e, back))?;
    leptos_axum::redirect(&format!("/admin/queue/{id}"));
    Ok(id)
}
