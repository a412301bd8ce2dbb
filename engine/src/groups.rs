//! Scoring a matching chosen by hand: the pairs and trios an admin arrived at by adjusting a run, checked
//! against the hard rules and measured with the same quality report as a solve.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::score::{Component, Person};
use crate::pairing::{
    best_triad, describe, links, no_partner_reason, ordered, prepare, report, LeftOut, MatchError,
    Pair, Prepared, QualityReport, Settings, Unmatched,
};

/// A group of two or three with its score: a trio scores the sum of its three pairs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredGroup {
    pub members: Vec<String>,
    pub score: i64,
    pub components: Vec<Component>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub groups: Vec<ScoredGroup>,
    pub unmatched: Vec<Unmatched>,
    pub report: QualityReport,
}

/// What someone outside every group is told when the engine has nothing more specific.
pub const NOT_IN_A_GROUP: &str =
    "Not in a pair: pair them by hand, add them to a trio, or run again.";

/// Scores `groups` (applicant ids) among `people`. Locks in `settings` are ignored (they steer solving);
/// forbidden pairs and pairs from earlier cycles are rules like the same institution.
///
/// # Errors
/// Unknown or duplicate ids, a group of fewer than two or more than three, someone in two groups, or a group
/// holding two people who may not be together.
pub fn evaluate(
    people: &[Person],
    settings: &Settings,
    groups: &[Vec<String>],
) -> Result<Evaluation, MatchError> {
    let Prepared {
        problem,
        index,
        previous,
    } = prepare(people, settings)?;
    let mut seen = BTreeSet::new();
    let mut indexed: Vec<Vec<usize>> = Vec::with_capacity(groups.len());
    for group in groups {
        if !(2..=3).contains(&group.len()) {
            return Err(MatchError::GroupSize(group.len()));
        }
        let mut members = Vec::with_capacity(group.len());
        for id in group {
            let i = crate::pairing::find(&index, "groups", id)?;
            if !seen.insert(i) {
                return Err(MatchError::InTwoGroups(id.clone()));
            }
            members.push(i);
        }
        indexed.push(members);
    }
    for &(a, b) in &links(&indexed) {
        if let Some(rule) = problem.rule_broken(a, b, &previous) {
            return Err(MatchError::GroupBreaksRule(
                problem.id(a).to_owned(),
                problem.id(b).to_owned(),
                rule,
            ));
        }
    }
    let pairs: Vec<(Pair, bool)> = indexed
        .iter()
        .filter(|g| g.len() == 2)
        .map(|g| (ordered(g[0], g[1]), false))
        .collect();
    let unmatched: Vec<Unmatched> = (0..problem.people.len())
        .filter(|i| !seen.contains(i))
        .map(|x| {
            let anyone = (0..problem.people.len()).any(|y| problem.allowed(x, y));
            let (why, reason) = if anyone {
                (LeftOut::Other, NOT_IN_A_GROUP.to_owned())
            } else {
                (LeftOut::NoAllowedPartner, no_partner_reason(&problem, x))
            };
            Unmatched {
                id: problem.id(x).to_owned(),
                reason,
                why,
                triad: best_triad(&problem, x, &pairs),
            }
        })
        .collect();
    let report = report(&problem, &indexed, unmatched.len());
    let groups = indexed
        .iter()
        .map(|group| {
            let described: Vec<_> = links(std::slice::from_ref(group))
                .into_iter()
                .map(|(a, b)| describe(&problem, a, b, false))
                .collect();
            ScoredGroup {
                members: group.iter().map(|&i| problem.id(i).to_owned()).collect(),
                score: described.iter().map(|p| p.score).sum(),
                components: described.into_iter().flat_map(|p| p.components).collect(),
            }
        })
        .collect();
    Ok(Evaluation {
        groups,
        unmatched,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pairing::{match_people, Constraints, Mode};
    use crate::score::testing::person;

    fn people() -> Vec<Person> {
        let c = [
            "Change Management",
            "Problem Solving",
            "Diversity and Inclusion",
            "Technological Knowledge",
        ];
        vec![
            person("Ana", &[c[0]], &[c[1]]),
            person("Ben", &[c[1]], &[c[0]]),
            person("Chloe", &[c[2]], &[c[3]]),
            person("Dev", &[c[3]], &[c[2]]),
            person("Eve", &[c[0]], &[c[3]]),
        ]
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_solved_matching_evaluates_to_the_same_report() {
        let people = people();
        let settings = Settings::default();
        let solved = match_people(&people, &settings).expect("solves");
        let groups: Vec<Vec<String>> = solved.pairs.iter().map(|p| p.members.to_vec()).collect();
        let evaluated = evaluate(&people, &settings, &groups).expect("valid");
        assert_eq!(evaluated.report, solved.report);
        assert_eq!(
            evaluated.groups.iter().map(|g| g.score).collect::<Vec<_>>(),
            solved.pairs.iter().map(|p| p.score).collect::<Vec<_>>()
        );
        assert_eq!(evaluated.unmatched.len(), 1);
        assert!(evaluated.unmatched[0].triad.is_some());
    }

    #[test]
    fn a_trio_scores_its_three_links_and_explains_them() {
        let people = people();
        let settings = Settings::default();
        let evaluated = evaluate(
            &people,
            &settings,
            &[ids(&["ana", "ben", "eve"]), ids(&["chloe", "dev"])],
        )
        .expect("valid");
        let trio = &evaluated.groups[0];
        assert_eq!(
            trio.components.iter().map(|c| c.points).sum::<i64>(),
            trio.score
        );
        assert_eq!(evaluated.report.pairs, 2);
        assert_eq!(evaluated.report.unmatched, 0);
        assert_eq!(
            evaluated.report.total,
            evaluated.groups.iter().map(|g| g.score).sum::<i64>()
        );
    }

    #[test]
    fn broken_rules_and_bad_groups_are_refused() {
        let people = people();
        let forbid = Settings {
            mode: Mode::default(),
            weights: Default::default(),
            constraints: Constraints {
                forbidden: vec![("ana".into(), "ben".into())],
                ..Constraints::default()
            },
        };
        assert_eq!(
            evaluate(&people, &forbid, &[ids(&["ben", "ana"])]),
            Err(MatchError::GroupBreaksRule(
                "ana".into(),
                "ben".into(),
                "forbidden by an admin"
            ))
        );
        let plain = Settings::default();
        assert_eq!(
            evaluate(&people, &plain, &[ids(&["ana"])]),
            Err(MatchError::GroupSize(1))
        );
        assert_eq!(
            evaluate(
                &people,
                &plain,
                &[ids(&["ana", "ben"]), ids(&["ben", "eve"])]
            ),
            Err(MatchError::InTwoGroups("ben".into()))
        );
        assert!(matches!(
            evaluate(&people, &plain, &[ids(&["ana", "zed"])]),
            Err(MatchError::UnknownId { .. })
        ));
    }
}
