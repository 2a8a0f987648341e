//! Quality standards, monthly evaluations and training (5.2.1, 5.2.2).
