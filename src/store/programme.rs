//! The published programme: VIP levels and programme settings.

use super::{StoreResult, WriteTx};
use crate::levels::VipLevel;
use crate::money::Fen;
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct LevelRow {
    id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    rank: i64,
    spend_threshold: i64,
    points_threshold: i64,
    discount_bp: i64,
    entry_fee: i64,
    active: bool,
}

const LEVEL_COLUMNS: &str =
    "id, code, name_zh, name_en, rank, spend_threshold, points_threshold, discount_bp, entry_fee, active";

impl LevelRow {
    fn level(self) -> (VipLevel, bool) {
        let active = self.active;
        (self.into_level(), active)
    }
}

pub async fn active_levels(db: &SqlitePool) -> StoreResult<Vec<VipLevel>> {
    let rows: Vec<LevelRow> = sqlx::query_as(&format!(
        "SELECT {LEVEL_COLUMNS} FROM vip_levels WHERE active = 1 ORDER BY rank"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(LevelRow::into_level).collect())
}

/// Every level, active or not, by rank.
pub async fn all_levels(db: &SqlitePool) -> StoreResult<Vec<(VipLevel, bool)>> {
    let rows: Vec<LevelRow> = sqlx::query_as(&format!(
        "SELECT {LEVEL_COLUMNS} FROM vip_levels ORDER BY rank"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(LevelRow::level).collect())
}

pub async fn get_level_tx(tx: &mut WriteTx, id: i64) -> StoreResult<Option<(VipLevel, bool)>> {
    let row: Option<LevelRow> = sqlx::query_as(&format!(
        "SELECT {LEVEL_COLUMNS} FROM vip_levels WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(LevelRow::level))
}

/// Inserts (`id == 0`) or updates a level; returns its id.
pub async fn save_level(
    tx: &mut WriteTx,
    l: &VipLevel,
    active: bool,
    now: i64,
) -> StoreResult<i64> {
    if l.id == 0 {
        Ok(sqlx::query_scalar(
            "INSERT INTO vip_levels (code, name_zh, name_en, rank, spend_threshold, points_threshold,
                                     discount_bp, entry_fee, active, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&l.code)
        .bind(&l.name_zh)
        .bind(&l.name_en)
        .bind(l.rank)
        .bind(l.spend_threshold.0)
        .bind(l.points_threshold)
        .bind(l.discount_bp)
        .bind(l.entry_fee.0)
        .bind(active)
        .bind(now)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
    } else {
        sqlx::query(
            "UPDATE vip_levels SET code = ?, name_zh = ?, name_en = ?, rank = ?, spend_threshold = ?,
                    points_threshold = ?, discount_bp = ?, entry_fee = ?, active = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(&l.code)
        .bind(&l.name_zh)
        .bind(&l.name_en)
        .bind(l.rank)
        .bind(l.spend_threshold.0)
        .bind(l.points_threshold)
        .bind(l.discount_bp)
        .bind(l.entry_fee.0)
        .bind(active)
        .bind(now)
        .bind(l.id)
        .execute(&mut **tx)
        .await?;
        Ok(l.id)
    }
}

pub async fn count_active_levels_except(tx: &mut WriteTx, id: i64) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM vip_levels WHERE active = 1 AND id <> ?")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

impl LevelRow {
    fn into_level(self) -> VipLevel {
        let r = self;
        VipLevel {
            id: r.id,
            code: r.code,
            name_zh: r.name_zh,
            name_en: r.name_en,
            rank: r.rank,
            spend_threshold: Fen(r.spend_threshold),
            points_threshold: r.points_threshold,
            discount_bp: r.discount_bp,
            entry_fee: Fen(r.entry_fee),
        }
    }
}

/// Settings whose key starts with `prefix`, as (key, value) pairs.
pub async fn settings_with_prefix(
    db: &SqlitePool,
    prefix: &str,
) -> StoreResult<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT key, value FROM programme_settings WHERE substr(key, 1, length(?)) = ? ORDER BY key",
    )
    .bind(prefix)
    .bind(prefix)
    .fetch_all(db)
    .await?)
}
