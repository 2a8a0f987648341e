//! Roles and permissions (SPEC §1). One table says which role may do what; every server
//! function asks [`SessionUser::can`] on its first line.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A role held by an account. Staff may hold several; customers hold exactly `Customer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    Agent,
    Reviewer,
    Quality,
    Finance,
    Admin,
}

impl Role {
    pub const STAFF: [Role; 5] = [
        Role::Agent,
        Role::Reviewer,
        Role::Quality,
        Role::Finance,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Reviewer => "reviewer",
            Role::Quality => "quality",
            Role::Finance => "finance",
            Role::Admin => "admin",
        }
    }

    pub fn is_staff(self) -> bool {
        self != Role::Customer
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "customer" => Role::Customer,
            "agent" => Role::Agent,
            "reviewer" => Role::Reviewer,
            "quality" => Role::Quality,
            "finance" => Role::Finance,
            "admin" => Role::Admin,
            _ => return Err(()),
        })
    }
}

/// Something a signed-in person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// The customer portal under `/portal`.
    UsePortal,
    /// The staff area under `/admin`.
    UseAdmin,
    /// Create staff, assign roles, deactivate (admin only).
    ManageStaff,
    /// Read the audit log.
    ReadAudit,
    /// Change own password and language: every signed-in person.
    ManageOwnAccount,
    /// Turn the second sign-in factor off again: customers, for whom it is a choice. Staff
    /// must keep theirs (clause 10); only an admin's reset removes it.
    TurnOffSecondFactor,
    /// Define VIP levels and the order system's API keys (admin only).
    ManageProgramme,
    /// Import the purchase ledger (admin, finance).
    ImportLedger,
    /// Find customers and open their record (every read audited).
    ViewCustomers,
    /// Review applications, countersign agreements, revoke VIP status (reviewer, admin).
    ReviewApplications,
    /// The fee schedule, invoices, payments, waivers and credits (finance, admin; clause 6).
    ManageBilling,
    /// The service queue: answer, note, resolve, log contacts (agents, admin; clause 3).
    HandleRequests,
    /// The complaint queue: acknowledge, investigate, propose, record complaints received by
    /// phone, e-mail or at a branch (agents, quality, admin; clause 7).
    HandleComplaints,
    /// Open a breach case against a customer with evidence (agents, reviewers, admin; 4.3.2).
    OpenBreachCases,
    /// Decide a breach case; an upheld one ends the customer's rights (reviewers, admin; 8.1).
    DecideBreachCases,
    /// Dispute cases and automatic compensation policies (admin; clauses 8.2, 11).
    ManageDisputes,
    /// The quality dashboard, evaluations, standards, process report, and assigning and
    /// verifying training (quality, admin; clause 5). Agents see only their own quality page.
    ManageQuality,
    /// Record feedback a customer gave by phone, e-mail or at a branch (agents, quality, admin;
    /// 5.3.1).
    RecordFeedback,
    /// The confidentiality period and the retention job that anonymises former members after
    /// it (admin; clause 10.3).
    ManageRetention,
}

impl Permission {
    /// The permission matrix. Admin holds every staff permission; customers only their own.
    pub fn granted_to(self, role: Role) -> bool {
        use Permission::*;
        match self {
            ManageOwnAccount => true,
            UsePortal | TurnOffSecondFactor => role == Role::Customer,
            UseAdmin => role.is_staff(),
            ManageStaff | ReadAudit | ManageProgramme | ManageRetention => role == Role::Admin,
            ImportLedger => matches!(role, Role::Admin | Role::Finance),
            ReviewApplications => matches!(role, Role::Admin | Role::Reviewer),
            ManageBilling => matches!(role, Role::Admin | Role::Finance),
            HandleRequests => matches!(role, Role::Admin | Role::Agent),
            HandleComplaints => matches!(role, Role::Admin | Role::Agent | Role::Quality),
            OpenBreachCases => matches!(role, Role::Admin | Role::Agent | Role::Reviewer),
            DecideBreachCases => matches!(role, Role::Admin | Role::Reviewer),
            ManageDisputes => role == Role::Admin,
            ManageQuality => matches!(role, Role::Admin | Role::Quality),
            RecordFeedback => matches!(role, Role::Admin | Role::Agent | Role::Quality),
            ViewCustomers => matches!(
                role,
                Role::Admin | Role::Reviewer | Role::Agent | Role::Finance
            ),
        }
    }
}

/// The person behind the current request, as the session layer found them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// The account has a confirmed authenticator app (clause 10).
    #[serde(default)]
    pub second_factor: bool,
}

impl SessionUser {
    /// Whether this person may do `p`. Staff without an authenticator may only look after
    /// their own account, where they set one up (clause 10).
    pub fn can(&self, p: Permission) -> bool {
        if self.must_set_up_second_factor() && p != Permission::ManageOwnAccount {
            return false;
        }
        self.roles.iter().any(|r| p.granted_to(*r))
    }

    /// Staff who have not yet set up their authenticator.
    pub fn must_set_up_second_factor(&self) -> bool {
        !self.second_factor && crate::mfa::required_for(&self.roles)
    }

    pub fn has_role(&self, r: Role) -> bool {
        self.roles.contains(&r)
    }

    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|r| r.is_staff())
    }

    /// Where this person lands after signing in.
    pub fn home_path(&self) -> &'static str {
        if self.must_set_up_second_factor() {
            "/account/security"
        } else if self.is_staff() {
            "/admin"
        } else {
            "/portal"
        }
    }
}

/// A staff member as the staff page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub roles: Vec<Role>,
    /// Has a confirmed authenticator app (clause 10).
    #[serde(default)]
    pub second_factor: bool,
}

/// A `next=` target after sign-in is honoured only when it is a local path, so the sign-in
/// page cannot be used as an open redirect.
pub fn safe_next_path(next: Option<&str>) -> Option<String> {
    let n = next?.trim();
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && !n.contains("://")
        && !n.chars().any(char::is_control);
    ok.then(|| n.to_string())
}

/// The lockout rule (issue 3): `max_failures` failed sign-ins within `window_ms` lock the
/// account for `lockout_ms` from the failure that reached the count.
#[derive(Debug, Clone, Copy)]
pub struct Lockout {
    pub max_failures: i64,
    pub window_ms: i64,
    pub lockout_ms: i64,
}

impl Lockout {
    /// When the latest lockout ends, given the failure times (oldest first); `None` when the
    /// failures never reached the count within one window.
    pub fn locked_until(&self, failures: &[i64]) -> Option<i64> {
        let n = usize::try_from(self.max_failures).ok().filter(|n| *n > 0)?;
        failures
            .windows(n)
            .filter(|w| w[n - 1] - w[0] <= self.window_ms)
            .map(|w| w[n - 1] + self.lockout_ms)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: &[Role]) -> SessionUser {
        SessionUser {
            id: 1,
            email: "a@example.com".into(),
            name: "A".into(),
            roles: roles.to_vec(),
            second_factor: true,
        }
    }

    #[test]
    fn clause_10_staff_without_an_authenticator_may_only_set_one_up() {
        let mut agent = user(&[Role::Agent, Role::Admin]);
        agent.second_factor = false;
        assert!(agent.must_set_up_second_factor());
        assert!(agent.can(Permission::ManageOwnAccount));
        for p in [
            Permission::UseAdmin,
            Permission::ManageStaff,
            Permission::ReadAudit,
        ] {
            assert!(!agent.can(p), "{p:?}");
        }
        assert_eq!(agent.home_path(), "/account/security");
        // Customers choose: without one they keep the portal.
        let mut c = user(&[Role::Customer]);
        c.second_factor = false;
        assert!(!c.must_set_up_second_factor());
        assert!(c.can(Permission::UsePortal));
        assert_eq!(c.home_path(), "/portal");
    }

    #[test]
    fn customers_use_the_portal_and_never_the_admin_area() {
        let c = user(&[Role::Customer]);
        assert!(c.can(Permission::UsePortal));
        assert!(!c.can(Permission::UseAdmin));
        assert!(!c.can(Permission::ManageStaff));
        assert_eq!(c.home_path(), "/portal");
    }

    #[test]
    fn only_admins_manage_staff() {
        for r in [Role::Agent, Role::Reviewer, Role::Quality, Role::Finance] {
            let u = user(&[r]);
            assert!(u.can(Permission::UseAdmin), "{r}");
            assert!(!u.can(Permission::ManageStaff), "{r}");
            assert!(!u.can(Permission::UsePortal), "{r}");
        }
        assert!(user(&[Role::Agent, Role::Admin]).can(Permission::ManageStaff));
    }

    #[test]
    fn clause_2_1_1_ledger_and_levels_belong_to_admin_and_finance() {
        let admin = user(&[Role::Admin]);
        let finance = user(&[Role::Finance]);
        assert!(admin.can(Permission::ManageProgramme) && admin.can(Permission::ImportLedger));
        assert!(finance.can(Permission::ImportLedger));
        assert!(!finance.can(Permission::ManageProgramme));
        for r in [Role::Agent, Role::Reviewer, Role::Quality, Role::Customer] {
            assert!(!user(&[r]).can(Permission::ImportLedger), "{r}");
        }
        assert!(user(&[Role::Reviewer]).can(Permission::ViewCustomers));
        assert!(!user(&[Role::Customer]).can(Permission::ViewCustomers));
        assert!(!user(&[Role::Quality]).can(Permission::ViewCustomers));
        assert!(user(&[Role::Reviewer]).can(Permission::ReviewApplications));
        for r in [Role::Agent, Role::Quality, Role::Finance, Role::Customer] {
            assert!(!user(&[r]).can(Permission::ReviewApplications), "{r}");
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::STAFF.into_iter().chain([Role::Customer]) {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("root".parse::<Role>().is_err());
    }

    const MIN: i64 = 60_000;
    const LOCK: Lockout = Lockout {
        max_failures: 10,
        window_ms: 15 * MIN,
        lockout_ms: 15 * MIN,
    };

    #[test]
    fn ten_failures_in_15_minutes_lock_for_15_minutes_from_the_tenth() {
        // One a minute: the tenth at 9 min locks until 24 min, however the window slides.
        let spread: Vec<i64> = (0..10).map(|i| i * MIN).collect();
        assert_eq!(LOCK.locked_until(&spread), Some(24 * MIN));
        // Nine are not enough.
        assert_eq!(LOCK.locked_until(&spread[..9]), None);
        // Ten spread over more than 15 minutes never lock.
        let slow: Vec<i64> = (0..10).map(|i| i * 2 * MIN).collect();
        assert_eq!(LOCK.locked_until(&slow), None);
        // The latest lockout counts.
        let mut twice = spread.clone();
        twice.extend((0..10).map(|i| 40 * MIN + i * 1_000));
        assert_eq!(LOCK.locked_until(&twice), Some(40 * MIN + 9_000 + 15 * MIN));
        assert_eq!(LOCK.locked_until(&[]), None);
    }

    #[test]
    fn next_path_rejects_open_redirects() {
        assert_eq!(safe_next_path(Some("/portal")), Some("/portal".into()));
        for bad in ["//evil.com", "https://evil.com", "evil", "/\\evil", ""] {
            assert_eq!(safe_next_path(Some(bad)), None, "{bad}");
        }
    }
}
