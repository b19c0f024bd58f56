//! Library categories: the shelf people browse, and how admins arrange it.

use super::{Access, cards};
use crate::{
    db::{
        group, library_category, library_category_audience, library_category_editor, library_item,
        user,
    },
    error::AppError,
    feed::types::GroupRef,
    library::types::*,
    moderation::ssr::{group_refs, people_by_id, person_or_former},
    people::{types::AccountStatus, validate},
    policy::{self, Actor},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use std::collections::HashMap;

/// Items shown on the shelf at a time.
pub const SHELF_PAGE: u64 = 60;

/// The categories the caller may open and the newest published items in them, optionally in one
/// category (and its subcategories) or of one kind: a page of them, after the item `after`.
pub async fn shelf(
    db: &impl ConnectionTrait,
    actor: Actor,
    category: Option<i64>,
    kind: Option<ItemKind>,
    after: Option<i64>,
) -> Result<Shelf, AppError> {
    let access = Access::load(db, actor).await?;
    let visible = access.visible_categories();
    let within: Vec<i64> = match category {
        Some(id) => {
            let place = access.category(id).ok_or(AppError::NotFound)?;
            policy::see_category(actor, place)?;
            visible
                .iter()
                .copied()
                .filter(|other| *other == id || access.categories[other].parent_id == Some(id))
                .collect()
        }
        None => visible.clone(),
    };
    let mut query = library_item::Entity::find()
        .filter(library_item::Column::CategoryId.is_in(within))
        .filter(library_item::Column::Status.eq(ItemStatus::Published));
    if let Some(kind) = kind {
        query = query.filter(library_item::Column::Kind.eq(kind));
    }
    // Keyset: the items published before the cursor's, or at the same moment with a smaller id.
    if let Some(after) = after {
        let cursor = library_item::Entity::find_by_id(after)
            .one(db)
            .await?
            .and_then(|item| item.published_at)
            .ok_or_else(|| AppError::invalid("That page of the library is gone. Start again."))?;
        query = query.filter(
            Condition::any()
                .add(library_item::Column::PublishedAt.lt(cursor))
                .add(
                    Condition::all()
                        .add(library_item::Column::PublishedAt.eq(cursor))
                        .add(library_item::Column::Id.lt(after)),
                ),
        );
    }
    let mut items = query
        .order_by_desc(library_item::Column::PublishedAt)
        .order_by_desc(library_item::Column::Id)
        .limit(SHELF_PAGE + 1)
        .all(db)
        .await?;
    let next = (items.len() as u64 > SHELF_PAGE).then(|| items[SHELF_PAGE as usize - 1].id);
    items.truncate(SHELF_PAGE as usize);
    let can_manage = policy::manage_library(actor).is_ok();
    // What a new category can be limited to: every group, for the admins who make categories.
    let group_choices = if can_manage {
        group::Entity::find()
            .order_by_asc(group::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|group| GroupRef {
                id: group.id,
                name: group.name,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Shelf {
        categories: described(db, &access, &visible).await?,
        items: cards(db, &access, items).await?,
        next,
        can_manage,
        group_choices,
    })
}

/// Categories as their readers see them, parents before their children.
async fn described(
    db: &impl ConnectionTrait,
    access: &Access,
    ids: &[i64],
) -> Result<Vec<Category>, AppError> {
    let counts: HashMap<i64, i64> = library_item::Entity::find()
        .select_only()
        .column(library_item::Column::CategoryId)
        .column_as(library_item::Column::Id.count(), "count")
        .filter(library_item::Column::Status.eq(ItemStatus::Published))
        .group_by(library_item::Column::CategoryId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let audience = library_category_audience::Entity::find()
        .filter(library_category_audience::Column::CategoryId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let editors = library_category_editor::Entity::find()
        .filter(library_category_editor::Column::CategoryId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let people = people_by_id(db, editors.iter().map(|row| row.user_id).collect()).await?;
    let groups = group_refs(db, audience.iter().filter_map(|row| row.group_id).collect()).await?;
    // Who else sees a category is for admins: group names may belong to secret groups.
    let manages = policy::manage_library(access.actor).is_ok();
    let mut categories: Vec<Category> = ids
        .iter()
        .map(|id| {
            let model = &access.categories[id];
            let rows = audience
                .iter()
                .filter(|row| manages && row.category_id == *id);
            Category {
                id: *id,
                parent: model.parent_id,
                name: model.name.clone(),
                description: model.description.clone(),
                everyone: model.everyone,
                groups: rows
                    .clone()
                    .filter_map(|row| row.group_id)
                    .map(|group| {
                        groups.get(&group).cloned().unwrap_or(GroupRef {
                            id: group,
                            name: String::new(),
                        })
                    })
                    .collect(),
                departments: rows.filter_map(|row| row.department.clone()).collect(),
                editors: editors
                    .iter()
                    .filter(|row| row.category_id == *id)
                    .map(|row| person_or_former(&people, row.user_id))
                    .collect(),
                items: counts.get(id).copied().unwrap_or(0).max(0) as u64,
                can_author: access
                    .category(*id)
                    .is_some_and(|place| policy::author_in(access.actor, place).is_ok()),
            }
        })
        .collect();
    let order = |category: &Category| {
        let top = category.parent.unwrap_or(category.id);
        let name = |id: i64| access.categories[&id].name.to_lowercase();
        (
            name(top),
            top,
            category.parent.is_some(),
            category.name.to_lowercase(),
        )
    };
    categories.sort_by_key(order);
    Ok(categories)
}

/// Makes a category (`id` None) or changes one, with its audience and editors (admins).
pub async fn save_category(
    db: &DatabaseConnection,
    actor: Actor,
    id: Option<i64>,
    fields: &CategoryFields,
) -> Result<i64, AppError> {
    policy::manage_library(actor)?;
    let name = validate::line("Name", &fields.name, 80)?;
    if name.is_empty() {
        return Err(AppError::invalid("Give the category a name."));
    }
    let description = validate::paragraph("Description", &fields.description, 2_000)?;
    let parent = match fields.parent.trim() {
        "" => None,
        raw => {
            let parent_id: i64 = raw
                .parse()
                .map_err(|_| AppError::invalid("Choose the parent category from the list."))?;
            let parent = library_category::Entity::find_by_id(parent_id)
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("That parent category no longer exists."))?;
            if parent.parent_id.is_some() || Some(parent.id) == id {
                return Err(AppError::invalid(
                    "Categories nest one level: choose a top-level category as the parent.",
                ));
            }
            Some(parent.id)
        }
    };
    if let Some(id) = id {
        let has_children = library_category::Entity::find()
            .filter(library_category::Column::ParentId.eq(id))
            .one(db)
            .await?
            .is_some();
        if has_children && parent.is_some() {
            return Err(AppError::invalid(
                "This category has subcategories, so it stays at the top level.",
            ));
        }
    }
    let departments = validate::tags("Departments", &fields.departments)?;
    let groups = group_ids(db, &fields.groups).await?;
    let editors = editor_ids(db, &fields.editors).await?;
    let everyone = departments.is_empty() && groups.is_empty();

    let txn = db.begin().await?;
    let id = match id {
        Some(id) => {
            let existing = library_category::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut active: library_category::ActiveModel = existing.into();
            active.name = Set(name);
            active.description = Set(description);
            active.parent_id = Set(parent);
            active.everyone = Set(everyone);
            active.update(&txn).await?;
            library_category_audience::Entity::delete_many()
                .filter(library_category_audience::Column::CategoryId.eq(id))
                .exec(&txn)
                .await?;
            library_category_editor::Entity::delete_many()
                .filter(library_category_editor::Column::CategoryId.eq(id))
                .exec(&txn)
                .await?;
            id
        }
        None => {
            library_category::ActiveModel {
                parent_id: Set(parent),
                name: Set(name),
                description: Set(description),
                everyone: Set(everyone),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    for group in groups {
        library_category_audience::ActiveModel {
            category_id: Set(id),
            group_id: Set(Some(group)),
            department: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for department in departments {
        library_category_audience::ActiveModel {
            category_id: Set(id),
            group_id: Set(None),
            department: Set(Some(department)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for person in editors {
        library_category_editor::ActiveModel {
            category_id: Set(id),
            user_id: Set(person),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(id)
}

/// Comma-separated group ids, each of an existing group.
async fn group_ids(db: &impl ConnectionTrait, raw: &str) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for part in raw
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let id: i64 = part
            .parse()
            .map_err(|_| AppError::invalid("Choose the groups from the list."))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let found = group::Entity::find()
        .filter(group::Column::Id.is_in(ids.clone()))
        .count(db)
        .await?;
    if found != ids.len() as u64 {
        return Err(AppError::invalid(
            "One of the chosen groups no longer exists.",
        ));
    }
    Ok(ids)
}

/// Comma-separated emails, each of an active account.
async fn editor_ids(db: &impl ConnectionTrait, raw: &str) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for part in raw
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let email = validate::email(part)?;
        let person = user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .one(db)
            .await?
            .ok_or_else(|| {
                AppError::invalid(format!("Editors: nobody active has the email {email}."))
            })?;
        if !ids.contains(&person.id) {
            ids.push(person.id);
        }
    }
    Ok(ids)
}
