//! The expert finder: who can help with a topic, ranked by what they did (answers accepted, library
//! items and courses written or reviewed, badges earned) more than by what they say of themselves,
//! and only from what the reader may see.

use super::{containing, like, summary};
use crate::{
    db::{badge, badge_award, comment, course, library_item, post, user, user_tag},
    error::AppError,
    feed::types::{PostKind, PostStatus},
    library::{ssr::Access, types::ItemStatus},
    people::types::{AccountStatus, Expert, TagKind},
    policy::{self, Actor},
    search::{
        ssr::{SearchIndex, about},
        types::HitKind,
    },
    standing::Standing,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use std::collections::{BTreeMap, HashMap};

/// The longest topic asked about, in characters.
pub const MAX_TOPIC: usize = 100;
/// People in the answer.
const SHOWN: usize = 20;
/// Posts and library items about the topic read from the index; enough for any real topic, and a
/// bound on the work one question costs.
const CANDIDATES: usize = 500;

/// Something that shows a person can help with a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// An answer of theirs accepted on a question about it.
    Answer,
    /// A published library item of theirs about it.
    Item,
    /// A published course of theirs about it.
    Course,
    /// They reviewed and approved someone else's library item about it.
    ItemReview,
    /// They reviewed and approved someone else's course about it.
    CourseReview,
    /// They hold a badge about it.
    Badge,
    /// An admin named them a subject-matter expert in it.
    Expert,
    /// They list it among their skills.
    Skill,
}

impl Evidence {
    /// What one piece of it counts. Saying so oneself counts least; an admin naming someone an
    /// expert is worth about one accepted answer and a review.
    fn weight(self) -> u32 {
        match self {
            Evidence::Answer | Evidence::Item | Evidence::Course | Evidence::Badge => 3,
            Evidence::ItemReview | Evidence::CourseReview => 2,
            Evidence::Expert => 4,
            Evidence::Skill => 1,
        }
    }

    /// Whether it counts once however often it is found (a tag matching two words of the topic).
    fn once(self) -> bool {
        matches!(self, Evidence::Expert | Evidence::Skill)
    }

    /// Words for it; `topic` is the subject: what was asked, or the tag that matched it.
    fn reason(self, count: u32, topic: &str) -> String {
        let plural = |one: &'static str, many: &'static str| if count == 1 { one } else { many };
        match self {
            Evidence::Answer => {
                format!(
                    "{count} accepted {} about {topic}",
                    plural("answer", "answers")
                )
            }
            Evidence::Item => format!(
                "Wrote {count} library {} about {topic}",
                plural("item", "items")
            ),
            Evidence::Course => {
                format!("Made {count} {} about {topic}", plural("course", "courses"))
            }
            Evidence::ItemReview => format!(
                "Reviewer of {count} library {} about {topic}",
                plural("item", "items")
            ),
            Evidence::CourseReview => format!(
                "Reviewer of {count} {} about {topic}",
                plural("course", "courses")
            ),
            Evidence::Badge if count == 1 => format!("Holds the badge “{topic}”"),
            Evidence::Badge => format!("Holds {count} badges about {topic}"),
            Evidence::Expert => format!("Subject-matter expert in {topic}, named by an admin"),
            Evidence::Skill => format!("Lists {topic} among their skills"),
        }
    }
}

/// A person's standing for a topic: their score and the reasons, strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub person: i64,
    pub score: u32,
    pub reasons: Vec<String>,
}

/// One piece of evidence: whose, what, and for a tag, the tag itself (a match may be one word of
/// a longer topic, and the reason names what the person actually listed).
pub type Found = (i64, Evidence, Option<String>);

/// Adds up each person's evidence and ranks them: the highest score first, then whoever has more
/// kinds of evidence, then the earlier account.
pub fn rank(found: impl IntoIterator<Item = Found>, topic: &str) -> Vec<Ranked> {
    let mut people: BTreeMap<i64, BTreeMap<Evidence, (u32, Option<String>)>> = BTreeMap::new();
    for (person, evidence, subject) in found {
        let (count, named) = people
            .entry(person)
            .or_default()
            .entry(evidence)
            .or_default();
        *count = if evidence.once() { 1 } else { *count + 1 };
        if named.is_none() {
            *named = subject;
        }
    }
    let mut ranked: Vec<(usize, Ranked)> = people
        .into_iter()
        .map(|(person, evidence)| {
            let mut parts: Vec<(u32, Evidence, u32, Option<String>)> = evidence
                .into_iter()
                .map(|(kind, (count, subject))| (kind.weight() * count, kind, count, subject))
                .collect();
            parts.sort_by_key(|(points, kind, ..)| (std::cmp::Reverse(*points), *kind));
            let kinds = parts.len();
            let ranked = Ranked {
                person,
                score: parts.iter().map(|(points, ..)| points).sum(),
                reasons: parts
                    .iter()
                    // A subject names one piece of evidence; several are told by the topic.
                    .map(|(_, kind, count, subject)| {
                        let subject = subject.as_deref().filter(|_| *count == 1);
                        kind.reason(*count, subject.unwrap_or(topic))
                    })
                    .collect(),
            };
            (kinds, ranked)
        })
        .collect();
    ranked.sort_by_key(|(kinds, ranked)| {
        (
            std::cmp::Reverse(ranked.score),
            std::cmp::Reverse(*kinds),
            ranked.person,
        )
    });
    ranked.into_iter().map(|(_, ranked)| ranked).collect()
}

/// The words of a topic that tags and courses are matched by, lower-cased: two letters or more
/// ("AI", "Go" and "C#" are topics too).
fn words(topic: &str) -> Vec<String> {
    topic
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        .filter(|word| word.chars().count() >= 2)
        .map(str::to_string)
        .collect()
}

/// Who can help `reader` with `topic`, best first, from the evidence `reader` may see.
pub async fn experts(
    db: &impl ConnectionTrait,
    index: &SearchIndex,
    reader: Actor,
    topic: &str,
) -> Result<Vec<Expert>, AppError> {
    let topic = topic.trim();
    if topic.chars().count() > MAX_TOPIC {
        return Err(AppError::invalid(format!(
            "Ask about a topic of at most {MAX_TOPIC} characters."
        )));
    }
    if topic.is_empty() {
        return Ok(Vec::new());
    }
    let access = Access::load(db, reader).await?;
    let standing = Standing::load(db, reader).await?;
    let mut found = answers(db, index, &access, &standing, topic).await?;
    found.extend(library(db, index, &access, &standing, topic).await?);
    let words = words(topic);
    if !words.is_empty() {
        found.extend(courses(db, &words).await?);
        found.extend(badges(db, &standing, &words).await?);
        found.extend(tags(db, &words).await?);
    }
    let ranked = rank(found, topic);
    let people: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ranked.iter().map(|ranked| ranked.person)))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person))
        .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|ranked| {
            Some(Expert {
                person: summary(people.get(&ranked.person)?),
                reasons: ranked.reasons,
            })
        })
        .take(SHOWN)
        .collect())
}

/// Accepted answers to questions about the topic that the reader may read; answering one's own
/// question shows nothing.
async fn answers(
    db: &impl ConnectionTrait,
    index: &SearchIndex,
    access: &Access,
    standing: &Standing,
    topic: &str,
) -> Result<Vec<Found>, AppError> {
    let ids = about(
        db,
        index,
        access,
        standing,
        topic,
        HitKind::Post,
        CANDIDATES,
    )
    .await?;
    let questions: Vec<post::Model> = post::Entity::find()
        .filter(post::Column::Id.is_in(ids))
        .filter(post::Column::Kind.eq(PostKind::Question))
        .filter(post::Column::Status.eq(PostStatus::Published))
        .filter(post::Column::AcceptedCommentId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter(|question| standing.sees(question))
        .collect();
    let askers: HashMap<i64, i64> = questions
        .iter()
        .filter_map(|question| Some((question.accepted_comment_id?, question.author_id)))
        .collect();
    let answers: Vec<(i64, i64)> = comment::Entity::find()
        .select_only()
        .columns([comment::Column::Id, comment::Column::AuthorId])
        .filter(comment::Column::Id.is_in(askers.keys().copied()))
        .filter(comment::Column::Status.eq(PostStatus::Published))
        .into_tuple()
        .all(db)
        .await?;
    Ok(answers
        .into_iter()
        .filter(|(answer, author)| askers.get(answer) != Some(author))
        .map(|(_, author)| (author, Evidence::Answer, None))
        .collect())
}

/// Published library items about the topic that the reader may open: their owners, and the
/// experts who approved them.
async fn library(
    db: &impl ConnectionTrait,
    index: &SearchIndex,
    access: &Access,
    standing: &Standing,
    topic: &str,
) -> Result<Vec<Found>, AppError> {
    let ids = about(
        db,
        index,
        access,
        standing,
        topic,
        HitKind::Item,
        CANDIDATES,
    )
    .await?;
    let items = library_item::Entity::find()
        .filter(library_item::Column::Id.is_in(ids))
        .filter(library_item::Column::Status.eq(ItemStatus::Published))
        .all(db)
        .await?;
    let mut found = Vec::new();
    for item in items {
        if policy::see_item(access.actor, access.item(&item)).is_err() {
            continue;
        }
        found.extend(made(item.owner_id, item.reviewer_id, Evidence::Item));
    }
    Ok(found)
}

/// The evidence of one published work: its owner made it, and its reviewer, when someone else,
/// approved it.
fn made(owner: i64, reviewer: Option<i64>, work: Evidence) -> Vec<Found> {
    let review = match work {
        Evidence::Course => Evidence::CourseReview,
        _ => Evidence::ItemReview,
    };
    let mut found = vec![(owner, work, None)];
    found.extend(
        reviewer
            .filter(|id| *id != owner)
            .map(|id| (id, review, None)),
    );
    found
}

/// Rows whose text in one of `columns` or another contains each of `words` (lower-cased on both
/// sides).
fn naming_every_word<C: ColumnTrait>(columns: [C; 3], words: &[String]) -> Condition {
    let mut named = Condition::all();
    for word in words {
        let mut anywhere = Condition::any();
        for column in columns {
            anywhere =
                anywhere.add(Expr::expr(Func::lower(Expr::col(column))).like(containing(word)));
        }
        named = named.add(anywhere);
    }
    named
}

/// Published courses (which everyone may take) whose title, topic or summary names every word of
/// the topic: their owners and reviewers.
async fn courses(db: &impl ConnectionTrait, words: &[String]) -> Result<Vec<Found>, AppError> {
    let named = naming_every_word(
        [
            course::Column::Title,
            course::Column::Topic,
            course::Column::Summary,
        ],
        words,
    );
    let courses = course::Entity::find()
        .filter(course::Column::Status.eq(ItemStatus::Published))
        .filter(named)
        .limit(CANDIDATES as u64)
        .all(db)
        .await?;
    Ok(courses
        .into_iter()
        .flat_map(|course| made(course.owner_id, course.reviewer_id, Evidence::Course))
        .collect())
}

/// Badges the reader sees (the company's, and those of groups they read) whose name, description
/// or criteria name every word of the topic: their holders, with the badge's name. Revoked awards
/// count for nothing.
async fn badges(
    db: &impl ConnectionTrait,
    standing: &Standing,
    words: &[String],
) -> Result<Vec<Found>, AppError> {
    let named = naming_every_word(
        [
            badge::Column::Name,
            badge::Column::Description,
            badge::Column::Criteria,
        ],
        words,
    );
    let mut query = badge::Entity::find()
        .select_only()
        .columns([badge::Column::Id, badge::Column::Name])
        .filter(named);
    if !standing.is_admin() {
        query = query.filter(
            Condition::any()
                .add(badge::Column::GroupId.is_null())
                .add(badge::Column::GroupId.is_in(standing.groups_read())),
        );
    }
    let names: HashMap<i64, String> = query
        .limit(CANDIDATES as u64)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let holders: Vec<(i64, i64)> = badge_award::Entity::find()
        .select_only()
        .columns([badge_award::Column::UserId, badge_award::Column::BadgeId])
        .filter(badge_award::Column::BadgeId.is_in(names.keys().copied()))
        .filter(badge_award::Column::RevokedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(holders
        .into_iter()
        .map(|(person, badge)| (person, Evidence::Badge, names.get(&badge).cloned()))
        .collect())
}

/// Expert topics and skills that name a word of the topic as a whole word ("sql" is not
/// "mysql"), with the tag itself. Tags are stored lower-cased.
async fn tags(db: &impl ConnectionTrait, words: &[String]) -> Result<Vec<Found>, AppError> {
    let mut named = Condition::any();
    for word in words {
        let tag = || Expr::col(user_tag::Column::Tag);
        named = named
            .add(tag().eq(word.as_str()))
            .add(tag().like(like("", word, " %")))
            .add(tag().like(like("% ", word, "")))
            .add(tag().like(like("% ", word, " %")));
    }
    let rows: Vec<(i64, TagKind, String)> = user_tag::Entity::find()
        .select_only()
        .columns([
            user_tag::Column::UserId,
            user_tag::Column::Kind,
            user_tag::Column::Tag,
        ])
        .filter(user_tag::Column::Kind.is_in([TagKind::Expert, TagKind::Skill]))
        .filter(named)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(person, kind, tag)| {
            let evidence = if kind == TagKind::Expert {
                Evidence::Expert
            } else {
                Evidence::Skill
            };
            (person, evidence, Some(tag))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_did_outranks_what_they_say_of_themselves() {
        let skill = || Some("postgresql".to_string());
        let ranked = rank(
            [
                (1, Evidence::Skill, skill()),
                (1, Evidence::Skill, skill()),
                (2, Evidence::Answer, None),
                (3, Evidence::Expert, skill()),
                (3, Evidence::Answer, None),
                (3, Evidence::ItemReview, None),
            ],
            "PostgreSQL tuning",
        );
        let order: Vec<(i64, u32)> = ranked.iter().map(|r| (r.person, r.score)).collect();
        assert_eq!(order, [(3, 9), (2, 3), (1, 1)]);
        assert_eq!(
            ranked[0].reasons,
            [
                "Subject-matter expert in postgresql, named by an admin",
                "1 accepted answer about PostgreSQL tuning",
                "Reviewer of 1 library item about PostgreSQL tuning",
            ]
        );
        assert_eq!(ranked[2].reasons, ["Lists postgresql among their skills"]);
    }

    #[test]
    fn evidence_adds_up_and_ties_go_to_more_kinds_of_it() {
        let ranked = rank(
            [
                (5, Evidence::Answer, None),
                (5, Evidence::Answer, None),
                (4, Evidence::Item, None),
                (4, Evidence::ItemReview, None),
                (4, Evidence::Skill, Some("rust".into())),
            ],
            "rust",
        );
        let order: Vec<(i64, u32)> = ranked.iter().map(|r| (r.person, r.score)).collect();
        assert_eq!(
            order,
            [(4, 6), (5, 6)],
            "6 points each; 4 has three kinds of evidence"
        );
        assert_eq!(ranked[1].reasons, ["2 accepted answers about rust"]);
    }

    #[test]
    fn one_badge_is_named_and_several_are_counted() {
        let badge = |name: &str| Some(name.to_string());
        let ranked = rank(
            [
                (7, Evidence::Badge, badge("PostgreSQL tuner")),
                (8, Evidence::Badge, badge("PostgreSQL tuner")),
                (8, Evidence::Badge, badge("PostgreSQL on call")),
            ],
            "postgresql",
        );
        assert_eq!(ranked[0].reasons, ["Holds 2 badges about postgresql"]);
        assert_eq!(ranked[1].reasons, ["Holds the badge “PostgreSQL tuner”"]);
    }

    #[test]
    fn topics_are_matched_by_their_words_of_two_letters_or_more() {
        assert_eq!(
            words("PostgreSQL tuning, C# & AI, a Go"),
            ["postgresql", "tuning", "c#", "ai", "go"]
        );
        assert!(words("  ").is_empty());
    }
}
