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
}
