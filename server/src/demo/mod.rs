//! The demo workspace: an admin and a few colleagues, seeded into an empty database on request.

use app::{
    auth::ssr::hash_password,
    db::{
        comment, group, library_category, library_category_audience, library_category_editor,
        library_item, library_item_version, library_review, post, user,
    },
    error::AppError,
    feed::{
        markdown::render,
        types::{PostKind, PostStatus},
    },
    groups::{
        ssr::new_member,
        types::{Approval, GroupKind, GroupRole, MemberStatus, Privacy},
    },
    library::types::{ItemKind, ItemStatus, ReviewDecision},
    people::{
        ssr::{new_account, replace_tags},
        types::{AccountStatus, Role, TagKind},
    },
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use std::collections::HashMap;

mod learning;
mod sessions;

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const PASSWORD: &str = "wellspring-demo";

struct DemoPerson {
    email: &'static str,
    name: &'static str,
    title: &'static str,
    department: &'static str,
    location: &'static str,
    started: (i32, u32, u32),
    skills: &'static [&'static str],
    interests: &'static [&'static str],
    bio: &'static str,
    /// Topics the person reviews library items in.
    expert_in: &'static [&'static str],
}

const PEOPLE: &[DemoPerson] = &[
    DemoPerson {
        email: ADMIN_EMAIL,
        name: "Amara Okafor",
        title: "Head of Learning",
        department: "People",
        location: "Lagos",
        started: (2021, 2, 1),
        skills: &["facilitation", "instructional design"],
        interests: &["data storytelling"],
        bio: "I look after how we learn here. Ask me about paths, courses and mentoring.",
        expert_in: &[],
    },
    DemoPerson {
        email: "jonas@example.com",
        name: "Jonas Lindqvist",
        title: "Staff Engineer",
        department: "Engineering",
        location: "Stockholm",
        started: (2019, 9, 2),
        skills: &["rust", "postgresql", "code review"],
        interests: &["public speaking"],
        bio: "Backend and databases. Happy to pair on anything that touches SQL.",
        expert_in: &["security", "postgresql"],
    },
    DemoPerson {
        email: "priya@example.com",
        name: "Priya Raman",
        title: "Product Designer",
        department: "Design",
        location: "Bengaluru",
        started: (2022, 5, 16),
        skills: &["accessibility", "user research", "figma"],
        interests: &["rust"],
        bio: "I design for people who are busy. Ask me about accessibility.",
        expert_in: &["accessibility"],
    },
    DemoPerson {
        email: "mateo@example.com",
        name: "Mateo García",
        title: "Account Executive",
        department: "Sales",
        location: "Madrid",
        started: (2023, 1, 9),
        skills: &["negotiation", "public speaking"],
        interests: &["sql"],
        bio: "",
        expert_in: &[],
    },
    DemoPerson {
        email: "lena@example.com",
        name: "Lena Fischer",
        title: "Support Lead",
        department: "Customer Success",
        location: "Berlin",
        started: (2020, 11, 2),
        skills: &["coaching", "customer empathy"],
        interests: &["instructional design"],
        bio: "Our customers' voice inside the company.",
        expert_in: &[],
    },
    DemoPerson {
        email: "kenji@example.com",
        name: "Kenji Watanabe",
        title: "Software Engineer",
        department: "Engineering",
        location: "Tokyo",
        started: (2026, 11, 2),
        skills: &["typescript"],
        interests: &["rust", "code review"],
        bio: "New here! Learning the codebase one module at a time.",
        expert_in: &[],
    },
];

/// Whether the demo admin can sign in here, so start-up may say how.
pub async fn admin_exists(db: &DatabaseConnection) -> Result<bool, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(ADMIN_EMAIL))
        .filter(user::Column::PasswordHash.is_not_null())
        .count(db)
        .await?
        > 0)
}

/// Seeds the demo workspace when nobody has an account yet.
pub async fn seed_if_empty(db: &DatabaseConnection) -> Result<(), AppError> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let hash = hash_password(PASSWORD.to_string()).await?;
    let txn = db.begin().await?;
    let mut admin_id = None;
    let mut ids = Vec::new();
    for person in PEOPLE {
        let (year, month, day) = person.started;
        let role = if admin_id.is_none() {
            Role::Admin
        } else {
            Role::Member
        };
        let mut account = new_account(
            person.email.to_string(),
            person.name.to_string(),
            role,
            AccountStatus::Active,
            Some(hash.clone()),
        );
        account.title = Set(person.title.to_string());
        account.department = Set(person.department.to_string());
        account.location = Set(person.location.to_string());
        account.start_date = Set(NaiveDate::from_ymd_opt(year, month, day));
        account.manager_id = Set(admin_id);
        account.bio = Set(person.bio.to_string());
        let created = account.insert(&txn).await?;
        admin_id.get_or_insert(created.id);
        ids.push(created.id);
        let tags = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        replace_tags(&txn, created.id, TagKind::Skill, &tags(person.skills)).await?;
        replace_tags(&txn, created.id, TagKind::Interest, &tags(person.interests)).await?;
        replace_tags(&txn, created.id, TagKind::Expert, &tags(person.expert_in)).await?;
    }
    let groups = seed_conversations(&txn, &ids).await?;
    let article = seed_library(&txn, &ids).await?;
    learning::seed(&txn, &ids, groups[1], article).await?;
    sessions::seed(&txn, &ids, groups[0]).await?;
    txn.commit().await?;
    Ok(())
}

/// A group: its name, privacy, kind, and members by index in `PEOPLE` (the first is its owner).
struct DemoGroup {
    name: &'static str,
    description: &'static str,
    privacy: Privacy,
    kind: GroupKind,
    members: &'static [usize],
    /// Members who facilitate it, besides its owner.
    facilitators: &'static [usize],
}

const GROUPS: &[DemoGroup] = &[
    DemoGroup {
        name: "Engineering Guild",
        description: "Questions, answers and show-and-tell for everyone who builds our product.",
        privacy: Privacy::Open,
        kind: GroupKind::Community,
        members: &[1, 5, 2],
        facilitators: &[],
    },
    DemoGroup {
        name: "New hires, November 2026",
        description: "Your cohort: introduce yourself, ask anything, find a lunch buddy.",
        privacy: Privacy::Closed,
        kind: GroupKind::Cohort,
        members: &[0, 5, 4],
        facilitators: &[4],
    },
];

/// Posts: author, group (index in `GROUPS`, or none for the company feed), kind, words.
const POSTS: &[(usize, Option<usize>, PostKind, &str)] = &[
    (
        2,
        None,
        PostKind::Post,
        "Tip of the week: **alt text** on every image you post helps colleagues who use screen readers. Ask @priya if you want a quick review.",
    ),
    (
        5,
        Some(0),
        PostKind::Question,
        "How do I run the integration tests against PostgreSQL on my laptop?",
    ),
    (
        1,
        Some(0),
        PostKind::Post,
        "Show-and-tell on Thursday: how we made the feed's keyset pagination fast. Bring questions!",
    ),
    (
        5,
        Some(1),
        PostKind::Post,
        "Hi all, I'm Kenji and I just joined Engineering in Tokyo. Looking forward to learning with you!",
    ),
    (
        0,
        None,
        PostKind::Announcement,
        "Welcome to **Wellspring**, our home for learning together. Join a group, say hello in your cohort, and mark this as read.",
    ),
];

/// Seeds groups and their conversations; returns the groups' ids, in `GROUPS` order.
async fn seed_conversations(
    db: &impl ConnectionTrait,
    people: &[i64],
) -> Result<Vec<i64>, AppError> {
    let now = Utc::now();
    let mut groups = Vec::new();
    for demo in GROUPS {
        let group = group::ActiveModel {
            name: Set(demo.name.into()),
            description: Set(demo.description.into()),
            cover: Set(None),
            privacy: Set(demo.privacy),
            kind: Set(demo.kind),
            approval: Set(Approval::Off),
            approval_threshold: Set(0),
            slow_mode_seconds: Set(0),
            created_by: Set(Some(people[demo.members[0]])),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (place, member) in demo.members.iter().enumerate() {
            let role = if place == 0 {
                GroupRole::Owner
            } else if demo.facilitators.contains(member) {
                GroupRole::Facilitator
            } else {
                GroupRole::Member
            };
            new_member(group.id, people[*member], role, MemberStatus::Active)
                .insert(db)
                .await?;
        }
        groups.push(group.id);
    }
    let handles: HashMap<String, app::feed::markdown::Mentioned> = PEOPLE
        .iter()
        .zip(people)
        .map(|(person, id)| {
            let handle = person
                .email
                .split('@')
                .next()
                .unwrap_or_default()
                .to_string();
            (
                handle,
                app::feed::markdown::Mentioned {
                    id: *id,
                    name: person.name.into(),
                },
            )
        })
        .collect();
    let mut question = None;
    for (author, group, kind, body) in POSTS {
        let written = post::ActiveModel {
            author_id: Set(people[*author]),
            group_id: Set(group.map(|index| groups[index])),
            kind: Set(*kind),
            status: Set(PostStatus::Published),
            body: Set(body.to_string()),
            body_html: Set(render(body, &handles)),
            pinned_until: Set((*kind == PostKind::Announcement).then(|| now + Duration::days(14))),
            comments_locked: Set(false),
            accepted_comment_id: Set(None),
            comment_count: Set(0),
            created_at: Set(now),
            edited_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if *kind == PostKind::Question {
            question = Some(written);
        }
    }
    if let Some(question) = question {
        let answer = "Start PostgreSQL locally, then run `./dev unit`: every test runs on SQLite and PostgreSQL.";
        let answer = comment::ActiveModel {
            post_id: Set(question.id),
            parent_id: Set(None),
            author_id: Set(people[1]),
            status: Set(PostStatus::Published),
            body: Set(answer.into()),
            body_html: Set(render(answer, &handles)),
            created_at: Set(now),
            edited_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let mut question: post::ActiveModel = question.into();
        question.accepted_comment_id = Set(Some(answer.id));
        question.comment_count = Set(1);
        question.update(db).await?;
    }
    Ok(groups)
}

/// The library: a handbook for everyone, edited by Amara and Lena, with one article Priya approved;
/// and an engineering shelf for the Engineering department, edited by Jonas.
/// Seeds the library; returns the approved article's id.
async fn seed_library(db: &impl ConnectionTrait, people: &[i64]) -> Result<i64, AppError> {
    let now = Utc::now();
    let mut categories = Vec::new();
    for (name, description, department, editors) in [
        (
            "Company handbook",
            "How we work: policies, guides and the habits that make us good colleagues.",
            None,
            &[0, 4][..],
        ),
        (
            "Engineering",
            "Runbooks, architecture notes and the tools we build with.",
            Some("Engineering"),
            &[1][..],
        ),
    ] {
        let category = library_category::ActiveModel {
            parent_id: Set(None),
            name: Set(name.into()),
            description: Set(description.into()),
            everyone: Set(department.is_none()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if let Some(department) = department {
            library_category_audience::ActiveModel {
                category_id: Set(category.id),
                group_id: Set(None),
                department: Set(Some(department.into())),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        for editor in editors {
            library_category_editor::ActiveModel {
                category_id: Set(category.id),
                user_id: Set(people[*editor]),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        categories.push(category.id);
    }
    let body = "Describe what the image **shows and why it is there**, in a sentence.\n\n\
        - Skip \"image of\": screen readers already say it.\n\
        - Charts: give the takeaway, then the numbers.\n\
        - Decorative images get empty alt text.";
    let article = library_item::ActiveModel {
        category_id: Set(categories[0]),
        kind: Set(ItemKind::Article),
        status: Set(ItemStatus::Published),
        title: Set("Writing alt text that helps".into()),
        summary: Set("Five minutes to make every image you share readable by everyone.".into()),
        topic: Set("accessibility".into()),
        body: Set(body.into()),
        url: Set(String::new()),
        media_id: Set(None),
        poster_id: Set(None),
        owner_id: Set(people[0]),
        reviewer_id: Set(Some(people[2])),
        review_by: Set(Some(now.date_naive() + Duration::days(182))),
        version: Set(1),
        reviewed_version: Set(Some(1)),
        published_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let article_id = article.id;
    library_item_version::ActiveModel {
        item_id: Set(article.id),
        number: Set(1),
        title: Set(article.title),
        summary: Set(article.summary),
        body: Set(article.body),
        url: Set(article.url),
        media_id: Set(None),
        poster_id: Set(None),
        edited_by: Set(Some(people[0])),
        note: Set("Started".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    library_review::ActiveModel {
        item_id: Set(article.id),
        version: Set(1),
        reviewer_id: Set(people[2]),
        decision: Set(ReviewDecision::Approved),
        comment: Set("Clear and kind. Approved.".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(article_id)
}
