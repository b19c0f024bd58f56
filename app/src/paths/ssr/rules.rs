//! The rules of paths that need no database: whom an assignment reaches, when it is due, whether a
//! step is done, and how far along a person is. Everything here is recomputed from stored facts on
//! every read, so running it twice gives the same answer.

use crate::{
    db::{path_assignment, path_step},
    paths::types::{Audience, Progress, Standing, StepKind},
};
use chrono::{Days, NaiveDate};
use std::collections::{HashMap, HashSet};

/// What a rule looks at in a person's profile.
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a> {
    pub id: i64,
    pub department: &'a str,
    pub location: &'a str,
    pub start_date: Option<NaiveDate>,
}

fn same(wanted: &str, value: &str) -> bool {
    wanted.is_empty() || wanted.trim().to_lowercase() == value.trim().to_lowercase()
}

/// Whether an assignment reaches a person, given the groups they are an active member of.
pub fn reaches(
    assignment: &path_assignment::Model,
    person: Profile,
    groups: &HashSet<i64>,
) -> bool {
    match assignment.audience {
        Audience::Person => assignment.user_id == Some(person.id),
        Audience::Group => assignment
            .group_id
            .is_some_and(|group| groups.contains(&group)),
        Audience::Rule => Rule {
            department: &assignment.department,
            location: &assignment.location,
            started_after: assignment.started_after,
        }
        .matches(person),
    }
}

/// People chosen by what their profile says, as path assignments and onboarding campaigns choose
/// them: an empty department or location matches anyone.
#[derive(Debug, Clone, Copy)]
pub struct Rule<'a> {
    pub department: &'a str,
    pub location: &'a str,
    pub started_after: Option<NaiveDate>,
}

impl Rule<'_> {
    pub fn matches(&self, person: Profile) -> bool {
        same(self.department, person.department)
            && same(self.location, person.location)
            && self
                .started_after
                .is_none_or(|day| person.start_date.is_some_and(|start| start > day))
    }
}

/// When an assignment falls due for a person: its own day, or so many days after the person's
/// start date (after the assignment was made, for someone without a start date).
pub fn due(
    assignment: &path_assignment::Model,
    start_date: Option<NaiveDate>,
) -> Option<NaiveDate> {
    assignment.due_on.or_else(|| {
        let days = u64::try_from(assignment.due_days?).ok()?;
        start_date
            .unwrap_or(assignment.created_at.date_naive())
            .checked_add_days(Days::new(days))
    })
}

/// What binds a person to a path when one or more assignments reach them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    /// Required when any assignment requires it.
    pub required: bool,
    /// The earliest due date among the assignments of that strength.
    pub due: Option<NaiveDate>,
}

/// The terms of the assignments that reach one person, or None when none does.
pub fn terms<'a>(
    reaching: impl IntoIterator<Item = &'a path_assignment::Model>,
    start_date: Option<NaiveDate>,
) -> Option<Terms> {
    let reaching: Vec<_> = reaching.into_iter().collect();
    if reaching.is_empty() {
        return None;
    }
    let required = reaching.iter().any(|assignment| assignment.required);
    let due = reaching
        .iter()
        .filter(|assignment| assignment.required == required)
        .filter_map(|assignment| due(assignment, start_date))
        .min();
    Some(Terms { required, due })
}

/// What people have done that paths' steps stand for, for a set of people.
#[derive(Debug, Default)]
pub struct Facts {
    /// (person, step): marked done by hand.
    pub marked: HashSet<(i64, i64)>,
    /// (person, lesson): finished.
    pub lessons: HashSet<(i64, i64)>,
    /// A course's lessons.
    pub courses: HashMap<i64, Vec<i64>>,
    /// (person, group): has a published post there.
    pub posted_in: HashSet<(i64, i64)>,
    /// People with a published question.
    pub asked: HashSet<i64>,
    /// People with a published comment on a post by a subject-matter expert.
    pub commented_on_expert: HashSet<i64>,
    /// (person, session): joined the live session while it ran.
    pub attended: HashSet<(i64, i64)>,
    /// (person, tag): joined a live session with this tag while it ran.
    pub attended_tags: HashSet<(i64, String)>,
}

impl Facts {
    /// Whether a person has done a step.
    pub fn done(&self, person: i64, step: &path_step::Model) -> bool {
        match step.kind {
            StepKind::Read | StepKind::Link => self.marked.contains(&(person, step.id)),
            StepKind::Course => step
                .course_id
                .and_then(|course| self.courses.get(&course))
                .is_some_and(|lessons| {
                    !lessons.is_empty()
                        && lessons
                            .iter()
                            .all(|lesson| self.lessons.contains(&(person, *lesson)))
                }),
            StepKind::Introduce => step
                .group_id
                .is_some_and(|group| self.posted_in.contains(&(person, group))),
            StepKind::Ask => self.asked.contains(&person),
            StepKind::CommentExpert => self.commented_on_expert.contains(&person),
            StepKind::Attend => match (step.session_id, &step.session_tag) {
                (Some(session), _) => self.attended.contains(&(person, session)),
                (None, Some(tag)) => self.attended_tags.contains(&(person, tag.clone())),
                (None, None) => false,
            },
        }
    }
}

/// One person's walk along a path's steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    pub done: Vec<bool>,
    /// In a linear path, a step not done yet is locked while a required step before it is not done.
    pub locked: Vec<bool>,
    /// The first step that is open and not done.
    pub next: Option<usize>,
    /// Required steps done, of required steps (every step when none is required).
    pub counted_done: u32,
    pub counted: u32,
}

impl Walk {
    pub fn new(required: &[bool], done: Vec<bool>, linear: bool) -> Walk {
        let mut locked = Vec::with_capacity(done.len());
        let mut blocked = false;
        for (required, done) in required.iter().zip(&done) {
            locked.push(linear && blocked && !*done);
            blocked |= *required && !*done;
        }
        let any_required = required.iter().any(|required| *required);
        let counts = |index: usize| !any_required || required[index];
        let counted = (0..done.len()).filter(|index| counts(*index)).count() as u32;
        let counted_done = (0..done.len())
            .filter(|index| counts(*index) && done[*index])
            .count() as u32;
        let next = (0..done.len()).find(|index| !done[*index] && !locked[*index]);
        Walk {
            done,
            locked,
            next,
            counted_done,
            counted,
        }
    }

    pub fn complete(&self) -> bool {
        self.counted > 0 && self.counted_done == self.counted
    }

    /// Where the person stands, on `today`.
    pub fn progress(&self, terms: Terms, today: NaiveDate) -> Progress {
        let standing = if self.complete() {
            Standing::Completed
        } else if terms.due.is_some_and(|due| due < today) {
            Standing::Overdue
        } else if self.done.iter().any(|done| *done) {
            Standing::InProgress
        } else {
            Standing::NotStarted
        };
        Progress {
            done: self.counted_done,
            of: self.counted,
            percent: (self.counted_done * 100)
                .checked_div(self.counted)
                .unwrap_or_default(),
            standing,
            required: terms.required,
            due: terms.due.map(|due| due.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn assignment(audience: Audience) -> path_assignment::Model {
        path_assignment::Model {
            id: 1,
            path_id: 1,
            audience,
            user_id: None,
            group_id: None,
            department: String::new(),
            location: String::new(),
            started_after: None,
            required: true,
            due_on: None,
            due_days: None,
            created_by: 1,
            created_at: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
        }
    }

    fn person(department: &'static str, start: Option<&str>) -> Profile<'static> {
        Profile {
            id: 7,
            department,
            location: "Lisbon",
            start_date: start.map(day),
        }
    }

    #[test]
    fn rules_match_department_location_and_start_date() {
        let rule = path_assignment::Model {
            department: "Engineering".into(),
            started_after: Some(day("2026-11-01")),
            ..assignment(Audience::Rule)
        };
        let none = HashSet::new();
        assert!(reaches(
            &rule,
            person(" engineering ", Some("2026-12-01")),
            &none
        ));
        assert!(!reaches(&rule, person("Sales", Some("2026-12-01")), &none));
        assert!(!reaches(
            &rule,
            person("Engineering", Some("2026-11-01")),
            &none
        ));
        assert!(!reaches(&rule, person("Engineering", None), &none));
        let lisbon = path_assignment::Model {
            location: "lisbon".into(),
            ..assignment(Audience::Rule)
        };
        assert!(reaches(&lisbon, person("Sales", None), &none));
        let berlin = path_assignment::Model {
            location: "Berlin".into(),
            ..assignment(Audience::Rule)
        };
        assert!(!reaches(&berlin, person("Sales", None), &none));
    }

    #[test]
    fn people_and_groups_are_reached_by_id_and_membership() {
        let direct = path_assignment::Model {
            user_id: Some(7),
            ..assignment(Audience::Person)
        };
        let group = path_assignment::Model {
            group_id: Some(3),
            ..assignment(Audience::Group)
        };
        let someone = person("Sales", None);
        assert!(reaches(&direct, someone, &HashSet::new()));
        assert!(!reaches(
            &direct,
            Profile { id: 8, ..someone },
            &HashSet::new()
        ));
        assert!(reaches(&group, someone, &HashSet::from([3])));
        assert!(!reaches(&group, someone, &HashSet::from([4])));
    }

    #[test]
    fn due_dates_are_fixed_or_counted_from_the_start_date() {
        let fixed = path_assignment::Model {
            due_on: Some(day("2026-12-24")),
            ..assignment(Audience::Rule)
        };
        assert_eq!(
            due(&fixed, Some(day("2026-12-01"))),
            Some(day("2026-12-24"))
        );
        let relative = path_assignment::Model {
            due_days: Some(14),
            ..assignment(Audience::Rule)
        };
        assert_eq!(
            due(&relative, Some(day("2026-12-01"))),
            Some(day("2026-12-15"))
        );
        // Without a start date, the days count from the assignment.
        assert_eq!(due(&relative, None), Some(day("2026-11-15")));
        assert_eq!(due(&assignment(Audience::Rule), None), None);
    }

    #[test]
    fn several_assignments_bind_with_the_strongest_terms() {
        let recommended_soon = path_assignment::Model {
            required: false,
            due_on: Some(day("2026-12-02")),
            ..assignment(Audience::Rule)
        };
        let required_later = path_assignment::Model {
            due_on: Some(day("2026-12-20")),
            ..assignment(Audience::Rule)
        };
        let required_relative = path_assignment::Model {
            due_days: Some(10),
            ..assignment(Audience::Rule)
        };
        assert_eq!(terms([], None), None);
        assert_eq!(
            terms([&recommended_soon], None),
            Some(Terms {
                required: false,
                due: Some(day("2026-12-02"))
            })
        );
        assert_eq!(
            terms(
                [&recommended_soon, &required_later, &required_relative],
                Some(day("2026-12-01"))
            ),
            Some(Terms {
                required: true,
                due: Some(day("2026-12-11"))
            })
        );
    }

    fn step(id: i64, kind: StepKind) -> path_step::Model {
        path_step::Model {
            id,
            path_id: 1,
            position: id as i32,
            kind,
            required: true,
            title: String::new(),
            course_id: Some(10),
            library_item_id: None,
            group_id: Some(20),
            url: String::new(),
            session_id: Some(30),
            session_tag: None,
        }
    }

    #[test]
    fn steps_are_done_by_the_facts_they_stand_for() {
        let mut facts = Facts::default();
        let course = step(1, StepKind::Course);
        facts.courses.insert(10, vec![100, 101]);
        facts.lessons.insert((7, 100));
        assert!(!facts.done(7, &course));
        facts.lessons.insert((7, 101));
        assert!(facts.done(7, &course));
        assert!(!facts.done(8, &course));
        facts.courses.insert(10, Vec::new());
        assert!(
            !facts.done(7, &course),
            "a course without lessons is never done"
        );

        let read = step(2, StepKind::Read);
        facts.marked.insert((7, 2));
        assert!(facts.done(7, &read));
        assert!(!facts.done(7, &step(3, StepKind::Link)));

        let introduce = step(4, StepKind::Introduce);
        facts.posted_in.insert((7, 21));
        assert!(!facts.done(7, &introduce));
        facts.posted_in.insert((7, 20));
        assert!(facts.done(7, &introduce));

        facts.asked.insert(7);
        assert!(facts.done(7, &step(5, StepKind::Ask)));
        assert!(!facts.done(7, &step(6, StepKind::CommentExpert)));

        let attend = step(8, StepKind::Attend);
        facts.attended.insert((7, 31));
        assert!(!facts.done(7, &attend));
        facts.attended.insert((7, 30));
        assert!(facts.done(7, &attend));
        assert!(!facts.done(8, &attend));

        let any_tagged = path_step::Model {
            session_id: None,
            session_tag: Some("onboarding".into()),
            ..step(9, StepKind::Attend)
        };
        facts.attended_tags.insert((8, "leadership".into()));
        assert!(!facts.done(8, &any_tagged));
        facts.attended_tags.insert((8, "onboarding".into()));
        assert!(facts.done(8, &any_tagged));
        assert!(
            !facts.done(7, &any_tagged),
            "attending the named session is not attending a tagged one"
        );
    }

    const TERMS: Terms = Terms {
        required: true,
        due: None,
    };

    #[test]
    fn progress_counts_required_steps_and_linear_paths_lock_in_order() {
        let required = [true, false, true, true];
        let walk = Walk::new(&required, vec![true, false, false, false], true);
        assert_eq!(walk.locked, vec![false, false, false, true]);
        let walk = Walk::new(&required, vec![true, false, false, true], true);
        assert_eq!(
            walk.locked,
            vec![false; 4],
            "a step done already is never locked"
        );
        assert_eq!(walk.next, Some(1));
        assert_eq!((walk.counted_done, walk.counted), (2, 3));
        let today = day("2026-12-01");
        let progress = walk.progress(TERMS, today);
        assert_eq!(progress.percent, 66);
        assert_eq!(progress.standing, Standing::InProgress);

        let free = Walk::new(&required, vec![false, false, false, false], false);
        assert_eq!(free.locked, vec![false; 4]);
        assert_eq!(free.progress(TERMS, today).standing, Standing::NotStarted);

        let finished = Walk::new(&required, vec![true, false, true, true], true);
        assert!(finished.complete());
        let late = Terms {
            due: Some(day("2026-11-20")),
            ..TERMS
        };
        assert_eq!(finished.progress(late, today).standing, Standing::Completed);
        assert_eq!(finished.progress(late, today).percent, 100);
        assert_eq!(walk.progress(late, today).standing, Standing::Overdue);
        let due_today = Terms {
            due: Some(today),
            ..TERMS
        };
        assert_eq!(
            walk.progress(due_today, today).standing,
            Standing::InProgress
        );
    }

    #[test]
    fn optional_steps_count_only_when_nothing_is_required() {
        let walk = Walk::new(&[false, false], vec![true, false], true);
        assert_eq!(walk.locked, vec![false, false]);
        assert_eq!(walk.progress(TERMS, day("2026-12-01")).percent, 50);
        let empty = Walk::new(&[], Vec::new(), false);
        assert!(!empty.complete());
        assert_eq!(empty.progress(TERMS, day("2026-12-01")).percent, 0);
    }
}
