//! Notifications as they cross the wire.

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

db_enum! {
    /// What a notification tells of; each is also a kind of email one may stop.
    pub enum NoticeKind {
        /// Someone @mentioned me in a post or a comment.
        Mention = "mention" => "Mentions",
        /// Someone commented on my post.
        Comment = "comment" => "Comments on your posts",
        /// Someone replied to my comment.
        Reply = "reply" => "Replies to your comments",
        /// Someone reacted to my post.
        Reaction = "reaction" => "Reactions to your posts",
        /// I was awarded a badge.
        BadgeAwarded = "badge_awarded" => "Badges you earn",
        /// Someone started following me.
        Follower = "follower" => "New followers",
        /// My answer was accepted.
        AnswerAccepted = "answer_accepted" => "Accepted answers",
        /// My post, waiting for approval, was approved.
        PostApproved = "post_approved" => "Posts approved",
        /// My post was declined or removed.
        PostRemoved = "post_removed" => "Posts removed",
        /// My post was hidden.
        PostHidden = "post_hidden" => "Posts hidden",
        /// A report I made was resolved.
        ReportResolved = "report_resolved" => "Reports resolved",
        /// My request to join a group was approved.
        JoinApproved = "join_approved" => "Join requests approved",
        /// My request to join a group was declined.
        JoinDeclined = "join_declined" => "Join requests declined",
        /// Someone asks to join a group I facilitate.
        JoinRequested = "join_requested" => "Requests to join your groups",
        /// An announcement in one of my groups.
        Announcement = "announcement" => "Announcements",
        /// A library item or course waits for my review as an expert in its topic.
        ReviewRequested = "review_requested" => "Work waiting for your review",
        /// An expert approved my library item or course.
        ReviewApproved = "review_approved" => "Your work approved",
        /// An expert sent my library item or course back, with a note.
        ReviewSentBack = "review_sent_back" => "Your work sent back",
        /// A learning path was assigned to me.
        PathAssigned = "path_assigned" => "Learning paths assigned to you",
        /// A learning path of mine is due in three days or less and not finished.
        PathDueSoon = "path_due_soon" => "Learning paths due soon",
        /// A learning path of mine is past its due day and not finished.
        PathOverdue = "path_overdue" => "Learning paths overdue",
        /// A new post in a group whose every post I follow.
        GroupPost = "group_post" => "New posts in groups you follow closely",
        /// An email of an onboarding campaign (never a notification in Wellspring itself).
        Campaign = "campaign" => "Onboarding emails from your learning team",
        /// The digest of posts I missed in my groups and the company feed (an email only).
        Missed = "missed" => "What you missed in your groups",
        /// A live session I said I'd go to is about to start.
        SessionReminder = "session_reminder" => "Reminders of live sessions",
        /// A live session I answered changed time, place or title.
        SessionChanged = "session_changed" => "Changes to live sessions",
        /// A live session I answered was cancelled.
        SessionCancelled = "session_cancelled" => "Live sessions cancelled",
        /// A place opened and I moved up from the waiting list.
        SessionSeat = "session_seat" => "A place at a live session",
    }
}

/// One notification as its reader sees it: the server writes the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Notification id.
    pub id: i64,
    /// What it tells of.
    pub kind: NoticeKind,
    /// The sentence shown, such as "Priya Shah and 2 others commented on your post “Welcome!”".
    pub words: String,
    /// A moderator's reason or a quote, shown under the sentence.
    pub detail: Option<String>,
    /// Where it leads; None when the thing it is about is gone.
    pub link: Option<String>,
    /// When it last happened, in the reader's time zone.
    pub when: String,
    /// The same moment as an RFC 3339 stamp, for `<time datetime>`.
    pub stamp: String,
    /// Whether the reader has read it.
    pub read: bool,
}

/// Where a page of notifications ends: the next page starts after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeCursor {
    /// The last notification's time, in microseconds since 1970.
    pub at: i64,
    /// The last notification's id.
    pub id: i64,
}

/// One page of notifications, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePage {
    /// The notifications on this page.
    pub notices: Vec<Notice>,
    /// Where the next page starts; None on the last page.
    pub next: Option<NoticeCursor>,
}

db_enum! {
    /// How much of a group reaches a member.
    pub enum GroupLevel {
        /// Every new post, and the highlights.
        All = "all" => "All posts",
        /// Announcements, mentions, comments and replies to me: the default.
        Highlights = "highlights" => "Highlights",
        /// Only announcements and decisions about my own posts and requests.
        Off = "off" => "Off",
    }
}

db_enum! {
    /// What an email is.
    pub enum MailKind {
        /// An invitation to join: essential, never unsubscribed from.
        Invitation = "invitation" => "Invitation",
        /// A notification sent at once.
        Notification = "notification" => "Notification",
        /// An email of an onboarding campaign.
        Campaign = "campaign" => "Onboarding email",
        /// A daily or weekly digest.
        Digest = "digest" => "Digest",
        /// A campaign email an admin sent themselves to try it.
        CampaignTest = "campaign_test" => "Onboarding email (test)",
    }
}

db_enum! {
    /// Where an email stands.
    pub enum MailStatus {
        /// Waiting to be sent, or to be tried again.
        Queued = "queued" => "Waiting",
        Sent = "sent" => "Sent",
        /// Given up on after repeated failures.
        Failed = "failed" => "Failed",
    }
}

db_enum! {
    /// How a kind of notification reaches someone by email.
    pub enum Cadence {
        /// An email as it happens.
        Instant = "instant" => "Email me at once",
        /// Gathered into one email a day.
        Daily = "daily" => "In a daily digest",
        /// Gathered into one email a week.
        Weekly = "weekly" => "In a weekly digest",
        /// Only in Wellspring.
        Never = "never" => "Don't email me",
    }
}

impl Cadence {
    /// The choices a kind of email offers: what I missed comes only as a digest, and onboarding
    /// emails keep their own schedule.
    pub fn offered(kind: NoticeKind) -> &'static [Cadence] {
        match kind {
            NoticeKind::Missed => &[Cadence::Daily, Cadence::Weekly, Cadence::Never],
            // A reminder fifteen minutes ahead is no use in tomorrow's digest.
            NoticeKind::Campaign | NoticeKind::SessionReminder => {
                &[Cadence::Instant, Cadence::Never]
            }
            _ => Cadence::ALL,
        }
    }

    /// How a kind reaches someone who never chose: notifications at once, except reactions and new
    /// followers (in the daily digest: an email per thumbs-up would be noise) and what they missed
    /// (weekly).
    pub fn default_for(kind: NoticeKind) -> Cadence {
        match kind {
            NoticeKind::Reaction | NoticeKind::Follower => Cadence::Daily,
            NoticeKind::Missed => Cadence::Weekly,
            _ => Cadence::Instant,
        }
    }
}

/// One kind of notification and how the reader wants it by email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailChoice {
    /// The kind of notification.
    pub kind: NoticeKind,
    /// How it reaches the reader by email.
    pub cadence: Cadence,
}

/// An email as an admin sees it in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    /// Outbox id.
    pub id: i64,
    /// What it is.
    pub kind: MailKind,
    /// Where it goes.
    pub to: String,
    /// Its subject.
    pub subject: String,
    /// Its plain-text body, links included.
    pub text: String,
    /// Whether it waits, went out or was given up on.
    pub status: MailStatus,
    /// Failed attempts so far.
    pub attempts: i32,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
    /// When it was queued, in the reader's time zone.
    pub queued: String,
}

/// The outbox as an admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// Whether an SMTP server is configured; without one, mail waits here.
    pub sending: bool,
    /// The newest messages, newest first.
    pub mails: Vec<OutboxMail>,
}
