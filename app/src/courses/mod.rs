//! Micro-learning courses: short lessons and quizzes graded on the server, vetted by experts.

mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
