//! Feed pages and the feed list shared by the home and group pages.

mod feed_list;
mod post_page;
#[cfg(target_family = "wasm")]
mod scroll;

pub use feed_list::FeedList;
pub use post_page::PostPage;
