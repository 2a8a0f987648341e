//! The quality dashboard and the process report (5.2.3, 5.3.2).
