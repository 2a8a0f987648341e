//! Reusable pieces of the interface.

pub mod charts;
pub mod eligibility;
pub mod forms;
pub mod guard;
pub mod layout;
