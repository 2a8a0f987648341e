//! Programme gauges for `/metrics`: sizes read at scrape time, so every app node reports the
//! same figures from the shared database.

use super::StoreResult;
use sqlx::SqlitePool;

/// Counts read in one statement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gauges {
    /// Service requests waiting for staff (`new`, `open`).
    pub open_requests: i64,
    /// Service requests waiting for the customer.
    pub waiting_requests: i64,
    /// SLA targets breached, ever (one per request and target).
    pub sla_breaches: i64,
    /// Complaints not closed.
    pub open_complaints: i64,
    /// Entries in the audit log.
    pub audit_entries: i64,
}

pub async fn gauges(db: &SqlitePool) -> StoreResult<Gauges> {
    let (open_requests, waiting_requests, sla_breaches, open_complaints, audit_entries): (
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = sqlx::query_as(
        "SELECT
            (SELECT COUNT(*) FROM service_requests WHERE status IN ('new', 'open')),
            (SELECT COUNT(*) FROM service_requests WHERE status = 'waiting_on_customer'),
            (SELECT COUNT(*) FROM sla_events WHERE stage = 'breached'),
            (SELECT COUNT(*) FROM complaints WHERE status NOT IN ('closed', 'disputed')),
            (SELECT IFNULL(MAX(seq), 0) FROM audit_log)",
    )
    .fetch_one(db)
    .await?;
    Ok(Gauges {
        open_requests,
        waiting_requests,
        sla_breaches,
        open_complaints,
        audit_entries,
    })
}
