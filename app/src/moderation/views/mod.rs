//! Moderation pages and panels.

mod admin_moderation_page;
mod log_list;
mod moderation_panel;
mod my_reports_page;
mod queue_panel;
mod settings_form;

pub use admin_moderation_page::AdminModerationPage;
pub use log_list::LogList;
pub use moderation_panel::ModerationPanel;
pub use my_reports_page::MyReportsPage;
pub use queue_panel::QueuePanel;
pub use settings_form::SettingsForm;
