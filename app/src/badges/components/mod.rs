//! Small pieces that show badges.

mod badge_picture;
mod earned_badges;

pub use badge_picture::BadgePicture;
pub use earned_badges::EarnedBadges;
