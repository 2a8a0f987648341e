//! SQL for quality standards, evaluations and training (5.2).

use super::StoreResult;
use crate::quality::Standards;
use sqlx::SqliteExecutor;

/// The quality standards (the row migration 0012 ships).
pub async fn standards(conn: impl SqliteExecutor<'_>) -> StoreResult<Standards> {
    let row: Option<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT min_csat_centi, min_ratings, min_sla_bp, public_figures
         FROM quality_standards WHERE id = 1",
    )
    .fetch_optional(conn)
    .await?;
    Ok(row
        .map(|(c, r, s, p)| Standards {
            min_csat_centi: c,
            min_ratings: r,
            min_sla_bp: s,
            public_figures: p != 0,
        })
        .unwrap_or_default())
}
