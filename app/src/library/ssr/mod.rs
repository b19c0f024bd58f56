//! The library on the server: who reaches which categories and items, and the cards lists show.

mod categories;
mod desk;
mod feedback;
mod item_page;
mod item_review;
mod items;
mod media;
pub mod review;
mod versions;

pub use categories::*;
pub use desk::*;
pub use feedback::*;
pub use item_page::*;
pub use item_review::*;
pub use items::*;
pub use media::*;
pub use versions::*;

use crate::{
    clock,
    db::{
        group_member, library_category, library_category_audience, library_category_editor,
        library_item, user,
    },
    error::AppError,
    groups::types::MemberStatus,
    library::types::*,
    moderation::ssr::{people_by_id, person_or_former},
    policy::{Actor, InCategory, InItem},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};

/// What one person reaches in the library, read once per request. Categories are few (tens or
/// hundreds), so all of them are read and decided here rather than joined into every query.
pub struct Access {
    pub actor: Actor,
    pub categories: HashMap<i64, library_category::Model>,
    /// Categories whose own audience includes the person.
    audience: HashSet<i64>,
    /// Categories the person edits.
    editing: HashSet<i64>,
    /// Topics the person is an expert in.
    pub topics: HashSet<String>,
}

impl Access {
    /// The categories the person may start items in, by name.
    pub fn authoring(&self) -> Vec<(i64, String)> {
        let mut found: Vec<(i64, String)> = self
            .categories
            .values()
            .filter(|row| {
                self.category(row.id)
                    .is_some_and(|place| crate::policy::author_in(self.actor, place).is_ok())
            })
            .map(|row| (row.id, row.name.clone()))
            .collect();
        found.sort_by_key(|(_, name)| name.to_lowercase());
        found
    }

    pub async fn load(db: &impl ConnectionTrait, actor: Actor) -> Result<Access, AppError> {
        let categories: HashMap<i64, library_category::Model> = library_category::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|category| (category.id, category))
            .collect();
        let department = user::Entity::find_by_id(actor.id)
            .select_only()
            .column(user::Column::Department)
            .into_tuple::<String>()
            .one(db)
            .await?
            .unwrap_or_default()
            .to_lowercase();
        let groups: HashSet<i64> = group_member::Entity::find()
            .select_only()
            .column(group_member::Column::GroupId)
            .filter(group_member::Column::UserId.eq(actor.id))
            .filter(group_member::Column::Status.eq(MemberStatus::Active))
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let mut audience: HashSet<i64> = categories
            .values()
            .filter(|category| category.everyone)
            .map(|category| category.id)
            .collect();
        for row in library_category_audience::Entity::find().all(db).await? {
            let by_group = row.group_id.is_some_and(|group| groups.contains(&group));
            let by_department = !department.is_empty()
                && row
                    .department
                    .is_some_and(|name| name.to_lowercase() == department);
            if by_group || by_department {
                audience.insert(row.category_id);
            }
        }
        let editing = library_category_editor::Entity::find()
            .select_only()
            .column(library_category_editor::Column::CategoryId)
            .filter(library_category_editor::Column::UserId.eq(actor.id))
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let topics = review::expert_topics(db, actor.id).await?;
        Ok(Access {
            actor,
            categories,
            audience,
            editing,
            topics,
        })
    }

    /// What the policy needs to know about a category; None when there is no such category.
    pub fn category(&self, id: i64) -> Option<InCategory> {
        let parent = self.categories.get(&id)?.parent_id;
        let reaches =
            |set: &HashSet<i64>| set.contains(&id) || parent.is_some_and(|p| set.contains(&p));
        let reads =
            |set: &HashSet<i64>| set.contains(&id) && parent.is_none_or(|p| set.contains(&p));
        Some(InCategory {
            audience: reads(&self.audience),
            // Editors of a category also edit its subcategories.
            editor: reaches(&self.editing),
        })
    }

    /// What the policy needs to know about an item.
    pub fn item(&self, item: &library_item::Model) -> InItem {
        InItem {
            category: self.category(item.category_id).unwrap_or(InCategory {
                audience: false,
                editor: false,
            }),
            status: item.status,
            owner: item.owner_id == self.actor.id,
            expert: self.topics.contains(&item.topic),
        }
    }

    /// Categories the person may open.
    pub fn visible_categories(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .categories
            .keys()
            .copied()
            .filter(|id| {
                self.category(*id).is_some_and(|category| {
                    crate::policy::see_category(self.actor, category).is_ok()
                })
            })
            .collect();
        ids.sort_unstable();
        ids
    }
}

/// Published items whose review-by date has passed, or that changed after an expert last looked.
pub fn needs_review(item: &library_item::Model, today: NaiveDate) -> bool {
    item.status == ItemStatus::Published
        && (item.review_by.is_some_and(|date| date <= today)
            || item.reviewed_version != Some(item.version))
}

/// Cards for items, naming their categories and owners.
pub async fn cards(
    db: &impl ConnectionTrait,
    access: &Access,
    items: Vec<library_item::Model>,
) -> Result<Vec<ItemCard>, AppError> {
    let people = people_by_id(db, items.iter().map(|item| item.owner_id).collect()).await?;
    let today = Utc::now().date_naive();
    Ok(items
        .into_iter()
        .map(|item| ItemCard {
            id: item.id,
            kind: item.kind,
            status: item.status,
            needs_review: needs_review(&item, today),
            category: (
                item.category_id,
                access
                    .categories
                    .get(&item.category_id)
                    .map(|category| category.name.clone())
                    .unwrap_or_default(),
            ),
            owner: person_or_former(&people, item.owner_id),
            review_by: item.review_by.map(|date| date.to_string()),
            updated_label: clock::label(item.updated_at),
            title: item.title,
            summary: item.summary,
            topic: item.topic,
        })
        .collect())
}
