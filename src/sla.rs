//! The SLA clock (clauses 3.2.1, 3.4.1): when a response or resolution is due, given when the
//! clock started, a working calendar, the time allowed and the pauses (waiting on the customer).
//!
//! Pure and exact to the second. A calendar is either always open (VIP: 24×7) or business hours
//! on working days in a fixed-offset zone (Asia/Shanghai has no daylight saving time): the
//! weekdays that are working days, minus public holidays, plus adjusted working days (调休, e.g.
//! a Saturday that is worked to bridge a holiday). Time outside opening hours and inside pauses
//! does not count.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Longest span the clock will search (a calendar with almost no working time must not loop
/// forever): ten years.
const MAX_DAYS: i64 = 3_660;

/// A working calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Offset of the calendar's zone from UTC in seconds (Asia/Shanghai: 28,800).
    pub utc_offset_secs: i32,
    /// `None`: open around the clock (24×7).
    pub hours: Option<BusinessHours>,
}

/// Opening hours on working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// Opening and closing time, minutes after local midnight (09:00–18:00 = 540–1080).
    pub open_min: u32,
    pub close_min: u32,
    /// Weekdays that are working days, Monday = 0 … Sunday = 6.
    pub weekdays: [bool; 7],
    /// Public holidays: closed even on a working weekday.
    pub holidays: BTreeSet<NaiveDate>,
    /// Adjusted working days (调休): open even on a weekend.
    pub extra_workdays: BTreeSet<NaiveDate>,
}

/// A pause of the clock: from `start` until `end` (`None`: still paused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

impl Calendar {
    pub const SHANGHAI_OFFSET: i32 = 8 * 3600;

    /// Open every second of every day.
    pub fn always_open() -> Calendar {
        Calendar {
            utc_offset_secs: Calendar::SHANGHAI_OFFSET,
            hours: None,
        }
    }

    /// Monday to Friday, 09:00–18:00 Asia/Shanghai, with these holidays and adjusted working
    /// days.
    pub fn shanghai_business(
        holidays: impl IntoIterator<Item = NaiveDate>,
        extra_workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Calendar {
        Calendar {
            utc_offset_secs: Calendar::SHANGHAI_OFFSET,
            hours: Some(BusinessHours {
                open_min: 9 * 60,
                close_min: 18 * 60,
                weekdays: [true, true, true, true, true, false, false],
                holidays: holidays.into_iter().collect(),
                extra_workdays: extra_workdays.into_iter().collect(),
            }),
        }
    }

    fn zone(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_secs)
            .unwrap_or(FixedOffset::east_opt(0).expect("UTC"))
    }

    /// Whether `day` (local) is a working day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match &self.hours {
            None => true,
            Some(h) => {
                if h.extra_workdays.contains(&day) {
                    return true;
                }
                let wd = day.weekday().num_days_from_monday() as usize;
                h.weekdays[wd] && !h.holidays.contains(&day)
            }
        }
    }

    /// The opening interval of local `day` in UTC, if it is a working day (24×7: the whole day).
    fn window(&self, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let zone = self.zone();
        let at = |min: u32| {
            let t = day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(min));
            zone.from_local_datetime(&t)
                .single()
                .map(|d| d.with_timezone(&Utc))
        };
        match &self.hours {
            None => Some((at(0)?, at(24 * 60)?)),
            Some(h) if self.is_working_day(day) && h.open_min < h.close_min => {
                Some((at(h.open_min)?, at(h.close_min.min(24 * 60))?))
            }
            Some(_) => None,
        }
    }

    fn local_day(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.zone()).date_naive()
    }

    /// Working time between `a` and `b` (zero if `b ≤ a`).
    pub fn working_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Duration {
        if b <= a {
            return Duration::zero();
        }
        if self.hours.is_none() {
            return b - a;
        }
        let mut total = Duration::zero();
        let mut day = self.local_day(a);
        let last = self.local_day(b);
        while day <= last {
            if let Some((open, close)) = self.window(day) {
                let from = open.max(a);
                let to = close.min(b);
                if to > from {
                    total += to - from;
                }
            }
            day = day.succ_opt().unwrap_or(day);
            if day == NaiveDate::MAX {
                break;
            }
        }
        total
    }

    /// The instant when `amount` of working time has passed after `start` (`start` itself when
    /// `amount` is zero or less; if `start` is outside opening hours the clock starts at the next
    /// opening). `None` if the calendar has no working time within ten years.
    pub fn add_working(&self, start: DateTime<Utc>, amount: Duration) -> Option<DateTime<Utc>> {
        if amount <= Duration::zero() {
            return Some(start);
        }
        if self.hours.is_none() {
            return start.checked_add_signed(amount);
        }
        let mut left = amount;
        let first = self.local_day(start);
        for n in 0..MAX_DAYS {
            let day = first.checked_add_signed(Duration::days(n))?;
            if let Some((open, close)) = self.window(day) {
                let from = open.max(start);
                if close > from {
                    let avail = close - from;
                    if avail >= left {
                        return Some(from + left);
                    }
                    left -= avail;
                }
            }
        }
        None
    }
}

/// Merged, ordered pauses that matter after `start`.
fn normalise(
    start: DateTime<Utc>,
    pauses: &[Pause],
) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let mut ps: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = pauses
        .iter()
        .filter(|p| p.end.is_none_or(|e| e > p.start && e > start))
        .map(|p| (p.start.max(start), p.end))
        .collect();
    ps.sort_by_key(|p| p.0);
    let mut out: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
    for (s, e) in ps {
        match out.last_mut() {
            Some((_, last_end)) if last_end.is_none_or(|le| s <= le) => {
                *last_end = match (*last_end, e) {
                    (None, _) | (_, None) => None,
                    (Some(a), Some(b)) => Some(a.max(b)),
                };
            }
            _ => out.push((s, e)),
        }
    }
    out
}

/// When `allowed` working time will have run after `start`, the clock stopped during `pauses`.
/// `None` while paused (a pause without an end) or if the calendar never opens.
pub fn due_at(
    cal: &Calendar,
    start: DateTime<Utc>,
    allowed: Duration,
    pauses: &[Pause],
) -> Option<DateTime<Utc>> {
    let mut t = start;
    let mut left = allowed;
    for (ps, pe) in normalise(start, pauses) {
        if ps > t {
            let avail = cal.working_between(t, ps);
            if avail >= left {
                return cal.add_working(t, left);
            }
            left -= avail;
        }
        t = t.max(pe?);
    }
    cal.add_working(t, left)
}

/// Working time counted on the clock from `start` until `now`, pauses excluded.
pub fn elapsed(
    cal: &Calendar,
    start: DateTime<Utc>,
    pauses: &[Pause],
    now: DateTime<Utc>,
) -> Duration {
    let mut t = start;
    let mut total = Duration::zero();
    for (ps, pe) in normalise(start, pauses) {
        if ps >= now {
            break;
        }
        total += cal.working_between(t, ps.max(t));
        match pe {
            None => return total,
            Some(e) => t = t.max(e),
        }
        if t >= now {
            return total;
        }
    }
    total + cal.working_between(t, now)
}

/// Where a clock stands (clauses 3.2.1, 3.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockState {
    /// Less than 80 % of the allowed time used.
    Running,
    /// 80 % or more used: the assignee is warned.
    AtRisk,
    Breached,
    Paused,
}

/// The state of a clock at `now`: integer arithmetic, 80 % warns.
pub fn clock_state(
    cal: &Calendar,
    start: DateTime<Utc>,
    allowed: Duration,
    pauses: &[Pause],
    now: DateTime<Utc>,
) -> ClockState {
    let used = elapsed(cal, start, pauses, now);
    if used >= allowed {
        return ClockState::Breached;
    }
    if pauses
        .iter()
        .any(|p| p.start <= now && p.end.is_none_or(|e| e > now))
    {
        return ClockState::Paused;
    }
    if used.num_seconds() * 5 >= allowed.num_seconds() * 4 {
        ClockState::AtRisk
    } else {
        ClockState::Running
    }
}

/// The stages an SLA clock passes: the assignee is warned at 80 % of the allowed time, a breach
/// is recorded at 100 % (assignee and branch supervisor told), and at 150 % it escalates to the
/// admins — the second level (clauses 3.2.1, 3.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    AtRisk,
    Breached,
    Escalated,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::AtRisk, Stage::Breached, Stage::Escalated];

    /// The share of the allowed time at which the stage is reached, in per mille.
    pub fn per_mille(self) -> i64 {
        match self {
            Stage::AtRisk => 800,
            Stage::Breached => 1_000,
            Stage::Escalated => 1_500,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::AtRisk => "at_risk",
            Stage::Breached => "breached",
            Stage::Escalated => "escalated",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// When the clock reaches each stage (`None` while paused, or never on a closed calendar).
/// Exact to the second: 80 % of one hour is 48 minutes.
pub fn stage_moments(
    cal: &Calendar,
    start: DateTime<Utc>,
    allowed: Duration,
    pauses: &[Pause],
) -> [(Stage, Option<DateTime<Utc>>); 3] {
    Stage::ALL.map(|s| {
        let share = Duration::seconds(allowed.num_seconds() * s.per_mille() / 1_000);
        (s, due_at(cal, start, share, pauses))
    })
}

/// Weekday helper for tests and seed data.
pub fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A Shanghai wall-clock time as UTC.
    fn sh(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_str(&format!("{s} +0800"), "%Y-%m-%d %H:%M %z")
            .unwrap()
            .with_timezone(&Utc)
    }

    /// 2026: National Day 10-01…10-07 closed, Saturday 10-10 worked (调休).
    fn business() -> Calendar {
        Calendar::shanghai_business(
            (1..=7).map(|n| d(&format!("2026-10-{n:02}"))),
            [d("2026-10-10")],
        )
    }

    #[test]
    fn clause_3_2_1_vip_clock_is_24x7() {
        let c = Calendar::always_open();
        assert_eq!(
            due_at(&c, sh("2026-11-27 17:30"), Duration::hours(1), &[]),
            Some(sh("2026-11-27 18:30"))
        );
        assert_eq!(
            due_at(&c, sh("2026-11-27 23:30"), Duration::hours(24), &[]),
            Some(sh("2026-11-28 23:30"))
        );
    }

    #[test]
    fn clause_3_4_1_friday_evening_request_is_due_next_working_day() {
        let c = business();
        // Friday 2026-11-27 17:30 + 8 business hours: 30 min Friday, 7.5 h Monday → 16:30.
        assert_eq!(
            due_at(&c, sh("2026-11-27 17:30"), Duration::hours(8), &[]),
            Some(sh("2026-11-30 16:30"))
        );
        // Opened before opening: counts from 09:00.
        assert_eq!(
            due_at(&c, sh("2026-11-30 07:00"), Duration::hours(1), &[]),
            Some(sh("2026-11-30 10:00"))
        );
        // Exactly at closing: nothing left today.
        assert_eq!(
            due_at(&c, sh("2026-11-30 18:00"), Duration::minutes(1), &[]),
            Some(sh("2026-12-01 09:01"))
        );
        // Ending exactly at closing time stays on that day.
        assert_eq!(
            due_at(&c, sh("2026-11-30 17:00"), Duration::hours(1), &[]),
            Some(sh("2026-11-30 18:00"))
        );
    }

    #[test]
    fn clause_3_4_1_stages_warn_at_80_breach_at_100_escalate_at_150_percent() {
        let m = stage_moments(
            &Calendar::always_open(),
            sh("2026-11-27 17:30"),
            Duration::hours(1),
            &[],
        );
        assert_eq!(m[0], (Stage::AtRisk, Some(sh("2026-11-27 18:18"))));
        assert_eq!(m[1], (Stage::Breached, Some(sh("2026-11-27 18:30"))));
        assert_eq!(m[2], (Stage::Escalated, Some(sh("2026-11-27 19:00"))));
        // On business hours, 80 % of 8 h from Friday 17:30 is Monday 14:54 (0.5 h + 5.9 h); 150 % is Tuesday 11:30.
        let m = stage_moments(&business(), sh("2026-11-27 17:30"), Duration::hours(8), &[]);
        assert_eq!(m[0].1, Some(sh("2026-11-30 14:54")));
        assert_eq!(m[1].1, Some(sh("2026-11-30 16:30")));
        assert_eq!(m[2].1, Some(sh("2026-12-01 11:30")));
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        // Paused (waiting on the customer): no stage is ever reached.
        let paused = [Pause {
            start: sh("2026-11-27 17:40"),
            end: None,
        }];
        assert!(stage_moments(
            &business(),
            sh("2026-11-27 17:30"),
            Duration::hours(8),
            &paused
        )
        .iter()
        .all(|(_, t)| t.is_none()));
    }

    #[test]
    fn clause_3_4_1_holidays_are_skipped_and_adjusted_saturdays_count() {
        let c = business();
        // Wednesday 2026-09-30 17:00 + 2 h: 1 h on the 30th, the Golden Week is closed,
        // Thursday 10-08 09:00 + 1 h.
        assert_eq!(
            due_at(&c, sh("2026-09-30 17:00"), Duration::hours(2), &[]),
            Some(sh("2026-10-08 10:00"))
        );
        // Friday 10-09 17:00 + 2 h: Saturday 10-10 is a working day.
        assert_eq!(
            due_at(&c, sh("2026-10-09 17:00"), Duration::hours(2), &[]),
            Some(sh("2026-10-10 10:00"))
        );
        assert!(c.is_working_day(d("2026-10-10")));
        assert!(!c.is_working_day(d("2026-10-01")));
        assert!(!c.is_working_day(d("2026-10-11")));
    }

    #[test]
    fn clause_3_4_1_waiting_on_the_customer_pauses_the_clock() {
        let c = business();
        let start = sh("2026-11-30 09:00");
        let pause = Pause {
            start: sh("2026-11-30 10:00"),
            end: Some(sh("2026-12-01 09:00")),
        };
        // 1 h before the pause, the rest of Monday paused, 7 h on Tuesday.
        assert_eq!(
            due_at(&c, start, Duration::hours(8), &[pause]),
            Some(sh("2026-12-01 16:00"))
        );
        let open = Pause {
            start: sh("2026-11-30 10:00"),
            end: None,
        };
        assert_eq!(
            due_at(&c, start, Duration::hours(8), &[open]),
            None,
            "paused"
        );
        assert_eq!(
            elapsed(&c, start, &[open], sh("2026-12-02 12:00")),
            Duration::hours(1)
        );
        assert_eq!(
            clock_state(
                &c,
                start,
                Duration::hours(8),
                &[open],
                sh("2026-12-02 12:00")
            ),
            ClockState::Paused
        );
        assert_eq!(
            clock_state(&c, start, Duration::hours(8), &[], sh("2026-11-30 15:24")),
            ClockState::AtRisk,
            "6 h 24 min = 80 %"
        );
        assert_eq!(
            clock_state(&c, start, Duration::hours(8), &[], sh("2026-11-30 15:23")),
            ClockState::Running
        );
        assert_eq!(
            clock_state(&c, start, Duration::hours(8), &[], sh("2026-11-30 17:00")),
            ClockState::Breached
        );
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // Any minute in 2026 (covers the holidays and the adjusted Saturday).
        (0i64..365 * 24 * 60).prop_map(|m| sh("2026-01-01 00:00") + Duration::minutes(m))
    }

    fn calendar() -> impl Strategy<Value = Calendar> {
        prop_oneof![Just(Calendar::always_open()), Just(business())]
    }

    fn pauses() -> impl Strategy<Value = Vec<Pause>> {
        proptest::collection::vec((instant(), 0i64..5 * 24 * 60, any::<bool>()), 0..4).prop_map(
            |v| {
                v.into_iter()
                    .map(|(s, len, closed)| Pause {
                        start: s,
                        end: closed.then(|| s + Duration::minutes(len)),
                    })
                    .collect()
            },
        )
    }

    proptest! {
        /// Later starts and longer allowances are never due earlier.
        #[test]
        fn clause_3_4_1_due_time_is_monotone(
            cal in calendar(),
            a in instant(),
            gap in 0i64..10_000,
            mins in 0i64..5_000,
            more in 0i64..5_000,
        ) {
            let b = a + Duration::minutes(gap);
            let da = due_at(&cal, a, Duration::minutes(mins), &[]).unwrap();
            let db = due_at(&cal, b, Duration::minutes(mins), &[]).unwrap();
            prop_assert!(da <= db);
            let longer = due_at(&cal, a, Duration::minutes(mins + more), &[]).unwrap();
            prop_assert!(da <= longer);
            prop_assert!(da >= a);
        }

        /// Pauses never shorten the time allowed, and exactly the allowance is counted by the due time.
        #[test]
        fn clause_3_4_1_pauses_never_shorten_and_elapsed_at_due_is_the_allowance(
            cal in calendar(),
            start in instant(),
            mins in 1i64..3_000,
            ps in pauses(),
        ) {
            let allowed = Duration::minutes(mins);
            let plain = due_at(&cal, start, allowed, &[]).unwrap();
            prop_assert_eq!(elapsed(&cal, start, &[], plain), allowed);
            match due_at(&cal, start, allowed, &ps) {
                Some(paused) => {
                    prop_assert!(paused >= plain);
                    prop_assert_eq!(elapsed(&cal, start, &ps, paused), allowed);
                    // A minute earlier, less than the allowance had run.
                    prop_assert!(elapsed(&cal, start, &ps, paused - Duration::minutes(1)) < allowed);
                }
                None => prop_assert!(ps.iter().any(|p| p.end.is_none())),
            }
        }

        /// Warning, breach and escalation come in that order; the breach is the due time.
        #[test]
        fn clause_3_4_1_stages_come_in_order(
            start in instant(), cal in calendar(), mins in 1i64..20_000, ps in pauses()
        ) {
            let m = stage_moments(&cal, start, Duration::minutes(mins), &ps);
            if let (Some(a), Some(b), Some(c)) = (m[0].1, m[1].1, m[2].1) {
                prop_assert!(start <= a && a <= b && b <= c);
            }
            prop_assert_eq!(m[1].1, due_at(&cal, start, Duration::minutes(mins), &ps));
        }

        /// Business time is never more than wall time, and 24×7 time is wall time.
        #[test]
        fn clause_3_4_1_working_time_is_bounded_by_wall_time(a in instant(), gap in 0i64..100_000) {
            let b = a + Duration::minutes(gap);
            prop_assert_eq!(Calendar::always_open().working_between(a, b), b - a);
            let w = business().working_between(a, b);
            prop_assert!(w <= b - a && w >= Duration::zero());
        }
    }
}
