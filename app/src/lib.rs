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
#[cfg(not(feature = "ssr"))]
mod routes;
pub mod search;
pub mod sessions;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod standing;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
#[cfg(not(feature = "ssr"))]
use leptos_router::Lazy;
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

/// A page's view. In the browser it is a lazy route, whose code is split out and fetched the first
/// time someone goes there (Home comes with the shell instead: see `routes`); on
/// the server, which has all the code, it is the page itself (rendering a lazy route there now
/// and then never finished).
macro_rules! route {
    ($lazy:ident, $page:path) => {{
        #[cfg(feature = "ssr")]
        let view = $page;
        #[cfg(not(feature = "ssr"))]
        let view = Lazy::<routes::$lazy>::new();
        view
    }};
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
                <Routes fallback=|| view! { <shell::NotFoundPage /> }>
                    <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view={route!(SignIn, auth::views::SignInPage)} ssr=SsrMode::Async />
                    <Route path=path!("/invite/:token") view={route!(Invite, auth::views::InvitePage)} ssr=SsrMode::Async />
                    <Route path=path!("/people") view={route!(Directory, people::views::DirectoryPage)} ssr=SsrMode::Async />
                    <Route path=path!("/people/experts") view={route!(Experts, people::views::ExpertsPage)} ssr=SsrMode::Async />
                    <Route path=path!("/people/:id") view={route!(Person, people::views::PersonPage)} ssr=SsrMode::Async />
                    <Route path=path!("/people/:id/edit") view={route!(EditProfile, people::views::EditProfilePage)} ssr=SsrMode::Async />
                    <Route path=path!("/people/:id/followers") view={route!(Followers, people::views::FollowersPage)} ssr=SsrMode::Async />
                    <Route path=path!("/people/:id/following") view={route!(Following, people::views::FollowingPage)} ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view={route!(AdminPeople, people::views::AdminPeoplePage)} ssr=SsrMode::Async />
                    <Route path=path!("/admin/moderation") view={route!(AdminModeration, moderation::views::AdminModerationPage)} ssr=SsrMode::Async />
                    <Route path=path!("/groups") view={route!(Groups, groups::views::GroupsPage)} ssr=SsrMode::Async />
                    <Route path=path!("/groups/:id") view={route!(Group, groups::views::GroupPage)} ssr=SsrMode::Async />
                    <Route path=path!("/posts/:id") view={route!(Post, feed::views::PostPage)} ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view={route!(Notifications, notify::views::NotificationsPage)} ssr=SsrMode::Async />
                    <Route path=path!("/settings/notifications") view={route!(EmailSettings, notify::views::EmailSettingsPage)} ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe") view={route!(Unsubscribe, notify::views::UnsubscribePage)} ssr=SsrMode::Async />
                    <Route path=path!("/admin/outbox") view={route!(Outbox, notify::views::OutboxPage)} ssr=SsrMode::Async />
                    <Route path=path!("/admin/campaigns") view={route!(Campaigns, campaigns::views::CampaignsPage)} ssr=SsrMode::Async />
                    <Route path=path!("/admin/campaigns/:id") view={route!(Campaign, campaigns::views::CampaignPage)} ssr=SsrMode::Async />
                    <Route path=path!("/reports") view={route!(MyReports, moderation::views::MyReportsPage)} ssr=SsrMode::Async />
                    <Route path=path!("/badges") view={route!(Badges, badges::views::BadgesPage)} ssr=SsrMode::Async />
                    <Route path=path!("/badges/:id") view={route!(Badge, badges::views::BadgePage)} ssr=SsrMode::Async />
                    <Route path=path!("/sessions") view={route!(Live, sessions::views::LivePage)} ssr=SsrMode::Async />
                    <Route path=path!("/sessions/:id") view={route!(LiveSession, sessions::views::SessionPage)} ssr=SsrMode::Async />
                    <Route path=path!("/search") view={route!(Search, search::views::SearchPage)} ssr=SsrMode::Async />
                    <Route path=path!("/courses") view={route!(Courses, courses::views::CoursesPage)} ssr=SsrMode::Async />
                    <Route path=path!("/courses/:id") view={route!(Course, courses::views::CoursePage)} ssr=SsrMode::Async />
                    <Route path=path!("/courses/:id/lessons/:lesson") view={route!(Lesson, courses::views::LessonPage)} ssr=SsrMode::Async />
                    <Route path=path!("/learning") view={route!(Learning, paths::views::LearningPage)} ssr=SsrMode::Async />
                    <Route path=path!("/paths") view={route!(Paths, paths::views::PathsPage)} ssr=SsrMode::Async />
                    <Route path=path!("/paths/:id") view={route!(Path, paths::views::PathPage)} ssr=SsrMode::Async />
                    <Route path=path!("/paths/:id/progress") view={route!(Progress, paths::views::ProgressPage)} ssr=SsrMode::Async />
                    <Route path=path!("/library") view={route!(Library, library::views::LibraryPage)} ssr=SsrMode::Async />
                    <Route path=path!("/library/desk") view={route!(Desk, library::views::DeskPage)} ssr=SsrMode::Async />
                    <Route path=path!("/library/new") view={route!(NewItem, library::views::NewItemPage)} ssr=SsrMode::Async />
                    <Route path=path!("/library/items/:id") view={route!(Item, library::views::ItemPage)} ssr=SsrMode::Async />
                    <Route path=path!("/library/items/:id/edit") view={route!(EditItem, library::views::EditItemPage)} ssr=SsrMode::Async />
                </Routes>
            </main>
    }
}
