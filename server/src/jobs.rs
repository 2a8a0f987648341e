//! Background housekeeping. Every job is idempotent and keeps its state in the database, so
//! several app nodes may run it side by side.

use std::time::Duration;
use vipcare::services::auth::{purge_expired, AuthPolicy};
use vipcare::store::{now_ms, Db};

/// Starts the periodic jobs; the handle is aborted at shutdown.
pub fn spawn(db: Db, policy: AuthPolicy) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match purge_expired(&db, &policy, now_ms()).await {
                Ok((s, a)) if s + a > 0 => {
                    tracing::info!(sessions = s, attempts = a, "purged expired")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "purge job failed"),
            }
            // Ledger uploads left half-committed by a node that stopped.
            match vipcare::services::ledger::resume_stalled(&db, now_ms()).await {
                Ok(n) if n > 0 => tracing::info!(imports = n, "resumed ledger imports"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "resuming ledger imports failed"),
            }
        }
    })
}
