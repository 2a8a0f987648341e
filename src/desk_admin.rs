//! Service desk configuration for admins (clauses 3.1.1, 3.4.1, 3.4.2): branches and their
//! supervisors, staff placement and absence, dedicated agents, working calendars and SLA
//! terms. Pure view types and input parsing, shared by the server and the browser.

use crate::auth::{Permission, Role};
use crate::{Lang, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest SLA target an admin may set: one year.
pub const MAX_TARGET_MINS: i64 = 366 * 24 * 60;
/// The longest note on a calendar day.
pub const MAX_NOTE_CHARS: usize = 100;

/// A branch or the headquarters (3.4.2) with its supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchView {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub headquarters: bool,
    pub supervisor_id: Option<i64>,
    pub supervisor_name: Option<String>,
}

impl BranchView {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }
}

/// A staff member with the branch they work in and whether they are away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffPlacement {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub active: bool,
    pub roles: Vec<Role>,
    pub branch_id: Option<i64>,
    pub away: bool,
}

impl StaffPlacement {
    /// Whether this person may be a dedicated agent (clause 3.1.1: agents and admins).
    pub fn handles_requests(&self) -> bool {
        self.roles
            .iter()
            .any(|r| Permission::HandleRequests.granted_to(*r))
    }
}

/// A VIP customer (live membership) and their dedicated agent (3.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VipAgentRow {
    pub customer_id: i64,
    pub name: String,
    pub email: String,
    pub level_name_zh: String,
    pub level_name_en: String,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
}

/// A holiday (`holiday`) or an adjusted working day (调休) of a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    pub day: NaiveDate,
    pub holiday: bool,
    pub note: String,
}

/// A working calendar (3.4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub id: i64,
    pub name: String,
    pub always_open: bool,
    pub open_min: i64,
    pub close_min: i64,
    /// Monday … Sunday.
    pub weekdays: [bool; 7],
    pub days: Vec<SpecialDay>,
}

/// The SLA terms of one VIP level, or of customers who are not VIPs (`level_id` `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyView {
    pub level_id: Option<i64>,
    pub level_name_zh: Option<String>,
    pub level_name_en: Option<String>,
    pub first_response_mins: i64,
    pub resolution_mins: i64,
    pub calendar_id: i64,
}

/// Everything the configuration page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskAdminOverview {
    pub branches: Vec<BranchView>,
    pub staff: Vec<StaffPlacement>,
    pub vips: Vec<VipAgentRow>,
    pub calendars: Vec<CalendarView>,
    pub policies: Vec<PolicyView>,
}

/// The seven weekday checkboxes of the hours form (`week[mon]=on` …); unchecked ones are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekdayBoxes {
    pub mon: Option<String>,
    pub tue: Option<String>,
    pub wed: Option<String>,
    pub thu: Option<String>,
    pub fri: Option<String>,
    pub sat: Option<String>,
    pub sun: Option<String>,
}

/// The form names of the weekday checkboxes, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl WeekdayBoxes {
    /// Monday … Sunday, checked or not.
    pub fn days(&self) -> [bool; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
        .map(|b| b.is_some())
    }
}

/// `weekdays` as stored: Monday … Sunday, `1` for a working weekday (`1111100`).
pub fn weekdays_text(days: &[bool; 7]) -> String {
    days.iter().map(|d| if *d { '1' } else { '0' }).collect()
}

/// The stored `weekdays` text as seven flags (anything but `1` is a day off).
pub fn weekdays_from_text(s: &str) -> [bool; 7] {
    let mut out = [false; 7];
    for (i, c) in s.chars().take(7).enumerate() {
        out[i] = c == '1';
    }
    out
}

/// `HH:MM` (or `H:MM`) as minutes after midnight, 00:00 to 24:00.
pub fn parse_hhmm(s: &str) -> Option<i64> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    let total = h * 60 + m;
    (m < 60 && total <= 24 * 60).then_some(total)
}

/// Minutes after midnight as `HH:MM`.
pub fn fmt_hhmm(mins: i64) -> String {
    format!("{:02}:{:02}", mins / 60, mins % 60)
}

/// A duration typed in hours — `8`, `1.5`, `1.25` (at most two decimals, rounded to the
/// minute) or `1:30` — as whole minutes, more than zero and at most [`MAX_TARGET_MINS`].
pub fn parse_hours(s: &str) -> Option<i64> {
    let s = s.trim();
    let digits = |t: &str| !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit());
    let mins = if let Some((h, m)) = s.split_once(':') {
        if !digits(h) || m.len() != 2 || !digits(m) {
            return None;
        }
        let m: i64 = m.parse().ok()?;
        (m < 60).then_some(())?;
        h.parse::<i64>().ok()? * 60 + m
    } else {
        let (h, frac) = s.split_once('.').unwrap_or((s, ""));
        if !digits(h) || frac.len() > 2 || !(frac.is_empty() || digits(frac)) {
            return None;
        }
        let hundredths = format!("{frac:0<2}").parse::<i64>().ok()?;
        h.parse::<i64>().ok()? * 60 + (hundredths * 60 + 50) / 100
    };
    (mins > 0 && mins <= MAX_TARGET_MINS).then_some(mins)
}

/// Minutes as the hours field shows them: `8` for whole hours, else `1:30`.
pub fn fmt_hours(mins: i64) -> String {
    if mins % 60 == 0 {
        (mins / 60).to_string()
    } else {
        format!("{}:{:02}", mins / 60, mins % 60)
    }
}

/// A branch code: 1–16 letters, digits, `-` or `_`, kept in upper case.
pub fn check_branch_code(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    let ok = (1..=16).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(s.to_ascii_uppercase())
    } else {
        Err(Msg::DeskAdminErrCode)
    }
}

/// A branch name in one language: 1–80 characters.
pub fn check_branch_name(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 80 || s.chars().any(char::is_control) {
        Err(Msg::DeskAdminErrName)
    } else {
        Ok(s.to_string())
    }
}

/// The note on a calendar day: at most [`MAX_NOTE_CHARS`] characters, may be empty.
pub fn check_day_note(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    if s.chars().count() > MAX_NOTE_CHARS || s.chars().any(char::is_control) {
        Err(Msg::DeskAdminErrNote)
    } else {
        Ok(s.to_string())
    }
}

/// A `YYYY-MM-DD` date.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_3_4_1_opening_hours_are_hh_mm_up_to_midnight() {
        assert_eq!(parse_hhmm("09:00"), Some(540));
        assert_eq!(parse_hhmm(" 9:30 "), Some(570));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("00:00"), Some(0));
        for bad in [
            "24:01", "25:00", "9:60", "9", "09:0", "-1:00", "ab:cd", "", "09:00:00",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
        assert_eq!(fmt_hhmm(540), "09:00");
        assert_eq!(fmt_hhmm(1440), "24:00");
    }

    #[test]
    fn clause_3_4_1_weekdays_round_trip_monday_first() {
        let days = weekdays_from_text("1111100");
        assert_eq!(days, [true, true, true, true, true, false, false]);
        assert_eq!(weekdays_text(&days), "1111100");
        let boxes = WeekdayBoxes {
            mon: Some("on".into()),
            sun: Some("on".into()),
            ..Default::default()
        };
        assert_eq!(weekdays_text(&boxes.days()), "1000001");
    }

    #[test]
    fn clause_3_4_1_sla_targets_in_hours_or_h_mm() {
        assert_eq!(parse_hours("8"), Some(480));
        assert_eq!(parse_hours("1.5"), Some(90));
        assert_eq!(parse_hours("1.25"), Some(75));
        assert_eq!(parse_hours("0.01"), Some(1));
        assert_eq!(parse_hours("1:30"), Some(90));
        assert_eq!(parse_hours("0:45"), Some(45));
        for bad in [
            "0", "0.00", "0:00", "-1", "1.234", "1:3", "1:60", "x", "", "1e3", "9999999",
        ] {
            assert_eq!(parse_hours(bad), None, "{bad}");
        }
        assert_eq!(fmt_hours(480), "8");
        assert_eq!(fmt_hours(90), "1:30");
        assert_eq!(parse_hours(&fmt_hours(4321)), Some(4321));
    }

    #[test]
    fn clause_3_4_2_branch_codes_and_names() {
        assert_eq!(check_branch_code(" sh-01 "), Ok("SH-01".into()));
        assert!(check_branch_code("").is_err());
        assert!(check_branch_code("has space").is_err());
        assert!(check_branch_code("ABCDEFGHIJKLMNOPQ").is_err());
        assert_eq!(check_branch_name(" 北京分部 "), Ok("北京分部".into()));
        assert!(check_branch_name("  ").is_err());
        assert!(check_day_note("").is_ok());
        assert!(check_day_note(&"x".repeat(101)).is_err());
        assert_eq!(
            parse_day("2026-10-01"),
            NaiveDate::from_ymd_opt(2026, 10, 1)
        );
        assert_eq!(parse_day("2026-02-30"), None);
    }
}
