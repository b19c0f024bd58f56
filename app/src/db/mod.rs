//! sea-orm entities: one module per table.

pub mod auth_failure;
pub mod comment;
pub mod event;
pub mod group;
pub mod group_member;
pub mod invite;
pub mod moderation_log;
pub mod post;
pub mod post_read;
pub mod reaction;
pub mod report;
pub mod session;
pub mod user;
pub mod user_tag;
