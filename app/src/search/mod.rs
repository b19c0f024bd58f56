//! Search across posts, the library and people, permission-aware, in-process with tantivy.

mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
