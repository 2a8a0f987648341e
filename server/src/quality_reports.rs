//! CSV downloads of the quality dashboard's tables (5.3.2).
