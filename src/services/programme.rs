//! The public programme: levels and complaint channels.

use super::ServiceResult;
use crate::levels::VipLevel;
use crate::store::{self, Db};

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
