//! Evaluations, standards and training (5.2.1, 5.2.2).

use leptos::prelude::*;

#[component]
pub fn EvaluationsPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}

#[component]
pub fn StandardsPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}

#[component]
pub fn TrainingPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}

#[component]
pub fn MyQualityPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}

#[component]
pub fn AgentQualityPage() -> impl IntoView {
    view! { <p>"TODO"</p> }
}
