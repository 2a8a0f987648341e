//! Money is integer fen (1/100 CNY), never floating point (SPEC: "Money is integer fen").

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in fen. Negative amounts are allowed (refunds, credits).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// A whole number with thousands separators: `-12,345` (points, counts).
pub fn group_thousands(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_digits(n.unsigned_abs()))
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// Whole yuan to fen.
    pub const fn yuan(y: i64) -> Fen {
        Fen(y * 100)
    }

    pub const fn as_i64(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    pub fn saturating_sub(self, other: Fen) -> Fen {
        Fen(self.0.saturating_sub(other.0))
    }

    /// Formats as `¥1,234.56` (digits grouped by thousands, as in zh-CN and en alike).
    pub fn display_cny(self) -> String {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let yuan = abs / 100;
        let fen = abs % 100;
        let grouped = group_digits(yuan);
        let sign = if neg { "-" } else { "" };
        if fen == 0 {
            format!("{sign}¥{grouped}")
        } else {
            format!("{sign}¥{grouped}.{fen:02}")
        }
    }

    /// `12345` fen → `123.45`, whole yuan without decimals (`50000`): how a form shows an
    /// amount for editing (no currency sign, no grouping).
    pub fn plain_yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        if abs.is_multiple_of(100) {
            format!("{sign}{}", abs / 100)
        } else {
            format!("{sign}{}.{:02}", abs / 100, abs % 100)
        }
    }

    /// Parses a yuan amount typed by a person: `50000`, `50,000.5`, `¥1,234.56`.
    /// At most two decimals; no exponent, no floating point anywhere.
    pub fn parse_yuan(input: &str) -> Option<Fen> {
        let s = input.trim().replace([',', ' '], "");
        // The sign may stand before or after the currency symbol: `-¥5`, `¥-5`.
        let s = s.strip_prefix('¥').unwrap_or(&s);
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest.strip_prefix('¥').unwrap_or(rest).to_string()),
            None => (false, s.to_string()),
        };
        if s.is_empty() {
            return None;
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s.as_str(), ""),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let frac_fen: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse().ok()?,
        };
        let total = whole.checked_mul(100)?.checked_add(frac_fen)?;
        Some(Fen(if neg { -total } else { total }))
    }
}

/// Basis points as a percentage string: `6%`, `2.5%` (discount rules, tax rates).
pub fn percent_of_bp(bp: i64) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    if frac == 0 {
        format!("{whole}%")
    } else {
        format!("{whole}.{}%", format!("{frac:02}").trim_end_matches('0'))
    }
}

/// A percentage typed by a person with at most two decimals (`6`, `6%`, `2.5`), 0–100 %, as
/// basis points. Empty means 0.
pub fn parse_percent_bp(s: &str) -> Option<i64> {
    let t = s.trim().trim_end_matches('%');
    let t = if t.trim().is_empty() { "0" } else { t };
    Fen::parse_yuan(t)
        .map(|f| f.0)
        .filter(|bp| (0..=10_000).contains(bp))
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_cny())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_yuan_round_trips_through_parse_yuan() {
        for f in [0, 5, 50, 100, 123_456, 5_000_000, -250] {
            assert_eq!(Fen::parse_yuan(&Fen(f).plain_yuan()), Some(Fen(f)), "{f}");
        }
        assert_eq!(Fen(5_000_000).plain_yuan(), "50000");
        assert_eq!(Fen(12_345).plain_yuan(), "123.45");
        assert_eq!(percent_of_bp(250), "2.5%");
        assert_eq!(parse_percent_bp("2.5%"), Some(250));
        assert_eq!(parse_percent_bp(""), Some(0));
        assert_eq!(parse_percent_bp("100.01"), None);
    }

    #[test]
    fn clause_2_1_1_default_threshold_displays_as_fifty_thousand_yuan() {
        assert_eq!(Fen::yuan(50_000).display_cny(), "¥50,000");
        assert_eq!(Fen(123_456).display_cny(), "¥1,234.56");
        assert_eq!(Fen(-5).display_cny(), "-¥0.05");
        assert_eq!(Fen(0).display_cny(), "¥0");
    }

    #[test]
    fn parse_yuan_accepts_common_forms_and_rejects_junk() {
        assert_eq!(Fen::parse_yuan("50000"), Some(Fen(5_000_000)));
        assert_eq!(Fen::parse_yuan("¥1,234.5"), Some(Fen(123_450)));
        assert_eq!(Fen::parse_yuan("0.07"), Some(Fen(7)));
        assert_eq!(Fen::parse_yuan("-3"), Some(Fen(-300)));
        for bad in ["", "abc", "1.234", "1e5", ".5", "1..2", "¥"] {
            assert_eq!(Fen::parse_yuan(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(v in -10_000_000_000i64..10_000_000_000i64) {
            let shown = Fen(v).display_cny();
            prop_assert_eq!(Fen::parse_yuan(&shown), Some(Fen(v)));
        }
    }
}
