//! Applications, agreements and memberships as state machines (clauses 2.1.3, 2.2, 2.3, 9, 12).
//! Pure: the services load the facts, ask these functions what may happen, and store it.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// An application for VIP status (clause 2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Draft,
    Submitted,
    UnderReview,
    InfoRequested,
    Approved,
    Rejected,
    Withdrawn,
}

/// What someone does to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicationStep {
    /// The customer submits (first time, or again after a request for information).
    Submit,
    /// A reviewer takes it up.
    StartReview,
    /// A reviewer asks for more information (message required).
    RequestInfo,
    /// A reviewer approves.
    Approve,
    /// A reviewer rejects (reason required).
    Reject,
    /// The customer withdraws.
    Withdraw,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::UnderReview => "under_review",
            ApplicationStatus::InfoRequested => "info_requested",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ApplicationStatus> {
        Some(match s {
            "draft" => ApplicationStatus::Draft,
            "submitted" => ApplicationStatus::Submitted,
            "under_review" => ApplicationStatus::UnderReview,
            "info_requested" => ApplicationStatus::InfoRequested,
            "approved" => ApplicationStatus::Approved,
            "rejected" => ApplicationStatus::Rejected,
            "withdrawn" => ApplicationStatus::Withdrawn,
            _ => return None,
        })
    }

    /// Still being worked on (at most one per customer).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Draft
                | ApplicationStatus::Submitted
                | ApplicationStatus::UnderReview
                | ApplicationStatus::InfoRequested
        )
    }

    /// The customer may change the form and the materials.
    pub fn editable_by_customer(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Draft | ApplicationStatus::InfoRequested
        )
    }

    /// The status after `step`, or `None` when the step is not allowed now. A decision may be
    /// taken on a submitted application directly (taking it up on the way).
    pub fn after(self, step: ApplicationStep) -> Option<ApplicationStatus> {
        use ApplicationStatus as S;
        use ApplicationStep as A;
        Some(match (self, step) {
            (S::Draft | S::InfoRequested, A::Submit) => S::Submitted,
            (S::Submitted, A::StartReview) => S::UnderReview,
            (S::Submitted | S::UnderReview, A::RequestInfo) => S::InfoRequested,
            (S::Submitted | S::UnderReview, A::Approve) => S::Approved,
            (S::Submitted | S::UnderReview, A::Reject) => S::Rejected,
            (S::Draft | S::Submitted | S::InfoRequested, A::Withdraw) => S::Withdrawn,
            _ => return None,
        })
    }

    pub fn msg(self) -> crate::Msg {
        use crate::Msg;
        match self {
            ApplicationStatus::Draft => Msg::AppStatusDraft,
            ApplicationStatus::Submitted => Msg::AppStatusSubmitted,
            ApplicationStatus::UnderReview => Msg::AppStatusUnderReview,
            ApplicationStatus::InfoRequested => Msg::AppStatusInfoRequested,
            ApplicationStatus::Approved => Msg::AppStatusApproved,
            ApplicationStatus::Rejected => Msg::AppStatusRejected,
            ApplicationStatus::Withdrawn => Msg::AppStatusWithdrawn,
        }
    }
}

/// A signed agreement's progress (clause 2.2.3, 12.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    AwaitingCustomer,
    AwaitingCountersign,
    Effective,
    Ended,
}

impl AgreementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::AwaitingCustomer => "awaiting_customer",
            AgreementStatus::AwaitingCountersign => "awaiting_countersign",
            AgreementStatus::Effective => "effective",
            AgreementStatus::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<AgreementStatus> {
        Some(match s {
            "awaiting_customer" => AgreementStatus::AwaitingCustomer,
            "awaiting_countersign" => AgreementStatus::AwaitingCountersign,
            "effective" => AgreementStatus::Effective,
            "ended" => AgreementStatus::Ended,
            _ => return None,
        })
    }

    pub fn msg(self) -> crate::Msg {
        use crate::Msg;
        match self {
            AgreementStatus::AwaitingCustomer => Msg::AgrStatusAwaitingCustomer,
            AgreementStatus::AwaitingCountersign => Msg::AgrStatusAwaitingCountersign,
            AgreementStatus::Effective => Msg::AgrStatusEffective,
            AgreementStatus::Ended => Msg::AgrStatusEnded,
        }
    }
}

/// A membership's lifecycle (clauses 2.3, 9, 12.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    Active,
    RenewalOffered,
    Renewed,
    Lapsed,
    Revoked,
    Terminated,
}

impl MembershipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MembershipStatus::Active => "active",
            MembershipStatus::RenewalOffered => "renewal_offered",
            MembershipStatus::Renewed => "renewed",
            MembershipStatus::Lapsed => "lapsed",
            MembershipStatus::Revoked => "revoked",
            MembershipStatus::Terminated => "terminated",
        }
    }

    pub fn parse(s: &str) -> Option<MembershipStatus> {
        Some(match s {
            "active" => MembershipStatus::Active,
            "renewal_offered" => MembershipStatus::RenewalOffered,
            "renewed" => MembershipStatus::Renewed,
            "lapsed" => MembershipStatus::Lapsed,
            "revoked" => MembershipStatus::Revoked,
            "terminated" => MembershipStatus::Terminated,
            _ => return None,
        })
    }

    /// Rights are in force (clause 4.2): the membership has not ended.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            MembershipStatus::Active | MembershipStatus::RenewalOffered
        )
    }

    pub fn msg(self) -> crate::Msg {
        use crate::Msg;
        match self {
            MembershipStatus::Active => Msg::MemStatusActive,
            MembershipStatus::RenewalOffered => Msg::MemStatusRenewalOffered,
            MembershipStatus::Renewed => Msg::MemStatusRenewed,
            MembershipStatus::Lapsed => Msg::MemStatusLapsed,
            MembershipStatus::Revoked => Msg::MemStatusRevoked,
            MembershipStatus::Terminated => Msg::MemStatusTerminated,
        }
    }
}

/// The lifecycle settings (programme settings `membership.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecyclePolicy {
    /// Term of an agreement (clause 12.2): 12 months.
    pub term_months: u32,
    /// A renewal is offered this many days before expiry (clause 12.3): 30.
    pub renewal_offer_days: u64,
    /// Days between the notice and the automatic lapse (clause 2.3.1): 30.
    pub grace_days: u64,
}

impl Default for LifecyclePolicy {
    fn default() -> Self {
        LifecyclePolicy {
            term_months: 12,
            renewal_offer_days: 30,
            grace_days: 30,
        }
    }
}

impl LifecyclePolicy {
    /// The last day of a term starting on `start` (a year from 2026-03-01 is 2027-02-28). A
    /// term starting on a day the end month lacks (29 February) ends on that month's last day.
    pub fn expires_on(&self, start: NaiveDate) -> NaiveDate {
        use chrono::Datelike;
        let Some(same_day) = start.checked_add_months(Months::new(self.term_months)) else {
            return NaiveDate::MAX;
        };
        if same_day.day() < start.day() {
            same_day // clamped: the next term begins the day after
        } else {
            same_day.pred_opt().unwrap_or(NaiveDate::MAX)
        }
    }

    pub fn renewal_offer_from(&self, expires_on: NaiveDate) -> NaiveDate {
        expires_on
            .checked_sub_days(Days::new(self.renewal_offer_days))
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn grace_until(&self, notice_on: NaiveDate) -> NaiveDate {
        notice_on
            .checked_add_days(Days::new(self.grace_days))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// What the daily job knows about one live membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MembershipFacts {
    pub status: MembershipStatus,
    pub expires_on: NaiveDate,
    /// Set while a notice of no longer qualifying runs (clause 2.3.1).
    pub grace_until: Option<NaiveDate>,
}

/// What the daily job does to a membership on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleAction {
    Nothing,
    /// No longer eligible: notify, grace until the given day (clause 2.3.1).
    Notice {
        grace_until: NaiveDate,
    },
    /// Eligible again during the grace period: the notice is withdrawn.
    ClearNotice,
    /// Still eligible within the offer window: offer renewal (clause 12.3).
    OfferRenewal,
    /// The grace period ended without requalifying (clause 2.3.1).
    LapseNotEligible,
    /// The term ended without a renewal (clause 12.2).
    LapseExpired,
}

/// The daily re-check of one live membership (clauses 2.3.1, 12.2, 12.3). Running it twice on
/// the same day with the same facts after applying its answer gives `Nothing`.
pub fn requalify(
    m: &MembershipFacts,
    eligible: bool,
    today: NaiveDate,
    policy: &LifecyclePolicy,
) -> LifecycleAction {
    if !m.status.is_live() {
        return LifecycleAction::Nothing;
    }
    if today > m.expires_on {
        return LifecycleAction::LapseExpired;
    }
    match (eligible, m.grace_until) {
        (false, Some(until)) if today > until => LifecycleAction::LapseNotEligible,
        (false, Some(_)) => LifecycleAction::Nothing,
        (false, None) => LifecycleAction::Notice {
            grace_until: policy.grace_until(today),
        },
        (true, Some(_)) => LifecycleAction::ClearNotice,
        (true, None) => {
            if m.status == MembershipStatus::Active
                && today >= policy.renewal_offer_from(m.expires_on)
            {
                LifecycleAction::OfferRenewal
            } else {
                LifecycleAction::Nothing
            }
        }
    }
}

/// The signature check (clause 2.2.3): the typed name must be the account holder's name,
/// compared without surrounding or repeated whitespace and case-insensitively.
pub fn signature_matches(typed: &str, account_name: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    !typed.trim().is_empty() && norm(typed) == norm(account_name)
}

// ---------------------------------------------------------------- rights changes (4.3.1)

/// Which party acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Customer,
    Company,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Customer => "customer",
            Side::Company => "company",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "customer" => Some(Side::Customer),
            "company" => Some(Side::Company),
            _ => None,
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Customer => Side::Company,
            Side::Company => Side::Customer,
        }
    }
}

/// What a rights change is about (clause 4.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    /// Another VIP level.
    Level,
    /// Another dedicated agent (clause 3.1.1).
    Agent,
    /// Custom terms in free text.
    Terms,
}

impl AmendmentKind {
    pub const ALL: [AmendmentKind; 3] = [
        AmendmentKind::Level,
        AmendmentKind::Agent,
        AmendmentKind::Terms,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AmendmentKind::Level => "level",
            AmendmentKind::Agent => "agent",
            AmendmentKind::Terms => "terms",
        }
    }

    pub fn parse(s: &str) -> Option<AmendmentKind> {
        AmendmentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn msg(self) -> crate::Msg {
        use crate::Msg;
        match self {
            AmendmentKind::Level => Msg::AmendKindLevel,
            AmendmentKind::Agent => Msg::AmendKindAgent,
            AmendmentKind::Terms => Msg::AmendKindTerms,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentStatus {
    Proposed,
    Accepted,
    Declined,
    Withdrawn,
}

impl AmendmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AmendmentStatus::Proposed => "proposed",
            AmendmentStatus::Accepted => "accepted",
            AmendmentStatus::Declined => "declined",
            AmendmentStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<AmendmentStatus> {
        Some(match s {
            "proposed" => AmendmentStatus::Proposed,
            "accepted" => AmendmentStatus::Accepted,
            "declined" => AmendmentStatus::Declined,
            "withdrawn" => AmendmentStatus::Withdrawn,
            _ => return None,
        })
    }

    pub fn msg(self) -> crate::Msg {
        use crate::Msg;
        match self {
            AmendmentStatus::Proposed => Msg::AmendStatusProposed,
            AmendmentStatus::Accepted => Msg::AmendStatusAccepted,
            AmendmentStatus::Declined => Msg::AmendStatusDeclined,
            AmendmentStatus::Withdrawn => Msg::AmendStatusWithdrawn,
        }
    }
}

/// Whether `side` may accept or decline a proposal made by `proposer`: only the other party
/// decides (clause 4.3.1, mutual agreement), and only while it is proposed.
pub fn may_decide(proposer: Side, status: AmendmentStatus, side: Side) -> bool {
    status == AmendmentStatus::Proposed && side == proposer.other()
}

/// The canonical text of an amendment: what both parties sign.
pub fn amendment_text(
    agreement_label: &str,
    agreement_id: i64,
    customer: &str,
    kind: AmendmentKind,
    new_level: Option<&crate::levels::VipLevel>,
    description: &str,
) -> String {
    let mut s = format!(
        "补充协议 Amendment (4.3.1) to agreement #{agreement_id} ({agreement_label})\n乙方 Party B: {customer}\nkind: {}\n",
        kind.as_str()
    );
    if let Some(l) = new_level {
        s.push_str(&format!(
            "new level: {} / {} ({} or {} points)\n",
            l.name_zh,
            l.name_en,
            l.spend_threshold.display_cny(),
            crate::money::group_thousands(l.points_threshold)
        ));
    }
    s.push_str(description.trim());
    s.push('\n');
    s
}

/// A rights change as both parties see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentView {
    pub id: i64,
    pub agreement_id: i64,
    pub membership_id: i64,
    pub proposer_side: Side,
    pub proposer_name: String,
    pub kind: AmendmentKind,
    pub new_level: Option<crate::levels::VipLevel>,
    pub description: String,
    pub sha256: String,
    pub status: AmendmentStatus,
    pub decided_name: Option<String>,
    pub decided_at: Option<i64>,
    pub decline_reason: Option<String>,
    pub created_at: i64,
}

// ---------------------------------------------------------------- views shared with the app

/// An uploaded file as listed (never its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub id: i64,
    pub name: String,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: i64,
}

/// One message of an application's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppMessage {
    pub id: i64,
    pub author_name: String,
    pub kind: String,
    pub body: String,
    pub created_at: i64,
}

/// An application as the customer and the reviewer see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub level: crate::levels::VipLevel,
    pub status: ApplicationStatus,
    pub company: String,
    pub message: String,
    /// The template version accepted on submission (clause 2.1.3).
    pub template_id: Option<i64>,
    pub template_label: Option<String>,
    pub accepted_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub decision_reason: Option<String>,
    pub files: Vec<FileInfo>,
    pub messages: Vec<AppMessage>,
    /// The agreement created on approval, if any.
    pub agreement_id: Option<i64>,
}

/// A row of the reviewer's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub kind: QueueKind,
    pub id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub level_name_zh: String,
    pub level_name_en: String,
    pub status: String,
    pub since: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    Application,
    Countersign,
}

/// A file attached to an agreement (clause 14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub kind: String,
    pub title: String,
    pub file: Option<FileInfo>,
    /// A custom service plan (kind `plan`, clause 3.2.3).
    pub plan_id: Option<i64>,
}

/// A signed (or to-be-signed) agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub template: crate::agreement::Template,
    /// The level as granted.
    pub level: crate::levels::VipLevel,
    pub canonical_text: String,
    pub sha256: String,
    /// Whether `sha256` is the SHA-256 of `canonical_text` as stored now.
    pub hash_verified: bool,
    pub status: AgreementStatus,
    pub is_renewal: bool,
    pub signed_name: Option<String>,
    pub customer_signed_at: Option<i64>,
    pub customer_ip: Option<String>,
    pub countersigned_by_name: Option<String>,
    pub countersigned_at: Option<i64>,
    pub effective_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub attachments: Vec<AttachmentInfo>,
    pub created_at: i64,
}

/// A membership as the customer and staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipView {
    pub id: i64,
    pub customer_id: i64,
    pub agreement_id: i64,
    pub level: crate::levels::VipLevel,
    pub status: MembershipStatus,
    pub started_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub notice_on: Option<NaiveDate>,
    pub grace_until: Option<NaiveDate>,
    pub renewal_agreement_id: Option<i64>,
    pub ended_at: Option<i64>,
    pub end_reason: Option<String>,
}

/// The customer's membership page: the current (or last) membership, agreements, the open
/// application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMembership {
    pub membership: Option<MembershipView>,
    /// Rights changes of the current membership (clause 4.3.1).
    pub amendments: Vec<AmendmentView>,
    pub agreements: Vec<AgreementSummary>,
    pub application: Option<ApplicationView>,
    /// When the membership has ended: the day the customer's data is anonymised, after the
    /// confidentiality period (clause 10.3).
    pub data_kept_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementSummary {
    pub id: i64,
    pub template_label: String,
    pub status: AgreementStatus,
    pub effective_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn clause_2_2_application_moves_only_along_its_states() {
        use ApplicationStatus as S;
        use ApplicationStep as A;
        let path = [
            (S::Draft, A::Submit, S::Submitted),
            (S::Submitted, A::StartReview, S::UnderReview),
            (S::UnderReview, A::RequestInfo, S::InfoRequested),
            (S::InfoRequested, A::Submit, S::Submitted),
            (S::Submitted, A::Approve, S::Approved),
        ];
        for (from, step, to) in path {
            assert_eq!(from.after(step), Some(to), "{from:?} {step:?}");
        }
        assert_eq!(S::UnderReview.after(A::Reject), Some(S::Rejected));
        // Decided applications are final; a draft cannot be decided.
        for step in [
            A::Submit,
            A::Approve,
            A::Reject,
            A::RequestInfo,
            A::Withdraw,
        ] {
            assert_eq!(S::Approved.after(step), None);
            assert_eq!(S::Rejected.after(step), None);
        }
        assert_eq!(S::Draft.after(A::Approve), None);
        assert_eq!(S::UnderReview.after(A::Withdraw), None);
    }

    #[test]
    fn clause_12_2_term_is_one_year_from_the_effective_date() {
        let p = LifecyclePolicy::default();
        assert_eq!(p.expires_on(d("2026-11-25")), d("2027-11-24"));
        assert_eq!(p.expires_on(d("2024-02-29")), d("2025-02-28"));
        assert_eq!(p.expires_on(d("2026-03-01")), d("2027-02-28"));
        assert_eq!(p.renewal_offer_from(d("2027-11-24")), d("2027-10-25"));
    }

    #[test]
    fn clause_2_3_1_lapses_after_grace() {
        let p = LifecyclePolicy::default();
        let mut m = MembershipFacts {
            status: MembershipStatus::Active,
            expires_on: d("2027-11-24"),
            grace_until: None,
        };
        let today = d("2027-03-01");
        let LifecycleAction::Notice { grace_until } = requalify(&m, false, today, &p) else {
            panic!("a notice first");
        };
        assert_eq!(grace_until, d("2027-03-31"));
        m.grace_until = Some(grace_until);
        assert_eq!(requalify(&m, false, today, &p), LifecycleAction::Nothing);
        assert_eq!(
            requalify(&m, false, d("2027-03-31"), &p),
            LifecycleAction::Nothing,
            "the last day of grace still counts"
        );
        assert_eq!(
            requalify(&m, false, d("2027-04-01"), &p),
            LifecycleAction::LapseNotEligible
        );
        assert_eq!(
            requalify(&m, true, d("2027-03-15"), &p),
            LifecycleAction::ClearNotice
        );
    }

    #[test]
    fn clause_12_3_renewal_is_offered_30_days_before_expiry_to_the_eligible() {
        let p = LifecyclePolicy::default();
        let m = MembershipFacts {
            status: MembershipStatus::Active,
            expires_on: d("2027-11-24"),
            grace_until: None,
        };
        assert_eq!(
            requalify(&m, true, d("2027-10-24"), &p),
            LifecycleAction::Nothing
        );
        assert_eq!(
            requalify(&m, true, d("2027-10-25"), &p),
            LifecycleAction::OfferRenewal
        );
        let offered = MembershipFacts {
            status: MembershipStatus::RenewalOffered,
            ..m
        };
        assert_eq!(
            requalify(&offered, true, d("2027-11-01"), &p),
            LifecycleAction::Nothing
        );
        assert_eq!(
            requalify(&offered, true, d("2027-11-25"), &p),
            LifecycleAction::LapseExpired
        );
    }

    #[test]
    fn clause_4_3_1_only_the_other_party_decides_a_proposal() {
        use AmendmentStatus as S;
        assert!(may_decide(Side::Customer, S::Proposed, Side::Company));
        assert!(may_decide(Side::Company, S::Proposed, Side::Customer));
        assert!(!may_decide(Side::Customer, S::Proposed, Side::Customer));
        assert!(!may_decide(Side::Company, S::Accepted, Side::Customer));
        assert!(!may_decide(Side::Company, S::Declined, Side::Customer));
    }

    #[test]
    fn clause_2_2_3_signature_is_the_account_holder_s_name() {
        assert!(signature_matches("  Li  Jiangjin ", "li jiangjin"));
        assert!(signature_matches("李将近", "李将近"));
        assert!(!signature_matches("李将", "李将近"));
        assert!(!signature_matches(" ", ""));
    }

    proptest! {
        /// Applying the job's answer and running it again the same day changes nothing more.
        #[test]
        fn requalification_is_idempotent(
            eligible: bool,
            offered: bool,
            grace in proptest::option::of(0u64..60),
            today_off in 0u64..800,
        ) {
            let p = LifecyclePolicy::default();
            let start = d("2026-01-01");
            let mut m = MembershipFacts {
                status: if offered { MembershipStatus::RenewalOffered } else { MembershipStatus::Active },
                expires_on: p.expires_on(start),
                grace_until: grace.map(|g| start + Days::new(g + 100)),
            };
            let today = start + Days::new(today_off);
            match requalify(&m, eligible, today, &p) {
                LifecycleAction::Nothing => return Ok(()),
                LifecycleAction::Notice { grace_until } => m.grace_until = Some(grace_until),
                LifecycleAction::ClearNotice => m.grace_until = None,
                LifecycleAction::OfferRenewal => m.status = MembershipStatus::RenewalOffered,
                LifecycleAction::LapseNotEligible | LifecycleAction::LapseExpired => {
                    m.status = MembershipStatus::Lapsed
                }
            }
            let second = requalify(&m, eligible, today, &p);
            // Clearing a notice may be followed by a renewal offer; nothing else may follow.
            prop_assert!(
                second == LifecycleAction::Nothing || second == LifecycleAction::OfferRenewal,
                "{second:?}"
            );
            if second == LifecycleAction::OfferRenewal {
                m.status = MembershipStatus::RenewalOffered;
                prop_assert_eq!(requalify(&m, eligible, today, &p), LifecycleAction::Nothing);
            }
        }
    }
}
