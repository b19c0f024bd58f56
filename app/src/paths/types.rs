//! Types about learning paths that cross the wire. Dates travel as ISO `YYYY-MM-DD` strings.

use crate::people::types::PersonRef;
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// What a step asks of the learner.
    pub enum StepKind {
        /// Finish every lesson of a course.
        Course = "course" => "Take a course",
        /// Open a library item and acknowledge having read it.
        Read = "read" => "Read and acknowledge",
        /// Post in a group: done when the post is published there.
        Introduce = "introduce" => "Introduce yourself in a group",
        /// Ask a question anywhere: done when it is published.
        Ask = "ask" => "Ask a question",
        /// Comment on a post written by a subject-matter expert.
        CommentExpert = "comment_expert" => "Comment on an expert's post",
        /// Visit an external page and mark it done.
        Link = "link" => "Follow a link",
        /// Join a live session while it runs (a named one, or any with a tag): done when they join.
        Attend = "attend" => "Attend a live session",
    }
}

impl StepKind {
    /// Steps the learner marks done by hand; the others are done by doing them.
    pub fn marked_by_hand(self) -> bool {
        matches!(self, StepKind::Read | StepKind::Link)
    }
}

db_enum! {
    /// Whom an assignment reaches.
    pub enum Audience {
        Person = "person" => "One person",
        Group = "group" => "A group's members",
        /// Everyone whose profile matches: department, location, start date.
        Rule = "rule" => "Everyone who matches a rule",
    }
}

/// Where an assignee stands on a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    NotStarted,
    InProgress,
    Completed,
    /// Not completed, and past its due date.
    Overdue,
}

impl Standing {
    pub const ALL: &'static [Standing] = &[
        Standing::Completed,
        Standing::InProgress,
        Standing::NotStarted,
        Standing::Overdue,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Standing::NotStarted => "Not started",
            Standing::InProgress => "In progress",
            Standing::Completed => "Completed",
            Standing::Overdue => "Overdue",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::NotStarted => "not_started",
            Standing::InProgress => "in_progress",
            Standing::Completed => "completed",
            Standing::Overdue => "overdue",
        }
    }

    pub fn parse(value: &str) -> Option<Standing> {
        Standing::ALL
            .iter()
            .copied()
            .find(|standing| standing.as_str() == value)
    }
}

/// A path in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathCard {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub linear: bool,
    pub steps: u32,
}

/// How far one person is along a path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Required steps done (every step, when none is required).
    pub done: u32,
    pub of: u32,
    pub percent: u32,
    pub standing: Standing,
    /// Required, or only recommended.
    pub required: bool,
    pub due: Option<String>,
}

/// A step as one person sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub id: i64,
    pub position: i32,
    pub kind: StepKind,
    pub required: bool,
    pub title: String,
    /// Where the step is done: a course, an item, a group, a page.
    pub href: Option<String>,
    pub done: bool,
    /// In a linear path: a required step before it is not done yet.
    pub locked: bool,
}

/// A path on "My learning".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assigned {
    pub card: PathCard,
    pub progress: Progress,
    /// The first open step not done yet.
    pub next: Option<Step>,
}

/// An assignment as its managers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub id: i64,
    /// Whom it reaches, in words.
    pub reaches: String,
    pub required: bool,
    /// When it is due, in words, or empty.
    pub due: String,
}

/// A path's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathPage {
    pub card: PathCard,
    pub steps: Vec<Step>,
    /// The caller's progress, when the path is assigned to them.
    pub mine: Option<Progress>,
    pub can_manage: bool,
    pub can_see_progress: bool,
    /// Who the path is assigned to: for its managers only.
    pub assignments: Vec<AssignmentView>,
    /// What its steps and assignments can point at: for its managers only.
    pub choices: Choices,
    /// The badge completing it earns, if any.
    pub badge: Option<Choice>,
}

/// A course, library item or group an admin can pick, by its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

/// What a path's steps and assignments can point at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Choices {
    /// Published courses, by title.
    pub courses: Vec<Choice>,
    /// Published library items, the most recently published first; at most `ITEMS_LISTED`.
    pub items: Vec<Choice>,
    /// Groups people can find and ask to join, by name: where an introduction can be asked for.
    pub findable_groups: Vec<Choice>,
    /// Every group, by name: whose members a path can be assigned to.
    pub groups: Vec<Choice>,
    /// Every badge, by name: what completing the path can earn.
    pub badges: Vec<Choice>,
    /// Live sessions still to come, soonest first: which one a step asks to attend.
    pub sessions: Vec<Choice>,
}

/// Library items offered by name when adding a step; any other published item is chosen by its
/// number.
pub const ITEMS_LISTED: u64 = 1000;

/// What an admin fills in for a path.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PathFields {
    pub title: String,
    pub summary: String,
    /// "on" when steps unlock in order (a checkbox).
    pub linear: String,
}

/// What an admin fills in for a step; which target fields count depends on the kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepFields {
    pub kind: String,
    pub title: String,
    /// "optional" for an optional step; anything else is required.
    pub need: String,
    /// A course's id.
    pub course: String,
    /// A library item's id.
    pub item: String,
    /// A group's id.
    pub group: String,
    pub url: String,
    /// A live session's id.
    pub session: String,
    /// Instead of one session: any session with this tag.
    pub session_tag: String,
}

/// What an admin fills in to assign a path.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignmentFields {
    pub audience: String,
    /// For one person: their work email.
    pub email: String,
    /// For a group: its id.
    pub group: String,
    pub department: String,
    pub location: String,
    /// For a rule: people starting after this day (`YYYY-MM-DD`).
    pub started_after: String,
    /// "recommended", or anything else for required.
    pub need: String,
    /// A due day (`YYYY-MM-DD`).
    pub due_on: String,
    /// Or a number of days after the person's start date.
    pub due_days: String,
}

/// Filters on a path's progress table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgressFilter {
    /// A `Standing` value, or empty for all.
    pub standing: String,
    pub department: String,
    /// Part of a name or email.
    pub name: String,
}

/// One assignee's row in a progress table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressRow {
    pub person: PersonRef,
    pub department: String,
    pub location: String,
    pub progress: Progress,
    /// Per step, in order: done or not.
    pub steps: Vec<bool>,
}

/// A path's progress across its assignees, filtered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressReport {
    pub card: PathCard,
    /// The steps' titles, in order.
    pub steps: Vec<String>,
    /// Rows matching the filter, the ones most behind first; at most `ROWS_SHOWN`.
    pub rows: Vec<ProgressRow>,
    /// How many rows match the filter.
    pub matching: u32,
    /// Assignees the caller may see, before filtering.
    pub assignees: u32,
    /// Per standing, among matching rows, in `Standing::ALL` order.
    pub standings: Vec<u32>,
    /// Per step, how many matching rows have done it.
    pub step_done: Vec<u32>,
    /// Departments among the assignees, for the filter.
    pub departments: Vec<String>,
}

/// Rows a progress page shows at most; the CSV has them all.
pub const ROWS_SHOWN: usize = 200;
