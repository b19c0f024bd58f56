//! Wellspring: the pages, components and server functions, shared by the server and the browser.

#[macro_use]
mod enums;

pub mod auth;
pub mod badges;
pub mod campaigns;
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
pub mod notify;
pub mod paths;
pub mod people;
#[cfg(feature = "ssr")]
pub mod policy;
mod routes;
pub mod search;
pub mod sessions;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod standing;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::{prelude::*, tachys::view::iterators::StaticVec};
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, RouteProps, Router, Routes, RoutesProps},
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
                <script type="module" src=format!("/{}/time-zone.js", options.site_pkg_dir)></script>
                <AutoReload options=options.clone() />
                {sends_code().then(|| view! { <HydrationScripts options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Whether the page asked for is sent with the app's code. The pages a signed-out visitor opens
/// (signing in, accepting an invitation, unsubscribing from an email) are plain forms that work without it, so a newcomer's
/// first visit costs only the page and its stylesheet; the code arrives with the first page after.
fn sends_code() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().is_none_or(|parts| {
            let path = parts.uri.path();
            !["/sign-in", "/unsubscribe"].contains(&path) && !path.starts_with("/invite/")
        })
    }
    #[cfg(not(feature = "ssr"))]
    true
}

/// The whole single-page app. Pages render completely on the server before they are sent, so a
/// signed-out visitor gets a real redirect and every page its real title and status.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // True while the router loads the next page (its code, the first time, and its data).
    let routing = RwSignal::new(false);
    view! {
        // A page names itself once its code has arrived; until then the title is the product's name
        // rather than empty.
        <Title text="Wellspring" formatter=|page: String| if page == "Wellspring" { page } else { format!("{page} · Wellspring") } />
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
                {Routes(
                    RoutesProps::builder()
                        .fallback(|| view! { <shell::NotFoundPage /> })
                        .children(ToChildren::to_children(routes))
                        .build(),
                )}
            </main>
    }
}

/// A route for every page (see `routes::PAGES`), each rendered whole on the server before it is
/// sent.
fn routes() -> StaticVec<impl leptos_router::MatchNestedRoutes + Clone + Send + 'static> {
    routes::PAGES
        .iter()
        .map(|&(path, page)| {
            Route(RouteProps {
                path: routes::Pattern(path),
                view: page,
                ssr: SsrMode::Async,
            })
        })
        .collect::<Vec<_>>()
        .into()
}
