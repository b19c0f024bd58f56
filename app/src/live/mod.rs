//! Real time: events from the server reach every open page that may see them.

mod client;
#[cfg(target_family = "wasm")]
mod socket;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;

#[cfg(target_family = "wasm")]
pub use client::page_hydrated;
pub use client::{Live, enter_room, on_live};
