//! A customer's standing (clause 2.1.1): the customer's own, and staff reading a customer's
//! record (each read audited).

use crate::error::AppError;
use leptos::prelude::*;
use vipcare::customer::{CustomerRecord, CustomerSummary};
use vipcare::eligibility::CustomerProgress;
#[cfg(feature = "ssr")]
use {
    crate::server::{actor, authorize, fail, now_ms},
    vipcare::services::customers,
    vipcare::Permission,
};

/// The signed-in customer's eligibility progress.
#[server(endpoint = "portal/progress")]
pub async fn my_progress() -> Result<CustomerProgress, AppError> {
    let (ctx, _req, user) = authorize(Permission::UsePortal)?;
    customers::progress(&ctx.db, user.id, customers::today(now_ms()), None)
        .await
        .map_err(fail)
}

#[server(endpoint = "customers/search")]
pub async fn search_customers(q: String) -> Result<Vec<CustomerSummary>, AppError> {
    let (ctx, _req, _user) = authorize(Permission::ViewCustomers)?;
    customers::search(&ctx.db, &q).await.map_err(fail)
}

/// A customer's record; the read is written to the audit log.
/// A customer's record for staff; `reason` when the viewer is outside the customer's branch
/// and work (clause 10.1).
#[server(endpoint = "customers/record")]
pub async fn get_customer_record(
    id: i64,
    reason: Option<String>,
) -> Result<CustomerRecord, AppError> {
    let (ctx, req, user) = authorize(Permission::ViewCustomers)?;
    customers::record_for_staff(
        &ctx.db,
        &actor(&req),
        user.id,
        id,
        reason.as_deref(),
        now_ms(),
    )
    .await
    .map_err(fail)
}
