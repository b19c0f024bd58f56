//! Moderation: reports, the queue with claims, decisions on posts, comments and members, and the log.

mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
