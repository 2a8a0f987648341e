//! Customer feedback (clause 5.3.1): ratings of resolved requests and closed complaints,
//! free-form feedback, and feedback staff record. Pure; see `services::feedback`.
