//! In the browser every page but Home is a lazy route, and the pages of a part of the product
//! share one split point: that part's code is fetched the first time someone opens one of its
//! pages. There are three: learning (paths, courses, the library and search), the community
//! (groups and moderation, people, badges, live sessions, a post's own page, notifications and
//! the account pages) and onboarding campaigns, for admins. People move between the areas of a
//! part, and the code the areas share (forms, lists, the types they read) comes with the first
//! of them rather than in a chunk for each set of areas that shares a piece: with a split point
//! per area, the first area opened after Home took some 150 requests. Home is where a signed-in
//! person's visit starts, so the feed comes with the shell in one file. (The server renders the
//! pages themselves: see `route!` in `lib.rs`.) Each part's function is written out on its own,
//! not by a macro, because a split point is named after where it stands in the source.

use crate::{
    auth, badges, campaigns, courses, feed, groups, library, moderation, notify, paths, people,
    search, sessions,
};
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A route whose view is one page, fetched with its part's code. `preload` fetches the part's
/// chunks, and those of any lazy part the page shows at once: the router waits on it before
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

/// A page of learning: paths, courses, the library or search.
#[derive(Clone, Copy)]
pub enum LearningPage {
    Paths(PathsPage),
    Courses(CoursesPage),
    Library(LibraryPage),
    Search(SearchPage),
}

#[lazy]
fn learning_area(page: LearningPage) -> AnyView {
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

#[lazy]
fn community_area(page: CommunityPage) -> AnyView {
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
#[repr(u8)]
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
area_route!(
    SignIn,
    community_area,
    __preload_community_area,
    CommunityPage::Account(AccountPage::SignIn)
);
area_route!(
    Invite,
    community_area,
    __preload_community_area,
    CommunityPage::Account(AccountPage::Invite)
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
    community_area,
    __preload_community_area,
    CommunityPage::Groups(GroupsPage::Groups)
);
area_route!(
    Group,
    community_area,
    __preload_community_area,
    CommunityPage::Groups(GroupsPage::Group)
);
area_route!(
    AdminModeration,
    community_area,
    __preload_community_area,
    CommunityPage::Groups(GroupsPage::AdminModeration)
);
area_route!(
    MyReports,
    community_area,
    __preload_community_area,
    CommunityPage::Groups(GroupsPage::MyReports)
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
    community_area,
    __preload_community_area,
    CommunityPage::People(PeoplePage::Directory)
);
area_route!(
    Person,
    community_area,
    __preload_community_area,
    CommunityPage::People(PeoplePage::Person)
);
area_route!(
    EditProfile,
    community_area,
    __preload_community_area,
    CommunityPage::People(PeoplePage::EditProfile)
);
area_route!(
    Experts,
    community_area,
    __preload_community_area,
    CommunityPage::People(PeoplePage::Experts)
);
area_route!(
    Followers,
    community_area,
    __preload_community_area,
    CommunityPage::People(PeoplePage::Followers)
);
area_route!(
    Following,
    community_area,
    __preload_community_area,
    CommunityPage::People(PeoplePage::Following)
);
area_route!(
    AdminPeople,
    community_area,
    __preload_community_area,
    CommunityPage::People(PeoplePage::AdminPeople)
);

/// The pages of badges.
#[derive(Clone, Copy)]
#[repr(u8)]
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
area_route!(
    Badges,
    community_area,
    __preload_community_area,
    CommunityPage::Badges(BadgesPage::Badges)
);
area_route!(
    Badge,
    community_area,
    __preload_community_area,
    CommunityPage::Badges(BadgesPage::Badge)
);

/// The pages of live sessions.
#[derive(Clone, Copy)]
#[repr(u8)]
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
area_route!(
    Live,
    community_area,
    __preload_community_area,
    CommunityPage::Sessions(SessionsPage::Live)
);
area_route!(
    LiveSession,
    community_area,
    __preload_community_area,
    CommunityPage::Sessions(SessionsPage::Session)
);

/// A post's own page, where links in emails and notifications lead, with its comments open.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum PostsPage {
    Post,
}

fn posts_area(page: PostsPage) -> AnyView {
    match page {
        PostsPage::Post => feed::views::PostPage().into_any(),
    }
}
area_route!(
    Post,
    community_area,
    __preload_community_area,
    CommunityPage::Posts(PostsPage::Post),
    feed::components::__preload_comments_view
);

/// The pages of search.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum SearchPage {
    Search,
}

fn search_area(page: SearchPage) -> AnyView {
    match page {
        SearchPage::Search => search::views::SearchPage().into_any(),
    }
}
area_route!(
    Search,
    learning_area,
    __preload_learning_area,
    LearningPage::Search(SearchPage::Search)
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
    community_area,
    __preload_community_area,
    CommunityPage::Notify(NotifyPage::Notifications)
);
area_route!(
    EmailSettings,
    community_area,
    __preload_community_area,
    CommunityPage::Notify(NotifyPage::EmailSettings)
);
area_route!(
    Unsubscribe,
    community_area,
    __preload_community_area,
    CommunityPage::Notify(NotifyPage::Unsubscribe)
);
area_route!(
    Outbox,
    community_area,
    __preload_community_area,
    CommunityPage::Notify(NotifyPage::Outbox)
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

fn courses_area(page: CoursesPage) -> AnyView {
    match page {
        CoursesPage::Courses => courses::views::CoursesPage().into_any(),
        CoursesPage::Course => courses::views::CoursePage().into_any(),
        CoursesPage::Lesson => courses::views::LessonPage().into_any(),
    }
}
area_route!(
    Courses,
    learning_area,
    __preload_learning_area,
    LearningPage::Courses(CoursesPage::Courses)
);
area_route!(
    Course,
    learning_area,
    __preload_learning_area,
    LearningPage::Courses(CoursesPage::Course)
);
area_route!(
    Lesson,
    learning_area,
    __preload_learning_area,
    LearningPage::Courses(CoursesPage::Lesson)
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
    learning_area,
    __preload_learning_area,
    LearningPage::Paths(PathsPage::Learning)
);
area_route!(
    Paths,
    learning_area,
    __preload_learning_area,
    LearningPage::Paths(PathsPage::Paths)
);
area_route!(
    Path,
    learning_area,
    __preload_learning_area,
    LearningPage::Paths(PathsPage::Path)
);
area_route!(
    Progress,
    learning_area,
    __preload_learning_area,
    LearningPage::Paths(PathsPage::Progress)
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
    learning_area,
    __preload_learning_area,
    LearningPage::Library(LibraryPage::Library)
);
area_route!(
    Desk,
    learning_area,
    __preload_learning_area,
    LearningPage::Library(LibraryPage::Desk)
);
area_route!(
    NewItem,
    learning_area,
    __preload_learning_area,
    LearningPage::Library(LibraryPage::NewItem)
);
area_route!(
    Item,
    learning_area,
    __preload_learning_area,
    LearningPage::Library(LibraryPage::Item)
);
area_route!(
    EditItem,
    learning_area,
    __preload_learning_area,
    LearningPage::Library(LibraryPage::EditItem)
);
