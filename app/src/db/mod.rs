//! sea-orm entities: one module per table.

pub mod auth_failure;
pub mod comment;
pub mod event;
pub mod group;
pub mod group_member;
pub mod invite;
pub mod library_category;
pub mod library_category_audience;
pub mod library_category_editor;
pub mod library_feedback;
pub mod library_item;
pub mod library_item_version;
pub mod library_review;
pub mod media;
pub mod moderation_log;
pub mod post;
pub mod post_read;
pub mod reaction;
pub mod report;
pub mod session;
pub mod user;
pub mod user_tag;
