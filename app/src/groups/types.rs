//! Types about groups that cross the wire.

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// Who can see a group and how people get in.
    pub enum Privacy {
        /// Anyone can read it and join.
        Open = "open" => "Open",
        /// Anyone can find it; a facilitator approves each request to join.
        Closed = "closed" => "Closed",
        /// Only members know it exists; people join when a facilitator adds them.
        Secret = "secret" => "Secret",
    }
}

db_enum! {
    /// What a group is for.
    pub enum GroupKind {
        Community = "community" => "Community",
        /// People who started together, such as this month's new hires.
        Cohort = "cohort" => "Cohort",
        /// Only facilitators post; members read, react and comment.
        Announcements = "announcements" => "Announcements",
    }
}

db_enum! {
    /// Which new posts wait for a facilitator's approval.
    pub enum Approval {
        Off = "off" => "Off",
        /// A member's first posts, up to the group's threshold.
        NewMembers = "new_members" => "New members' first posts",
        All = "all" => "Every post",
    }
}

db_enum! {
    /// A person's role in one group.
    pub enum GroupRole {
        Owner = "owner" => "Owner",
        Facilitator = "facilitator" => "Facilitator",
        Member = "member" => "Member",
    }
}

db_enum! {
    /// Where a person stands with a group.
    pub enum MemberStatus {
        Active = "active" => "Member",
        /// Asked to join a closed group.
        Requested = "requested" => "Requested to join",
        /// Removed and barred from joining again.
        Blocked = "blocked" => "Blocked",
        /// Added by a facilitator, and not a member until they accept.
        Invited = "invited" => "Invited",
    }
}

impl GroupRole {
    /// Owners and facilitators moderate the group.
    pub fn moderates(self) -> bool {
        matches!(self, GroupRole::Owner | GroupRole::Facilitator)
    }
}

/// A group as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// Group id.
    pub id: i64,
    /// Group name.
    pub name: String,
    /// URL of the cover image, if one was uploaded.
    pub cover_url: Option<String>,
    /// The description's first line or so.
    pub description: String,
    /// Who can see it and how people get in.
    pub privacy: Privacy,
    /// What it is for.
    pub kind: GroupKind,
    /// Active members.
    pub member_count: i64,
    /// The caller's standing, if any.
    pub membership: Option<Membership>,
}

/// The caller's standing in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// Owner, facilitator or member.
    pub role: GroupRole,
    /// Member, requested or blocked.
    pub status: MemberStatus,
    /// When the caller is muted here: until when (RFC 3339) and why.
    pub muted: Option<Mute>,
}

/// A timed mute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mute {
    /// RFC 3339, UTC.
    pub until: String,
    /// The same moment, written for people.
    pub until_label: String,
    /// Why, in the facilitator's words.
    pub reason: String,
}

/// The groups page: mine, and others I could join.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLists {
    /// Groups where the caller is an active member.
    pub mine: Vec<GroupSummary>,
    /// Groups the caller can see and may join or ask to join.
    pub discover: Vec<GroupSummary>,
    /// Requests waiting for a facilitator.
    pub requested: Vec<GroupSummary>,
    /// Groups a facilitator invited the caller to, waiting for their answer.
    pub invited: Vec<GroupSummary>,
}

/// A whole group, for its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// What lists show.
    pub summary: GroupSummary,
    /// Full description, as written.
    pub description: String,
    /// Which new posts wait for approval.
    pub approval: Approval,
    /// With `Approval::NewMembers`: how many posts of each member wait for approval.
    pub approval_threshold: i32,
    /// Seconds a member waits between posts; 0 when slow mode is off.
    pub slow_mode_seconds: i32,
    /// Whether the caller may moderate it (facilitators, owners, admins).
    pub can_moderate: bool,
    /// Whether the caller may write posts here now, and if not, why.
    pub can_post: Result<(), String>,
    /// How much of the group reaches the caller as notifications; None unless a member.
    pub notifications: Option<crate::notify::types::GroupLevel>,
}

/// A member, for the members list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The member.
    pub person: crate::people::types::PersonRef,
    /// Their role here.
    pub role: GroupRole,
    /// Their standing here.
    pub status: MemberStatus,
    /// Their mute, shown to moderators while it lasts.
    pub muted: Option<Mute>,
}

/// What a new group is made from, as posted by the form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupFields {
    /// 3 to 80 characters.
    pub name: String,
    /// Up to 2,000 characters.
    pub description: String,
    /// `open`, `closed` or `secret`.
    pub privacy: String,
    /// `community`, `cohort` or `announcements`.
    pub kind: String,
}

/// A group's moderation settings, as posted by the settings form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupSettings {
    /// `off`, `new_members` or `all`.
    pub approval: String,
    /// How many first posts of a new member wait for approval.
    pub approval_threshold: String,
    /// Seconds between a member's posts; empty or 0 for none.
    pub slow_mode_seconds: String,
}
