//! Groups: open, closed and secret; owners, facilitators and members.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
