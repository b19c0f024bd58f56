//! The pieces the paths' pages share.

mod path_manager;
mod progress_chart;
mod progress_meter;
mod standing_tag;
mod step_row;

pub use path_manager::PathManager;
pub use progress_chart::ProgressChart;
pub use progress_meter::ProgressMeter;
pub use standing_tag::StandingTag;
pub use step_row::StepRow;
