//! Customer feedback (5.3.1).
