//! The home page a person lands on after signing in.

mod home_page;
#[cfg(feature = "ssr")]
mod side;

pub use home_page::HomePage;
#[cfg(feature = "ssr")]
pub use side::{composer, side};
