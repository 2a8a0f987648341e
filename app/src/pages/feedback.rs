//! Feedback (5.3.1): customers at `/portal/feedback`; staff record feedback at
//! `/admin/quality/feedback`.

use leptos::prelude::*;

#[component]
pub fn MyFeedbackPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}

#[component]
pub fn FeedbackAdminPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}
