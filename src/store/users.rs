//! Accounts and roles.

use super::{StoreResult, WriteTx};
use crate::auth::Role;
use sqlx::SqlitePool;

/// An account as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub password_hash: String,
    pub kind: String,
    pub active: bool,
    pub lang: Option<String>,
    pub created_at: i64,
}

const USER_COLUMNS: &str = "id, email, name, phone, password_hash, kind, active, lang, created_at";

pub struct NewUser<'a> {
    pub email: &'a str,
    pub email_norm: &'a str,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub password_hash: &'a str,
    pub kind: &'a str,
    pub now: i64,
}

pub async fn insert(tx: &mut WriteTx, u: &NewUser<'_>) -> StoreResult<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO users (email, email_norm, name, phone, password_hash, kind, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(u.email)
    .bind(u.email_norm)
    .bind(u.name)
    .bind(u.phone)
    .bind(u.password_hash)
    .bind(u.kind)
    .bind(u.now)
    .bind(u.now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn find_by_email(db: &SqlitePool, email_norm: &str) -> StoreResult<Option<UserRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email_norm = ?"
    ))
    .bind(email_norm)
    .fetch_optional(db)
    .await?)
}

pub async fn get(db: &SqlitePool, id: i64) -> StoreResult<Option<UserRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn get_tx(tx: &mut WriteTx, id: i64) -> StoreResult<Option<UserRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// Roles from a comma-separated list (SQL `group_concat(role)`), sorted; unknown names skipped.
pub(crate) fn parse_role_list(list: Option<&str>) -> Vec<Role> {
    parse_roles(
        list.unwrap_or_default()
            .split(',')
            .map(str::to_string)
            .collect(),
    )
}

fn parse_roles(names: Vec<String>) -> Vec<Role> {
    let mut roles: Vec<Role> = names.iter().filter_map(|n| n.parse().ok()).collect();
    roles.sort();
    roles
}

pub async fn roles(db: &SqlitePool, user_id: i64) -> StoreResult<Vec<Role>> {
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = ?")
        .bind(user_id)
        .fetch_all(db)
        .await?;
    Ok(parse_roles(names))
}

pub async fn roles_tx(tx: &mut WriteTx, user_id: i64) -> StoreResult<Vec<Role>> {
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = ?")
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await?;
    Ok(parse_roles(names))
}

/// Replaces the roles of a user.
pub async fn set_roles(
    tx: &mut WriteTx,
    user_id: i64,
    roles: &[Role],
    now: i64,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    for r in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, ?, ?)")
            .bind(user_id)
            .bind(r.as_str())
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn set_active(tx: &mut WriteTx, user_id: i64, active: bool, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE users SET active = ?, updated_at = ? WHERE id = ?")
        .bind(active)
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_password_hash(
    tx: &mut WriteTx,
    user_id: i64,
    hash: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")
        .bind(hash)
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_lang(tx: &mut WriteTx, user_id: i64, lang: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE users SET lang = ?, updated_at = ? WHERE id = ?")
        .bind(lang)
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A staff member with their roles, for the staff management page.
#[derive(Debug, Clone)]
pub struct StaffRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub roles: Vec<Role>,
    pub created_at: i64,
    pub second_factor: bool,
}

/// id, e-mail, name, active, created, roles (comma-separated), has a second factor.
type StaffColumns = (i64, String, String, bool, i64, Option<String>, bool);

pub async fn list_staff(db: &SqlitePool) -> StoreResult<Vec<StaffRow>> {
    let rows: Vec<StaffColumns> = sqlx::query_as(
        "SELECT u.id, u.email, u.name, u.active, u.created_at, group_concat(r.role),
                EXISTS (SELECT 1 FROM mfa_totp m
                        WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL)
         FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE u.kind = 'staff'
         GROUP BY u.id ORDER BY u.name COLLATE NOCASE, u.id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, email, name, active, created_at, roles, second_factor)| StaffRow {
                id,
                email,
                name,
                active,
                created_at,
                roles: parse_role_list(roles.as_deref()),
                second_factor,
            },
        )
        .collect())
}

/// Active accounts holding `role`, other than `except`.
pub async fn count_active_with_role(tx: &mut WriteTx, role: Role, except: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = ? AND u.active = 1 AND u.id <> ?",
    )
    .bind(role.as_str())
    .bind(except)
    .fetch_one(&mut **tx)
    .await?)
}

/// Display names of the given accounts, in one query.
pub async fn names_of(
    db: &SqlitePool,
    ids: &[i64],
) -> StoreResult<std::collections::HashMap<i64, String>> {
    let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?))")
            .bind(json)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().collect())
}

/// A customer account as staff find it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomerRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub active: bool,
    pub created_at: i64,
}

/// Customers whose name or e-mail contains `q` (all when empty), newest first.
pub async fn search_customers(
    db: &SqlitePool,
    q: &str,
    limit: i64,
) -> StoreResult<Vec<CustomerRow>> {
    let pattern = format!(
        "%{}%",
        q.trim()
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    Ok(sqlx::query_as(
        "SELECT id, email, name, phone, active, created_at FROM users
         WHERE kind = 'customer'
           AND (email_norm LIKE ?1 ESCAPE '\\' OR lower(name) LIKE ?1 ESCAPE '\\')
         ORDER BY id DESC LIMIT ?2",
    )
    .bind(pattern)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

pub async fn get_customer(db: &SqlitePool, id: i64) -> StoreResult<Option<CustomerRow>> {
    Ok(sqlx::query_as(
        "SELECT id, email, name, phone, active, created_at FROM users WHERE id = ? AND kind = 'customer'",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// How staff member `viewer` stands to customer `customer` (see
/// [`crate::access_log::Closeness`]).
pub async fn closeness(
    db: &SqlitePool,
    viewer: i64,
    customer: i64,
) -> StoreResult<crate::access_log::Closeness> {
    let (branch_bound, dedicated_agent, own_work, branch_work): (bool, bool, bool, bool) =
        sqlx::query_as(
            "WITH v(viewer, customer) AS (SELECT ?, ?),
                  b(branch) AS (SELECT branch_id FROM staff_branches, v WHERE user_id = v.viewer)
             SELECT
               EXISTS (SELECT 1 FROM b),
               EXISTS (SELECT 1 FROM dedicated_agents d, v
                       WHERE d.customer_id = v.customer AND d.agent_id = v.viewer),
               EXISTS (SELECT 1 FROM service_requests r, v
                       WHERE r.customer_id = v.customer AND r.assignee_id = v.viewer)
                 OR EXISTS (SELECT 1 FROM complaints c, v
                       WHERE c.customer_id = v.customer AND c.handler_id = v.viewer),
               EXISTS (SELECT 1 FROM service_requests r, v, b
                       WHERE r.customer_id = v.customer AND r.branch_id = b.branch)
                 OR EXISTS (SELECT 1 FROM complaints c, v, b
                       WHERE c.customer_id = v.customer AND c.branch_id = b.branch)
                 OR EXISTS (SELECT 1 FROM dedicated_agents d
                       JOIN staff_branches s ON s.user_id = d.agent_id, v, b
                       WHERE d.customer_id = v.customer AND s.branch_id = b.branch)",
        )
        .bind(viewer)
        .bind(customer)
        .fetch_one(db)
        .await?;
    Ok(crate::access_log::Closeness {
        branch_bound,
        dedicated_agent,
        own_work,
        branch_work,
    })
}
