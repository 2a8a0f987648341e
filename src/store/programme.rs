//! The published programme: VIP levels and programme settings.

use super::StoreResult;
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
}

pub async fn active_levels(db: &SqlitePool) -> StoreResult<Vec<VipLevel>> {
    let rows: Vec<LevelRow> = sqlx::query_as(
        "SELECT id, code, name_zh, name_en, rank, spend_threshold, points_threshold, discount_bp, entry_fee
         FROM vip_levels WHERE active = 1 ORDER BY rank",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| VipLevel {
            id: r.id,
            code: r.code,
            name_zh: r.name_zh,
            name_en: r.name_en,
            rank: r.rank,
            spend_threshold: Fen(r.spend_threshold),
            points_threshold: r.points_threshold,
            discount_bp: r.discount_bp,
            entry_fee: Fen(r.entry_fee),
        })
        .collect())
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
