//! Onboarding campaigns: L&D writes a series of emails ("day 0: welcome, day 3: your first
//! question"), each sent so many days after a person's start date to the people its rules choose,
//! with a preview, a test send to oneself, a pause and a report of who followed each email's link.

mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod views;

pub use api::*;
