//! Signing in and out, and accepting an invitation.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

pub use api::*;
