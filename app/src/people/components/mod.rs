//! Small pieces that show people.

mod avatar;
mod person_card;
mod tag_list;

pub use avatar::Avatar;
pub use person_card::PersonCard;
pub use tag_list::TagList;
