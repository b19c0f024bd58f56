//! Loads the facts that paths' steps stand for, for many people at once: a handful of queries per
//! step kind and per `CHUNK` people, however many steps and people there are.

use super::rules::Facts;
use crate::{
    db::{
        comment, course_lesson, lesson_completion, live_attendance, live_session, path_step, post,
        step_completion, user_tag,
    },
    error::AppError,
    feed::types::{PostKind, PostStatus},
    paths::types::StepKind,
    people::types::TagKind,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Query,
};
use std::collections::HashMap;

/// People per `IN (…)` list: far below both databases' limits on bound values.
const CHUNK: usize = 1_000;

/// What `people` have done that `steps` stand for.
pub async fn load(
    db: &impl ConnectionTrait,
    people: &[i64],
    steps: &[path_step::Model],
) -> Result<Facts, AppError> {
    let mut facts = Facts::default();
    let of_kind = |kind: StepKind| steps.iter().filter(move |step| step.kind == kind);
    let marked: Vec<i64> = steps
        .iter()
        .filter(|step| step.kind.marked_by_hand())
        .map(|step| step.id)
        .collect();
    let courses: Vec<i64> = of_kind(StepKind::Course)
        .filter_map(|step| step.course_id)
        .collect();
    let groups: Vec<i64> = of_kind(StepKind::Introduce)
        .filter_map(|step| step.group_id)
        .collect();
    let ask = of_kind(StepKind::Ask).next().is_some();
    let comment_on_expert = of_kind(StepKind::CommentExpert).next().is_some();
    let mut sessions: Vec<i64> = of_kind(StepKind::Attend)
        .filter_map(|step| step.session_id)
        .collect();
    let tags: Vec<String> = of_kind(StepKind::Attend)
        .filter_map(|step| step.session_tag.clone())
        .collect();
    // The sessions with a tag a step asks for: attending any of them counts.
    let tagged: HashMap<i64, String> = if tags.is_empty() {
        HashMap::new()
    } else {
        live_session::Entity::find()
            .select_only()
            .column(live_session::Column::Id)
            .column(live_session::Column::Tag)
            .filter(live_session::Column::Tag.is_in(tags))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    sessions.extend(tagged.keys().copied());
    if !courses.is_empty() {
        let lessons: Vec<(i64, i64)> = course_lesson::Entity::find()
            .select_only()
            .column(course_lesson::Column::CourseId)
            .column(course_lesson::Column::Id)
            .filter(course_lesson::Column::CourseId.is_in(courses))
            .into_tuple()
            .all(db)
            .await?;
        for (course, lesson) in lessons {
            facts.courses.entry(course).or_default().push(lesson);
        }
    }
    let lessons: Vec<i64> = facts.courses.values().flatten().copied().collect();
    for chunk in people.chunks(CHUNK) {
        if !marked.is_empty() {
            let rows: Vec<(i64, i64)> = step_completion::Entity::find()
                .select_only()
                .column(step_completion::Column::UserId)
                .column(step_completion::Column::StepId)
                .filter(step_completion::Column::StepId.is_in(marked.clone()))
                .filter(step_completion::Column::UserId.is_in(chunk.to_vec()))
                .into_tuple()
                .all(db)
                .await?;
            facts.marked.extend(rows);
        }
        if !lessons.is_empty() {
            let rows: Vec<(i64, i64)> = lesson_completion::Entity::find()
                .select_only()
                .column(lesson_completion::Column::UserId)
                .column(lesson_completion::Column::LessonId)
                .filter(lesson_completion::Column::LessonId.is_in(lessons.clone()))
                .filter(lesson_completion::Column::UserId.is_in(chunk.to_vec()))
                .into_tuple()
                .all(db)
                .await?;
            facts.lessons.extend(rows);
        }
        if !groups.is_empty() {
            let rows: Vec<(i64, Option<i64>)> = post::Entity::find()
                .select_only()
                .column(post::Column::AuthorId)
                .column(post::Column::GroupId)
                .distinct()
                .filter(post::Column::GroupId.is_in(groups.clone()))
                .filter(post::Column::AuthorId.is_in(chunk.to_vec()))
                .filter(post::Column::Status.eq(PostStatus::Published))
                .into_tuple()
                .all(db)
                .await?;
            facts.posted_in.extend(
                rows.into_iter()
                    .filter_map(|(author, group)| Some((author, group?))),
            );
        }
        if ask {
            let rows: Vec<i64> = post::Entity::find()
                .select_only()
                .column(post::Column::AuthorId)
                .distinct()
                .filter(post::Column::Kind.eq(PostKind::Question))
                .filter(post::Column::AuthorId.is_in(chunk.to_vec()))
                .filter(post::Column::Status.eq(PostStatus::Published))
                .into_tuple()
                .all(db)
                .await?;
            facts.asked.extend(rows);
        }
        if comment_on_expert {
            let experts = Query::select()
                .distinct()
                .column(user_tag::Column::UserId)
                .from(user_tag::Entity)
                .and_where(user_tag::Column::Kind.eq(TagKind::Expert))
                .to_owned();
            let experts_posts = Query::select()
                .column(post::Column::Id)
                .from(post::Entity)
                .and_where(post::Column::AuthorId.in_subquery(experts))
                .and_where(post::Column::Status.eq(PostStatus::Published))
                .to_owned();
            let rows: Vec<i64> = comment::Entity::find()
                .select_only()
                .column(comment::Column::AuthorId)
                .distinct()
                .filter(comment::Column::AuthorId.is_in(chunk.to_vec()))
                .filter(comment::Column::Status.eq(PostStatus::Published))
                .filter(comment::Column::PostId.in_subquery(experts_posts))
                .into_tuple()
                .all(db)
                .await?;
            facts.commented_on_expert.extend(rows);
        }
        if !sessions.is_empty() {
            let rows: Vec<(i64, i64)> = live_attendance::Entity::find()
                .select_only()
                .column(live_attendance::Column::UserId)
                .column(live_attendance::Column::SessionId)
                .filter(live_attendance::Column::SessionId.is_in(sessions.clone()))
                .filter(live_attendance::Column::UserId.is_in(chunk.to_vec()))
                .into_tuple()
                .all(db)
                .await?;
            for &(person, session) in &rows {
                if let Some(tag) = tagged.get(&session) {
                    facts.attended_tags.insert((person, tag.clone()));
                }
            }
            facts.attended.extend(rows);
        }
    }
    Ok(facts)
}
