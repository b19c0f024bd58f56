//! Badges: made by admins, awarded by hand with a note or by completing a path, shown on profiles,
//! revocable with a reason, and downloadable as signed Open Badges 3.0 credentials.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod credential;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
