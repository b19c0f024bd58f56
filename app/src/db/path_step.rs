use crate::paths::types::StepKind;
use sea_orm::entity::prelude::*;

/// One step of a path; which of the optional columns it uses depends on its kind.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "path_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub path_id: i64,
    pub position: i32,
    pub kind: StepKind,
    pub required: bool,
    pub title: String,
    pub course_id: Option<i64>,
    pub library_item_id: Option<i64>,
    /// The group to introduce yourself in.
    pub group_id: Option<i64>,
    pub url: String,
    /// The live session to attend, for an attendance step.
    pub session_id: Option<i64>,
    /// For an attendance step without a named session: any session with this tag counts.
    pub session_tag: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
