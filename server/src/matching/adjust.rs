//! Hand adjustments to a run's groups, as pure functions: who ends up with whom, and which groups changed.

use app::error::AppError;
use app::matching::Adjustment;

use engine::groups::{evaluate, Evaluation};
use engine::score::Person;
use engine::{MatchError, Settings};

/// The groups after an adjustment, and the people it touched (to show before/after).
#[derive(Debug, PartialEq, Eq)]
pub struct Adjusted {
    pub groups: Vec<Vec<String>>,
    pub touched: Vec<String>,
    /// Two people left behind who were paired together (dropped again when that breaks a rule).
    pub repaired: Option<[String; 2]>,
}

/// Applies `adjustment` to `groups` (applicant ids).
///
/// # Errors
/// [`AppError::Conflict`] with a sentence when the adjustment makes no sense for these groups (someone not
/// in the cycle, pairing someone with themself or with their current peer, a fourth member for a trio).
pub fn apply(groups: &[Vec<String>], adjustment: Adjustment) -> Result<Adjusted, AppError> {
    match adjustment {
        Adjustment::PairWith { person, peer } => {
            pair_with(groups, &person.to_string(), &peer.to_string())
        }
        Adjustment::JoinGroup { person, member } => {
            join_group(groups, &person.to_string(), &member.to_string())
        }
    }
}

fn group_of<'a>(groups: &'a [Vec<String>], id: &str) -> Option<&'a Vec<String>> {
    groups.iter().find(|g| g.iter().any(|m| m == id))
}

fn conflict(message: &str) -> AppError {
    AppError::Conflict(message.to_owned())
}

fn pair_with(groups: &[Vec<String>], x: &str, y: &str) -> Result<Adjusted, AppError> {
    if x == y {
        return Err(conflict("Choose two different people."));
    }
    let (gx, gy) = (group_of(groups, x), group_of(groups, y));
    if gx.is_some() && gx == gy {
        return Err(conflict("They are already together."));
    }
    let rest = |g: Option<&Vec<String>>, me: &str| -> Vec<String> {
        g.map(|g| g.iter().filter(|m| *m != me).cloned().collect())
            .unwrap_or_default()
    };
    let (rest_x, rest_y) = (rest(gx, x), rest(gy, y));
    let mut touched: Vec<String> = vec![x.to_owned(), y.to_owned()];
    touched.extend(rest_x.iter().cloned());
    touched.extend(rest_y.iter().cloned());
    let mut result: Vec<Vec<String>> = groups
        .iter()
        .filter(|g| Some(*g) != gx && Some(*g) != gy)
        .cloned()
        .collect();
    result.push(vec![x.to_owned(), y.to_owned()]);
    let mut repaired = None;
    match (rest_x.len(), rest_y.len()) {
        (1, 1) => {
            result.push(vec![rest_x[0].clone(), rest_y[0].clone()]);
            repaired = Some([rest_x[0].clone(), rest_y[0].clone()]);
        }
        _ => {
            // What remains of a trio is still a pair; a single person is left unmatched.
            for rest in [rest_x, rest_y] {
                if rest.len() >= 2 {
                    result.push(rest);
                }
            }
        }
    }
    Ok(Adjusted {
        groups: result,
        touched,
        repaired,
    })
}

fn join_group(groups: &[Vec<String>], x: &str, m: &str) -> Result<Adjusted, AppError> {
    let target = group_of(groups, m).ok_or_else(|| conflict("That person is not in a pair."))?;
    if target.iter().any(|id| id == x) {
        return Err(conflict("They are already together."));
    }
    if target.len() >= 3 {
        return Err(conflict("That group is already a trio."));
    }
    let own = group_of(groups, x);
    let mut touched: Vec<String> = target.clone();
    touched.push(x.to_owned());
    let mut result: Vec<Vec<String>> = groups
        .iter()
        .filter(|g| *g != target && Some(*g) != own)
        .cloned()
        .collect();
    if let Some(own) = own {
        let rest: Vec<String> = own.iter().filter(|id| *id != x).cloned().collect();
        touched.extend(rest.iter().cloned());
        if rest.len() >= 2 {
            result.push(rest);
        }
    }
    let mut grown = target.clone();
    grown.push(x.to_owned());
    result.push(grown);
    Ok(Adjusted {
        groups: result,
        touched,
        repaired: None,
    })
}

/// `adjusted` without the pair of people left behind, for when that pair breaks a rule.
pub fn without_repair(mut adjusted: Adjusted) -> Adjusted {
    if let Some(pair) = adjusted.repaired.take() {
        adjusted.groups.retain(|g| g.as_slice() != pair.as_slice());
    }
    adjusted
}

/// `adjusted` with `groups_of(adjusted)` scored by the engine; when the pair left behind by the adjustment breaks a
/// rule, without that pair.
///
/// # Errors
/// The engine refuses the groups (a hard rule broken by a group other than the pair left behind).
pub fn scored(
    people: &[Person],
    settings: &Settings,
    adjusted: Adjusted,
    groups_of: impl Fn(&Adjusted) -> Vec<Vec<String>>,
) -> Result<(Adjusted, Evaluation), MatchError> {
    match evaluate(people, settings, &groups_of(&adjusted)) {
        Ok(evaluation) => Ok((adjusted, evaluation)),
        Err(MatchError::GroupBreaksRule(a, b, _))
            if adjusted
                .repaired
                .as_ref()
                .is_some_and(|p| p.contains(&a) && p.contains(&b)) =>
        {
            let adjusted = without_repair(adjusted);
            evaluate(people, settings, &groups_of(&adjusted)).map(|e| (adjusted, e))
        }
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::types::UserId;

    fn g(ids: &[&[&str]]) -> Vec<Vec<String>> {
        ids.iter()
            .map(|g| g.iter().map(|s| (*s).to_owned()).collect())
            .collect()
    }

    fn sorted(mut groups: Vec<Vec<String>>) -> Vec<Vec<String>> {
        for group in &mut groups {
            group.sort();
        }
        groups.sort();
        groups
    }

    #[test]
    fn pairing_two_people_pairs_the_peers_they_leave() {
        let groups = g(&[&["1", "2"], &["3", "4"], &["5", "6"]]);
        let adjusted = apply(
            &groups,
            Adjustment::PairWith {
                person: UserId(1),
                peer: UserId(3),
            },
        )
        .expect("valid");
        assert_eq!(
            sorted(adjusted.groups),
            g(&[&["1", "3"], &["2", "4"], &["5", "6"]])
        );
        assert_eq!(adjusted.repaired, Some(["2".to_owned(), "4".to_owned()]));
    }

    #[test]
    fn pairing_with_an_unmatched_person_leaves_the_old_peer_alone() {
        let groups = g(&[&["1", "2"], &["3", "4"]]);
        let adjusted = apply(
            &groups,
            Adjustment::PairWith {
                person: UserId(5),
                peer: UserId(1),
            },
        )
        .expect("valid");
        assert_eq!(sorted(adjusted.groups), g(&[&["1", "5"], &["3", "4"]]));
        assert!(adjusted.touched.contains(&"2".to_owned()));
        let dropped = without_repair(
            apply(
                &g(&[&["1", "2"], &["3", "4"]]),
                Adjustment::PairWith {
                    person: UserId(1),
                    peer: UserId(3),
                },
            )
            .expect("valid"),
        );
        assert_eq!(sorted(dropped.groups), g(&[&["1", "3"]]));
    }

    #[test]
    fn a_trio_keeps_its_other_two_as_a_pair() {
        let groups = g(&[&["1", "2", "3"], &["4", "5"]]);
        let adjusted = apply(
            &groups,
            Adjustment::PairWith {
                person: UserId(1),
                peer: UserId(4),
            },
        )
        .expect("valid");
        assert_eq!(sorted(adjusted.groups), g(&[&["1", "4"], &["2", "3"]]));
    }

    #[test]
    fn joining_makes_a_trio_and_refuses_a_fourth() {
        let groups = g(&[&["1", "2"], &["3", "4"]]);
        let adjusted = apply(
            &groups,
            Adjustment::JoinGroup {
                person: UserId(5),
                member: UserId(1),
            },
        )
        .expect("valid");
        assert_eq!(sorted(adjusted.groups), g(&[&["1", "2", "5"], &["3", "4"]]));
        let trio = g(&[&["1", "2", "5"], &["3", "4"]]);
        assert!(matches!(
            apply(
                &trio,
                Adjustment::JoinGroup {
                    person: UserId(3),
                    member: UserId(1)
                }
            ),
            Err(AppError::Conflict(_))
        ));
    }

    #[test]
    fn nonsense_adjustments_are_refused() {
        let groups = g(&[&["1", "2"]]);
        for adjustment in [
            Adjustment::PairWith {
                person: UserId(1),
                peer: UserId(1),
            },
            Adjustment::PairWith {
                person: UserId(1),
                peer: UserId(2),
            },
            Adjustment::JoinGroup {
                person: UserId(1),
                member: UserId(2),
            },
            Adjustment::JoinGroup {
                person: UserId(3),
                member: UserId(9),
            },
        ] {
            assert!(
                matches!(apply(&groups, adjustment), Err(AppError::Conflict(_))),
                "{adjustment:?}"
            );
        }
    }
}
