//! Live sessions with leaders: scheduled for the company, a group or a path's learners, with
//! answers (going, maybe, not going) and a waiting list when places run out, reminders, and
//! calendars to add them to. The stream itself comes from where the company already streams.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
