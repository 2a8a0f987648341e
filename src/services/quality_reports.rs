//! The quality dashboard and the process report (5.2.3, 5.3.2), their CSV tables, and the
//! public figures of the home page. Read-only; the counting rules are in
//! [`crate::quality_reports`]. Exports are audited by the caller through
//! [`super::reports::record_export`] like the other reports.

use super::{ServiceError, ServiceResult};
use crate::complaint_reports::{self as cr, BranchLabel, FindingKind};
use crate::desk::{RequestKind, RequestStatus, SlaTerms};
use crate::quality::{request_times, Period};
use crate::quality_reports::{
    self as qr, average_centi, ComplaintAbout, ProcessReport, PublicFigures, QualityDashboard,
    QualityTable, ResolvedFact, StoredEvaluation, Style, TableData, TimelineFact,
};
use crate::store::desk_admin::branches;
use crate::store::quality_reports as st;
use crate::store::Db;
use crate::{Lang, Msg};
use std::collections::HashMap;

/// The last [`qr::DEFAULT_MONTHS`] whole months before the one containing `now` (Asia/Shanghai),
/// as `YYYY-MM`.
pub fn default_range(now: i64) -> (String, String) {
    let to = Period::of_ms(now).previous();
    let mut from = to;
    for _ in 1..qr::DEFAULT_MONTHS {
        from = from.previous();
    }
    (from.to_string(), to.to_string())
}

/// The range as typed, checked, with its instants `[start, end)`.
fn range(from: &str, to: &str) -> ServiceResult<(String, String, i64, i64)> {
    let (from, to) =
        cr::month_range(from, to).map_err(|(field, msg)| ServiceError::Invalid { field, msg })?;
    let (start, end) = cr::range_ms(&from, &to).ok_or(ServiceError::Invalid {
        field: "from",
        msg: Msg::ErrMonth,
    })?;
    Ok((from, to, start, end))
}

async fn branch_labels(db: &Db) -> ServiceResult<Vec<BranchLabel>> {
    Ok(branches(db.reader())
        .await?
        .into_iter()
        .map(|b| BranchLabel {
            id: b.id,
            code: b.code,
            name_zh: b.name_zh,
            name_en: b.name_en,
        })
        .collect())
}

/// The dashboard of the months `from`..=`to` (`YYYY-MM`, at most [`cr::MAX_MONTHS`] months).
pub async fn dashboard(db: &Db, from: &str, to: &str) -> ServiceResult<QualityDashboard> {
    let (from, to, start, end) = range(from, to)?;
    let r = db.reader();
    let standards = super::quality::standards(db).await?;
    let labels = branch_labels(db).await?;
    let evaluations: Vec<StoredEvaluation> = st::evaluations(r, &from, &to)
        .await?
        .into_iter()
        .map(|e| StoredEvaluation {
            period: e.period,
            scope: e.scope,
            subject_id: e.subject_id,
            ratings: e.ratings,
            rating_sum: e.rating_sum,
            requests: e.requests,
            sla_met: e.sla_met,
            sla_total: e.sla_total,
        })
        .collect();
    let mut pauses: HashMap<i64, Vec<crate::sla::Pause>> = HashMap::new();
    for (id, s, e) in st::pauses_of_resolved(r, start, end).await? {
        let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
        pauses.entry(id).or_default().push(crate::sla::Pause {
            start: at(s),
            end: e.map(at),
        });
    }
    let mut resolved = Vec::new();
    for q in st::resolved_requests(r, start, end).await? {
        let terms: SlaTerms = match serde_json::from_str(&q.sla_json) {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(request = q.id, error = %e, "unreadable SLA terms; left out");
                continue;
            }
        };
        let times = request_times(
            &terms,
            q.created_at,
            q.first_response_at,
            Some(q.resolved_at),
            pauses.get(&q.id).map_or(&[][..], Vec::as_slice),
        );
        if let Some(secs) = times.resolution_secs {
            resolved.push(ResolvedFact {
                branch_id: q.branch_id,
                resolution_secs: secs,
            });
        }
    }
    let complaints: Vec<ComplaintAbout> = st::complaints_about(r, start, end)
        .await?
        .into_iter()
        .map(|c| ComplaintAbout {
            request: c.request,
            invoice: c.invoice,
            agent: c.agent,
            breach: c.breach,
            finding: c.finding.as_deref().and_then(FindingKind::parse),
        })
        .collect();
    Ok(qr::build_dashboard(
        &from,
        &to,
        &standards,
        &evaluations,
        &labels,
        &resolved,
        &complaints,
    ))
}

/// The process report (time in each status) of the requests resolved in `from`..=`to`.
pub async fn process(db: &Db, from: &str, to: &str) -> ServiceResult<ProcessReport> {
    let (from, to, start, end) = range(from, to)?;
    let r = db.reader();
    let labels = branch_labels(db).await?;
    let mut changes: HashMap<i64, Vec<(i64, RequestStatus)>> = HashMap::new();
    for (id, at, to_status) in st::status_changes_of_resolved(r, start, end).await? {
        if let Some(s) = RequestStatus::parse(&to_status) {
            changes.entry(id).or_default().push((at, s));
        }
    }
    let facts: Vec<TimelineFact> = st::resolved_requests(r, start, end)
        .await?
        .into_iter()
        .map(|q| TimelineFact {
            kind: RequestKind::parse(&q.kind).unwrap_or(RequestKind::Other),
            branch_id: q.branch_id,
            created_at: q.created_at,
            resolved_at: q.resolved_at,
            changes: changes.remove(&q.id).unwrap_or_default(),
        })
        .collect();
    Ok(qr::build_process(&from, &to, &labels, &facts))
}

/// One table of the dashboard or the process report for `from`..=`to`, as the page shows it
/// or as the CSV writes it; with the checked range.
pub async fn table(
    db: &Db,
    which: QualityTable,
    from: &str,
    to: &str,
    lang: Lang,
    style: Style,
) -> ServiceResult<(String, String, TableData)> {
    if which == QualityTable::Process {
        let p = process(db, from, to).await?;
        let t = qr::process_table(&p, lang, style);
        return Ok((p.from, p.to, t));
    }
    let d = dashboard(db, from, to).await?;
    let t = qr::dashboard_table(&d, which, lang, style);
    Ok((d.from, d.to, t))
}

/// The CSV of [`table`]: a BOM, headings in `lang`, CRLF.
pub async fn table_csv(
    db: &Db,
    which: QualityTable,
    from: &str,
    to: &str,
    lang: Lang,
) -> ServiceResult<(String, String, String)> {
    let (from, to, t) = table(db, which, from, to, lang, Style::Csv).await?;
    Ok((from, to, qr::csv(&t)))
}

/// The public home page's figures (5.3.2, customers' side): the newest stored programme-wide
/// evaluation of a month before the one containing `now`, when the standards allow showing
/// it (`public_figures`); `None` otherwise. One read.
pub async fn public_figures(db: &Db, now: i64) -> ServiceResult<Option<PublicFigures>> {
    let last = Period::of_ms(now).previous().to_string();
    Ok(st::public_figures(db.reader(), &last).await?.map(
        |(month, ratings, rating_sum, sla_met, sla_total)| PublicFigures {
            month,
            sla_bp: cr::share_bp(sla_met, sla_total),
            csat_centi: average_centi(rating_sum, ratings),
            ratings,
        },
    ))
}
