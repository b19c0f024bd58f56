//! Who is in a group: joining, leaving, requests, roles, mutes and removals.

use super::{Place, member_row, mute_of, new_member, place};
use crate::{
    db::{group, group_member, user},
    error::AppError,
    groups::types::*,
    live::ssr::{NewEvent, publish, record},
    live::types::{Audience, LiveKind},
    moderation::{
        ssr::{action, reason_checked},
        types::ModerationKind,
    },
    notify::{self, ssr::Tell, types::NoticeKind},
    people::types::AccountStatus,
    policy::{self, Actor, Entry},
    state::AppState,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, TransactionTrait,
};

/// The event that tells a person's pages, and the group's moderators, that their standing changed.
pub fn member_changed(group: i64, person: i64) -> NewEvent {
    NewEvent::new(LiveKind::MemberChanged, Audience::Moderators, Some(group)).person(person)
}

/// Joins an open group or one the actor was invited to, or asks to join a closed one.
pub async fn join(state: &AppState, actor: Actor, id: i64) -> Result<MemberStatus, AppError> {
    let place = place(&state.db, actor, id).await?;
    let status = match policy::enter_group(actor, place.policy())? {
        Entry::Join => MemberStatus::Active,
        Entry::Request => MemberStatus::Requested,
    };
    let txn = state.db.begin().await?;
    match place.member {
        // Accepting an invitation: the row the facilitator made becomes a membership.
        Some(invited) => {
            let mut row: group_member::ActiveModel = invited.into();
            row.status = Set(status);
            row.update(&txn).await?;
        }
        None => {
            new_member(id, actor.id, GroupRole::Member, status)
                .insert(&txn)
                .await?;
        }
    }
    record(&txn, member_changed(id, actor.id)).await?;
    if status == MemberStatus::Requested {
        record(
            &txn,
            NewEvent::new(LiveKind::QueueChanged, Audience::Moderators, Some(id)),
        )
        .await?;
        notify::ssr::join_requested(&txn, id, actor.id).await?;
    }
    publish(&state.hub, txn).await?;
    Ok(status)
}

/// Leaves a group (or withdraws a request). The last owner stays, so a group is never orphaned.
pub async fn leave(state: &AppState, actor: Actor, id: i64) -> Result<(), AppError> {
    let place = place(&state.db, actor, id).await?;
    let Some(member) = place.member else {
        return Err(AppError::Conflict(
            "You're not a member of this group.".into(),
        ));
    };
    if member.status == MemberStatus::Blocked {
        return Err(AppError::Forbidden);
    }
    let txn = state.db.begin().await?;
    if member.role == GroupRole::Owner && owners_locked(&txn, id).await? == 1 {
        return Err(AppError::Conflict(
            "You're the group's only owner. Make someone else an owner first.".into(),
        ));
    }
    group_member::Entity::delete_by_id(member.id)
        .exec(&txn)
        .await?;
    record(&txn, member_changed(id, actor.id)).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// The group's active owners, counted inside `txn` after taking the group's row for it: two owners
/// leaving, or demoting each other, at once take turns, so the count each sees holds until it
/// commits and a group never ends up without an owner.
async fn owners_locked(txn: &DatabaseTransaction, group: i64) -> Result<u64, AppError> {
    use sea_orm::{PaginatorTrait, sea_query::Expr};
    group::Entity::update_many()
        .col_expr(group::Column::Id, Expr::col(group::Column::Id))
        .filter(group::Column::Id.eq(group))
        .exec(txn)
        .await?;
    Ok(group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(group))
        .filter(group_member::Column::Role.eq(GroupRole::Owner))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .count(txn)
        .await?)
}

/// The members of a group, owners and facilitators first; moderators also see requests and blocks.
pub async fn members(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<Vec<Member>, AppError> {
    let place = place(db, actor, id).await?;
    policy::read_group(actor, place.policy())?;
    let moderator = policy::moderate_group(actor, place.policy()).is_ok();
    let mut query = group_member::Entity::find().filter(group_member::Column::GroupId.eq(id));
    if !moderator {
        query = query.filter(group_member::Column::Status.eq(MemberStatus::Active));
    }
    let rows = query.all(db).await?;
    let people =
        crate::moderation::ssr::people_by_id(db, rows.iter().map(|row| row.user_id).collect())
            .await?;
    let mut members: Vec<Member> = rows
        .into_iter()
        .filter_map(|member| {
            Some(Member {
                person: people.get(&member.user_id)?.clone(),
                role: member.role,
                status: member.status,
                muted: if moderator { mute_of(&member) } else { None },
            })
        })
        .collect();
    members.sort_by(|a, b| {
        let rank = |member: &Member| match member.role {
            GroupRole::Owner => 0,
            GroupRole::Facilitator => 1,
            GroupRole::Member => 2,
        };
        (rank(a), &a.person.name).cmp(&(rank(b), &b.person.name))
    });
    Ok(members)
}

/// A moderator's view of a member: the group and the member's row, which must exist.
async fn moderated_member(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
    person: i64,
) -> Result<(Place, group_member::Model), AppError> {
    let place = place(db, actor, id).await?;
    policy::moderate_group(actor, place.policy())?;
    let member = member_row(db, id, person)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((place, member))
}

/// Invites a colleague to the group by email (how people get into secret groups): they become a
/// member when they accept, or at once when they had asked to join.
pub async fn add_member(
    state: &AppState,
    actor: Actor,
    id: i64,
    email: &str,
) -> Result<(), AppError> {
    let place = place(&state.db, actor, id).await?;
    policy::moderate_group(actor, place.policy())?;
    let email = email.trim().to_lowercase();
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::invalid("Nobody active has that email address."))?;
    let existing = member_row(&state.db, id, person.id).await?;
    let txn = state.db.begin().await?;
    // Nobody is made a member without saying yes: they are invited, unless they already asked.
    match existing {
        Some(member) if member.status == MemberStatus::Active => {
            return Err(AppError::Conflict(format!(
                "{} is already a member.",
                person.name
            )));
        }
        Some(member) if member.status == MemberStatus::Invited => {
            return Err(AppError::Conflict(format!(
                "{} is invited already; they join when they accept.",
                person.name
            )));
        }
        Some(member) => {
            let status = if member.status == MemberStatus::Requested {
                MemberStatus::Active
            } else {
                MemberStatus::Invited
            };
            let mut member: group_member::ActiveModel = member.into();
            member.status = Set(status);
            member.update(&txn).await?;
        }
        None => {
            new_member(id, person.id, GroupRole::Member, MemberStatus::Invited)
                .insert(&txn)
                .await?;
        }
    }
    action(ModerationKind::AddMember, actor, Some(id))
        .target(person.id)
        .write(&txn)
        .await?;
    record(&txn, member_changed(id, person.id)).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Approves or declines a request to join.
pub async fn decide_join(
    state: &AppState,
    actor: Actor,
    id: i64,
    person: i64,
    approve: bool,
) -> Result<(), AppError> {
    let (_, member) = moderated_member(&state.db, actor, id, person).await?;
    if member.status != MemberStatus::Requested {
        return Err(AppError::Conflict(
            "That request was already answered.".into(),
        ));
    }
    let txn = state.db.begin().await?;
    let kind = if approve {
        let mut row: group_member::ActiveModel = member.into();
        row.status = Set(MemberStatus::Active);
        row.update(&txn).await?;
        ModerationKind::ApproveJoin
    } else {
        group_member::Entity::delete_by_id(member.id)
            .exec(&txn)
            .await?;
        ModerationKind::DenyJoin
    };
    action(kind, actor, Some(id))
        .target(person)
        .write(&txn)
        .await?;
    record(&txn, member_changed(id, person)).await?;
    let told = if approve {
        NoticeKind::JoinApproved
    } else {
        NoticeKind::JoinDeclined
    };
    notify::ssr::tell(&txn, Tell::new(told, person).by(actor.id).group(Some(id))).await?;
    record(
        &txn,
        NewEvent::new(LiveKind::QueueChanged, Audience::Moderators, Some(id)),
    )
    .await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Makes a member an owner, facilitator or plain member again.
pub async fn set_role(
    state: &AppState,
    actor: Actor,
    id: i64,
    person: i64,
    role: GroupRole,
) -> Result<(), AppError> {
    let place = place(&state.db, actor, id).await?;
    policy::change_group_roles(actor, place.policy())?;
    let member = member_row(&state.db, id, person)
        .await?
        .filter(|member| member.status == MemberStatus::Active)
        .ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    if member.role == GroupRole::Owner
        && role != GroupRole::Owner
        && owners_locked(&txn, id).await? == 1
    {
        return Err(AppError::Conflict(
            "A group keeps at least one owner.".into(),
        ));
    }
    let mut row: group_member::ActiveModel = member.into();
    row.role = Set(role);
    row.update(&txn).await?;
    action(ModerationKind::ChangeRole, actor, Some(id))
        .target(person)
        .reason(role.label())
        .write(&txn)
        .await?;
    record(&txn, member_changed(id, person)).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Mutes a member for `minutes` (0 lifts the mute), with a reason they will see.
pub async fn mute(
    state: &AppState,
    actor: Actor,
    id: i64,
    person: i64,
    minutes: i64,
    reason: &str,
) -> Result<(), AppError> {
    let (_, member) = moderated_member(&state.db, actor, id, person).await?;
    if !(0..=60 * 24 * 365).contains(&minutes) {
        return Err(AppError::invalid("A mute lasts from a minute to a year."));
    }
    let reason = reason_checked(reason, minutes > 0)?;
    if minutes > 0 && member.role.moderates() {
        return Err(AppError::Conflict(
            "Facilitators can't be muted. Change their role first.".into(),
        ));
    }
    let until = (minutes > 0).then(|| Utc::now() + Duration::minutes(minutes));
    let txn = state.db.begin().await?;
    let mut row: group_member::ActiveModel = member.into();
    row.muted_until = Set(until);
    row.mute_reason = Set(reason.to_string());
    row.update(&txn).await?;
    let mut entry = action(
        if until.is_some() {
            ModerationKind::MuteMember
        } else {
            ModerationKind::UnmuteMember
        },
        actor,
        Some(id),
    )
    .target(person)
    .reason(reason);
    if let Some(until) = until {
        entry = entry.expires(until);
    }
    entry.write(&txn).await?;
    record(&txn, member_changed(id, person)).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}

/// Removes a member, and with `block` keeps them from joining again.
pub async fn remove_member(
    state: &AppState,
    actor: Actor,
    id: i64,
    person: i64,
    block: bool,
    reason: &str,
) -> Result<(), AppError> {
    let (place, member) = moderated_member(&state.db, actor, id, person).await?;
    let reason = reason_checked(reason, false)?;
    // Facilitators are removed by those who name them: owners and admins.
    if member.role.moderates() {
        policy::change_group_roles(actor, place.policy())?;
    }
    if person == actor.id {
        return Err(AppError::Conflict("Leave the group instead.".into()));
    }
    if member.role == GroupRole::Owner {
        return Err(AppError::Conflict(
            "Owners can't be removed. Change their role first.".into(),
        ));
    }
    let txn = state.db.begin().await?;
    if block {
        let mut row: group_member::ActiveModel = member.into();
        row.status = Set(MemberStatus::Blocked);
        row.role = Set(GroupRole::Member);
        row.update(&txn).await?;
    } else {
        group_member::Entity::delete_by_id(member.id)
            .exec(&txn)
            .await?;
    }
    action(
        if block {
            ModerationKind::BlockMember
        } else {
            ModerationKind::RemoveMember
        },
        actor,
        Some(id),
    )
    .target(person)
    .reason(reason)
    .write(&txn)
    .await?;
    record(&txn, member_changed(id, person)).await?;
    publish(&state.hub, txn).await?;
    Ok(())
}
