//! In the browser every page but Home is a lazy route, and the pages of one area share one split
//! point: an area's code is fetched the first time someone opens one of its pages. Home is where a
//! signed-in person's visit starts, so the feed comes with the shell in one file: split out, its
//! code needed some ninety chunks, which compressed a quarter worse than one file and cost a
//! request each. Splitting by area rather than by page keeps the chunks few and large enough to
//! compress well. (The server renders the pages themselves: see `route!` in `lib.rs`.) Each
//! area's function is written out on its own, not by a macro, because a split point is named
//! after where it stands in the source.

use crate::{
    auth, badges, campaigns, courses, feed, groups, library, moderation, notify, paths, people,
    search, sessions,
};
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A route whose view is one page of an area, fetched with the area's code. `preload` fetches the
/// area's chunks, and those of any lazy part the page shows at once: the router waits on it before
/// hydrating a page the server rendered, so the page's code is there when hydration reaches it.
macro_rules! area_route {
    ($route:ident, $area:ident, $preload:ident, $page:expr $(, $also:path)*) => {
        pub struct $route;
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }
            async fn view(_this: Self) -> AnyView {
                $area($page).await
            }
            async fn preload() {
                #[cfg(target_arch = "wasm32")]
                {
                    $preload().await;
                    $($also().await;)*
                }
            }
        }
    };
}

/// The pages of the account pages: signing in and accepting an invitation.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum AccountPage {
    SignIn,
    Invite,
}

#[lazy]
fn account_area(page: AccountPage) -> AnyView {
    match page {
        AccountPage::SignIn => auth::views::SignInPage().into_any(),
        AccountPage::Invite => auth::views::InvitePage().into_any(),
    }
}
area_route!(
    SignIn,
    account_area,
    __preload_account_area,
    AccountPage::SignIn
);
area_route!(
    Invite,
    account_area,
    __preload_account_area,
    AccountPage::Invite
);

/// The pages of groups, a group with its moderation, the admins' moderation desk and what came of
/// your reports.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum GroupsPage {
    Groups,
    Group,
    AdminModeration,
    MyReports,
}

#[lazy]
fn groups_area(page: GroupsPage) -> AnyView {
    match page {
        GroupsPage::Groups => groups::views::GroupsPage().into_any(),
        GroupsPage::Group => groups::views::GroupPage().into_any(),
        GroupsPage::AdminModeration => moderation::views::AdminModerationPage().into_any(),
        GroupsPage::MyReports => moderation::views::MyReportsPage().into_any(),
    }
}
area_route!(
    Groups,
    groups_area,
    __preload_groups_area,
    GroupsPage::Groups
);
area_route!(Group, groups_area, __preload_groups_area, GroupsPage::Group);
area_route!(
    AdminModeration,
    groups_area,
    __preload_groups_area,
    GroupsPage::AdminModeration
);
area_route!(
    MyReports,
    groups_area,
    __preload_groups_area,
    GroupsPage::MyReports
);

/// The pages of the directory, profiles and managing people.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum PeoplePage {
    Directory,
    Person,
    EditProfile,
    Experts,
    Followers,
    Following,
    AdminPeople,
}

#[lazy]
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
area_route!(
    Directory,
    people_area,
    __preload_people_area,
    PeoplePage::Directory
);
area_route!(
    Person,
    people_area,
    __preload_people_area,
    PeoplePage::Person
);
area_route!(
    EditProfile,
    people_area,
    __preload_people_area,
    PeoplePage::EditProfile
);
area_route!(
    Experts,
    people_area,
    __preload_people_area,
    PeoplePage::Experts
);
area_route!(
    Followers,
    people_area,
    __preload_people_area,
    PeoplePage::Followers
);
area_route!(
    Following,
    people_area,
    __preload_people_area,
    PeoplePage::Following
);
area_route!(
    AdminPeople,
    people_area,
    __preload_people_area,
    PeoplePage::AdminPeople
);

/// The pages of badges.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum BadgesPage {
    Badges,
    Badge,
}

#[lazy]
fn badges_area(page: BadgesPage) -> AnyView {
    match page {
        BadgesPage::Badges => badges::views::BadgesPage().into_any(),
        BadgesPage::Badge => badges::views::BadgePage().into_any(),
    }
}
area_route!(
    Badges,
    badges_area,
    __preload_badges_area,
    BadgesPage::Badges
);
area_route!(Badge, badges_area, __preload_badges_area, BadgesPage::Badge);

/// The pages of live sessions.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum SessionsPage {
    Live,
    Session,
}

#[lazy]
fn sessions_area(page: SessionsPage) -> AnyView {
    match page {
        SessionsPage::Live => sessions::views::LivePage().into_any(),
        SessionsPage::Session => sessions::views::SessionPage().into_any(),
    }
}
area_route!(
    Live,
    sessions_area,
    __preload_sessions_area,
    SessionsPage::Live
);
area_route!(
    LiveSession,
    sessions_area,
    __preload_sessions_area,
    SessionsPage::Session
);

/// A post's own page, where links in emails and notifications lead, with its comments open.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum PostsPage {
    Post,
}

#[lazy]
fn posts_area(page: PostsPage) -> AnyView {
    match page {
        PostsPage::Post => feed::views::PostPage().into_any(),
    }
}
area_route!(
    Post,
    posts_area,
    __preload_posts_area,
    PostsPage::Post,
    feed::components::__preload_comments_view
);

/// The pages of search.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum SearchPage {
    Search,
}

#[lazy]
fn search_area(page: SearchPage) -> AnyView {
    match page {
        SearchPage::Search => search::views::SearchPage().into_any(),
    }
}
area_route!(
    Search,
    search_area,
    __preload_search_area,
    SearchPage::Search
);

/// The pages of notifications and email: the list, email settings, unsubscribing and the outbox.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum NotifyPage {
    Notifications,
    EmailSettings,
    Unsubscribe,
    Outbox,
}

#[lazy]
fn notify_area(page: NotifyPage) -> AnyView {
    match page {
        NotifyPage::Notifications => notify::views::NotificationsPage().into_any(),
        NotifyPage::EmailSettings => notify::views::EmailSettingsPage().into_any(),
        NotifyPage::Unsubscribe => notify::views::UnsubscribePage().into_any(),
        NotifyPage::Outbox => notify::views::OutboxPage().into_any(),
    }
}
area_route!(
    Notifications,
    notify_area,
    __preload_notify_area,
    NotifyPage::Notifications
);
area_route!(
    EmailSettings,
    notify_area,
    __preload_notify_area,
    NotifyPage::EmailSettings
);
area_route!(
    Unsubscribe,
    notify_area,
    __preload_notify_area,
    NotifyPage::Unsubscribe
);
area_route!(
    Outbox,
    notify_area,
    __preload_notify_area,
    NotifyPage::Outbox
);

/// The pages of onboarding campaigns, for admins.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum CampaignsPage {
    Campaigns,
    Campaign,
}

#[lazy]
fn campaigns_area(page: CampaignsPage) -> AnyView {
    match page {
        CampaignsPage::Campaigns => campaigns::views::CampaignsPage().into_any(),
        CampaignsPage::Campaign => campaigns::views::CampaignPage().into_any(),
    }
}
area_route!(
    Campaigns,
    campaigns_area,
    __preload_campaigns_area,
    CampaignsPage::Campaigns
);
area_route!(
    Campaign,
    campaigns_area,
    __preload_campaigns_area,
    CampaignsPage::Campaign
);

/// The pages of courses and their lessons.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum CoursesPage {
    Courses,
    Course,
    Lesson,
}

#[lazy]
fn courses_area(page: CoursesPage) -> AnyView {
    match page {
        CoursesPage::Courses => courses::views::CoursesPage().into_any(),
        CoursesPage::Course => courses::views::CoursePage().into_any(),
        CoursesPage::Lesson => courses::views::LessonPage().into_any(),
    }
}
area_route!(
    Courses,
    courses_area,
    __preload_courses_area,
    CoursesPage::Courses
);
area_route!(
    Course,
    courses_area,
    __preload_courses_area,
    CoursesPage::Course
);
area_route!(
    Lesson,
    courses_area,
    __preload_courses_area,
    CoursesPage::Lesson
);

/// The pages of learning paths: my learning, building paths and progress.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum PathsPage {
    Learning,
    Paths,
    Path,
    Progress,
}

#[lazy]
fn paths_area(page: PathsPage) -> AnyView {
    match page {
        PathsPage::Learning => paths::views::LearningPage().into_any(),
        PathsPage::Paths => paths::views::PathsPage().into_any(),
        PathsPage::Path => paths::views::PathPage().into_any(),
        PathsPage::Progress => paths::views::ProgressPage().into_any(),
    }
}
area_route!(
    Learning,
    paths_area,
    __preload_paths_area,
    PathsPage::Learning
);
area_route!(Paths, paths_area, __preload_paths_area, PathsPage::Paths);
area_route!(Path, paths_area, __preload_paths_area, PathsPage::Path);
area_route!(
    Progress,
    paths_area,
    __preload_paths_area,
    PathsPage::Progress
);

/// The pages of the library, its review desk and its items.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum LibraryPage {
    Library,
    Desk,
    NewItem,
    Item,
    EditItem,
}

#[lazy]
fn library_area(page: LibraryPage) -> AnyView {
    match page {
        LibraryPage::Library => library::views::LibraryPage().into_any(),
        LibraryPage::Desk => library::views::DeskPage().into_any(),
        LibraryPage::NewItem => library::views::NewItemPage().into_any(),
        LibraryPage::Item => library::views::ItemPage().into_any(),
        LibraryPage::EditItem => library::views::EditItemPage().into_any(),
    }
}
area_route!(
    Library,
    library_area,
    __preload_library_area,
    LibraryPage::Library
);
area_route!(
    Desk,
    library_area,
    __preload_library_area,
    LibraryPage::Desk
);
area_route!(
    NewItem,
    library_area,
    __preload_library_area,
    LibraryPage::NewItem
);
area_route!(
    Item,
    library_area,
    __preload_library_area,
    LibraryPage::Item
);
area_route!(
    EditItem,
    library_area,
    __preload_library_area,
    LibraryPage::EditItem
);
