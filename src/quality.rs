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
}
