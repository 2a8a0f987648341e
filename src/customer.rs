//! Customers as staff see them: the summary in lists and the record with its standing.

use crate::eligibility::CustomerProgress;
use serde::{Deserialize, Serialize};

/// A customer as listed to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub active: bool,
    pub created_at: i64,
}

/// A customer's record as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRecord {
    pub customer: CustomerSummary,
    pub progress: CustomerProgress,
}
