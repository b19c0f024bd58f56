//! Every server function, and the live websocket, called by every kind of caller: allowed or refused
//! as the policy says. A server function missing from the table fails the test.
//!
//! Group functions act on a closed group made afresh for every call, so no call sees what another
//! changed: its owner facilitates it, the member belongs to it, and the "other" member and
//! facilitator belong to a second group only.

use crate::{
    common::{Backend, TestApp, invite_form, pairs, post_form, profile_form, spawn_app},
    fixtures::{
        new_category, new_comment, new_course, new_expert, new_group, new_item, new_lesson,
        new_post, new_question,
    },
};
use app::{
    badges::types::{BadgeIcon, BadgeRule},
    courses::types::LessonKind,
    db::{
        badge, badge_award, campaign, campaign_step, library_category_audience,
        library_category_editor, library_feedback, live_message, live_question, live_session,
        notification, path, path_assignment, path_step, report,
    },
    feed::types::PostKind,
    groups::{
        ssr::new_member,
        types::{GroupRole, MemberStatus},
    },
    library::types::{FeedbackKind, ItemStatus},
    moderation::types::ReportStatus,
    notify::types::NoticeKind,
    paths::types::{Audience, StepKind},
    people::types::{AccountStatus, Role},
    sessions::types::{Audience as SessionAudience, QuestionStatus},
};
use chrono::Utc;
use reqwest::{Client, StatusCode};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr,
};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Anonymous,
    /// A member of the group acted on.
    Member,
    /// A member of another group only.
    OtherMember,
    /// A facilitator of another group only.
    OtherFacilitator,
    /// The owner, and so a facilitator, of the group acted on.
    Facilitator,
    Admin,
}

const CALLERS: [Caller; 6] = [
    Caller::Anonymous,
    Caller::Member,
    Caller::OtherMember,
    Caller::OtherFacilitator,
    Caller::Facilitator,
    Caller::Admin,
];

/// What each kind of caller gets, in the order of `CALLERS`: `OK` or the refusal's status.
struct Row {
    endpoint: &'static str,
    expected: [StatusCode; 6],
}

const OK: StatusCode = StatusCode::OK;
const UNAUTH: StatusCode = StatusCode::UNAUTHORIZED;
const FORBID: StatusCode = StatusCode::FORBIDDEN;
const NOPE: StatusCode = StatusCode::NOT_FOUND;
const TAKEN: StatusCode = StatusCode::CONFLICT;
const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
const UPGRADE: StatusCode = StatusCode::SWITCHING_PROTOCOLS;

/// A badge named `name` (of `group`, or the company's), awarded to `person`: the badge's id and
/// the award's. Its rule (helpful marks) nobody meets yet.
async fn new_award(app: &TestApp, name: &str, person: i64, group: Option<i64>) -> (String, String) {
    let now = Utc::now();
    let badge = badge::ActiveModel {
        name: Set(name.into()),
        description: Set("A badge".into()),
        criteria: Set(String::new()),
        criteria_html: Set(String::new()),
        icon: Set(BadgeIcon::Star),
        group_id: Set(group),
        rule: Set(BadgeRule::Helpful),
        rule_count: Set(1_000),
        rule_course_id: Set(None),
        created_by: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let award = badge_award::ActiveModel {
        badge_id: Set(badge.id),
        user_id: Set(person),
        awarded_by: Set(None),
        note: Set("For the test".into()),
        awarded_at: Set(now),
        revoked_at: Set(None),
        revoked_by: Set(None),
        revoke_reason: Set(String::new()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    (badge.id.to_string(), award.id.to_string())
}

/// A live session a week ahead, for the company or for `group`, with nobody hosting it.
async fn new_session(app: &TestApp, group: Option<i64>) -> i64 {
    let starts = Utc::now() + chrono::Duration::days(7);
    live_session::ActiveModel {
        title: Set("Town hall".into()),
        description: Set(String::new()),
        description_html: Set(String::new()),
        starts_at: Set(starts),
        ends_at: Set(starts + chrono::Duration::hours(1)),
        time_zone: Set("UTC".into()),
        audience: Set(if group.is_some() {
            SessionAudience::Group
        } else {
            SessionAudience::Company
        }),
        group_id: Set(group),
        path_id: Set(None),
        stream_url: Set("https://meet.example/town-hall".into()),
        capacity: Set(None),
        going_count: Set(0),
        cancelled: Set(false),
        sequence: Set(0),
        created_by: Set(None),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A session's form a week ahead, for `audience`.
fn session_form(audience: &str) -> Vec<(String, String)> {
    let day = (Utc::now() + chrono::Duration::days(7)).format("%Y-%m-%d");
    pairs(&[
        ("session[title]", "Town hall"),
        ("session[description]", ""),
        ("session[starts]", &format!("{day}T10:00")),
        ("session[ends]", &format!("{day}T11:00")),
        ("session[time_zone]", "UTC"),
        ("session[audience]", audience),
        ("session[stream_url]", "https://meet.example/town-hall"),
        ("session[capacity]", ""),
        ("session[hosts]", ""),
    ])
}

const fn row(endpoint: &'static str, expected: [StatusCode; 6]) -> Row {
    Row { endpoint, expected }
}

/// The server function a row calls: rows named "f (case)" call `f` on another case of it, and
/// `list_every_account` is `list_people` asked for every status.
fn called(endpoint: &str) -> String {
    let endpoint = endpoint.split(' ').next().unwrap_or(endpoint);
    endpoint.replace("list_every_account", "list_people")
}

/// Any signed-in person.
const SIGNED_IN: [StatusCode; 6] = [UNAUTH, OK, OK, OK, OK, OK];
/// Admins only.
const ADMINS: [StatusCode; 6] = [UNAUTH, FORBID, FORBID, FORBID, FORBID, OK];
/// The group's facilitators and admins; others who can see the group are refused.
const MODERATORS: [StatusCode; 6] = [UNAUTH, FORBID, FORBID, FORBID, OK, OK];
/// Readers of the closed group; outsiders are refused.
const READERS: [StatusCode; 6] = [UNAUTH, OK, FORBID, FORBID, OK, OK];
/// Something inside the closed group: outsiders do not even learn it exists.
const INSIDE: [StatusCode; 6] = [UNAUTH, OK, NOPE, NOPE, OK, OK];
/// A post's moderation: its readers who do not moderate are refused, outsiders told nothing.
const MODERATE_INSIDE: [StatusCode; 6] = [UNAUTH, FORBID, NOPE, NOPE, OK, OK];
/// The author's own words (the target member wrote them): everyone else is refused.
const AUTHOR_ONLY: [StatusCode; 6] = [UNAUTH, FORBID, NOPE, NOPE, FORBID, FORBID];
/// A library draft, kept by its owner (the facilitator, who edits the category) and admins.
const KEEPERS: [StatusCode; 6] = [UNAUTH, NOPE, NOPE, NOPE, OK, OK];

/// Functions anyone may call (signing in, opening an invitation, unsubscribing by a signed link) are
/// tested for what they do in the accounts, invitations and email tests; here they are only listed.
const PUBLIC: &[&str] = &[
    "sign_in",
    "check_invite",
    "accept_invite",
    "unsubscribe_email",
];

const TABLE: &[Row] = &[
    row("current_user", [OK; 6]),
    row("draw_part", SIGNED_IN),
    row("sign_out", [OK; 6]),
    row("list_people", SIGNED_IN),
    row("list_every_account", ADMINS),
    row("directory_facets", SIGNED_IN),
    row("get_person", SIGNED_IN),
    row("follow_person", SIGNED_IN),
    row("list_follows", SIGNED_IN),
    row("find_experts", SIGNED_IN),
    row("suggest_people", SIGNED_IN),
    row("list_badges", SIGNED_IN),
    row("get_badge", SIGNED_IN),
    row("person_badges", SIGNED_IN),
    row("badge_making", SIGNED_IN),
    row("create_badge", ADMINS),
    row("award_badge", ADMINS),
    row("revoke_award", ADMINS),
    row("award_qualified_badge", ADMINS),
    // A group's badges: its facilitators manage them, and outsiders do not learn they exist.
    row("get_badge (group)", INSIDE),
    row("create_badge (group)", MODERATORS),
    row("award_badge (group)", MODERATE_INSIDE),
    row("revoke_award (group)", MODERATE_INSIDE),
    row("award_qualified_badge (group)", MODERATE_INSIDE),
    row("dismiss_suggestion", SIGNED_IN),
    row("list_sessions", SIGNED_IN),
    row("get_session", SIGNED_IN),
    row("session_options", SIGNED_IN),
    row("create_session", ADMINS),
    row("update_session", ADMINS),
    row("cancel_session", ADMINS),
    row("answer_session", SIGNED_IN),
    row("new_calendar_link", SIGNED_IN),
    row("add_session_recording", ADMINS),
    row("get_room", SIGNED_IN),
    row("send_chat", SIGNED_IN),
    row("remove_chat", ADMINS),
    row("mute_in_room", ADMINS),
    row("ask_question", SIGNED_IN),
    row("vote_question", SIGNED_IN),
    row("decide_question", ADMINS),
    // A group's sessions: its facilitators run them, and outsiders do not learn they exist.
    row("get_session (group)", INSIDE),
    row("create_session (group)", MODERATORS),
    row("update_session (group)", MODERATE_INSIDE),
    row("cancel_session (group)", MODERATE_INSIDE),
    row("answer_session (group)", INSIDE),
    row("update_profile", ADMINS),
    row("invite_person", ADMINS),
    row("import_people", ADMINS),
    row("renew_invite", ADMINS),
    row("set_role", ADMINS),
    row("set_expertise", ADMINS),
    row("deactivate_person", ADMINS),
    row("reactivate_person", ADMINS),
    // Groups.
    row("list_groups", SIGNED_IN),
    row("get_group", SIGNED_IN),
    row("create_group", SIGNED_IN),
    row("join_group", [UNAUTH, TAKEN, OK, OK, TAKEN, OK]),
    row("leave_group", [UNAUTH, OK, TAKEN, TAKEN, TAKEN, TAKEN]),
    row("list_members", READERS),
    row("add_member", MODERATORS),
    row("decide_join", MODERATORS),
    row("set_member_role", MODERATORS),
    row("update_group_settings", MODERATORS),
    row("mute_member", MODERATORS),
    row("remove_member", MODERATORS),
    // Feeds.
    row("list_feed", READERS),
    row("feed_cards", READERS),
    row("get_post", INSIDE),
    row("get_card", INSIDE),
    row("create_post", [UNAUTH, OK, INVALID, INVALID, OK, INVALID]),
    row("edit_post", AUTHOR_ONLY),
    row("delete_post", AUTHOR_ONLY),
    row("list_comments", INSIDE),
    row("add_comment", INSIDE),
    row("edit_comment", AUTHOR_ONLY),
    row("delete_comment", AUTHOR_ONLY),
    row("toggle_reaction", INSIDE),
    row("accept_answer", MODERATE_INSIDE),
    row("mark_read", INSIDE),
    // Moderation.
    row("moderate_post", MODERATE_INSIDE),
    row("moderate_comment", MODERATE_INSIDE),
    row("pin_post", MODERATE_INSIDE),
    row("lock_comments", MODERATE_INSIDE),
    row("report_content", INSIDE),
    row("moderation_queue", MODERATORS),
    row("claim_report", MODERATORS),
    row("resolve_report", MODERATORS),
    row("moderation_log", MODERATORS),
    row("my_reports", SIGNED_IN),
    // Notifications: only one's own.
    row("list_notifications", SIGNED_IN),
    row("unread_notifications", SIGNED_IN),
    row(
        "mark_notification_read",
        [UNAUTH, OK, NOPE, NOPE, NOPE, NOPE],
    ),
    row("mark_all_notifications_read", SIGNED_IN),
    row("email_settings", SIGNED_IN),
    row("set_email_choice", SIGNED_IN),
    row("list_outbox", ADMINS),
    row("list_campaigns", ADMINS),
    row("create_campaign", ADMINS),
    row("get_campaign", ADMINS),
    row("add_campaign_step", ADMINS),
    row("remove_campaign_step", ADMINS),
    row("pause_campaign", ADMINS),
    row("preview_campaign_step", ADMINS),
    row("test_campaign_step", ADMINS),
    // Only the group's members choose what of it reaches them.
    row(
        "set_group_level",
        [UNAUTH, OK, INVALID, INVALID, OK, INVALID],
    ),
    // The library: a category for the closed group's members, edited by its facilitator; the
    // member is an expert in the items' topic.
    row("library_shelf", INSIDE),
    row("library_desk", SIGNED_IN),
    row("save_category", ADMINS),
    row("get_item", INSIDE),
    row("create_item", MODERATE_INSIDE),
    row("edit_item", KEEPERS),
    row("submit_item", KEEPERS),
    row("review_item", [UNAUTH, OK, NOPE, NOPE, TAKEN, FORBID]),
    row("archive_item", KEEPERS),
    row("item_versions", INSIDE),
    row("restore_version", MODERATE_INSIDE),
    row("item_feedback", INSIDE),
    row("resolve_flag", MODERATE_INSIDE),
    // Courses: the facilitator owns them; the member is an expert in their topic.
    row("list_courses", SIGNED_IN),
    row("get_course", SIGNED_IN),
    row("create_course", SIGNED_IN),
    row("add_lesson", KEEPERS),
    row("add_question", KEEPERS),
    row("submit_course", KEEPERS),
    row("review_course", [UNAUTH, OK, NOPE, NOPE, TAKEN, FORBID]),
    row("complete_lesson", SIGNED_IN),
    row("submit_quiz", SIGNED_IN),
    // Paths: one has a step in the closed group and is assigned to the member.
    row("my_learning", SIGNED_IN),
    row("list_paths", SIGNED_IN),
    row("get_path", INSIDE),
    row("create_path", ADMINS),
    row("add_step", ADMINS),
    row("move_step", ADMINS),
    row("remove_step", ADMINS),
    row("assign_path", ADMINS),
    row("unassign_path", ADMINS),
    row("set_path_badge", ADMINS),
    row("award_path_badge", ADMINS),
    row("mark_step", [UNAUTH, OK, NOPE, NOPE, TAKEN, TAKEN]),
    row("path_progress", MODERATE_INSIDE),
    // Search: anyone signed in; what they find is tested in the search tests.
    row("search", SIGNED_IN),
    // The websocket: open to every signed-in person, who then receives only what they may see.
    row(
        "live",
        [UNAUTH, UPGRADE, UPGRADE, UPGRADE, UPGRADE, UPGRADE],
    ),
];

/// Everyone who calls, signed in once.
struct Cast {
    browsers: Vec<Client>,
    cookies: Vec<String>,
    member: i64,
    facilitator: i64,
    target: i64,
    requester: i64,
}

/// What a group call acts on, made afresh for each call.
struct Scene {
    group: i64,
    post: i64,
    comment: i64,
    question: i64,
    answer: i64,
    announcement: i64,
    report: i64,
    category: i64,
    draft: i64,
    in_review: i64,
    published: i64,
    flag: i64,
    courses: Courses,
    paths: Paths,
}

/// A path introducing people in the scene's group, with a link step, assigned to the member.
struct Paths {
    path: i64,
    link: i64,
    assignment: i64,
}

async fn paths(app: &TestApp, cast: &Cast, group: i64) -> Paths {
    let now = Utc::now();
    let path = path::ActiveModel {
        title: Set("Welcome".into()),
        summary: Set(String::new()),
        linear: Set(false),
        owner_id: Set(cast.facilitator),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let mut steps = Vec::new();
    for (kind, url) in [
        (StepKind::Introduce, ""),
        (StepKind::Link, "https://example.com"),
    ] {
        let step = path_step::ActiveModel {
            path_id: Set(path),
            position: Set(steps.len() as i32 + 1),
            kind: Set(kind),
            required: Set(true),
            title: Set(kind.label().into()),
            course_id: Set(None),
            library_item_id: Set(None),
            group_id: Set((kind == StepKind::Introduce).then_some(group)),
            url: Set(url.into()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        steps.push(step.id);
    }
    let assignment = path_assignment::ActiveModel {
        path_id: Set(path),
        audience: Set(Audience::Person),
        user_id: Set(Some(cast.member)),
        group_id: Set(None),
        department: Set(String::new()),
        location: Set(String::new()),
        started_after: Set(None),
        required: Set(true),
        due_on: Set(None),
        due_days: Set(None),
        created_by: Set(cast.facilitator),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    Paths {
        path,
        link: steps[1],
        assignment,
    }
}

/// Courses owned by the facilitator: a draft and a published one, each with a reading and a
/// one-question quiz, and one in review.
struct Courses {
    draft: i64,
    draft_quiz: i64,
    in_review: i64,
    published: i64,
    reading: i64,
    quiz: i64,
}

async fn cast(app: &TestApp) -> Cast {
    let mut browsers = vec![app.browser()];
    let mut cookies = vec![String::new()];
    let mut ids = Vec::new();
    for (name, role) in [
        ("member", Role::Member),
        ("other-member", Role::Member),
        ("other-facilitator", Role::Member),
        ("facilitator", Role::Member),
        ("admin", Role::Admin),
    ] {
        let (browser, person, cookie) = app
            .session_cookie(&format!("{name}@example.com"), role)
            .await;
        browsers.push(browser);
        cookies.push(cookie);
        ids.push(person.id);
    }
    let target = app
        .person("target@example.com", Role::Member, AccountStatus::Active)
        .await;
    let requester = app
        .person("requester@example.com", Role::Member, AccountStatus::Active)
        .await;
    // The second group, where the "other" callers belong.
    let other = new_group(app).await;
    new_member(other, ids[1], GroupRole::Member, MemberStatus::Active)
        .insert(&app.db)
        .await
        .unwrap();
    new_member(other, ids[2], GroupRole::Owner, MemberStatus::Active)
        .insert(&app.db)
        .await
        .unwrap();
    new_expert(app, ids[0], "security").await;
    Cast {
        browsers,
        cookies,
        member: ids[0],
        facilitator: ids[3],
        target: target.id,
        requester: requester.id,
    }
}

/// A library category only the group's members see, its facilitator as editor, and three items.
async fn library_scene(app: &TestApp, cast: &Cast, group: i64) -> (i64, i64, i64, i64, i64) {
    let category = new_category(app, "Group handbook", false).await;
    library_category_audience::ActiveModel {
        category_id: Set(category),
        group_id: Set(Some(group)),
        department: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    library_category_editor::ActiveModel {
        category_id: Set(category),
        user_id: Set(cast.facilitator),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let draft = new_item(app, category, cast.facilitator, ItemStatus::Draft).await;
    let in_review = new_item(app, category, cast.facilitator, ItemStatus::InReview).await;
    let published = new_item(app, category, cast.facilitator, ItemStatus::Published).await;
    let flag = library_feedback::ActiveModel {
        item_id: Set(published),
        user_id: Set(cast.target),
        kind: Set(FeedbackKind::Outdated),
        note: Set("Old".into()),
        created_at: Set(Utc::now()),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    (category, draft, in_review, published, flag)
}

async fn courses(app: &TestApp, owner: i64) -> Courses {
    let draft = new_course(app, owner, ItemStatus::Draft).await;
    new_lesson(app, draft, LessonKind::Text).await;
    let draft_quiz = new_lesson(app, draft, LessonKind::Quiz).await;
    let in_review = new_course(app, owner, ItemStatus::InReview).await;
    let published = new_course(app, owner, ItemStatus::Published).await;
    let reading = new_lesson(app, published, LessonKind::Text).await;
    let quiz = new_lesson(app, published, LessonKind::Quiz).await;
    for lesson in [draft_quiz, quiz] {
        new_question(app, lesson).await;
    }
    Courses {
        draft,
        draft_quiz,
        in_review,
        published,
        reading,
        quiz,
    }
}

async fn scene(app: &TestApp, cast: &Cast) -> Scene {
    let group = new_group(app).await;
    for (person, role, status) in [
        (cast.facilitator, GroupRole::Owner, MemberStatus::Active),
        (cast.member, GroupRole::Member, MemberStatus::Active),
        (cast.target, GroupRole::Member, MemberStatus::Active),
        (cast.requester, GroupRole::Member, MemberStatus::Requested),
    ] {
        new_member(group, person, role, status)
            .insert(&app.db)
            .await
            .unwrap();
    }
    let post = new_post(app, group, cast.target, PostKind::Post).await;
    let comment = new_comment(app, post, cast.target).await;
    let question = new_post(app, group, cast.target, PostKind::Question).await;
    let answer = new_comment(app, question, cast.member).await;
    let announcement = new_post(app, group, cast.facilitator, PostKind::Announcement).await;
    let report = report::ActiveModel {
        post_id: Set(post),
        comment_id: Set(None),
        group_id: Set(Some(group)),
        reporter_id: Set(cast.requester),
        reason: Set("Off topic".into()),
        status: Set(ReportStatus::Open),
        claimed_by: Set(None),
        outcome: Set(None),
        resolution: Set(String::new()),
        created_at: Set(Utc::now()),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let (category, draft, in_review, published, flag) = library_scene(app, cast, group).await;
    let courses = courses(app, cast.facilitator).await;
    let paths = paths(app, cast, group).await;
    Scene {
        group,
        post,
        comment,
        question,
        answer,
        announcement,
        report,
        category,
        draft,
        in_review,
        published,
        flag,
        courses,
        paths,
    }
}

/// A campaign with one email; answers both ids.
async fn campaign_scene(app: &TestApp) -> (i64, i64) {
    let campaign = campaign::ActiveModel {
        name: Set("Welcome".into()),
        department: Set(String::new()),
        location: Set(String::new()),
        started_after: Set(None),
        paused: Set(false),
        created_by: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let step = campaign_step::ActiveModel {
        campaign_id: Set(campaign),
        day: Set(0),
        subject: Set("Welcome, {first_name}".into()),
        body: Set("Glad you're here.".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    (campaign, step)
}

/// The form a call sends.
async fn fields(
    app: &TestApp,
    cast: &Cast,
    endpoint: &str,
    caller: Caller,
) -> Vec<(String, String)> {
    let scene = scene(app, cast).await;
    let [
        group,
        post,
        comment,
        question,
        answer,
        announcement,
        report,
        target,
        requester,
        category,
        draft,
        in_review,
        published,
        flag,
    ] = [
        scene.group,
        scene.post,
        scene.comment,
        scene.question,
        scene.answer,
        scene.announcement,
        scene.report,
        cast.target,
        cast.requester,
        scene.category,
        scene.draft,
        scene.in_review,
        scene.published,
        scene.flag,
    ]
    .map(|id| id.to_string());
    let fresh = format!("new-{endpoint}-{caller:?}@example.com").to_lowercase();
    let filter = [
        ("text", ""),
        ("department", ""),
        ("location", ""),
        ("skill", ""),
    ];
    match endpoint {
        "list_people" => pairs(&[&filter[..], &[("every_status", "false")]].concat()),
        "list_every_account" => pairs(&[&filter[..], &[("every_status", "true")]].concat()),
        "get_person" | "deactivate_person" | "reactivate_person" => pairs(&[("id", &target)]),
        "follow_person" => pairs(&[("id", &target), ("follow", "true")]),
        "list_follows" => pairs(&[("id", &target), ("side", "followers")]),
        "find_experts" => pairs(&[("topic", "security")]),
        "dismiss_suggestion" | "person_badges" => pairs(&[("id", &target)]),
        "create_badge" | "create_badge (group)" => {
            let group = if endpoint == "create_badge" {
                ""
            } else {
                &group
            };
            pairs(&[
                ("badge[name]", &fresh),
                ("badge[description]", "A badge"),
                ("badge[criteria]", ""),
                ("badge[icon]", "star"),
                ("badge[group]", group),
                ("badge[rule]", "hand"),
                ("badge[rule_count]", ""),
                ("badge[rule_course]", ""),
            ])
        }
        "get_badge"
        | "award_badge"
        | "revoke_award"
        | "award_qualified_badge"
        | "get_badge (group)"
        | "award_badge (group)"
        | "revoke_award (group)"
        | "award_qualified_badge (group)" => {
            let (called, place) = match endpoint.split_once(' ') {
                Some((called, _)) => (called, Some(scene.group)),
                None => (endpoint, None),
            };
            let (badge, award) = new_award(app, &fresh, cast.target, place).await;
            match called {
                "get_badge" | "award_qualified_badge" => pairs(&[("id", &badge)]),
                // To a member of the group, who does not hold it.
                "award_badge" => pairs(&[
                    ("id", &badge),
                    ("email", "member@example.com"),
                    ("note", "Well done"),
                ]),
                _ => pairs(&[("id", &award), ("reason", "By mistake")]),
            }
        }
        "list_sessions" | "session_options" | "new_calendar_link" => Vec::new(),
        "create_session" | "create_session (group)" => {
            let audience = if endpoint == "create_session" {
                "company".to_string()
            } else {
                format!("group:{group}")
            };
            session_form(&audience)
        }
        "get_session"
        | "update_session"
        | "cancel_session"
        | "answer_session"
        | "add_session_recording"
        | "get_session (group)"
        | "update_session (group)"
        | "cancel_session (group)"
        | "answer_session (group)" => {
            let (called, place) = match endpoint.split_once(' ') {
                Some((called, _)) => (called, Some(scene.group)),
                None => (endpoint, None),
            };
            let id = new_session(app, place).await.to_string();
            let mut fields = pairs(&[("id", &id)]);
            match called {
                "update_session" => fields.extend(session_form(&match place {
                    Some(group) => format!("group:{group}"),
                    None => "company".to_string(),
                })),
                "cancel_session" => fields.extend(pairs(&[("reason", "Moved")])),
                "answer_session" => fields.extend(pairs(&[("answer", "going")])),
                "add_session_recording" => {
                    let yesterday = Utc::now() - chrono::Duration::days(1);
                    live_session::Entity::update_many()
                        .col_expr(live_session::Column::StartsAt, Expr::value(yesterday))
                        .col_expr(
                            live_session::Column::EndsAt,
                            Expr::value(yesterday + chrono::Duration::hours(1)),
                        )
                        .filter(live_session::Column::Id.eq(id.parse::<i64>().unwrap()))
                        .exec(&app.db)
                        .await
                        .unwrap();
                    fields.extend(pairs(&[
                        ("recording[category]", &category),
                        ("recording[url]", "https://video.example/town-hall"),
                        ("recording[topic]", "security"),
                    ]));
                }
                _ => {}
            }
            fields
        }
        "get_room" | "send_chat" | "remove_chat" | "mute_in_room" | "ask_question"
        | "vote_question" | "decide_question" => {
            let session = new_session(app, None).await;
            // Running now, so its chat is open.
            live_session::Entity::update_many()
                .col_expr(
                    live_session::Column::StartsAt,
                    Expr::value(Utc::now() - chrono::Duration::minutes(5)),
                )
                .filter(live_session::Column::Id.eq(session))
                .exec(&app.db)
                .await
                .unwrap();
            let id = session.to_string();
            match endpoint {
                "get_room" => pairs(&[("id", &id)]),
                "send_chat" => pairs(&[("id", &id), ("body", "Hello")]),
                "ask_question" => pairs(&[("id", &id), ("body", "Why?"), ("anonymous", "")]),
                "remove_chat" | "mute_in_room" => {
                    let message = live_message::ActiveModel {
                        session_id: Set(session),
                        author_id: Set(cast.target),
                        body: Set("Hello".into()),
                        body_html: Set("<p>Hello</p>".into()),
                        created_at: Set(Utc::now()),
                        removed_at: Set(None),
                        ..Default::default()
                    }
                    .insert(&app.db)
                    .await
                    .unwrap();
                    let mut fields =
                        pairs(&[("id", &message.id.to_string()), ("reason", "Off topic")]);
                    if endpoint == "mute_in_room" {
                        fields.extend(pairs(&[("minutes", "15")]));
                    }
                    fields
                }
                _ => {
                    let question = live_question::ActiveModel {
                        session_id: Set(session),
                        author_id: Set(cast.target),
                        anonymous: Set(false),
                        body: Set("Why?".into()),
                        body_html: Set("<p>Why?</p>".into()),
                        status: Set(QuestionStatus::Open),
                        votes: Set(0),
                        created_at: Set(Utc::now()),
                        ..Default::default()
                    }
                    .insert(&app.db)
                    .await
                    .unwrap()
                    .id
                    .to_string();
                    if endpoint == "vote_question" {
                        pairs(&[("id", &question)])
                    } else {
                        pairs(&[("id", &question), ("status", "answering")])
                    }
                }
            }
        }
        "renew_invite" => {
            let invited = app
                .person(&fresh, Role::Member, AccountStatus::Invited)
                .await;
            pairs(&[("id", &invited.id.to_string())])
        }
        "set_role" => pairs(&[("id", &target), ("role", "Member")]),
        "set_expertise" => pairs(&[("id", &target), ("topics", "security")]),
        "update_profile" => profile_form(&target, &[("name", "Target")]),
        "invite_person" => invite_form(&[("email", &fresh), ("name", "New Person")]),
        "import_people" => pairs(&[("csv", "email,name\n")]),
        "get_group" | "join_group" | "leave_group" | "list_members" => pairs(&[("id", &group)]),
        "create_group" => pairs(&[
            ("group[name]", "A new group"),
            ("group[description]", ""),
            ("group[privacy]", "open"),
            ("group[kind]", "community"),
        ]),
        "add_member" => {
            app.person(&fresh, Role::Member, AccountStatus::Active)
                .await;
            pairs(&[("id", &group), ("email", &fresh)])
        }
        "decide_join" => pairs(&[("id", &group), ("person", &requester), ("approve", "true")]),
        "set_member_role" => pairs(&[("id", &group), ("person", &target), ("role", "facilitator")]),
        "update_group_settings" => pairs(&[
            ("id", &group),
            ("settings[approval]", "all"),
            ("settings[approval_threshold]", ""),
            ("settings[slow_mode_seconds]", "30"),
        ]),
        "mute_member" => pairs(&[
            ("id", &group),
            ("person", &target),
            ("minutes", "10"),
            ("reason", "Cool down"),
        ]),
        "remove_member" => pairs(&[
            ("id", &group),
            ("person", &target),
            ("block", "false"),
            ("reason", ""),
        ]),
        "draw_part" => pairs(&[("part", "HomeSide")]),
        "list_feed" | "feed_cards" => pairs(&[("scope[Group]", &group)]),
        "create_post" => pairs(&post_form(&group, "post", "Hello", "")),
        "get_post" | "get_card" | "delete_post" | "moderate_post" | "pin_post"
        | "lock_comments" => {
            let mut fields = pairs(&[("id", &post)]);
            fields.extend(match endpoint {
                "moderate_post" => pairs(&[("decision", "hide"), ("reason", "")]),
                "pin_post" => pairs(&[("days", "3")]),
                "lock_comments" => pairs(&[("locked", "true")]),
                _ => vec![],
            });
            fields
        }
        "edit_post" => pairs(&[("id", &post), ("body", "Changed")]),
        "list_comments" => pairs(&[("post", &post)]),
        "add_comment" => pairs(&[("post", &post), ("body", "Me too")]),
        "edit_comment" => pairs(&[("id", &comment), ("body", "Changed")]),
        "delete_comment" => pairs(&[("id", &comment)]),
        "moderate_comment" => pairs(&[("id", &comment), ("decision", "hide"), ("reason", "")]),
        "toggle_reaction" => pairs(&[("post", &post), ("reaction", "like")]),
        "accept_answer" => pairs(&[("post", &question), ("comment", &answer)]),
        "mark_read" => pairs(&[("post", &announcement)]),
        "set_email_choice" => pairs(&[("kind", "mention"), ("cadence", "never")]),
        "set_group_level" => pairs(&[("group", &group), ("level", "off")]),
        "create_campaign" => pairs(&[("campaign[name]", "Welcome")]),
        "get_campaign" | "pause_campaign" | "add_campaign_step" => {
            let (campaign, _) = campaign_scene(app).await;
            let campaign = campaign.to_string();
            match endpoint {
                "pause_campaign" => pairs(&[("id", &campaign), ("paused", "true")]),
                "add_campaign_step" => pairs(&[
                    ("campaign", &campaign),
                    ("step[day]", "3"),
                    ("step[subject]", "Hi {first_name}"),
                    ("step[body]", "Ask {manager}."),
                ]),
                _ => pairs(&[("id", &campaign)]),
            }
        }
        "remove_campaign_step" | "preview_campaign_step" | "test_campaign_step" => {
            let (_, step) = campaign_scene(app).await;
            let step = step.to_string();
            match endpoint {
                "remove_campaign_step" => pairs(&[("id", &step)]),
                "preview_campaign_step" => {
                    pairs(&[("step", &step), ("email", "target@example.com")])
                }
                _ => pairs(&[("step", &step)]),
            }
        }
        "mark_notification_read" => {
            let now = Utc::now();
            let mine = notification::ActiveModel {
                recipient_id: Set(cast.member),
                kind: Set(NoticeKind::Comment),
                actor_id: Set(Some(cast.target)),
                actor_count: Set(1),
                group_id: Set(Some(scene.group)),
                post_id: Set(Some(scene.post)),
                comment_id: Set(None),
                path_id: Set(None),
                item_id: Set(None),
                course_id: Set(None),
                reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                read_at: Set(None),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap();
            pairs(&[("id", &mine.id.to_string())])
        }
        "report_content" => pairs(&[("post", &post), ("reason", "Not kind")]),
        "moderation_queue" | "moderation_log" => pairs(&[("group", &group)]),
        "claim_report" => pairs(&[("id", &report)]),
        "resolve_report" => pairs(&[("id", &report), ("outcome", "kept"), ("reason", "")]),
        "library_shelf" => pairs(&[("category", &category)]),
        "save_category" => pairs(&[
            ("category[name]", "Onboarding"),
            ("category[departments]", "Sales"),
        ]),
        "get_item" | "item_versions" => pairs(&[("id", &published)]),
        "create_item" | "edit_item" => {
            let mut fields = pairs(&[
                ("item[category]", &category),
                ("item[kind]", "article"),
                ("item[title]", "Passwords"),
                ("item[topic]", "security"),
                ("item[body]", "Use a manager."),
            ]);
            if endpoint == "edit_item" {
                fields.extend(pairs(&[("id", &draft)]));
            }
            fields
        }
        "submit_item" => pairs(&[("id", &draft)]),
        "archive_item" => pairs(&[("id", &draft), ("archived", "true")]),
        "review_item" => pairs(&[
            ("id", &in_review),
            ("decision", "approved"),
            ("comment", ""),
            ("version", "1"),
        ]),
        "restore_version" => pairs(&[("id", &published), ("number", "1")]),
        "item_feedback" => pairs(&[
            ("id", &published),
            ("kind", "helpful"),
            ("on", "true"),
            ("note", ""),
        ]),
        "resolve_flag" => pairs(&[("id", &flag)]),
        "search" => pairs(&[("query[text]", "screen")]),
        "get_course" => pairs(&[("id", &scene.courses.published.to_string())]),
        "create_course" => pairs(&[
            ("course[title]", "Passwords"),
            ("course[topic]", "security"),
        ]),
        "add_lesson" => pairs(&[
            ("course", &scene.courses.draft.to_string()),
            ("lesson[kind]", "text"),
            ("lesson[title]", "Why"),
            ("lesson[body]", "Because."),
        ]),
        "add_question" => pairs(&[
            ("lesson", &scene.courses.draft_quiz.to_string()),
            ("question[kind]", "true_false"),
            ("question[prompt]", "Sure?"),
            ("question[correct]", "1"),
        ]),
        "submit_course" => pairs(&[("id", &scene.courses.draft.to_string())]),
        "review_course" => pairs(&[
            ("id", &scene.courses.in_review.to_string()),
            ("approve", "true"),
            ("comment", ""),
        ]),
        "complete_lesson" => pairs(&[("lesson", &scene.courses.reading.to_string())]),
        "submit_quiz" => pairs(&[
            ("lesson", &scene.courses.quiz.to_string()),
            ("answers", "[[0]]"),
            ("token", &format!("{caller:?}")),
        ]),
        "get_path" => pairs(&[("id", &scene.paths.path.to_string())]),
        "create_path" => pairs(&[("path[title]", "Onboarding")]),
        "add_step" => pairs(&[
            ("path", &scene.paths.path.to_string()),
            ("step[kind]", "ask"),
        ]),
        "move_step" => pairs(&[("step", &scene.paths.link.to_string()), ("earlier", "true")]),
        "remove_step" | "mark_step" => pairs(&[("step", &scene.paths.link.to_string())]),
        "assign_path" => pairs(&[
            ("path", &scene.paths.path.to_string()),
            ("assignment[audience]", "person"),
            ("assignment[email]", "target@example.com"),
        ]),
        "unassign_path" => pairs(&[("assignment", &scene.paths.assignment.to_string())]),
        "set_path_badge" | "award_path_badge" => {
            let (badge, _) = new_award(app, &fresh, cast.target, None).await;
            let mut row: path::ActiveModel = path::Entity::find_by_id(scene.paths.path)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .into();
            row.badge_id = Set(badge.parse().ok());
            row.update(&app.db).await.unwrap();
            let mut fields = pairs(&[("id", &scene.paths.path.to_string())]);
            if endpoint == "set_path_badge" {
                fields.extend(pairs(&[("badge", &badge)]));
            }
            fields
        }
        "path_progress" => pairs(&[
            ("path", &scene.paths.path.to_string()),
            ("filter[name]", ""),
        ]),
        _ => vec![],
    }
}

/// Opens the websocket as a browser would, returning the handshake's status.
async fn live_handshake(app: &TestApp, cookie: &str) -> StatusCode {
    let mut request = reqwest::Client::new()
        .get(format!("{}/live", app.base))
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .header("origin", &app.base);
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap().status()
}

async fn every_server_function_allows_and_refuses_as_the_policy_says(backend: Backend) {
    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let listed: BTreeSet<String> = TABLE
        .iter()
        .filter(|row| row.endpoint != "live")
        .map(|row| called(row.endpoint))
        .chain(PUBLIC.iter().map(|name| name.to_string()))
        .collect();
    assert_eq!(
        registered, listed,
        "every server function has a row in the policy table"
    );

    let app = spawn_app(backend).await;
    let cast = cast(&app).await;
    for row in TABLE {
        for (index, caller) in CALLERS.into_iter().enumerate() {
            let expected = row.expected[index];
            if row.endpoint == "live" {
                let status = live_handshake(&app, &cast.cookies[index]).await;
                assert_eq!(status, expected, "live as {caller:?}");
                continue;
            }
            let fields = fields(&app, &cast, row.endpoint, caller).await;
            let endpoint = called(row.endpoint);
            // Signing out would end the shared sessions; it is called on a session of its own.
            let browser = if endpoint == "sign_out" && caller != Caller::Anonymous {
                app.signed_in(
                    &format!("leaving-{caller:?}@example.com").to_lowercase(),
                    if caller == Caller::Admin {
                        Role::Admin
                    } else {
                        Role::Member
                    },
                )
                .await
                .0
            } else {
                cast.browsers[index].clone()
            };
            let response = app.submit(&browser, &endpoint, &fields).await;
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            assert_eq!(status, expected, "{} as {caller:?}: {body}", row.endpoint);
        }
    }
}

async fn the_live_session_of_a_deactivated_admin_is_refused_everywhere(backend: Backend) {
    let app = spawn_app(backend).await;
    let (first, _) = app.signed_in("first@example.com", Role::Admin).await;
    let (second, second_admin) = app.signed_in("second@example.com", Role::Admin).await;
    let id = second_admin.id.to_string();
    assert_eq!(
        app.call(&first, "deactivate_person", &[("id", &id)])
            .await
            .status(),
        OK
    );
    let response = app
        .call(
            &second,
            "import_people",
            &[("csv", "email,name\nx@example.com,X\n")],
        )
        .await;
    assert_eq!(response.status(), UNAUTH);
}

crate::on_both_databases!(
    every_server_function_allows_and_refuses_as_the_policy_says,
    the_live_session_of_a_deactivated_admin_is_refused_everywhere,
);
