//! The library's pages.

mod desk_page;
mod item_card;
mod item_editor;
mod item_page;
mod library_page;
mod upload_form;

pub use desk_page::DeskPage;
pub use item_card::ItemCards;
pub use item_editor::{EditItemPage, NewItemPage};
pub use item_page::ItemPage;
pub use library_page::LibraryPage;
pub use upload_form::UploadForm;
