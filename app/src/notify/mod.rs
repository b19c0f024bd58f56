//! Notifications: the bell in the header and the page that lists what concerns me, each written in
//! the transaction of what caused it and kept live over the page's socket.

mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
