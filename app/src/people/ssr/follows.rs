//! Following people: the follow itself, the counts a profile shows, the lists, and whom a reader
//! follows (their posts join the reader's Home).

use super::{find, summary};
use crate::{
    db::{follow, user},
    error::AppError,
    live::{
        ssr::{NewEvent, publish, record},
        types::{Audience, LiveKind},
    },
    notify,
    people::types::{AccountStatus, FollowPage, FollowSide, Follows},
    policy::{self, Actor},
    state::AppState,
};
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, TransactionTrait, sea_query::OnConflict,
};
use std::collections::HashMap;

/// People per page of a follow list.
pub const PAGE: u64 = 30;

/// Starts or stops following someone active. Following again, or stopping twice, changes nothing.
/// The person followed is told the first time (gathered, like reactions), not again after an
/// unfollow and a second thought; the follower's open pages hear of it,
/// so their Home feeds take in, or leave out, that person's posts.
pub async fn set_following(
    state: &AppState,
    actor: Actor,
    person: i64,
    on: bool,
) -> Result<Follows, AppError> {
    policy::follow_person(actor, person)?;
    // Anyone may stop following someone who has since left; only the active can be followed.
    let followed = find(&state.db, person).await?;
    if on && followed.status != AccountStatus::Active {
        return Err(AppError::NotFound);
    }
    let txn = state.db.begin().await?;
    let changed = if on {
        let row = follow::ActiveModel {
            follower_id: Set(actor.id),
            followed_id: Set(person),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        // Zero rows when the pair was already there, which is no news to anyone.
        let added = follow::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([follow::Column::FollowerId, follow::Column::FollowedId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        if added > 0 && !notify::ssr::told_of_follower(&txn, person, actor.id).await? {
            notify::ssr::followed(&txn, actor.id, person).await?;
        }
        added > 0
    } else {
        follow::Entity::delete_many()
            .filter(follow::Column::FollowerId.eq(actor.id))
            .filter(follow::Column::FollowedId.eq(person))
            .exec(&txn)
            .await?
            .rows_affected
            > 0
    };
    if changed {
        record(
            &txn,
            NewEvent::new(LiveKind::FollowsChanged, Audience::Person, None).person(actor.id),
        )
        .await?;
    }
    publish(&state.hub, txn).await?;
    counts(&state.db, actor, person).await
}

/// A person's followers and followings, counted among active people, and whether `viewer` follows them.
pub async fn counts(
    db: &impl ConnectionTrait,
    viewer: Actor,
    person: i64,
) -> Result<Follows, AppError> {
    let followers = with_active(follow::Column::FollowerId)
        .filter(follow::Column::FollowedId.eq(person))
        .count(db)
        .await?;
    let following = with_active(follow::Column::FollowedId)
        .filter(follow::Column::FollowerId.eq(person))
        .count(db)
        .await?;
    let mine = follow::Entity::find()
        .filter(follow::Column::FollowerId.eq(viewer.id))
        .filter(follow::Column::FollowedId.eq(person))
        .count(db)
        .await?
        > 0;
    Ok(Follows {
        followers: i64::try_from(followers).unwrap_or(i64::MAX),
        following: i64::try_from(following).unwrap_or(i64::MAX),
        mine,
    })
}

/// Follows whose person in `column` (the follower or the one followed) has an active account.
fn with_active(column: follow::Column) -> Select<follow::Entity> {
    follow::Entity::find()
        .join(
            JoinType::InnerJoin,
            follow::Entity::belongs_to(user::Entity)
                .from(column)
                .to(user::Column::Id)
                .into(),
        )
        .filter(user::Column::Status.eq(AccountStatus::Active))
}

/// One page of a person's followers, or of the people they follow: active people, the most
/// recent follow first, after the follow with id `after`.
pub async fn follow_list(
    db: &impl ConnectionTrait,
    viewer: Actor,
    person: i64,
    side: FollowSide,
    after: Option<i64>,
) -> Result<FollowPage, AppError> {
    let owner = find(db, person).await?;
    if owner.status != AccountStatus::Active && policy::manage_people(viewer).is_err() {
        return Err(AppError::NotFound);
    }
    let (theirs, others) = match side {
        FollowSide::Followers => (follow::Column::FollowedId, follow::Column::FollowerId),
        FollowSide::Following => (follow::Column::FollowerId, follow::Column::FollowedId),
    };
    let mut rows: Vec<(i64, i64)> = with_active(others)
        .select_only()
        .column(follow::Column::Id)
        .column(others)
        .filter(theirs.eq(person))
        .filter(follow::Column::Id.lt(after.unwrap_or(i64::MAX)))
        .order_by_desc(follow::Column::Id)
        .limit(PAGE + 1)
        .into_tuple()
        .all(db)
        .await?;
    let next = (rows.len() as u64 > PAGE).then(|| rows[PAGE as usize - 1].0);
    rows.truncate(PAGE as usize);
    let people: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|(_, id)| *id)))
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person))
        .collect();
    Ok(FollowPage {
        name: owner.name,
        people: rows
            .iter()
            .filter_map(|(_, id)| people.get(id).map(summary))
            .collect(),
        next,
    })
}

/// The active people `reader` follows, whose posts join the reader's Home.
pub async fn followed_by(db: &impl ConnectionTrait, reader: i64) -> Result<Vec<i64>, AppError> {
    Ok(with_active(follow::Column::FollowedId)
        .select_only()
        .column(follow::Column::FollowedId)
        .filter(follow::Column::FollowerId.eq(reader))
        .into_tuple()
        .all(db)
        .await?)
}
