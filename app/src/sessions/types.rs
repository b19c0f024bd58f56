//! Live sessions as they cross the wire.

use crate::people::types::PersonSummary;
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// Whom a session is for.
    pub enum Audience {
        Company = "company" => "Everyone in the company",
        Group = "group" => "A group's members",
        Path = "path" => "People assigned a learning path",
    }
}

db_enum! {
    /// A person's answer to a session, as it stands.
    pub enum Answer {
        Going = "going" => "Going",
        /// They want to go, but every place is taken: they move up when one opens.
        Waiting = "waiting" => "On the waiting list",
        Maybe = "maybe" => "Maybe",
        NotGoing = "not_going" => "Not going",
    }
}

impl Answer {
    /// Whether the person wants to be there: reminders and changes reach them.
    pub fn interested(self) -> bool {
        !matches!(self, Answer::NotGoing)
    }
}

db_enum! {
    /// Where a question in a session's Q&A stands.
    pub enum QuestionStatus {
        /// Asked in a moderated Q&A, waiting for a host's approval: only its author and the
        /// hosts see it.
        Waiting = "waiting" => "Waiting for approval",
        /// Open for votes.
        Open = "open" => "Open",
        /// The host is answering it now.
        Answering = "answering" => "Answering now",
        Answered = "answered" => "Answered",
        Dismissed = "dismissed" => "Dismissed",
    }
}

/// One message in a session's chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub id: i64,
    pub author: String,
    pub author_id: i64,
    /// Sanitised HTML.
    pub body_html: String,
    pub when: String,
    pub stamp: String,
}

/// One question in a session's Q&A.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    /// Who asked; None when they asked anonymously (admins still see the name).
    pub author: Option<String>,
    pub anonymous: bool,
    pub body_html: String,
    pub status: QuestionStatus,
    pub votes: i32,
    /// Whether the reader voted for it.
    pub voted: bool,
    /// Whether the reader asked it.
    pub mine: bool,
}

/// A session's room: its chat (the latest messages, oldest first) and its questions (the one being
/// answered first, then the most voted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub messages: Vec<ChatMessage>,
    /// Chat messages removed among those the room shows or might have: one that came over the
    /// socket and is here is not shown.
    pub removed: Vec<i64>,
    /// Until when the reader is muted in the room, in words, while they are.
    pub muted_until: Option<String>,
    /// The session's hosts, whom nobody mutes in it.
    pub host_ids: Vec<i64>,
    pub questions: Vec<Question>,
    /// Whether the reader runs the room: removes messages and decides on questions.
    pub hosts: bool,
    /// Whether questions may be asked without a name.
    pub anonymous_questions: bool,
    /// Whether questions wait for a host's approval.
    pub moderated: bool,
}

/// Where a session stands in time, as the reader loads the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Upcoming,
    Live,
    Past,
    Cancelled,
}

/// A session in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// Session id.
    pub id: i64,
    pub title: String,
    /// When, in the reader's time zone ("10 Dec 2026, 10:00–11:00 CET").
    pub when: String,
    /// Its start as an RFC 3339 stamp, for `<time datetime>`.
    pub stamp: String,
    /// Whom it is for, in words ("Everyone", "Members of Engineering Guild").
    pub audience: String,
    /// Its hosts' names.
    pub hosts: Vec<String>,
    /// People going.
    pub going: i32,
    /// The most people going, if there is a limit.
    pub capacity: Option<i32>,
    /// The word paths may ask for, if it has one.
    pub tag: Option<String>,
    pub phase: Phase,
    /// The reader's own answer, if they gave one.
    pub mine: Option<Answer>,
}

/// A session's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub summary: SessionSummary,
    /// The description, rendered from Markdown and sanitised.
    pub description_html: String,
    /// The time zone its hosts scheduled it in, and the times there when they differ from the
    /// reader's ("10:00–11:00 in Europe/Berlin").
    pub hosts_time: Option<String>,
    /// Where it streams: a meeting link, or an HLS address the page plays.
    pub stream_url: String,
    /// Its hosts.
    pub host_people: Vec<PersonSummary>,
    /// People waiting for a place.
    pub waiting: i64,
    /// The reader's place on the waiting list (1 is next), while they wait.
    pub my_place: Option<i64>,
    /// Whether the reader joined it while it ran.
    pub attended: bool,
    /// The library item its recording became, if one did.
    pub recording: Option<i64>,
    /// For hosts once it is over: the library categories they may add its recording to.
    pub recording_categories: Vec<(i64, String)>,
    /// Whether the reader may change or cancel it; then `fields` holds it as its form shows it.
    pub can_edit: bool,
    pub fields: Option<SessionFields>,
}

/// Whether a stream address is an HLS playlist, which the page plays itself rather than link to.
pub fn is_hls(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    path.to_ascii_lowercase().ends_with(".m3u8")
}

/// The Live page: sessions now, to come and past, as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveSessions {
    pub live: Vec<SessionSummary>,
    pub upcoming: Vec<SessionSummary>,
    pub past: Vec<SessionSummary>,
    /// Whether the reader has a private calendar address already.
    pub has_calendar: bool,
}

/// A session as typed into its form; the server checks every field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionFields {
    pub title: String,
    /// Markdown.
    pub description: String,
    /// Start and end as a `datetime-local` field sends them ("2026-12-10T10:00"), read in
    /// `time_zone`.
    pub starts: String,
    pub ends: String,
    /// An IANA time zone name ("Europe/Berlin").
    pub time_zone: String,
    /// `company`, `group:ID` or `path:ID`.
    pub audience: String,
    /// A meeting link or an HLS address (http or https).
    pub stream_url: String,
    /// The most people going; empty for no limit.
    pub capacity: String,
    /// Hosts' work emails, separated by commas; empty for the one scheduling it.
    pub hosts: String,
    /// "on" when questions wait for a host's approval (a checkbox).
    #[serde(default)]
    pub qa_moderated: String,
    /// "on" when questions may be asked without a name (a checkbox).
    #[serde(default)]
    pub anonymous_questions: String,
    /// One word learning paths may ask for ("onboarding"); empty for none.
    #[serde(default)]
    pub tag: String,
}

/// What a host fills in to put a session's recording in the library.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordingFields {
    /// The library category, by id.
    pub category: String,
    /// `link` for a recording watched elsewhere, `video` for a file the host uploads next.
    pub source: String,
    /// Where the recording is watched, for a link.
    pub url: String,
    /// The expertise topic whose experts review it.
    pub topic: String,
}

/// A recording put in the library: its item, and why it did not go to review if it did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordingSaved {
    pub item: i64,
    /// Why it waits as a draft rather than in review ("No expert in security yet").
    pub not_sent: Option<String>,
}

/// Whom the reader may schedule sessions for, and the time zone their browser named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionChoices {
    /// Admins schedule for the whole company and for paths' assignees.
    pub company: bool,
    /// Groups they facilitate (admins: every group), by id and name.
    pub groups: Vec<(i64, String)>,
    /// Paths (admins only), by id and title.
    pub paths: Vec<(i64, String)>,
    /// The reader's time zone, for the form's default.
    pub time_zone: String,
}

impl SessionChoices {
    /// Whether the reader may schedule any session at all.
    pub fn any(&self) -> bool {
        self.company || !self.groups.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::is_hls;

    #[test]
    fn hls_playlists_are_told_from_meeting_links() {
        assert!(is_hls("https://cdn.example.com/live/town-hall.m3u8"));
        assert!(is_hls(
            "https://cdn.example.com/live/MAIN.M3U8?token=abc#t=10"
        ));
        assert!(!is_hls("https://zoom.example.com/j/123?pwd=x.m3u8x"));
        assert!(!is_hls("https://meet.example.com/m3u8"));
        assert!(!is_hls("https://youtube.example.com/watch?v=1&f=.m3u8"));
    }
}
