//! Times are stored as UTC and shown in Asia/Shanghai by default (clause 1.3.2).
//! China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact.

use chrono::{DateTime, FixedOffset, Utc};

/// The default display zone, Asia/Shanghai.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// `2026-11-25 21:55` in Asia/Shanghai for a Unix-millisecond UTC time.
pub fn format_shanghai(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&shanghai())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// A Shanghai wall-clock time typed in a form (`2026-11-27T17:30` from a `datetime-local`
/// input, or `2026-11-27 17:30`) as Unix ms UTC; `None` if it is not such a time.
pub fn parse_shanghai(s: &str) -> Option<i64> {
    let s = s.trim().replacen('T', " ", 1);
    let naive = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(&s, f).ok())?;
    naive
        .and_local_timezone(shanghai())
        .single()
        .map(|t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_1_3_2_times_show_in_shanghai() {
        // 2026-11-25T13:55:00Z is 21:55 in Shanghai.
        assert_eq!(format_shanghai(1_795_614_900_000), "2026-11-25 21:55");
        // Midnight UTC on New Year's Eve is already the next morning in Shanghai.
        assert_eq!(format_shanghai(1_798_675_200_000), "2026-12-31 08:00");
    }

    #[test]
    fn clause_1_3_2_typed_times_are_shanghai_times() {
        assert_eq!(parse_shanghai("2026-11-25T21:55"), Some(1_795_614_900_000));
        assert_eq!(
            parse_shanghai(" 2026-11-25 21:55 "),
            Some(1_795_614_900_000)
        );
        assert_eq!(
            parse_shanghai("2026-11-25T21:55:00"),
            Some(1_795_614_900_000)
        );
        assert_eq!(parse_shanghai("2026-02-30T10:00"), None);
        assert_eq!(parse_shanghai("yesterday"), None);
        assert_eq!(parse_shanghai(""), None);
    }
}
