//! Complaint reports (clauses 7.2, 8.2): complaints per branch and month of receipt, their
//! acknowledgement and resolution times, findings and the compensation paid. The counting
//! rules are in [`crate::complaint_reports`]; exports are audited through
//! [`super::reports::record_export`] like the finance reports.

use super::{ServiceError, ServiceResult};
use crate::complaint_reports::{
    self as rep, BranchLabel, CompensationFact, ComplaintFact, ComplaintReport, FindingKind,
};
use crate::store::complaint_reports as st;
use crate::store::desk_admin::branches;
use crate::store::Db;
use crate::Fen;
use chrono::NaiveDate;

/// The default range: the twelve months up to `today`'s (Asia/Shanghai), as `YYYY-MM`.
pub fn default_range(today: NaiveDate) -> (String, String) {
    crate::reports::last_twelve_months(today)
}

/// The report for the months `from`..=`to` (`YYYY-MM`, at most
/// [`rep::MAX_MONTHS`] months; anything else is invalid).
pub async fn report(db: &Db, from: &str, to: &str) -> ServiceResult<ComplaintReport> {
    let (from, to) =
        rep::month_range(from, to).map_err(|(field, msg)| ServiceError::Invalid { field, msg })?;
    let (start, end) = rep::range_ms(&from, &to).ok_or(ServiceError::Invalid {
        field: "from",
        msg: crate::Msg::ErrMonth,
    })?;
    let r = db.reader();
    let labels: Vec<BranchLabel> = branches(r)
        .await?
        .into_iter()
        .map(|b| BranchLabel {
            id: b.id,
            code: b.code,
            name_zh: b.name_zh,
            name_en: b.name_en,
        })
        .collect();
    let complaints: Vec<ComplaintFact> = st::complaints_received(r, start, end)
        .await?
        .into_iter()
        .map(|c| ComplaintFact {
            branch_id: c.branch_id,
            received_at: c.received_at,
            acknowledged_at: c.acknowledged_at,
            closed_at: c.closed_at,
            finished: c.finished,
            finding: c.finding.as_deref().and_then(FindingKind::parse),
        })
        .collect();
    let mut compensation: Vec<CompensationFact> = st::complaint_credits(r, &from, &to)
        .await?
        .into_iter()
        .map(|(branch_id, month, amount)| CompensationFact {
            branch_id,
            month,
            amount: Fen(amount),
        })
        .collect();
    compensation.extend(st::automatic_grants(r, start, end).await?.into_iter().map(
        |(branch_id, at, amount)| CompensationFact {
            branch_id,
            month: rep::shanghai_month(at),
            amount: Fen(amount),
        },
    ));
    Ok(rep::build(&from, &to, &labels, &complaints, &compensation))
}
