//! What a notification says. Stored as a kind and parameters; rendered in the reader's
//! language when shown (inbox) or sent (e-mail), so one event reads right in zh-CN and en.

use crate::i18n::{Lang, Msg};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The events that concern a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    ApplicationSubmitted,
    ApplicationInfoRequested,
    ApplicationApproved,
    ApplicationRejected,
    AgreementAwaitingCountersign,
    MembershipActive,
    RenewalOffered,
    NoticeNotEligible,
    NoticeWithdrawn,
    MembershipLapsed,
    MembershipRevoked,
    MembershipTerminated,
    AmendmentProposed,
    AmendmentAccepted,
    AmendmentDeclined,
    InvoiceIssued,
    InvoicePaid,
    InvoiceOverdue,
    CreditIssued,
    CreditRefunded,
    PlanProposed,
    RequestNew,
    RequestAgentAway,
    RequestReplied,
    RequestStatus,
    SlaAtRisk,
    SlaBreached,
    SlaEscalated,
    RequestAssigned,
    RequestTransferred,
    ComplaintReceived,
    ComplaintAcknowledged,
    ComplaintProposed,
    ComplaintAnswered,
    ComplaintEscalated,
    ComplaintOverdue,
    ComplaintClosed,
    CompensationGranted,
    BreachOpened,
    BreachUpheld,
    BreachDismissed,
    DisputeOpened,
    DisputeStep,
    DisputeClosed,
    CompensationRefundDue,
    FeedbackRequested,
    QualityBelowStandard,
    TrainingAssigned,
    TrainingDone,
    TrainingReviewed,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 50] = [
        NotificationKind::ApplicationSubmitted,
        NotificationKind::ApplicationInfoRequested,
        NotificationKind::ApplicationApproved,
        NotificationKind::ApplicationRejected,
        NotificationKind::AgreementAwaitingCountersign,
        NotificationKind::MembershipActive,
        NotificationKind::RenewalOffered,
        NotificationKind::NoticeNotEligible,
        NotificationKind::NoticeWithdrawn,
        NotificationKind::MembershipLapsed,
        NotificationKind::MembershipRevoked,
        NotificationKind::MembershipTerminated,
        NotificationKind::AmendmentProposed,
        NotificationKind::AmendmentAccepted,
        NotificationKind::AmendmentDeclined,
        NotificationKind::InvoiceIssued,
        NotificationKind::InvoicePaid,
        NotificationKind::InvoiceOverdue,
        NotificationKind::CreditIssued,
        NotificationKind::CreditRefunded,
        NotificationKind::PlanProposed,
        NotificationKind::RequestNew,
        NotificationKind::RequestAgentAway,
        NotificationKind::RequestReplied,
        NotificationKind::RequestStatus,
        NotificationKind::SlaAtRisk,
        NotificationKind::SlaBreached,
        NotificationKind::SlaEscalated,
        NotificationKind::RequestAssigned,
        NotificationKind::RequestTransferred,
        NotificationKind::ComplaintReceived,
        NotificationKind::ComplaintAcknowledged,
        NotificationKind::ComplaintProposed,
        NotificationKind::ComplaintAnswered,
        NotificationKind::ComplaintEscalated,
        NotificationKind::ComplaintOverdue,
        NotificationKind::ComplaintClosed,
        NotificationKind::CompensationGranted,
        NotificationKind::BreachOpened,
        NotificationKind::BreachUpheld,
        NotificationKind::BreachDismissed,
        NotificationKind::DisputeOpened,
        NotificationKind::DisputeStep,
        NotificationKind::DisputeClosed,
        NotificationKind::CompensationRefundDue,
        NotificationKind::FeedbackRequested,
        NotificationKind::QualityBelowStandard,
        NotificationKind::TrainingAssigned,
        NotificationKind::TrainingDone,
        NotificationKind::TrainingReviewed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::ApplicationSubmitted => "application_submitted",
            NotificationKind::ApplicationInfoRequested => "application_info_requested",
            NotificationKind::ApplicationApproved => "application_approved",
            NotificationKind::ApplicationRejected => "application_rejected",
            NotificationKind::AgreementAwaitingCountersign => "agreement_awaiting_countersign",
            NotificationKind::MembershipActive => "membership_active",
            NotificationKind::RenewalOffered => "renewal_offered",
            NotificationKind::NoticeNotEligible => "notice_not_eligible",
            NotificationKind::NoticeWithdrawn => "notice_withdrawn",
            NotificationKind::MembershipLapsed => "membership_lapsed",
            NotificationKind::MembershipRevoked => "membership_revoked",
            NotificationKind::MembershipTerminated => "membership_terminated",
            NotificationKind::AmendmentProposed => "amendment_proposed",
            NotificationKind::AmendmentAccepted => "amendment_accepted",
            NotificationKind::AmendmentDeclined => "amendment_declined",
            NotificationKind::InvoiceIssued => "invoice_issued",
            NotificationKind::InvoicePaid => "invoice_paid",
            NotificationKind::InvoiceOverdue => "invoice_overdue",
            NotificationKind::CreditIssued => "credit_issued",
            NotificationKind::CreditRefunded => "credit_refunded",
            NotificationKind::PlanProposed => "plan_proposed",
            NotificationKind::RequestNew => "request_new",
            NotificationKind::RequestAgentAway => "request_agent_away",
            NotificationKind::RequestReplied => "request_replied",
            NotificationKind::RequestStatus => "request_status",
            NotificationKind::SlaAtRisk => "sla_at_risk",
            NotificationKind::SlaBreached => "sla_breached",
            NotificationKind::SlaEscalated => "sla_escalated",
            NotificationKind::RequestAssigned => "request_assigned",
            NotificationKind::RequestTransferred => "request_transferred",
            NotificationKind::ComplaintReceived => "complaint_received",
            NotificationKind::ComplaintAcknowledged => "complaint_acknowledged",
            NotificationKind::ComplaintProposed => "complaint_proposed",
            NotificationKind::ComplaintAnswered => "complaint_answered",
            NotificationKind::ComplaintEscalated => "complaint_escalated",
            NotificationKind::ComplaintOverdue => "complaint_overdue",
            NotificationKind::ComplaintClosed => "complaint_closed",
            NotificationKind::CompensationGranted => "compensation_granted",
            NotificationKind::BreachOpened => "breach_opened",
            NotificationKind::BreachUpheld => "breach_upheld",
            NotificationKind::BreachDismissed => "breach_dismissed",
            NotificationKind::DisputeOpened => "dispute_opened",
            NotificationKind::DisputeStep => "dispute_step",
            NotificationKind::DisputeClosed => "dispute_closed",
            NotificationKind::CompensationRefundDue => "compensation_refund_due",
            NotificationKind::FeedbackRequested => "feedback_requested",
            NotificationKind::QualityBelowStandard => "quality_below_standard",
            NotificationKind::TrainingAssigned => "training_assigned",
            NotificationKind::TrainingDone => "training_done",
            NotificationKind::TrainingReviewed => "training_reviewed",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The message, with `{name}` placeholders filled from the parameters.
    pub fn msg(self) -> Msg {
        match self {
            NotificationKind::ApplicationSubmitted => Msg::NotifApplicationSubmitted,
            NotificationKind::ApplicationInfoRequested => Msg::NotifInfoRequested,
            NotificationKind::ApplicationApproved => Msg::NotifApproved,
            NotificationKind::ApplicationRejected => Msg::NotifRejected,
            NotificationKind::AgreementAwaitingCountersign => Msg::NotifAwaitingCountersign,
            NotificationKind::MembershipActive => Msg::NotifMembershipActive,
            NotificationKind::RenewalOffered => Msg::NotifRenewalOffered,
            NotificationKind::NoticeNotEligible => Msg::NotifNoticeNotEligible,
            NotificationKind::NoticeWithdrawn => Msg::NotifNoticeWithdrawn,
            NotificationKind::MembershipLapsed => Msg::NotifLapsed,
            NotificationKind::MembershipRevoked => Msg::NotifRevoked,
            NotificationKind::MembershipTerminated => Msg::NotifTerminated,
            NotificationKind::AmendmentProposed => Msg::NotifAmendmentProposed,
            NotificationKind::AmendmentAccepted => Msg::NotifAmendmentAccepted,
            NotificationKind::AmendmentDeclined => Msg::NotifAmendmentDeclined,
            NotificationKind::InvoiceIssued => Msg::NotifInvoiceIssued,
            NotificationKind::InvoicePaid => Msg::NotifInvoicePaid,
            NotificationKind::InvoiceOverdue => Msg::NotifInvoiceOverdue,
            NotificationKind::CreditIssued => Msg::NotifCreditIssued,
            NotificationKind::CreditRefunded => Msg::NotifCreditRefunded,
            NotificationKind::PlanProposed => Msg::NotifPlanProposed,
            NotificationKind::RequestNew => Msg::NotifRequestNew,
            NotificationKind::RequestAgentAway => Msg::NotifRequestAgentAway,
            NotificationKind::RequestReplied => Msg::NotifRequestReplied,
            NotificationKind::RequestStatus => Msg::NotifRequestStatus,
            NotificationKind::SlaAtRisk => Msg::NotifSlaAtRisk,
            NotificationKind::SlaBreached => Msg::NotifSlaBreached,
            NotificationKind::SlaEscalated => Msg::NotifSlaEscalated,
            NotificationKind::RequestAssigned => Msg::NotifRequestAssigned,
            NotificationKind::RequestTransferred => Msg::NotifRequestTransferred,
            NotificationKind::ComplaintReceived => Msg::NotifComplaintReceived,
            NotificationKind::ComplaintAcknowledged => Msg::NotifComplaintAcknowledged,
            NotificationKind::ComplaintProposed => Msg::NotifComplaintProposed,
            NotificationKind::ComplaintAnswered => Msg::NotifComplaintAnswered,
            NotificationKind::ComplaintEscalated => Msg::NotifComplaintEscalated,
            NotificationKind::ComplaintOverdue => Msg::NotifComplaintOverdue,
            NotificationKind::ComplaintClosed => Msg::NotifComplaintClosed,
            NotificationKind::CompensationGranted => Msg::NotifCompensationGranted,
            NotificationKind::BreachOpened => Msg::NotifBreachOpened,
            NotificationKind::BreachUpheld => Msg::NotifBreachUpheld,
            NotificationKind::BreachDismissed => Msg::NotifBreachDismissed,
            NotificationKind::DisputeOpened => Msg::NotifDisputeOpened,
            NotificationKind::DisputeStep => Msg::NotifDisputeStep,
            NotificationKind::DisputeClosed => Msg::NotifDisputeClosed,
            NotificationKind::CompensationRefundDue => Msg::NotifCompensationRefundDue,
            NotificationKind::FeedbackRequested => Msg::NotifFeedbackRequested,
            NotificationKind::QualityBelowStandard => Msg::NotifQualityBelowStandard,
            NotificationKind::TrainingAssigned => Msg::NotifTrainingAssigned,
            NotificationKind::TrainingDone => Msg::NotifTrainingDone,
            NotificationKind::TrainingReviewed => Msg::NotifTrainingReviewed,
        }
    }
}

/// The text of a notification in `lang`: `{key}` replaced by its parameter.
pub fn render(kind: NotificationKind, params: &BTreeMap<String, String>, lang: Lang) -> String {
    let mut text = kind.msg().text(lang).to_string();
    for (k, v) in params {
        text = text.replace(&format!("{{{k}}}"), v);
    }
    text
}

/// One inbox entry, rendered for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: i64,
    pub text: String,
    pub link: Option<String>,
    pub created_at: i64,
    pub read: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_and_fills_its_placeholders() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(k));
        }
        let params = BTreeMap::from([
            ("date".to_string(), "2027-03-31".to_string()),
            ("reason".to_string(), "材料不全".to_string()),
            ("number".to_string(), "INV-2026-000001".to_string()),
            ("amount".to_string(), "¥1,234.56".to_string()),
            ("days".to_string(), "7".to_string()),
            ("id".to_string(), "42".to_string()),
            ("subject".to_string(), "发票抬头".to_string()),
            ("status".to_string(), "已解决 / Resolved".to_string()),
            ("target".to_string(), "first response".to_string()),
            ("due".to_string(), "2026-11-30 16:30".to_string()),
            ("step".to_string(), "确认受理 / acknowledge".to_string()),
            ("answer".to_string(), "接受 / accepted".to_string()),
            ("method".to_string(), "调解 / mediation".to_string()),
            ("clause".to_string(), "4.3.2".to_string()),
            ("item".to_string(), "#12 发票抬头".to_string()),
            ("period".to_string(), "2026-10".to_string()),
            ("name".to_string(), "王芳".to_string()),
            ("reasons".to_string(), "CSAT".to_string()),
            ("topic".to_string(), "首次响应".to_string()),
            ("result".to_string(), "已核验 / verified".to_string()),
        ]);
        for lang in [Lang::Zh, Lang::En] {
            for k in NotificationKind::ALL {
                let text = render(k, &params, lang);
                assert!(!text.contains('{'), "{k:?} {lang:?}: {text}");
            }
        }
        assert!(
            render(NotificationKind::NoticeNotEligible, &params, Lang::En).contains("2027-03-31")
        );
    }
}
