//! The knowledge library: categories, items vetted by subject-matter experts, versions and feedback.

mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
