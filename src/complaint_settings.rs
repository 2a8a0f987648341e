//! The complaint process's configuration (clauses 7.2, 8.2): its deadlines and the automatic
//! compensation per VIP level. Pure view types and the parsing of what an admin types, shared by
//! the server and the browser; [`crate::services::complaint_settings`] stores them.
//!
//! Deadlines are kept in minutes of wall time (`complaint_settings`), but typed in the units the
//! agreement's process speaks in: acknowledge within N **hours**, propose within N **days** of
//! receipt, propose again within N **days** of an escalation. Compensation amounts are typed in
//! yuan (`50`, `12.50`) and kept as integer fen.

use crate::{Fen, Msg};
use serde::{Deserialize, Serialize};

/// Minutes in an hour and in a day.
pub const HOUR_MINS: i64 = 60;
pub const DAY_MINS: i64 = 24 * 60;
/// The longest acknowledgement deadline: one week, in hours.
pub const ACKNOWLEDGE_HOURS_MAX: i64 = 7 * 24;
/// The longest deadline for a (first or second) proposal: 90 days.
pub const PROPOSE_DAYS_MAX: i64 = 90;
/// The largest automatic compensation per breached target: ¥10,000.
pub const COMPENSATION_MAX: Fen = Fen(1_000_000);
/// The largest monthly cap of automatic compensation: ¥100,000.
pub const MONTHLY_CAP_MAX: Fen = Fen(10_000_000);

/// The deadlines in force (one row, `complaint_settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSettings {
    /// Acknowledge within this long of receipt.
    pub acknowledge_mins: i64,
    /// Propose a resolution within this long of receipt.
    pub propose_mins: i64,
    /// Propose again within this long of an escalation.
    pub second_proposal_mins: i64,
    /// Who changed them last (`None`: as shipped).
    pub updated_by: Option<i64>,
    pub updated_by_name: Option<String>,
    /// Unix ms UTC of the last change (0: as shipped).
    pub updated_at: i64,
}

impl ComplaintSettings {
    /// The acknowledgement deadline as the hours field shows it.
    pub fn acknowledge_hours(&self) -> String {
        fmt_units(self.acknowledge_mins, HOUR_MINS)
    }

    /// The proposal deadline as the days field shows it.
    pub fn propose_days(&self) -> String {
        fmt_units(self.propose_mins, DAY_MINS)
    }

    /// The second proposal's deadline as the days field shows it.
    pub fn second_proposal_days(&self) -> String {
        fmt_units(self.second_proposal_mins, DAY_MINS)
    }

    /// The three deadlines alone, in minutes.
    pub fn deadlines(&self) -> DeadlineMinutes {
        DeadlineMinutes {
            acknowledge_mins: self.acknowledge_mins,
            propose_mins: self.propose_mins,
            second_proposal_mins: self.second_proposal_mins,
        }
    }
}

/// Checked deadlines in minutes, ready to store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineMinutes {
    pub acknowledge_mins: i64,
    pub propose_mins: i64,
    pub second_proposal_mins: i64,
}

/// A form field that failed a check and the message to show there.
pub type FieldError = (&'static str, Msg);

/// `mins` in whole `unit`s (`24`), or with up to two decimals when it is not whole (`1.5`).
pub fn fmt_units(mins: i64, unit: i64) -> String {
    if unit <= 0 || mins % unit == 0 {
        return (mins / unit.max(1)).to_string();
    }
    let hundredths = (mins * 100 + unit / 2) / unit;
    let s = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A whole number from 1 to `max` as typed (`" 24 "`); `None` for anything else.
pub fn parse_whole(s: &str, max: i64) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok().filter(|n| (1..=max).contains(n))
}

/// The deadlines form: acknowledge within `acknowledge_hours` hours (1–168), propose within
/// `propose_days` days of receipt and again within `second_proposal_days` days of an
/// escalation (1–90 each). Acknowledging must be due before the proposal is.
pub fn parse_deadlines(
    acknowledge_hours: &str,
    propose_days: &str,
    second_proposal_days: &str,
) -> Result<DeadlineMinutes, FieldError> {
    let ack = parse_whole(acknowledge_hours, ACKNOWLEDGE_HOURS_MAX)
        .ok_or(("acknowledge_hours", Msg::ComplaintSettingsErrAcknowledge))?;
    let propose = parse_whole(propose_days, PROPOSE_DAYS_MAX)
        .ok_or(("propose_days", Msg::ComplaintSettingsErrDays))?;
    let second = parse_whole(second_proposal_days, PROPOSE_DAYS_MAX)
        .ok_or(("second_proposal_days", Msg::ComplaintSettingsErrDays))?;
    let d = DeadlineMinutes {
        acknowledge_mins: ack * HOUR_MINS,
        propose_mins: propose * DAY_MINS,
        second_proposal_mins: second * DAY_MINS,
    };
    if d.acknowledge_mins >= d.propose_mins {
        return Err((
            "acknowledge_hours",
            Msg::ComplaintSettingsErrAcknowledgeAfterProposal,
        ));
    }
    Ok(d)
}

/// The automatic compensation of one VIP level (8.2): a credit per breached first-response
/// target and per breached resolution target (0: none for that target), at most
/// `monthly_cap` per customer and calendar month (Asia/Shanghai).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompensationPolicy {
    pub first_response: Fen,
    pub resolution: Fen,
    pub monthly_cap: Fen,
}

/// An amount in yuan from 0 to `max` as typed; empty is 0.
fn parse_amount(s: &str, max: Fen) -> Option<Fen> {
    if s.trim().is_empty() {
        return Some(Fen::ZERO);
    }
    Fen::parse_yuan(s).filter(|f| f.0 >= 0 && *f <= max)
}

/// The policy form: amounts in yuan (`50`, `12.50`, empty for none), each at most
/// [`COMPENSATION_MAX`]; at least one target compensated (to compensate nothing, remove the
/// policy); a monthly cap of at least the larger amount (or no breach could ever be paid) and
/// at most [`MONTHLY_CAP_MAX`].
pub fn parse_policy(
    first_response: &str,
    resolution: &str,
    monthly_cap: &str,
) -> Result<CompensationPolicy, FieldError> {
    let first = parse_amount(first_response, COMPENSATION_MAX)
        .ok_or(("first_response", Msg::ComplaintSettingsErrAmount))?;
    let resolution = parse_amount(resolution, COMPENSATION_MAX)
        .ok_or(("resolution", Msg::ComplaintSettingsErrAmount))?;
    if first == Fen::ZERO && resolution == Fen::ZERO {
        return Err(("first_response", Msg::ComplaintSettingsErrNothing));
    }
    let cap = match monthly_cap.trim() {
        "" => None,
        s => Fen::parse_yuan(s).filter(|f| f.0 >= 0 && *f <= MONTHLY_CAP_MAX),
    }
    .ok_or(("monthly_cap", Msg::ComplaintSettingsErrCap))?;
    if cap < first.max(resolution) {
        return Err(("monthly_cap", Msg::ComplaintSettingsErrCapBelowAmount));
    }
    Ok(CompensationPolicy {
        first_response: first,
        resolution,
        monthly_cap: cap,
    })
}

/// A VIP level and its automatic compensation; `policy` `None`: the level has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompensationPolicyView {
    pub level_id: i64,
    pub level_code: String,
    pub level_name_zh: String,
    pub level_name_en: String,
    pub level_active: bool,
    pub policy: Option<CompensationPolicy>,
    /// Unix ms UTC of the policy's last change.
    pub updated_at: Option<i64>,
}

/// Everything the settings page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSettingsOverview {
    pub settings: ComplaintSettings,
    pub policies: Vec<CompensationPolicyView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_7_2_deadlines_are_whole_hours_and_days_within_bounds() {
        assert_eq!(
            parse_deadlines(" 24 ", "7", "7"),
            Ok(DeadlineMinutes {
                acknowledge_mins: 1_440,
                propose_mins: 10_080,
                second_proposal_mins: 10_080,
            })
        );
        assert_eq!(
            parse_deadlines("168", "90", "1").map(|d| d.acknowledge_mins),
            Ok(168 * 60)
        );
        for bad in ["0", "-1", "169", "1.5", "abc", "", "２４", "1e2"] {
            assert_eq!(
                parse_deadlines(bad, "7", "7"),
                Err(("acknowledge_hours", Msg::ComplaintSettingsErrAcknowledge)),
                "{bad:?}"
            );
        }
        for bad in ["0", "91", "7 days", " "] {
            assert_eq!(
                parse_deadlines("24", bad, "7"),
                Err(("propose_days", Msg::ComplaintSettingsErrDays))
            );
            assert_eq!(
                parse_deadlines("24", "7", bad),
                Err(("second_proposal_days", Msg::ComplaintSettingsErrDays))
            );
        }
    }

    #[test]
    fn clause_7_2_acknowledging_is_due_before_the_proposal() {
        assert_eq!(
            parse_deadlines("24", "1", "7"),
            Err((
                "acknowledge_hours",
                Msg::ComplaintSettingsErrAcknowledgeAfterProposal
            ))
        );
        assert!(parse_deadlines("23", "1", "7").is_ok());
    }

    #[test]
    fn clause_7_2_deadlines_show_in_their_units() {
        let s = ComplaintSettings {
            acknowledge_mins: 1_440,
            propose_mins: 10_080,
            second_proposal_mins: 2_880,
            updated_by: None,
            updated_by_name: None,
            updated_at: 0,
        };
        assert_eq!(
            (
                s.acknowledge_hours(),
                s.propose_days(),
                s.second_proposal_days()
            ),
            ("24".to_string(), "7".to_string(), "2".to_string())
        );
        assert_eq!(fmt_units(90, HOUR_MINS), "1.5");
        assert_eq!(fmt_units(100, HOUR_MINS), "1.67");
        assert_eq!(fmt_units(2_160, DAY_MINS), "1.5");
        assert_eq!(s.deadlines().second_proposal_mins, 2_880);
    }

    #[test]
    fn clause_8_2_policy_amounts_are_yuan_as_integer_fen() {
        assert_eq!(
            parse_policy("50", "12.50", "200"),
            Ok(CompensationPolicy {
                first_response: Fen(5_000),
                resolution: Fen(1_250),
                monthly_cap: Fen(20_000),
            })
        );
        // Empty means nothing for that target.
        assert_eq!(
            parse_policy("", "¥1,000", "1000").map(|p| (p.first_response, p.resolution)),
            Ok((Fen::ZERO, Fen(100_000)))
        );
        for (f, r, c, err) in [
            (
                "-5",
                "10",
                "100",
                ("first_response", Msg::ComplaintSettingsErrAmount),
            ),
            (
                "5.001",
                "10",
                "100",
                ("first_response", Msg::ComplaintSettingsErrAmount),
            ),
            (
                "10001",
                "10",
                "100000",
                ("first_response", Msg::ComplaintSettingsErrAmount),
            ),
            (
                "5",
                "x",
                "100",
                ("resolution", Msg::ComplaintSettingsErrAmount),
            ),
            (
                "0",
                "",
                "100",
                ("first_response", Msg::ComplaintSettingsErrNothing),
            ),
            ("5", "10", "", ("monthly_cap", Msg::ComplaintSettingsErrCap)),
            (
                "5",
                "10",
                "-1",
                ("monthly_cap", Msg::ComplaintSettingsErrCap),
            ),
            (
                "5",
                "10",
                "100001",
                ("monthly_cap", Msg::ComplaintSettingsErrCap),
            ),
            (
                "5",
                "10",
                "9.99",
                ("monthly_cap", Msg::ComplaintSettingsErrCapBelowAmount),
            ),
        ] {
            assert_eq!(parse_policy(f, r, c), Err(err), "{f:?} {r:?} {c:?}");
        }
        assert!(parse_policy("10000", "10000", "100000").is_ok());
    }
}
