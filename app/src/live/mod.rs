//! Real time: events from the server reach every open page that may see them.

#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
