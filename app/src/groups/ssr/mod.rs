//! Groups on the server: finding them, their members and what the caller may do there.

mod membership;

pub use membership::*;

use crate::{
    clock,
    db::{group, group_member},
    error::AppError,
    groups::types::*,
    live::ssr::{NewEvent, publish, record},
    live::types::{Audience, LiveKind},
    policy::{self, Actor, InGroup},
    state::AppState,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, TransactionTrait,
};
use std::collections::HashMap;

/// A group and the caller's row in it, if any.
#[derive(Debug, Clone)]
pub struct Place {
    pub group: group::Model,
    pub member: Option<group_member::Model>,
}

impl Place {
    /// What the policy needs to know.
    pub fn policy(&self) -> InGroup {
        InGroup {
            privacy: self.group.privacy,
            kind: self.group.kind,
            standing: self
                .member
                .as_ref()
                .map(|member| (member.role, member.status)),
        }
    }

    /// The caller's mute here, while it lasts.
    pub fn mute(&self) -> Option<Mute> {
        self.member.as_ref().and_then(mute_of)
    }
}

/// A member's mute, while it lasts.
pub fn mute_of(member: &group_member::Model) -> Option<Mute> {
    let until = member.muted_until.filter(|until| *until > Utc::now())?;
    Some(Mute {
        until: clock::stamp(until),
        until_label: clock::label(until),
        reason: member.mute_reason.clone(),
    })
}

/// `person`'s row in `group`, if any.
pub async fn member_row(
    db: &impl ConnectionTrait,
    group: i64,
    person: i64,
) -> Result<Option<group_member::Model>, AppError> {
    Ok(group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(group))
        .filter(group_member::Column::UserId.eq(person))
        .one(db)
        .await?)
}

/// The groups the actor runs, by name: every group for admins, those they facilitate or own for
/// anyone else. Where they may make a group's badges and schedule its sessions.
pub async fn run_by(
    db: &impl ConnectionTrait,
    actor: Actor,
) -> Result<Vec<(i64, String)>, AppError> {
    let mut groups = group::Entity::find()
        .select_only()
        .columns([group::Column::Id, group::Column::Name])
        .order_by_asc(group::Column::Name);
    if !actor.is_admin() {
        let standing = crate::standing::Standing::load(db, actor).await?;
        groups = groups.filter(group::Column::Id.is_in(standing.moderated_groups()));
    }
    Ok(groups.into_tuple().all(db).await?)
}

/// The group with this id as the actor finds it: NotFound when it does not exist or is secret to them.
pub async fn place(db: &impl ConnectionTrait, actor: Actor, id: i64) -> Result<Place, AppError> {
    let group = group::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let member = member_row(db, id, actor.id).await?;
    let place = Place { group, member };
    policy::see_group(actor, place.policy())?;
    Ok(place)
}

/// Whether the actor may write a post of this kind in the group now; the error says why not.
pub fn may_post(
    actor: Actor,
    place: &Place,
    kind: crate::feed::types::PostKind,
) -> Result<(), AppError> {
    policy::post_in_group(actor, place.policy(), kind).map_err(|error| match error {
        AppError::Forbidden if place.group.kind == GroupKind::Announcements => {
            AppError::invalid("Only facilitators post in this announcements group.")
        }
        AppError::Forbidden if place.member.is_none() => {
            AppError::invalid("Join the group to post in it.")
        }
        other => other,
    })?;
    if let Some(mute) = place.mute() {
        return Err(AppError::invalid(muted_message(&mute)));
    }
    Ok(())
}

/// What a muted member's composer says.
pub fn muted_message(mute: &Mute) -> String {
    let reason = if mute.reason.is_empty() {
        String::new()
    } else {
        format!(" Reason: {}", mute.reason)
    };
    format!(
        "A facilitator muted you in this group until {}.{reason}",
        mute.until_label
    )
}

/// Active members per group.
async fn member_counts(
    db: &impl ConnectionTrait,
    groups: &[i64],
) -> Result<HashMap<i64, i64>, AppError> {
    Ok(group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .column_as(group_member::Column::Id.count(), "count")
        .filter(group_member::Column::GroupId.is_in(groups.iter().copied()))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .group_by(group_member::Column::GroupId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(140) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

fn membership(member: &group_member::Model) -> Membership {
    Membership {
        role: member.role,
        status: member.status,
        muted: mute_of(member),
    }
}

async fn summaries(
    db: &impl ConnectionTrait,
    actor: Actor,
    groups: Vec<group::Model>,
) -> Result<Vec<GroupSummary>, AppError> {
    let ids: Vec<i64> = groups.iter().map(|group| group.id).collect();
    let counts = member_counts(db, &ids).await?;
    let mine: HashMap<i64, group_member::Model> = group_member::Entity::find()
        .filter(group_member::Column::UserId.eq(actor.id))
        .filter(group_member::Column::GroupId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|member| (member.group_id, member))
        .collect();
    Ok(groups
        .into_iter()
        .map(|group| GroupSummary {
            id: group.id,
            cover_url: group
                .cover
                .as_ref()
                .map(|file| format!("/media/covers/{file}")),
            description: first_line(&group.description),
            privacy: group.privacy,
            kind: group.kind,
            member_count: counts.get(&group.id).copied().unwrap_or(0),
            membership: mine.get(&group.id).map(membership),
            name: group.name,
        })
        .collect())
}

/// My groups, the ones I asked to join, and the ones I could join.
pub async fn lists(db: &impl ConnectionTrait, actor: Actor) -> Result<GroupLists, AppError> {
    let mut query = group::Entity::find().order_by_asc(group::Column::Name);
    if actor.role != crate::people::types::Role::Admin {
        let mine = group_member::Entity::find()
            .select_only()
            .column(group_member::Column::GroupId)
            .filter(group_member::Column::UserId.eq(actor.id))
            .into_query();
        query = query.filter(
            sea_orm::Condition::any()
                .add(group::Column::Privacy.ne(Privacy::Secret))
                .add(group::Column::Id.in_subquery(mine)),
        );
    }
    let all = summaries(db, actor, query.all(db).await?).await?;
    let mut lists = GroupLists {
        mine: Vec::new(),
        discover: Vec::new(),
        requested: Vec::new(),
        invited: Vec::new(),
    };
    for group in all {
        match group.membership.as_ref().map(|member| member.status) {
            Some(MemberStatus::Active) => lists.mine.push(group),
            Some(MemberStatus::Requested) => lists.requested.push(group),
            Some(MemberStatus::Invited) => lists.invited.push(group),
            Some(MemberStatus::Blocked) => {}
            None => lists.discover.push(group),
        }
    }
    Ok(lists)
}

/// The groups where `user` is an active member, by name, in name order: `lists().mine` without
/// the summaries of every group the caller can see.
pub async fn joined(
    db: &impl ConnectionTrait,
    user: i64,
) -> Result<Vec<crate::feed::types::GroupRef>, AppError> {
    let mine = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(user))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .into_query();
    let groups = group::Entity::find()
        .filter(group::Column::Id.in_subquery(mine))
        .order_by_asc(group::Column::Name)
        .all(db)
        .await?;
    Ok(groups
        .into_iter()
        .map(|group| crate::feed::types::GroupRef {
            id: group.id,
            name: group.name,
        })
        .collect())
}

/// A group's page.
pub async fn view(
    db: &impl ConnectionTrait,
    actor: Actor,
    place: Place,
) -> Result<Group, AppError> {
    let can_moderate = policy::moderate_group(actor, place.policy()).is_ok();
    let can_post =
        may_post(actor, &place, crate::feed::types::PostKind::Post).map_err(|error| match error {
            AppError::Validation(message) => message,
            _ => "Join the group to post in it.".to_string(),
        });
    let description = place.group.description.clone();
    let (approval, approval_threshold, slow_mode_seconds) = (
        place.group.approval,
        place.group.approval_threshold,
        place.group.slow_mode_seconds,
    );
    let notifications = match &place.member {
        Some(member) if member.status == MemberStatus::Active => {
            Some(crate::notify::ssr::group_level(db, actor.id, place.group.id).await?)
        }
        _ => None,
    };
    let summary = summaries(db, actor, vec![place.group])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    Ok(Group {
        notifications,
        summary,
        description,
        approval,
        approval_threshold,
        slow_mode_seconds,
        can_moderate,
        can_post,
    })
}

/// Checks a new group's fields.
fn validate(fields: &GroupFields) -> Result<(String, String, Privacy, GroupKind), AppError> {
    let name = fields.name.trim().to_string();
    let count = name.chars().count();
    if !(3..=80).contains(&count) {
        return Err(AppError::invalid("A group's name has 3 to 80 characters."));
    }
    let description = fields.description.trim().to_string();
    if description.chars().count() > 2000 {
        return Err(AppError::invalid(
            "Keep the description under 2,000 characters.",
        ));
    }
    let privacy = Privacy::parse(&fields.privacy)
        .ok_or_else(|| AppError::invalid("Choose who can see the group."))?;
    let kind = GroupKind::parse(&fields.kind)
        .ok_or_else(|| AppError::invalid("Choose what kind of group it is."))?;
    Ok((name, description, privacy, kind))
}

/// Makes a group with its creator as owner; returns its id.
pub async fn create(state: &AppState, actor: Actor, fields: &GroupFields) -> Result<i64, AppError> {
    let (name, description, privacy, kind) = validate(fields)?;
    let txn = state.db.begin().await?;
    let now = Utc::now();
    let group = group::ActiveModel {
        name: Set(name),
        description: Set(description),
        cover: Set(None),
        privacy: Set(privacy),
        kind: Set(kind),
        approval: Set(Approval::Off),
        approval_threshold: Set(0),
        slow_mode_seconds: Set(0),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    new_member(group.id, actor.id, GroupRole::Owner, MemberStatus::Active)
        .insert(&txn)
        .await?;
    record(
        &txn,
        NewEvent::new(LiveKind::GroupChanged, Audience::Readers, Some(group.id)),
    )
    .await?;
    // The creator's open pages learn they belong to a new group.
    record(&txn, member_changed(group.id, actor.id)).await?;
    publish(&state.hub, txn).await?;
    Ok(group.id)
}

/// A membership row as it starts.
pub fn new_member(
    group: i64,
    person: i64,
    role: GroupRole,
    status: MemberStatus,
) -> group_member::ActiveModel {
    group_member::ActiveModel {
        group_id: Set(group),
        user_id: Set(person),
        role: Set(role),
        status: Set(status),
        muted_until: Set(None),
        mute_reason: Set(String::new()),
        published_posts: Set(0),
        last_posted_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// Makes `file` (already stored) the group's cover; returns the previous cover's file to forget.
pub async fn set_cover(
    state: &AppState,
    group: group::Model,
    file: String,
) -> Result<Option<String>, AppError> {
    let previous = group.cover.clone();
    let id = group.id;
    let txn = state.db.begin().await?;
    let mut row: group::ActiveModel = group.into();
    row.cover = Set(Some(file));
    row.update(&txn).await?;
    record(
        &txn,
        NewEvent::new(LiveKind::GroupChanged, Audience::Readers, Some(id)),
    )
    .await?;
    publish(&state.hub, txn).await?;
    Ok(previous)
}

/// Checks and saves a group's moderation settings.
pub async fn update_settings(
    state: &AppState,
    actor: Actor,
    id: i64,
    settings: &GroupSettings,
) -> Result<(), AppError> {
    let place = place(&state.db, actor, id).await?;
    policy::moderate_group(actor, place.policy())?;
    let approval = Approval::parse(&settings.approval)
        .ok_or_else(|| AppError::invalid("Choose which posts need approval."))?;
    let number = |value: &str, what: &str, max: i32| {
        let value = value.trim();
        if value.is_empty() {
            return Ok(0);
        }
        value
            .parse::<i32>()
            .ok()
            .filter(|number| (0..=max).contains(number))
            .ok_or_else(|| AppError::invalid(format!("{what} is a whole number from 0 to {max}.")))
    };
    let threshold = number(
        &settings.approval_threshold,
        "The number of first posts",
        100,
    )?;
    let slow = number(&settings.slow_mode_seconds, "Slow mode", 86_400)?;
    if approval == Approval::NewMembers && threshold == 0 {
        return Err(AppError::invalid(
            "Say how many first posts of a new member need approval.",
        ));
    }
    let txn = state.db.begin().await?;
    let mut group: group::ActiveModel = place.group.into();
    group.approval = Set(approval);
    group.approval_threshold = Set(threshold);
    group.slow_mode_seconds = Set(slow);
    group.update(&txn).await?;
    let reason = format!(
        "Approval: {}{}; slow mode: {}",
        approval.label(),
        if approval == Approval::NewMembers {
            format!(" ({threshold})")
        } else {
            String::new()
        },
        if slow == 0 {
            "off".to_string()
        } else {
            format!("{slow} s")
        }
    );
    crate::moderation::ssr::action(
        crate::moderation::types::ModerationKind::ChangeSettings,
        actor,
        Some(id),
    )
    .reason(&reason)
    .write(&txn)
    .await?;
    record(
        &txn,
        NewEvent::new(LiveKind::GroupChanged, Audience::Readers, Some(id)),
    )
    .await?;
    publish(&state.hub, txn).await?;
    Ok(())
}
