//! Feeds: the company feed, group feeds and the home feed that merges them; posts, questions,
//! announcements, comments and reactions.

pub mod api;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
