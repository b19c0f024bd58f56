mod email_settings_page;
mod notifications_page;
mod outbox_page;
mod unsubscribe_page;

pub use email_settings_page::EmailSettingsPage;
pub use notifications_page::NotificationsPage;
pub use outbox_page::OutboxPage;
pub use unsubscribe_page::UnsubscribePage;
