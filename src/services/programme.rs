//! The public programme: levels and complaint channels.

use super::audit::{self, Event};
use super::{Actor, ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::levels::{LevelInput, VipLevel};
use crate::store::{self, Db, StoreError};

pub async fn levels(db: &Db) -> ServiceResult<Vec<VipLevel>> {
    Ok(store::programme::active_levels(db.reader()).await?)
}

/// Complaint channel contacts (clause 7.1), as (key without prefix, value).
pub async fn complaint_channels(db: &Db) -> ServiceResult<Vec<(String, String)>> {
    let rows = store::programme::settings_with_prefix(db.reader(), "complaints.").await?;
    Ok(rows
        .into_iter()
        .map(|(k, v)| (k.trim_start_matches("complaints.").to_string(), v))
        .collect())
}

/// Every level with whether it is active (admin view).
pub async fn all_levels(db: &Db) -> ServiceResult<Vec<(VipLevel, bool)>> {
    Ok(store::programme::all_levels(db.reader()).await?)
}

fn level_json(l: &VipLevel, active: bool) -> serde_json::Value {
    serde_json::json!({
        "code": l.code, "name_zh": l.name_zh, "name_en": l.name_en, "rank": l.rank,
        "spend_threshold": l.spend_threshold.0, "points_threshold": l.points_threshold,
        "discount_bp": l.discount_bp, "entry_fee": l.entry_fee.0, "active": active,
    })
}

/// Creates or changes a level (admins). Audited with before and after. History is not
/// rewritten: ledger entries are untouched, and a membership keeps the thresholds it was
/// granted under.
pub async fn save_level(
    db: &Db,
    actor: &Actor,
    input: &LevelInput,
    active: bool,
    now: i64,
) -> ServiceResult<i64> {
    let level = input.parse().map_err(|e| ServiceError::Invalid {
        field: e.field,
        msg: e.msg,
    })?;
    let mut tx = db.begin_write().await?;
    let before = if level.id == 0 {
        None
    } else {
        Some(
            store::programme::get_level_tx(&mut tx, level.id)
                .await?
                .ok_or(ServiceError::NotFound)?,
        )
    };
    if !active
        && level.id != 0
        && store::programme::count_active_levels_except(&mut tx, level.id).await? == 0
    {
        return Err(ServiceError::Conflict(Msg::ErrLastLevel));
    }
    let id = match store::programme::save_level(&mut tx, &level, active, now).await {
        Ok(id) => id,
        Err(StoreError::Unique(m)) => {
            let field = if m.contains("rank") { "rank" } else { "code" };
            return Err(ServiceError::Invalid {
                field,
                msg: if field == "rank" {
                    Msg::ErrLevelRankTaken
                } else {
                    Msg::ErrLevelCodeTaken
                },
            });
        }
        Err(e) => return Err(e.into()),
    };
    let mut ev = Event::new(
        if before.is_some() {
            "level.changed"
        } else {
            "level.created"
        },
        "vip_level",
    )
    .object(id)
    .after(level_json(&level, active));
    if let Some((b, was_active)) = &before {
        ev = ev.before(level_json(b, *was_active));
    }
    audit::record(&mut tx, actor, now, ev).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}
