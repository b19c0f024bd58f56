use crate::people::types::{AccountStatus, Role};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Stored lower-cased, so lookups are exact.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub title: String,
    pub department: String,
    pub location: String,
    pub start_date: Option<Date>,
    pub manager_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub bio: String,
    /// Server-made file name of the avatar image, if one was uploaded.
    pub avatar: Option<String>,
    pub role: Role,
    pub status: AccountStatus,
    /// argon2id PHC string; empty until the invitation is accepted.
    pub password_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Name, email, title and department, lower-cased here rather than by the database (SQLite's
    /// lower() only folds ASCII), so search ignores case alike on both databases.
    #[sea_orm(column_type = "Text")]
    pub search: String,
    /// The IANA time zone the person's browser named when they last signed in; empty for UTC.
    pub time_zone: String,
}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        let parts = [&self.name, &self.email, &self.title, &self.department];
        if parts.iter().any(|part| part.is_set()) {
            let text = parts
                .iter()
                .map(|part| part.try_as_ref().map(String::as_str).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(" ");
            self.search = sea_orm::ActiveValue::Set(text.to_lowercase());
        }
        Ok(self)
    }
}
