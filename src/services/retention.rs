//! The retention job and its admin page (clause 10.3): anonymise former members once the
//! confidentiality period after their last membership has passed.
//!
//! Idempotent and safe on several nodes: each customer is anonymised in their own `BEGIN
//! IMMEDIATE` transaction that first checks they are still due and not anonymised, so a
//! second run (or a second node) finds nothing left to do.

use super::audit::{self, Event};
use super::{Actor, ServiceError, ServiceResult};
use crate::retention::{
    anonymise_on, due_before_ms, parse_years, FormerMember, RetentionOverview, RetentionReport,
    DEFAULT_YEARS, LIST_LIMIT, UPCOMING_DAYS,
};
use crate::store::retention::Which;
use crate::store::{self, Db, StoreError};

/// Customers anonymised per run, at most: the rest wait for the next run (10 minutes later),
/// so one run never holds the writer for long.
const BATCH: i64 = 500;

/// The confidentiality period in force.
pub async fn years(db: &Db) -> ServiceResult<u32> {
    Ok(store::retention::years(db.reader())
        .await?
        .unwrap_or(DEFAULT_YEARS))
}

fn to_member(row: store::retention::FormerRow, years: u32) -> FormerMember {
    let (customer_id, name, ended_at_ms, hold) = row;
    FormerMember {
        customer_id,
        name,
        ended_at_ms,
        anonymise_on: anonymise_on(crate::ledger::shanghai_date(ended_at_ms), years),
        hold,
    }
}

/// The retention page at `now`.
pub async fn overview(db: &Db, now: i64) -> ServiceResult<RetentionOverview> {
    let years = years(db).await?;
    let due_before = due_before_ms(now, years, 0);
    let due =
        store::retention::former_members(db.reader(), Which::All, i64::MIN, due_before, LIST_LIMIT)
            .await?
            .into_iter()
            .map(|r| to_member(r, years))
            .collect();
    let upcoming = store::retention::former_members(
        db.reader(),
        Which::All,
        due_before,
        due_before_ms(now, years, UPCOMING_DAYS),
        LIST_LIMIT,
    )
    .await?
    .into_iter()
    .map(|r| to_member(r, years))
    .collect();
    let (anonymised, last_anonymised_at_ms) =
        store::retention::anonymised_count(db.reader()).await?;
    let (due_total, due_held) = store::retention::due_counts(db.reader(), due_before).await?;
    Ok(RetentionOverview {
        years,
        due,
        due_unheld: due_total - due_held,
        upcoming,
        anonymised,
        last_anonymised_at_ms,
    })
}

/// Sets the confidentiality period (admin; audited with before and after).
pub async fn set_years(db: &Db, actor: &Actor, input: &str, now: i64) -> ServiceResult<u32> {
    let years = parse_years(input).map_err(ServiceError::invalid("years"))?;
    let mut tx = db.begin_write().await?;
    let before = store::retention::years(&mut *tx)
        .await?
        .unwrap_or(DEFAULT_YEARS);
    if before != years {
        store::retention::set_years(&mut tx, years, now).await?;
        audit::record(
            &mut tx,
            actor,
            now,
            Event::new("retention.period", "programme_settings")
                .object("retention.confidentiality_years")
                .before(serde_json::json!({ "years": before }))
                .after(serde_json::json!({ "years": years })),
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(years)
}

/// Anonymises every former member due at `now` who is not held (clause 10.3), each in their
/// own transaction with an audit entry `customer.anonymised` that names only ids and counts.
/// `actor` is the admin who pressed "run now", or the system for the daily job. One customer
/// that cannot be anonymised is logged and counted as failed; the others go ahead.
pub async fn run(db: &Db, actor: &Actor, now: i64) -> ServiceResult<RetentionReport> {
    let years = years(db).await?;
    let due_before = due_before_ms(now, years, 0);
    let mut report = RetentionReport {
        held: store::retention::due_counts(db.reader(), due_before)
            .await?
            .1 as u64,
        ..Default::default()
    };
    let due =
        store::retention::former_members(db.reader(), Which::Unheld, i64::MIN, due_before, BATCH)
            .await?;
    for (id, _, ended_at, _) in due {
        match anonymise_one(db, actor, id, ended_at, years, now).await {
            Ok(Some(done)) => {
                report.anonymised += 1;
                report.files_erased += done.files_erased;
                report.audit_entries_erased += done.audit_entries_erased;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(customer = id, error = ?e, "retention: could not anonymise");
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// Anonymises customer `id` if they are still due and not held now that we hold the writer (a
/// reapplication or another node may have come first).
async fn anonymise_one(
    db: &Db,
    actor: &Actor,
    id: i64,
    ended_at: i64,
    years: u32,
    now: i64,
) -> ServiceResult<Option<store::retention::Anonymised>> {
    let mut tx = db.begin_write().await?;
    let still =
        store::retention::former_members(&mut *tx, Which::One(id), ended_at, ended_at + 1, 1)
            .await?
            .into_iter()
            .any(|(_, _, _, hold)| hold.is_none());
    if !still {
        return Ok(None);
    }
    let Some(done) = store::retention::anonymise(&mut tx, id, now).await? else {
        return Ok(None);
    };
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("customer.anonymised", "user")
            .object(id)
            .subject(id)
            .after(serde_json::json!({
                "years": years,
                "membership_ended_at": ended_at,
                "files_erased": done.files_erased,
                "audit_entries_erased": done.audit_entries_erased,
            })),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Some(done))
}
