//! The badge pages.

mod badge_page;
mod badges_page;

pub use badge_page::BadgePage;
pub use badges_page::BadgesPage;
