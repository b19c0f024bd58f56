//! "People like you": colleagues who share a cohort, a team, a start date or what they know and
//! want to learn, suggested to follow with the reason, until followed or dismissed.

use super::{find, followed_by, summary};
use crate::{
    db::{group, group_member, suggestion_dismissal, user, user_tag},
    error::AppError,
    groups::types::{GroupKind, MemberStatus},
    people::types::{AccountStatus, Suggestion, TagKind},
    policy::Actor,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::OnConflict,
};
use std::collections::{BTreeSet, HashMap};

/// People suggested at once.
const SHOWN: usize = 6;
/// People read from each source of candidates: a bound on the work, the most recent first.
const CANDIDATES: u64 = 500;
/// Start dates this close make people near-cohorts.
const START_WINDOW_DAYS: i64 = 30;

/// What "people like you" compares.
#[derive(Debug, Clone, Default)]
pub struct Traits {
    pub department: String,
    pub start: Option<NaiveDate>,
    pub skills: BTreeSet<String>,
    pub interests: BTreeSet<String>,
    /// Cohort groups they are in, by id.
    pub cohorts: BTreeSet<i64>,
}

/// Up to two things, "rust and sql".
fn both(things: &[&String]) -> String {
    things
        .iter()
        .take(2)
        .map(|thing| thing.as_str())
        .collect::<Vec<_>>()
        .join(" and ")
}

/// How alike `them` is to `me`: a score and the reasons, strongest first; None when nothing is
/// shared. A cohort counts most, then someone who knows what I am learning, then a start date
/// or team in common, then tags in common.
pub fn alike(
    me: &Traits,
    them: &Traits,
    cohort_names: &HashMap<i64, String>,
) -> Option<(u32, Vec<String>)> {
    let mut reasons: Vec<(u32, String)> = Vec::new();
    if let Some(name) = me
        .cohorts
        .intersection(&them.cohorts)
        .find_map(|cohort| cohort_names.get(cohort))
    {
        reasons.push((4, format!("In your cohort, {name}")));
    }
    let teaches: Vec<&String> = me.interests.intersection(&them.skills).collect();
    if !teaches.is_empty() {
        let points = 2 * teaches.len().min(2) as u32;
        reasons.push((
            points,
            format!("Knows {}, which you're learning", both(&teaches)),
        ));
    }
    if let (Some(mine), Some(theirs)) = (me.start, them.start)
        && (mine - theirs).num_days().abs() <= START_WINDOW_DAYS
    {
        reasons.push((2, "Started within a month of you".to_string()));
    }
    if !me.department.is_empty() && me.department == them.department {
        reasons.push((2, format!("Also in {}", me.department)));
    }
    let shared = [
        (
            me.skills.intersection(&them.skills).collect::<Vec<_>>(),
            "Also knows",
        ),
        (
            me.interests.intersection(&them.interests).collect(),
            "Also learning about",
        ),
    ];
    for (tags, words) in shared {
        if !tags.is_empty() {
            reasons.push((tags.len().min(2) as u32, format!("{words} {}", both(&tags))));
        }
    }
    if reasons.is_empty() {
        return None;
    }
    reasons.sort_by_key(|(points, _)| std::cmp::Reverse(*points));
    let score = reasons.iter().map(|(points, _)| points).sum();
    Some((score, reasons.into_iter().map(|(_, words)| words).collect()))
}

/// Skills and interests of these people.
async fn tags_of(
    db: &impl ConnectionTrait,
    people: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, Traits>, AppError> {
    let rows: Vec<(i64, TagKind, String)> = user_tag::Entity::find()
        .select_only()
        .columns([
            user_tag::Column::UserId,
            user_tag::Column::Kind,
            user_tag::Column::Tag,
        ])
        .filter(user_tag::Column::UserId.is_in(people))
        .filter(user_tag::Column::Kind.is_in([TagKind::Skill, TagKind::Interest]))
        .into_tuple()
        .all(db)
        .await?;
    let mut traits: HashMap<i64, Traits> = HashMap::new();
    for (person, kind, tag) in rows {
        let entry = traits.entry(person).or_default();
        match kind {
            TagKind::Skill => entry.skills.insert(tag),
            _ => entry.interests.insert(tag),
        };
    }
    Ok(traits)
}

/// People like `reader`, best first, without those they follow or dismissed.
pub async fn suggestions(
    db: &impl ConnectionTrait,
    reader: Actor,
) -> Result<Vec<Suggestion>, AppError> {
    let me = find(db, reader.id).await?;
    let mut mine = tags_of(db, [me.id])
        .await?
        .remove(&me.id)
        .unwrap_or_default();
    mine.department = me.department.clone();
    mine.start = me.start_date;
    let my_groups: Vec<i64> = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(me.id))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .into_tuple()
        .all(db)
        .await?;
    let cohort_names: HashMap<i64, String> = group::Entity::find()
        .select_only()
        .columns([group::Column::Id, group::Column::Name])
        .filter(group::Column::Id.is_in(my_groups))
        .filter(group::Column::Kind.eq(GroupKind::Cohort))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    mine.cohorts = cohort_names.keys().copied().collect();

    // Candidates: cohort-mates, team-mates, those with a tag in common, those who started near.
    let cohort_mates: Vec<(i64, i64)> = group_member::Entity::find()
        .select_only()
        .columns([group_member::Column::UserId, group_member::Column::GroupId])
        .filter(group_member::Column::GroupId.is_in(mine.cohorts.iter().copied()))
        .filter(group_member::Column::Status.eq(MemberStatus::Active))
        .order_by_desc(group_member::Column::Id)
        .limit(CANDIDATES)
        .into_tuple()
        .all(db)
        .await?;
    let mut candidates: BTreeSet<i64> = cohort_mates.iter().map(|(person, _)| *person).collect();
    let tags: Vec<String> = mine.skills.union(&mine.interests).cloned().collect();
    candidates.extend(
        user_tag::Entity::find()
            .select_only()
            .column(user_tag::Column::UserId)
            .filter(user_tag::Column::Tag.is_in(tags))
            .filter(user_tag::Column::Kind.is_in([TagKind::Skill, TagKind::Interest]))
            .order_by_desc(user_tag::Column::Id)
            .limit(CANDIDATES)
            .into_tuple::<i64>()
            .all(db)
            .await?,
    );
    let mut near = Condition::any();
    if !me.department.is_empty() {
        near = near.add(user::Column::Department.eq(me.department.clone()));
    }
    if let Some(start) = me.start_date {
        let window = Duration::days(START_WINDOW_DAYS);
        near = near.add(user::Column::StartDate.between(start - window, start + window));
    }
    if !near.is_empty() {
        candidates.extend(
            user::Entity::find()
                .select_only()
                .column(user::Column::Id)
                .filter(user::Column::Status.eq(AccountStatus::Active))
                .filter(near)
                .order_by_desc(user::Column::Id)
                .limit(CANDIDATES)
                .into_tuple::<i64>()
                .all(db)
                .await?,
        );
    }
    candidates.remove(&me.id);
    for followed in followed_by(db, me.id).await? {
        candidates.remove(&followed);
    }
    let dismissed: Vec<i64> = suggestion_dismissal::Entity::find()
        .select_only()
        .column(suggestion_dismissal::Column::PersonId)
        .filter(suggestion_dismissal::Column::UserId.eq(me.id))
        .into_tuple()
        .all(db)
        .await?;
    for person in dismissed {
        candidates.remove(&person);
    }

    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(candidates.iter().copied()))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .all(db)
        .await?;
    let mut traits = tags_of(db, candidates.iter().copied()).await?;
    for (person, cohort) in cohort_mates {
        traits.entry(person).or_default().cohorts.insert(cohort);
    }
    let mut ranked: Vec<(u32, i64, Suggestion)> = people
        .iter()
        .filter_map(|person| {
            let mut theirs = traits.remove(&person.id).unwrap_or_default();
            theirs.department = person.department.clone();
            theirs.start = person.start_date;
            let (score, reasons) = alike(&mine, &theirs, &cohort_names)?;
            let suggestion = Suggestion {
                person: summary(person),
                reason: reasons.into_iter().take(2).collect::<Vec<_>>().join(" · "),
            };
            Some((score, person.id, suggestion))
        })
        .collect();
    ranked.sort_by_key(|(score, id, _)| (std::cmp::Reverse(*score), *id));
    Ok(ranked
        .into_iter()
        .take(SHOWN)
        .map(|(.., suggestion)| suggestion)
        .collect())
}

/// Stops suggesting `person` to `reader`; dismissing twice changes nothing.
pub async fn dismiss(
    db: &impl ConnectionTrait,
    reader: Actor,
    person: i64,
) -> Result<(), AppError> {
    find(db, person).await?;
    suggestion_dismissal::Entity::insert(suggestion_dismissal::ActiveModel {
        user_id: Set(reader.id),
        person_id: Set(person),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            suggestion_dismissal::Column::UserId,
            suggestion_dismissal::Column::PersonId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traits(
        department: &str,
        start: (i32, u32, u32),
        skills: &[&str],
        interests: &[&str],
    ) -> Traits {
        Traits {
            department: department.into(),
            start: NaiveDate::from_ymd_opt(start.0, start.1, start.2),
            skills: skills.iter().map(|tag| tag.to_string()).collect(),
            interests: interests.iter().map(|tag| tag.to_string()).collect(),
            cohorts: BTreeSet::new(),
        }
    }

    #[test]
    fn a_cohort_and_someone_who_knows_what_i_learn_come_first() {
        let mut me = traits(
            "Engineering",
            (2026, 11, 2),
            &["typescript"],
            &["rust", "code review"],
        );
        me.cohorts.insert(7);
        let names = HashMap::from([(7, "New hires, November 2026".to_string())]);
        let mut cohort_mate = traits("Sales", (2026, 11, 9), &[], &[]);
        cohort_mate.cohorts.insert(7);
        let (score, reasons) = alike(&me, &cohort_mate, &names).unwrap();
        assert_eq!(score, 6);
        assert_eq!(
            reasons,
            [
                "In your cohort, New hires, November 2026",
                "Started within a month of you"
            ]
        );

        let mentor = traits("Engineering", (2019, 9, 2), &["rust", "code review"], &[]);
        let (score, reasons) = alike(&me, &mentor, &names).unwrap();
        assert_eq!(score, 6);
        assert_eq!(
            reasons,
            [
                "Knows code review and rust, which you're learning",
                "Also in Engineering"
            ]
        );
    }

    #[test]
    fn nothing_in_common_is_no_suggestion() {
        let me = traits("Engineering", (2026, 11, 2), &["typescript"], &["rust"]);
        let stranger = traits("Sales", (2020, 1, 6), &["negotiation"], &["golf"]);
        assert_eq!(alike(&me, &stranger, &HashMap::new()), None);
        let nobody = Traits::default();
        assert_eq!(alike(&nobody, &nobody.clone(), &HashMap::new()), None);
    }
}
