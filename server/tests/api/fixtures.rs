//! Rows put straight into the database, for tests that need a scene rather than the flow that
//! makes it.

use crate::common::TestApp;
use app::{
    courses::types::{LessonKind, QuestionKind},
    db::{
        comment, course, course_lesson, group, library_category, library_item,
        library_item_version, post, quiz_question, user_tag,
    },
    feed::types::{PostKind, PostStatus},
    groups::types::{Approval, GroupKind, Privacy},
    library::types::{ItemKind, ItemStatus},
    people::types::TagKind,
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

pub async fn new_group(app: &TestApp) -> i64 {
    group::ActiveModel {
        name: Set("Closed group".into()),
        description: Set(String::new()),
        cover: Set(None),
        privacy: Set(Privacy::Closed),
        kind: Set(GroupKind::Community),
        approval: Set(Approval::Off),
        approval_threshold: Set(0),
        slow_mode_seconds: Set(0),
        created_by: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A secret group, which only its members know of.
pub async fn new_secret_group(app: &TestApp) -> i64 {
    let id = new_group(app).await;
    group::ActiveModel {
        id: Set(id),
        privacy: Set(Privacy::Secret),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    id
}

pub async fn new_post(app: &TestApp, group: i64, author: i64, kind: PostKind) -> i64 {
    post::ActiveModel {
        author_id: Set(author),
        group_id: Set(Some(group)),
        kind: Set(kind),
        status: Set(PostStatus::Published),
        body: Set("Words".into()),
        body_html: Set("<p>Words</p>".into()),
        pinned_until: Set(None),
        comments_locked: Set(false),
        accepted_comment_id: Set(None),
        comment_count: Set(1),
        created_at: Set(Utc::now()),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

pub async fn new_comment(app: &TestApp, post: i64, author: i64) -> i64 {
    comment::ActiveModel {
        post_id: Set(post),
        parent_id: Set(None),
        author_id: Set(author),
        status: Set(PostStatus::Published),
        body: Set("A reply".into()),
        body_html: Set("<p>A reply</p>".into()),
        created_at: Set(Utc::now()),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

pub async fn new_item(app: &TestApp, category: i64, owner: i64, status: ItemStatus) -> i64 {
    let now = Utc::now();
    let item = library_item::ActiveModel {
        category_id: Set(category),
        kind: Set(ItemKind::Article),
        status: Set(status),
        title: Set("Screen locking".into()),
        summary: Set(String::new()),
        topic: Set("security".into()),
        body: Set("Lock it.".into()),
        url: Set(String::new()),
        media_id: Set(None),
        poster_id: Set(None),
        owner_id: Set(owner),
        reviewer_id: Set(None),
        review_by: Set(None),
        version: Set(1),
        reviewed_version: Set((status == ItemStatus::Published).then_some(1)),
        published_at: Set((status == ItemStatus::Published).then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    library_item_version::ActiveModel {
        item_id: Set(item.id),
        number: Set(1),
        title: Set(item.title),
        summary: Set(item.summary),
        body: Set(item.body),
        url: Set(item.url),
        media_id: Set(None),
        poster_id: Set(None),
        edited_by: Set(Some(owner)),
        note: Set("Started".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    item.id
}

pub async fn new_course(app: &TestApp, owner: i64, status: ItemStatus) -> i64 {
    let now = Utc::now();
    course::ActiveModel {
        title: Set("Security basics".into()),
        summary: Set(String::new()),
        topic: Set("security".into()),
        status: Set(status),
        owner_id: Set(owner),
        reviewer_id: Set(None),
        review_note: Set(String::new()),
        published_at: Set((status == ItemStatus::Published).then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

pub async fn new_lesson(app: &TestApp, course: i64, kind: LessonKind) -> i64 {
    course_lesson::ActiveModel {
        course_id: Set(course),
        position: Set(1),
        kind: Set(kind),
        title: Set("Lesson".into()),
        body: Set("Lock your screen.".into()),
        library_item_id: Set(None),
        pass_mark: Set(80),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

pub async fn new_question(app: &TestApp, lesson: i64) {
    quiz_question::ActiveModel {
        lesson_id: Set(lesson),
        position: Set(1),
        kind: Set(QuestionKind::TrueFalse),
        prompt: Set("Lock it?".into()),
        options: Set(r#"["True","False"]"#.into()),
        correct: Set("[0]".into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// A library category, for everyone or (with `everyone` false) for the audiences a test adds.
pub async fn new_category(app: &TestApp, name: &str, everyone: bool) -> i64 {
    library_category::ActiveModel {
        parent_id: Set(None),
        name: Set(name.into()),
        description: Set(String::new()),
        everyone: Set(everyone),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// Makes a person a subject-matter expert in `topic`.
pub async fn new_expert(app: &TestApp, person: i64, topic: &str) {
    user_tag::ActiveModel {
        user_id: Set(person),
        kind: Set(TagKind::Expert),
        tag: Set(topic.into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}
