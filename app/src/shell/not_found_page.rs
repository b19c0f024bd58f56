use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any address that leads nowhere, with a 404 status.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="empty-state">
            <h1>"We couldn't find that page"</h1>
            <p>"The link may be old, or the page may have moved."</p>
            <a class="button button--primary" href="/">
                "Go to your home page"
            </a>
        </section>
    }
}
