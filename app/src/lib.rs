//! Wellspring: the pages, components and server functions, shared by the server and the browser.

#[macro_use]
mod enums;

pub mod auth;
#[cfg(feature = "ssr")]
pub mod clock;
pub mod courses;
#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
pub mod feed;
pub mod groups;
pub mod home;
pub mod library;
pub mod live;
pub mod moderation;
pub mod paths;
pub mod people;
#[cfg(feature = "ssr")]
pub mod policy;
mod routes;
pub mod search;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <meta name="description" content="Wellspring: where your company learns together." />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name) />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The whole single-page app. Pages render completely on the server before they are sent, so a
/// signed-out visitor gets a real redirect and every page its real title and status.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser, once the page is interactive: mark it, so styles and tests
    // can tell a hydrated page from server-rendered HTML.
    Effect::new(|| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });

    // True while the router loads the next page (its code, the first time, and its data).
    let routing = RwSignal::new(false);
    view! {
        <Title formatter=|page: String| format!("{page} · Wellspring") />
        <Router set_is_routing=routing>
            <Frame routing />
        </Router>
    }
}

/// Everything inside the router: the session, the header and the page.
#[component]
fn Frame(routing: RwSignal<bool>) -> impl IntoView {
    shell::Session::provide();
    live::Live::provide();
    view! {
            <shell::RoutingBar routing />
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <shell::Header />
            <main id="main" class="main" tabindex="-1" aria-busy=move || routing.get().to_string()>
                <Routes fallback=|| view! { <shell::NotFoundPage /> }>
                    <Route path=path!("/") view={Lazy::<routes::Home>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view={Lazy::<routes::SignIn>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/invite/:token") view={Lazy::<routes::Invite>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/people") view={Lazy::<routes::Directory>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/people/:id") view={Lazy::<routes::Person>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/people/:id/edit") view={Lazy::<routes::EditProfile>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view={Lazy::<routes::AdminPeople>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/moderation") view={Lazy::<routes::AdminModeration>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/groups") view={Lazy::<routes::Groups>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/groups/:id") view={Lazy::<routes::Group>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/posts/:id") view={Lazy::<routes::Post>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reports") view={Lazy::<routes::MyReports>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/search") view={Lazy::<routes::Search>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/courses") view={Lazy::<routes::Courses>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/courses/:id") view={Lazy::<routes::Course>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/courses/:id/lessons/:lesson") view={Lazy::<routes::Lesson>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/learning") view={Lazy::<routes::Learning>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/paths") view={Lazy::<routes::Paths>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/paths/:id") view={Lazy::<routes::Path>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/paths/:id/progress") view={Lazy::<routes::Progress>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/library") view={Lazy::<routes::Library>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/library/desk") view={Lazy::<routes::Desk>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/library/new") view={Lazy::<routes::NewItem>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/library/items/:id") view={Lazy::<routes::Item>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/library/items/:id/edit") view={Lazy::<routes::EditItem>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
    }
}
