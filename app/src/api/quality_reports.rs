//! Server functions for the quality dashboard and process report (5.2.3, 5.3.2).
