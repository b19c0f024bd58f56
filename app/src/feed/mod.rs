//! Feeds: the company feed, group feeds and the home feed that merges them; posts, questions,
//! announcements, comments and reactions.

mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
