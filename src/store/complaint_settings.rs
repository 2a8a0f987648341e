//! The complaint process's configuration (clauses 7.2, 8.2): the deadlines (one row of
//! `complaint_settings`) and the automatic compensation policy of each VIP level.

use super::{StoreResult, WriteTx};
use sqlx::SqlitePool;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SettingsRow {
    pub acknowledge_mins: i64,
    pub propose_mins: i64,
    pub second_proposal_mins: i64,
    pub updated_by: Option<i64>,
    pub updated_by_name: Option<String>,
    pub updated_at: i64,
}

const SETTINGS: &str = "SELECT s.acknowledge_mins, s.propose_mins, s.second_proposal_mins,
                               s.updated_by, u.name AS updated_by_name, s.updated_at
                        FROM complaint_settings s LEFT JOIN users u ON u.id = s.updated_by
                        WHERE s.id = 1";

/// The deadlines (the row migration 0011 ships).
pub async fn settings(db: &SqlitePool) -> StoreResult<Option<SettingsRow>> {
    Ok(sqlx::query_as(SETTINGS).fetch_optional(db).await?)
}

/// The deadlines inside a write.
pub async fn settings_tx(tx: &mut WriteTx) -> StoreResult<Option<SettingsRow>> {
    Ok(sqlx::query_as(SETTINGS).fetch_optional(&mut **tx).await?)
}

/// Sets the deadlines (minutes).
pub async fn put_settings(
    tx: &mut WriteTx,
    (acknowledge, propose, second_proposal): (i64, i64, i64),
    by: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE complaint_settings SET acknowledge_mins = ?, propose_mins = ?,
             second_proposal_mins = ?, updated_by = ?, updated_at = ?
         WHERE id = 1",
    )
    .bind(acknowledge)
    .bind(propose)
    .bind(second_proposal)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PolicyRow {
    pub level_id: i64,
    pub level_code: String,
    pub level_name_zh: String,
    pub level_name_en: String,
    pub level_active: bool,
    pub first_response_fen: Option<i64>,
    pub resolution_fen: Option<i64>,
    pub monthly_cap_fen: Option<i64>,
    pub updated_at: Option<i64>,
}

/// Every VIP level by rank with its compensation policy (the policy columns `NULL` when the
/// level has none).
pub async fn policies(db: &SqlitePool) -> StoreResult<Vec<PolicyRow>> {
    Ok(sqlx::query_as(
        "SELECT l.id AS level_id, l.code AS level_code, l.name_zh AS level_name_zh,
                l.name_en AS level_name_en, l.active AS level_active,
                p.first_response_fen, p.resolution_fen, p.monthly_cap_fen, p.updated_at
         FROM vip_levels l LEFT JOIN compensation_policies p ON p.level_id = l.id
         ORDER BY l.rank, l.id",
    )
    .fetch_all(db)
    .await?)
}

/// Whether the VIP level exists (inside a write).
pub async fn level_exists(tx: &mut WriteTx, level_id: i64) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM vip_levels WHERE id = ?")
            .bind(level_id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

/// A level's policy inside a write: (first response, resolution, monthly cap) in fen.
pub async fn policy_tx(tx: &mut WriteTx, level_id: i64) -> StoreResult<Option<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT first_response_fen, resolution_fen, monthly_cap_fen
         FROM compensation_policies WHERE level_id = ?",
    )
    .bind(level_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Sets a level's policy (fen), inserting it when missing.
pub async fn put_policy(
    tx: &mut WriteTx,
    level_id: i64,
    (first_response, resolution, monthly_cap): (i64, i64, i64),
    by: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO compensation_policies (level_id, first_response_fen, resolution_fen,
                                            monthly_cap_fen, updated_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (level_id) DO UPDATE SET
             first_response_fen = excluded.first_response_fen,
             resolution_fen = excluded.resolution_fen,
             monthly_cap_fen = excluded.monthly_cap_fen,
             updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
    )
    .bind(level_id)
    .bind(first_response)
    .bind(resolution)
    .bind(monthly_cap)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes a level's policy: the level gets no automatic compensation.
pub async fn delete_policy(tx: &mut WriteTx, level_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM compensation_policies WHERE level_id = ?")
        .bind(level_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
