//! The quality dashboard and the process report (5.2.3, 5.3.2).

use leptos::prelude::*;

#[component]
pub fn QualityDashboardPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}

#[component]
pub fn ProcessReportPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}
