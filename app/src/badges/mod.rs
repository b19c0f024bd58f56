//! Badges: made by admins, awarded by hand with a note, shown on profiles, revocable with a reason.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
