//! Small pieces that show people.

mod avatar;
mod follow_button;
mod person_card;
mod tag_list;

pub use avatar::Avatar;
pub use follow_button::FollowButton;
pub use person_card::PersonCard;
pub use tag_list::TagList;
