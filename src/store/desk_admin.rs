//! Service desk configuration (clauses 3.1.1, 3.4.1, 3.4.2): the reads of the admin page and
//! the writes the desk store does not have (supervisors, opening hours, calendar days with
//! their notes, SLA policies).

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BranchRow {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub is_headquarters: bool,
    pub supervisor_id: Option<i64>,
    pub supervisor_name: Option<String>,
}

/// Every branch, the headquarters first.
pub async fn branches(db: &SqlitePool) -> StoreResult<Vec<BranchRow>> {
    Ok(sqlx::query_as(
        "SELECT b.id, b.code, b.name_zh, b.name_en, b.is_headquarters, b.supervisor_id,
                u.name AS supervisor_name
         FROM branches b LEFT JOIN users u ON u.id = b.supervisor_id
         ORDER BY b.is_headquarters DESC, b.code",
    )
    .fetch_all(db)
    .await?)
}

/// Whether a branch uses `code` (any case).
pub async fn code_taken(db: &SqlitePool, code: &str) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM branches WHERE upper(code) = upper(?)")
            .bind(code)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

pub async fn has_headquarters(db: &SqlitePool) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM branches WHERE is_headquarters = 1")
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

pub async fn branch_exists(db: &SqlitePool, id: i64) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM branches WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// A branch's supervisor inside a write: `None` when the branch does not exist,
/// `Some(None)` when it has no supervisor.
pub async fn supervisor_of(tx: &mut WriteTx, branch_id: i64) -> StoreResult<Option<Option<i64>>> {
    Ok(
        sqlx::query_scalar("SELECT supervisor_id FROM branches WHERE id = ?")
            .bind(branch_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

pub async fn set_supervisor(
    tx: &mut WriteTx,
    branch_id: i64,
    supervisor: Option<i64>,
) -> StoreResult<()> {
    sqlx::query("UPDATE branches SET supervisor_id = ? WHERE id = ?")
        .bind(supervisor)
        .bind(branch_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffPlacementRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub active: bool,
    /// Comma-separated role names.
    pub roles: Option<String>,
    pub branch_id: Option<i64>,
    pub away: Option<bool>,
}

/// Every staff account with its roles, branch and absence, by name.
pub async fn staff_placements(db: &SqlitePool) -> StoreResult<Vec<StaffPlacementRow>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.active,
                (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles,
                s.branch_id, s.away
         FROM users u LEFT JOIN staff_branches s ON s.user_id = u.id
         WHERE u.kind = 'staff'
         ORDER BY u.name, u.id",
    )
    .fetch_all(db)
    .await?)
}

/// A staff member's placement inside a write: (branch, away).
pub async fn placement(tx: &mut WriteTx, user_id: i64) -> StoreResult<Option<(i64, bool)>> {
    Ok(
        sqlx::query_as("SELECT branch_id, away FROM staff_branches WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VipAgentRow {
    pub customer_id: i64,
    pub name: String,
    pub email: String,
    pub level_name_zh: String,
    pub level_name_en: String,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
}

/// Customers with a live membership (`active` or `renewal_offered`) and their dedicated agent.
pub async fn vips_with_agents(db: &SqlitePool) -> StoreResult<Vec<VipAgentRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id AS customer_id, c.name, c.email, l.name_zh AS level_name_zh,
                l.name_en AS level_name_en, d.agent_id, a.name AS agent_name
         FROM memberships m
         JOIN users c ON c.id = m.customer_id
         JOIN vip_levels l ON l.id = m.level_id
         LEFT JOIN dedicated_agents d ON d.customer_id = c.id
         LEFT JOIN users a ON a.id = d.agent_id
         WHERE m.status IN ('active', 'renewal_offered')
         ORDER BY c.name, c.id",
    )
    .fetch_all(db)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CalendarRow {
    pub id: i64,
    pub name: String,
    pub always_open: bool,
    pub open_min: i64,
    pub close_min: i64,
    pub weekdays: String,
}

const CALENDAR_COLUMNS: &str = "id, name, always_open, open_min, close_min, weekdays";

pub async fn calendars(db: &SqlitePool) -> StoreResult<Vec<CalendarRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CALENDAR_COLUMNS} FROM sla_calendars ORDER BY id"
    ))
    .fetch_all(db)
    .await?)
}

/// A calendar inside a write.
pub async fn calendar_tx(tx: &mut WriteTx, id: i64) -> StoreResult<Option<CalendarRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CALENDAR_COLUMNS} FROM sla_calendars WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn calendar_exists(db: &SqlitePool, id: i64) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM sla_calendars WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

pub async fn set_hours(
    tx: &mut WriteTx,
    id: i64,
    open_min: i64,
    close_min: i64,
    weekdays: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sla_calendars SET open_min = ?, close_min = ?, weekdays = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(open_min)
    .bind(close_min)
    .bind(weekdays)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every special day of every calendar: (calendar id, day, kind, note), by date.
pub async fn all_days(db: &SqlitePool) -> StoreResult<Vec<(i64, String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT calendar_id, day, kind, note FROM sla_calendar_days ORDER BY calendar_id, day",
    )
    .fetch_all(db)
    .await?)
}

/// One special day inside a write: (kind, note).
pub async fn day_tx(
    tx: &mut WriteTx,
    calendar_id: i64,
    day: &str,
) -> StoreResult<Option<(String, String)>> {
    Ok(
        sqlx::query_as(
            "SELECT kind, note FROM sla_calendar_days WHERE calendar_id = ? AND day = ?",
        )
        .bind(calendar_id)
        .bind(day)
        .fetch_optional(&mut **tx)
        .await?,
    )
}

async fn touch_calendar(tx: &mut WriteTx, id: i64, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE sla_calendars SET updated_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks `day` a holiday or an adjusted working day (`kind`), with a note.
pub async fn put_day(
    tx: &mut WriteTx,
    calendar_id: i64,
    day: &str,
    kind: &str,
    note: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sla_calendar_days (calendar_id, day, kind, note) VALUES (?, ?, ?, ?)
         ON CONFLICT (calendar_id, day) DO UPDATE SET kind = excluded.kind, note = excluded.note",
    )
    .bind(calendar_id)
    .bind(day)
    .bind(kind)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    touch_calendar(tx, calendar_id, now).await?;
    Ok(())
}

pub async fn delete_day(
    tx: &mut WriteTx,
    calendar_id: i64,
    day: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM sla_calendar_days WHERE calendar_id = ? AND day = ?")
        .bind(calendar_id)
        .bind(day)
        .execute(&mut **tx)
        .await?;
    touch_calendar(tx, calendar_id, now).await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PolicyRow {
    pub level_id: Option<i64>,
    pub level_name_zh: Option<String>,
    pub level_name_en: Option<String>,
    pub first_response_mins: Option<i64>,
    pub resolution_mins: Option<i64>,
    pub calendar_id: Option<i64>,
}

/// The non-VIP policy, then one row per VIP level by rank (its policy columns `NULL` when the
/// level has none yet).
pub async fn policies(db: &SqlitePool) -> StoreResult<Vec<PolicyRow>> {
    Ok(sqlx::query_as(
        "SELECT NULL AS level_id, NULL AS level_name_zh, NULL AS level_name_en,
                p.first_response_mins, p.resolution_mins, p.calendar_id, -1 AS rank
         FROM (SELECT 1) LEFT JOIN sla_policies p ON p.level_id IS NULL
         UNION ALL
         SELECT l.id, l.name_zh, l.name_en, p.first_response_mins, p.resolution_mins,
                p.calendar_id, l.rank
         FROM vip_levels l LEFT JOIN sla_policies p ON p.level_id = l.id
         ORDER BY rank",
    )
    .fetch_all(db)
    .await?)
}

pub async fn level_exists(db: &SqlitePool, id: i64) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM vip_levels WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// A policy inside a write: (first response, resolution, calendar).
pub async fn policy_tx(
    tx: &mut WriteTx,
    level_id: Option<i64>,
) -> StoreResult<Option<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT first_response_mins, resolution_mins, calendar_id FROM sla_policies
         WHERE level_id IS ?",
    )
    .bind(level_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Sets the policy of a level (or the non-VIP one), inserting it when missing.
pub async fn put_policy(
    tx: &mut WriteTx,
    level_id: Option<i64>,
    terms: (i64, i64, i64),
    now: i64,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE sla_policies SET first_response_mins = ?, resolution_mins = ?, calendar_id = ?,
             updated_at = ?
         WHERE level_id IS ?",
    )
    .bind(terms.0)
    .bind(terms.1)
    .bind(terms.2)
    .bind(now)
    .bind(level_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO sla_policies (level_id, first_response_mins, resolution_mins,
                 calendar_id, updated_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(level_id)
        .bind(terms.0)
        .bind(terms.1)
        .bind(terms.2)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
