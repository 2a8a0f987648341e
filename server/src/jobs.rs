//! Background jobs (and e-mail delivery). Every job is idempotent and keeps its state in the database, so several
//! app nodes may run them side by side and `vipcare jobs run --now …` may run them at any
//! simulated time (tests move time this way).

use std::time::Duration;
use vipcare::services::auth::{purge_expired, AuthPolicy};
use vipcare::services::membership::{run_daily, LifecycleReport};
use vipcare::services::sla_watch::{self, WatchReport};
use vipcare::services::ServiceResult;
use vipcare::store::{now_ms, Db};

/// What one run of every job did.
#[derive(Debug, Default, serde::Serialize)]
pub struct JobsReport {
    pub day: String,
    pub lifecycle: LifecycleReport,
    /// Overdue invoice reminders sent (clause 6.2).
    pub reminders: u64,
    /// SLA warnings, breaches, escalations and closed requests (clauses 3.2.1, 3.4.1).
    pub sla: WatchReport,
    /// Complaint steps newly past their deadline, flagged and notified (clause 7.2).
    pub complaints_overdue: u64,
    /// The monthly quality evaluation of the month before `programme_now`'s (clause 5.2.1):
    /// computed now, or already stored.
    pub quality: vipcare::services::quality::MonthlyReport,
    /// Former members anonymised after the confidentiality period (clause 10.3).
    pub retention: vipcare::retention::RetentionReport,
    pub imports_resumed: usize,
    pub sessions_purged: u64,
    pub emails: crate::mailer::Delivery,
    pub emails_pending: i64,
}

/// Runs every job once. The membership requalification runs for the Asia/Shanghai day of
/// `programme_now` (clauses 2.3.1, 12.3) — the moment `vipcare jobs run --now` simulates. The
/// monthly quality evaluation (5.2.1) evaluates the month before `programme_now`'s unless it is
/// stored already (a lookup; on two nodes the second finds it stored and changes nothing).
/// The retention job anonymises former members whose confidentiality period has passed at
/// `programme_now` (10.3). Housekeeping (resuming half-committed ledger imports, purging expired sessions) always
/// uses the real clock: sessions live in real time. E-mail stays in the outbox until a mail
/// server is configured.
pub async fn run_all(
    db: &Db,
    policy: &AuthPolicy,
    mailer: Option<&crate::mailer::Mailer>,
    programme_now: i64,
) -> ServiceResult<JobsReport> {
    let day = vipcare::ledger::shanghai_date(programme_now);
    let lifecycle = run_daily(db, day, programme_now).await?;
    let reminders =
        vipcare::services::invoices::send_overdue_reminders(db, day, programme_now).await?;
    let sla = sla_watch::run(db, programme_now).await?;
    let complaints_overdue = vipcare::services::complaints::watch_deadlines(db, programme_now)
        .await?
        .flagged;
    let quality = vipcare::services::quality::evaluate_previous_month(db, programme_now).await?;
    let system = vipcare::services::Actor {
        user_id: None,
        ip: None,
    };
    // Irreversible, so a failure here is logged and leaves the other jobs to run.
    let retention = match vipcare::services::retention::run(db, &system, programme_now).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = ?e, "retention job failed");
            Default::default()
        }
    };
    let real_now = now_ms();
    let imports_resumed = vipcare::services::ledger::resume_stalled(db, real_now).await?;
    let (sessions, _attempts) = purge_expired(db, policy, real_now).await?;
    let emails = crate::mailer::deliver_due(db, mailer, real_now).await?;
    let emails_pending = vipcare::store::notifications::outbox_counts(db.reader())
        .await?
        .into_iter()
        .find(|(s, _)| s == "pending")
        .map(|(_, n)| n)
        .unwrap_or(0);
    Ok(JobsReport {
        day: day.to_string(),
        lifecycle,
        reminders,
        sla,
        complaints_overdue,
        quality,
        retention,
        imports_resumed,
        sessions_purged: sessions,
        emails,
        emails_pending,
    })
}

/// Starts the periodic jobs: the SLA watcher and e-mail delivery every minute, everything else
/// every 10 minutes (the daily requalification is idempotent, so running it more often only
/// catches the change of day sooner). Aborted at shutdown.
pub fn spawn(
    db: Db,
    policy: AuthPolicy,
    mailer: Option<crate::mailer::Mailer>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        let mut runs: u64 = 0;
        loop {
            tick.tick().await;
            runs += 1;
            // The SLA watcher and e-mail every minute; everything else every tenth minute.
            if runs % 10 != 1 {
                match sla_watch::run(&db, now_ms()).await {
                    Ok(r) if r != WatchReport::default() => {
                        tracing::info!(report = ?r, "SLA watch")
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = ?e, "SLA watch failed"),
                }
                match vipcare::services::complaints::watch_deadlines(&db, now_ms()).await {
                    Ok(r) if r.flagged > 0 => {
                        tracing::info!(report = ?r, "complaint deadlines")
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = ?e, "complaint deadline watch failed"),
                }
                if let Err(e) = crate::mailer::deliver_due(&db, mailer.as_ref(), now_ms()).await {
                    tracing::warn!(error = ?e, "e-mail delivery failed");
                }
                continue;
            }
            match run_all(&db, &policy, mailer.as_ref(), now_ms()).await {
                Ok(r) => {
                    let l = &r.lifecycle;
                    if l.notices + l.notices_withdrawn + l.renewals_offered + l.lapsed > 0
                        || r.imports_resumed > 0
                        || r.quality.evaluated
                        || r.retention.anonymised > 0
                    {
                        tracing::info!(report = ?r, "jobs ran");
                    }
                }
                Err(e) => tracing::warn!(error = ?e, "jobs failed"),
            }
        }
    })
}
