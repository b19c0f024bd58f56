//! Courses on the server: writing them, the expert review that publishes them, and learners'
//! progress through their lessons, with quizzes graded here.

mod authoring;
mod grading;
mod progress;
mod review;
mod taking;

pub use authoring::*;
pub use grading::{Key, grade};
pub use progress::*;
pub use review::*;
pub use taking::*;

use crate::{
    db::course,
    error::AppError,
    library::{ssr::review::is_expert, types::ItemStatus},
    policy::{self, Actor, InCategory, InItem},
};
use sea_orm::{ConnectionTrait, EntityTrait};

/// What the policy knows about a course: it follows the library's rules, in a category everyone
/// reads and nobody edits but the course's owner.
async fn place(
    db: &impl ConnectionTrait,
    actor: Actor,
    row: &course::Model,
) -> Result<InItem, AppError> {
    let expert = is_expert(db, actor.id, &row.topic).await?;
    Ok(InItem {
        category: InCategory {
            audience: true,
            editor: false,
        },
        status: row.status,
        owner: row.owner_id == actor.id,
        expert,
    })
}

/// A course the caller may see, with what the policy knows about it.
async fn visible(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<(course::Model, InItem), AppError> {
    let row = course::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let place = place(db, actor, &row).await?;
    policy::see_item(actor, place)?;
    Ok((row, place))
}

/// A course its owner (or an admin) may change: drafts only, so what an expert approved stays as
/// approved.
async fn draft(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<course::Model, AppError> {
    let (row, place) = visible(db, actor, id).await?;
    policy::keep_item(actor, place)?;
    if row.status != ItemStatus::Draft {
        return Err(AppError::Conflict(
            "Only drafts change. This course is past that.".into(),
        ));
    }
    Ok(row)
}
