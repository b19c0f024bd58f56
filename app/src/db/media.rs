use sea_orm::entity::prelude::*;

/// A stored upload: the object's key in the media store and what was checked about it.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Server-made; never derived from the uploaded name.
    #[sea_orm(unique)]
    pub key: String,
    /// Decided from the content, not from the name.
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    /// The uploaded file's name, cleaned, offered when it is downloaded.
    pub name: String,
    pub uploaded_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
