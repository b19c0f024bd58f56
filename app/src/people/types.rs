//! Types about people that cross the wire.

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

/// What a person may do across the whole workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum Role {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "member"))]
    Member,
}

impl Role {
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Member => "Member",
        }
    }
}

/// Where an account is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum AccountStatus {
    /// Invited; has not set a password yet.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "invited"))]
    Invited,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "active"))]
    Active,
    /// Switched off by an admin: cannot sign in, sessions revoked.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "deactivated"))]
    Deactivated,
}

impl AccountStatus {
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::Invited => "Invited",
            AccountStatus::Active => "Active",
            AccountStatus::Deactivated => "Deactivated",
        }
    }
}

/// The kinds of tag on a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
pub enum TagKind {
    /// Something the person can do, chosen by the person.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "skill"))]
    Skill,
    /// Something the person wants to learn, chosen by the person.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "interest"))]
    Interest,
    /// A topic the person is a subject-matter expert in, granted by an admin.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "expert"))]
    Expert,
}

/// The signed-in person, as the app shell needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// Account id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Sign-in email.
    pub email: String,
    /// Workspace role.
    pub role: Role,
    /// URL of the avatar image, if any.
    pub avatar_url: Option<String>,
    /// The last event committed when this was read. The page's live connection starts after it,
    /// so what happens between the page's first drawing and its socket opening still reaches it.
    pub live_after: i64,
    /// How many of the person's notifications were unread when this was read (at most 99).
    pub unread_notifications: i64,
}

impl Me {
    /// Whether this person administers the workspace.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// A person as a row in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    /// Account id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Job title.
    pub title: String,
    /// Department.
    pub department: String,
    /// Office or city.
    pub location: String,
    /// URL of the avatar image, if any.
    pub avatar_url: Option<String>,
    /// Workspace role.
    pub role: Role,
    /// Account status (members only ever see active people).
    pub status: AccountStatus,
}

/// Someone referred to by name, such as a manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    /// Account id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Work email.
    pub email: String,
}

/// A whole profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The fields a list shows.
    pub summary: PersonSummary,
    /// Sign-in email.
    pub email: String,
    /// First working day, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// The person's manager.
    pub manager: Option<PersonRef>,
    /// People who report to this person.
    pub reports: Vec<PersonRef>,
    /// Free text about the person.
    pub bio: String,
    /// What they can do.
    pub skills: Vec<String>,
    /// What they want to learn.
    pub interests: Vec<String>,
    /// Topics they are a subject-matter expert in.
    pub expertise: Vec<String>,
    /// Whether the viewer may edit this profile.
    pub editable: bool,
    /// Who follows them and whom they follow.
    pub follows: Follows,
}

/// A person's followers and the people they follow, counted, as their profile shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Follows {
    /// How many people follow them.
    pub followers: i64,
    /// How many people they follow.
    pub following: i64,
    /// Whether the viewer is one of their followers.
    pub mine: bool,
}

/// Which of a person's follow lists is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowSide {
    /// The people who follow them.
    Followers,
    /// The people they follow.
    Following,
}

impl FollowSide {
    /// The list's heading.
    pub fn label(self) -> &'static str {
        match self {
            FollowSide::Followers => "Followers",
            FollowSide::Following => "Following",
        }
    }

    /// The last segment of the list's address, `/people/7/followers`.
    pub fn slug(self) -> &'static str {
        match self {
            FollowSide::Followers => "followers",
            FollowSide::Following => "following",
        }
    }
}

/// Someone who can help with a topic, and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expert {
    /// Who.
    pub person: PersonSummary,
    /// Why, the strongest first: "3 accepted answers about postgresql".
    pub reasons: Vec<String>,
}

/// Someone like the reader, suggested to follow, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Who.
    pub person: PersonSummary,
    /// Why, in a few words: "In your cohort, New hires, November 2026 · Also in Engineering".
    pub reason: String,
}

/// One page of a follow list, the most recent follow first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowPage {
    /// Whose list it is.
    pub name: String,
    /// The people on this page.
    pub people: Vec<PersonSummary>,
    /// Cursor for the next page, if there is one.
    pub next: Option<i64>,
}

/// One page of the people directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    /// The people on this page, ordered by name.
    pub people: Vec<PersonSummary>,
    /// Cursor for the next page, if there is one.
    pub next: Option<String>,
}

/// The values the directory can be filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Departments in use, sorted.
    pub departments: Vec<String>,
    /// Locations in use, sorted.
    pub locations: Vec<String>,
    /// Skills in use, sorted.
    pub skills: Vec<String>,
}

/// A profile as typed into its form; the server checks every field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFields {
    /// Display name (required).
    pub name: String,
    /// Job title.
    pub title: String,
    /// Department.
    pub department: String,
    /// Office or city.
    pub location: String,
    /// First working day, `YYYY-MM-DD`, or empty.
    pub start_date: String,
    /// The manager's work email, or empty.
    pub manager_email: String,
    /// Free text about the person.
    pub bio: String,
    /// Comma-separated skills.
    pub skills: String,
    /// Comma-separated interests.
    pub interests: String,
}

/// Someone to invite, as typed into the invitation form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteFields {
    /// Work email (required).
    pub email: String,
    /// Display name (required).
    pub name: String,
    /// Job title.
    pub title: String,
    /// Department.
    pub department: String,
    /// Office or city.
    pub location: String,
    /// First working day, `YYYY-MM-DD`, or empty.
    pub start_date: String,
    /// The manager's work email, or empty.
    pub manager_email: String,
}

/// A person just invited, with the link to send them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// Account id of the invited person.
    pub person_id: i64,
    /// Their email.
    pub email: String,
    /// Their name.
    pub name: String,
    /// The one-time link that lets them set a password.
    pub link: String,
}

/// A CSV row that was not imported because of bad data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// Line in the file, counting the header as line 1.
    pub line: i64,
    /// Column name as in the header (or `row` for the row as a whole).
    pub column: String,
    /// What is wrong, in words.
    pub message: String,
}

/// What a CSV import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// People invited by this import.
    pub invited: Vec<Invitation>,
    /// Emails already known, left as they were.
    pub already_present: Vec<String>,
    /// Rows refused, by line and column.
    pub problems: Vec<RowProblem>,
}

/// What an invitation link leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteState {
    /// The link is good: the person may set a password.
    Open {
        /// Invitee's name.
        name: String,
        /// Invitee's email.
        email: String,
    },
    /// The link is older than its lifetime.
    Expired,
    /// The link was already used to set a password.
    Used,
    /// No such link.
    Unknown,
}

/// Why an image upload (a photo, a cover) was refused. It travels back in the address as a code, and the page says it
/// in its own words, so a crafted link cannot put text of its choosing on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageProblem {
    Missing,
    TooLarge,
    NotAnImage,
    NotSaved,
}

impl ImageProblem {
    const ALL: [ImageProblem; 4] = [
        ImageProblem::Missing,
        ImageProblem::TooLarge,
        ImageProblem::NotAnImage,
        ImageProblem::NotSaved,
    ];

    /// The code in the address.
    pub fn code(self) -> &'static str {
        match self {
            ImageProblem::Missing => "missing",
            ImageProblem::TooLarge => "too-large",
            ImageProblem::NotAnImage => "not-an-image",
            ImageProblem::NotSaved => "not-saved",
        }
    }

    /// The problem a code stands for, if it is one.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|problem| problem.code() == code)
    }

    /// What the person is told.
    pub fn message(self) -> &'static str {
        match self {
            ImageProblem::Missing => "Choose an image to upload.",
            ImageProblem::TooLarge => "That image is larger than 2 MB. Choose a smaller one.",
            ImageProblem::NotAnImage => "That file is not a PNG, JPEG, GIF or WebP image.",
            ImageProblem::NotSaved => "We couldn't save that image. Please try again.",
        }
    }
}
