//! The people pages.

mod account_admin;
mod admin_people_page;
mod directory_page;
mod edit_profile_page;
mod experts_page;
mod follows_page;
mod import_form;
mod invite_form;
mod person_page;

pub use admin_people_page::AdminPeoplePage;
pub use directory_page::DirectoryPage;
pub use edit_profile_page::EditProfilePage;
pub use experts_page::ExpertsPage;
pub use follows_page::{FollowersPage, FollowingPage};
pub use person_page::PersonPage;
