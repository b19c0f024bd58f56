use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any address that leads nowhere, with a 404 status.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    super::set_page_status(404);
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
