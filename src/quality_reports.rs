//! Quality reports (clauses 5.2.3, 5.3.2): time in each status, dashboard series. Pure.
