//! The home page a person lands on after signing in.

mod home_page;
mod profile_checklist;

pub use home_page::HomePage;
