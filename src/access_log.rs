//! The customer's access log (clause 10): which staff role read which of the customer's records,
//! when, and for what purpose. Every staff read is audited as `<object>.viewed` (see
//! `services::membership::admit_read`); this module names each such action, says what the
//! customer can open for it and why staff read it. Staff are shown by role, never by name.

use crate::{Msg, Role};
use serde::{Deserialize, Serialize};

/// Entries per page of the access log.
pub const PAGE_SIZE: i64 = 50;

/// What a staff member read: one kind of `<object>.viewed` audit action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Viewed {
    Agreement,
    Application,
    Breach,
    Complaint,
    Customer,
    Dispute,
    File,
    Invoice,
    Plan,
    Request,
}

impl Viewed {
    pub const ALL: [Viewed; 10] = [
        Viewed::Agreement,
        Viewed::Application,
        Viewed::Breach,
        Viewed::Complaint,
        Viewed::Customer,
        Viewed::Dispute,
        Viewed::File,
        Viewed::Invoice,
        Viewed::Plan,
        Viewed::Request,
    ];

    /// The audit action that records this read.
    pub fn action(self) -> &'static str {
        match self {
            Viewed::Agreement => "agreement.viewed",
            Viewed::Application => "application.viewed",
            Viewed::Breach => "breach.viewed",
            Viewed::Complaint => "complaint.viewed",
            Viewed::Customer => "customer.viewed",
            Viewed::Dispute => "dispute.viewed",
            Viewed::File => "file.viewed",
            Viewed::Invoice => "invoice.viewed",
            Viewed::Plan => "plan.viewed",
            Viewed::Request => "request.viewed",
        }
    }

    /// The read recorded by an audit action; `None` for anything that is not a staff read.
    pub fn from_action(action: &str) -> Option<Viewed> {
        Viewed::ALL.into_iter().find(|v| v.action() == action)
    }

    /// What was read, for the customer.
    pub fn object_msg(self) -> Msg {
        match self {
            Viewed::Agreement => Msg::AccessObjAgreement,
            Viewed::Application => Msg::AccessObjApplication,
            Viewed::Breach => Msg::AccessObjBreach,
            Viewed::Complaint => Msg::AccessObjComplaint,
            Viewed::Customer => Msg::AccessObjCustomer,
            Viewed::Dispute => Msg::AccessObjDispute,
            Viewed::File => Msg::AccessObjFile,
            Viewed::Invoice => Msg::AccessObjInvoice,
            Viewed::Plan => Msg::AccessObjPlan,
            Viewed::Request => Msg::AccessObjRequest,
        }
    }

    /// Why staff read it: the part of the agreement the read serves.
    pub fn purpose(self) -> Msg {
        match self {
            Viewed::Agreement => Msg::AccessPurposeAgreement,
            Viewed::Application | Viewed::File => Msg::AccessPurposeApplication,
            Viewed::Breach => Msg::AccessPurposeBreach,
            Viewed::Complaint => Msg::AccessPurposeComplaint,
            Viewed::Customer => Msg::AccessPurposeAccount,
            Viewed::Dispute => Msg::AccessPurposeDispute,
            Viewed::Invoice => Msg::AccessPurposeBilling,
            Viewed::Plan => Msg::AccessPurposePlan,
            Viewed::Request => Msg::AccessPurposeRequest,
        }
    }

    /// Where the customer can open the object themselves, if anywhere.
    pub fn portal_href(self, id: &str) -> Option<String> {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let area = match self {
            Viewed::Agreement => "agreements",
            Viewed::Invoice => "invoices",
            Viewed::Plan => "plans",
            Viewed::Request => "requests",
            Viewed::Complaint => "complaints",
            Viewed::Breach => "breaches",
            Viewed::Dispute => "disputes",
            Viewed::Application | Viewed::Customer | Viewed::File => return None,
        };
        Some(format!("/portal/{area}/{id}"))
    }
}

/// One staff read of the customer's data. No staff name, e-mail or id: only their roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEntry {
    pub seq: i64,
    pub at_ms: i64,
    /// The viewer's staff roles when they read (recorded in the audit entry); for reads
    /// audited before roles were recorded, their roles now.
    pub roles: Vec<Role>,
    pub viewed: Viewed,
    pub object_id: Option<String>,
    /// The reason the viewer gave for opening a record outside their branch and work (10.1).
    #[serde(default)]
    pub reason: Option<String>,
}

/// What a staff read's audit entry records beside the object (its `after` JSON): the viewer's
/// roles at the time and the reason they gave, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Role>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ReadRecord {
    /// Reads the record out of an audit entry's `after` JSON; anything unreadable is empty.
    pub fn from_after(after: Option<&str>) -> ReadRecord {
        after
            .and_then(|a| serde_json::from_str::<ReadRecord>(a).ok())
            .unwrap_or_default()
    }
}

/// A page of the access log, newest first; `next` is the cursor of the following page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogPage {
    pub entries: Vec<AccessEntry>,
    pub next: Option<i64>,
}

/// How a staff member stands to a customer whose record they open (clause 10.1, least
/// privilege): branch-bound staff (agents, branch leads) read the customers of their branch and
/// of their own work without more; anyone else's record asks for a reason, which is audited.
/// Staff without a branch (review, billing, quality, administration) read by their role's
/// purpose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Closeness {
    /// The viewer works in a branch.
    pub branch_bound: bool,
    /// The viewer is the customer's dedicated agent (3.1.1).
    pub dedicated_agent: bool,
    /// A request or complaint of the customer is assigned to the viewer.
    pub own_work: bool,
    /// A request or complaint of the customer, or their dedicated agent, is in the viewer's
    /// branch.
    pub branch_work: bool,
}

impl Closeness {
    /// Whether opening the record needs a reason.
    pub fn needs_reason(&self) -> bool {
        self.branch_bound && !(self.dedicated_agent || self.own_work || self.branch_work)
    }
}

/// A reason for viewing as given: trimmed, 5 to 500 characters.
pub fn view_reason(input: &str) -> Result<String, Msg> {
    let r = input.trim();
    let n = r.chars().count();
    if (5..=500).contains(&n) {
        Ok(r.to_string())
    } else {
        Err(Msg::ErrViewReason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_10_1_a_read_record_survives_the_audit_entrys_json() {
        let json = r#"{"outside_branch_and_work":true,"roles":["agent","reviewer"],"reason":"customer called"}"#;
        assert_eq!(
            ReadRecord::from_after(Some(json)),
            ReadRecord {
                roles: Some(vec![Role::Agent, Role::Reviewer]),
                reason: Some("customer called".into()),
            }
        );
        assert_eq!(ReadRecord::from_after(None), ReadRecord::default());
        assert_eq!(
            ReadRecord::from_after(Some("not json")),
            ReadRecord::default()
        );
        assert_eq!(
            ReadRecord::from_after(Some(r#"{"roles":"x"}"#)),
            ReadRecord::default()
        );
    }

    #[test]
    fn clause_10_1_branch_staff_give_a_reason_outside_their_branch_and_work() {
        let outside = Closeness {
            branch_bound: true,
            ..Closeness::default()
        };
        assert!(outside.needs_reason());
        for inside in [
            Closeness {
                dedicated_agent: true,
                ..outside
            },
            Closeness {
                own_work: true,
                ..outside
            },
            Closeness {
                branch_work: true,
                ..outside
            },
        ] {
            assert!(!inside.needs_reason(), "{inside:?}");
        }
        // Headquarters roles read by their role's purpose.
        assert!(!Closeness::default().needs_reason());
        assert_eq!(
            view_reason("  customer called about invoice 7 "),
            Ok("customer called about invoice 7".into())
        );
        assert_eq!(view_reason("看一下"), Err(Msg::ErrViewReason));
        assert_eq!(view_reason(&"x".repeat(501)), Err(Msg::ErrViewReason));
        assert!(view_reason("客户来电询问").is_ok());
    }

    #[test]
    fn clause_10_1_every_staff_read_has_a_purpose() {
        for v in Viewed::ALL {
            assert_eq!(Viewed::from_action(v.action()), Some(v));
            assert!(v.action().ends_with(".viewed"));
            // A purpose of its own, not the object's name.
            assert_ne!(v.purpose(), v.object_msg(), "{v:?}");
        }
        assert_eq!(Viewed::from_action("access.denied"), None);
        assert_eq!(Viewed::Application.purpose(), Msg::AccessPurposeApplication);
        assert_eq!(Viewed::Request.purpose(), Msg::AccessPurposeRequest);
        assert_eq!(Viewed::Complaint.purpose(), Msg::AccessPurposeComplaint);
        assert_eq!(Viewed::Invoice.purpose(), Msg::AccessPurposeBilling);
        assert_eq!(Viewed::Customer.purpose(), Msg::AccessPurposeAccount);
    }

    /// Every `"<x>.viewed"` literal in the services is an action this log knows, so no audited
    /// staff read is left out of the customer's view.
    #[test]
    fn clause_10_1_every_audited_read_in_the_services_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/services");
        let mut found = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for (i, _) in text.match_indices(".viewed\"") {
                let start = text[..i].rfind('"').unwrap() + 1;
                let action = &text[start..i + ".viewed".len()];
                assert!(
                    Viewed::from_action(action).is_some(),
                    "{action} has no purpose in the access log"
                );
                found += 1;
            }
        }
        assert!(found >= Viewed::ALL.len());
    }

    #[test]
    fn clause_10_3_the_customer_opens_what_staff_read_where_the_portal_shows_it() {
        assert_eq!(
            Viewed::Invoice.portal_href("12").as_deref(),
            Some("/portal/invoices/12")
        );
        assert_eq!(
            Viewed::Agreement.portal_href("3").as_deref(),
            Some("/portal/agreements/3")
        );
        assert_eq!(
            Viewed::Breach.portal_href("4").as_deref(),
            Some("/portal/breaches/4")
        );
        assert_eq!(Viewed::Customer.portal_href("7"), None);
        assert_eq!(Viewed::File.portal_href("7"), None);
        assert_eq!(Viewed::Request.portal_href("../x"), None);
        assert_eq!(Viewed::Request.portal_href(""), None);
    }
}
