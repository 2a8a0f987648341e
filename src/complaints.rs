//! Complaints (clause 7): the process with its deadlines, the outcome and its compensation
//! (7.3, 8.2), and automatic compensation for breached service commitments. Pure: the service
//! ([`crate::services::complaints`]) applies these rules inside transactions.
//!
//! The process (7.2): received → acknowledged → investigating → proposed (round 1) → accepted
//! (closed) | rejected → escalated to the branch supervisor → proposed (round 2) → accepted
//! (closed) | rejected → disputed (a dispute case, clause 11, is opened).

use crate::desk::Channel;
use crate::{Fen, Msg};
use serde::{Deserialize, Serialize};

/// Series prefix of complaint numbers: `CMP-2026-000001`.
pub const COMPLAINT_SERIES: &str = "CMP";

/// Where a complaint is in its process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    Received,
    Acknowledged,
    Investigating,
    /// A resolution is proposed; the customer answers.
    Proposed,
    /// The customer rejected the first proposal; the branch supervisor handles it.
    Escalated,
    /// The customer accepted a proposal.
    Closed,
    /// The customer rejected the second proposal; a dispute case is open (clause 11).
    Disputed,
}

impl ComplaintStatus {
    pub const ALL: [ComplaintStatus; 7] = [
        ComplaintStatus::Received,
        ComplaintStatus::Acknowledged,
        ComplaintStatus::Investigating,
        ComplaintStatus::Proposed,
        ComplaintStatus::Escalated,
        ComplaintStatus::Closed,
        ComplaintStatus::Disputed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintStatus::Received => "received",
            ComplaintStatus::Acknowledged => "acknowledged",
            ComplaintStatus::Investigating => "investigating",
            ComplaintStatus::Proposed => "proposed",
            ComplaintStatus::Escalated => "escalated",
            ComplaintStatus::Closed => "closed",
            ComplaintStatus::Disputed => "disputed",
        }
    }

    pub fn parse(s: &str) -> Option<ComplaintStatus> {
        ComplaintStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            ComplaintStatus::Received => Msg::CmpStatusReceived,
            ComplaintStatus::Acknowledged => Msg::CmpStatusAcknowledged,
            ComplaintStatus::Investigating => Msg::CmpStatusInvestigating,
            ComplaintStatus::Proposed => Msg::CmpStatusProposed,
            ComplaintStatus::Escalated => Msg::CmpStatusEscalated,
            ComplaintStatus::Closed => Msg::CmpStatusClosed,
            ComplaintStatus::Disputed => Msg::CmpStatusDisputed,
        }
    }

    /// Whether the process has ended (accepted, or carried into a dispute).
    pub fn is_finished(self) -> bool {
        matches!(self, ComplaintStatus::Closed | ComplaintStatus::Disputed)
    }
}

/// The finding of a proposed resolution (7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    Upheld,
    PartlyUpheld,
    NotUpheld,
}

impl Finding {
    pub const ALL: [Finding; 3] = [Finding::Upheld, Finding::PartlyUpheld, Finding::NotUpheld];

    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Upheld => "upheld",
            Finding::PartlyUpheld => "partly_upheld",
            Finding::NotUpheld => "not_upheld",
        }
    }

    pub fn parse(s: &str) -> Option<Finding> {
        Finding::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            Finding::Upheld => Msg::CmpFindingUpheld,
            Finding::PartlyUpheld => Msg::CmpFindingPartly,
            Finding::NotUpheld => Msg::CmpFindingNotUpheld,
        }
    }
}

/// How compensation is paid once the customer accepts (8.2): a credit on their balance (it
/// settles the next invoice), or a credit finance refunds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompensationForm {
    None,
    Credit,
    Refund,
}

impl CompensationForm {
    pub const ALL: [CompensationForm; 3] = [
        CompensationForm::None,
        CompensationForm::Credit,
        CompensationForm::Refund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CompensationForm::None => "none",
            CompensationForm::Credit => "credit",
            CompensationForm::Refund => "refund",
        }
    }

    pub fn parse(s: &str) -> Option<CompensationForm> {
        CompensationForm::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            CompensationForm::None => Msg::CmpCompNone,
            CompensationForm::Credit => Msg::CmpCompCredit,
            CompensationForm::Refund => Msg::CmpCompRefund,
        }
    }
}

/// The step staff owe next, with its deadline (7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueStep {
    Acknowledge,
    Propose,
    SecondProposal,
}

impl DueStep {
    pub const ALL: [DueStep; 3] = [
        DueStep::Acknowledge,
        DueStep::Propose,
        DueStep::SecondProposal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DueStep::Acknowledge => "acknowledge",
            DueStep::Propose => "propose",
            DueStep::SecondProposal => "second_proposal",
        }
    }

    pub fn parse(s: &str) -> Option<DueStep> {
        DueStep::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            DueStep::Acknowledge => Msg::CmpStepAcknowledge,
            DueStep::Propose => Msg::CmpStepPropose,
            DueStep::SecondProposal => Msg::CmpStepSecondProposal,
        }
    }
}

/// The deadlines of the process in minutes (admin data; defaults 24 h, 7 days, 7 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// Acknowledge within this long of receipt.
    pub acknowledge_mins: i64,
    /// Propose a resolution within this long of receipt.
    pub propose_mins: i64,
    /// Propose again within this long of the escalation.
    pub second_proposal_mins: i64,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            acknowledge_mins: 24 * 60,
            propose_mins: 7 * 24 * 60,
            second_proposal_mins: 7 * 24 * 60,
        }
    }
}

const MIN_MS: i64 = 60_000;

impl Deadlines {
    pub fn acknowledge_due(&self, received_ms: i64) -> i64 {
        received_ms + self.acknowledge_mins * MIN_MS
    }
    pub fn proposal_due(&self, received_ms: i64) -> i64 {
        received_ms + self.propose_mins * MIN_MS
    }
    pub fn second_proposal_due(&self, escalated_ms: i64) -> i64 {
        escalated_ms + self.second_proposal_mins * MIN_MS
    }
}

/// The dates a complaint's deadlines are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub acknowledge_due: i64,
    pub proposal_due: i64,
    /// Set once escalated: the second proposal's deadline.
    pub second_proposal_due: Option<i64>,
}

/// The step staff owe in `status` and its deadline; `None` while the customer answers a
/// proposal or once the process has ended.
pub fn due_step(status: ComplaintStatus, round: i64, clock: &Clock) -> Option<(DueStep, i64)> {
    use ComplaintStatus as S;
    match status {
        S::Received => Some((DueStep::Acknowledge, clock.acknowledge_due)),
        S::Acknowledged | S::Investigating if round < 2 => {
            Some((DueStep::Propose, clock.proposal_due))
        }
        S::Acknowledged | S::Investigating | S::Escalated => clock
            .second_proposal_due
            .map(|d| (DueStep::SecondProposal, d)),
        S::Proposed | S::Closed | S::Disputed => None,
    }
}

/// Whether the step owed is past its deadline at `now`.
pub fn is_overdue(next_due: Option<i64>, now: i64) -> bool {
    next_due.is_some_and(|d| now > d)
}

/// What someone does to a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComplaintAction {
    /// Staff confirm receipt (the handler takes it).
    Acknowledge,
    /// Staff start (or, after an escalation, resume) the investigation.
    Investigate,
    /// Staff propose a resolution.
    Propose,
    /// The customer accepts the proposal.
    Accept,
    /// The customer rejects the proposal.
    Reject,
}

/// The status and round after `action`, or why it is refused. Every pair not listed is illegal.
pub fn next(
    from: ComplaintStatus,
    round: i64,
    action: ComplaintAction,
) -> Result<(ComplaintStatus, i64), Msg> {
    use ComplaintAction as A;
    use ComplaintStatus as S;
    if from.is_finished() {
        return Err(Msg::ErrCmpFinished);
    }
    match (from, action) {
        (S::Received, A::Acknowledge) => Ok((S::Acknowledged, round)),
        (_, A::Acknowledge) => Err(Msg::ErrCmpAlreadyAcknowledged),
        (S::Received, A::Investigate | A::Propose) => Err(Msg::ErrCmpAcknowledgeFirst),
        (S::Acknowledged | S::Escalated, A::Investigate) => Ok((S::Investigating, round)),
        (S::Investigating, A::Investigate) => Err(Msg::ErrCmpAlreadyInvestigating),
        (S::Acknowledged | S::Investigating | S::Escalated, A::Propose) => Ok((S::Proposed, round)),
        (S::Proposed, A::Accept) => Ok((S::Closed, round)),
        (S::Proposed, A::Reject) if round < 2 => Ok((S::Escalated, 2)),
        (S::Proposed, A::Reject) => Ok((S::Disputed, round)),
        (S::Proposed, A::Investigate | A::Propose) => Err(Msg::ErrCmpAwaitingAnswer),
        (_, A::Accept | A::Reject) => Err(Msg::ErrCmpNoProposal),
        (S::Closed | S::Disputed, _) => Err(Msg::ErrCmpFinished),
    }
}

/// Limits of what a complaint may say.
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 8_000;
pub const NOTE_MAX: usize = 4_000;
/// The largest compensation one proposal may offer (¥100,000), a guard against typing errors.
pub const COMPENSATION_MAX: Fen = Fen(10_000_000);

/// How much automatic compensation a breach earns (8.2): the policy's amount, but never more
/// than what is left of the monthly cap after `granted_this_month`.
pub fn automatic_amount(per_breach: Fen, monthly_cap: Fen, granted_this_month: Fen) -> Fen {
    let left = Fen((monthly_cap.0 - granted_this_month.0).max(0));
    Fen(per_breach.0.min(left.0).max(0))
}

/// A staff member the customer may name in a complaint (7.1): their dedicated agent or someone
/// assigned one of their requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownStaff {
    pub id: i64,
    pub name: String,
    pub dedicated: bool,
}

/// What a complaint may refer to (7.1): a request, an invoice, an agent, a breach decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintLinks {
    pub request_id: Option<i64>,
    pub invoice_id: Option<i64>,
    pub agent_id: Option<i64>,
    pub breach_id: Option<i64>,
}

/// A complaint as filed or recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComplaint {
    pub channel: Channel,
    pub subject: String,
    pub body: String,
    pub links: ComplaintLinks,
}

/// A complaint in a list (customer's own list, staff queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSummary {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: ComplaintStatus,
    pub round: i64,
    pub channel: Channel,
    pub customer_name: String,
    pub level_rank: i64,
    pub received_at: i64,
    pub due_step: Option<DueStep>,
    pub next_due: Option<i64>,
    pub overdue: bool,
    pub handler_name: Option<String>,
    pub branch_name: Option<String>,
}

/// A proposed resolution and the customer's answer (7.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    pub round: i64,
    pub finding: Finding,
    pub remedy: String,
    pub compensation: Fen,
    pub form: CompensationForm,
    pub proposed_at: i64,
    pub proposed_by: String,
    /// `Some(true)` accepted, `Some(false)` rejected, `None` not yet answered.
    pub accepted: Option<bool>,
    pub answer_comment: Option<String>,
    pub answered_at: Option<i64>,
    /// The credit that paid the compensation, once accepted.
    pub credit_number: Option<String>,
}

/// One entry of a complaint's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintEventView {
    pub kind: String,
    pub actor_name: Option<String>,
    pub from_status: Option<ComplaintStatus>,
    pub to_status: Option<ComplaintStatus>,
    pub note: String,
    pub internal: bool,
    pub at: i64,
}

/// A complaint with its history, for its customer (internal notes removed) or for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub summary: ComplaintSummary,
    pub body: String,
    pub customer_id: i64,
    pub customer_email: String,
    pub links: ComplaintLinks,
    pub request_subject: Option<String>,
    pub invoice_number: Option<String>,
    pub agent_name: Option<String>,
    pub acknowledge_due: i64,
    pub proposal_due: i64,
    pub acknowledged_at: Option<i64>,
    pub escalated_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub proposals: Vec<ProposalView>,
    pub events: Vec<ComplaintEventView>,
    pub dispute: Option<(i64, String)>,
    pub recorded_by: Option<String>,
}

/// Automatic compensation a customer received for a breached commitment (8.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub request_id: i64,
    /// The first-response commitment (else the resolution one).
    pub first_response: bool,
    pub amount: Fen,
    pub credit_number: String,
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::ComplaintAction as A;
    use super::ComplaintStatus as S;
    use super::*;

    const ACTIONS: [ComplaintAction; 5] = [
        A::Acknowledge,
        A::Investigate,
        A::Propose,
        A::Accept,
        A::Reject,
    ];

    #[test]
    fn clause_7_2_the_whole_process_with_an_escalation_and_a_dispute() {
        let mut s = (S::Received, 1);
        for (a, want) in [
            (A::Acknowledge, (S::Acknowledged, 1)),
            (A::Investigate, (S::Investigating, 1)),
            (A::Propose, (S::Proposed, 1)),
            (A::Reject, (S::Escalated, 2)),
            (A::Investigate, (S::Investigating, 2)),
            (A::Propose, (S::Proposed, 2)),
            (A::Reject, (S::Disputed, 2)),
        ] {
            s = next(s.0, s.1, a).unwrap();
            assert_eq!(s, want, "{a:?}");
        }
        assert_eq!(next(S::Proposed, 2, A::Accept), Ok((S::Closed, 2)));
        // A proposal may follow the acknowledgement or the escalation directly.
        assert_eq!(next(S::Acknowledged, 1, A::Propose), Ok((S::Proposed, 1)));
        assert_eq!(next(S::Escalated, 2, A::Propose), Ok((S::Proposed, 2)));
    }

    #[test]
    fn clause_7_2_every_illegal_step_is_refused_with_a_reason() {
        let legal = [
            (S::Received, A::Acknowledge),
            (S::Acknowledged, A::Investigate),
            (S::Escalated, A::Investigate),
            (S::Acknowledged, A::Propose),
            (S::Investigating, A::Propose),
            (S::Escalated, A::Propose),
            (S::Proposed, A::Accept),
            (S::Proposed, A::Reject),
        ];
        for s in ComplaintStatus::ALL {
            for a in ACTIONS {
                for round in [1, 2] {
                    let r = next(s, round, a);
                    assert_eq!(r.is_ok(), legal.contains(&(s, a)), "{s:?} {a:?} {r:?}");
                }
            }
        }
        assert_eq!(
            next(S::Closed, 1, A::Accept),
            Err(Msg::ErrCmpFinished),
            "a closed complaint stays closed"
        );
        assert_eq!(
            next(S::Received, 1, A::Propose),
            Err(Msg::ErrCmpAcknowledgeFirst)
        );
        assert_eq!(
            next(S::Investigating, 1, A::Accept),
            Err(Msg::ErrCmpNoProposal)
        );
    }

    #[test]
    fn clause_7_2_deadlines_follow_the_step_owed() {
        let d = Deadlines::default();
        let received = 1_000_000;
        let clock = Clock {
            acknowledge_due: d.acknowledge_due(received),
            proposal_due: d.proposal_due(received),
            second_proposal_due: None,
        };
        assert_eq!(
            due_step(S::Received, 1, &clock),
            Some((DueStep::Acknowledge, received + 86_400_000))
        );
        assert_eq!(
            due_step(S::Investigating, 1, &clock),
            Some((DueStep::Propose, received + 7 * 86_400_000))
        );
        assert_eq!(
            due_step(S::Proposed, 1, &clock),
            None,
            "the customer answers"
        );
        let escalated = received + 3 * 86_400_000;
        let clock = Clock {
            second_proposal_due: Some(d.second_proposal_due(escalated)),
            ..clock
        };
        assert_eq!(
            due_step(S::Escalated, 2, &clock),
            Some((DueStep::SecondProposal, escalated + 7 * 86_400_000))
        );
        assert_eq!(
            due_step(S::Investigating, 2, &clock),
            Some((DueStep::SecondProposal, escalated + 7 * 86_400_000))
        );
        assert_eq!(due_step(S::Closed, 2, &clock), None);
        assert!(!is_overdue(Some(5), 5) && is_overdue(Some(5), 6) && !is_overdue(None, 9));
    }

    #[test]
    fn clause_8_2_automatic_compensation_never_passes_the_monthly_cap() {
        assert_eq!(
            automatic_amount(Fen(5_000), Fen(12_000), Fen(0)),
            Fen(5_000)
        );
        assert_eq!(
            automatic_amount(Fen(5_000), Fen(12_000), Fen(10_000)),
            Fen(2_000)
        );
        assert_eq!(
            automatic_amount(Fen(5_000), Fen(12_000), Fen(12_000)),
            Fen(0)
        );
        assert_eq!(
            automatic_amount(Fen(5_000), Fen(12_000), Fen(20_000)),
            Fen(0)
        );
        assert_eq!(automatic_amount(Fen(5_000), Fen(0), Fen(0)), Fen(0));
        // Any sequence of grants stays within the cap.
        let mut granted = Fen(0);
        for _ in 0..10 {
            granted = Fen(granted.0 + automatic_amount(Fen(3_000), Fen(10_000), granted).0);
        }
        assert_eq!(granted, Fen(10_000));
    }

    #[test]
    fn names_round_trip() {
        for s in ComplaintStatus::ALL {
            assert_eq!(ComplaintStatus::parse(s.as_str()), Some(s));
        }
        for f in Finding::ALL {
            assert_eq!(Finding::parse(f.as_str()), Some(f));
        }
        for c in CompensationForm::ALL {
            assert_eq!(CompensationForm::parse(c.as_str()), Some(c));
        }
        for d in DueStep::ALL {
            assert_eq!(DueStep::parse(d.as_str()), Some(d));
        }
    }
}
