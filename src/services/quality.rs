//! Quality standards, monthly evaluations and training (5.2.1, 5.2.2).

use super::ServiceResult;
use crate::quality::Standards;
use crate::store::Db;

/// The quality standards in force (5.2.2).
pub async fn standards(db: &Db) -> ServiceResult<Standards> {
    Ok(crate::store::quality::standards(db.reader()).await?)
}
