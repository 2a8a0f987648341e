//! Service quality (clause 5): periods, standards, evaluation metrics and training.
//!
//! Pure: no I/O. The store reads and writes these; the services apply them in transactions.

use chrono::{Datelike, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar month in Asia/Shanghai — the period of a monthly evaluation (5.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    /// `2026-11` → November 2026; anything else is `None`.
    pub fn parse(s: &str) -> Option<Period> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let p = Period {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        };
        NaiveDate::from_ymd_opt(p.year, p.month, 1).map(|_| p)
    }

    /// The month that contains the instant `ms` (Unix ms UTC) in Asia/Shanghai.
    pub fn of_ms(ms: i64) -> Period {
        let d = crate::ledger::shanghai_date(ms);
        Period {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a valid period")
    }

    pub fn next(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `[start, end)` in Unix ms UTC: Shanghai midnight of the first day to that of the next
    /// month's first day.
    pub fn bounds_ms(self) -> (i64, i64) {
        let tz = chrono::FixedOffset::east_opt(crate::sla::Calendar::SHANGHAI_OFFSET)
            .expect("a valid offset");
        let at = |p: Period| {
            tz.from_local_datetime(&p.first_day().and_hms_opt(0, 0, 0).expect("midnight"))
                .single()
                .expect("a fixed offset has no gaps")
                .timestamp_millis()
        };
        (at(self), at(self.next()))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The quality standards (5.2.2), admin data. Below standard: a CSAT under
/// `min_csat_centi / 100` over at least `min_ratings` ratings, or SLA compliance under
/// `min_sla_bp / 100` %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standards {
    pub min_csat_centi: i64,
    pub min_ratings: i64,
    pub min_sla_bp: i64,
    /// The public home page shows last month's programme-wide figures.
    pub public_figures: bool,
}

impl Default for Standards {
    fn default() -> Self {
        Standards {
            min_csat_centi: 400,
            min_ratings: 5,
            min_sla_bp: 9_000,
            public_figures: false,
        }
    }
}

/// The working times of one resolved request (5.2.1), in seconds on its own SLA calendar with
/// the clock's pauses (waiting on the customer) left out: first response and resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTimes {
    pub first_response_secs: Option<i64>,
    pub resolution_secs: Option<i64>,
}

/// Working seconds from `opened` to `first_response` and to `resolved` (Unix ms UTC) under
/// `terms`, pauses excluded — the same clock the SLA uses.
pub fn request_times(
    terms: &crate::desk::SlaTerms,
    opened: i64,
    first_response: Option<i64>,
    resolved: Option<i64>,
    pauses: &[crate::sla::Pause],
) -> RequestTimes {
    let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms);
    let span = |end: Option<i64>| -> Option<i64> {
        let (start, end) = (at(opened)?, at(end?)?);
        Some(crate::sla::elapsed(&terms.calendar, start, pauses, end).num_seconds())
    };
    RequestTimes {
        first_response_secs: span(first_response),
        resolution_secs: span(resolved),
    }
}

// ---------------------------------------------------------------- metrics (5.2.1)

/// What an evaluation row is about: one agent, one branch, or the whole programme
/// (`subject_id` 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Agent,
    Branch,
    Programme,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Agent, Scope::Branch, Scope::Programme];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Agent => "agent",
            Scope::Branch => "branch",
            Scope::Programme => "programme",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The value at percentile `pct` (0–100) of `sorted` (ascending) by **nearest rank**: the value
/// at 1-based rank ⌈pct × n / 100⌉ (at least rank 1) — the smallest value such that at least
/// `pct` % of the values are at or below it. No interpolation, so the result is always one of
/// the values. `None` for no values.
pub fn nearest_rank(sorted: &[i64], pct: u32) -> Option<i64> {
    crate::complaint_reports::nearest_rank(sorted, pct)
}

/// The median of `sorted` (ascending) by nearest rank: for an even count the lower of the two
/// middle values (`[1, 2, 3, 4]` → 2). `None` for no values.
pub fn median(sorted: &[i64]) -> Option<i64> {
    nearest_rank(sorted, 50)
}

/// The 90th percentile of `sorted` (ascending) by nearest rank (`1..=10` → 9, `1..=11` → 10).
/// `None` for no values.
pub fn p90(sorted: &[i64]) -> Option<i64> {
    nearest_rank(sorted, 90)
}

/// Sorts `values` and returns their median and p90 (nearest rank) — one definition with the
/// complaint reports (7.2) and the dashboard.
pub use crate::complaint_reports::median_and_p90;

/// The CSAT average in hundredths (`4.25` → 425) of `count` ratings summing to `sum`,
/// **rounded down**: a figure shown as 3.99 is really below 4.00, and one shown as 4.00 is not
/// (standards have two decimals). `None` without ratings.
pub fn csat_centi(sum: i64, count: i64) -> Option<i64> {
    (count > 0).then(|| (sum * 100).div_euclid(count))
}

/// SLA compliance — targets met out of targets — in basis points (`92.5 %` → 9,250),
/// **rounded down** for the same reason as [`csat_centi`]. `None` without targets.
pub fn sla_bp(met: i64, total: i64) -> Option<i64> {
    (total > 0).then(|| (met * 10_000).div_euclid(total))
}

/// The figures of one evaluation row (5.2.1). Times are working seconds on each request's SLA
/// calendar, pauses excluded; SLA compliance counts the targets (first response, resolution)
/// met; complaints are those received in the month, `upheld` those whose latest proposed
/// resolution found them upheld or partly upheld.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    pub ratings: i64,
    pub rating_sum: i64,
    pub requests: i64,
    pub frt_median_secs: Option<i64>,
    pub frt_p90_secs: Option<i64>,
    pub res_median_secs: Option<i64>,
    pub res_p90_secs: Option<i64>,
    pub sla_met: i64,
    pub sla_total: i64,
    pub complaints: i64,
    pub upheld: i64,
}

impl Metrics {
    pub fn csat_centi(&self) -> Option<i64> {
        csat_centi(self.rating_sum, self.ratings)
    }

    pub fn sla_bp(&self) -> Option<i64> {
        sla_bp(self.sla_met, self.sla_total)
    }
}

/// Why a row is below standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// CSAT under the minimum over at least the minimum number of ratings.
    Csat,
    /// SLA compliance under the minimum.
    Sla,
}

impl Reason {
    pub const ALL: [Reason; 2] = [Reason::Csat, Reason::Sla];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Csat => "csat",
            Reason::Sla => "sla",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn msg(self) -> crate::Msg {
        match self {
            Reason::Csat => crate::Msg::QeReasonCsat,
            Reason::Sla => crate::Msg::QeReasonSla,
        }
    }
}

/// Reasons as stored: `csat`, `sla`, `csat,sla` or empty.
pub fn reasons_text(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The stored form back (unknown parts are ignored).
pub fn parse_reasons(s: &str) -> Vec<Reason> {
    s.split(',')
        .filter_map(|p| Reason::parse(p.trim()))
        .collect()
}

/// Why `m` is below `s` (5.2.2); empty when it meets the standard. Compared exactly, in
/// integers: a CSAT under the minimum counts only over at least `min_ratings` ratings; SLA
/// compliance under the minimum only when there were targets.
pub fn below_standard(s: &Standards, m: &Metrics) -> Vec<Reason> {
    let mut out = Vec::new();
    if m.ratings > 0
        && m.ratings >= s.min_ratings
        && m.rating_sum * 100 < s.min_csat_centi * m.ratings
    {
        out.push(Reason::Csat);
    }
    if m.sla_total > 0 && m.sla_met * 10_000 < s.min_sla_bp * m.sla_total {
        out.push(Reason::Sla);
    }
    out
}

/// Whether someone below standard in the previous period meets it now (5.2.2).
pub fn recovered(prev_below: bool, now_below: bool) -> bool {
    prev_below && !now_below
}

/// Hundredths as a plain decimal without trailing zeros: 400 → `4`, 425 → `4.25`,
/// 9,250 → `92.5` (form values).
pub fn plain_hundredths(v: i64) -> String {
    let (whole, frac) = (v / 100, (v % 100).abs());
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{frac:02}").trim_end_matches('0'))
    }
}

/// Hundredths with two decimals: 425 → `4.25` (CSAT).
pub fn fixed_hundredths(v: i64) -> String {
    format!("{}.{:02}", v / 100, (v % 100).abs())
}

/// A CSAT figure for people: `4.25`; `—` without ratings.
pub fn csat_text(centi: Option<i64>) -> String {
    centi.map(fixed_hundredths).unwrap_or_else(|| "—".into())
}

/// An SLA compliance figure for people: `92.5%`; `—` without targets.
pub fn sla_text(bp: Option<i64>) -> String {
    bp.map(crate::money::percent_of_bp)
        .unwrap_or_else(|| "—".into())
}

/// The reasons as figures against the standard, the same in both languages (notification
/// parameters): `CSAT 3.00 < 4.00 (n=5); SLA 80% < 90%`.
pub fn reasons_figures(s: &Standards, m: &Metrics, reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| match r {
            Reason::Csat => format!(
                "CSAT {} < {} (n={})",
                csat_text(m.csat_centi()),
                fixed_hundredths(s.min_csat_centi),
                m.ratings
            ),
            Reason::Sla => format!(
                "SLA {} < {}",
                sla_text(m.sla_bp()),
                crate::money::percent_of_bp(s.min_sla_bp)
            ),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A non-negative decimal with at most two decimals as hundredths, without floats: `4` → 400,
/// `4.0` → 400, `92.5` → 9,250, `4.25` → 425. A trailing `%` is allowed. Anything else
/// (signs, separators, three decimals, empty) is `None`.
pub fn parse_hundredths(s: &str) -> Option<i64> {
    let t = s.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    let digits = |x: &str| x.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || whole.len() > 6 || !digits(whole) || frac.len() > 2 || !digits(frac) {
        return None;
    }
    if t.contains('.') && frac.is_empty() {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(w * 100 + f)
}

/// The largest `min_ratings` an admin may set.
pub const MIN_RATINGS_MAX: i64 = 10_000;

/// The standards as typed by an admin (5.2.2): minimum CSAT `1`–`5` with at most two decimals
/// (`4.0`), minimum number of ratings (a whole number ≥ 1), minimum SLA compliance `0`–`100` %
/// with at most two decimals (`90`, `92.5`). The error names the field.
pub fn parse_standards(
    min_csat: &str,
    min_ratings: &str,
    min_sla: &str,
    public_figures: bool,
) -> Result<Standards, (&'static str, crate::Msg)> {
    use crate::Msg;
    let min_csat_centi = parse_hundredths(min_csat)
        .filter(|v| (100..=500).contains(v))
        .ok_or(("min_csat", Msg::QeErrMinCsat))?;
    let min_ratings = min_ratings
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|v| (1..=MIN_RATINGS_MAX).contains(v))
        .ok_or(("min_ratings", Msg::QeErrMinRatings))?;
    let min_sla_bp = parse_hundredths(min_sla)
        .filter(|v| (0..=10_000).contains(v))
        .ok_or(("min_sla", Msg::QeErrMinSla))?;
    Ok(Standards {
        min_csat_centi,
        min_ratings,
        min_sla_bp,
        public_figures,
    })
}

/// The standards as stored with an evaluation (`standards_json`).
pub fn standards_json(s: &Standards) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "{}".into())
}

/// The SLA targets of one resolved request (5.2.1): `(met, total)` over its first-response and
/// resolution targets. A target counts when the request has its due time; the first response
/// is met when it came at or before its due time — a request resolved without any reply counts
/// its resolution as the first response — and the resolution when it came at or before its.
/// Compared on the request's own stored due times, which already include its calendar and
/// pauses (the same moments the SLA watcher breaches at).
pub fn sla_outcome(
    first_response_at: Option<i64>,
    resolved_at: i64,
    first_response_due: Option<i64>,
    resolution_due: Option<i64>,
) -> (i64, i64) {
    let (mut met, mut total) = (0, 0);
    if let Some(due) = first_response_due {
        total += 1;
        if first_response_at.unwrap_or(resolved_at) <= due {
            met += 1;
        }
    }
    if let Some(due) = resolution_due {
        total += 1;
        if resolved_at <= due {
            met += 1;
        }
    }
    (met, total)
}

/// Figures being added up for one agent, branch or the programme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub requests: i64,
    pub frt_secs: Vec<i64>,
    pub res_secs: Vec<i64>,
    pub sla_met: i64,
    pub sla_total: i64,
    pub ratings: i64,
    pub rating_sum: i64,
    pub complaints: i64,
    pub upheld: i64,
}

impl Tally {
    /// One resolved request: its working times and its SLA `(met, total)`.
    pub fn add_request(&mut self, times: RequestTimes, (met, total): (i64, i64)) {
        self.requests += 1;
        if let Some(s) = times.first_response_secs {
            self.frt_secs.push(s);
        }
        if let Some(s) = times.resolution_secs {
            self.res_secs.push(s);
        }
        self.sla_met += met;
        self.sla_total += total;
    }

    /// The figures, with medians and p90 by nearest rank.
    pub fn finish(mut self) -> Metrics {
        let (frt_median_secs, frt_p90_secs) = median_and_p90(&mut self.frt_secs);
        let (res_median_secs, res_p90_secs) = median_and_p90(&mut self.res_secs);
        Metrics {
            ratings: self.ratings,
            rating_sum: self.rating_sum,
            requests: self.requests,
            frt_median_secs,
            frt_p90_secs,
            res_median_secs,
            res_p90_secs,
            sla_met: self.sla_met,
            sla_total: self.sla_total,
            complaints: self.complaints,
            upheld: self.upheld,
        }
    }
}

/// The standards page: the standards and who changed them last (`updated_at` 0: as shipped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsView {
    pub standards: Standards,
    pub updated_by: Option<String>,
    pub updated_at: i64,
    /// The viewer may change them (admins).
    pub may_edit: bool,
}

// ---------------------------------------------------------------- evaluation views

/// One row of a stored evaluation as pages show it: who, the figures, and whether it is below
/// standard (with why) or recovered since the previous stored period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationRow {
    pub period: Period,
    pub scope: Scope,
    /// The agent's user id, the branch id, or 0 for the programme.
    pub subject_id: i64,
    /// The agent's name (both the same) or the branch's names.
    pub name_zh: String,
    pub name_en: String,
    pub metrics: Metrics,
    pub below: bool,
    pub reasons: Vec<Reason>,
    /// Below standard in the previous stored period (`None`: no row there).
    pub prev_below: Option<bool>,
}

impl EvaluationRow {
    pub fn name(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }

    /// Below standard last period, meeting it now.
    pub fn recovered(&self) -> bool {
        recovered(self.prev_below.unwrap_or(false), self.below)
    }
}

/// A stored monthly evaluation (5.2.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationSummary {
    pub period: Period,
    pub revision: i64,
    pub computed_at: i64,
    pub computed_by: Option<String>,
    /// The standards the period was judged by.
    pub standards: Standards,
    /// By name.
    pub agents: Vec<EvaluationRow>,
    /// By name; requests without a branch are in no branch row.
    pub branches: Vec<EvaluationRow>,
    pub programme: Option<EvaluationRow>,
    /// Whether the previous month is stored (for the recovery markers).
    pub previous_stored: bool,
}

impl EvaluationSummary {
    pub fn flagged_agents(&self) -> usize {
        self.agents.iter().filter(|r| r.below).count()
    }
}

/// The evaluations page: the month shown (default: last month), whether it has ended, its
/// stored evaluation if any, the stored months, and whether the viewer may recompute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationPage {
    pub period: Period,
    pub ended: bool,
    pub summary: Option<EvaluationSummary>,
    /// Every stored month with its revision, newest first.
    pub stored: Vec<(String, i64)>,
    /// The viewer is an admin.
    pub may_recompute: bool,
}

// ---------------------------------------------------------------- training (5.2.2)

/// Where a training stands: assigned by quality staff → done (the agent, with a note) →
/// verified by quality staff, or back to assigned with a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingStatus {
    Assigned,
    Done,
    Verified,
}

impl TrainingStatus {
    pub const ALL: [TrainingStatus; 3] = [
        TrainingStatus::Assigned,
        TrainingStatus::Done,
        TrainingStatus::Verified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TrainingStatus::Assigned => "assigned",
            TrainingStatus::Done => "done",
            TrainingStatus::Verified => "verified",
        }
    }

    pub fn parse(s: &str) -> Option<TrainingStatus> {
        TrainingStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn msg(self) -> crate::Msg {
        match self {
            TrainingStatus::Assigned => crate::Msg::QeTrainingAssigned,
            TrainingStatus::Done => crate::Msg::QeTrainingDone,
            TrainingStatus::Verified => crate::Msg::QeTrainingVerified,
        }
    }
}

/// A step on a training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingStep {
    /// The agent completed it (with a note).
    MarkDone,
    /// Quality staff confirm it.
    Verify,
    /// Quality staff send it back to the agent (with a note).
    Return,
}

impl TrainingStep {
    pub fn as_str(self) -> &'static str {
        match self {
            TrainingStep::MarkDone => "done",
            TrainingStep::Verify => "verify",
            TrainingStep::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Option<TrainingStep> {
        [
            TrainingStep::MarkDone,
            TrainingStep::Verify,
            TrainingStep::Return,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// Whether the step needs a note (marking done and sending back do).
    pub fn needs_note(self) -> bool {
        matches!(self, TrainingStep::MarkDone | TrainingStep::Return)
    }

    /// Whether the step is quality staff's (verify, send back) rather than the agent's.
    pub fn by_quality_staff(self) -> bool {
        !matches!(self, TrainingStep::MarkDone)
    }
}

/// The state machine: assigned → done (mark done); done → verified (verify) or → assigned
/// (send back). Anything else is refused with the reason.
pub fn training_next(
    from: TrainingStatus,
    step: TrainingStep,
) -> Result<TrainingStatus, crate::Msg> {
    use crate::Msg;
    use TrainingStatus as S;
    use TrainingStep as T;
    match (from, step) {
        (S::Assigned, T::MarkDone) => Ok(S::Done),
        (S::Done, T::Verify) => Ok(S::Verified),
        (S::Done, T::Return) => Ok(S::Assigned),
        (S::Done, T::MarkDone) => Err(Msg::QeErrTrainingAlreadyDone),
        (S::Assigned, T::Verify | T::Return) => Err(Msg::QeErrTrainingNotDone),
        (S::Verified, _) => Err(Msg::QeErrTrainingVerified),
    }
}

/// Longest topic, material and note.
pub const TOPIC_MAX: usize = 200;
pub const MATERIAL_MAX: usize = 2_000;
pub const NOTE_MAX: usize = 2_000;

/// A training as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingView {
    pub id: i64,
    pub agent_id: i64,
    pub agent_name: String,
    /// The evaluation period that flagged the agent, if any.
    pub period: Option<String>,
    pub topic: String,
    pub material: String,
    /// Shanghai date `YYYY-MM-DD`.
    pub due_on: String,
    pub status: TrainingStatus,
    pub assigned_by: String,
    pub assigned_at: i64,
    pub done_note: Option<String>,
    pub done_at: Option<i64>,
    pub verified_by: Option<String>,
    pub verified_at: Option<i64>,
    pub review_note: Option<String>,
    pub updated_at: i64,
    /// Not verified and past its due date.
    pub overdue: bool,
}

impl TrainingView {
    /// Whether the material is a link to open.
    pub fn material_is_link(&self) -> bool {
        let m = self.material.trim();
        (m.starts_with("https://") || m.starts_with("http://")) && !m.contains(char::is_whitespace)
    }
}

/// An agent's quality page (5.2.2): their evaluation in each stored period, newest first, and
/// their trainings, with what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentQuality {
    pub agent_id: i64,
    pub name: String,
    pub history: Vec<EvaluationRow>,
    pub trainings: Vec<TrainingView>,
    /// The viewer is quality staff (assign, verify, send back).
    pub may_manage: bool,
    /// The viewer is this agent (mark done).
    pub is_self: bool,
}

/// The training list for quality staff: trainings by the filter, and whom they may assign to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingList {
    pub filter: String,
    pub trainings: Vec<TrainingView>,
    pub staff: Vec<StaffOption>,
}

/// A staff member quality staff may assign training to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOption {
    pub id: i64,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_5_2_1_periods_parse_and_bound_shanghai_months() {
        let p = Period::parse("2026-11").unwrap();
        assert_eq!(p.to_string(), "2026-11");
        assert_eq!(Period::parse("2026-13"), None);
        assert_eq!(Period::parse("26-11"), None);
        assert_eq!(p.next(), Period::parse("2026-12").unwrap());
        assert_eq!(
            Period::parse("2027-01").unwrap().previous().to_string(),
            "2026-12"
        );
        let (start, end) = p.bounds_ms();
        // 2026-11-01 00:00 +08:00 = 2026-10-31 16:00 UTC.
        assert_eq!(start, 1_793_462_400_000);
        assert_eq!(Period::of_ms(start), p);
        assert_eq!(Period::of_ms(start - 1), p.previous());
        assert_eq!(Period::of_ms(end - 1), p);
        assert_eq!(Period::of_ms(end), p.next());
    }

    #[test]
    fn clause_5_2_1_request_times_count_working_time_only() {
        use crate::desk::SlaTerms;
        use crate::sla::{Calendar, Pause};
        let ms = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .timestamp_millis()
        };
        let business = SlaTerms {
            first_response_mins: 480,
            resolution_mins: 4_320,
            calendar: Calendar::shanghai_business([], []),
        };
        // Friday 17:00 → Monday 10:00 Shanghai: 1 h on Friday + 1 h on Monday.
        let t = request_times(
            &business,
            ms("2026-11-27T17:00:00+08:00"),
            Some(ms("2026-11-30T10:00:00+08:00")),
            None,
            &[],
        );
        assert_eq!(t.first_response_secs, Some(2 * 3600));
        assert_eq!(t.resolution_secs, None);
        // 24×7 with a one-hour pause: three wall-clock hours count as two.
        let vip = SlaTerms {
            first_response_mins: 60,
            resolution_mins: 1_440,
            calendar: Calendar::always_open(),
        };
        let pause = Pause {
            start: chrono::DateTime::from_timestamp_millis(ms("2026-11-27T11:00:00+08:00"))
                .unwrap(),
            end: chrono::DateTime::from_timestamp_millis(ms("2026-11-27T12:00:00+08:00")),
        };
        let t = request_times(
            &vip,
            ms("2026-11-27T10:00:00+08:00"),
            Some(ms("2026-11-27T10:30:00+08:00")),
            Some(ms("2026-11-27T13:00:00+08:00")),
            &[pause],
        );
        assert_eq!(t.first_response_secs, Some(1800));
        assert_eq!(t.resolution_secs, Some(2 * 3600));
    }

    fn metrics(ratings: i64, sum: i64, met: i64, total: i64) -> Metrics {
        Metrics {
            ratings,
            rating_sum: sum,
            sla_met: met,
            sla_total: total,
            ..Metrics::default()
        }
    }

    #[test]
    fn clause_5_2_1_median_and_p90_of_known_data_by_nearest_rank() {
        let mut v: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(median_and_p90(&mut v), (Some(5), Some(9)));
        let mut v: Vec<i64> = (1..=11).collect();
        assert_eq!(median_and_p90(&mut v), (Some(6), Some(10)));
        // Even count: the lower middle value; p90 of four values is the fourth.
        assert_eq!(median(&[10, 20, 30, 40]), Some(20));
        assert_eq!(p90(&[10, 20, 30, 40]), Some(40));
        assert_eq!(median(&[7]), Some(7));
        assert_eq!(p90(&[7]), Some(7));
        assert_eq!(median(&[]), None);
        assert_eq!(p90(&[]), None);
        // Skewed: one very slow request moves p90, not the median.
        let mut v = vec![
            600, 900, 1_200, 1_200, 1_500, 1_800, 2_100, 2_400, 3_000, 86_400,
        ];
        assert_eq!(median_and_p90(&mut v), (Some(1_500), Some(3_000)));
    }

    #[test]
    fn clause_5_2_1_csat_and_sla_compliance_round_down() {
        assert_eq!(csat_centi(0, 0), None);
        assert_eq!(csat_centi(17, 4), Some(425));
        // 11 / 3 = 3.666…: shown as 3.66.
        assert_eq!(csat_centi(11, 3), Some(366));
        assert_eq!(csat_centi(5, 1), Some(500));
        assert_eq!(sla_bp(0, 0), None);
        assert_eq!(sla_bp(37, 40), Some(9_250));
        // 2 / 3 = 66.666… %.
        assert_eq!(sla_bp(2, 3), Some(6_666));
        assert_eq!(sla_text(Some(9_250)), "92.5%");
        assert_eq!(csat_text(Some(400)), "4.00");
        assert_eq!(csat_text(None), "—");
    }

    #[test]
    fn clause_5_2_2_below_standard_needs_enough_ratings_and_targets() {
        let s = Standards::default();
        // Four ratings averaging 2: too few to judge CSAT (default minimum 5).
        assert_eq!(below_standard(&s, &metrics(4, 8, 10, 10)), vec![]);
        // Five ratings averaging 3.8: below 4.0.
        assert_eq!(
            below_standard(&s, &metrics(5, 19, 10, 10)),
            vec![Reason::Csat]
        );
        // Exactly 4.0 meets it.
        assert_eq!(below_standard(&s, &metrics(5, 20, 10, 10)), vec![]);
        // 17 of 19 targets = 89.47 % < 90 %; 9 of 10 = 90 % meets it.
        assert_eq!(
            below_standard(&s, &metrics(0, 0, 17, 19)),
            vec![Reason::Sla]
        );
        assert_eq!(below_standard(&s, &metrics(0, 0, 9, 10)), vec![]);
        // No targets: no SLA judgement.
        assert_eq!(below_standard(&s, &metrics(0, 0, 0, 0)), vec![]);
        // Both.
        let both = below_standard(&s, &metrics(6, 12, 1, 2));
        assert_eq!(both, vec![Reason::Csat, Reason::Sla]);
        assert_eq!(reasons_text(&both), "csat,sla");
        assert_eq!(parse_reasons("csat,sla"), both);
        assert_eq!(parse_reasons(""), vec![]);
        // A single low rating flags when one rating is enough.
        let one = Standards {
            min_ratings: 1,
            ..s
        };
        assert_eq!(
            below_standard(&one, &metrics(1, 2, 0, 0)),
            vec![Reason::Csat]
        );
        assert_eq!(
            reasons_figures(&one, &metrics(1, 2, 1, 2), &[Reason::Csat, Reason::Sla]),
            "CSAT 2.00 < 4.00 (n=1); SLA 50% < 90%"
        );
    }

    #[test]
    fn clause_5_2_2_recovery_is_below_then_meeting_the_standard() {
        assert!(recovered(true, false));
        assert!(!recovered(true, true));
        assert!(!recovered(false, false));
        assert!(!recovered(false, true));
    }

    #[test]
    fn clause_5_2_2_standards_are_typed_as_decimals_without_floats() {
        assert_eq!(parse_hundredths("4.0"), Some(400));
        assert_eq!(parse_hundredths(" 4 "), Some(400));
        assert_eq!(parse_hundredths("92.5"), Some(9_250));
        assert_eq!(parse_hundredths("92.5%"), Some(9_250));
        assert_eq!(parse_hundredths("4.25"), Some(425));
        for bad in [
            "", "4.", ".5", "4.255", "-4", "+4", "4,5", "abc", "1e2", "4.0.0",
        ] {
            assert_eq!(parse_hundredths(bad), None, "{bad:?}");
        }
        let s = parse_standards("4.0", "5", "90", true).unwrap();
        assert_eq!(
            s,
            Standards {
                min_csat_centi: 400,
                min_ratings: 5,
                min_sla_bp: 9_000,
                public_figures: true
            }
        );
        assert_eq!(
            parse_standards("3.75", "1", "92.5", false).map(|s| (s.min_csat_centi, s.min_sla_bp)),
            Ok((375, 9_250))
        );
        use crate::Msg;
        assert_eq!(
            parse_standards("5.5", "5", "90", false),
            Err(("min_csat", Msg::QeErrMinCsat))
        );
        assert_eq!(
            parse_standards("0.5", "5", "90", false),
            Err(("min_csat", Msg::QeErrMinCsat))
        );
        assert_eq!(
            parse_standards("4", "0", "90", false),
            Err(("min_ratings", Msg::QeErrMinRatings))
        );
        assert_eq!(
            parse_standards("4", "2.5", "90", false),
            Err(("min_ratings", Msg::QeErrMinRatings))
        );
        assert_eq!(
            parse_standards("4", "5", "100.5", false),
            Err(("min_sla", Msg::QeErrMinSla))
        );
        assert_eq!(plain_hundredths(400), "4");
        assert_eq!(plain_hundredths(9_250), "92.5");
        assert_eq!(plain_hundredths(425), "4.25");
    }

    #[test]
    fn clause_5_2_2_training_moves_assigned_done_verified_or_back() {
        use crate::Msg;
        use TrainingStatus as S;
        use TrainingStep as T;
        assert_eq!(training_next(S::Assigned, T::MarkDone), Ok(S::Done));
        assert_eq!(training_next(S::Done, T::Verify), Ok(S::Verified));
        assert_eq!(training_next(S::Done, T::Return), Ok(S::Assigned));
        assert_eq!(
            training_next(S::Assigned, T::Verify),
            Err(Msg::QeErrTrainingNotDone)
        );
        assert_eq!(
            training_next(S::Assigned, T::Return),
            Err(Msg::QeErrTrainingNotDone)
        );
        assert_eq!(
            training_next(S::Done, T::MarkDone),
            Err(Msg::QeErrTrainingAlreadyDone)
        );
        for step in [T::MarkDone, T::Verify, T::Return] {
            assert_eq!(
                training_next(S::Verified, step),
                Err(Msg::QeErrTrainingVerified)
            );
            assert_eq!(TrainingStep::parse(step.as_str()), Some(step));
        }
        assert!(T::MarkDone.needs_note() && T::Return.needs_note() && !T::Verify.needs_note());
        for s in TrainingStatus::ALL {
            assert_eq!(TrainingStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn clause_5_2_1_sla_targets_met_on_or_before_their_due_time() {
        // Both targets met (exactly on time counts as met).
        assert_eq!(sla_outcome(Some(100), 500, Some(100), Some(500)), (2, 2));
        // First response late, resolution on time.
        assert_eq!(sla_outcome(Some(101), 400, Some(100), Some(500)), (1, 2));
        // Resolved without a reply: the resolution is the first response.
        assert_eq!(sla_outcome(None, 90, Some(100), Some(500)), (2, 2));
        assert_eq!(sla_outcome(None, 600, Some(100), Some(500)), (0, 2));
        // No due times (a calendar that never opens): no targets.
        assert_eq!(sla_outcome(Some(1), 2, None, None), (0, 0));
    }

    #[test]
    fn clause_5_2_1_a_tally_gives_counts_medians_and_p90() {
        let mut t = Tally::default();
        for (i, secs) in [600, 1_200, 1_800, 3_600].into_iter().enumerate() {
            t.add_request(
                RequestTimes {
                    first_response_secs: Some(secs),
                    resolution_secs: (i > 0).then_some(secs * 10),
                },
                (2 - (i as i64 % 2), 2),
            );
        }
        t.ratings = 3;
        t.rating_sum = 11;
        let m = t.finish();
        assert_eq!(m.requests, 4);
        assert_eq!(
            (m.frt_median_secs, m.frt_p90_secs),
            (Some(1_200), Some(3_600))
        );
        assert_eq!(
            (m.res_median_secs, m.res_p90_secs),
            (Some(18_000), Some(36_000))
        );
        assert_eq!((m.sla_met, m.sla_total), (6, 8));
        assert_eq!(m.sla_bp(), Some(7_500));
        assert_eq!(m.csat_centi(), Some(366));
        let empty = Tally::default().finish();
        assert_eq!(empty.frt_median_secs, None);
        assert_eq!(empty.sla_bp(), None);
    }
}
