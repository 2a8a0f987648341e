//! A customer's standing (clause 2.1.1) as the customer sees it on the portal and as staff see
//! it in the customer record. Every staff view of a customer record is audited (clause 10).

use super::audit::{self, Event};
use super::{Actor, ServiceError, ServiceResult};
pub use crate::customer::{CustomerRecord, CustomerSummary};
use crate::eligibility::{default_target, explain, level_on, CustomerProgress};
use crate::ledger::{shanghai_date, EntryKind, LedgerLine};
use crate::money::Fen;
use crate::store::{self, Db, StoreError};
use crate::Msg;
use chrono::NaiveDate;

/// How many ledger lines a progress view lists.
const RECENT_LINES: i64 = 20;

/// The customer's standing on `today` with "spend X more by `target`" (default: 30 days on).
pub async fn progress(
    db: &Db,
    customer_id: i64,
    today: NaiveDate,
    target: Option<NaiveDate>,
) -> ServiceResult<CustomerProgress> {
    let levels = store::programme::active_levels(db.reader()).await?;
    let movements = store::ledger::movements(db.reader(), customer_id).await?;
    let target = target.unwrap_or_else(|| default_target(today));
    let reached_level_id = level_on(&levels, &movements, today).map(|l| l.id);
    let progress = explain(&levels, &movements, today, target);
    let recent = store::ledger::recent(db.reader(), customer_id, RECENT_LINES)
        .await?
        .into_iter()
        .map(|r| LedgerLine {
            id: r.id,
            external_id: r.external_id,
            kind: EntryKind::parse(&r.kind).unwrap_or(EntryKind::Purchase),
            amount: Fen(r.amount),
            points: r.points,
            occurred_at_ms: r.occurred_at,
            source: r.source,
        })
        .collect();
    Ok(CustomerProgress {
        today,
        target,
        levels,
        progress,
        reached_level_id,
        recent,
    })
}

/// Today in Asia/Shanghai.
pub fn today(now_ms: i64) -> NaiveDate {
    shanghai_date(now_ms)
}

impl From<store::users::CustomerRow> for CustomerSummary {
    fn from(r: store::users::CustomerRow) -> Self {
        CustomerSummary {
            id: r.id,
            email: r.email,
            name: r.name,
            phone: r.phone,
            active: r.active,
            created_at: r.created_at,
        }
    }
}

pub async fn search(db: &Db, q: &str) -> ServiceResult<Vec<CustomerSummary>> {
    let q: String = q.chars().take(100).collect();
    Ok(store::users::search_customers(db.reader(), &q, 100)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Opens a customer's record for staff member `viewer`; the read itself is audited. A
/// branch-bound viewer opening a customer outside their branch and work must give a reason
/// (clause 10.1): without one the answer is `Conflict(ViewReasonRequired)` and nothing is
/// shown; the reason goes into the audit entry.
pub async fn record_for_staff(
    db: &Db,
    actor: &Actor,
    viewer: i64,
    customer_id: i64,
    reason: Option<&str>,
    now: i64,
) -> ServiceResult<CustomerRecord> {
    let customer = store::users::get_customer(db.reader(), customer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let closeness = store::users::closeness(db.reader(), viewer, customer_id).await?;
    let reason = match reason.filter(|r| !r.trim().is_empty()) {
        Some(r) => {
            Some(crate::access_log::view_reason(r).map_err(ServiceError::invalid("reason"))?)
        }
        None if closeness.needs_reason() => {
            return Err(ServiceError::Conflict(Msg::ViewReasonRequired))
        }
        None => None,
    };
    let progress = progress(db, customer_id, today(now), None).await?;
    let mut event = Event::new("customer.viewed", "user")
        .object(customer_id)
        .subject(customer_id);
    if let Some(r) = reason {
        event = event
            .after(serde_json::json!({
                "outside_branch_and_work": closeness.needs_reason(),
                "reason": r,
            }))
            .detail(format!("reason: {r}"));
    }
    let mut tx = db.begin_write().await?;
    audit::record(&mut tx, actor, now, event).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(CustomerRecord {
        customer: customer.into(),
        progress,
    })
}
