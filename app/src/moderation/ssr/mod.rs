//! Moderation on the server: the log, decisions on posts and comments, reports and the queue.

mod actions;
mod log;
mod reports;

pub use actions::*;
pub use log::*;
pub use reports::*;
