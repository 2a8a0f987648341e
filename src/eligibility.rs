//! Eligibility (clause 2.1.1): a customer reaches a VIP level when, over the 12 months ending on
//! the evaluation date, their spend reaches the level's spend threshold **or** their points reach
//! its points threshold. The highest level reached counts. Dates are calendar dates in
//! Asia/Shanghai (clause 1.3.2); the caller converts ledger times to those dates.
//!
//! Besides the verdict, this module answers the customer's real question (SPEC §3): "what must I
//! spend, by when, to keep or reach a level" — accounting for old purchases rolling out of the
//! window as time passes.

use crate::levels::VipLevel;
use crate::money::Fen;
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// One ledger entry as eligibility sees it: a Shanghai calendar date, money and points.
/// Refunds carry a negative amount (and, where points are taken back, negative points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub on: NaiveDate,
    pub amount: Fen,
    pub points: i64,
}

/// The first day of the 12-month window that ends on `day` (inclusive): the day after the same
/// date one year earlier. For 2026-03-01 that is 2025-03-02; for 2024-02-29 it is 2023-03-01
/// (one year before a leap day is the 28th of February).
pub fn window_start(day: NaiveDate) -> NaiveDate {
    day.checked_sub_months(Months::new(12))
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .unwrap_or(NaiveDate::MIN)
}

/// The first day on which a movement made on `on` no longer counts. Usually one year later;
/// for a leap-day movement, the 1st of March (the 28th of February still counts it).
pub fn leaves_window_on(on: NaiveDate) -> NaiveDate {
    let candidate = on
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX);
    if window_start(candidate) <= on {
        candidate.succ_opt().unwrap_or(NaiveDate::MAX)
    } else {
        candidate
    }
}

/// Spend and points inside the window ending on `day`, counting only movements up to `day`.
pub fn totals_on(movements: &[Movement], day: NaiveDate) -> (Fen, i64) {
    let start = window_start(day);
    movements
        .iter()
        .filter(|m| m.on >= start && m.on <= day)
        .fold((Fen::ZERO, 0i64), |(s, p), m| {
            (
                Fen(s.0.saturating_add(m.amount.0)),
                p.saturating_add(m.points),
            )
        })
}

/// Whether `spend`/`points` reach `level` (clause 2.1.1: spend OR points).
pub fn reaches(level: &VipLevel, spend: Fen, points: i64) -> bool {
    meets(level.spend_threshold, level.points_threshold, spend, points)
}

/// Clause 2.1.1 on bare thresholds: spend **or** points is enough.
pub fn meets(spend_threshold: Fen, points_threshold: i64, spend: Fen, points: i64) -> bool {
    spend >= spend_threshold || points >= points_threshold
}

/// The highest level reached on `day`, if any.
pub fn level_on<'a>(
    levels: &'a [VipLevel],
    movements: &[Movement],
    day: NaiveDate,
) -> Option<&'a VipLevel> {
    let (spend, points) = totals_on(movements, day);
    levels
        .iter()
        .filter(|l| reaches(l, spend, points))
        .max_by_key(|l| l.rank)
}

/// How much more spend, made by `target` (on or after `today`), reaches `level` on `target`
/// given what is known today: movements before the window of `target` no longer count.
/// Zero when the points alone will still reach the level on `target`.
pub fn spend_needed_by(
    level: &VipLevel,
    movements: &[Movement],
    today: NaiveDate,
    target: NaiveDate,
) -> Fen {
    let start = window_start(target);
    let (spend, points) = movements
        .iter()
        .filter(|m| m.on >= start && m.on <= today)
        .fold((0i64, 0i64), |(s, p), m| {
            (s.saturating_add(m.amount.0), p.saturating_add(m.points))
        });
    if points >= level.points_threshold {
        return Fen::ZERO;
    }
    Fen((level.spend_threshold.0 - spend).max(0))
}

/// Without new activity, the last day on which the level is still reached, starting from
/// `today`; `None` if it is not reached today. Movements roll off one by one, so the answer is
/// the day before the first roll-off date that drops both spend and points below threshold.
pub fn kept_until(level: &VipLevel, movements: &[Movement], today: NaiveDate) -> Option<NaiveDate> {
    let (spend, points) = totals_on(movements, today);
    if !reaches(level, spend, points) {
        return None;
    }
    // What is known today, and the days on which part of it leaves the window.
    let known: Vec<Movement> = movements
        .iter()
        .copied()
        .filter(|m| m.on <= today)
        .collect();
    let start = window_start(today);
    let mut exits: Vec<NaiveDate> = known
        .iter()
        .filter(|m| m.on >= start)
        .map(|m| leaves_window_on(m.on))
        .filter(|d| *d > today)
        .collect();
    exits.sort();
    exits.dedup();
    for exit in exits {
        let (s, p) = totals_on(&known, exit);
        if !reaches(level, s, p) {
            return exit.pred_opt();
        }
    }
    // Nothing left to roll off that matters (e.g. a zero threshold).
    Some(NaiveDate::MAX)
}

/// Everything the portal and the reviewer show about one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelProgress {
    pub level_id: i64,
    pub spend: Fen,
    pub points: i64,
    pub spend_missing: Fen,
    pub points_missing: i64,
    pub reached: bool,
    /// Spend needed by `target` to reach the level on that day (see [`spend_needed_by`]).
    pub spend_needed_by_target: Fen,
    pub target: NaiveDate,
    /// When reached: the last day it stays reached without new activity.
    pub kept_until: Option<NaiveDate>,
    /// Spend, 0–100 % of the threshold, for a progress bar.
    pub spend_percent: u8,
    pub points_percent: u8,
}

/// How far ahead "spend ¥X more by DATE" looks for someone who is not yet a member.
pub const DEFAULT_HORIZON_DAYS: u64 = 30;

/// A customer's standing as of `today`: the levels, the explanation for each, the highest
/// level reached and the newest ledger lines. The portal dashboard and the reviewer see the
/// same value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProgress {
    pub today: NaiveDate,
    pub target: NaiveDate,
    pub levels: Vec<VipLevel>,
    pub progress: Vec<LevelProgress>,
    /// The highest level reached today (clause 2.1.1).
    pub reached_level_id: Option<i64>,
    pub recent: Vec<crate::ledger::LedgerLine>,
}

impl CustomerProgress {
    pub fn level(&self, id: i64) -> Option<&VipLevel> {
        self.levels.iter().find(|l| l.id == id)
    }

    pub fn reached_level(&self) -> Option<&VipLevel> {
        self.reached_level_id.and_then(|id| self.level(id))
    }
}

/// The date "spend X more by" looks at: `DEFAULT_HORIZON_DAYS` after `today`.
pub fn default_target(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(DEFAULT_HORIZON_DAYS))
        .unwrap_or(today)
}

fn percent(have: i64, need: i64) -> u8 {
    if need <= 0 {
        return 100;
    }
    ((have.max(0) as i128 * 100 / need as i128).min(100)) as u8
}

/// The explanation for every level on `today`, with "spend X more by `target`".
pub fn explain(
    levels: &[VipLevel],
    movements: &[Movement],
    today: NaiveDate,
    target: NaiveDate,
) -> Vec<LevelProgress> {
    let (spend, points) = totals_on(movements, today);
    let mut out: Vec<LevelProgress> = levels
        .iter()
        .map(|l| LevelProgress {
            level_id: l.id,
            spend,
            points,
            spend_missing: Fen((l.spend_threshold.0 - spend.0).max(0)),
            points_missing: (l.points_threshold - points).max(0),
            reached: reaches(l, spend, points),
            spend_needed_by_target: spend_needed_by(l, movements, today, target.max(today)),
            target: target.max(today),
            kept_until: kept_until(l, movements, today),
            spend_percent: percent(spend.0, l.spend_threshold.0),
            points_percent: percent(points, l.points_threshold),
        })
        .collect();
    out.sort_by_key(|p| levels.iter().find(|l| l.id == p.level_id).map(|l| l.rank));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn level(id: i64, rank: i64, yuan: i64, points: i64) -> VipLevel {
        VipLevel {
            id,
            code: format!("l{id}"),
            name_zh: format!("L{id}"),
            name_en: format!("L{id}"),
            rank,
            spend_threshold: Fen::yuan(yuan),
            points_threshold: points,
            discount_bp: 0,
            entry_fee: Fen::ZERO,
        }
    }

    fn buy(on: &str, yuan: i64) -> Movement {
        Movement {
            on: d(on),
            amount: Fen::yuan(yuan),
            points: 0,
        }
    }

    fn pts(on: &str, points: i64) -> Movement {
        Movement {
            on: d(on),
            amount: Fen::ZERO,
            points,
        }
    }

    #[test]
    fn clause_2_1_1_exact_threshold_qualifies_one_fen_less_does_not() {
        let vip = [level(1, 1, 50_000, 50_000)];
        let exact = [buy("2026-06-01", 50_000)];
        assert_eq!(
            level_on(&vip, &exact, d("2026-11-25")).map(|l| l.id),
            Some(1)
        );
        let short = [Movement {
            on: d("2026-06-01"),
            amount: Fen(5_000_000 - 1),
            points: 0,
        }];
        assert_eq!(level_on(&vip, &short, d("2026-11-25")), None);
    }

    #[test]
    fn clause_2_1_1_spend_or_points_either_way() {
        let vip = [level(1, 1, 50_000, 50_000)];
        assert!(level_on(&vip, &[pts("2026-01-10", 50_000)], d("2026-11-25")).is_some());
        assert!(level_on(&vip, &[buy("2026-01-10", 50_000)], d("2026-11-25")).is_some());
        assert!(level_on(
            &vip,
            &[buy("2026-01-10", 30_000), pts("2026-01-10", 30_000)],
            d("2026-11-25")
        )
        .is_none());
    }

    #[test]
    fn clause_2_1_1_refunds_reduce_spend() {
        let vip = [level(1, 1, 50_000, 50_000)];
        let m = [buy("2026-03-01", 52_000), buy("2026-04-01", -3_000)];
        assert_eq!(totals_on(&m, d("2026-11-25")).0, Fen::yuan(49_000));
        assert!(level_on(&vip, &m, d("2026-11-25")).is_none());
    }

    #[test]
    fn clause_2_1_1_roll_off_on_the_boundary_date() {
        // A purchase on 2025-11-25 counts through 2026-11-25 and is gone on 2026-11-26.
        let m = [buy("2025-11-25", 50_000)];
        let vip = [level(1, 1, 50_000, 50_000)];
        assert!(level_on(&vip, &m, d("2026-11-24")).is_some());
        assert!(
            level_on(&vip, &m, d("2026-11-25")).is_none(),
            "window is the 12 months ending today: 2025-11-26..=2026-11-25"
        );
        assert_eq!(window_start(d("2026-11-25")), d("2025-11-26"));
        assert_eq!(
            kept_until(&vip[0], &m, d("2026-11-01")),
            Some(d("2026-11-24"))
        );
    }

    #[test]
    fn clause_2_1_1_leap_days() {
        assert_eq!(window_start(d("2024-02-29")), d("2023-03-01"));
        assert_eq!(window_start(d("2025-02-28")), d("2024-02-29"));
        assert_eq!(window_start(d("2024-03-01")), d("2023-03-02"));
        // A purchase on a leap day leaves the window on 2025-03-01.
        let m = [buy("2024-02-29", 50_000)];
        let vip = [level(1, 1, 50_000, 50_000)];
        assert!(level_on(&vip, &m, d("2025-02-28")).is_some());
        assert!(level_on(&vip, &m, d("2025-03-01")).is_none());
        assert_eq!(leaves_window_on(d("2024-02-29")), d("2025-03-01"));
        assert_eq!(
            kept_until(&vip[0], &m, d("2024-12-01")),
            Some(d("2025-02-28"))
        );
    }

    #[test]
    fn the_highest_level_reached_counts() {
        let levels = [
            level(1, 1, 50_000, 50_000),
            level(2, 2, 100_000, 100_000),
            level(3, 3, 200_000, 200_000),
        ];
        let m = [buy("2026-05-01", 120_000)];
        assert_eq!(
            level_on(&levels, &m, d("2026-11-25")).map(|l| l.id),
            Some(2)
        );
    }

    #[test]
    fn spend_needed_by_a_later_date_accounts_for_roll_off() {
        let vip = level(1, 1, 50_000, 50_000);
        // ¥46,800 now: ¥3,200 short today. By 2026-12-31 the ¥10,000 from 2025-12-15 is gone.
        let m = [buy("2025-12-15", 10_000), buy("2026-06-01", 36_800)];
        let today = d("2026-11-25");
        assert_eq!(spend_needed_by(&vip, &m, today, today), Fen::yuan(3_200));
        assert_eq!(
            spend_needed_by(&vip, &m, today, d("2026-12-31")),
            Fen::yuan(13_200)
        );
        let p = explain(&[vip], &m, today, d("2026-12-31"));
        assert_eq!(p[0].spend_missing, Fen::yuan(3_200));
        assert_eq!(p[0].spend_needed_by_target, Fen::yuan(13_200));
        assert_eq!(p[0].spend_percent, 93);
        assert!(!p[0].reached);
    }

    #[test]
    fn points_that_still_count_on_the_target_day_need_no_spend() {
        let vip = level(1, 1, 50_000, 50_000);
        let m = [pts("2026-10-01", 60_000)];
        assert_eq!(
            spend_needed_by(&vip, &m, d("2026-11-25"), d("2027-06-01")),
            Fen::ZERO
        );
        assert_eq!(kept_until(&vip, &m, d("2026-11-25")), Some(d("2027-09-30")));
    }

    fn arb_movements() -> impl Strategy<Value = Vec<Movement>> {
        prop::collection::vec(
            (0i64..900, -2_000_000i64..5_000_000, -1_000i64..40_000).prop_map(|(day, fen, p)| {
                Movement {
                    on: d("2025-06-01") + Days::new(day as u64),
                    amount: Fen(fen),
                    points: p,
                }
            }),
            0..30,
        )
    }

    proptest! {
        #[test]
        fn qualifying_is_exactly_spend_or_points(m in arb_movements(), day in 0i64..900) {
            let vip = level(1, 1, 50_000, 50_000);
            let today = d("2025-06-01") + Days::new(day as u64);
            let (s, p) = totals_on(&m, today);
            prop_assert_eq!(level_on(std::slice::from_ref(&vip), &m, today).is_some(), s >= vip.spend_threshold || p >= vip.points_threshold);
        }

        #[test]
        fn a_purchase_never_lowers_the_level(m in arb_movements(), day in 0i64..900, extra in 0i64..10_000_000) {
            let levels = [level(1, 1, 50_000, 50_000), level(2, 2, 100_000, 100_000)];
            let today = d("2025-06-01") + Days::new(day as u64);
            let before = level_on(&levels, &m, today).map(|l| l.rank);
            let mut more = m.clone();
            more.push(Movement { on: today, amount: Fen(extra), points: 0 });
            let after = level_on(&levels, &more, today).map(|l| l.rank);
            prop_assert!(after >= before);
        }

        #[test]
        fn a_movement_counts_until_the_day_before_it_leaves(day in 0i64..2000) {
            let on = d("2023-01-01") + Days::new(day as u64);
            let m = [Movement { on, amount: Fen(1), points: 0 }];
            let leave = leaves_window_on(on);
            prop_assert_eq!(totals_on(&m, leave.pred_opt().unwrap()).0, Fen(1));
            prop_assert_eq!(totals_on(&m, leave).0, Fen::ZERO);
        }

        #[test]
        fn spending_what_is_needed_by_the_target_reaches_the_level_then(m in arb_movements(), day in 0i64..600, ahead in 0i64..400) {
            let vip = level(1, 1, 50_000, 50_000);
            let today = d("2025-06-01") + Days::new(day as u64);
            let target = today + Days::new(ahead as u64);
            let known: Vec<Movement> = m.iter().copied().filter(|x| x.on <= today).collect();
            let need = spend_needed_by(&vip, &known, today, target);
            let mut plan = known.clone();
            plan.push(Movement { on: target, amount: need, points: 0 });
            let (s, p) = totals_on(&plan, target);
            prop_assert!(reaches(&vip, s, p));
        }
    }
}
