//! Who may do what. Every server function asks one of these before it reads or changes anything that is
//! not the caller's own.

use crate::{
    error::AppError,
    feed::types::PostKind,
    groups::types::{GroupKind, GroupRole, MemberStatus, Privacy},
    library::types::ItemStatus,
    people::types::Role,
};

/// The signed-in person making a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub role: Role,
}

impl Actor {
    /// A person as the policy sees them.
    pub fn of(person: &crate::db::user::Model) -> Actor {
        Actor {
            id: person.id,
            role: person.role,
        }
    }

    pub fn is_admin(self) -> bool {
        self.role == Role::Admin
    }
}

fn allow(allowed: bool) -> Result<(), AppError> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Inviting, importing, listing every account and granting expertise are for admins.
pub fn manage_people(actor: Actor) -> Result<(), AppError> {
    allow(actor.is_admin())
}

/// People edit their own profile; admins edit anyone's.
pub fn edit_profile(actor: Actor, person_id: i64) -> Result<(), AppError> {
    allow(actor.id == person_id || actor.is_admin())
}

/// Admins change other people's roles; nobody changes their own, so a workspace never loses its last
/// admin by accident.
pub fn change_role(actor: Actor, person_id: i64) -> Result<(), AppError> {
    manage_people(actor)?;
    if actor.id == person_id {
        return Err(AppError::Conflict(
            "You can't change your own role. Ask another admin.".into(),
        ));
    }
    Ok(())
}

/// What belongs to the company is admins' to run; what belongs to a group is also run by those who
/// moderate it.
fn run_for(actor: Actor, group: Option<InGroup>) -> Result<(), AppError> {
    match group {
        None => allow(actor.is_admin()),
        Some(group) => moderate_group(actor, group),
    }
}

/// Admins make, award and revoke the company's badges; a group's badges are also managed by
/// those who moderate the group.
pub fn manage_badge(actor: Actor, group: Option<InGroup>) -> Result<(), AppError> {
    run_for(actor, group)
}

/// Admins schedule live sessions for the company and for paths' assignees; a group's sessions
/// are also scheduled by those who moderate the group.
pub fn schedule_session(actor: Actor, group: Option<InGroup>) -> Result<(), AppError> {
    run_for(actor, group)
}

/// Anyone signed in follows anyone else; following oneself means nothing and is refused.
pub fn follow_person(actor: Actor, person_id: i64) -> Result<(), AppError> {
    if actor.id == person_id {
        return Err(AppError::Conflict("You can't follow yourself.".into()));
    }
    Ok(())
}

/// Admins deactivate and reactivate other people, never themselves.
pub fn deactivate(actor: Actor, person_id: i64) -> Result<(), AppError> {
    manage_people(actor)?;
    if actor.id == person_id {
        return Err(AppError::Conflict(
            "You can't deactivate your own account.".into(),
        ));
    }
    Ok(())
}

/// What the policy knows about a group and the actor's place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InGroup {
    pub privacy: Privacy,
    pub kind: GroupKind,
    /// The actor's role and status, if they have any standing in the group.
    pub standing: Option<(GroupRole, MemberStatus)>,
}

impl InGroup {
    fn active_role(self) -> Option<GroupRole> {
        match self.standing {
            Some((role, MemberStatus::Active)) => Some(role),
            _ => None,
        }
    }
}

/// Secret groups are invisible to everyone but their members, the people invited to them (and
/// admins): to others they do not exist, so the answer is NotFound rather than Forbidden.
pub fn see_group(actor: Actor, group: InGroup) -> Result<(), AppError> {
    let invited = matches!(group.standing, Some((_, MemberStatus::Invited)));
    let visible = actor.is_admin()
        || group.privacy != Privacy::Secret
        || group.active_role().is_some()
        || invited;
    if visible {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Open groups' posts are for everyone; closed and secret groups' for their members (`role`: the
/// actor's as an active member). Also asked by a standing, which knows groups only as open or not.
pub fn reads_group(actor: Actor, open: bool, role: Option<GroupRole>) -> bool {
    actor.is_admin() || open || role.is_some()
}

/// Facilitators and owners moderate their group; admins moderate every group.
pub fn moderates_group(actor: Actor, role: Option<GroupRole>) -> bool {
    actor.is_admin() || role.is_some_and(GroupRole::moderates)
}

/// Reading a group's posts, for one that is visible to the actor.
pub fn read_group(actor: Actor, group: InGroup) -> Result<(), AppError> {
    see_group(actor, group)?;
    allow(reads_group(
        actor,
        group.privacy == Privacy::Open,
        group.active_role(),
    ))
}

/// Moderating a group, for one that is visible to the actor.
pub fn moderate_group(actor: Actor, group: InGroup) -> Result<(), AppError> {
    see_group(actor, group)?;
    allow(moderates_group(actor, group.active_role()))
}

/// Admins moderate the company feed.
pub fn moderate_company(actor: Actor) -> Result<(), AppError> {
    allow(actor.is_admin())
}

/// Owners (and admins) decide who facilitates.
pub fn change_group_roles(actor: Actor, group: InGroup) -> Result<(), AppError> {
    see_group(actor, group)?;
    allow(actor.is_admin() || group.active_role() == Some(GroupRole::Owner))
}

/// Members post in their groups; in an announcements group, and for announcements anywhere, only
/// those who moderate it. Mutes and slow mode are checked with the time, by the caller.
pub fn post_in_group(actor: Actor, group: InGroup, kind: PostKind) -> Result<(), AppError> {
    read_group(actor, group)?;
    let Some(role) = group.active_role() else {
        return Err(AppError::Forbidden);
    };
    let needs_moderator = kind == PostKind::Announcement || group.kind == GroupKind::Announcements;
    allow(!needs_moderator || role.moderates())
}

/// Everyone posts in the company feed; only admins announce there.
pub fn post_in_company(actor: Actor, kind: PostKind) -> Result<(), AppError> {
    allow(kind != PostKind::Announcement || actor.is_admin())
}

/// Members of a group comment and react there; everyone does in the company feed.
pub fn take_part(actor: Actor, group: Option<InGroup>) -> Result<(), AppError> {
    match group {
        None => Ok(()),
        Some(group) => {
            read_group(actor, group)?;
            allow(group.active_role().is_some() || actor.is_admin())
        }
    }
}

/// How someone gets into a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Open groups: at once.
    Join,
    /// Closed groups: a request a facilitator approves.
    Request,
}

/// Whether and how the actor may get into a group. Secret groups are joined only by those a
/// facilitator invited, who join by accepting; blocked people cannot ask again.
pub fn enter_group(actor: Actor, group: InGroup) -> Result<Entry, AppError> {
    see_group(actor, group)?;
    match group.standing {
        Some((_, MemberStatus::Active)) => {
            Err(AppError::Conflict("You're already a member.".into()))
        }
        Some((_, MemberStatus::Requested)) => Err(AppError::Conflict(
            "Your request is waiting for a facilitator.".into(),
        )),
        Some((_, MemberStatus::Blocked)) => Err(AppError::Forbidden),
        Some((_, MemberStatus::Invited)) => Ok(Entry::Join),
        None => match group.privacy {
            Privacy::Open => Ok(Entry::Join),
            Privacy::Closed => Ok(Entry::Request),
            Privacy::Secret => Err(AppError::Forbidden),
        },
    }
}

/// What the policy knows about a library category and the actor's place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InCategory {
    /// The category (and its parent, for a subcategory) is for everyone or for one of the actor's
    /// groups or their department.
    pub audience: bool,
    /// The actor edits this category.
    pub editor: bool,
}

/// What the policy knows about a library item and the actor's place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InItem {
    pub category: InCategory,
    pub status: ItemStatus,
    pub owner: bool,
    /// The actor is a subject-matter expert in the item's topic.
    pub expert: bool,
}

/// Making categories, choosing their audiences and editors, is for admins.
pub fn manage_library(actor: Actor) -> Result<(), AppError> {
    allow(actor.is_admin())
}

/// A category's readers, its editors and admins see it; to anyone else it does not exist.
pub fn see_category(actor: Actor, category: InCategory) -> Result<(), AppError> {
    if category.audience || category.editor || actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// A category's editors and admins write items in it.
pub fn author_in(actor: Actor, category: InCategory) -> Result<(), AppError> {
    see_category(actor, category)?;
    allow(category.editor || actor.is_admin())
}

fn keeps(actor: Actor, item: InItem) -> bool {
    item.owner || item.category.editor || actor.is_admin()
}

/// Published items are read by their category's audience; drafts only by the people who keep the
/// item, and by its topic's experts while it waits for them.
pub fn see_item(actor: Actor, item: InItem) -> Result<(), AppError> {
    let seen = keeps(actor, item)
        || match item.status {
            ItemStatus::Published => see_category(actor, item.category).is_ok(),
            ItemStatus::InReview => item.expert,
            ItemStatus::Draft | ItemStatus::Archived => false,
        };
    if seen {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The owner, the category's editors and admins edit an item, archive it and submit it for review.
pub fn keep_item(actor: Actor, item: InItem) -> Result<(), AppError> {
    see_item(actor, item)?;
    allow(keeps(actor, item))
}

/// An expert in the item's topic reviews it — never the item's own owner.
pub fn review_item(actor: Actor, item: InItem) -> Result<(), AppError> {
    see_item(actor, item)?;
    if item.owner {
        return Err(AppError::Conflict(
            "You can't review your own item. Another expert in its topic will.".into(),
        ));
    }
    allow(item.expert)
}

/// Readers of a published item say whether it helped or is out of date.
pub fn give_feedback(actor: Actor, item: InItem) -> Result<(), AppError> {
    see_item(actor, item)?;
    if item.status == ItemStatus::Published {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "Feedback opens once the item is published.".into(),
        ))
    }
}

/// What the policy knows about a learning path and the actor's place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InPath {
    /// An assignment reaches the actor.
    pub assigned: bool,
    /// The actor facilitates a group the path is assigned to, or has a step in.
    pub facilitates: bool,
}

/// Building paths and assigning them is for admins (learning and development).
pub fn manage_paths(actor: Actor) -> Result<(), AppError> {
    allow(actor.is_admin())
}

/// A path is seen by the people it is assigned to, the facilitators of its groups and admins; to
/// anyone else it does not exist.
pub fn see_path(actor: Actor, path: InPath) -> Result<(), AppError> {
    if path.assigned || path.facilitates || actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Admins see everyone's progress on a path; facilitators that of their groups' members.
pub fn see_progress(actor: Actor, path: InPath) -> Result<(), AppError> {
    see_path(actor, path)?;
    allow(path.facilitates || actor.is_admin())
}

/// Steps are marked done only on a path assigned to the actor.
pub fn take_path(actor: Actor, path: InPath) -> Result<(), AppError> {
    see_path(actor, path)?;
    if path.assigned {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "This path isn't assigned to you, so its steps can't be marked done.".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: Actor = Actor {
        id: 1,
        role: Role::Admin,
    };
    const MEMBER: Actor = Actor {
        id: 2,
        role: Role::Member,
    };

    #[test]
    fn only_admins_manage_people() {
        assert_eq!(manage_people(ADMIN), Ok(()));
        assert_eq!(manage_people(MEMBER), Err(AppError::Forbidden));
    }

    #[test]
    fn members_edit_only_their_own_profile() {
        assert_eq!(edit_profile(MEMBER, MEMBER.id), Ok(()));
        assert_eq!(edit_profile(MEMBER, ADMIN.id), Err(AppError::Forbidden));
        assert_eq!(edit_profile(ADMIN, MEMBER.id), Ok(()));
    }

    #[test]
    fn nobody_changes_their_own_role_or_deactivates_themselves() {
        assert_eq!(change_role(ADMIN, MEMBER.id), Ok(()));
        assert!(matches!(
            change_role(ADMIN, ADMIN.id),
            Err(AppError::Conflict(_))
        ));
        assert_eq!(change_role(MEMBER, 3), Err(AppError::Forbidden));
        assert_eq!(deactivate(ADMIN, MEMBER.id), Ok(()));
        assert!(matches!(
            deactivate(ADMIN, ADMIN.id),
            Err(AppError::Conflict(_))
        ));
        assert_eq!(deactivate(MEMBER, MEMBER.id), Err(AppError::Forbidden));
    }

    const OUTSIDER: InGroup = InGroup {
        privacy: Privacy::Closed,
        kind: GroupKind::Community,
        standing: None,
    };

    fn with(privacy: Privacy, standing: Option<(GroupRole, MemberStatus)>) -> InGroup {
        InGroup {
            privacy,
            kind: GroupKind::Community,
            standing,
        }
    }

    #[test]
    fn secret_groups_do_not_exist_for_outsiders() {
        let secret = with(Privacy::Secret, None);
        assert_eq!(see_group(MEMBER, secret), Err(AppError::NotFound));
        assert_eq!(read_group(MEMBER, secret), Err(AppError::NotFound));
        assert_eq!(see_group(ADMIN, secret), Ok(()));
        assert_eq!(enter_group(MEMBER, secret), Err(AppError::NotFound));
    }

    #[test]
    fn closed_groups_are_read_by_members_only_and_joined_by_request() {
        assert_eq!(see_group(MEMBER, OUTSIDER), Ok(()));
        assert_eq!(read_group(MEMBER, OUTSIDER), Err(AppError::Forbidden));
        assert_eq!(enter_group(MEMBER, OUTSIDER), Ok(Entry::Request));
        assert_eq!(
            enter_group(MEMBER, with(Privacy::Open, None)),
            Ok(Entry::Join)
        );
        let requested = with(
            Privacy::Closed,
            Some((GroupRole::Member, MemberStatus::Requested)),
        );
        assert_eq!(read_group(MEMBER, requested), Err(AppError::Forbidden));
        assert!(matches!(
            enter_group(MEMBER, requested),
            Err(AppError::Conflict(_))
        ));
        let blocked = with(
            Privacy::Open,
            Some((GroupRole::Member, MemberStatus::Blocked)),
        );
        assert_eq!(enter_group(MEMBER, blocked), Err(AppError::Forbidden));
        assert_eq!(
            post_in_group(MEMBER, blocked, PostKind::Post),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn facilitators_moderate_their_group_and_admins_every_group() {
        let facilitator = with(
            Privacy::Closed,
            Some((GroupRole::Facilitator, MemberStatus::Active)),
        );
        let member = with(
            Privacy::Closed,
            Some((GroupRole::Member, MemberStatus::Active)),
        );
        assert_eq!(moderate_group(MEMBER, facilitator), Ok(()));
        assert_eq!(moderate_group(MEMBER, member), Err(AppError::Forbidden));
        assert_eq!(moderate_group(ADMIN, OUTSIDER), Ok(()));
        assert_eq!(
            change_group_roles(MEMBER, facilitator),
            Err(AppError::Forbidden)
        );
        assert_eq!(moderate_company(MEMBER), Err(AppError::Forbidden));
    }

    #[test]
    fn announcements_come_from_those_who_moderate() {
        let member = with(
            Privacy::Open,
            Some((GroupRole::Member, MemberStatus::Active)),
        );
        let facilitator = with(
            Privacy::Open,
            Some((GroupRole::Facilitator, MemberStatus::Active)),
        );
        assert_eq!(post_in_group(MEMBER, member, PostKind::Question), Ok(()));
        assert_eq!(
            post_in_group(MEMBER, member, PostKind::Announcement),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            post_in_group(MEMBER, facilitator, PostKind::Announcement),
            Ok(())
        );
        let channel = InGroup {
            kind: GroupKind::Announcements,
            ..member
        };
        assert_eq!(
            post_in_group(MEMBER, channel, PostKind::Post),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            post_in_company(MEMBER, PostKind::Announcement),
            Err(AppError::Forbidden)
        );
        assert_eq!(post_in_company(ADMIN, PostKind::Announcement), Ok(()));
        assert_eq!(
            post_in_group(MEMBER, with(Privacy::Open, None), PostKind::Post),
            Err(AppError::Forbidden)
        );
    }

    fn item(status: ItemStatus, owner: bool, editor: bool, expert: bool) -> InItem {
        InItem {
            category: InCategory {
                audience: true,
                editor,
            },
            status,
            owner,
            expert,
        }
    }

    #[test]
    fn drafts_are_seen_only_by_those_who_keep_them() {
        let draft = item(ItemStatus::Draft, false, false, true);
        assert_eq!(see_item(MEMBER, draft), Err(AppError::NotFound));
        assert_eq!(see_item(ADMIN, draft), Ok(()));
        assert_eq!(
            see_item(MEMBER, item(ItemStatus::Draft, true, false, false)),
            Ok(())
        );
        assert_eq!(
            see_item(MEMBER, item(ItemStatus::Draft, false, true, false)),
            Ok(())
        );
        assert_eq!(
            see_item(MEMBER, item(ItemStatus::InReview, false, false, true)),
            Ok(())
        );
        assert_eq!(
            see_item(MEMBER, item(ItemStatus::Archived, false, false, true)),
            Err(AppError::NotFound)
        );
    }

    #[test]
    fn published_items_follow_their_category_audience() {
        let published = item(ItemStatus::Published, false, false, false);
        assert_eq!(see_item(MEMBER, published), Ok(()));
        let hidden = InItem {
            category: InCategory {
                audience: false,
                editor: false,
            },
            ..published
        };
        assert_eq!(see_item(MEMBER, hidden), Err(AppError::NotFound));
        assert_eq!(give_feedback(MEMBER, hidden), Err(AppError::NotFound));
        assert_eq!(see_item(ADMIN, hidden), Ok(()));
    }

    #[test]
    fn experts_review_items_that_are_not_their_own() {
        let in_review = item(ItemStatus::InReview, false, false, true);
        assert_eq!(review_item(MEMBER, in_review), Ok(()));
        let own = item(ItemStatus::InReview, true, false, true);
        assert!(matches!(
            review_item(MEMBER, own),
            Err(AppError::Conflict(_))
        ));
        let not_expert = item(ItemStatus::Published, false, false, false);
        assert_eq!(review_item(ADMIN, not_expert), Err(AppError::Forbidden));
        assert_eq!(keep_item(MEMBER, in_review), Err(AppError::Forbidden));
    }

    #[test]
    fn paths_are_for_their_assignees_facilitators_and_admins() {
        let stranger = InPath {
            assigned: false,
            facilitates: false,
        };
        let assignee = InPath {
            assigned: true,
            ..stranger
        };
        let facilitator = InPath {
            facilitates: true,
            ..stranger
        };
        assert_eq!(see_path(MEMBER, stranger), Err(AppError::NotFound));
        assert_eq!(see_path(ADMIN, stranger), Ok(()));
        assert_eq!(take_path(MEMBER, assignee), Ok(()));
        assert_eq!(see_progress(MEMBER, assignee), Err(AppError::Forbidden));
        assert_eq!(see_progress(MEMBER, facilitator), Ok(()));
        assert!(matches!(
            take_path(MEMBER, facilitator),
            Err(AppError::Conflict(_))
        ));
        assert_eq!(manage_paths(MEMBER), Err(AppError::Forbidden));
        assert_eq!(manage_paths(ADMIN), Ok(()));
    }
}
