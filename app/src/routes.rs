//! Every page of the app, as data: its path and which page it is (`PAGES`). All routes are one
//! type, a `Pattern` with a `Page`, so the browser's bundle carries the router's matching and
//! view-choosing code once rather than once per route.
//!
//! In the browser every page but Home is fetched lazily, and the pages of a part of the product
//! share one split point: that part's code is fetched the first time someone opens one of its
//! pages. There are three: learning (paths, courses, the library and search), the community
//! (groups and moderation, people, badges, live sessions, a post's own page, notifications and
//! the account pages) and onboarding campaigns, for admins. People move between the areas of a
//! part, and the code the areas share (forms, lists, the types they read) comes with the first
//! of them rather than in a chunk for each set of areas that shares a piece: with a split point
//! per area, the first area opened after Home took some 150 requests. Home is where a signed-in
//! person's visit starts, so the feed comes with the shell in one file. The server, which has all
//! the code, renders each page directly.

use crate::{
    auth, badges, campaigns, courses, feed, groups, home, library, moderation, notify, paths,
    people, search, sessions,
};
use leptos::prelude::*;
use leptos_router::{ChooseView, PartialPathMatch, PathSegment, PossibleRouteMatch};
use std::borrow::Cow;

use CommunityPage as C;
use LearningPage as L;

/// Every page, by the path it answers; `:name` is a parameter.
pub const PAGES: [(&str, Page); 38] = [
    ("/", Page::Home),
    ("/sign-in", Page::Community(C::Account(AccountPage::SignIn))),
    (
        "/invite/:token",
        Page::Community(C::Account(AccountPage::Invite)),
    ),
    ("/people", Page::Community(C::People(PeoplePage::Directory))),
    (
        "/people/experts",
        Page::Community(C::People(PeoplePage::Experts)),
    ),
    (
        "/people/:id",
        Page::Community(C::People(PeoplePage::Person)),
    ),
    (
        "/people/:id/edit",
        Page::Community(C::People(PeoplePage::EditProfile)),
    ),
    (
        "/people/:id/followers",
        Page::Community(C::People(PeoplePage::Followers)),
    ),
    (
        "/people/:id/following",
        Page::Community(C::People(PeoplePage::Following)),
    ),
    (
        "/admin/people",
        Page::Community(C::People(PeoplePage::AdminPeople)),
    ),
    (
        "/admin/moderation",
        Page::Community(C::Groups(GroupsPage::AdminModeration)),
    ),
    ("/groups", Page::Community(C::Groups(GroupsPage::Groups))),
    ("/groups/:id", Page::Community(C::Groups(GroupsPage::Group))),
    (
        "/reports",
        Page::Community(C::Groups(GroupsPage::MyReports)),
    ),
    ("/posts/:id", Page::Community(C::Posts(PostsPage::Post))),
    (
        "/notifications",
        Page::Community(C::Notify(NotifyPage::Notifications)),
    ),
    (
        "/settings/notifications",
        Page::Community(C::Notify(NotifyPage::EmailSettings)),
    ),
    (
        "/unsubscribe",
        Page::Community(C::Notify(NotifyPage::Unsubscribe)),
    ),
    (
        "/admin/outbox",
        Page::Community(C::Notify(NotifyPage::Outbox)),
    ),
    ("/badges", Page::Community(C::Badges(BadgesPage::Badges))),
    ("/badges/:id", Page::Community(C::Badges(BadgesPage::Badge))),
    (
        "/sessions",
        Page::Community(C::Sessions(SessionsPage::Live)),
    ),
    (
        "/sessions/:id",
        Page::Community(C::Sessions(SessionsPage::Session)),
    ),
    (
        "/admin/campaigns",
        Page::Campaigns(CampaignsPage::Campaigns),
    ),
    (
        "/admin/campaigns/:id",
        Page::Campaigns(CampaignsPage::Campaign),
    ),
    ("/search", Page::Learning(L::Search(SearchPage::Search))),
    ("/courses", Page::Learning(L::Courses(CoursesPage::Courses))),
    (
        "/courses/:id",
        Page::Learning(L::Courses(CoursesPage::Course)),
    ),
    (
        "/courses/:id/lessons/:lesson",
        Page::Learning(L::Courses(CoursesPage::Lesson)),
    ),
    ("/learning", Page::Learning(L::Paths(PathsPage::Learning))),
    ("/paths", Page::Learning(L::Paths(PathsPage::Paths))),
    ("/paths/:id", Page::Learning(L::Paths(PathsPage::Path))),
    (
        "/paths/:id/progress",
        Page::Learning(L::Paths(PathsPage::Progress)),
    ),
    ("/library", Page::Learning(L::Library(LibraryPage::Library))),
    (
        "/library/desk",
        Page::Learning(L::Library(LibraryPage::Desk)),
    ),
    (
        "/library/new",
        Page::Learning(L::Library(LibraryPage::NewItem)),
    ),
    (
        "/library/items/:id",
        Page::Learning(L::Library(LibraryPage::Item)),
    ),
    (
        "/library/items/:id/edit",
        Page::Learning(L::Library(LibraryPage::EditItem)),
    ),
];

/// A route's path, read when it is matched: its segments are separated by `/`, and one that
/// starts with `:` is a parameter, which matches any one non-empty segment.
#[derive(Clone, Copy)]
pub struct Pattern(pub &'static str);

impl Pattern {
    fn segments(self) -> impl Iterator<Item = &'static str> {
        self.0.split('/').filter(|segment| !segment.is_empty())
    }
}

impl PossibleRouteMatch for Pattern {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let mut params = Vec::new();
        let mut rest = path;
        for segment in self.segments() {
            let after = rest.strip_prefix('/')?;
            let (value, remaining) = after.split_at(after.find('/').unwrap_or(after.len()));
            match segment.strip_prefix(':') {
                Some(name) if !value.is_empty() => {
                    params.push((Cow::Borrowed(name), value.to_string()));
                }
                None if value == segment => {}
                _ => return None,
            }
            rest = remaining;
        }
        let matched = &path[..path.len() - rest.len()];
        Some(PartialPathMatch::new(rest, params, matched))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        path.extend(
            self.segments()
                .map(|segment| match segment.strip_prefix(':') {
                    Some(name) => PathSegment::Param(name.into()),
                    None => PathSegment::Static(segment.into()),
                }),
        );
    }
}

/// A page of the app, which a route shows.
#[derive(Clone, Copy)]
pub enum Page {
    Home,
    Learning(LearningPage),
    Community(CommunityPage),
    Campaigns(CampaignsPage),
}

impl ChooseView for Page {
    async fn choose(self) -> AnyView {
        match self {
            Page::Home => home::HomePage().into_any(),
            Page::Learning(page) => learning_area(page).await,
            Page::Community(page) => community_area(page).await,
            Page::Campaigns(page) => campaigns_area(page).await,
        }
    }

    /// Fetches the page's part, and any lazy part it shows at once: the router waits on it before
    /// hydrating a page the server rendered, so the page's code is there when hydration reaches it.
    async fn preload(&self) {
        #[cfg(not(feature = "ssr"))]
        match self {
            Page::Home => {}
            Page::Learning(_) => __preload_learning_area().await,
            Page::Community(page) => {
                __preload_community_area().await;
                if let CommunityPage::Posts(_) = page {
                    feed::components::__preload_comments_view().await;
                }
            }
            Page::Campaigns(_) => __preload_campaigns_area().await,
        }
    }
}

/// A page of learning: paths, courses, the library or search.
#[derive(Clone, Copy)]
pub enum LearningPage {
    Paths(PathsPage),
    Courses(CoursesPage),
    Library(LibraryPage),
    Search(SearchPage),
}

#[cfg_attr(not(feature = "ssr"), lazy)]
async fn learning_area(page: LearningPage) -> AnyView {
    match page {
        LearningPage::Paths(page) => paths_area(page),
        LearningPage::Courses(page) => courses_area(page),
        LearningPage::Library(page) => library_area(page),
        LearningPage::Search(page) => search_area(page),
    }
}

/// A page of the community: groups, people, badges, live sessions, a post, notifications or the
/// account pages.
#[derive(Clone, Copy)]
pub enum CommunityPage {
    Account(AccountPage),
    Groups(GroupsPage),
    People(PeoplePage),
    Badges(BadgesPage),
    Sessions(SessionsPage),
    Posts(PostsPage),
    Notify(NotifyPage),
}

#[cfg_attr(not(feature = "ssr"), lazy)]
async fn community_area(page: CommunityPage) -> AnyView {
    match page {
        CommunityPage::Account(page) => account_area(page),
        CommunityPage::Groups(page) => groups_area(page),
        CommunityPage::People(page) => people_area(page),
        CommunityPage::Badges(page) => badges_area(page),
        CommunityPage::Sessions(page) => sessions_area(page),
        CommunityPage::Posts(page) => posts_area(page),
        CommunityPage::Notify(page) => notify_area(page),
    }
}

/// The pages of the account pages: signing in and accepting an invitation.
#[derive(Clone, Copy)]
pub enum AccountPage {
    SignIn,
    Invite,
}

fn account_area(page: AccountPage) -> AnyView {
    match page {
        AccountPage::SignIn => auth::views::SignInPage().into_any(),
        AccountPage::Invite => auth::views::InvitePage().into_any(),
    }
}

/// The pages of groups, a group with its moderation, the admins' moderation desk and what came of
/// your reports.
#[derive(Clone, Copy)]
pub enum GroupsPage {
    Groups,
    Group,
    AdminModeration,
    MyReports,
}

fn groups_area(page: GroupsPage) -> AnyView {
    match page {
        GroupsPage::Groups => groups::views::GroupsPage().into_any(),
        GroupsPage::Group => groups::views::GroupPage().into_any(),
        GroupsPage::AdminModeration => moderation::views::AdminModerationPage().into_any(),
        GroupsPage::MyReports => moderation::views::MyReportsPage().into_any(),
    }
}

/// The pages of the directory, profiles and managing people.
#[derive(Clone, Copy)]
pub enum PeoplePage {
    Directory,
    Person,
    EditProfile,
    Experts,
    Followers,
    Following,
    AdminPeople,
}

fn people_area(page: PeoplePage) -> AnyView {
    match page {
        PeoplePage::Directory => people::views::DirectoryPage().into_any(),
        PeoplePage::Person => people::views::PersonPage().into_any(),
        PeoplePage::EditProfile => people::views::EditProfilePage().into_any(),
        PeoplePage::Experts => people::views::ExpertsPage().into_any(),
        PeoplePage::Followers => people::views::FollowersPage().into_any(),
        PeoplePage::Following => people::views::FollowingPage().into_any(),
        PeoplePage::AdminPeople => people::views::AdminPeoplePage().into_any(),
    }
}

/// The pages of badges.
#[derive(Clone, Copy)]
pub enum BadgesPage {
    Badges,
    Badge,
}

fn badges_area(page: BadgesPage) -> AnyView {
    match page {
        BadgesPage::Badges => badges::views::BadgesPage().into_any(),
        BadgesPage::Badge => badges::views::BadgePage().into_any(),
    }
}

/// The pages of live sessions.
#[derive(Clone, Copy)]
pub enum SessionsPage {
    Live,
    Session,
}

fn sessions_area(page: SessionsPage) -> AnyView {
    match page {
        SessionsPage::Live => sessions::views::LivePage().into_any(),
        SessionsPage::Session => sessions::views::SessionPage().into_any(),
    }
}

/// A post's own page, where links in emails and notifications lead, with its comments open.
#[derive(Clone, Copy)]
pub enum PostsPage {
    Post,
}

fn posts_area(page: PostsPage) -> AnyView {
    match page {
        PostsPage::Post => feed::views::PostPage().into_any(),
    }
}

/// The pages of search.
#[derive(Clone, Copy)]
pub enum SearchPage {
    Search,
}

fn search_area(page: SearchPage) -> AnyView {
    match page {
        SearchPage::Search => search::views::SearchPage().into_any(),
    }
}

/// The pages of notifications and email: the list, email settings, unsubscribing and the outbox.
#[derive(Clone, Copy)]
pub enum NotifyPage {
    Notifications,
    EmailSettings,
    Unsubscribe,
    Outbox,
}

fn notify_area(page: NotifyPage) -> AnyView {
    match page {
        NotifyPage::Notifications => notify::views::NotificationsPage().into_any(),
        NotifyPage::EmailSettings => notify::views::EmailSettingsPage().into_any(),
        NotifyPage::Unsubscribe => notify::views::UnsubscribePage().into_any(),
        NotifyPage::Outbox => notify::views::OutboxPage().into_any(),
    }
}

/// The pages of onboarding campaigns, for admins.
#[derive(Clone, Copy)]
pub enum CampaignsPage {
    Campaigns,
    Campaign,
}

#[cfg_attr(not(feature = "ssr"), lazy)]
async fn campaigns_area(page: CampaignsPage) -> AnyView {
    match page {
        CampaignsPage::Campaigns => campaigns::views::CampaignsPage().into_any(),
        CampaignsPage::Campaign => campaigns::views::CampaignPage().into_any(),
    }
}

/// The pages of courses and their lessons.
#[derive(Clone, Copy)]
pub enum CoursesPage {
    Courses,
    Course,
    Lesson,
}

fn courses_area(page: CoursesPage) -> AnyView {
    match page {
        CoursesPage::Courses => courses::views::CoursesPage().into_any(),
        CoursesPage::Course => courses::views::CoursePage().into_any(),
        CoursesPage::Lesson => courses::views::LessonPage().into_any(),
    }
}

/// The pages of learning paths: my learning, building paths and progress.
#[derive(Clone, Copy)]
pub enum PathsPage {
    Learning,
    Paths,
    Path,
    Progress,
}

fn paths_area(page: PathsPage) -> AnyView {
    match page {
        PathsPage::Learning => paths::views::LearningPage().into_any(),
        PathsPage::Paths => paths::views::PathsPage().into_any(),
        PathsPage::Path => paths::views::PathPage().into_any(),
        PathsPage::Progress => paths::views::ProgressPage().into_any(),
    }
}

/// The pages of the library, its review desk and its items.
#[derive(Clone, Copy)]
pub enum LibraryPage {
    Library,
    Desk,
    NewItem,
    Item,
    EditItem,
}

fn library_area(page: LibraryPage) -> AnyView {
    match page {
        LibraryPage::Library => library::views::LibraryPage().into_any(),
        LibraryPage::Desk => library::views::DeskPage().into_any(),
        LibraryPage::NewItem => library::views::NewItemPage().into_any(),
        LibraryPage::Item => library::views::ItemPage().into_any(),
        LibraryPage::EditItem => library::views::EditItemPage().into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(pattern: &'static str, path: &str) -> Option<(String, Vec<(String, String)>)> {
        Pattern(pattern).test(path).map(|matched| {
            let rest = matched.remaining().to_string();
            let params = matched
                .params()
                .into_iter()
                .map(|(name, value)| (name.into_owned(), value))
                .collect();
            (rest, params)
        })
    }

    #[test]
    fn a_pattern_matches_its_segments_and_reads_its_parameters() {
        assert_eq!(test("/people", "/people"), Some((String::new(), vec![])));
        assert_eq!(test("/people", "/people/"), Some(("/".into(), vec![])));
        assert_eq!(
            test("/courses/:id/lessons/:lesson", "/courses/3/lessons/12"),
            Some((
                String::new(),
                vec![("id".into(), "3".into()), ("lesson".into(), "12".into())]
            ))
        );
        // What is left over is the router's to refuse: only a whole match shows a page.
        assert_eq!(test("/people", "/people/7"), Some(("/7".into(), vec![])));
        assert_eq!(test("/", "/groups"), Some(("/groups".into(), vec![])));
    }

    #[test]
    fn a_pattern_refuses_other_segments_and_empty_parameters() {
        assert_eq!(test("/people", "/peoples"), None);
        assert_eq!(test("/people/:id", "/people"), None);
        assert_eq!(test("/people/:id", "/people//edit"), None);
        assert_eq!(test("/library/desk", "/library/items"), None);
    }

    #[test]
    fn a_pattern_lists_its_segments_for_the_server() {
        let mut segments = Vec::new();
        Pattern("/people/:id/edit").generate_path(&mut segments);
        assert_eq!(
            segments,
            vec![
                PathSegment::Static("people".into()),
                PathSegment::Param("id".into()),
                PathSegment::Static("edit".into()),
            ]
        );
    }

    #[test]
    fn every_path_is_listed_once() {
        let mut paths: Vec<_> = PAGES.iter().map(|(path, _)| *path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), PAGES.len());
    }
}
