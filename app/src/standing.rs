//! A person's access standing: their workspace role and the groups they belong to, loaded once and
//! asked by every area (the feed, search, the live socket) whether they may read or moderate a
//! group, so the answer is worked out in one place. `policy` decides from what it holds.

use crate::{
    db::{group, group_member, post},
    feed::types::PostStatus,
    groups::types::{GroupRole, MemberStatus, Privacy},
    policy::{self, Actor},
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};

/// The person's place in one group where they are an active member. Small and plain, because every
/// open live page keeps one per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    pub role: GroupRole,
    /// Muted until this moment, if it is still to come.
    pub muted_until: Option<DateTime<Utc>>,
}

/// What one person may read and moderate.
#[derive(Debug, Clone)]
pub struct Standing {
    pub actor: Actor,
    /// Groups where the person is an active member.
    memberships: HashMap<i64, Membership>,
    /// Groups everyone reads, so a group known only by its id (a live event, a search scope) is
    /// answered without asking the database again.
    open_groups: HashSet<i64>,
}

impl Standing {
    /// Reads the person's active memberships and the open groups: two queries, once per request or
    /// per live page.
    pub async fn load(db: &impl ConnectionTrait, actor: Actor) -> Result<Standing, DbErr> {
        let memberships = group_member::Entity::find()
            .select_only()
            .columns([
                group_member::Column::GroupId,
                group_member::Column::Role,
                group_member::Column::MutedUntil,
            ])
            .filter(group_member::Column::UserId.eq(actor.id))
            .filter(group_member::Column::Status.eq(MemberStatus::Active))
            .into_tuple::<(i64, GroupRole, Option<DateTime<Utc>>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(group, role, muted_until)| (group, Membership { role, muted_until }))
            .collect();
        let open_groups = group::Entity::find()
            .select_only()
            .column(group::Column::Id)
            .filter(group::Column::Privacy.eq(Privacy::Open))
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        Ok(Standing {
            actor,
            memberships,
            open_groups,
        })
    }

    pub fn is_admin(&self) -> bool {
        self.actor.is_admin()
    }

    /// The groups where the person is an active member.
    pub fn member_of(&self) -> impl Iterator<Item = i64> + '_ {
        self.memberships.keys().copied()
    }

    /// The person's role in a group where they are an active member.
    pub fn role(&self, group: i64) -> Option<GroupRole> {
        self.memberships.get(&group).map(|member| member.role)
    }

    /// Whether the person reads this group's posts (None: the company feed, which everyone reads).
    pub fn reads(&self, group: Option<i64>) -> bool {
        group.is_none_or(|group| {
            policy::reads_group(
                self.actor,
                self.open_groups.contains(&group),
                self.role(group),
            )
        })
    }

    /// Whether the person moderates posts in this group (None: the company feed).
    pub fn moderates(&self, group: Option<i64>) -> bool {
        match group {
            Some(group) => policy::moderates_group(self.actor, self.role(group)),
            None => self.is_admin(),
        }
    }

    /// The groups whose waiting and hidden posts the person moderates as a member (admins moderate
    /// every group without one).
    pub fn moderated_groups(&self) -> Vec<i64> {
        self.memberships
            .iter()
            .filter(|(_, member)| member.role.moderates())
            .map(|(group, _)| *group)
            .collect()
    }

    /// The groups the person reads, open or their own, in id order; admins read the rest too.
    pub fn groups_read(&self) -> Vec<i64> {
        let mut groups: Vec<i64> = self
            .open_groups
            .iter()
            .chain(self.memberships.keys())
            .copied()
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }

    /// Whether a mute keeps the person from taking part in this group now.
    pub fn muted(&self, group: i64) -> bool {
        self.memberships
            .get(&group)
            .and_then(|member| member.muted_until)
            .is_some_and(|until| until > Utc::now())
    }

    /// Whether the person may comment and react in this group now: members who are not muted, and
    /// admins; everyone in the company feed.
    pub fn takes_part(&self, group: Option<i64>) -> bool {
        match group {
            None => true,
            Some(group) if self.memberships.contains_key(&group) => !self.muted(group),
            Some(_) => self.is_admin(),
        }
    }

    /// What the policy needs to know about this group and the person's place in it.
    pub fn in_group(&self, group: &group::Model) -> policy::InGroup {
        policy::InGroup {
            privacy: group.privacy,
            kind: group.kind,
            standing: self.role(group.id).map(|role| (role, MemberStatus::Active)),
        }
    }

    /// Whether the person may see this one post: one in a group they read, published, or waiting or
    /// hidden while theirs or in a group they moderate.
    pub fn sees(&self, post: &post::Model) -> bool {
        self.reads(post.group_id)
            && match post.status {
                PostStatus::Published => true,
                PostStatus::Pending | PostStatus::Hidden => {
                    post.author_id == self.actor.id || self.moderates(post.group_id)
                }
                PostStatus::Removed => false,
            }
    }

    /// Learns whether everyone reads a group now, as a live page hears when a group changes.
    pub fn set_open(&mut self, group: i64, open: bool) {
        if open {
            self.open_groups.insert(group);
        } else {
            self.open_groups.remove(&group);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::types::Role;

    const GROUP: i64 = 7;

    fn standing(role: Role, membership: Option<GroupRole>, privacy: Privacy) -> Standing {
        let mut standing = Standing {
            actor: Actor { id: 1, role },
            memberships: HashMap::new(),
            open_groups: HashSet::new(),
        };
        if let Some(role) = membership {
            standing.memberships.insert(
                GROUP,
                Membership {
                    role,
                    muted_until: None,
                },
            );
        }
        standing.set_open(GROUP, privacy == Privacy::Open);
        standing
    }

    #[test]
    fn reading_and_moderating_follow_role_membership_and_privacy() {
        use GroupRole::*;
        let people = [
            ("admin", Role::Admin, None),
            ("owner", Role::Member, Some(Owner)),
            ("facilitator", Role::Member, Some(Facilitator)),
            ("member", Role::Member, Some(Member)),
            ("non-member", Role::Member, None),
        ];
        // (who, privacy, reads, moderates)
        let expected = [
            ("admin", Privacy::Open, true, true),
            ("admin", Privacy::Closed, true, true),
            ("admin", Privacy::Secret, true, true),
            ("owner", Privacy::Open, true, true),
            ("owner", Privacy::Closed, true, true),
            ("owner", Privacy::Secret, true, true),
            ("facilitator", Privacy::Open, true, true),
            ("facilitator", Privacy::Closed, true, true),
            ("facilitator", Privacy::Secret, true, true),
            ("member", Privacy::Open, true, false),
            ("member", Privacy::Closed, true, false),
            ("member", Privacy::Secret, true, false),
            ("non-member", Privacy::Open, true, false),
            ("non-member", Privacy::Closed, false, false),
            ("non-member", Privacy::Secret, false, false),
        ];
        for (who, privacy, reads, moderates) in expected {
            let (_, role, membership) = people.iter().find(|(name, ..)| *name == who).unwrap();
            let standing = standing(*role, *membership, privacy);
            assert_eq!(
                standing.reads(Some(GROUP)),
                reads,
                "{who} reads {privacy:?}"
            );
            assert_eq!(
                standing.moderates(Some(GROUP)),
                moderates,
                "{who} moderates {privacy:?}"
            );
            assert!(standing.reads(None), "{who} reads the company feed");
            assert_eq!(standing.moderates(None), *role == Role::Admin);
            assert_eq!(
                standing.moderated_groups().contains(&GROUP),
                membership.is_some_and(GroupRole::moderates)
            );
        }
    }

    fn post(status: PostStatus, author_id: i64) -> post::Model {
        post::Model {
            id: 1,
            author_id,
            group_id: Some(GROUP),
            kind: crate::feed::types::PostKind::Post,
            status,
            body: String::new(),
            body_html: String::new(),
            pinned_until: None,
            comments_locked: false,
            accepted_comment_id: None,
            comment_count: 0,
            created_at: Utc::now(),
            edited_at: None,
        }
    }

    #[test]
    fn waiting_posts_are_seen_by_their_author_and_the_group_moderators() {
        let member = standing(Role::Member, Some(GroupRole::Member), Privacy::Open);
        let facilitator = standing(Role::Member, Some(GroupRole::Facilitator), Privacy::Open);
        let outsider = standing(Role::Member, None, Privacy::Closed);
        assert!(member.sees(&post(PostStatus::Published, 2)));
        assert!(!member.sees(&post(PostStatus::Pending, 2)));
        assert!(member.sees(&post(PostStatus::Hidden, 1)));
        assert!(facilitator.sees(&post(PostStatus::Pending, 2)));
        assert!(!facilitator.sees(&post(PostStatus::Removed, 1)));
        assert!(!outsider.sees(&post(PostStatus::Published, 2)));
        assert!(!outsider.sees(&post(PostStatus::Pending, 1)));
    }

    #[test]
    fn a_mute_stops_taking_part_until_it_ends() {
        let mut muted = standing(Role::Member, Some(GroupRole::Member), Privacy::Open);
        assert!(muted.takes_part(Some(GROUP)));
        muted.memberships.get_mut(&GROUP).unwrap().muted_until =
            Some(Utc::now() + chrono::Duration::hours(1));
        assert!(muted.muted(GROUP));
        assert!(!muted.takes_part(Some(GROUP)));
        assert!(muted.takes_part(None));
        muted.memberships.get_mut(&GROUP).unwrap().muted_until =
            Some(Utc::now() - chrono::Duration::hours(1));
        assert!(muted.takes_part(Some(GROUP)));
        let outsider = standing(Role::Member, None, Privacy::Open);
        assert!(!outsider.takes_part(Some(GROUP)));
        let admin = standing(Role::Admin, None, Privacy::Closed);
        assert!(admin.takes_part(Some(GROUP)));
    }

    #[test]
    fn a_group_that_opens_or_closes_changes_who_reads_it() {
        let mut outsider = standing(Role::Member, None, Privacy::Closed);
        outsider.set_open(GROUP, true);
        assert!(outsider.reads(Some(GROUP)));
        assert_eq!(outsider.groups_read(), vec![GROUP]);
        outsider.set_open(GROUP, false);
        assert!(!outsider.reads(Some(GROUP)));
        assert!(outsider.groups_read().is_empty());
    }
}
