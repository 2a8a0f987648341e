//! The complaint process's configuration by admins (clauses 7.2, 8.2): the deadlines of the
//! process and the automatic compensation policy of each VIP level.
//!
//! Input is checked before anything is written ([`crate::complaint_settings`]); each change is
//! one `BEGIN IMMEDIATE` transaction with its audit entry (before and after). Saving what is
//! already stored changes nothing and records nothing. Complaints snapshot their deadlines
//! when received, so new deadlines apply to complaints received afterwards.

use super::audit::{self, Event};
use super::{Actor, ServiceError, ServiceResult};
use crate::complaint_settings::{
    parse_deadlines, parse_policy, CompensationPolicy, CompensationPolicyView, ComplaintSettings,
    ComplaintSettingsOverview,
};
use crate::store::complaint_settings::{self as st, SettingsRow};
use crate::store::{Db, StoreError};
use crate::Fen;
use serde_json::json;

fn commit_err(e: sqlx::Error) -> ServiceError {
    StoreError::from(e).into()
}

fn missing() -> ServiceError {
    StoreError::Corrupt("complaint_settings has no row".into()).into()
}

fn view(r: SettingsRow) -> ComplaintSettings {
    ComplaintSettings {
        acknowledge_mins: r.acknowledge_mins,
        propose_mins: r.propose_mins,
        second_proposal_mins: r.second_proposal_mins,
        updated_by: r.updated_by,
        updated_by_name: r.updated_by_name,
        updated_at: r.updated_at,
    }
}

fn minutes_json(r: &SettingsRow) -> serde_json::Value {
    json!({
        "acknowledge_mins": r.acknowledge_mins,
        "propose_mins": r.propose_mins,
        "second_proposal_mins": r.second_proposal_mins,
    })
}

fn policy_json((first, resolution, cap): (i64, i64, i64)) -> serde_json::Value {
    json!({"first_response_fen": first, "resolution_fen": resolution, "monthly_cap_fen": cap})
}

// ---------------------------------------------------------------- reading

/// The deadlines in force.
pub async fn settings(db: &Db) -> ServiceResult<ComplaintSettings> {
    st::settings(db.reader())
        .await?
        .map(view)
        .ok_or_else(missing)
}

/// Every VIP level by rank with its automatic compensation (`policy` `None`: none).
pub async fn policies(db: &Db) -> ServiceResult<Vec<CompensationPolicyView>> {
    Ok(st::policies(db.reader())
        .await?
        .into_iter()
        .map(|p| CompensationPolicyView {
            level_id: p.level_id,
            level_code: p.level_code,
            level_name_zh: p.level_name_zh,
            level_name_en: p.level_name_en,
            level_active: p.level_active,
            policy: match (p.first_response_fen, p.resolution_fen, p.monthly_cap_fen) {
                (Some(f), Some(r), Some(c)) => Some(CompensationPolicy {
                    first_response: Fen(f),
                    resolution: Fen(r),
                    monthly_cap: Fen(c),
                }),
                _ => None,
            },
            updated_at: p.updated_at,
        })
        .collect())
}

/// Everything the settings page shows.
pub async fn overview(db: &Db) -> ServiceResult<ComplaintSettingsOverview> {
    Ok(ComplaintSettingsOverview {
        settings: settings(db).await?,
        policies: policies(db).await?,
    })
}

// ---------------------------------------------------------------- deadlines (7.2)

/// Sets the deadlines as typed: acknowledge within `acknowledge_hours` hours, propose within
/// `propose_days` days of receipt and again within `second_proposal_days` days of an
/// escalation (see [`parse_deadlines`] for the bounds). Bad input changes nothing.
pub async fn set_deadlines(
    db: &Db,
    actor: &Actor,
    acknowledge_hours: &str,
    propose_days: &str,
    second_proposal_days: &str,
    now: i64,
) -> ServiceResult<()> {
    let d = parse_deadlines(acknowledge_hours, propose_days, second_proposal_days)
        .map_err(|(field, msg)| ServiceError::Invalid { field, msg })?;
    let mut tx = db.begin_write().await?;
    let before = st::settings_tx(&mut tx).await?.ok_or_else(missing)?;
    let after = (d.acknowledge_mins, d.propose_mins, d.second_proposal_mins);
    if (
        before.acknowledge_mins,
        before.propose_mins,
        before.second_proposal_mins,
    ) == after
    {
        return Ok(());
    }
    st::put_settings(&mut tx, after, actor.user_id, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("complaint.settings_changed", "complaint_settings")
            .object(1)
            .before(minutes_json(&before))
            .after(json!({
                "acknowledge_mins": after.0,
                "propose_mins": after.1,
                "second_proposal_mins": after.2,
            })),
    )
    .await?;
    tx.commit().await.map_err(commit_err)
}

// ---------------------------------------------------------------- compensation (8.2)

/// Sets the automatic compensation of a VIP level, amounts typed in yuan (see
/// [`parse_policy`]). An unknown level is not found; bad input changes nothing.
pub async fn set_policy(
    db: &Db,
    actor: &Actor,
    level_id: i64,
    first_response: &str,
    resolution: &str,
    monthly_cap: &str,
    now: i64,
) -> ServiceResult<()> {
    let p = parse_policy(first_response, resolution, monthly_cap)
        .map_err(|(field, msg)| ServiceError::Invalid { field, msg })?;
    let after = (p.first_response.0, p.resolution.0, p.monthly_cap.0);
    let mut tx = db.begin_write().await?;
    if !st::level_exists(&mut tx, level_id).await? {
        return Err(ServiceError::NotFound);
    }
    let before = st::policy_tx(&mut tx, level_id).await?;
    if before == Some(after) {
        return Ok(());
    }
    st::put_policy(&mut tx, level_id, after, actor.user_id, now).await?;
    let mut event = Event::new("complaint.compensation_policy_set", "vip_level")
        .object(level_id)
        .after(policy_json(after));
    if let Some(b) = before {
        event = event.before(policy_json(b));
    }
    audit::record(&mut tx, actor, now, event).await?;
    tx.commit().await.map_err(commit_err)
}

/// Removes a level's automatic compensation; not found when it has none.
pub async fn remove_policy(db: &Db, actor: &Actor, level_id: i64, now: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    let before = st::policy_tx(&mut tx, level_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    st::delete_policy(&mut tx, level_id).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("complaint.compensation_policy_removed", "vip_level")
            .object(level_id)
            .before(policy_json(before)),
    )
    .await?;
    tx.commit().await.map_err(commit_err)
}
