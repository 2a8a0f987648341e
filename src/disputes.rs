//! Customer breach cases (clauses 4.3.2, 8.1) and dispute cases (clause 11). Pure: the states,
//! the order of the resolution methods, the rules on step dates, input checks and the view
//! types shared by the server and the browser.
//!
//! A dispute is resolved by negotiation, then mediation, then arbitration *or* a court (11.1):
//! the method only moves forward, and arbitration and litigation exclude each other (an
//! arbitration award is final; a party who went to court cannot start arbitration on the same
//! matter). Each step has a key date that never goes before the previous step's.

use crate::membership::FileInfo;
use crate::Msg;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The clauses a customer's breach case may rest on.
pub const BREACH_CLAUSES: [&str; 2] = ["4.3.2", "8.1"];
/// Longest case summary (a line in lists and notifications).
pub const MAX_SUMMARY_CHARS: usize = 200;
/// Longest free text (evidence, reasons, notes, results).
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Longest name of a mediation body, arbitration commission or court.
pub const MAX_BODY_CHARS: usize = 200;
/// Most evidence files on one breach case, or documents on one dispute.
pub const MAX_FILES: usize = 20;
/// The series of dispute numbers: `DSP-2026-000001`.
pub const DISPUTE_SERIES: &str = "DSP";

// ---------------------------------------------------------------- breach cases

/// Where a breach case stands (4.3.2): opened with evidence, then decided by someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachStatus {
    Open,
    Upheld,
    Dismissed,
}

impl BreachStatus {
    pub const ALL: [BreachStatus; 3] = [
        BreachStatus::Open,
        BreachStatus::Upheld,
        BreachStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BreachStatus::Open => "open",
            BreachStatus::Upheld => "upheld",
            BreachStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<BreachStatus> {
        BreachStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            BreachStatus::Open => Msg::BcStatusOpen,
            BreachStatus::Upheld => Msg::BcStatusUpheld,
            BreachStatus::Dismissed => Msg::BcStatusDismissed,
        }
    }

    /// The decision a reviewer may give (`upheld` / `dismissed`).
    pub fn parse_decision(s: &str) -> Result<BreachStatus, Msg> {
        match BreachStatus::parse(s.trim()) {
            Some(d @ (BreachStatus::Upheld | BreachStatus::Dismissed)) => Ok(d),
            _ => Err(Msg::BcErrDecision),
        }
    }
}

/// A clause of [`BREACH_CLAUSES`].
pub fn parse_breach_clause(s: &str) -> Result<&'static str, Msg> {
    let s = s.trim();
    BREACH_CLAUSES
        .into_iter()
        .find(|c| *c == s)
        .ok_or(Msg::BcErrClause)
}

/// Who may decide a case (4.3.2: someone other than the person who opened it).
pub fn may_decide(opened_by: i64, decider: i64) -> Result<(), Msg> {
    if opened_by == decider {
        Err(Msg::BcErrOwnCase)
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------- disputes

/// How the parties try to resolve a dispute (11.1), in the order they may be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeMethod {
    Negotiation,
    Mediation,
    Arbitration,
    Court,
}

impl DisputeMethod {
    pub const ALL: [DisputeMethod; 4] = [
        DisputeMethod::Negotiation,
        DisputeMethod::Mediation,
        DisputeMethod::Arbitration,
        DisputeMethod::Court,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DisputeMethod::Negotiation => "negotiation",
            DisputeMethod::Mediation => "mediation",
            DisputeMethod::Arbitration => "arbitration",
            DisputeMethod::Court => "court",
        }
    }

    pub fn parse(s: &str) -> Option<DisputeMethod> {
        DisputeMethod::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            DisputeMethod::Negotiation => Msg::DspMethodNegotiation,
            DisputeMethod::Mediation => Msg::DspMethodMediation,
            DisputeMethod::Arbitration => Msg::DspMethodArbitration,
            DisputeMethod::Court => Msg::DspMethodCourt,
        }
    }

    /// The position in the escalation: arbitration and court share the last one.
    fn stage(self) -> u8 {
        match self {
            DisputeMethod::Negotiation => 0,
            DisputeMethod::Mediation => 1,
            DisputeMethod::Arbitration | DisputeMethod::Court => 2,
        }
    }

    /// Whether a body (mediation organisation, arbitration commission, court) runs it.
    pub fn needs_body(self) -> bool {
        self != DisputeMethod::Negotiation
    }

    /// Whether the dispute may move from `self` to `to` (11.1): forward only, never to the
    /// same method, and never between arbitration and court.
    pub fn move_to(self, to: DisputeMethod) -> Result<DisputeMethod, Msg> {
        if to == self {
            return Err(Msg::DspErrSameMethod);
        }
        if self.stage() == 2 && to.stage() == 2 {
            return Err(Msg::DspErrArbitrationOrCourt);
        }
        if to.stage() < self.stage() {
            return Err(Msg::DspErrBackwards);
        }
        Ok(to)
    }

    /// The methods the dispute may still move to.
    pub fn next(self) -> Vec<DisputeMethod> {
        DisputeMethod::ALL
            .into_iter()
            .filter(|m| self.move_to(*m).is_ok())
            .collect()
    }
}

/// Where a dispute stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    Open,
    /// The parties agreed (a settlement, or a mediation agreement).
    Settled,
    /// An arbitral award or a judgment.
    Decided,
    /// The claimant withdrew.
    Withdrawn,
}

impl DisputeStatus {
    pub const ALL: [DisputeStatus; 4] = [
        DisputeStatus::Open,
        DisputeStatus::Settled,
        DisputeStatus::Decided,
        DisputeStatus::Withdrawn,
    ];
    /// The ways a dispute ends.
    pub const CLOSING: [DisputeStatus; 3] = [
        DisputeStatus::Settled,
        DisputeStatus::Decided,
        DisputeStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DisputeStatus::Open => "open",
            DisputeStatus::Settled => "settled",
            DisputeStatus::Decided => "decided",
            DisputeStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<DisputeStatus> {
        DisputeStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            DisputeStatus::Open => Msg::DspStatusOpen,
            DisputeStatus::Settled => Msg::DspStatusSettled,
            DisputeStatus::Decided => Msg::DspStatusDecided,
            DisputeStatus::Withdrawn => Msg::DspStatusWithdrawn,
        }
    }

    /// The step a closing records.
    pub fn closing_step(self) -> Option<StepKind> {
        match self {
            DisputeStatus::Open => None,
            DisputeStatus::Settled => Some(StepKind::Settlement),
            DisputeStatus::Decided => Some(StepKind::Decision),
            DisputeStatus::Withdrawn => Some(StepKind::Withdrawn),
        }
    }

    /// How an open dispute at `method` may close: a decision needs an arbitral tribunal or a
    /// court; settling and withdrawing are always possible.
    pub fn close_as(s: &str, method: DisputeMethod) -> Result<DisputeStatus, Msg> {
        match DisputeStatus::parse(s.trim()) {
            Some(DisputeStatus::Decided) if method.stage() < 2 => {
                Err(Msg::DspErrDecisionNeedsForum)
            }
            Some(DisputeStatus::Open) | None => Err(Msg::DspErrCloseAs),
            Some(st) => Ok(st),
        }
    }
}

/// What a step of a dispute records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Opened,
    MethodChanged,
    Hearing,
    Filing,
    Document,
    Settlement,
    Decision,
    Withdrawn,
    /// Staff only; the customer does not see it.
    Note,
}

impl StepKind {
    pub const ALL: [StepKind; 9] = [
        StepKind::Opened,
        StepKind::MethodChanged,
        StepKind::Hearing,
        StepKind::Filing,
        StepKind::Document,
        StepKind::Settlement,
        StepKind::Decision,
        StepKind::Withdrawn,
        StepKind::Note,
    ];
    /// The steps staff record with the step form (the others come with opening and closing).
    pub const RECORDABLE: [StepKind; 5] = [
        StepKind::MethodChanged,
        StepKind::Filing,
        StepKind::Hearing,
        StepKind::Document,
        StepKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Opened => "opened",
            StepKind::MethodChanged => "method_changed",
            StepKind::Hearing => "hearing",
            StepKind::Filing => "filing",
            StepKind::Document => "document",
            StepKind::Settlement => "settlement",
            StepKind::Decision => "decision",
            StepKind::Withdrawn => "withdrawn",
            StepKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            StepKind::Opened => Msg::DspStepOpened,
            StepKind::MethodChanged => Msg::DspStepMethodChanged,
            StepKind::Hearing => Msg::DspStepHearing,
            StepKind::Filing => Msg::DspStepFiling,
            StepKind::Document => Msg::DspStepDocument,
            StepKind::Settlement => Msg::DspStepSettlement,
            StepKind::Decision => Msg::DspStepDecision,
            StepKind::Withdrawn => Msg::DspStepWithdrawn,
            StepKind::Note => Msg::DspStepNote,
        }
    }

    /// Whether the customer sees the step (internal notes are for staff).
    pub fn customer_sees(self) -> bool {
        self != StepKind::Note
    }

    /// A step kind from the record-step form, allowed at `method`: filings and hearings
    /// happen before a mediation body, an arbitral tribunal or a court.
    pub fn recordable(s: &str, method: DisputeMethod) -> Result<StepKind, Msg> {
        let kind = StepKind::parse(s.trim())
            .filter(|k| StepKind::RECORDABLE.contains(k))
            .ok_or(Msg::DspErrStepKind)?;
        if matches!(kind, StepKind::Hearing | StepKind::Filing) && !method.needs_body() {
            return Err(Msg::DspErrStepNeedsForum);
        }
        Ok(kind)
    }
}

/// A step's key date (`YYYY-MM-DD`): not after `today`, and not before the previous step's
/// date (`previous`, if any) — the timeline reads in order (11.3).
pub fn check_step_date(
    s: &str,
    previous: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NaiveDate, Msg> {
    let day = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| Msg::ErrDateInvalid)?;
    if day > today {
        return Err(Msg::DspErrDateFuture);
    }
    if previous.is_some_and(|p| day < p) {
        return Err(Msg::DspErrDateBeforePrevious);
    }
    Ok(day)
}

/// The body running the dispute: required for mediation, arbitration and court.
pub fn check_body(s: &str, method: DisputeMethod) -> Result<String, Msg> {
    let t = s.trim();
    if t.chars().count() > MAX_BODY_CHARS {
        return Err(Msg::DspErrBodyTooLong);
    }
    if t.is_empty() && method.needs_body() {
        return Err(Msg::DspErrBodyRequired);
    }
    Ok(t.to_string())
}

/// Free text: trimmed, at most `max` characters, not empty when `required`.
pub fn check_text(s: &str, max: usize, required: bool) -> Result<String, Msg> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(Msg::ErrTextRequired);
    }
    if t.chars().count() > max {
        return Err(if max == MAX_SUMMARY_CHARS {
            Msg::BcErrSummaryTooLong
        } else {
            Msg::ErrTextTooLong
        });
    }
    Ok(t.to_string())
}

/// A dispute number: `DSP-2026-000001`.
pub fn dispute_number(year: i32, seq: i64) -> String {
    crate::billing::document_number(DISPUTE_SERIES, year, seq)
}

// ---------------------------------------------------------------- views

/// A breach case in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachSummary {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub clause: String,
    pub summary: String,
    pub status: BreachStatus,
    pub opened_by_name: String,
    pub opened_at: i64,
    pub decided_at: Option<i64>,
}

/// A breach case in full, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub membership_id: Option<i64>,
    pub clause: String,
    pub summary: String,
    pub evidence: String,
    pub status: BreachStatus,
    pub opened_by: i64,
    pub opened_by_name: String,
    pub opened_at: i64,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_reason: Option<String>,
    pub files: Vec<FileInfo>,
    /// Whether the person reading may decide it (open, and they did not open it).
    pub viewer_may_decide: bool,
    /// Whether the person reading opened it.
    pub viewer_opened: bool,
}

/// A decided breach case as its customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBreachCase {
    pub id: i64,
    pub clause: String,
    pub summary: String,
    pub status: BreachStatus,
    pub opened_at: i64,
    pub decided_at: Option<i64>,
    pub decision_reason: Option<String>,
}

/// Both lists of the breach page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachLists {
    pub open: Vec<BreachSummary>,
    pub decided: Vec<BreachSummary>,
}

/// A dispute in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeSummary {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub method: DisputeMethod,
    pub body: String,
    pub status: DisputeStatus,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub updated_at: i64,
}

/// One step of a dispute's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeStepView {
    pub id: i64,
    pub seq: i64,
    pub kind: StepKind,
    pub method: DisputeMethod,
    pub body: String,
    pub happened_on: NaiveDate,
    pub note: String,
    pub recorded_by_name: Option<String>,
    pub recorded_at: i64,
    pub files: Vec<FileInfo>,
}

/// A dispute in full: for staff, or (without internal notes and names) for its customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeView {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub complaint_id: Option<i64>,
    pub method: DisputeMethod,
    pub body: String,
    pub status: DisputeStatus,
    pub result: Option<String>,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub steps: Vec<DisputeStepView>,
    /// Today (Asia/Shanghai) on the server, the default date of the forms.
    pub today: NaiveDate,
}

impl DisputeView {
    /// The key date of the newest step: the earliest a new step may have.
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.steps.iter().map(|s| s.happened_on).max()
    }
}

/// The dispute list with the server's today (the open form's default date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeList {
    pub disputes: Vec<DisputeSummary>,
    pub today: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use DisputeMethod::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn clause_11_methods_move_forward_only() {
        assert_eq!(Negotiation.move_to(Mediation), Ok(Mediation));
        assert_eq!(Negotiation.move_to(Arbitration), Ok(Arbitration));
        assert_eq!(Negotiation.move_to(Court), Ok(Court));
        assert_eq!(Mediation.move_to(Arbitration), Ok(Arbitration));
        assert_eq!(Mediation.move_to(Court), Ok(Court));
        assert_eq!(Mediation.move_to(Negotiation), Err(Msg::DspErrBackwards));
        assert_eq!(Arbitration.move_to(Mediation), Err(Msg::DspErrBackwards));
        assert_eq!(Court.move_to(Negotiation), Err(Msg::DspErrBackwards));
        for m in DisputeMethod::ALL {
            assert_eq!(m.move_to(m), Err(Msg::DspErrSameMethod));
        }
        assert_eq!(Negotiation.next(), vec![Mediation, Arbitration, Court]);
        assert!(Court.next().is_empty());
    }

    #[test]
    fn clause_11_arbitration_and_court_exclude_each_other() {
        assert_eq!(
            Arbitration.move_to(Court),
            Err(Msg::DspErrArbitrationOrCourt)
        );
        assert_eq!(
            Court.move_to(Arbitration),
            Err(Msg::DspErrArbitrationOrCourt)
        );
        assert!(Arbitration.next().is_empty());
    }

    #[test]
    fn clause_11_step_dates_never_go_before_the_previous_step() {
        let today = d("2026-05-10");
        assert_eq!(
            check_step_date("2026-05-01", Some(d("2026-05-01")), today),
            Ok(d("2026-05-01"))
        );
        assert_eq!(
            check_step_date("2026-04-30", Some(d("2026-05-01")), today),
            Err(Msg::DspErrDateBeforePrevious)
        );
        assert_eq!(
            check_step_date("2026-05-11", None, today),
            Err(Msg::DspErrDateFuture)
        );
        assert_eq!(
            check_step_date("10/05/2026", None, today),
            Err(Msg::ErrDateInvalid)
        );
        assert_eq!(check_step_date(" 2026-05-10 ", None, today), Ok(today));
    }

    #[test]
    fn clause_11_1_a_body_runs_every_method_but_negotiation() {
        assert_eq!(check_body("  ", Negotiation), Ok(String::new()));
        assert_eq!(check_body("", Mediation), Err(Msg::DspErrBodyRequired));
        assert_eq!(
            check_body(" 上海仲裁委员会 ", Arbitration),
            Ok("上海仲裁委员会".to_string())
        );
        assert_eq!(
            check_body(&"x".repeat(MAX_BODY_CHARS + 1), Court),
            Err(Msg::DspErrBodyTooLong)
        );
    }

    #[test]
    fn clause_11_only_a_tribunal_or_court_decides() {
        assert_eq!(
            DisputeStatus::close_as("decided", Mediation),
            Err(Msg::DspErrDecisionNeedsForum)
        );
        assert_eq!(
            DisputeStatus::close_as("decided", Court),
            Ok(DisputeStatus::Decided)
        );
        assert_eq!(
            DisputeStatus::close_as("settled", Negotiation),
            Ok(DisputeStatus::Settled)
        );
        assert_eq!(
            DisputeStatus::close_as("open", Court),
            Err(Msg::DspErrCloseAs)
        );
        assert_eq!(
            DisputeStatus::Withdrawn.closing_step(),
            Some(StepKind::Withdrawn)
        );
    }

    #[test]
    fn clause_11_3_steps_fit_the_method_and_notes_stay_internal() {
        assert_eq!(
            StepKind::recordable("hearing", Negotiation),
            Err(Msg::DspErrStepNeedsForum)
        );
        assert_eq!(
            StepKind::recordable("hearing", Mediation),
            Ok(StepKind::Hearing)
        );
        assert_eq!(
            StepKind::recordable("decision", Court),
            Err(Msg::DspErrStepKind)
        );
        assert_eq!(
            StepKind::recordable("note", Negotiation),
            Ok(StepKind::Note)
        );
        assert!(!StepKind::Note.customer_sees());
        assert!(StepKind::Hearing.customer_sees());
    }

    #[test]
    fn clause_4_3_2_breach_is_decided_by_someone_else() {
        assert_eq!(may_decide(7, 7), Err(Msg::BcErrOwnCase));
        assert_eq!(may_decide(7, 8), Ok(()));
        assert_eq!(parse_breach_clause(" 4.3.2"), Ok("4.3.2"));
        assert_eq!(parse_breach_clause("8.1"), Ok("8.1"));
        assert_eq!(parse_breach_clause("9"), Err(Msg::BcErrClause));
        assert_eq!(
            BreachStatus::parse_decision("upheld"),
            Ok(BreachStatus::Upheld)
        );
        assert_eq!(
            BreachStatus::parse_decision("open"),
            Err(Msg::BcErrDecision)
        );
    }

    #[test]
    fn every_state_round_trips() {
        for s in BreachStatus::ALL {
            assert_eq!(BreachStatus::parse(s.as_str()), Some(s));
        }
        for s in DisputeStatus::ALL {
            assert_eq!(DisputeStatus::parse(s.as_str()), Some(s));
        }
        for s in DisputeMethod::ALL {
            assert_eq!(DisputeMethod::parse(s.as_str()), Some(s));
        }
        for s in StepKind::ALL {
            assert_eq!(StepKind::parse(s.as_str()), Some(s));
        }
        assert_eq!(dispute_number(2026, 1), "DSP-2026-000001");
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(check_text("  a ", 10, true), Ok("a".to_string()));
        assert_eq!(check_text("  ", 10, true), Err(Msg::ErrTextRequired));
        assert_eq!(check_text("", 10, false), Ok(String::new()));
        assert_eq!(
            check_text(&"x".repeat(MAX_SUMMARY_CHARS + 1), MAX_SUMMARY_CHARS, true),
            Err(Msg::BcErrSummaryTooLong)
        );
        assert_eq!(
            check_text(&"x".repeat(11), 10, true),
            Err(Msg::ErrTextTooLong)
        );
    }
}
