//! SQL for customer feedback (5.3.1).
