//! Complaint reports (clauses 7.2, 8.2): how many complaints each branch received per month,
//! how fast they were acknowledged and resolved, how often they were upheld, and how much
//! compensation was paid — as a table and as CSV (the finance reports' format: UTF-8 with a BOM,
//! CRLF, formula-safe fields, headings in the reader's language). Pure: the service reads the
//! facts, these functions add them up and write them out.
//!
//! How each figure is counted:
//! - Complaints belong to the month of their **receipt** (Asia/Shanghai, a fixed +08:00) and
//!   to their branch (`None`: not yet assigned to one). Every figure but compensation follows
//!   the complaint into that month, wherever its later steps fell.
//! - *Acknowledged*: `acknowledged_at` is set; time to acknowledge = `acknowledged_at −
//!   received_at`.
//! - *Resolved*: the process has ended (closed or disputed) and `closed_at` is set; time to
//!   resolve = `closed_at − received_at`. Durations below zero (a back-dated receipt) count
//!   as zero.
//! - Median and p90 are by **nearest rank** ([`nearest_rank`]): always a duration that really
//!   occurred, never an interpolation.
//! - *Upheld* shares are among complaints whose accepted proposal — or, when none was
//!   accepted, whose latest proposal — has a finding: "upheld" counts only `upheld`,
//!   "upheld or partly upheld" counts both.
//! - *Compensation paid* is the credits issued for complaints plus the automatic compensation
//!   for breached service targets (8.2), in the month they were **issued**, for the branch of
//!   the complaint or of the breached request.

use crate::money::percent_of_bp;
use crate::reports::{csv_line, csv_yuan, parse_month, BOM};
use crate::time::shanghai;
use crate::{Fen, Lang, Msg};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest range one report covers, in months.
pub const MAX_MONTHS: i32 = 36;

/// The finding of the proposal that counts for a complaint (7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FindingKind {
    Upheld,
    PartlyUpheld,
    NotUpheld,
}

impl FindingKind {
    /// As stored in `complaint_proposals.finding`.
    pub fn parse(s: &str) -> Option<FindingKind> {
        match s {
            "upheld" => Some(FindingKind::Upheld),
            "partly_upheld" => Some(FindingKind::PartlyUpheld),
            "not_upheld" => Some(FindingKind::NotUpheld),
            _ => None,
        }
    }
}

/// One complaint as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFact {
    pub branch_id: Option<i64>,
    pub received_at: i64,
    pub acknowledged_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// Status `closed` or `disputed`.
    pub finished: bool,
    /// The finding of the accepted (else the latest) proposal; `None` without a proposal.
    pub finding: Option<FindingKind>,
}

/// Compensation issued: a complaint's credit or an automatic grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompensationFact {
    pub branch_id: Option<i64>,
    /// `YYYY-MM` in which it was issued.
    pub month: String,
    pub amount: Fen,
}

/// A branch as rows name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchLabel {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// The figures of one row (or of the totals).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub received: i64,
    pub acknowledged: i64,
    /// Time to acknowledge in ms, median and 90th percentile (nearest rank).
    pub acknowledge_median_ms: Option<i64>,
    pub acknowledge_p90_ms: Option<i64>,
    pub resolved: i64,
    /// Time to resolve in ms, median and 90th percentile (nearest rank).
    pub resolve_median_ms: Option<i64>,
    pub resolve_p90_ms: Option<i64>,
    /// Complaints whose counting proposal has a finding.
    pub with_finding: i64,
    pub upheld: i64,
    pub partly_upheld: i64,
    pub compensation: Fen,
}

impl Figures {
    /// The share upheld, in basis points (`None` without any finding).
    pub fn upheld_share_bp(&self) -> Option<i64> {
        share_bp(self.upheld, self.with_finding)
    }

    /// The share upheld or partly upheld, in basis points.
    pub fn upheld_or_partly_share_bp(&self) -> Option<i64> {
        share_bp(self.upheld + self.partly_upheld, self.with_finding)
    }
}

/// One month × branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintReportRow {
    /// `YYYY-MM`.
    pub month: String,
    /// `None`: complaints not assigned to a branch.
    pub branch: Option<BranchLabel>,
    pub figures: Figures,
}

impl ComplaintReportRow {
    /// The branch's name in `lang`, or "unassigned".
    pub fn branch_name(&self, lang: Lang) -> String {
        match &self.branch {
            Some(b) => lang.pick(&b.name_zh, &b.name_en).to_string(),
            None => Msg::ComplaintReportsUnassigned.text(lang).to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintReport {
    /// First and last month, `YYYY-MM`.
    pub from: String,
    pub to: String,
    /// By month, then branch (in the order of the branch list, unassigned last); only
    /// month × branch pairs with a complaint or compensation.
    pub rows: Vec<ComplaintReportRow>,
    pub totals: Figures,
}

/// `num / den` in basis points, rounded half up; `None` when `den` is 0.
pub fn share_bp(num: i64, den: i64) -> Option<i64> {
    (den > 0).then(|| (num * 20_000 + den) / (2 * den))
}

/// The value at percentile `pct` (0–100) of `sorted` (ascending) by **nearest rank**: the
/// smallest value such that at least `pct` % of the values are at or below it, i.e. the value
/// at 1-based rank ⌈pct × n / 100⌉ (at least rank 1). `None` for no values. The median is
/// `pct` 50 — for an even count, the lower of the two middle values.
pub fn nearest_rank(sorted: &[i64], pct: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (pct.min(100) as usize * n).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

/// The median and p90 (nearest rank) of `values`, which it sorts.
pub fn median_and_p90(values: &mut [i64]) -> (Option<i64>, Option<i64>) {
    values.sort_unstable();
    (nearest_rank(values, 50), nearest_rank(values, 90))
}

/// The `YYYY-MM` (Asia/Shanghai) of a UTC instant.
pub fn shanghai_month(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&shanghai()).format("%Y-%m").to_string())
        .unwrap_or_default()
}

fn month_index(m: &str) -> i32 {
    m[..4].parse::<i32>().unwrap_or(0) * 12 + m[5..].parse::<i32>().unwrap_or(1) - 1
}

/// The month after `YYYY-MM`.
pub fn next_month(m: &str) -> String {
    let i = month_index(m) + 1;
    format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1)
}

/// Midnight at the start of a `YYYY-MM` in Asia/Shanghai, as Unix ms UTC.
pub fn month_start_ms(m: &str) -> Option<i64> {
    NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
        .ok()?
        .and_hms_opt(0, 0, 0)?
        .and_local_timezone(shanghai())
        .single()
        .map(|t| t.timestamp_millis())
}

/// A range of months as typed: both `YYYY-MM`, `from` not after `to`, at most [`MAX_MONTHS`].
pub fn month_range(from: &str, to: &str) -> Result<(String, String), (&'static str, Msg)> {
    let from = parse_month(from).ok_or(("from", Msg::ErrMonth))?;
    let to = parse_month(to).ok_or(("to", Msg::ErrMonth))?;
    let span = month_index(&to) - month_index(&from);
    if !(0..MAX_MONTHS).contains(&span) {
        return Err(("to", Msg::ComplaintReportsErrRange));
    }
    Ok((from, to))
}

/// The instants `[start, end)` of the months `from`..=`to` (both checked `YYYY-MM`).
pub fn range_ms(from: &str, to: &str) -> Option<(i64, i64)> {
    Some((month_start_ms(from)?, month_start_ms(&next_month(to))?))
}

/// A row's place: its month, then its branch's place in the order rows are listed.
type CellKey = (String, (i32, i64));

#[derive(Default)]
struct Acc {
    received: i64,
    ack: Vec<i64>,
    resolve: Vec<i64>,
    with_finding: i64,
    upheld: i64,
    partly: i64,
    compensation: i64,
}

impl Acc {
    fn add(&mut self, c: &ComplaintFact) {
        self.received += 1;
        if let Some(a) = c.acknowledged_at {
            self.ack.push((a - c.received_at).max(0));
        }
        if let (true, Some(t)) = (c.finished, c.closed_at) {
            self.resolve.push((t - c.received_at).max(0));
        }
        match c.finding {
            Some(FindingKind::Upheld) => self.upheld += 1,
            Some(FindingKind::PartlyUpheld) => self.partly += 1,
            _ => {}
        }
        self.with_finding += i64::from(c.finding.is_some());
    }

    fn figures(mut self) -> Figures {
        let (acknowledge_median_ms, acknowledge_p90_ms) = median_and_p90(&mut self.ack);
        let (resolve_median_ms, resolve_p90_ms) = median_and_p90(&mut self.resolve);
        Figures {
            received: self.received,
            acknowledged: self.ack.len() as i64,
            acknowledge_median_ms,
            acknowledge_p90_ms,
            resolved: self.resolve.len() as i64,
            resolve_median_ms,
            resolve_p90_ms,
            with_finding: self.with_finding,
            upheld: self.upheld,
            partly_upheld: self.partly,
            compensation: Fen(self.compensation),
        }
    }
}

/// Adds up the months `from`..=`to` (`YYYY-MM`) per month × branch and overall. Facts outside
/// the range are left out; a branch id missing from `branches` is shown by its number.
pub fn build(
    from: &str,
    to: &str,
    branches: &[BranchLabel],
    complaints: &[ComplaintFact],
    compensation: &[CompensationFact],
) -> ComplaintReport {
    let in_range = |m: &str| m.len() == 7 && m >= from && m <= to;
    // Branch order: as listed, then unknown ids by number, then unassigned.
    let order = |b: Option<i64>| match b {
        Some(id) => match branches.iter().position(|x| x.id == id) {
            Some(i) => (0, i as i64),
            None => (1, id),
        },
        None => (2, 0),
    };
    let mut cells: BTreeMap<CellKey, (Option<i64>, Acc)> = BTreeMap::new();
    let mut total = Acc::default();
    for c in complaints {
        let month = shanghai_month(c.received_at);
        if !in_range(&month) {
            continue;
        }
        total.add(c);
        cells
            .entry((month, order(c.branch_id)))
            .or_insert_with(|| (c.branch_id, Acc::default()))
            .1
            .add(c);
    }
    for f in compensation {
        if !in_range(&f.month) {
            continue;
        }
        total.compensation += f.amount.0;
        cells
            .entry((f.month.clone(), order(f.branch_id)))
            .or_insert_with(|| (f.branch_id, Acc::default()))
            .1
            .compensation += f.amount.0;
    }
    let rows = cells
        .into_iter()
        .map(|((month, _), (branch_id, acc))| ComplaintReportRow {
            month,
            branch: branch_id.map(|id| {
                branches
                    .iter()
                    .find(|b| b.id == id)
                    .cloned()
                    .unwrap_or_else(|| BranchLabel {
                        id,
                        code: id.to_string(),
                        name_zh: format!("#{id}"),
                        name_en: format!("#{id}"),
                    })
            }),
            figures: acc.figures(),
        })
        .collect();
    ComplaintReport {
        from: from.to_string(),
        to: to.to_string(),
        rows,
        totals: total.figures(),
    }
}

/// A duration for people: `45 min`, `3 h 20 min`, `2 d 4 h` (in `lang`); `—` for none.
/// Rounded to the minute below a day and to the hour from a day on.
pub fn duration_text(ms: Option<i64>, lang: Lang) -> String {
    let Some(ms) = ms else {
        return "—".to_string();
    };
    let mins = (ms.max(0) + 30_000) / 60_000;
    let part = |m: Msg, key: &str, n: i64| m.text(lang).replace(key, &n.to_string());
    if mins < 60 {
        return part(Msg::ComplaintReportsMins, "{n}", mins);
    }
    if mins < 24 * 60 {
        let h = part(Msg::ComplaintReportsHours, "{n}", mins / 60);
        return match mins % 60 {
            0 => h,
            m => format!("{h} {}", part(Msg::ComplaintReportsMins, "{n}", m)),
        };
    }
    let hours = (mins + 30) / 60;
    let d = part(Msg::ComplaintReportsDays, "{n}", hours / 24);
    match hours % 24 {
        0 => d,
        h => format!("{d} {}", part(Msg::ComplaintReportsHours, "{n}", h)),
    }
}

/// A share for people: `66.67%`; `—` without any finding.
pub fn share_text(bp: Option<i64>) -> String {
    bp.map(percent_of_bp).unwrap_or_else(|| "—".to_string())
}

/// A duration in hours with two decimals (`26.50`) for spreadsheets; empty for none.
pub fn csv_hours(ms: Option<i64>) -> String {
    ms.map(|ms| {
        let hundredths = (ms.max(0) + 18_000) / 36_000;
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    })
    .unwrap_or_default()
}

/// A share in percent with two decimals (`66.67`) for spreadsheets; empty without findings.
pub fn csv_percent(bp: Option<i64>) -> String {
    bp.map(|bp| format!("{}.{:02}", bp / 100, bp % 100))
        .unwrap_or_default()
}

/// The column headings of the table and the CSV, in order.
pub const COLUMNS: [Msg; 13] = [
    Msg::ReportMonth,
    Msg::ComplaintReportsBranch,
    Msg::ComplaintReportsReceived,
    Msg::ComplaintReportsAcknowledged,
    Msg::ComplaintReportsAckMedian,
    Msg::ComplaintReportsAckP90,
    Msg::ComplaintReportsResolved,
    Msg::ComplaintReportsResolveMedian,
    Msg::ComplaintReportsResolveP90,
    Msg::ComplaintReportsWithFinding,
    Msg::ComplaintReportsUpheld,
    Msg::ComplaintReportsUpheldOrPartly,
    Msg::ComplaintReportsCompensation,
];

/// The CSV heading of column `i`: durations say they are in hours, shares in percent, money in
/// yuan (full-width brackets in Chinese).
fn csv_heading(i: usize, lang: Lang) -> String {
    let text = COLUMNS[i].text(lang);
    let unit = match i {
        4 | 5 | 7 | 8 => Msg::ComplaintReportsHoursUnit.text(lang),
        10 | 11 => "%",
        12 => "¥",
        _ => return text.to_string(),
    };
    match lang {
        Lang::Zh => format!("{text}({unit})"),
        Lang::En => format!("{text} ({unit})"),
    }
}

fn csv_figures(month: String, branch: String, f: &Figures) -> Vec<String> {
    vec![
        month,
        branch,
        f.received.to_string(),
        f.acknowledged.to_string(),
        csv_hours(f.acknowledge_median_ms),
        csv_hours(f.acknowledge_p90_ms),
        f.resolved.to_string(),
        csv_hours(f.resolve_median_ms),
        csv_hours(f.resolve_p90_ms),
        f.with_finding.to_string(),
        csv_percent(f.upheld_share_bp()),
        csv_percent(f.upheld_or_partly_share_bp()),
        csv_yuan(f.compensation),
    ]
}

/// The report as CSV with a BOM and CRLF line ends, headings in `lang`; the totals last.
pub fn csv(r: &ComplaintReport, lang: Lang) -> String {
    let mut out = String::from(BOM);
    let head: Vec<String> = (0..COLUMNS.len()).map(|i| csv_heading(i, lang)).collect();
    out.push_str(&csv_line(&head));
    for row in &r.rows {
        out.push_str(&csv_line(&csv_figures(
            row.month.clone(),
            row.branch_name(lang),
            &row.figures,
        )));
    }
    out.push_str(&csv_line(&csv_figures(
        Msg::InvTotal.text(lang).to_string(),
        String::new(),
        &r.totals,
    )));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const H: i64 = 3_600_000;

    fn at(s: &str) -> i64 {
        chrono::DateTime::parse_from_str(&format!("{s} +0800"), "%Y-%m-%d %H:%M %z")
            .unwrap()
            .timestamp_millis()
    }

    fn branch(id: i64, code: &str) -> BranchLabel {
        BranchLabel {
            id,
            code: code.into(),
            name_zh: format!("{code}分部"),
            name_en: format!("{code} branch"),
        }
    }

    fn complaint(branch: Option<i64>, received: &str) -> ComplaintFact {
        ComplaintFact {
            branch_id: branch,
            received_at: at(received),
            acknowledged_at: None,
            closed_at: None,
            finished: false,
            finding: None,
        }
    }

    #[test]
    fn clause_7_2_percentiles_of_nothing_are_none() {
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[], 90), None);
        assert_eq!(median_and_p90(&mut []), (None, None));
    }

    #[test]
    fn clause_7_2_percentiles_of_one_value_are_that_value() {
        assert_eq!(median_and_p90(&mut [7]), (Some(7), Some(7)));
        assert_eq!(nearest_rank(&[7], 0), Some(7));
        assert_eq!(nearest_rank(&[7], 100), Some(7));
    }

    #[test]
    fn clause_7_2_p90_is_nearest_rank() {
        // 10 values: p90 is rank ⌈9⌉ = 9, the median rank ⌈5⌉ = 5.
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&v, 90), Some(9));
        assert_eq!(nearest_rank(&v, 50), Some(5));
        // 11 values: p90 is rank ⌈9.9⌉ = 10, the median rank ⌈5.5⌉ = 6 (the middle one).
        let v: Vec<i64> = (1..=11).collect();
        assert_eq!(nearest_rank(&v, 90), Some(10));
        assert_eq!(nearest_rank(&v, 50), Some(6));
        // Two values: the median is the lower one (no interpolation), p90 the upper.
        assert_eq!(median_and_p90(&mut [30, 10]), (Some(10), Some(30)));
        // Unsorted input is sorted first.
        assert_eq!(median_and_p90(&mut [5, 1, 4, 2, 3]), (Some(3), Some(5)));
    }

    #[test]
    fn clause_7_2_percentiles_with_ties_are_a_tied_value() {
        assert_eq!(median_and_p90(&mut [4, 4, 4, 4]), (Some(4), Some(4)));
        assert_eq!(median_and_p90(&mut [1, 2, 2, 2, 9]), (Some(2), Some(9)));
        assert_eq!(
            median_and_p90(&mut [1, 1, 1, 1, 1, 1, 1, 1, 1, 5]),
            (Some(1), Some(1))
        );
    }

    proptest! {
        #[test]
        fn clause_7_2_nearest_rank_is_an_observed_value_with_pct_at_or_below(
            mut v in proptest::collection::vec(0i64..1_000, 1..60),
            pct in 0u32..=100,
        ) {
            v.sort_unstable();
            let r = nearest_rank(&v, pct).unwrap();
            prop_assert!(v.contains(&r));
            let n = v.len();
            let at_or_below = v.iter().filter(|x| **x <= r).count();
            let below = v.iter().filter(|x| **x < r).count();
            // At least pct % of the values are at or below it …
            prop_assert!(at_or_below * 100 >= pct as usize * n);
            // … and it is the smallest such value.
            prop_assert!(below * 100 < (pct as usize * n).max(1));
            // Monotone: the median never exceeds p90.
            prop_assert!(nearest_rank(&v, 50) <= nearest_rank(&v, 90));
        }
    }

    #[test]
    fn clause_7_2_shares_round_half_up_in_basis_points() {
        assert_eq!(share_bp(1, 0), None);
        assert_eq!(share_bp(2, 3), Some(6_667));
        assert_eq!(share_bp(1, 3), Some(3_333));
        assert_eq!(share_bp(1, 8), Some(1_250));
        assert_eq!(share_bp(3, 3), Some(10_000));
        assert_eq!(share_text(Some(6_667)), "66.67%");
        assert_eq!(share_text(None), "—");
        assert_eq!(csv_percent(Some(6_667)), "66.67");
        assert_eq!(csv_percent(Some(10_000)), "100.00");
    }

    #[test]
    fn clause_7_2_months_are_asia_shanghai_and_ranges_bounded() {
        // 2026-10-31 16:30 UTC is already November in Shanghai.
        assert_eq!(shanghai_month(at("2026-11-01 00:30")), "2026-11");
        assert_eq!(shanghai_month(at("2026-10-31 23:59")), "2026-10");
        assert_eq!(next_month("2026-12"), "2027-01");
        assert_eq!(month_start_ms("2026-11"), Some(at("2026-11-01 00:00")));
        assert_eq!(
            range_ms("2026-11", "2026-12"),
            Some((at("2026-11-01 00:00"), at("2027-01-01 00:00")))
        );
        assert_eq!(
            month_range("2025-12", "2026-11"),
            Ok(("2025-12".into(), "2026-11".into()))
        );
        assert_eq!(
            month_range("2026-13", "2026-11"),
            Err(("from", Msg::ErrMonth))
        );
        assert_eq!(month_range("2026-01", "x"), Err(("to", Msg::ErrMonth)));
        assert_eq!(
            month_range("2026-11", "2026-10"),
            Err(("to", Msg::ComplaintReportsErrRange))
        );
        assert_eq!(
            month_range("2023-01", "2025-12"),
            Ok(("2023-01".into(), "2025-12".into()))
        );
        assert_eq!(
            month_range("2023-01", "2026-01"),
            Err(("to", Msg::ComplaintReportsErrRange))
        );
    }

    #[test]
    fn clause_7_2_report_counts_per_month_and_branch_with_totals() {
        let branches = [branch(1, "HQ"), branch(2, "BJ")];
        let mut a = complaint(Some(1), "2026-10-05 09:00");
        a.acknowledged_at = Some(a.received_at + 2 * H);
        a.closed_at = Some(a.received_at + 48 * H);
        a.finished = true;
        a.finding = Some(FindingKind::Upheld);
        let mut b = complaint(Some(1), "2026-10-20 09:00");
        b.acknowledged_at = Some(b.received_at + 4 * H);
        b.finding = Some(FindingKind::PartlyUpheld);
        let mut c = complaint(Some(1), "2026-10-25 09:00");
        c.acknowledged_at = Some(c.received_at + 6 * H);
        c.closed_at = Some(c.received_at + 100 * H);
        c.finished = true;
        c.finding = Some(FindingKind::NotUpheld);
        // Closed at is set but the process has not ended (cannot happen, but is not "resolved").
        let mut d = complaint(None, "2026-11-01 00:10");
        d.closed_at = Some(d.received_at + H);
        let e = complaint(Some(2), "2026-11-02 10:00");
        // Outside the range.
        let f = complaint(Some(2), "2026-09-30 23:59");
        let comp = [
            CompensationFact {
                branch_id: Some(1),
                month: "2026-11".into(),
                amount: Fen(5_000),
            },
            CompensationFact {
                branch_id: Some(9),
                month: "2026-11".into(),
                amount: Fen(1_250),
            },
            CompensationFact {
                branch_id: Some(1),
                month: "2026-12".into(),
                amount: Fen(99_999),
            },
        ];
        let r = build("2026-10", "2026-11", &branches, &[e, d, c, b, a, f], &comp);
        let keys: Vec<(String, Option<i64>)> = r
            .rows
            .iter()
            .map(|x| (x.month.clone(), x.branch.as_ref().map(|b| b.id)))
            .collect();
        assert_eq!(
            keys,
            [
                ("2026-10".to_string(), Some(1)),
                ("2026-11".to_string(), Some(1)),
                ("2026-11".to_string(), Some(2)),
                ("2026-11".to_string(), Some(9)),
                ("2026-11".to_string(), None),
            ]
        );
        let oct = &r.rows[0].figures;
        assert_eq!((oct.received, oct.acknowledged, oct.resolved), (3, 3, 2));
        assert_eq!(oct.acknowledge_median_ms, Some(4 * H));
        assert_eq!(oct.acknowledge_p90_ms, Some(6 * H));
        assert_eq!(oct.resolve_median_ms, Some(48 * H));
        assert_eq!(oct.resolve_p90_ms, Some(100 * H));
        assert_eq!((oct.with_finding, oct.upheld, oct.partly_upheld), (3, 1, 1));
        assert_eq!(oct.upheld_share_bp(), Some(3_333));
        assert_eq!(oct.upheld_or_partly_share_bp(), Some(6_667));
        assert_eq!(oct.compensation, Fen::ZERO);
        // November at the headquarters: compensation only.
        assert_eq!(r.rows[1].figures.received, 0);
        assert_eq!(r.rows[1].figures.compensation, Fen(5_000));
        assert_eq!(r.rows[3].branch.as_ref().unwrap().name_en, "#9");
        assert_eq!(r.rows[4].figures.resolved, 0);
        assert_eq!(r.rows[4].branch_name(Lang::En), "Unassigned");
        let t = &r.totals;
        assert_eq!((t.received, t.acknowledged, t.resolved), (5, 3, 2));
        assert_eq!(t.compensation, Fen(6_250));
        assert_eq!(t.upheld_share_bp(), Some(3_333));
        assert_eq!(t.upheld_or_partly_share_bp(), Some(6_667));
    }

    #[test]
    fn clause_7_2_an_empty_report_has_zero_totals() {
        let r = build("2026-01", "2026-12", &[], &[], &[]);
        assert!(r.rows.is_empty());
        assert_eq!(r.totals, Figures::default());
        assert_eq!(r.totals.upheld_share_bp(), None);
        let csv = csv(&r, Lang::En);
        assert_eq!(csv.lines().count(), 2);
        assert!(csv.ends_with("Total,,0,0,,,0,,,0,,,0.00\r\n"), "{csv}");
    }

    #[test]
    fn clause_7_2_durations_read_as_minutes_hours_and_days() {
        assert_eq!(duration_text(None, Lang::En), "—");
        assert_eq!(duration_text(Some(0), Lang::En), "0 min");
        assert_eq!(duration_text(Some(45 * 60_000), Lang::En), "45 min");
        assert_eq!(duration_text(Some(3 * H), Lang::En), "3 h");
        assert_eq!(
            duration_text(Some(3 * H + 20 * 60_000), Lang::En),
            "3 h 20 min"
        );
        assert_eq!(duration_text(Some(52 * H), Lang::En), "2 d 4 h");
        assert_eq!(duration_text(Some(48 * H + 10 * 60_000), Lang::En), "2 d");
        assert_eq!(duration_text(Some(52 * H), Lang::Zh), "2 天 4 小时");
        assert_eq!(csv_hours(Some(26 * H + 30 * 60_000)), "26.50");
        assert_eq!(csv_hours(Some(20 * 60_000)), "0.33");
        assert_eq!(csv_hours(None), "");
    }

    #[test]
    fn clause_7_2_csv_has_a_bom_crlf_localised_headings_and_safe_fields() {
        let mut b = branch(1, "HQ");
        b.name_en = "=cmd|' /C calc'!A0".into();
        let mut c = complaint(Some(1), "2026-11-03 10:00");
        c.acknowledged_at = Some(c.received_at + 26 * H + 30 * 60_000);
        c.finding = Some(FindingKind::Upheld);
        let r = build(
            "2026-11",
            "2026-11",
            &[b],
            &[c],
            &[CompensationFact {
                branch_id: Some(1),
                month: "2026-11".into(),
                amount: Fen(1_250),
            }],
        );
        let en = csv(&r, Lang::En);
        assert!(en.starts_with(BOM));
        let mut lines = en[BOM.len()..].split("\r\n");
        assert_eq!(
            lines.next().unwrap(),
            "Month,Branch,Received,Acknowledged,Median time to acknowledge (hours),\
             P90 time to acknowledge (hours),Resolved,Median time to resolve (hours),\
             P90 time to resolve (hours),With a finding,Upheld (%),Upheld or partly upheld (%),\
             Compensation paid (¥)"
        );
        assert_eq!(
            lines.next().unwrap(),
            "2026-11,'=cmd|' /C calc'!A0,1,1,26.50,26.50,0,,,1,100.00,100.00,12.50"
        );
        assert_eq!(
            lines.next().unwrap(),
            "Total,,1,1,26.50,26.50,0,,,1,100.00,100.00,12.50"
        );
        assert!(!en[BOM.len()..].replace("\r\n", "").contains('\n'));
        let zh = csv(&r, Lang::Zh);
        assert!(
            zh[BOM.len()..].starts_with("月份,分支机构,收到,已确认,确认用时中位数(小时),"),
            "{zh}"
        );
        assert!(zh.contains(",成立(%),成立或部分成立(%),已付赔偿(¥)\r\n"));
        assert!(zh.contains("\r\n2026-11,HQ分部,"));
    }
}
