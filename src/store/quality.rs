//! SQL for quality standards, evaluations and training (5.2).
