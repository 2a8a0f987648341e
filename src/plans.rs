//! Customised service plans (clause 3.2.3): a customer describes what they need; staff answer
//! with line items priced from the fee schedule in force and a date the offer is valid until;
//! the customer accepts (the plan becomes an issued invoice and an attachment of the agreement,
//! clause 14) or declines. Pure rules and the shapes the pages use.

use crate::billing::{self, LineAmounts};
use crate::{Fen, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest a proposal may stay open.
pub const MAX_VALID_DAYS: i64 = 180;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Requested,
    Proposed,
    Accepted,
    Declined,
    Withdrawn,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 5] = [
        PlanStatus::Requested,
        PlanStatus::Proposed,
        PlanStatus::Accepted,
        PlanStatus::Declined,
        PlanStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Requested => "requested",
            PlanStatus::Proposed => "proposed",
            PlanStatus::Accepted => "accepted",
            PlanStatus::Declined => "declined",
            PlanStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<PlanStatus> {
        PlanStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Staff may propose on a request, and propose again (a revised offer) until it is answered.
    pub fn may_propose(self) -> bool {
        matches!(self, PlanStatus::Requested | PlanStatus::Proposed)
    }

    /// The customer may withdraw a request that is not yet answered.
    pub fn may_withdraw(self) -> bool {
        matches!(self, PlanStatus::Requested | PlanStatus::Proposed)
    }

    pub fn msg(self) -> Msg {
        match self {
            PlanStatus::Requested => Msg::PlanStatusRequested,
            PlanStatus::Proposed => Msg::PlanStatusProposed,
            PlanStatus::Accepted => Msg::PlanStatusAccepted,
            PlanStatus::Declined => Msg::PlanStatusDeclined,
            PlanStatus::Withdrawn => Msg::PlanStatusWithdrawn,
        }
    }
}

/// Whether the customer may accept or decline now: a proposal, on or before its valid-until day.
pub fn may_answer(status: PlanStatus, valid_until: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == PlanStatus::Proposed && valid_until.is_some_and(|d| today <= d)
}

/// A valid-until date staff may set: from today up to [`MAX_VALID_DAYS`] ahead.
pub fn valid_until_ok(valid_until: NaiveDate, today: NaiveDate) -> bool {
    let days = (valid_until - today).num_days();
    (0..=MAX_VALID_DAYS).contains(&days)
}

/// One priced line of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    pub line_no: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub quantity: i64,
    pub unit_price: Fen,
    pub tax_bp: i64,
    pub amounts: LineAmounts,
}

impl PlanLine {
    pub fn name(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }

    pub fn unit(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.unit_zh, &self.unit_en)
    }
}

/// A plan with its proposal, for its customer or for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub request: String,
    pub status: PlanStatus,
    pub proposal: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub discount_bp: i64,
    pub lines: Vec<PlanLine>,
    pub totals: Option<billing::InvoiceTotals>,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub requested_on: NaiveDate,
    /// The customer may accept or decline today.
    pub answerable: bool,
}

/// A row of a plan list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: i64,
    pub customer_name: String,
    pub request: String,
    pub status: PlanStatus,
    pub valid_until: Option<NaiveDate>,
    pub requested_on: NaiveDate,
    pub invoice_number: Option<String>,
}

/// One line of the proposal form as typed by staff (fee item code and quantity).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLineInput {
    pub code: String,
    pub quantity: String,
}

impl PlanLineInput {
    /// `Ok(None)` for an empty row of the form.
    pub fn parse(&self) -> Result<Option<(String, i64)>, Msg> {
        if self.code.trim().is_empty() && self.quantity.trim().is_empty() {
            return Ok(None);
        }
        let code = crate::fees::parse_code(&self.code).ok_or(Msg::ErrFeeCode)?;
        match self.quantity.trim().parse::<i64>() {
            Ok(q) if (1..=1_000_000).contains(&q) => Ok(Some((code, q))),
            _ => Err(Msg::ErrQuantity),
        }
    }
}

/// The customer's request text: 10–4,000 characters.
pub fn parse_request(text: &str) -> Result<String, Msg> {
    let t = text.trim();
    let n = t.chars().count();
    if n < 10 {
        return Err(Msg::ErrPlanRequestShort);
    }
    if n > 4_000 {
        return Err(Msg::ErrTextTooLong);
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn clause_3_2_3_a_proposal_is_answerable_until_its_valid_until_day() {
        let until = Some(d("2026-12-10"));
        assert!(may_answer(PlanStatus::Proposed, until, d("2026-12-10")));
        assert!(!may_answer(PlanStatus::Proposed, until, d("2026-12-11")));
        assert!(!may_answer(PlanStatus::Requested, until, d("2026-12-01")));
        assert!(!may_answer(PlanStatus::Accepted, until, d("2026-12-01")));
        assert!(!may_answer(PlanStatus::Proposed, None, d("2026-12-01")));
    }

    #[test]
    fn clause_3_2_3_staff_propose_until_answered_and_validity_is_bounded() {
        assert!(PlanStatus::Requested.may_propose() && PlanStatus::Proposed.may_propose());
        for s in [
            PlanStatus::Accepted,
            PlanStatus::Declined,
            PlanStatus::Withdrawn,
        ] {
            assert!(!s.may_propose() && !s.may_withdraw(), "{s:?}");
        }
        let today = d("2026-11-25");
        assert!(valid_until_ok(today, today));
        assert!(valid_until_ok(d("2027-05-24"), today)); // 180 days
        assert!(!valid_until_ok(d("2027-05-25"), today));
        assert!(!valid_until_ok(d("2026-11-24"), today));
        for s in PlanStatus::ALL {
            assert_eq!(PlanStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn clause_3_2_3_inputs_are_checked() {
        let l = |c: &str, q: &str| PlanLineInput {
            code: c.into(),
            quantity: q.into(),
        };
        assert_eq!(
            l("consult-hour", "3").parse(),
            Ok(Some(("consult-hour".into(), 3)))
        );
        assert_eq!(l("", " ").parse(), Ok(None));
        assert_eq!(l("consult-hour", "0").parse(), Err(Msg::ErrQuantity));
        assert_eq!(l("Bad Code", "1").parse(), Err(Msg::ErrFeeCode));
        assert_eq!(parse_request("too short"), Err(Msg::ErrPlanRequestShort));
        assert!(parse_request("  Quarterly on-site visits for our Shanghai office ").is_ok());
    }
}
