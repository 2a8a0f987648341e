//! Quality reports (clauses 5.2.3, 5.3.2): the dashboard's series — monthly CSAT and SLA
//! compliance from the stored evaluations, the resolution-time distribution, complaints by
//! category, the per-branch comparison — and the process report's time in each status; their
//! tables (the same cells on the page and in the CSV) and the geometry of the SVG charts. Pure:
//! the service reads the facts, these functions add them up, lay them out and write them out.
//!
//! How each figure is counted:
//! - *CSAT* and *SLA compliance* per month are the stored programme-wide evaluation of that
//!   month (`quality_evaluations`, scope `programme`): a closed month keeps its figures. A month
//!   without a stored evaluation shows no value. CSAT = rating sum / ratings, in hundredths,
//!   rounded half up; compliance = targets met / targets, in basis points.
//! - *Resolution time*: the working time from opening to resolution on the request's own SLA
//!   calendar, pauses excluded ([`crate::quality::request_times`], the clock the SLA uses), of
//!   requests **resolved** in the range (Asia/Shanghai months).
//! - *Complaints by category*: complaints **received** in the range, by what they are about —
//!   the first that applies of: a breach decision, a staff member, a request, an invoice;
//!   otherwise general. The finding is that of the accepted proposal, else the latest one.
//! - *Branches*: CSAT and compliance summed over the stored branch evaluations of the range's
//!   months; the median and p90 resolution time from the requests the branch resolved in the
//!   range (medians of months cannot be combined into the median of the range).
//! - *Time in each status* (5.2.3): wall-clock time from opening until the (last) resolution,
//!   following the request's status timeline; time spent resolved before a reopening is left
//!   out. Median and p90 are over the requests that passed through the status; the share is of
//!   all the time the group's requests spent in the three statuses.
//! - Medians and p90 are by **nearest rank**: always a value that really occurred.

use crate::complaint_reports::{
    csv_hours, csv_percent, duration_text, next_month, share_bp, share_text, BranchLabel,
    FindingKind,
};
use crate::desk::{RequestKind, RequestStatus};
use crate::reports::{csv_line, BOM};
use crate::{Lang, Msg};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The dashboard's default span: the last six whole months.
pub const DEFAULT_MONTHS: u32 = 6;

// ---------------------------------------------------------------- percentiles

// One nearest-rank definition serves complaints, evaluations and this dashboard.
use crate::complaint_reports::median_and_p90 as median_p90;

// ---------------------------------------------------------------- stored evaluations

/// One stored evaluation row as the dashboard reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredEvaluation {
    /// `YYYY-MM`.
    pub period: String,
    /// `programme` or `branch` (agents are not charted here).
    pub scope: String,
    pub subject_id: i64,
    pub ratings: i64,
    pub rating_sum: i64,
    pub requests: i64,
    pub sla_met: i64,
    pub sla_total: i64,
}

/// The average of `sum / n` in hundredths, rounded half up (`None` for no ratings).
pub fn average_centi(sum: i64, n: i64) -> Option<i64> {
    (n > 0).then(|| (sum * 200 + n) / (2 * n))
}

/// Hundredths as `4.25`.
pub fn centi_text(c: i64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// One month of the programme-wide trend.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// A stored evaluation exists for the month.
    pub evaluated: bool,
    pub ratings: i64,
    pub rating_sum: i64,
    pub requests: i64,
    pub sla_met: i64,
    pub sla_total: i64,
}

impl MonthFigures {
    /// The average rating in hundredths (`425` = 4.25).
    pub fn csat_centi(&self) -> Option<i64> {
        average_centi(self.rating_sum, self.ratings)
    }

    /// SLA compliance in basis points.
    pub fn sla_bp(&self) -> Option<i64> {
        share_bp(self.sla_met, self.sla_total)
    }
}

// ---------------------------------------------------------------- resolution time

/// Upper bounds (exclusive, seconds) of the resolution-time buckets; the last is open.
pub const BUCKET_BOUNDS: [i64; 5] = [3_600, 4 * 3_600, 8 * 3_600, 24 * 3_600, 72 * 3_600];

/// The names of the buckets, in order.
pub const BUCKETS: [Msg; 6] = [
    Msg::QdBucketLt1h,
    Msg::QdBucket1to4h,
    Msg::QdBucket4to8h,
    Msg::QdBucket8to24h,
    Msg::QdBucket1to3d,
    Msg::QdBucketGt3d,
];

/// The bucket (index into [`BUCKETS`]) of a duration: lower bound inclusive, upper exclusive.
pub fn bucket_of(secs: i64) -> usize {
    BUCKET_BOUNDS
        .iter()
        .position(|b| secs < *b)
        .unwrap_or(BUCKET_BOUNDS.len())
}

/// How many durations fall in each bucket.
pub fn histogram(secs: &[i64]) -> [i64; 6] {
    let mut h = [0; 6];
    for s in secs {
        h[bucket_of(*s)] += 1;
    }
    h
}

/// A request resolved in the range: its branch and working time to resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedFact {
    pub branch_id: Option<i64>,
    pub resolution_secs: i64,
}

// ---------------------------------------------------------------- complaints

/// What a complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComplaintCategory {
    Request,
    Invoice,
    Agent,
    Breach,
    General,
}

impl ComplaintCategory {
    /// In the order the dashboard lists them.
    pub const ALL: [ComplaintCategory; 5] = [
        ComplaintCategory::Request,
        ComplaintCategory::Invoice,
        ComplaintCategory::Agent,
        ComplaintCategory::Breach,
        ComplaintCategory::General,
    ];

    pub fn msg(self) -> Msg {
        match self {
            ComplaintCategory::Request => Msg::QdCatRequest,
            ComplaintCategory::Invoice => Msg::QdCatInvoice,
            ComplaintCategory::Agent => Msg::QdCatAgent,
            ComplaintCategory::Breach => Msg::QdCatBreach,
            ComplaintCategory::General => Msg::QdCatGeneral,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintCategory::Request => "request",
            ComplaintCategory::Invoice => "invoice",
            ComplaintCategory::Agent => "agent",
            ComplaintCategory::Breach => "breach",
            ComplaintCategory::General => "general",
        }
    }

    /// The first that applies: breach decision, staff member, request, invoice; else general.
    pub fn of(c: &ComplaintAbout) -> ComplaintCategory {
        if c.breach {
            ComplaintCategory::Breach
        } else if c.agent {
            ComplaintCategory::Agent
        } else if c.request {
            ComplaintCategory::Request
        } else if c.invoice {
            ComplaintCategory::Invoice
        } else {
            ComplaintCategory::General
        }
    }
}

/// A complaint received in the range: what it links to, and the finding that counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintAbout {
    pub request: bool,
    pub invoice: bool,
    pub agent: bool,
    pub breach: bool,
    pub finding: Option<FindingKind>,
}

/// Complaints of one category (or all of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryFigures {
    /// `None`: the total.
    pub category: Option<ComplaintCategory>,
    pub received: i64,
    pub upheld: i64,
    pub partly_upheld: i64,
    pub not_upheld: i64,
}

impl CategoryFigures {
    fn new(category: Option<ComplaintCategory>) -> Self {
        CategoryFigures {
            category,
            received: 0,
            upheld: 0,
            partly_upheld: 0,
            not_upheld: 0,
        }
    }

    fn add(&mut self, f: Option<FindingKind>) {
        self.received += 1;
        match f {
            Some(FindingKind::Upheld) => self.upheld += 1,
            Some(FindingKind::PartlyUpheld) => self.partly_upheld += 1,
            Some(FindingKind::NotUpheld) => self.not_upheld += 1,
            None => {}
        }
    }

    pub fn with_finding(&self) -> i64 {
        self.upheld + self.partly_upheld + self.not_upheld
    }

    /// Without a finding yet.
    pub fn open(&self) -> i64 {
        self.received - self.with_finding()
    }

    /// Upheld among those with a finding, in basis points.
    pub fn upheld_share_bp(&self) -> Option<i64> {
        share_bp(self.upheld, self.with_finding())
    }
}

// ---------------------------------------------------------------- branches

/// One branch over the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchFigures {
    pub branch: BranchLabel,
    /// Summed over the stored branch evaluations of the range.
    pub ratings: i64,
    pub rating_sum: i64,
    pub sla_met: i64,
    pub sla_total: i64,
    /// Requests the branch resolved in the range (live).
    pub resolved: i64,
    pub res_median_secs: Option<i64>,
    pub res_p90_secs: Option<i64>,
}

impl BranchFigures {
    pub fn csat_centi(&self) -> Option<i64> {
        average_centi(self.rating_sum, self.ratings)
    }

    pub fn sla_bp(&self) -> Option<i64> {
        share_bp(self.sla_met, self.sla_total)
    }
}

// ---------------------------------------------------------------- the dashboard

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityDashboard {
    /// First and last month, `YYYY-MM`.
    pub from: String,
    pub to: String,
    /// The standards in force: the reference lines.
    pub min_csat_centi: i64,
    pub min_sla_bp: i64,
    /// Every month of the range, oldest first.
    pub months: Vec<MonthFigures>,
    /// Requests per bucket of [`BUCKETS`].
    pub resolution: Vec<i64>,
    pub res_median_secs: Option<i64>,
    pub res_p90_secs: Option<i64>,
    /// Every category in [`ComplaintCategory::ALL`] order.
    pub complaints: Vec<CategoryFigures>,
    pub complaints_total: CategoryFigures,
    /// Branches with a stored evaluation or a resolved request in the range, in list order.
    pub branches: Vec<BranchFigures>,
}

impl QualityDashboard {
    /// Resolved requests in the range.
    pub fn resolved(&self) -> i64 {
        self.resolution.iter().sum()
    }
}

/// The months `from`..=`to` (checked `YYYY-MM`, `from` ≤ `to`).
pub fn months_of(from: &str, to: &str) -> Vec<String> {
    let mut out = vec![from.to_string()];
    while out.last().is_some_and(|m| m.as_str() < to) && out.len() < 1_000 {
        let next = next_month(out.last().expect("not empty"));
        out.push(next);
    }
    out
}

/// Adds up the dashboard of the months `from`..=`to`. Facts outside the range must already
/// be left out by the caller, except stored evaluations, which are filtered here.
pub fn build_dashboard(
    from: &str,
    to: &str,
    standards: &crate::quality::Standards,
    evaluations: &[StoredEvaluation],
    branches: &[BranchLabel],
    resolved: &[ResolvedFact],
    complaints: &[ComplaintAbout],
) -> QualityDashboard {
    let in_range = |p: &str| p >= from && p <= to;
    let months = months_of(from, to)
        .into_iter()
        .map(|month| {
            match evaluations
                .iter()
                .find(|e| e.scope == "programme" && e.subject_id == 0 && e.period == month)
            {
                Some(e) => MonthFigures {
                    month,
                    evaluated: true,
                    ratings: e.ratings,
                    rating_sum: e.rating_sum,
                    requests: e.requests,
                    sla_met: e.sla_met,
                    sla_total: e.sla_total,
                },
                None => MonthFigures {
                    month,
                    ..MonthFigures::default()
                },
            }
        })
        .collect();

    let mut all: Vec<i64> = resolved.iter().map(|r| r.resolution_secs).collect();
    let resolution = histogram(&all).to_vec();
    let (res_median_secs, res_p90_secs) = median_p90(&mut all);

    let mut cats: Vec<CategoryFigures> = ComplaintCategory::ALL
        .iter()
        .map(|c| CategoryFigures::new(Some(*c)))
        .collect();
    let mut total = CategoryFigures::new(None);
    for c in complaints {
        let cat = ComplaintCategory::of(c);
        if let Some(f) = cats.iter_mut().find(|f| f.category == Some(cat)) {
            f.add(c.finding);
        }
        total.add(c.finding);
    }

    // Branches: stored sums and live resolution times.
    let mut stored: BTreeMap<i64, [i64; 4]> = BTreeMap::new();
    for e in evaluations
        .iter()
        .filter(|e| e.scope == "branch" && in_range(&e.period))
    {
        let s = stored.entry(e.subject_id).or_default();
        s[0] += e.ratings;
        s[1] += e.rating_sum;
        s[2] += e.sla_met;
        s[3] += e.sla_total;
    }
    let mut live: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for r in resolved {
        if let Some(b) = r.branch_id {
            live.entry(b).or_default().push(r.resolution_secs);
        }
    }
    let mut ids: Vec<i64> = stored.keys().chain(live.keys()).copied().collect();
    ids.sort_by_key(|id| {
        (
            branches
                .iter()
                .position(|b| b.id == *id)
                .unwrap_or(usize::MAX),
            *id,
        )
    });
    ids.dedup();
    let branch_rows = ids
        .into_iter()
        .map(|id| {
            let s = stored.get(&id).copied().unwrap_or_default();
            let mut times = live.remove(&id).unwrap_or_default();
            let (res_median_secs, res_p90_secs) = median_p90(&mut times);
            BranchFigures {
                branch: branches
                    .iter()
                    .find(|b| b.id == id)
                    .cloned()
                    .unwrap_or_else(|| BranchLabel {
                        id,
                        code: id.to_string(),
                        name_zh: format!("#{id}"),
                        name_en: format!("#{id}"),
                    }),
                ratings: s[0],
                rating_sum: s[1],
                sla_met: s[2],
                sla_total: s[3],
                resolved: times.len() as i64,
                res_median_secs,
                res_p90_secs,
            }
        })
        .collect();

    QualityDashboard {
        from: from.to_string(),
        to: to.to_string(),
        min_csat_centi: standards.min_csat_centi,
        min_sla_bp: standards.min_sla_bp,
        months,
        resolution,
        res_median_secs,
        res_p90_secs,
        complaints: cats,
        complaints_total: total,
        branches: branch_rows,
    }
}

// ---------------------------------------------------------------- time in each status

/// The statuses the process report measures, in order.
pub const PROCESS_STATUSES: [RequestStatus; 3] = [
    RequestStatus::New,
    RequestStatus::Open,
    RequestStatus::WaitingOnCustomer,
];

/// The name of [`PROCESS_STATUSES`]`[i]` for staff.
pub fn status_msg(i: usize) -> Msg {
    match i {
        0 => Msg::QdStatusNew,
        1 => Msg::QdStatusOpen,
        _ => Msg::QdStatusWaiting,
    }
}

/// Wall-clock ms a request spent in each of [`PROCESS_STATUSES`] from `created_at` (status
/// `new`) until `resolved_at`, following `changes` — (when, to which status), in time order.
/// Changes after the resolution are ignored; time in any other status (resolved before a
/// reopening) is not counted.
pub fn time_in_status(
    created_at: i64,
    resolved_at: i64,
    changes: &[(i64, RequestStatus)],
) -> [i64; 3] {
    let mut out = [0; 3];
    let mut status = RequestStatus::New;
    let mut since = created_at;
    let mut add = |status: RequestStatus, from: i64, to: i64| {
        if let Some(i) = PROCESS_STATUSES.iter().position(|s| *s == status) {
            out[i] += (to.min(resolved_at) - from.max(created_at)).max(0);
        }
    };
    for (at, to) in changes {
        if *at >= resolved_at {
            break;
        }
        let at = (*at).max(since);
        add(status, since, at);
        status = *to;
        since = at;
    }
    add(status, since, resolved_at);
    out
}

/// A request resolved in the range with its status timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineFact {
    pub kind: RequestKind,
    pub branch_id: Option<i64>,
    pub created_at: i64,
    pub resolved_at: i64,
    /// Status changes (when, to which status), in time order.
    pub changes: Vec<(i64, RequestStatus)>,
}

/// One status within a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusFigures {
    /// Requests that spent time in the status.
    pub entered: i64,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
    pub total_ms: i64,
    /// Of all the time in the three statuses.
    pub share_bp: Option<i64>,
}

/// How a group is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProcessDimension {
    All,
    Kind,
    Branch,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessGroup {
    pub dimension: ProcessDimension,
    /// The kind (`consultation` …) or branch code; empty for all.
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub requests: i64,
    /// One per [`PROCESS_STATUSES`].
    pub statuses: Vec<StatusFigures>,
    /// The status with the largest share of the time: where time is lost.
    pub largest: Option<usize>,
}

impl ProcessGroup {
    pub fn name(&self, lang: Lang) -> String {
        match self.dimension {
            ProcessDimension::All => Msg::QdGroupAll.text(lang).to_string(),
            ProcessDimension::Kind => RequestKind::parse(&self.key)
                .map(|k| kind_msg(k).text(lang).to_string())
                .unwrap_or_else(|| self.key.clone()),
            ProcessDimension::Branch => lang.pick(&self.name_zh, &self.name_en).to_string(),
        }
    }

    pub fn dimension_msg(&self) -> Msg {
        match self.dimension {
            ProcessDimension::All => Msg::QdGroupOverall,
            ProcessDimension::Kind => Msg::ReqKind,
            ProcessDimension::Branch => Msg::ComplaintReportsBranch,
        }
    }
}

/// The name of a request kind.
pub fn kind_msg(k: RequestKind) -> Msg {
    match k {
        RequestKind::Consultation => Msg::ReqKindConsultation,
        RequestKind::CustomPlan => Msg::ReqKindCustomPlan,
        RequestKind::Other => Msg::ReqKindOther,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessReport {
    pub from: String,
    pub to: String,
    /// All requests first, then by kind (in [`RequestKind::ALL`] order), then by branch (in
    /// list order, unassigned last); only groups with requests.
    pub groups: Vec<ProcessGroup>,
}

fn process_group(
    dimension: ProcessDimension,
    key: String,
    (name_zh, name_en): (String, String),
    times: &[[i64; 3]],
) -> ProcessGroup {
    let totals: Vec<i64> = (0..3).map(|i| times.iter().map(|t| t[i]).sum()).collect();
    let grand: i64 = totals.iter().sum();
    let statuses: Vec<StatusFigures> = (0..3)
        .map(|i| {
            let mut v: Vec<i64> = times.iter().map(|t| t[i]).filter(|x| *x > 0).collect();
            let (median_ms, p90_ms) = median_p90(&mut v);
            StatusFigures {
                entered: v.len() as i64,
                median_ms,
                p90_ms,
                total_ms: totals[i],
                share_bp: share_bp(totals[i], grand),
            }
        })
        .collect();
    // The first of equal largest shares.
    let largest = (grand > 0)
        .then(|| (0..3).fold(0, |best, i| if totals[i] > totals[best] { i } else { best }))
        .filter(|_| grand > 0);
    ProcessGroup {
        dimension,
        key,
        name_zh,
        name_en,
        requests: times.len() as i64,
        statuses,
        largest,
    }
}

/// The process report of the requests `facts` (resolved in the range).
pub fn build_process(
    from: &str,
    to: &str,
    branches: &[BranchLabel],
    facts: &[TimelineFact],
) -> ProcessReport {
    let times: Vec<[i64; 3]> = facts
        .iter()
        .map(|f| time_in_status(f.created_at, f.resolved_at, &f.changes))
        .collect();
    let mut groups = vec![process_group(
        ProcessDimension::All,
        String::new(),
        (String::new(), String::new()),
        &times,
    )];
    if facts.is_empty() {
        return ProcessReport {
            from: from.to_string(),
            to: to.to_string(),
            groups: Vec::new(),
        };
    }
    for k in RequestKind::ALL {
        let t: Vec<[i64; 3]> = facts
            .iter()
            .zip(&times)
            .filter(|(f, _)| f.kind == k)
            .map(|(_, t)| *t)
            .collect();
        if !t.is_empty() {
            groups.push(process_group(
                ProcessDimension::Kind,
                k.as_str().to_string(),
                (String::new(), String::new()),
                &t,
            ));
        }
    }
    let mut ids: Vec<Option<i64>> = facts.iter().map(|f| f.branch_id).collect();
    ids.sort_by_key(|b| match b {
        Some(id) => (
            0,
            branches
                .iter()
                .position(|x| x.id == *id)
                .unwrap_or(usize::MAX),
            *id,
        ),
        None => (1, 0, 0),
    });
    ids.dedup();
    for id in ids {
        let t: Vec<[i64; 3]> = facts
            .iter()
            .zip(&times)
            .filter(|(f, _)| f.branch_id == id)
            .map(|(_, t)| *t)
            .collect();
        let (key, names) = match id.and_then(|id| branches.iter().find(|b| b.id == id)) {
            Some(b) => (b.code.clone(), (b.name_zh.clone(), b.name_en.clone())),
            None => match id {
                Some(id) => (id.to_string(), (format!("#{id}"), format!("#{id}"))),
                None => (
                    "unassigned".to_string(),
                    (
                        Msg::ComplaintReportsUnassigned.text(Lang::Zh).to_string(),
                        Msg::ComplaintReportsUnassigned.text(Lang::En).to_string(),
                    ),
                ),
            },
        };
        groups.push(process_group(ProcessDimension::Branch, key, names, &t));
    }
    ProcessReport {
        from: from.to_string(),
        to: to.to_string(),
        groups,
    }
}

// ---------------------------------------------------------------- tables and CSV

/// Every table of the dashboard and the process report; each downloads as
/// `/admin/quality/export/<name>.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QualityTable {
    Csat,
    Sla,
    Resolution,
    Complaints,
    Branches,
    Process,
}

impl QualityTable {
    pub const ALL: [QualityTable; 6] = [
        QualityTable::Csat,
        QualityTable::Sla,
        QualityTable::Resolution,
        QualityTable::Complaints,
        QualityTable::Branches,
        QualityTable::Process,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QualityTable::Csat => "csat",
            QualityTable::Sla => "sla",
            QualityTable::Resolution => "resolution",
            QualityTable::Complaints => "complaints",
            QualityTable::Branches => "branches",
            QualityTable::Process => "process",
        }
    }

    pub fn parse(s: &str) -> Option<QualityTable> {
        QualityTable::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The download link for the months `from`..=`to`.
    pub fn csv_href(self, from: &str, to: &str) -> String {
        format!(
            "/admin/quality/export/{}.csv?from={from}&to={to}",
            self.as_str()
        )
    }
}

/// For people (durations in words, shares with `%`, `—` for none) or for spreadsheets (hours
/// and percent as plain numbers, empty for none, units in the headings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Page,
    Csv,
}

/// A table as text cells: the page shows exactly these, the CSV writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableData {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// A totals row, if any.
    pub foot: Option<Vec<String>>,
}

enum Unit {
    None,
    Hours,
    Percent,
}

fn heading(m: Msg, unit: Unit, lang: Lang, style: Style) -> String {
    let text = m.text(lang);
    let unit = match (style, unit) {
        (Style::Page, _) | (_, Unit::None) => return text.to_string(),
        (Style::Csv, Unit::Hours) => Msg::ComplaintReportsHoursUnit.text(lang),
        (Style::Csv, Unit::Percent) => "%",
    };
    match lang {
        Lang::Zh => format!("{text}({unit})"),
        Lang::En => format!("{text} ({unit})"),
    }
}

fn pct(bp: Option<i64>, style: Style) -> String {
    match style {
        Style::Page => share_text(bp),
        Style::Csv => csv_percent(bp),
    }
}

fn secs(s: Option<i64>, lang: Lang, style: Style) -> String {
    ms(s.map(|s| s * 1_000), lang, style)
}

fn ms(ms: Option<i64>, lang: Lang, style: Style) -> String {
    match style {
        Style::Page => duration_text(ms, lang),
        Style::Csv => csv_hours(ms),
    }
}

fn centi(c: Option<i64>, style: Style) -> String {
    match (c, style) {
        (Some(c), _) => centi_text(c),
        (None, Style::Page) => "—".to_string(),
        (None, Style::Csv) => String::new(),
    }
}

/// One of the dashboard's tables ([`QualityTable::Process`] is [`process_table`]).
pub fn dashboard_table(
    d: &QualityDashboard,
    which: QualityTable,
    lang: Lang,
    style: Style,
) -> TableData {
    let h = |m: Msg, u: Unit| heading(m, u, lang, style);
    let n = |v: i64| v.to_string();
    match which {
        QualityTable::Csat => TableData {
            head: vec![
                h(Msg::ReportMonth, Unit::None),
                h(Msg::QdRatings, Unit::None),
                h(Msg::QdCsatAvg, Unit::None),
            ],
            rows: d
                .months
                .iter()
                .map(|m| vec![m.month.clone(), n(m.ratings), centi(m.csat_centi(), style)])
                .collect(),
            foot: None,
        },
        QualityTable::Sla => TableData {
            head: vec![
                h(Msg::ReportMonth, Unit::None),
                h(Msg::QdSlaMet, Unit::None),
                h(Msg::QdSlaTotal, Unit::None),
                h(Msg::QdSlaPct, Unit::Percent),
                h(Msg::QdStandard, Unit::Percent),
            ],
            rows: d
                .months
                .iter()
                .map(|m| {
                    vec![
                        m.month.clone(),
                        n(m.sla_met),
                        n(m.sla_total),
                        pct(m.sla_bp(), style),
                        pct(Some(d.min_sla_bp), style),
                    ]
                })
                .collect(),
            foot: None,
        },
        QualityTable::Resolution => {
            let total = d.resolved();
            TableData {
                head: vec![
                    h(Msg::QdBucket, Unit::None),
                    h(Msg::QdRequests, Unit::None),
                    h(Msg::QdShare, Unit::Percent),
                ],
                rows: BUCKETS
                    .iter()
                    .zip(&d.resolution)
                    .map(|(b, c)| {
                        vec![
                            b.text(lang).to_string(),
                            n(*c),
                            pct(share_bp(*c, total), style),
                        ]
                    })
                    .collect(),
                foot: Some(vec![
                    Msg::InvTotal.text(lang).to_string(),
                    n(total),
                    pct(share_bp(total, total), style),
                ]),
            }
        }
        QualityTable::Complaints => {
            let row = |name: String, c: &CategoryFigures| {
                vec![
                    name,
                    n(c.received),
                    n(c.upheld),
                    n(c.partly_upheld),
                    n(c.not_upheld),
                    n(c.open()),
                    pct(c.upheld_share_bp(), style),
                ]
            };
            TableData {
                head: vec![
                    h(Msg::QdCategory, Unit::None),
                    h(Msg::ComplaintReportsReceived, Unit::None),
                    h(Msg::QdUpheld, Unit::None),
                    h(Msg::QdPartly, Unit::None),
                    h(Msg::QdNotUpheld, Unit::None),
                    h(Msg::QdNoFinding, Unit::None),
                    h(Msg::QdUpheldShare, Unit::Percent),
                ],
                rows: d
                    .complaints
                    .iter()
                    .map(|c| {
                        let name = c.category.map_or("", |c| c.msg().text(lang));
                        row(name.to_string(), c)
                    })
                    .collect(),
                foot: Some(row(
                    Msg::InvTotal.text(lang).to_string(),
                    &d.complaints_total,
                )),
            }
        }
        QualityTable::Branches => TableData {
            head: vec![
                h(Msg::ComplaintReportsBranch, Unit::None),
                h(Msg::QdRatings, Unit::None),
                h(Msg::QdCsatAvg, Unit::None),
                h(Msg::QdSlaMet, Unit::None),
                h(Msg::QdSlaTotal, Unit::None),
                h(Msg::QdSlaPct, Unit::Percent),
                h(Msg::ComplaintReportsResolved, Unit::None),
                h(Msg::ComplaintReportsResolveMedian, Unit::Hours),
                h(Msg::QdResolveP90, Unit::Hours),
            ],
            rows: d
                .branches
                .iter()
                .map(|b| {
                    vec![
                        lang.pick(&b.branch.name_zh, &b.branch.name_en).to_string(),
                        n(b.ratings),
                        centi(b.csat_centi(), style),
                        n(b.sla_met),
                        n(b.sla_total),
                        pct(b.sla_bp(), style),
                        n(b.resolved),
                        secs(b.res_median_secs, lang, style),
                        secs(b.res_p90_secs, lang, style),
                    ]
                })
                .collect(),
            foot: None,
        },
        QualityTable::Process => TableData::default(),
    }
}

/// The process report's table: one row per group and status.
pub fn process_table(p: &ProcessReport, lang: Lang, style: Style) -> TableData {
    let h = |m: Msg, u: Unit| heading(m, u, lang, style);
    let mut rows = Vec::new();
    for g in &p.groups {
        for (i, s) in g.statuses.iter().enumerate() {
            rows.push(vec![
                g.dimension_msg().text(lang).to_string(),
                g.name(lang),
                g.requests.to_string(),
                status_msg(i).text(lang).to_string(),
                s.entered.to_string(),
                ms(s.median_ms, lang, style),
                ms(s.p90_ms, lang, style),
                pct(s.share_bp, style),
            ]);
        }
    }
    TableData {
        head: vec![
            h(Msg::QdGroup, Unit::None),
            h(Msg::QdGroupName, Unit::None),
            h(Msg::QdRequests, Unit::None),
            h(Msg::QdStatus, Unit::None),
            h(Msg::QdEntered, Unit::None),
            h(Msg::QdMedian, Unit::Hours),
            h(Msg::QdP90, Unit::Hours),
            h(Msg::QdShareOfTime, Unit::Percent),
        ],
        rows,
        foot: None,
    }
}

/// A table as CSV: a BOM, CRLF line ends, formula-safe fields; the totals row last.
pub fn csv(t: &TableData) -> String {
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&t.head));
    for r in t.rows.iter().chain(t.foot.iter()) {
        out.push_str(&csv_line(r));
    }
    out
}

// ---------------------------------------------------------------- public figures

/// Last month's programme-wide figures for the public home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicFigures {
    /// `YYYY-MM`.
    pub month: String,
    pub sla_bp: Option<i64>,
    pub csat_centi: Option<i64>,
    pub ratings: i64,
}

// ---------------------------------------------------------------- chart geometry

/// A linear map from a domain of values to a range of pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    pub fn new((d0, d1): (f64, f64), (r0, r1): (f64, f64)) -> Scale {
        Scale { d0, d1, r0, r1 }
    }

    /// Where `v` lies; the middle of the range for an empty domain.
    pub fn at(&self, v: f64) -> f64 {
        if (self.d1 - self.d0).abs() < f64::EPSILON {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// A "nice" step (1, 2 or 5 × 10ⁿ) that cuts `span` into at most `max_ticks` pieces.
pub fn nice_step(span: f64, max_ticks: usize) -> f64 {
    let max_ticks = max_ticks.max(1) as f64;
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / max_ticks;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw - 1e-12)
        .unwrap_or(10.0 * mag)
}

/// Ticks covering `lo`..=`hi`: the domain widened to multiples of a nice step, and every tick.
pub fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if hi < lo { (hi, lo) } else { (lo, hi) };
    let (lo, hi) = if (hi - lo).abs() < f64::EPSILON {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    let step = nice_step(hi - lo, max_ticks);
    let start = (lo / step + 1e-9).floor() * step;
    let end = (hi / step - 1e-9).ceil() * step;
    let n = ((end - start) / step).round() as usize;
    let ticks = (0..=n)
        .map(|i| {
            let v = start + i as f64 * step;
            // No `-0` and no 0.30000000000000004.
            (v / step).round() * step + 0.0
        })
        .collect();
    (start, end, ticks)
}

/// Like [`nice_ticks`] for counts: never a step below one.
pub fn whole_ticks(lo: f64, hi: f64, max_ticks: usize) -> (f64, f64, Vec<f64>) {
    let (l, h, t) = nice_ticks(lo, hi, max_ticks);
    if t.len() < 2 || t[1] - t[0] >= 1.0 {
        return (l, h, t);
    }
    let start = lo.min(hi).floor();
    let end = lo.max(hi).ceil().max(start + 1.0);
    (
        start,
        end,
        (start as i64..=end as i64).map(|v| v as f64).collect(),
    )
}

/// `label` cut (with `…`) to about `max_px` wide at `font_px`: CJK characters count a full em,
/// others about half.
pub fn fit_label(label: &str, max_px: f64, font_px: f64) -> String {
    let em = |c: char| if (c as u32) >= 0x2E80 { 1.0 } else { 0.58 };
    let width: f64 = label.chars().map(em).sum::<f64>() * font_px;
    if width <= max_px {
        return label.to_string();
    }
    let mut out = String::new();
    let mut used = font_px; // room for the ellipsis
    for c in label.chars() {
        used += em(c) * font_px;
        if used > max_px {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `n` equal bands across `r0`..`r1` with `padding` (0–1) of each band left empty: the start
/// of each band's bar and the bar's width.
pub fn bands(n: usize, r0: f64, r1: f64, padding: f64) -> (Vec<f64>, f64) {
    if n == 0 {
        return (Vec::new(), 0.0);
    }
    let band = (r1 - r0) / n as f64;
    let pad = band * padding.clamp(0.0, 0.95);
    let width = band - pad;
    (
        (0..n).map(|i| r0 + i as f64 * band + pad / 2.0).collect(),
        width,
    )
}

/// A tick label: whole numbers without decimals, others with up to two.
pub fn tick_text(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A point's coordinate for SVG: one decimal.
pub fn px(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The path of a line through `points` (x, y or none), broken where a value is missing.
pub fn line_path(points: &[Option<(f64, f64)>]) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for p in points {
        match p {
            Some((x, y)) => {
                if !d.is_empty() {
                    d.push(' ');
                }
                d.push(if pen_down { 'L' } else { 'M' });
                d.push_str(&px(*x));
                d.push(',');
                d.push_str(&px(*y));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint_reports::nearest_rank as percentile;
    use crate::quality::Standards;

    const H: i64 = 3_600_000;

    fn branch(id: i64, code: &str) -> BranchLabel {
        BranchLabel {
            id,
            code: code.into(),
            name_zh: format!("{code}分部"),
            name_en: format!("{code} branch"),
        }
    }

    fn eval(
        period: &str,
        scope: &str,
        subject: i64,
        r: (i64, i64),
        sla: (i64, i64),
    ) -> StoredEvaluation {
        StoredEvaluation {
            period: period.into(),
            scope: scope.into(),
            subject_id: subject,
            ratings: r.0,
            rating_sum: r.1,
            requests: sla.1 / 2,
            sla_met: sla.0,
            sla_total: sla.1,
        }
    }

    #[test]
    fn clause_5_3_2_percentiles_are_nearest_rank_on_known_data() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(median_p90(&mut [7]), (Some(7), Some(7)));
        let mut v: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(median_p90(&mut v), (Some(5), Some(9)));
        let v: Vec<i64> = (1..=11).collect();
        assert_eq!(
            (percentile(&v, 50), percentile(&v, 90)),
            (Some(6), Some(10))
        );
        assert_eq!(median_p90(&mut [30, 10]), (Some(10), Some(30)));
        assert_eq!(percentile(&[1, 2, 3], 0), Some(1));
        assert_eq!(percentile(&[1, 2, 3], 100), Some(3));
    }

    #[test]
    fn clause_5_3_2_resolution_buckets_include_the_lower_bound() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(3_599), 0);
        assert_eq!(bucket_of(3_600), 1);
        assert_eq!(bucket_of(4 * 3_600 - 1), 1);
        assert_eq!(bucket_of(4 * 3_600), 2);
        assert_eq!(bucket_of(8 * 3_600), 3);
        assert_eq!(bucket_of(24 * 3_600 - 1), 3);
        assert_eq!(bucket_of(24 * 3_600), 4);
        assert_eq!(bucket_of(72 * 3_600 - 1), 4);
        assert_eq!(bucket_of(72 * 3_600), 5);
        assert_eq!(bucket_of(1_000 * 3_600), 5);
        assert_eq!(
            histogram(&[
                0,
                1_800,
                3_600,
                5 * 3_600,
                30 * 3_600,
                100 * 3_600,
                90 * 3_600
            ]),
            [2, 1, 1, 0, 1, 2]
        );
        assert_eq!(BUCKETS.len(), BUCKET_BOUNDS.len() + 1);
    }

    #[test]
    fn clause_5_3_2_averages_and_shares_round_half_up() {
        assert_eq!(average_centi(17, 4), Some(425));
        assert_eq!(average_centi(13, 3), Some(433));
        assert_eq!(average_centi(14, 3), Some(467));
        assert_eq!(average_centi(0, 0), None);
        assert_eq!(centi_text(425), "4.25");
        assert_eq!(centi_text(500), "5.00");
        assert_eq!(centi_text(407), "4.07");
    }

    #[test]
    fn clause_5_3_2_complaints_fall_in_the_first_category_that_applies() {
        let c = |request, invoice, agent, breach| ComplaintAbout {
            request,
            invoice,
            agent,
            breach,
            finding: None,
        };
        use ComplaintCategory as C;
        assert_eq!(C::of(&c(true, false, true, false)), C::Agent);
        assert_eq!(C::of(&c(true, true, false, false)), C::Request);
        assert_eq!(C::of(&c(false, true, false, false)), C::Invoice);
        assert_eq!(C::of(&c(true, false, true, true)), C::Breach);
        assert_eq!(C::of(&c(false, false, false, false)), C::General);
    }

    #[test]
    fn clause_5_3_2_dashboard_series_from_stored_months_and_live_requests() {
        let branches = [branch(1, "HQ"), branch(2, "BJ")];
        let evals = [
            eval("2026-09", "programme", 0, (4, 17), (18, 20)),
            eval("2026-11", "programme", 0, (3, 13), (9, 10)),
            // Outside the range.
            eval("2026-08", "programme", 0, (1, 1), (0, 1)),
            eval("2026-12", "branch", 2, (9, 9), (0, 9)),
            eval("2026-09", "branch", 2, (2, 9), (3, 4)),
            eval("2026-11", "branch", 2, (2, 7), (1, 4)),
            eval("2026-11", "branch", 1, (0, 0), (2, 2)),
        ];
        let resolved = [
            ResolvedFact {
                branch_id: Some(1),
                resolution_secs: 1_800,
            },
            ResolvedFact {
                branch_id: Some(1),
                resolution_secs: 5 * 3_600,
            },
            ResolvedFact {
                branch_id: Some(1),
                resolution_secs: 100 * 3_600,
            },
            ResolvedFact {
                branch_id: None,
                resolution_secs: 2 * 3_600,
            },
        ];
        let about = |request, agent, finding| ComplaintAbout {
            request,
            agent,
            finding,
            ..ComplaintAbout::default()
        };
        let complaints = [
            about(true, false, Some(FindingKind::Upheld)),
            about(true, false, Some(FindingKind::NotUpheld)),
            about(true, false, None),
            about(true, true, Some(FindingKind::PartlyUpheld)),
            about(false, false, None),
        ];
        let d = build_dashboard(
            "2026-09",
            "2026-11",
            &Standards::default(),
            &evals,
            &branches,
            &resolved,
            &complaints,
        );
        let months: Vec<_> = d
            .months
            .iter()
            .map(|m| (m.month.as_str(), m.evaluated, m.csat_centi(), m.sla_bp()))
            .collect();
        assert_eq!(
            months,
            [
                ("2026-09", true, Some(425), Some(9_000)),
                ("2026-10", false, None, None),
                ("2026-11", true, Some(433), Some(9_000)),
            ]
        );
        assert_eq!(d.resolution, [1, 1, 1, 0, 0, 1]);
        assert_eq!(d.resolved(), 4);
        assert_eq!(
            (d.res_median_secs, d.res_p90_secs),
            (Some(2 * 3_600), Some(100 * 3_600))
        );
        let req = &d.complaints[0];
        assert_eq!(req.category, Some(ComplaintCategory::Request));
        assert_eq!(
            (req.received, req.upheld, req.not_upheld, req.open()),
            (3, 1, 1, 1)
        );
        assert_eq!(req.upheld_share_bp(), Some(5_000));
        assert_eq!(d.complaints[2].partly_upheld, 1);
        assert_eq!(d.complaints[4].received, 1);
        assert_eq!(d.complaints_total.received, 5);
        assert_eq!(d.complaints_total.upheld_share_bp(), Some(3_333));
        // Branches in list order; HQ has no ratings but resolved requests.
        let b: Vec<_> = d
            .branches
            .iter()
            .map(|b| {
                (
                    b.branch.id,
                    b.csat_centi(),
                    b.sla_bp(),
                    b.resolved,
                    b.res_median_secs,
                )
            })
            .collect();
        assert_eq!(
            b,
            [
                (1, None, Some(10_000), 3, Some(5 * 3_600)),
                (2, Some(400), Some(5_000), 0, None),
            ]
        );
        assert_eq!(d.min_sla_bp, 9_000);
    }

    #[test]
    fn clause_5_3_2_tables_are_the_same_cells_on_the_page_and_in_the_csv() {
        let d = build_dashboard(
            "2026-10",
            "2026-11",
            &Standards::default(),
            &[eval("2026-11", "programme", 0, (4, 17), (14, 15))],
            &[branch(1, "HQ")],
            &[ResolvedFact {
                branch_id: Some(1),
                resolution_secs: 26 * 3_600 + 1_800,
            }],
            &[],
        );
        let page = dashboard_table(&d, QualityTable::Csat, Lang::En, Style::Page);
        assert_eq!(page.head, ["Month", "Ratings", "Average rating (1–5)"]);
        assert_eq!(
            page.rows,
            [vec!["2026-10", "0", "—"], vec!["2026-11", "4", "4.25"]]
        );
        let sla = dashboard_table(&d, QualityTable::Sla, Lang::En, Style::Page);
        assert_eq!(sla.rows[1], ["2026-11", "14", "15", "93.33%", "90%"]);
        let text = csv(&dashboard_table(
            &d,
            QualityTable::Sla,
            Lang::En,
            Style::Csv,
        ));
        assert!(text.starts_with(BOM));
        let lines: Vec<&str> = text[BOM.len()..].split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "Month,Targets met,Targets,SLA compliance (%),Minimum standard (%)",
                "2026-10,0,0,,90.00",
                "2026-11,14,15,93.33,90.00",
                ""
            ]
        );
        let br = dashboard_table(&d, QualityTable::Branches, Lang::Zh, Style::Csv);
        assert_eq!(
            br.rows,
            [vec!["HQ分部", "0", "", "0", "0", "", "1", "26.50", "26.50"]]
        );
        let br = dashboard_table(&d, QualityTable::Branches, Lang::En, Style::Page);
        assert_eq!(br.rows[0][7], "1 d 3 h");
        let res = csv(&dashboard_table(
            &d,
            QualityTable::Resolution,
            Lang::Zh,
            Style::Csv,
        ));
        assert!(res.contains("\r\n1–3 天,1,100.00\r\n"), "{res}");
        assert!(res.ends_with("\r\n合计,1,100.00\r\n"), "{res}");
        let cmp = dashboard_table(&d, QualityTable::Complaints, Lang::En, Style::Csv);
        assert_eq!(cmp.rows.len(), 5);
        assert_eq!(cmp.foot.unwrap(), ["Total", "0", "0", "0", "0", "0", ""]);
        assert_eq!(QualityTable::parse("csat"), Some(QualityTable::Csat));
        assert_eq!(QualityTable::parse("x"), None);
        assert_eq!(
            QualityTable::Process.csv_href("2026-01", "2026-06"),
            "/admin/quality/export/process.csv?from=2026-01&to=2026-06"
        );
    }

    #[test]
    fn clause_5_2_3_time_in_status_follows_the_timeline() {
        use RequestStatus as S;
        let t0 = 1_000 * H;
        // New 1 h → open 2 h → waiting 5 h → open 1 h → resolved; reopened after 10 h, open
        // 3 h more, resolved again; closed later (ignored).
        let changes = [
            (t0, S::New),
            (t0 + H, S::Open),
            (t0 + 3 * H, S::WaitingOnCustomer),
            (t0 + 8 * H, S::Open),
            (t0 + 9 * H, S::Resolved),
            (t0 + 19 * H, S::Open),
            (t0 + 22 * H, S::Resolved),
            (t0 + 200 * H, S::Closed),
        ];
        assert_eq!(time_in_status(t0, t0 + 22 * H, &changes), [H, 6 * H, 5 * H]);
        // No events at all: new until resolved.
        assert_eq!(time_in_status(t0, t0 + 2 * H, &[]), [2 * H, 0, 0]);
        // An event out of order does not count backwards.
        assert_eq!(
            time_in_status(
                t0,
                t0 + 4 * H,
                &[(t0 + 2 * H, S::Open), (t0 + H, S::WaitingOnCustomer)]
            ),
            [2 * H, 0, 2 * H]
        );
        // Logged after the fact: an event before creation counts from creation.
        assert_eq!(time_in_status(t0, t0 + H, &[(t0 - H, S::Open)]), [0, H, 0]);
    }

    #[test]
    fn clause_5_2_3_process_report_per_kind_and_branch_with_the_largest_share() {
        use RequestStatus as S;
        let branches = [branch(1, "HQ"), branch(2, "BJ")];
        let f = |kind, branch_id, new_h: i64, open_h: i64, wait_h: i64| {
            let t0 = 0;
            let mut changes = vec![(t0 + new_h * H, S::Open)];
            if wait_h > 0 {
                changes.push((t0 + (new_h + open_h) * H, S::WaitingOnCustomer));
            }
            TimelineFact {
                kind,
                branch_id,
                created_at: t0,
                resolved_at: t0 + (new_h + open_h + wait_h) * H,
                changes,
            }
        };
        use RequestKind as K;
        let facts = [
            f(K::Consultation, Some(2), 1, 2, 0),
            f(K::Consultation, Some(1), 2, 4, 10),
            f(K::Other, Some(1), 3, 6, 20),
            f(K::Other, None, 1, 1, 0),
        ];
        let r = build_process("2026-11", "2026-11", &branches, &facts);
        let keys: Vec<_> = r
            .groups
            .iter()
            .map(|g| (g.dimension, g.key.as_str(), g.requests))
            .collect();
        assert_eq!(
            keys,
            [
                (ProcessDimension::All, "", 4),
                (ProcessDimension::Kind, "consultation", 2),
                (ProcessDimension::Kind, "other", 2),
                (ProcessDimension::Branch, "HQ", 2),
                (ProcessDimension::Branch, "BJ", 1),
                (ProcessDimension::Branch, "unassigned", 1),
            ]
        );
        let all = &r.groups[0];
        // New: 1, 2, 3, 1 h → median 1 h (rank 2), p90 3 h; open: 2, 4, 6, 1; waiting: 10, 20.
        assert_eq!(all.statuses[0].entered, 4);
        assert_eq!(
            (all.statuses[0].median_ms, all.statuses[0].p90_ms),
            (Some(H), Some(3 * H))
        );
        assert_eq!(
            (all.statuses[1].median_ms, all.statuses[1].p90_ms),
            (Some(2 * H), Some(6 * H))
        );
        assert_eq!(all.statuses[2].entered, 2);
        assert_eq!(
            (all.statuses[2].median_ms, all.statuses[2].p90_ms),
            (Some(10 * H), Some(20 * H))
        );
        // Totals 7 + 13 + 30 = 50 h: waiting on the customer loses the most time.
        let shares: Vec<_> = all.statuses.iter().map(|s| s.share_bp).collect();
        assert_eq!(shares, [Some(1_400), Some(2_600), Some(6_000)]);
        assert_eq!(all.largest, Some(2));
        assert_eq!(r.groups[4].largest, Some(1));
        assert_eq!(r.groups[2].name(Lang::En), "Other");
        assert_eq!(r.groups[5].name(Lang::En), "Unassigned");
        assert_eq!(r.groups[3].name(Lang::Zh), "HQ分部");
        let t = process_table(&r, Lang::En, Style::Csv);
        assert_eq!(t.rows.len(), 18);
        assert_eq!(
            t.rows[2],
            [
                "Overall",
                "All requests",
                "4",
                "Waiting on the customer",
                "2",
                "10.00",
                "20.00",
                "60.00"
            ]
        );
        let page = process_table(&r, Lang::En, Style::Page);
        assert_eq!(page.rows[2][5], "10 h");
        // Nothing resolved: no groups.
        assert!(build_process("2026-11", "2026-11", &branches, &[])
            .groups
            .is_empty());
    }

    #[test]
    fn clause_5_3_2_scales_ticks_and_bands() {
        let s = Scale::new((0.0, 10.0), (200.0, 0.0));
        assert_eq!(s.at(0.0), 200.0);
        assert_eq!(s.at(5.0), 100.0);
        assert_eq!(s.at(10.0), 0.0);
        assert_eq!(Scale::new((3.0, 3.0), (0.0, 100.0)).at(3.0), 50.0);
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(4.0, 4), 1.0);
        assert!((nice_step(0.7, 5) - 0.2).abs() < 1e-12);
        assert_eq!(
            nice_ticks(0.0, 100.0, 5),
            (0.0, 100.0, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0])
        );
        assert_eq!(
            nice_ticks(83.0, 97.0, 5).2,
            vec![80.0, 85.0, 90.0, 95.0, 100.0]
        );
        assert_eq!(nice_ticks(1.0, 5.0, 4).2, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        let (lo, hi, t) = nice_ticks(0.1, 0.7, 5);
        assert!(lo.abs() < 1e-12 && (hi - 0.8).abs() < 1e-12, "{lo} {hi}");
        assert_eq!(
            t.iter().map(|v| tick_text(*v)).collect::<Vec<_>>(),
            ["0", "0.2", "0.4", "0.6", "0.8"]
        );
        // A single value: a span around it.
        assert_eq!(nice_ticks(4.0, 4.0, 4).0, 3.0);
        let (starts, w) = bands(4, 0.0, 400.0, 0.2);
        assert_eq!(starts, [10.0, 110.0, 210.0, 310.0]);
        assert_eq!(w, 80.0);
        assert_eq!(bands(0, 0.0, 10.0, 0.1), (vec![], 0.0));
        assert_eq!(whole_ticks(0.0, 1.0, 5).2, vec![0.0, 1.0]);
        assert_eq!(whole_ticks(0.0, 3.0, 5).2, vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(
            whole_ticks(0.0, 40.0, 5).2,
            vec![0.0, 10.0, 20.0, 30.0, 40.0]
        );
        assert_eq!(fit_label("2026-10", 100.0, 12.0), "2026-10");
        assert_eq!(
            fit_label("Shanghai headquarters", 80.0, 10.0),
            "Shanghai hea…"
        );
        assert_eq!(fit_label("上海总部", 40.0, 12.0), "上海…");
        assert_eq!(px(12.345), "12.3");
        assert_eq!(px(12.0), "12");
        assert_eq!(
            line_path(&[
                Some((0.0, 10.0)),
                Some((10.0, 5.5)),
                None,
                Some((30.0, 1.0)),
                Some((40.0, 2.0))
            ]),
            "M0,10 L10,5.5 M30,1 L40,2"
        );
        assert_eq!(
            months_of("2026-11", "2027-02"),
            ["2026-11", "2026-12", "2027-01", "2027-02"]
        );
        assert_eq!(months_of("2026-11", "2026-11"), ["2026-11"]);
    }
}
