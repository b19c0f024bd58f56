//! People: the directory, profiles, invitations and account administration.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod csv_import;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
pub mod views;

pub use api::*;
