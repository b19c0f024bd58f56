//! In the browser every page is a lazy route: its code is split out of the main bundle and fetched
//! the first time someone goes there, so the first visit carries only the shell and the page it
//! shows. (The server renders the pages themselves: see `route!` in `lib.rs`.) Each route is
//! written out on its own, not by a macro, because a split point is named after where it stands in
//! the source.

use crate::{auth, courses, feed, groups, home, library, moderation, paths, people, search};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// `/`
pub struct Home;
#[lazy_route]
impl LazyRoute for Home {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        home::HomePage().into_any()
    }
}

/// `/sign-in`
pub struct SignIn;
#[lazy_route]
impl LazyRoute for SignIn {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        auth::views::SignInPage().into_any()
    }
}

/// `/invite/:token`
pub struct Invite;
#[lazy_route]
impl LazyRoute for Invite {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        auth::views::InvitePage().into_any()
    }
}

/// `/people`
pub struct Directory;
#[lazy_route]
impl LazyRoute for Directory {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        people::views::DirectoryPage().into_any()
    }
}

/// `/people/:id`
pub struct Person;
#[lazy_route]
impl LazyRoute for Person {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        people::views::PersonPage().into_any()
    }
}

/// `/people/:id/edit`
pub struct EditProfile;
#[lazy_route]
impl LazyRoute for EditProfile {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        people::views::EditProfilePage().into_any()
    }
}

/// `/admin/people`
pub struct AdminPeople;
#[lazy_route]
impl LazyRoute for AdminPeople {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        people::views::AdminPeoplePage().into_any()
    }
}

/// `/admin/moderation`
pub struct AdminModeration;
#[lazy_route]
impl LazyRoute for AdminModeration {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        moderation::views::AdminModerationPage().into_any()
    }
}

/// `/groups`
pub struct Groups;
#[lazy_route]
impl LazyRoute for Groups {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        groups::views::GroupsPage().into_any()
    }
}

/// `/groups/:id`
pub struct Group;
#[lazy_route]
impl LazyRoute for Group {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        groups::views::GroupPage().into_any()
    }
}

/// `/posts/:id`
pub struct Post;
#[lazy_route]
impl LazyRoute for Post {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        feed::views::PostPage().into_any()
    }
}

/// `/reports`
pub struct MyReports;
#[lazy_route]
impl LazyRoute for MyReports {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        moderation::views::MyReportsPage().into_any()
    }
}

/// `/search`
pub struct Search;
#[lazy_route]
impl LazyRoute for Search {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        search::views::SearchPage().into_any()
    }
}

/// `/courses`
pub struct Courses;
#[lazy_route]
impl LazyRoute for Courses {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        courses::views::CoursesPage().into_any()
    }
}

/// `/courses/:id`
pub struct Course;
#[lazy_route]
impl LazyRoute for Course {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        courses::views::CoursePage().into_any()
    }
}

/// `/courses/:id/lessons/:lesson`
pub struct Lesson;
#[lazy_route]
impl LazyRoute for Lesson {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        courses::views::LessonPage().into_any()
    }
}

/// `/learning`
pub struct Learning;
#[lazy_route]
impl LazyRoute for Learning {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        paths::views::LearningPage().into_any()
    }
}

/// `/paths`
pub struct Paths;
#[lazy_route]
impl LazyRoute for Paths {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        paths::views::PathsPage().into_any()
    }
}

/// `/paths/:id`
pub struct Path;
#[lazy_route]
impl LazyRoute for Path {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        paths::views::PathPage().into_any()
    }
}

/// `/paths/:id/progress`
pub struct Progress;
#[lazy_route]
impl LazyRoute for Progress {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        paths::views::ProgressPage().into_any()
    }
}

/// `/library`
pub struct Library;
#[lazy_route]
impl LazyRoute for Library {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        library::views::LibraryPage().into_any()
    }
}

/// `/library/desk`
pub struct Desk;
#[lazy_route]
impl LazyRoute for Desk {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        library::views::DeskPage().into_any()
    }
}

/// `/library/new`
pub struct NewItem;
#[lazy_route]
impl LazyRoute for NewItem {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        library::views::NewItemPage().into_any()
    }
}

/// `/library/items/:id`
pub struct Item;
#[lazy_route]
impl LazyRoute for Item {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        library::views::ItemPage().into_any()
    }
}

/// `/library/items/:id/edit`
pub struct EditItem;
#[lazy_route]
impl LazyRoute for EditItem {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        library::views::EditItemPage().into_any()
    }
}
