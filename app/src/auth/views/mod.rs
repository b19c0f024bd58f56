//! The sign-in and invitation pages.

mod invite_page;
mod sign_in_page;

pub use invite_page::InvitePage;
pub use sign_in_page::SignInPage;
