//! Small pieces that show people.

mod avatar;
mod follow_button;
mod people_like_you;
mod person_card;
mod tag_list;

pub use avatar::Avatar;
pub use follow_button::FollowButton;
pub use people_like_you::PeopleLikeYou;
pub use person_card::PersonCard;
pub use tag_list::TagList;
