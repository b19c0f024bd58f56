//! The parts of a feed: posts, their reactions and comments, and the composer.

mod comments;
mod composer;
mod post_card;
mod reaction_bar;

#[cfg(not(feature = "ssr"))]
pub use comments::__preload_comments_view;
pub use comments::{COMMENT_FORMS, comments_view};
pub use composer::{Audience, Composer};
#[cfg(feature = "ssr")]
pub use post_card::card;
pub use post_card::{CARD_FORMS, PostCard, REPORT_THANKS, ReportThanks};
pub use reaction_bar::ReactionBar;
