//! Learning paths: ordered steps (courses, library items, social steps, links) assigned to people,
//! groups or rules, with progress computed from what people have actually done.

mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
