//! The learning paths' pages.

mod learning_page;
mod path_page;
mod paths_page;
mod progress_page;

pub use learning_page::LearningPage;
pub use path_page::PathPage;
pub use paths_page::PathsPage;
pub use progress_page::ProgressPage;
