use leptos::prelude::*;

/// A thin bar across the top of the page while the next page loads: its code the first time it
/// is opened, then its data. It shows only after a moment (see the stylesheet), so a quick
/// navigation shows nothing at all. Screen readers hear of it through `aria-busy` on the page.
#[component]
pub fn RoutingBar(routing: RwSignal<bool>) -> impl IntoView {
    view! { <div class="routing-bar" class:routing-bar--active=move || routing.get() aria-hidden="true"></div> }
}
