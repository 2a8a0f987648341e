//! The fee schedule (clauses 6.1.1, 6.1.2): finance edits drafts and publishes them with an
//! effective date; a published version is never changed (the database refuses it too).

use super::audit::{self, Event};
use super::{Actor, ServiceError, ServiceResult};
use crate::billing::{self, VersionFacts};
use crate::fees::{
    state_of, FeeItem, FeeItemInput, FeePage, FeeVersion, VersionInput, VersionSummary,
};
use crate::i18n::Msg;
use crate::store::billing::{self as bs, VersionRow};
use crate::store::{Db, StoreError, WriteTx};
use chrono::NaiveDate;

fn facts(rows: &[VersionRow]) -> ServiceResult<Vec<VersionFacts>> {
    rows.iter()
        .map(|r| r.facts().map_err(ServiceError::from))
        .collect()
}

async fn full_version(
    db: &Db,
    row: &VersionRow,
    all: &[VersionFacts],
    today: NaiveDate,
) -> ServiceResult<FeeVersion> {
    let f = row.facts()?;
    Ok(FeeVersion {
        id: row.id,
        label: row.label.clone(),
        effective_from: f.effective_from,
        published: f.published,
        state: state_of(all, row.id, today),
        items: bs::items(db.reader(), row.id).await?,
    })
}

async fn summaries(
    db: &Db,
    rows: &[VersionRow],
    all: &[VersionFacts],
    today: NaiveDate,
) -> ServiceResult<Vec<VersionSummary>> {
    let counts: std::collections::HashMap<i64, i64> =
        bs::item_counts(db.reader()).await?.into_iter().collect();
    rows.iter()
        .map(|r| {
            Ok(VersionSummary {
                id: r.id,
                label: r.label.clone(),
                effective_from: r.facts()?.effective_from,
                state: state_of(all, r.id, today),
                items: counts.get(&r.id).copied().unwrap_or(0) as usize,
            })
        })
        .collect()
}

/// The public fee page (6.1.2): the version asked for (published only) or the one in force
/// today, the upcoming one, and every published version for browsing.
pub async fn public_page(
    db: &Db,
    version: Option<i64>,
    today: NaiveDate,
) -> ServiceResult<FeePage> {
    let rows: Vec<VersionRow> = bs::versions(db.reader())
        .await?
        .into_iter()
        .filter(|r| r.status == "published")
        .collect();
    let all = facts(&rows)?;
    let shown_id = match version {
        Some(id) => Some(id),
        None => billing::in_force(&all, today),
    };
    let shown = match shown_id.and_then(|id| rows.iter().find(|r| r.id == id)) {
        Some(r) => Some(full_version(db, r, &all, today).await?),
        None if version.is_some() => return Err(ServiceError::NotFound),
        None => None,
    };
    let upcoming =
        match billing::upcoming(&all, today).and_then(|id| rows.iter().find(|r| r.id == id)) {
            Some(r) if Some(r.id) != shown_id => Some(full_version(db, r, &all, today).await?),
            _ => None,
        };
    Ok(FeePage {
        shown,
        upcoming,
        versions: summaries(db, &rows, &all, today).await?,
    })
}

/// Every version including drafts (finance).
pub async fn all_versions(db: &Db, today: NaiveDate) -> ServiceResult<Vec<VersionSummary>> {
    let rows = bs::versions(db.reader()).await?;
    let all = facts(&rows)?;
    summaries(db, &rows, &all, today).await
}

/// One version with its items (finance; drafts included).
pub async fn version(db: &Db, id: i64, today: NaiveDate) -> ServiceResult<FeeVersion> {
    let rows = bs::versions(db.reader()).await?;
    let all = facts(&rows)?;
    let row = rows
        .iter()
        .find(|r| r.id == id)
        .ok_or(ServiceError::NotFound)?;
    full_version(db, row, &all, today).await
}

/// The fee item priced for a service date: the item with `code` in the version in force on
/// `day` (6.1.2: each invoice line is priced by the version in force on its service date).
pub async fn price_on(
    tx: &mut WriteTx,
    code: &str,
    day: NaiveDate,
) -> ServiceResult<Option<FeeItem>> {
    let rows = bs::versions(&mut **tx).await?;
    let all = facts(&rows)?;
    let Some(v) = billing::in_force(&all, day) else {
        return Ok(None);
    };
    Ok(bs::items(&mut **tx, v)
        .await?
        .into_iter()
        .find(|i| i.code == code))
}

async fn draft(tx: &mut WriteTx, id: i64) -> ServiceResult<VersionRow> {
    let row = bs::version(&mut **tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !billing::may_edit_version(row.status == "published") {
        return Err(ServiceError::Conflict(Msg::ErrFeeVersionPublished));
    }
    Ok(row)
}

fn field(e: crate::fees::FieldError) -> ServiceError {
    ServiceError::Invalid {
        field: e.field,
        msg: e.msg,
    }
}

/// Starts a draft, copying the items of `copy_from` (usually the version in force).
pub async fn create_draft(
    db: &Db,
    actor: &Actor,
    input: &VersionInput,
    copy_from: Option<i64>,
    now: i64,
) -> ServiceResult<i64> {
    let (label, day) = input.parse().map_err(field)?;
    let mut tx = db.begin_write().await?;
    let id = bs::create_version(&mut tx, &label, day, actor.user_id, now).await?;
    if let Some(from) = copy_from {
        bs::version(&mut *tx, from)
            .await?
            .ok_or(ServiceError::NotFound)?;
        bs::copy_items(&mut tx, from, id).await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("fees.version_created", "fee_version")
            .object(id)
            .after(serde_json::json!({"label": label, "effective_from": day, "copied_from": copy_from})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// Changes a draft's label and effective date.
pub async fn update_draft(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &VersionInput,
    now: i64,
) -> ServiceResult<()> {
    let (label, day) = input.parse().map_err(field)?;
    let mut tx = db.begin_write().await?;
    let before = draft(&mut tx, id).await?;
    bs::update_draft(&mut tx, id, &label, day).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("fees.version_changed", "fee_version")
            .object(id)
            .before(
                serde_json::json!({"label": before.label, "effective_from": before.effective_from}),
            )
            .after(serde_json::json!({"label": label, "effective_from": day})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

fn item_json(i: &FeeItem) -> serde_json::Value {
    serde_json::json!({
        "code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "unit_zh": i.unit_zh,
        "unit_en": i.unit_en, "unit_price": i.unit_price.0, "tax_bp": i.tax_bp,
    })
}

/// Adds or changes an item of a draft.
pub async fn save_item(
    db: &Db,
    actor: &Actor,
    version_id: i64,
    input: &FeeItemInput,
    now: i64,
) -> ServiceResult<i64> {
    let item = input.parse().map_err(field)?;
    let mut tx = db.begin_write().await?;
    draft(&mut tx, version_id).await?;
    let before = if item.id == 0 {
        None
    } else {
        Some(
            bs::item_tx(&mut tx, version_id, item.id)
                .await?
                .ok_or(ServiceError::NotFound)?,
        )
    };
    let id = match bs::save_item(&mut tx, version_id, &item).await {
        Ok(id) => id,
        Err(StoreError::Unique(_)) => {
            return Err(ServiceError::Invalid {
                field: "code",
                msg: Msg::ErrFeeCodeTaken,
            })
        }
        Err(e) => return Err(e.into()),
    };
    let mut ev = Event::new(
        if before.is_some() {
            "fees.item_changed"
        } else {
            "fees.item_added"
        },
        "fee_version",
    )
    .object(version_id)
    .after(item_json(&item));
    if let Some(b) = &before {
        ev = ev.before(item_json(b));
    }
    audit::record(&mut tx, actor, now, ev).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

pub async fn delete_item(
    db: &Db,
    actor: &Actor,
    version_id: i64,
    item_id: i64,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    draft(&mut tx, version_id).await?;
    let item = bs::item_tx(&mut tx, version_id, item_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    bs::delete_item(&mut tx, version_id, item_id).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("fees.item_removed", "fee_version")
            .object(version_id)
            .before(item_json(&item)),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Publishes a draft. Its effective date may not lie in the past (history is never rewritten)
/// and it must have at least one item.
pub async fn publish(
    db: &Db,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    let row = draft(&mut tx, id).await?;
    let f = row.facts()?;
    billing::may_publish(f.effective_from, today).map_err(|_| ServiceError::Invalid {
        field: "effective_from",
        msg: Msg::ErrFeeBackdated,
    })?;
    if bs::items(&mut *tx, id).await?.is_empty() {
        return Err(ServiceError::Conflict(Msg::ErrFeeVersionEmpty));
    }
    bs::publish(&mut tx, id, actor.user_id, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("fees.version_published", "fee_version")
            .object(id)
            .after(serde_json::json!({"label": row.label, "effective_from": row.effective_from})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Discards a draft.
pub async fn delete_draft(db: &Db, actor: &Actor, id: i64, now: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    let row = draft(&mut tx, id).await?;
    bs::delete_draft(&mut tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("fees.version_discarded", "fee_version")
            .object(id)
            .before(serde_json::json!({"label": row.label, "effective_from": row.effective_from})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
