//! sea-orm entities: one module per table.

pub mod auth_failure;
pub mod invite;
pub mod session;
pub mod user;
pub mod user_tag;
