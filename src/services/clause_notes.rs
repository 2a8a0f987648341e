//! What each clause of a customer's agreement means for them now (contract fidelity): their
//! standing (2.1.1), grace period (2.3.1), term (12.2), dedicated agent (3.1.1), SLA terms
//! (3.4.1) and the pages that put clauses into practice.

use super::ServiceResult;
use crate::clause_notes::{ClauseNote, NotePage, NoteWhat};
use crate::ledger::shanghai_date;
use crate::store::Db;
use crate::Fen;

/// The notes for `customer_id` on the day of `now`.
pub async fn for_customer(db: &Db, customer_id: i64, now: i64) -> ServiceResult<Vec<ClauseNote>> {
    let note = |clause: &str, what: NoteWhat, href: Option<&str>| ClauseNote {
        clause: clause.to_string(),
        what,
        href: href.map(str::to_string),
    };
    let mut notes = Vec::new();
    let progress = super::customers::progress(db, customer_id, shanghai_date(now), None).await?;
    let (spend, points) = progress
        .progress
        .first()
        .map(|p| (p.spend, p.points))
        .unwrap_or((Fen::ZERO, 0));
    let level = progress
        .reached_level()
        .map(|l| (l.name_zh.clone(), l.name_en.clone()));
    notes.push(note(
        "2.1.1",
        NoteWhat::Standing {
            spend,
            points,
            level,
        },
        Some("/portal/membership"),
    ));
    if let Some(m) = super::membership::live_membership(db, customer_id).await? {
        if let Some(until) = m.grace_until {
            notes.push(note(
                "2.3.1",
                NoteWhat::Grace { until },
                Some("/portal/membership"),
            ));
        }
        notes.push(note(
            "12.2",
            NoteWhat::Term {
                from: m.started_on,
                until: m.expires_on,
            },
            Some("/portal/membership"),
        ));
    }
    let agent = crate::store::complaints::staff_known_to(db.reader(), customer_id)
        .await?
        .into_iter()
        .find(|(_, _, dedicated)| *dedicated)
        .map(|(_, name, _)| name);
    notes.push(note("3.1.1", NoteWhat::Agent { name: agent }, None));
    let (terms, _) = super::desk::terms_for(db, customer_id).await?;
    notes.push(note(
        "3.4.1",
        NoteWhat::Sla {
            first_response_mins: terms.first_response_mins,
            resolution_mins: terms.resolution_mins,
            always_open: terms.calendar.hours.is_none(),
        },
        Some("/portal/requests"),
    ));
    notes.extend(
        NotePage::ALL
            .into_iter()
            .map(|(clause, page)| note(clause, NoteWhat::Page(page), Some(page.href()))),
    );
    Ok(notes)
}
