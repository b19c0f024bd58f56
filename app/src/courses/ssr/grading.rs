//! Grading a quiz: pure, so it is tested on its own.

use crate::courses::types::QuestionKind;

/// A question with its right options (indices into its options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub kind: QuestionKind,
    pub correct: Vec<usize>,
}

/// Whether `chosen` answers a question right: the very set of right options, each chosen once, and
/// for one-answer questions exactly one.
fn right(key: &Key, chosen: &[usize]) -> bool {
    let mut chosen = chosen.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    let mut correct = key.correct.clone();
    correct.sort_unstable();
    match key.kind {
        QuestionKind::Single | QuestionKind::TrueFalse if chosen.len() != 1 => false,
        _ => chosen == correct,
    }
}

/// The score in whole percent (rounded down, so a pass is never rounded into being) and whether
/// each question was right. A quiz without questions scores nothing.
pub fn grade(keys: &[Key], answers: &[Vec<usize>]) -> (i32, Vec<bool>) {
    let rights: Vec<bool> = keys
        .iter()
        .enumerate()
        .map(|(index, key)| answers.get(index).is_some_and(|chosen| right(key, chosen)))
        .collect();
    if keys.is_empty() {
        return (0, rights);
    }
    let count = rights.iter().filter(|right| **right).count();
    ((count * 100 / keys.len()) as i32, rights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: QuestionKind, correct: &[usize]) -> Key {
        Key {
            kind,
            correct: correct.to_vec(),
        }
    }

    #[test]
    fn one_answer_questions_need_exactly_the_right_option() {
        let keys = [key(QuestionKind::Single, &[1])];
        assert_eq!(grade(&keys, &[vec![1]]), (100, vec![true]));
        assert_eq!(grade(&keys, &[vec![0]]), (0, vec![false]));
        assert_eq!(
            grade(&keys, &[vec![1, 0]]),
            (0, vec![false]),
            "hedging is wrong"
        );
        assert_eq!(grade(&keys, &[vec![]]), (0, vec![false]));
        assert_eq!(
            grade(&keys, &[vec![1, 1]]),
            (100, vec![true]),
            "a repeat is one choice"
        );
    }

    #[test]
    fn several_answer_questions_need_the_whole_set_and_nothing_else() {
        let keys = [key(QuestionKind::Multiple, &[0, 2])];
        assert_eq!(grade(&keys, &[vec![2, 0]]), (100, vec![true]));
        assert_eq!(grade(&keys, &[vec![0]]), (0, vec![false]));
        assert_eq!(grade(&keys, &[vec![0, 1, 2]]), (0, vec![false]));
        assert_eq!(
            grade(&keys, &[vec![0, 1, 2, 3]]),
            (0, vec![false]),
            "choosing all is wrong"
        );
    }

    #[test]
    fn scores_round_down_and_missing_answers_are_wrong() {
        let keys = [
            key(QuestionKind::TrueFalse, &[0]),
            key(QuestionKind::TrueFalse, &[1]),
            key(QuestionKind::Single, &[0]),
        ];
        assert_eq!(
            grade(&keys, &[vec![0], vec![1]]),
            (66, vec![true, true, false])
        );
        assert_eq!(grade(&keys, &[vec![0], vec![1], vec![0]]).0, 100);
        assert_eq!(grade(&[], &[]), (0, vec![]));
    }
}
