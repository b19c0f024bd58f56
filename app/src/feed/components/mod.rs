//! The parts of a feed: posts, their reactions and comments, and the composer.

mod comments;
mod composer;
mod post_card;
mod reaction_bar;
mod reason_form;

pub use comments::Comments;
pub use composer::{Audience, Composer};
pub use post_card::PostCard;
pub use reaction_bar::ReactionBar;
pub use reason_form::ReasonForm;
