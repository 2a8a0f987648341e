//! "What this clause means for you now" (contract fidelity): notes shown beside clauses of the
//! agreement a customer signed — their standing next to 2.1.1, their term next to 12.2, their
//! dedicated agent next to 3.1.1, their SLA terms next to 3.4.1, the fee page next to 6.1.2 …
//! Pure data; the service fills it, the page words it in the reader's language.

use crate::Fen;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A note for one clause; `href` leads to the page where the customer acts on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseNote {
    pub clause: String,
    pub what: NoteWhat,
    pub href: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoteWhat {
    /// 2.1.1: the rolling 12-month spend and points today, and the level they reach.
    Standing {
        spend: Fen,
        points: i64,
        level: Option<(String, String)>,
    },
    /// 2.3.1: in the grace period until this day.
    Grace { until: NaiveDate },
    /// 12.2: the term of the live membership.
    Term { from: NaiveDate, until: NaiveDate },
    /// 3.1.1: the dedicated agent, if one is named.
    Agent { name: Option<String> },
    /// 3.2.1, 3.4.1: the SLA terms that apply to the customer's requests.
    Sla {
        first_response_mins: i64,
        resolution_mins: i64,
        always_open: bool,
    },
    /// A page where the clause is put into practice (fees, invoices, plans, complaints …).
    Page(NotePage),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotePage {
    Fees,
    Invoices,
    Plans,
    Requests,
    Complaints,
    Rights,
    Feedback,
}

impl NotePage {
    pub fn href(self) -> &'static str {
        match self {
            NotePage::Fees => "/fees",
            NotePage::Invoices => "/portal/invoices",
            NotePage::Plans => "/portal/plans",
            NotePage::Requests => "/portal/requests",
            NotePage::Complaints => "/portal/complaints",
            NotePage::Rights => "/portal/rights",
            NotePage::Feedback => "/portal/feedback",
        }
    }

    /// The clause each page puts into practice.
    pub const ALL: [(&'static str, NotePage); 7] = [
        ("3.2.3", NotePage::Plans),
        ("3.3.1", NotePage::Requests),
        ("4.1", NotePage::Rights),
        ("5.3.1", NotePage::Feedback),
        ("6.1.2", NotePage::Fees),
        ("6.2", NotePage::Invoices),
        ("7.1", NotePage::Complaints),
    ];
}

/// Where a note is shown in a template with these clause ids: the clause itself, else its
/// section (`3.2.1` → `3.2`), else its chapter; `None` when the template has none of them.
pub fn placement<'a>(clause: &str, ids: impl Fn(&str) -> bool + 'a) -> Option<String> {
    let parts: Vec<&str> = clause.split('.').collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("."))
        .find(|id| ids(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_4_1_notes_sit_at_the_clause_or_the_nearest_section() {
        let ids = ["3", "3.2", "3.2.1", "6", "6.2"];
        let has = |id: &str| ids.contains(&id);
        assert_eq!(placement("3.2.1", has).as_deref(), Some("3.2.1"));
        assert_eq!(placement("6.2.1", has).as_deref(), Some("6.2"));
        assert_eq!(placement("3.4.1", has).as_deref(), Some("3"));
        assert_eq!(placement("9.1", has), None);
        for (clause, page) in NotePage::ALL {
            assert!(page.href().starts_with('/'), "{clause}");
        }
    }
}
