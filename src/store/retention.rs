//! Retention (clause 10.3): finding former members past the confidentiality period and
//! anonymising one inside the caller's write transaction. Every table that holds a
//! customer's personal data is named here. `server/tests/it/retention.rs` searches every
//! column of every table afterwards for what the demo data knows of the customer (their
//! identity and text they wrote); a table added later is caught only if the demo data puts
//! such a value in it — so add it here when you add the table.

use super::{StoreResult, WriteTx};
use crate::retention::Hold;
use sqlx::SqlitePool;

const KEY: &str = "retention.confidentiality_years";

/// The confidentiality period in years (admin data), through the pool or a write transaction.
pub async fn years(db: impl sqlx::SqliteExecutor<'_>) -> StoreResult<Option<u32>> {
    Ok(super::membership::setting(db, KEY)
        .await?
        .and_then(|v| v.parse().ok()))
}

pub async fn set_years(tx: &mut WriteTx, years: u32, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO programme_settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(KEY)
    .bind(years.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A former member: `(customer id, name, last membership ended at, hold)`.
pub type FormerRow = (i64, String, i64, Option<Hold>);

/// Which former members [`former_members`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Everyone in the window, held or not (the page).
    All,
    /// Only those nothing holds (the job: held customers must not fill its batch).
    Unheld,
    /// Customer `id` only, held or not (the job's re-check under the write lock).
    One(i64),
}

/// The holds, as three columns (application, agreement, dispute). An agreement still
/// awaiting signature holds only if it is not the renewal offered to a membership that has
/// since ended (that offer lapsed with it).
const HOLDS: &str = "
    EXISTS (SELECT 1 FROM applications a WHERE a.customer_id = u.id
            AND a.status IN ('draft', 'submitted', 'under_review', 'info_requested'))
        AS held_application,
    EXISTS (SELECT 1 FROM agreements g WHERE g.customer_id = u.id
            AND g.status IN ('awaiting_customer', 'awaiting_countersign')
            AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.renewal_agreement_id = g.id
                            AND x.status NOT IN ('active', 'renewal_offered')))
        AS held_agreement,
    EXISTS (SELECT 1 FROM disputes d WHERE d.customer_id = u.id AND d.status = 'open')
        AS held_dispute";

/// True when any of the three hold columns of [`HOLDS`] is.
const HELD: &str = "(held_application OR held_agreement OR held_dispute)";

/// The former members whose last membership ended in `[?1, ?2)`, with their three hold
/// columns; `one_filter` may narrow it to one customer (`?4`).
fn window_sql(one_filter: &str) -> String {
    format!(
        "SELECT u.id, u.name, MAX(m.ended_at) AS ended,
                {HOLDS}
         FROM users u JOIN memberships m ON m.customer_id = u.id
         WHERE u.kind = 'customer' AND u.anonymised_at IS NULL {one_filter}
         GROUP BY u.id
         HAVING SUM(m.status IN ('active', 'renewal_offered')) = 0
            AND MAX(m.ended_at) >= ?1 AND MAX(m.ended_at) < ?2"
    )
}

/// Customers, not yet anonymised, with no live membership whose last membership ended before
/// `ended_before` (UTC ms) and not before `ended_from`, oldest end first, at most `limit`;
/// each with what holds their data, if anything.
pub async fn former_members(
    db: impl sqlx::SqliteExecutor<'_>,
    which: Which,
    ended_from: i64,
    ended_before: i64,
    limit: i64,
) -> StoreResult<Vec<FormerRow>> {
    // (filter on the customer, the customer's id for ?4, only those nothing holds)
    let (one_filter, one, unheld_only) = match which {
        Which::All => ("", 0, false),
        Which::Unheld => ("", 0, true),
        Which::One(id) => ("AND u.id = ?4", id, false),
    };
    let held_filter = if unheld_only {
        format!("NOT {HELD}")
    } else {
        "1".to_string()
    };
    let rows: Vec<(i64, String, i64, bool, bool, bool)> = sqlx::query_as(&format!(
        "SELECT * FROM ({}) WHERE {held_filter} ORDER BY ended, id LIMIT ?3",
        window_sql(one_filter)
    ))
    .bind(ended_from)
    .bind(ended_before)
    .bind(limit)
    .bind(one)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, ended, app, agreement, dispute)| {
            let hold = if dispute {
                Some(Hold::OpenDispute)
            } else if agreement {
                Some(Hold::AgreementAwaitingSignature)
            } else if app {
                Some(Hold::OpenApplication)
            } else {
                None
            };
            (id, name, ended, hold)
        })
        .collect())
}

/// How many former members ended before `ended_before`, and how many of them are held (the
/// job's report, the page's "anonymise now"), counted without reading them.
pub async fn due_counts(db: &SqlitePool, ended_before: i64) -> StoreResult<(i64, i64)> {
    Ok(sqlx::query_as(&format!(
        "SELECT COUNT(*), COALESCE(SUM({HELD}), 0) FROM ({})",
        window_sql("")
    ))
    .bind(i64::MIN)
    .bind(ended_before)
    .fetch_one(db)
    .await?)
}

/// How many customers are anonymised, and when the last one was.
pub async fn anonymised_count(db: &SqlitePool) -> StoreResult<(i64, Option<i64>)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), MAX(anonymised_at) FROM users
         WHERE kind = 'customer' AND anonymised_at IS NOT NULL",
    )
    .fetch_one(db)
    .await?)
}

/// What anonymising one customer changed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anonymised {
    pub files_erased: u64,
    pub audit_entries_erased: u64,
}

/// Anonymises customer `id` (clause 10.3): the account keeps its id and roles but loses its
/// name, contacts, password and sessions; free text they wrote or that was written about their
/// case is erased; uploaded files lose their name and content; personal data beside audit
/// entries about them or by them is deleted. Amounts, dates, numbers, states and digests stay.
/// `None` when the customer is gone or anonymised already (the job is idempotent).
pub async fn anonymise(tx: &mut WriteTx, id: i64, now: i64) -> StoreResult<Option<Anonymised>> {
    let who: Option<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT name, email, email_norm, phone FROM users
         WHERE id = ? AND kind = 'customer' AND anonymised_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((name, email, email_norm, phone)) = who else {
        return Ok(None);
    };
    let new_name = crate::retention::placeholder_name(id);
    let new_email = crate::retention::placeholder_email(id);

    // Staff notifications about their records quote them (a request's subject, a breach's
    // summary, their name): those notifications lose their parameters and their e-mail copies
    // lose subject and body; the notification, its link and its dates stay. Elsewhere a
    // parameter whose whole value is their name, e-mail or phone becomes the placeholder (a
    // whole JSON value only, so nobody else's text is touched). Runs first, while the links
    // still lead to their records.
    const ABOUT_THEM: &str = "
        SELECT '/admin/queue/' || id FROM service_requests WHERE customer_id = ?1
        UNION ALL SELECT '/admin/complaints/' || id FROM complaints WHERE customer_id = ?1
        UNION ALL SELECT '/admin/complaints/breaches/' || id FROM breach_cases
                  WHERE customer_id = ?1
        UNION ALL SELECT '/admin/complaints/disputes/' || id FROM disputes WHERE customer_id = ?1
        UNION ALL SELECT '/admin/applications/' || id FROM applications WHERE customer_id = ?1
        UNION ALL SELECT '/admin/agreements/' || id FROM agreements WHERE customer_id = ?1
        UNION ALL SELECT '/admin/customers/' || ?1";
    sqlx::query(&format!(
        "UPDATE email_outbox SET subject = '', body = '' WHERE notification_id IN
             (SELECT id FROM notifications WHERE link IN ({ABOUT_THEM}))"
    ))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "UPDATE notifications SET params_json = '{{}}' WHERE link IN ({ABOUT_THEM})"
    ))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let placeholder = serde_json::Value::String(new_name.clone()).to_string();
    let mut identity: Vec<&str> = vec![name.as_str(), email.as_str(), email_norm.as_str()];
    if let Some(p) = phone.as_deref().filter(|p| !p.trim().is_empty()) {
        identity.push(p);
    }
    for value in identity {
        let quoted = serde_json::Value::String(value.to_string()).to_string();
        sqlx::query(
            "UPDATE notifications SET params_json = replace(params_json, ?1, ?2)
             WHERE instr(params_json, ?1) > 0",
        )
        .bind(&quoted)
        .bind(&placeholder)
        .execute(&mut **tx)
        .await?;
    }

    let statements: &[&str] = &[
        // The account.
        // `password_hash` '!' matches no password (`services::password::verify` treats a
        // value that is not a hash as a wrong password).
        "UPDATE users SET name = ?2, email = ?3, email_norm = ?3, phone = NULL,
                password_hash = '!anonymised', active = 0, anonymised_at = ?4
         WHERE id = ?1",
        "DELETE FROM sessions WHERE user_id = ?1",
        "DELETE FROM mfa_totp WHERE user_id = ?1",
        "DELETE FROM mfa_recovery_codes WHERE user_id = ?1",
        "DELETE FROM mfa_challenges WHERE user_id = ?1",
        "DELETE FROM mfa_trusted_devices WHERE user_id = ?1",
        // Their notifications and the e-mail sent to them.
        "DELETE FROM email_outbox WHERE notification_id IN
             (SELECT id FROM notifications WHERE user_id = ?1)",
        "DELETE FROM notifications WHERE user_id = ?1",
        // Membership: application, agreements (the signed text names them; its SHA-256 stays
        // as the proof of what was signed), amendments.
        "UPDATE applications SET company = '', message = '', decision_reason = NULL
         WHERE customer_id = ?1",
        "UPDATE application_messages SET body = '' WHERE application_id IN
             (SELECT id FROM applications WHERE customer_id = ?1)",
        "UPDATE agreements SET canonical_text = '', customer_ip = NULL,
                customer_name = CASE WHEN customer_name IS NULL THEN NULL ELSE ?2 END
         WHERE customer_id = ?1",
        // Attachments are titled with a material's file name or an amendment's description.
        "UPDATE agreement_attachments SET title = ''
         WHERE kind IN ('material', 'amendment')
           AND agreement_id IN (SELECT id FROM agreements WHERE customer_id = ?1)",
        "UPDATE amendments SET proposer_name = CASE WHEN proposer_side = 'customer'
                    THEN ?2 ELSE proposer_name END,
                proposer_ip = CASE WHEN proposer_side = 'customer' THEN NULL ELSE proposer_ip END,
                decided_name = CASE WHEN proposer_side = 'company' AND decided_name IS NOT NULL
                    THEN ?2 ELSE decided_name END,
                decided_ip = CASE WHEN proposer_side = 'company' THEN NULL ELSE decided_ip END,
                description = '', canonical_text = '', decline_reason = NULL
         WHERE customer_id = ?1",
        "UPDATE memberships SET end_reason = NULL WHERE customer_id = ?1",
        // Billing: the amounts, numbers and dates stay; the words go.
        "UPDATE invoices SET note = '', void_reason = CASE WHEN void_reason IS NULL
                THEN NULL ELSE '' END
         WHERE customer_id = ?1",
        "UPDATE invoice_adjustments SET reason = '', decision_note = NULL WHERE invoice_id IN
             (SELECT id FROM invoices WHERE customer_id = ?1)",
        "UPDATE credits SET reason = '' WHERE customer_id = ?1",
        "UPDATE refunds SET reason = '' WHERE customer_id = ?1",
        "UPDATE service_plans SET request = '', proposal = NULL WHERE customer_id = ?1",
        // Service desk.
        "UPDATE service_requests SET subject = '' WHERE customer_id = ?1",
        "UPDATE request_messages SET body = '' WHERE request_id IN
             (SELECT id FROM service_requests WHERE customer_id = ?1)",
        "UPDATE request_events SET note = '' WHERE request_id IN
             (SELECT id FROM service_requests WHERE customer_id = ?1)",
        // Complaints, breaches, disputes, feedback.
        "UPDATE complaints SET subject = '', body = '' WHERE customer_id = ?1",
        "UPDATE complaint_proposals SET remedy = '', answer_comment = NULL WHERE complaint_id IN
             (SELECT id FROM complaints WHERE customer_id = ?1)",
        "UPDATE complaint_events SET note = '' WHERE complaint_id IN
             (SELECT id FROM complaints WHERE customer_id = ?1)",
        "UPDATE breach_cases SET summary = '', evidence = '', decision_reason = NULL
         WHERE customer_id = ?1",
        "UPDATE disputes SET body = '', result = NULL WHERE customer_id = ?1",
        "UPDATE dispute_steps SET body = '', note = '' WHERE dispute_id IN
             (SELECT id FROM disputes WHERE customer_id = ?1)",
        "UPDATE feedback SET comment = '' WHERE customer_id = ?1",
    ];
    for sql in statements {
        sqlx::query(sql)
            .bind(id)
            .bind(&new_name)
            .bind(&new_email)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    // Files they own, and files attached to their cases by staff.
    let files_erased = sqlx::query(
        "UPDATE files SET name = '', content = x'', erased_at = ?2
         WHERE erased_at IS NULL AND (owner_id = ?1
            OR id IN (SELECT file_id FROM request_files WHERE request_id IN
                          (SELECT id FROM service_requests WHERE customer_id = ?1))
            OR id IN (SELECT file_id FROM breach_files WHERE breach_id IN
                          (SELECT id FROM breach_cases WHERE customer_id = ?1))
            OR id IN (SELECT file_id FROM dispute_files WHERE dispute_id IN
                          (SELECT id FROM disputes WHERE customer_id = ?1)))",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    // Ledger import files name customers by e-mail, in any case: theirs becomes the placeholder
    // address in the stored file and its report (the file's SHA-256, which recognises a
    // re-upload, stays). An import being committed right now is left alone.
    let imports: Vec<(i64, Vec<u8>, Option<String>)> = sqlx::query_as(
        "SELECT id, content, report FROM ledger_imports
         WHERE status <> 'committing' AND instr(lower(CAST(content AS TEXT)), ?) > 0",
    )
    .bind(&email_norm)
    .fetch_all(&mut **tx)
    .await?;
    for (import_id, content, report) in imports {
        let content = replace_ascii_ci(&content, email_norm.as_bytes(), new_email.as_bytes());
        let report = report.map(|r| {
            String::from_utf8_lossy(&replace_ascii_ci(
                r.as_bytes(),
                email_norm.as_bytes(),
                new_email.as_bytes(),
            ))
            .into_owned()
        });
        sqlx::query("UPDATE ledger_imports SET content = ?, report = ? WHERE id = ?")
            .bind(content)
            .bind(report)
            .bind(import_id)
            .execute(&mut **tx)
            .await?;
    }
    // Failed sign-ins under their address.
    sqlx::query("DELETE FROM login_attempts WHERE email_norm = ?")
        .bind(&email_norm)
        .execute(&mut **tx)
        .await?;
    let audit_entries_erased = super::audit::erase_personal_of(tx, id).await?;
    Ok(Some(Anonymised {
        files_erased,
        audit_entries_erased,
    }))
}

/// `haystack` with every ASCII-case-insensitive occurrence of the address `needle` (lower
/// case) replaced — a whole address only: not inside a longer one.
fn replace_ascii_ci(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() {
        return haystack.to_vec();
    }
    let in_address = |b: u8| b.is_ascii_alphanumeric() || b"._%+-@".contains(&b);
    let lower = haystack.to_ascii_lowercase();
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        let whole = lower[i..].starts_with(needle)
            && (i == 0 || !in_address(lower[i - 1]))
            && lower.get(i + needle.len()).is_none_or(|b| !in_address(*b));
        if whole {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_is_replaced_in_any_case() {
        let csv =
            b"RET-1,VIP@Example.com,1\nRET-2,vip@example.com,2\nRET-3,avip@example.community,3";
        let out = super::replace_ascii_ci(csv, b"vip@example.com", b"x@y.invalid");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "RET-1,x@y.invalid,1\nRET-2,x@y.invalid,2\nRET-3,avip@example.community,3"
        );
    }
}
