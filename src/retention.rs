//! Retention after the confidentiality period (clause 10.3; SPEC "Membership": "the customer's
//! data is kept for the confidentiality period (default 3 years) and then anonymised").
//!
//! A former member is anonymised on the anniversary, in Asia/Shanghai days, of the day their
//! last membership ended, `years` later — unless they are a member again or something still
//! needs their data (an open application, an agreement awaiting signature, an open dispute:
//! a hold). Anonymising replaces names and contacts, erases free text and uploaded files and
//! the personal data beside their audit entries, and keeps amounts, dates, numbers and digests
//! (accounting and the audit chain need those).

use crate::i18n::Msg;
use chrono::{Days, Months, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

/// The confidentiality period when the admin has not set one (SPEC: 3 years).
pub const DEFAULT_YEARS: u32 = 3;
/// The longest period an admin may set.
pub const MAX_YEARS: u32 = 30;
/// How far ahead the retention page lists customers coming due.
pub const UPCOMING_DAYS: u64 = 180;
/// How many customers the page lists in each group.
pub const LIST_LIMIT: i64 = 50;

/// Checks an admin's confidentiality period (1 to 30 whole years).
pub fn parse_years(input: &str) -> Result<u32, Msg> {
    match input.trim().parse::<u32>() {
        Ok(y) if (1..=MAX_YEARS).contains(&y) => Ok(y),
        _ => Err(Msg::ErrRetentionYears),
    }
}

/// The day a membership that ended on `ended_on` is anonymised.
pub fn anonymise_on(ended_on: NaiveDate, years: u32) -> NaiveDate {
    ended_on
        .checked_add_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MAX)
}

/// The first instant (UTC ms) of Asia/Shanghai day `day`.
fn day_start_ms(day: NaiveDate) -> i64 {
    crate::time::shanghai()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.timestamp_millis())
        .unwrap_or(i64::MAX)
}

/// Memberships that ended before this instant (UTC ms) are due at `now_ms`: the end of the
/// last Shanghai day whose [`anonymise_on`] is today or earlier. `ahead_days` looks that many
/// days into the future.
pub fn due_before_ms(now_ms: i64, years: u32, ahead_days: u64) -> i64 {
    let Some(today) = crate::ledger::shanghai_date(now_ms).checked_add_days(Days::new(ahead_days))
    else {
        return i64::MAX;
    };
    let Some(mut last) = today.checked_sub_months(Months::new(years * 12)) else {
        return i64::MIN;
    };
    // Subtracting years clamps 29 February to the 28th; the day after may be due too.
    while let Some(next) = last.succ_opt().filter(|d| anonymise_on(*d, years) <= today) {
        last = next;
    }
    match last.succ_opt() {
        Some(day) => day_start_ms(day),
        None => i64::MAX,
    }
}

/// A former member as the retention page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormerMember {
    pub customer_id: i64,
    pub name: String,
    /// When their last membership ended, UTC ms.
    pub ended_at_ms: i64,
    /// The day they are (or were due to be) anonymised.
    pub anonymise_on: NaiveDate,
    /// Why they are held although due: `None` when they are not.
    pub hold: Option<Hold>,
}

/// What keeps a due customer's data (the job skips them and looks again the next day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hold {
    OpenApplication,
    AgreementAwaitingSignature,
    OpenDispute,
}

impl Hold {
    pub fn msg(self) -> Msg {
        match self {
            Hold::OpenApplication => Msg::RetentionHoldApplication,
            Hold::AgreementAwaitingSignature => Msg::RetentionHoldAgreement,
            Hold::OpenDispute => Msg::RetentionHoldDispute,
        }
    }
}

/// The retention page: the period, who is due now (held or not), who comes due soon, and what
/// has been done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionOverview {
    pub years: u32,
    /// The first [`LIST_LIMIT`] due, oldest first.
    pub due: Vec<FormerMember>,
    /// How many are due and not held, listed or not: the job has work when it is above 0.
    pub due_unheld: i64,
    pub upcoming: Vec<FormerMember>,
    pub anonymised: i64,
    /// When the last customer was anonymised, UTC ms.
    pub last_anonymised_at_ms: Option<i64>,
}

/// What one run of the retention job did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionReport {
    pub anonymised: u64,
    /// Due but held (an open application, an agreement awaiting signature, an open dispute).
    pub held: u64,
    /// Due and not held, but anonymising failed (logged; tried again next run).
    pub failed: u64,
    pub files_erased: u64,
    pub audit_entries_erased: u64,
}

/// The name an anonymised customer is shown under.
pub fn placeholder_name(customer_id: i64) -> String {
    format!("已匿名客户 Anonymised customer #{customer_id}")
}

/// The e-mail address an anonymised account keeps (unique, and undeliverable: `.invalid` is
/// reserved by RFC 2606).
pub fn placeholder_email(customer_id: i64) -> String {
    format!("anonymised-{customer_id}@anonymised.invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(day: &str, hh: u32) -> i64 {
        crate::time::shanghai()
            .from_local_datetime(&d(day).and_hms_opt(hh, 0, 0).unwrap())
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn clause_10_3_the_period_is_whole_years_from_1_to_30() {
        assert_eq!(parse_years(" 3 "), Ok(3));
        assert_eq!(parse_years("30"), Ok(30));
        for bad in ["0", "31", "-1", "2.5", "", "three"] {
            assert_eq!(parse_years(bad), Err(Msg::ErrRetentionYears), "{bad}");
        }
    }

    #[test]
    fn clause_10_3_anonymised_on_the_anniversary_in_shanghai_days() {
        assert_eq!(anonymise_on(d("2023-03-15"), 3), d("2026-03-15"));
        // 29 February has no anniversary: the last day of February — and the job agrees.
        assert_eq!(anonymise_on(d("2024-02-29"), 3), d("2027-02-28"));
        let leap = at("2024-02-29", 23);
        assert!(leap >= due_before_ms(at("2027-02-27", 23), 3, 0));
        assert!(leap < due_before_ms(at("2027-02-28", 0), 3, 0));
        assert!(at("2024-03-01", 0) >= due_before_ms(at("2027-02-28", 23), 3, 0));
        // Ended at 23:00 Shanghai on 15 March 2023 (15:00 UTC): due from 00:00 on 15 March
        // 2026 Shanghai time, not a day earlier or later.
        let ended = at("2023-03-15", 23);
        assert!(ended >= due_before_ms(at("2026-03-14", 23), 3, 0));
        assert!(ended < due_before_ms(at("2026-03-15", 0), 3, 0));
        // Looking 180 days ahead from mid-September 2025 finds it.
        assert!(ended < due_before_ms(at("2025-09-16", 12), 3, UPCOMING_DAYS));
        assert!(ended >= due_before_ms(at("2025-09-15", 12), 3, UPCOMING_DAYS));
    }

    #[test]
    fn placeholders_are_unique_per_customer() {
        assert_ne!(placeholder_email(1), placeholder_email(2));
        assert!(placeholder_email(7).ends_with(".invalid"));
        assert!(placeholder_name(7).contains("#7"));
    }
}
