//! The published programme: VIP levels and programme settings.

use super::StoreResult;
use crate::levels::VipLevel;
use crate::money::Fen;
use sqlx::SqlitePool;

pub async fn active_levels(db: &SqlitePool) -> StoreResult<Vec<VipLevel>> {
    let rows: Vec<(i64, String, String, String, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, code, name_zh, name_en, rank, spend_threshold, points_threshold, discount_bp, entry_fee
         FROM vip_levels WHERE active = 1 ORDER BY rank",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| VipLevel {
            id: r.0,
            code: r.1,
            name_zh: r.2,
            name_en: r.3,
            rank: r.4,
            spend_threshold: Fen(r.5),
            points_threshold: r.6,
            discount_bp: r.7,
            entry_fee: Fen(r.8),
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
