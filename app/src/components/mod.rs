//! Reusable pieces of the interface.

pub mod eligibility;
pub mod forms;
pub mod guard;
pub mod layout;
