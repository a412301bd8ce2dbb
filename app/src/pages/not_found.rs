use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::ErrorView;
use crate::error::AppError;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Title text="Not found" />
        <ErrorView error=AppError::NotFound />
    }
}
