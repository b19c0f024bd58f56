//! The Live pages: the list of sessions and a session's own page.

mod live_page;
mod room;
mod session_card;
mod session_fields;
mod session_page;

pub use live_page::LivePage;
pub use session_page::SessionPage;
