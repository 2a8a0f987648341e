//! The service desk (clause 3): requests, their states and channels, and the SLA terms a request
//! carries. Pure; the clock itself is [`crate::sla`], the queue order [`crate::queue`].

use crate::sla::{Calendar, Pause};
use crate::Msg;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long after resolution the customer may reopen a request.
pub const REOPEN_DAYS: i64 = 7;

/// What a request is about (3.2.1 consultation, 3.2.3 custom plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    Consultation,
    CustomPlan,
    Other,
}

impl RequestKind {
    pub const ALL: [RequestKind; 3] = [
        RequestKind::Consultation,
        RequestKind::CustomPlan,
        RequestKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Consultation => "consultation",
            RequestKind::CustomPlan => "custom_plan",
            RequestKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// How the request reached us (3.3.1). Staff log phone, e-mail and branch contacts on the
/// customer's behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Phone,
    Email,
    Branch,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Web,
        Channel::Phone,
        Channel::Email,
        Channel::Branch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Branch => "branch",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    New,
    Open,
    WaitingOnCustomer,
    Resolved,
    Closed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::New,
        RequestStatus::Open,
        RequestStatus::WaitingOnCustomer,
        RequestStatus::Resolved,
        RequestStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::Open => "open",
            RequestStatus::WaitingOnCustomer => "waiting_on_customer",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            RequestStatus::New => Msg::ReqStatusNew,
            RequestStatus::Open => Msg::ReqStatusOpen,
            RequestStatus::WaitingOnCustomer => Msg::ReqStatusWaiting,
            RequestStatus::Resolved => Msg::ReqStatusResolved,
            RequestStatus::Closed => Msg::ReqStatusClosed,
        }
    }

    /// Whether staff still have something to do (the queue shows these).
    pub fn is_active(self) -> bool {
        matches!(self, RequestStatus::New | RequestStatus::Open)
    }

    /// The SLA clock is paused while waiting on the customer and stopped once resolved.
    pub fn clock_runs(self) -> bool {
        self.is_active()
    }
}

/// Something that happens to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestEvent {
    /// Staff reply to the customer (the first one meets the first-response SLA).
    StaffReply,
    /// Staff reply and wait for the customer's answer.
    AskCustomer,
    /// The customer writes.
    CustomerReply,
    Resolve,
    Close,
    /// The customer reopens a resolved request (within [`REOPEN_DAYS`]).
    Reopen,
}

/// The status after `event`, or `None` if it is not allowed in `from`.
pub fn next_status(from: RequestStatus, event: RequestEvent) -> Option<RequestStatus> {
    use RequestEvent as E;
    use RequestStatus as S;
    match (from, event) {
        (S::New | S::Open | S::WaitingOnCustomer, E::StaffReply) => Some(S::Open),
        (S::New | S::Open | S::WaitingOnCustomer, E::AskCustomer) => Some(S::WaitingOnCustomer),
        (S::New, E::CustomerReply) => Some(S::New),
        (S::Open | S::WaitingOnCustomer, E::CustomerReply) => Some(S::Open),
        (S::New | S::Open | S::WaitingOnCustomer, E::Resolve) => Some(S::Resolved),
        (S::Resolved, E::Close) => Some(S::Closed),
        (S::Resolved, E::Reopen) => Some(S::Open),
        _ => None,
    }
}

/// A resolved request may be reopened by its customer for [`REOPEN_DAYS`] days.
pub fn may_reopen(
    status: RequestStatus,
    resolved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    status == RequestStatus::Resolved
        && resolved_at.is_some_and(|r| now - r <= Duration::days(REOPEN_DAYS))
}

/// The SLA terms a request carries from the moment it is opened (the customer's level as
/// granted in their agreement, or the non-VIP terms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTerms {
    pub first_response_mins: i64,
    pub resolution_mins: i64,
    pub calendar: Calendar,
}

impl SlaTerms {
    /// When the first response is due (the clock pauses while waiting on the customer).
    pub fn first_response_due(
        &self,
        opened: DateTime<Utc>,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        crate::sla::due_at(
            &self.calendar,
            opened,
            Duration::minutes(self.first_response_mins),
            pauses,
        )
    }

    pub fn resolution_due(&self, opened: DateTime<Utc>, pauses: &[Pause]) -> Option<DateTime<Utc>> {
        crate::sla::due_at(
            &self.calendar,
            opened,
            Duration::minutes(self.resolution_mins),
            pauses,
        )
    }
}

/// Time left until (or past) a due time as `1d 02:15:07` / `02:15:07`, with a leading `−` once
/// overdue: the same in every language.
pub fn countdown(ms: i64) -> String {
    let sign = if ms < 0 { "−" } else { "" };
    let s = ms.unsigned_abs() / 1000;
    let (d, h, m, sec) = (s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60);
    if d > 0 {
        format!("{sign}{d}d {h:02}:{m:02}:{sec:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{sec:02}")
    }
}

/// A queue cursor as text for a link (`a.b.c.d.e`) and back.
pub fn cursor_text(c: (i64, i64, i64, i64, i64)) -> String {
    format!("{}.{}.{}.{}.{}", c.0, c.1, c.2, c.3, c.4)
}

pub fn parse_cursor(s: &str) -> Option<(i64, i64, i64, i64, i64)> {
    let v: Vec<i64> = s
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match v.as_slice() {
        [a, b, c, d, e] => Some((*a, *b, *c, *d, *e)),
        _ => None,
    }
}

/// One page of the staff queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<RequestSummary>,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_3_requests_move_only_along_their_states() {
        use RequestEvent as E;
        use RequestStatus as S;
        assert_eq!(next_status(S::New, E::StaffReply), Some(S::Open));
        assert_eq!(
            next_status(S::Open, E::AskCustomer),
            Some(S::WaitingOnCustomer)
        );
        assert_eq!(
            next_status(S::WaitingOnCustomer, E::CustomerReply),
            Some(S::Open)
        );
        assert_eq!(next_status(S::Open, E::Resolve), Some(S::Resolved));
        assert_eq!(next_status(S::Resolved, E::Reopen), Some(S::Open));
        assert_eq!(next_status(S::Resolved, E::Close), Some(S::Closed));
        for e in [
            E::StaffReply,
            E::AskCustomer,
            E::CustomerReply,
            E::Resolve,
            E::Close,
            E::Reopen,
        ] {
            assert_eq!(next_status(S::Closed, e), None, "{e:?}");
        }
        assert_eq!(next_status(S::Open, E::Reopen), None);
        assert!(!S::WaitingOnCustomer.clock_runs() && S::New.clock_runs());
    }

    #[test]
    fn countdown_and_cursor_text() {
        assert_eq!(countdown(3_600_000 + 61_000), "01:01:01");
        assert_eq!(countdown(-61_000), "−00:01:01");
        assert_eq!(countdown(90_000_000), "1d 01:00:00");
        let c = (-2, -1, 1_700_000_000_000, 1_700_000_000_000, 42);
        assert_eq!(parse_cursor(&cursor_text(c)), Some(c));
        assert_eq!(parse_cursor("1.2.x.4.5"), None);
        assert_eq!(parse_cursor("1.2.3"), None);
    }

    #[test]
    fn clause_3_reopen_within_seven_days_of_resolution() {
        let r = DateTime::parse_from_rfc3339("2026-11-20T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(may_reopen(
            RequestStatus::Resolved,
            Some(r),
            r + Duration::days(7)
        ));
        assert!(!may_reopen(
            RequestStatus::Resolved,
            Some(r),
            r + Duration::days(7) + Duration::seconds(1)
        ));
        assert!(!may_reopen(RequestStatus::Closed, Some(r), r));
    }
}

/// One message of a request's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub author_name: String,
    /// Written by staff (the customer sees "VIP Care" and the agent's name).
    pub from_staff: bool,
    pub body: String,
    /// Internal note: only ever in staff views.
    pub internal: bool,
    pub at_ms: i64,
}

/// A request for its customer or for staff. Customers' views never contain internal notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub kind: RequestKind,
    pub channel: Channel,
    pub urgency: crate::queue::Urgency,
    pub subject: String,
    pub status: RequestStatus,
    pub level_rank: i64,
    pub assignee_name: Option<String>,
    pub branch_name: Option<String>,
    pub first_response_due_ms: Option<i64>,
    pub resolution_due_ms: Option<i64>,
    pub first_response_at_ms: Option<i64>,
    pub resolved_at_ms: Option<i64>,
    pub created_at_ms: i64,
    pub messages: Vec<MessageView>,
    pub timeline: Vec<TimelineEntry>,
    /// Attachments from either side (PDF, JPEG, PNG; clause 2.2.1's upload rules).
    pub files: Vec<RequestFile>,
    /// The billing custom plan a `custom_plan` request opened (clause 3.2.3).
    pub plan_id: Option<i64>,
    /// 1-based position among the active requests of the queue it waits in.
    pub queue_position: Option<i64>,
}

/// A row of the staff queue or of a customer's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: i64,
    pub customer_name: String,
    pub kind: RequestKind,
    pub channel: Channel,
    pub urgency: crate::queue::Urgency,
    pub subject: String,
    pub status: RequestStatus,
    pub level_rank: i64,
    pub assignee_name: Option<String>,
    pub next_due_ms: Option<i64>,
    pub created_at_ms: i64,
}

/// What happened on a request, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineKind {
    Opened,
    Status {
        from: RequestStatus,
        to: RequestStatus,
    },
    /// A staff member took it for themselves.
    Claimed,
    Assigned,
    /// Sent to another branch's queue.
    Transferred,
    /// The SLA clock reached a stage (staff only): target `first_response` or `resolution`.
    Sla {
        first_response: bool,
        stage: crate::sla::Stage,
    },
}

/// One entry of a request's timeline. Customers see the opening, status changes and who has
/// their request; staff also see transfer notes and SLA warnings, breaches and escalations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub kind: TimelineKind,
    pub actor_name: Option<String>,
    pub assignee_name: Option<String>,
    pub branch_name: Option<String>,
    /// The note given with a transfer or assignment: empty in customers' views.
    pub note: String,
    pub at_ms: i64,
}

/// Active requests per queue filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCounts {
    pub all: i64,
    pub mine: i64,
    pub branch: i64,
    pub unassigned: i64,
    pub breached: i64,
}

/// Someone a request can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    pub id: i64,
    pub name: String,
    pub branch_name: Option<String>,
    pub away: bool,
}

/// The people and branches a request can go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingOptions {
    pub handlers: Vec<Handler>,
    pub branches: Vec<(i64, String)>,
}

/// A file attached to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFile {
    pub file: crate::membership::FileInfo,
    pub uploaded_by: String,
}
