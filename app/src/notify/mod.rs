//! Notifications and email: the bell in the header and the page that lists what concerns me, each
//! written in the transaction of what caused it and kept live over the page's socket; the emails
//! they send, invitations, the email settings and the outbox.

mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod digest;
#[cfg(feature = "ssr")]
pub mod letters;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
