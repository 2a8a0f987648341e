//! Agreement templates, uploaded files, applications, agreements and memberships
//! (migration 0005).

use super::{StoreError, StoreResult, WriteTx};
use crate::agreement::{Clause, Template};
use crate::levels::VipLevel;
use crate::membership::{AppMessage, AttachmentInfo, FileInfo, QueueItem, QueueKind};
use chrono::NaiveDate;
use sqlx::{SqliteExecutor, SqlitePool};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

pub fn parse_day(s: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt(&format!("date {s}")))
}

// ---------------------------------------------------------------- templates

pub async fn current_template_id(db: &SqlitePool) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM agreement_templates WHERE code = 'vip-service' AND status = 'published'
         ORDER BY version DESC LIMIT 1",
    )
    .fetch_optional(db)
    .await?)
}

pub async fn template(db: &SqlitePool, id: i64) -> StoreResult<Option<Template>> {
    let head: Option<(i64, String, i64, i64, String, String)> = sqlx::query_as(
        "SELECT id, code, version, year, title_zh, title_en FROM agreement_templates WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some((id, code, version, year, title_zh, title_en)) = head else {
        return Ok(None);
    };
    let rows: Vec<(String, i64, String, String, String)> = sqlx::query_as(
        "SELECT clause_id, depth, text_zh, text_en, wording FROM agreement_clauses
         WHERE template_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(Some(Template {
        id,
        code,
        version,
        year,
        title_zh,
        title_en,
        clauses: rows
            .into_iter()
            .map(|(clause_id, depth, text_zh, text_en, wording)| Clause {
                clause_id,
                depth: depth as u8,
                text_zh,
                text_en,
                default_wording: wording == "default",
            })
            .collect(),
    }))
}

// ---------------------------------------------------------------- files

pub struct NewFile<'a> {
    pub owner_id: i64,
    pub uploaded_by: i64,
    pub name: &'a str,
    pub mime: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub now: i64,
}

pub async fn insert_file(tx: &mut WriteTx, f: &NewFile<'_>) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO files (owner_id, name, mime, size, sha256, content, uploaded_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(f.owner_id)
    .bind(f.name)
    .bind(f.mime)
    .bind(f.content.len() as i64)
    .bind(f.sha256)
    .bind(f.content)
    .bind(f.uploaded_by)
    .bind(f.now)
    .fetch_one(&mut **tx)
    .await?)
}

type FileRow = (i64, String, String, i64, String, i64);

fn file_info((id, name, mime, size, sha256, created_at): FileRow) -> FileInfo {
    FileInfo {
        id,
        name,
        mime,
        size,
        sha256,
        created_at,
    }
}

/// A file's content with its owner, for download.
pub async fn file_with_content(
    db: &SqlitePool,
    id: i64,
) -> StoreResult<Option<(FileInfo, i64, Vec<u8>)>> {
    type Row = (i64, String, String, i64, String, i64, i64, Vec<u8>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, name, mime, size, sha256, created_at, owner_id, content FROM files WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, name, mime, size, sha, at, owner, content)| {
        (file_info((id, name, mime, size, sha, at)), owner, content)
    }))
}

/// Every file a customer owns (their uploads and the ones staff attached to their records),
/// oldest first, without the content.
pub async fn files_of_owner(db: &SqlitePool, owner_id: i64) -> StoreResult<Vec<FileInfo>> {
    type Row = (i64, String, String, i64, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, mime, size, sha256, created_at FROM files WHERE owner_id = ? ORDER BY id",
    )
    .bind(owner_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(file_info).collect())
}

// ---------------------------------------------------------------- applications

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AppRow {
    pub id: i64,
    pub customer_id: i64,
    pub level_id: i64,
    pub status: String,
    pub company: String,
    pub message: String,
    pub template_id: Option<i64>,
    pub accepted_at: Option<i64>,
    pub reviewer_id: Option<i64>,
    pub decision_reason: Option<String>,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
}

const APP_COLUMNS: &str = "id, customer_id, level_id, status, company, message, template_id, \
     accepted_at, reviewer_id, decision_reason, submitted_at, decided_at, created_at";

pub async fn get_application(
    conn: impl SqliteExecutor<'_>,
    id: i64,
) -> StoreResult<Option<AppRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APP_COLUMNS} FROM applications WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The open application of a customer, else the newest one.
pub async fn current_application(
    conn: impl SqliteExecutor<'_>,
    customer_id: i64,
) -> StoreResult<Option<AppRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APP_COLUMNS} FROM applications WHERE customer_id = ?
         ORDER BY status IN ('draft', 'submitted', 'under_review', 'info_requested') DESC, id DESC
         LIMIT 1"
    ))
    .bind(customer_id)
    .fetch_optional(conn)
    .await?)
}

pub async fn insert_application(
    tx: &mut WriteTx,
    customer_id: i64,
    level_id: i64,
    company: &str,
    message: &str,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO applications (customer_id, level_id, status, company, message, created_at, updated_at)
         VALUES (?, ?, 'draft', ?, ?, ?, ?) RETURNING id",
    )
    .bind(customer_id)
    .bind(level_id)
    .bind(company)
    .bind(message)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn update_application_form(
    tx: &mut WriteTx,
    id: i64,
    level_id: i64,
    company: &str,
    message: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE applications SET level_id = ?, company = ?, message = ?, updated_at = ? WHERE id = ?",
    )
    .bind(level_id)
    .bind(company)
    .bind(message)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn submit_application(
    tx: &mut WriteTx,
    id: i64,
    template_id: i64,
    eligibility_json: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE applications SET status = 'submitted', template_id = ?, accepted_at = ?,
                eligibility_json = ?, submitted_at = ?, updated_at = ? WHERE id = ?",
    )
    .bind(template_id)
    .bind(now)
    .bind(eligibility_json)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets the status; a reviewer id and a decision (reason, time) when given.
pub async fn set_application_status(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    reviewer_id: Option<i64>,
    decision_reason: Option<&str>,
    decided: bool,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE applications SET status = ?, reviewer_id = COALESCE(?, reviewer_id),
                decision_reason = COALESCE(?, decision_reason),
                decided_at = CASE WHEN ? THEN ? ELSE decided_at END, updated_at = ?
         WHERE id = ?",
    )
    .bind(status)
    .bind(reviewer_id)
    .bind(decision_reason)
    .bind(decided)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn attach_file(tx: &mut WriteTx, app: i64, file: i64, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO application_files (application_id, file_id, added_at) VALUES (?, ?, ?)",
    )
    .bind(app)
    .bind(file)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn detach_file(tx: &mut WriteTx, app: i64, file: i64) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM application_files WHERE application_id = ? AND file_id = ?")
        .bind(app)
        .bind(file)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn application_files(
    conn: impl SqliteExecutor<'_>,
    app: i64,
) -> StoreResult<Vec<FileInfo>> {
    let rows: Vec<FileRow> = sqlx::query_as(
        "SELECT f.id, f.name, f.mime, f.size, f.sha256, f.created_at
         FROM application_files af JOIN files f ON f.id = af.file_id
         WHERE af.application_id = ? ORDER BY af.added_at, f.id",
    )
    .bind(app)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(file_info).collect())
}

/// Whether `file` is among the materials of an application of `customer_id`.
pub async fn file_belongs_to_application_of(
    db: &SqlitePool,
    file: i64,
    app: i64,
) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM application_files WHERE file_id = ? AND application_id = ?",
    )
    .bind(file)
    .bind(app)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

pub async fn add_message(
    tx: &mut WriteTx,
    app: i64,
    author: i64,
    kind: &str,
    body: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO application_messages (application_id, author_id, kind, body, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(app)
    .bind(author)
    .bind(kind)
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn messages(db: &SqlitePool, app: i64) -> StoreResult<Vec<AppMessage>> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT m.id, u.name, m.kind, m.body, m.created_at FROM application_messages m
         JOIN users u ON u.id = m.author_id WHERE m.application_id = ? ORDER BY m.id",
    )
    .bind(app)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, author_name, kind, body, created_at)| AppMessage {
            id,
            author_name,
            kind,
            body,
            created_at,
        })
        .collect())
}

/// What reviewers act on: submitted and under-review applications (oldest first), then
/// agreements awaiting countersignature.
pub async fn review_queue(db: &SqlitePool) -> StoreResult<Vec<QueueItem>> {
    type Row = (String, i64, String, String, String, String, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT 'application', a.id, u.name, u.email, l.name_zh, l.name_en, a.status,
                COALESCE(a.submitted_at, a.created_at) AS since
         FROM applications a JOIN users u ON u.id = a.customer_id JOIN vip_levels l ON l.id = a.level_id
         WHERE a.status IN ('submitted', 'under_review', 'info_requested')
         UNION ALL
         SELECT 'countersign', g.id, u.name, u.email, l.name_zh, l.name_en, g.status,
                COALESCE(g.customer_signed_at, g.created_at)
         FROM agreements g JOIN users u ON u.id = g.customer_id JOIN vip_levels l ON l.id = g.level_id
         WHERE g.status = 'awaiting_countersign'
         ORDER BY since",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(kind, id, customer_name, customer_email, zh, en, status, since)| QueueItem {
                kind: if kind == "countersign" {
                    QueueKind::Countersign
                } else {
                    QueueKind::Application
                },
                id,
                customer_name,
                customer_email,
                level_name_zh: zh,
                level_name_en: en,
                status,
                since,
            },
        )
        .collect())
}

// ---------------------------------------------------------------- agreements

pub struct NewAgreement<'a> {
    pub customer_id: i64,
    pub application_id: Option<i64>,
    pub renews_agreement_id: Option<i64>,
    pub template_id: i64,
    pub level: &'a VipLevel,
    pub canonical_text: &'a str,
    pub sha256: &'a str,
    pub now: i64,
}

pub async fn insert_agreement(tx: &mut WriteTx, a: &NewAgreement<'_>) -> StoreResult<i64> {
    let level_json = serde_json::to_string(a.level).map_err(|e| corrupt(&e.to_string()))?;
    Ok(sqlx::query_scalar(
        "INSERT INTO agreements (customer_id, application_id, renews_agreement_id, template_id, level_id,
                                 level_json, canonical_text, sha256, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'awaiting_customer', ?) RETURNING id",
    )
    .bind(a.customer_id)
    .bind(a.application_id)
    .bind(a.renews_agreement_id)
    .bind(a.template_id)
    .bind(a.level.id)
    .bind(level_json)
    .bind(a.canonical_text)
    .bind(a.sha256)
    .bind(a.now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgreementRow {
    pub id: i64,
    pub customer_id: i64,
    pub application_id: Option<i64>,
    pub renews_agreement_id: Option<i64>,
    pub template_id: i64,
    pub level_json: String,
    pub canonical_text: String,
    pub sha256: String,
    pub status: String,
    pub customer_name: Option<String>,
    pub customer_signed_at: Option<i64>,
    pub customer_ip: Option<String>,
    pub countersigned_by: Option<i64>,
    pub countersigned_at: Option<i64>,
    pub effective_on: Option<String>,
    pub expires_on: Option<String>,
    pub created_at: i64,
}

impl AgreementRow {
    pub fn level(&self) -> StoreResult<VipLevel> {
        serde_json::from_str(&self.level_json).map_err(|e| corrupt(&e.to_string()))
    }
}

const AGREEMENT_COLUMNS: &str =
    "id, customer_id, application_id, renews_agreement_id, template_id, \
     level_json, canonical_text, sha256, status, customer_name, customer_signed_at, customer_ip, \
     countersigned_by, countersigned_at, effective_on, expires_on, created_at";

pub async fn get_agreement(
    conn: impl SqliteExecutor<'_>,
    id: i64,
) -> StoreResult<Option<AgreementRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn agreements_of(db: &SqlitePool, customer_id: i64) -> StoreResult<Vec<AgreementRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE customer_id = ? ORDER BY id DESC"
    ))
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

pub async fn agreement_of_application(db: &SqlitePool, app: i64) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM agreements WHERE application_id = ? ORDER BY id DESC")
            .bind(app)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn sign_by_customer(
    tx: &mut WriteTx,
    id: i64,
    name: &str,
    ip: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE agreements SET status = 'awaiting_countersign', customer_name = ?, customer_ip = ?,
                customer_signed_at = ? WHERE id = ? AND status = 'awaiting_customer'",
    )
    .bind(name)
    .bind(ip)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn countersign(
    tx: &mut WriteTx,
    id: i64,
    by: i64,
    ip: Option<&str>,
    now: i64,
    effective_on: NaiveDate,
    expires_on: NaiveDate,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE agreements SET status = 'effective', countersigned_by = ?, countersign_ip = ?,
                countersigned_at = ?, effective_on = ?, expires_on = ?
         WHERE id = ? AND status = 'awaiting_countersign'",
    )
    .bind(by)
    .bind(ip)
    .bind(now)
    .bind(effective_on.to_string())
    .bind(expires_on.to_string())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn end_agreement(tx: &mut WriteTx, id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE agreements SET status = 'ended' WHERE id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn add_attachment(
    tx: &mut WriteTx,
    agreement: i64,
    kind: &str,
    file_id: Option<i64>,
    title: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO agreement_attachments (agreement_id, kind, file_id, title, added_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(agreement)
    .bind(kind)
    .bind(file_id)
    .bind(title)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn attachments(db: &SqlitePool, agreement: i64) -> StoreResult<Vec<AttachmentInfo>> {
    type Row = (
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.kind, a.title, f.id, f.name, f.mime, f.size, f.sha256, f.created_at, a.plan_id
         FROM agreement_attachments a LEFT JOIN files f ON f.id = a.file_id
         WHERE a.agreement_id = ? ORDER BY a.id",
    )
    .bind(agreement)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(kind, title, fid, name, mime, size, sha, at, plan_id)| AttachmentInfo {
                kind,
                title,
                plan_id,
                file: match (fid, name, mime, size, sha, at) {
                    (
                        Some(id),
                        Some(name),
                        Some(mime),
                        Some(size),
                        Some(sha256),
                        Some(created_at),
                    ) => Some(FileInfo {
                        id,
                        name,
                        mime,
                        size,
                        sha256,
                        created_at,
                    }),
                    _ => None,
                },
            },
        )
        .collect())
}

/// Whether `file` is attached to an agreement of `customer_id`.
pub async fn file_attached_for_customer(
    db: &SqlitePool,
    file: i64,
    customer_id: i64,
) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM agreement_attachments a JOIN agreements g ON g.id = a.agreement_id
         WHERE a.file_id = ? AND g.customer_id = ?",
    )
    .bind(file)
    .bind(customer_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

// ---------------------------------------------------------------- memberships

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub id: i64,
    pub customer_id: i64,
    pub agreement_id: i64,
    pub level_id: i64,
    pub status: String,
    pub started_on: String,
    pub expires_on: String,
    pub notice_on: Option<String>,
    pub grace_until: Option<String>,
    pub renewal_agreement_id: Option<i64>,
    pub ended_at: Option<i64>,
    pub end_reason: Option<String>,
    /// The level after an accepted amendment (clause 4.3.1), as JSON.
    pub level_json: Option<String>,
}

const MEMBERSHIP_COLUMNS: &str = "id, customer_id, agreement_id, level_id, status, started_on, \
     expires_on, notice_on, grace_until, renewal_agreement_id, ended_at, end_reason, level_json";

#[allow(clippy::too_many_arguments)]
pub async fn insert_membership(
    tx: &mut WriteTx,
    customer_id: i64,
    agreement_id: i64,
    level_id: i64,
    started_on: NaiveDate,
    expires_on: NaiveDate,
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO memberships (customer_id, agreement_id, level_id, status, started_on, expires_on, created_at, updated_at)
         VALUES (?, ?, ?, 'active', ?, ?, ?, ?) RETURNING id",
    )
    .bind(customer_id)
    .bind(agreement_id)
    .bind(level_id)
    .bind(started_on.to_string())
    .bind(expires_on.to_string())
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn get_membership(
    conn: impl SqliteExecutor<'_>,
    id: i64,
) -> StoreResult<Option<MembershipRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The live membership of a customer, else the newest one.
pub async fn current_membership(
    conn: impl SqliteExecutor<'_>,
    customer_id: i64,
) -> StoreResult<Option<MembershipRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE customer_id = ?
         ORDER BY status IN ('active', 'renewal_offered') DESC, id DESC LIMIT 1"
    ))
    .bind(customer_id)
    .fetch_optional(conn)
    .await?)
}

/// A live membership with the thresholds of the level it was granted under, for the daily job.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveMembership {
    pub id: i64,
    pub customer_id: i64,
    pub status: String,
    pub expires_on: String,
    pub grace_until: Option<String>,
    pub spend_threshold: i64,
    pub points_threshold: i64,
}

/// Every live membership with its granted level's thresholds (only the two numbers the rule
/// needs are read out of the level snapshot, not the whole JSON), in one query.
pub async fn live_with_levels(db: &SqlitePool) -> StoreResult<Vec<LiveMembership>> {
    Ok(sqlx::query_as(
        "SELECT m.id, m.customer_id, m.status, m.expires_on, m.grace_until,
                json_extract(COALESCE(m.level_json, a.level_json), '$.spend_threshold') AS spend_threshold,
                json_extract(COALESCE(m.level_json, a.level_json), '$.points_threshold') AS points_threshold
         FROM memberships m JOIN agreements a ON a.id = m.agreement_id
         WHERE m.status IN ('active', 'renewal_offered') ORDER BY m.id",
    )
    .fetch_all(db)
    .await?)
}

/// Changes the status only from `from` (so two nodes running the job cannot both act).
pub async fn move_membership(
    tx: &mut WriteTx,
    id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE memberships SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_notice(
    tx: &mut WriteTx,
    id: i64,
    notice: Option<(NaiveDate, NaiveDate)>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE memberships SET notice_on = ?, grace_until = ?, updated_at = ? WHERE id = ?",
    )
    .bind(notice.map(|(n, _)| n.to_string()))
    .bind(notice.map(|(_, g)| g.to_string()))
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn end_membership(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    by: Option<i64>,
    reason: &str,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE memberships SET status = ?, ended_at = ?, ended_by = ?, end_reason = ?, updated_at = ?
         WHERE id = ? AND status IN ('active', 'renewal_offered')",
    )
    .bind(status)
    .bind(now)
    .bind(by)
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_renewal_agreement(
    tx: &mut WriteTx,
    id: i64,
    agreement_id: i64,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE memberships SET renewal_agreement_id = ?, updated_at = ? WHERE id = ?")
        .bind(agreement_id)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The membership whose renewal is `agreement_id`.
pub async fn membership_renewed_by(
    conn: impl SqliteExecutor<'_>,
    agreement_id: i64,
) -> StoreResult<Option<MembershipRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE renewal_agreement_id = ?"
    ))
    .bind(agreement_id)
    .fetch_optional(conn)
    .await?)
}

/// An integer programme setting, or `default`.
pub async fn setting_i64(db: &SqlitePool, key: &str, default: i64) -> StoreResult<i64> {
    Ok(setting(db, key)
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(default))
}

/// A programme setting's stored text, trimmed; `None` when it was never set. Read through any
/// connection: the pool, or a write transaction that must see its own changes.
pub async fn setting(conn: impl SqliteExecutor<'_>, key: &str) -> StoreResult<Option<String>> {
    let v: Option<String> =
        sqlx::query_scalar("SELECT value FROM programme_settings WHERE key = ?")
            .bind(key)
            .fetch_optional(conn)
            .await?;
    Ok(v.map(|v| v.trim().to_string()))
}

// ---------------------------------------------------------------- amendments (4.3.1)

pub async fn set_membership_level(
    tx: &mut WriteTx,
    id: i64,
    level: &VipLevel,
    now: i64,
) -> StoreResult<()> {
    let json = serde_json::to_string(level).map_err(|e| corrupt(&e.to_string()))?;
    sqlx::query("UPDATE memberships SET level_id = ?, level_json = ?, updated_at = ? WHERE id = ?")
        .bind(level.id)
        .bind(json)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub struct NewAmendment<'a> {
    pub agreement_id: i64,
    pub membership_id: i64,
    pub customer_id: i64,
    pub proposer_side: &'a str,
    pub proposed_by: i64,
    pub proposer_name: &'a str,
    pub proposer_ip: Option<&'a str>,
    pub kind: &'a str,
    pub new_level_id: Option<i64>,
    pub description: &'a str,
    pub canonical_text: &'a str,
    pub sha256: &'a str,
    pub now: i64,
}

pub async fn insert_amendment(tx: &mut WriteTx, a: &NewAmendment<'_>) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO amendments (agreement_id, membership_id, customer_id, proposer_side, proposed_by,
                                 proposer_name, proposer_ip, kind, new_level_id, description,
                                 canonical_text, sha256, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?) RETURNING id",
    )
    .bind(a.agreement_id)
    .bind(a.membership_id)
    .bind(a.customer_id)
    .bind(a.proposer_side)
    .bind(a.proposed_by)
    .bind(a.proposer_name)
    .bind(a.proposer_ip)
    .bind(a.kind)
    .bind(a.new_level_id)
    .bind(a.description)
    .bind(a.canonical_text)
    .bind(a.sha256)
    .bind(a.now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AmendmentRow {
    pub id: i64,
    pub agreement_id: i64,
    pub membership_id: i64,
    pub customer_id: i64,
    pub proposer_side: String,
    pub proposed_by: i64,
    pub proposer_name: String,
    pub kind: String,
    pub new_level_id: Option<i64>,
    pub description: String,
    pub sha256: String,
    pub status: String,
    pub decided_name: Option<String>,
    pub decided_at: Option<i64>,
    pub decline_reason: Option<String>,
    pub created_at: i64,
}

const AMENDMENT_COLUMNS: &str = "id, agreement_id, membership_id, customer_id, proposer_side, \
     proposed_by, proposer_name, kind, new_level_id, description, sha256, status, decided_name, \
     decided_at, decline_reason, created_at";

pub async fn get_amendment(
    conn: impl SqliteExecutor<'_>,
    id: i64,
) -> StoreResult<Option<AmendmentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {AMENDMENT_COLUMNS} FROM amendments WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn amendments_of(db: &SqlitePool, membership_id: i64) -> StoreResult<Vec<AmendmentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {AMENDMENT_COLUMNS} FROM amendments WHERE membership_id = ? ORDER BY id DESC"
    ))
    .bind(membership_id)
    .fetch_all(db)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn decide_amendment(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    by: i64,
    name: Option<&str>,
    ip: Option<&str>,
    reason: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE amendments SET status = ?, decided_by = ?, decided_name = ?, decided_ip = ?,
                decline_reason = ?, decided_at = ?
         WHERE id = ? AND status = 'proposed'",
    )
    .bind(status)
    .bind(by)
    .bind(name)
    .bind(ip)
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}
