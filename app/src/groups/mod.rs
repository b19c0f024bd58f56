//! Groups: open, closed and secret; owners, facilitators and members.

mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
