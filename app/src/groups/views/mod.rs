//! Group pages.

mod group_page;
mod groups_page;
mod members_panel;

pub use group_page::GroupPage;
pub use groups_page::GroupsPage;
pub use members_panel::MembersPanel;
