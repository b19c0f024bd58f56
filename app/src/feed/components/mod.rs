//! The parts of a feed: posts, their reactions and comments, and the composer.

mod comments;
mod composer;
mod post_card;
mod reaction_bar;

pub use comments::{COMMENT_FORMS, Comments};
pub use composer::{Audience, Composer};
pub use post_card::{CARD_FORMS, PostCard};
pub use reaction_bar::ReactionBar;
