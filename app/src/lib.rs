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
pub mod search;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
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

    view! {
        <Stylesheet id="leptos" href="/pkg/wellspring.css" />
        <Title formatter=|page: String| format!("{page} · Wellspring") />
        <Router>
            <Frame />
        </Router>
    }
}

/// Everything inside the router: the session, the header and the page.
#[component]
fn Frame() -> impl IntoView {
    shell::Session::provide();
    live::Live::provide();
    view! {
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <shell::Header />
            <main id="main" class="main" tabindex="-1">
                <Routes fallback=|| view! { <shell::NotFoundPage /> }>
                    <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=auth::views::SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/invite/:token") view=auth::views::InvitePage ssr=SsrMode::Async />
                    <Route path=path!("/people") view=people::views::DirectoryPage ssr=SsrMode::Async />
                    <Route path=path!("/people/:id") view=people::views::PersonPage ssr=SsrMode::Async />
                    <Route path=path!("/people/:id/edit") view=people::views::EditProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=people::views::AdminPeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/moderation") view=moderation::views::AdminModerationPage ssr=SsrMode::Async />
                    <Route path=path!("/groups") view=groups::views::GroupsPage ssr=SsrMode::Async />
                    <Route path=path!("/groups/:id") view=groups::views::GroupPage ssr=SsrMode::Async />
                    <Route path=path!("/posts/:id") view=feed::views::PostPage ssr=SsrMode::Async />
                    <Route path=path!("/reports") view=moderation::views::MyReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=search::views::SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/courses") view=courses::views::CoursesPage ssr=SsrMode::Async />
                    <Route path=path!("/courses/:id") view=courses::views::CoursePage ssr=SsrMode::Async />
                    <Route path=path!("/courses/:id/lessons/:lesson") view=courses::views::LessonPage ssr=SsrMode::Async />
                    <Route path=path!("/learning") view=paths::views::LearningPage ssr=SsrMode::Async />
                    <Route path=path!("/paths") view=paths::views::PathsPage ssr=SsrMode::Async />
                    <Route path=path!("/paths/:id") view=paths::views::PathPage ssr=SsrMode::Async />
                    <Route path=path!("/paths/:id/progress") view=paths::views::ProgressPage ssr=SsrMode::Async />
                    <Route path=path!("/library") view=library::views::LibraryPage ssr=SsrMode::Async />
                    <Route path=path!("/library/desk") view=library::views::DeskPage ssr=SsrMode::Async />
                    <Route path=path!("/library/new") view=library::views::NewItemPage ssr=SsrMode::Async />
                    <Route path=path!("/library/items/:id") view=library::views::ItemPage ssr=SsrMode::Async />
                    <Route path=path!("/library/items/:id/edit") view=library::views::EditItemPage ssr=SsrMode::Async />
                </Routes>
            </main>
    }
}
