//! Pair scores: a sum of named components, each weighted by the cycle's [`Weights`], each with a sentence an
//! admin understands. Peers are equals, so a score is symmetric; each person's own view of it (their
//! *utility*: what the peer covers for them plus what both share) is kept too, for counting blocking pairs.
//!
//! Profiles are indexed once (competencies and options become small integers and bit sets), so scoring the
//! ~2 million pairs of a 2,000-person cohort is cheap; sentences are written only for the pairs chosen.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::applicant::Applicant;
use crate::options::AssignmentPreference;

/// The weights of the score's components. Defaults are documented per field; admins change them per cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Points when one person's strength is the other's growth area, by the growth area's rank (1, 2, 3).
    /// Default 6, 4, 2: a rank-1 wish counts three times a rank-3 one.
    pub growth_rank_points: [i64; 3],
    /// Extra points when each covers a growth area of the other (the peer model's ideal). Default 5.
    pub mutual_bonus: i64,
    /// Hours apart that cost nothing. Default 3 (e.g. New York and Los Angeles).
    pub time_zone_free_hours: i64,
    /// Points lost per hour apart beyond the free hours. Default 2.
    pub time_zone_penalty_per_hour: i64,
    /// Points when both can meet equally often. Default 3.
    pub same_frequency: i64,
    /// Points when their frequencies are neighbours (weekly and every two weeks). Default 1.
    pub adjacent_frequency: i64,
    /// Points per shared communication method, counting at most two. Default 1.
    pub per_shared_method: i64,
    /// Points per person whose confidential assignment preference the pair satisfies. Default 3.
    pub preference_met: i64,
    /// Points per shared area of responsibility, counting at most three. Default 1.
    pub per_shared_area: i64,
    /// Points for pairing someone from the previous cycle with a first-timer (0 turns it off). Default 2.
    pub returning_with_new: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            growth_rank_points: [6, 4, 2],
            mutual_bonus: 5,
            time_zone_free_hours: 3,
            time_zone_penalty_per_hour: 2,
            same_frequency: 3,
            adjacent_frequency: 1,
            per_shared_method: 1,
            preference_met: 3,
            per_shared_area: 1,
            returning_with_new: 2,
        }
    }
}

/// The named parts of a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    Complementarity,
    Mutual,
    TimeZone,
    MeetingFrequency,
    Communication,
    /// Counts the confidential preference: shown to admins only, never to peers.
    Preference,
    Responsibility,
    ExperienceMix,
}

/// One line of a score's explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub kind: ComponentKind,
    pub points: i64,
    pub explanation: String,
    /// True when the line rests on a confidential answer; such lines are for program admins only.
    pub confidential: bool,
}

/// An applicant with the UTC offset of their time zone during the cycle's months.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub applicant: Applicant,
    pub utc_offset_minutes: i32,
}

/// A profile reduced to what scoring compares.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    /// `strength_rank[c]`: 1..=3 when competency `c` is a strength at that rank, else 0.
    strength_rank: Vec<u8>,
    growth_rank: Vec<u8>,
    institution: String,
    types: u64,
    areas: u64,
    methods: u64,
    enrollment: usize,
    frequency: usize,
    returning: bool,
    preference: AssignmentPreference,
    offset_minutes: i32,
}

/// Turns people into profiles, numbering competencies and options in order of first appearance.
pub(crate) fn profiles(people: &[&Person]) -> Vec<Profile> {
    let mut competencies: HashMap<&str, usize> = HashMap::new();
    let mut options: HashMap<String, u32> = HashMap::new();
    for person in people {
        for name in person
            .applicant
            .strengths
            .iter()
            .chain(&person.applicant.growth)
        {
            let next = competencies.len();
            competencies.entry(name.as_str()).or_insert(next);
        }
    }
    let count = competencies.len();
    let mut bits = |labels: &[String]| -> u64 {
        labels.iter().fold(0u64, |acc, label| {
            let next = u32::try_from(options.len()).unwrap_or(u32::MAX);
            let bit = *options.entry(label.clone()).or_insert(next);
            acc | 1u64.checked_shl(bit % 64).unwrap_or(0)
        })
    };
    people
        .iter()
        .map(|person| {
            let a = &person.applicant;
            let ranks = |list: &[String]| {
                let mut ranks = vec![0u8; count];
                for (rank, name) in list.iter().enumerate().take(3) {
                    ranks[competencies[name.as_str()]] = u8::try_from(rank + 1).unwrap_or(3);
                }
                ranks
            };
            Profile {
                strength_rank: ranks(&a.strengths),
                growth_rank: ranks(&a.growth),
                institution: institution_key(&a.institution),
                types: bits(&a.institution_types),
                areas: bits(&a.areas),
                methods: bits(&a.communication),
                enrollment: a.enrollment_size.index,
                frequency: a.meeting_frequency.index,
                returning: a.returning,
                preference: a.preference,
                offset_minutes: person.utc_offset_minutes,
            }
        })
        .collect()
}

/// Institution names compare without case and extra spaces ("Saint  Brendan college" = "Saint Brendan College").
pub fn institution_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A pair's points: the total, each person's utility, and what each one's growth areas got covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct PairPoints {
    pub total: i64,
    /// `utility[0]` is what the pair gives the first person, `utility[1]` the second.
    pub utility: [i64; 2],
    /// Whether the first (second) person's growth areas are covered at all.
    pub covered: [bool; 2],
}

/// Points from `mentor`'s strengths for `learner`'s growth areas.
fn coverage(weights: &Weights, mentor: &Profile, learner: &Profile) -> i64 {
    learner
        .growth_rank
        .iter()
        .zip(&mentor.strength_rank)
        .filter(|(growth, strength)| **growth > 0 && **strength > 0)
        .map(|(growth, _)| weights.growth_rank_points[usize::from(*growth - 1)])
        .sum()
}

fn hours_apart(a: &Profile, b: &Profile) -> i64 {
    i64::from((a.offset_minutes - b.offset_minutes).abs()) / 60
}

fn time_zone_points(weights: &Weights, a: &Profile, b: &Profile) -> i64 {
    -(hours_apart(a, b) - weights.time_zone_free_hours).max(0) * weights.time_zone_penalty_per_hour
}

fn frequency_points(weights: &Weights, a: &Profile, b: &Profile) -> i64 {
    match a.frequency.abs_diff(b.frequency) {
        0 => weights.same_frequency,
        1 => weights.adjacent_frequency,
        _ => 0,
    }
}

fn shared(a: u64, b: u64, cap: u32) -> i64 {
    i64::from((a & b).count_ones().min(cap))
}

/// Whether `holder`'s confidential preference is met by being paired with `other`.
fn preference_met(holder: &Profile, other: &Profile) -> bool {
    match holder.preference {
        AssignmentPreference::SameInstitutionType => holder.types & other.types != 0,
        AssignmentPreference::DifferentInstitutionType => holder.types & other.types == 0,
        AssignmentPreference::SimilarEnrollmentSize => {
            holder.enrollment.abs_diff(other.enrollment) <= 1
        }
        AssignmentPreference::SimilarArea => holder.areas & other.areas != 0,
        AssignmentPreference::DifferentArea => holder.areas & other.areas == 0,
        AssignmentPreference::NearbyTimeZone => hours_apart(holder, other) <= 1,
        AssignmentPreference::NoPreference => false,
    }
}

fn experience_points(weights: &Weights, a: &Profile, b: &Profile) -> i64 {
    if a.returning != b.returning {
        weights.returning_with_new
    } else {
        0
    }
}

/// The points of pairing `a` with `b` (fast path: no text).
pub(crate) fn pair_points(weights: &Weights, a: &Profile, b: &Profile) -> PairPoints {
    let for_a = coverage(weights, b, a);
    let for_b = coverage(weights, a, b);
    let mutual = if for_a > 0 && for_b > 0 {
        weights.mutual_bonus
    } else {
        0
    };
    let common = time_zone_points(weights, a, b)
        + frequency_points(weights, a, b)
        + shared(a.methods, b.methods, 2) * weights.per_shared_method
        + shared(a.areas, b.areas, 3) * weights.per_shared_area
        + experience_points(weights, a, b);
    let pref_a = if preference_met(a, b) {
        weights.preference_met
    } else {
        0
    };
    let pref_b = if preference_met(b, a) {
        weights.preference_met
    } else {
        0
    };
    PairPoints {
        total: for_a + for_b + mutual + common + pref_a + pref_b,
        // Each person's view: what the peer covers for them, plus everything they share.
        utility: [
            for_a + mutual + common + pref_a,
            for_b + mutual + common + pref_b,
        ],
        covered: [for_a > 0, for_b > 0],
    }
}

/// Whether the two work at the same institution (then they are never paired).
pub(crate) fn same_institution(a: &Profile, b: &Profile) -> bool {
    a.institution == b.institution
}

/// The explanation of a pair's score, one line per component that scored; the points add up to
/// [`pair_points`]' total.
pub(crate) fn explain(
    weights: &Weights,
    people: [&Person; 2],
    profiles: [&Profile; 2],
) -> Vec<Component> {
    let [pa, pb] = people;
    let [a, b] = profiles;
    let (na, nb) = (
        first_name(&pa.applicant.name),
        first_name(&pb.applicant.name),
    );
    let mut lines = Vec::new();
    for (mentor, learner, m, l) in [(pb, pa, nb, na), (pa, pb, na, nb)] {
        for (rank, growth) in learner.applicant.growth.iter().enumerate().take(3) {
            if mentor.applicant.strengths.contains(growth) {
                lines.push(Component {
                    kind: ComponentKind::Complementarity,
                    points: weights.growth_rank_points[rank],
                    explanation: format!(
                        "{m}'s strength in {growth} is {l}'s growth area (rank {} for {l}).",
                        rank + 1
                    ),
                    confidential: false,
                });
            }
        }
    }
    let points = pair_points(weights, a, b);
    if points.covered == [true, true] && weights.mutual_bonus != 0 {
        lines.push(public(
            ComponentKind::Mutual,
            weights.mutual_bonus,
            format!("{na} and {nb} can each help the other grow."),
        ));
    }
    let tz = time_zone_points(weights, a, b);
    if tz != 0 {
        let hours = hours_apart(a, b);
        lines.push(public(
            ComponentKind::TimeZone,
            tz,
            format!(
                "{hours} hours apart ({} and {}): harder to find a meeting time.",
                pa.applicant.time_zone, pb.applicant.time_zone
            ),
        ));
    }
    let frequency = frequency_points(weights, a, b);
    if frequency != 0 {
        let label = |p: &Person| p.applicant.meeting_frequency.label.to_lowercase();
        let text = if a.frequency == b.frequency {
            format!("Both can meet {}.", label(pa))
        } else {
            format!(
                "Close meeting rhythms: {na} {}, {nb} {}.",
                label(pa),
                label(pb)
            )
        };
        lines.push(public(ComponentKind::MeetingFrequency, frequency, text));
    }
    let methods: Vec<&String> = pa
        .applicant
        .communication
        .iter()
        .filter(|m| pb.applicant.communication.contains(m))
        .collect();
    let method_points = shared(a.methods, b.methods, 2) * weights.per_shared_method;
    if method_points != 0 {
        lines.push(public(
            ComponentKind::Communication,
            method_points,
            format!("Both like to talk by {}.", join_lower(&methods)),
        ));
    }
    let areas: Vec<&String> = pa
        .applicant
        .areas
        .iter()
        .filter(|x| pb.applicant.areas.contains(x))
        .collect();
    let area_points = shared(a.areas, b.areas, 3) * weights.per_shared_area;
    if area_points != 0 {
        lines.push(public(
            ComponentKind::Responsibility,
            area_points,
            format!("Both work in {}.", join_lower(&areas)),
        ));
    }
    let experience = experience_points(weights, a, b);
    if experience != 0 {
        let (returning, new) = if pa.applicant.returning {
            (na, nb)
        } else {
            (nb, na)
        };
        lines.push(public(
            ComponentKind::ExperienceMix,
            experience,
            format!("{returning} took part last cycle; {new} is new to the program."),
        ));
    }
    for (holder, other, person, name) in [(a, b, pa, na), (b, a, pb, nb)] {
        if preference_met(holder, other) && weights.preference_met != 0 {
            lines.push(Component {
                kind: ComponentKind::Preference,
                points: weights.preference_met,
                explanation: format!(
                    "Meets {name}'s confidential preference: {}.",
                    person.applicant.preference.label().to_lowercase()
                ),
                confidential: true,
            });
        }
    }
    lines
}

fn public(kind: ComponentKind, points: i64, explanation: String) -> Component {
    Component {
        kind,
        points,
        explanation,
        confidential: false,
    }
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

fn join_lower(items: &[&String]) -> String {
    let items: Vec<String> = items.iter().map(|s| s.to_lowercase()).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// People and weights with only what a test cares about set (the server's tests use them too: feature `testing`).
#[cfg(any(test, feature = "testing"))]
pub mod testing {
    use super::*;
    use crate::applicant::Ordinal;
    use crate::options::{ENROLLMENT_SIZES, MEETING_FREQUENCIES};

    /// A person with only the fields a test cares about set; everything else neutral.
    pub fn person(name: &str, strengths: &[&str], growth: &[&str]) -> Person {
        Person {
            applicant: Applicant {
                id: name.to_lowercase(),
                name: name.to_owned(),
                email: String::new(),
                institution: format!("{name} University"),
                institution_types: vec!["Public four-year".into()],
                time_zone: "America/New_York".into(),
                enrollment_size: Ordinal::of(&ENROLLMENT_SIZES, 2),
                returning: false,
                preference: AssignmentPreference::NoPreference,
                resource_formats: vec![],
                areas: vec![],
                strengths: strengths.iter().map(|s| (*s).to_owned()).collect(),
                growth: growth.iter().map(|s| (*s).to_owned()).collect(),
                goals: String::new(),
                meeting_frequency: Ordinal::of(&MEETING_FREQUENCIES, 0),
                communication: vec![],
            },
            utc_offset_minutes: -300,
        }
    }

    /// Neutral weights except the ones a test sets.
    pub fn only(set: impl FnOnce(&mut Weights)) -> Weights {
        let mut weights = Weights {
            growth_rank_points: [0, 0, 0],
            mutual_bonus: 0,
            time_zone_free_hours: 0,
            time_zone_penalty_per_hour: 0,
            same_frequency: 0,
            adjacent_frequency: 0,
            per_shared_method: 0,
            preference_met: 0,
            per_shared_area: 0,
            returning_with_new: 0,
        };
        set(&mut weights);
        weights
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{only, person};
    use super::*;
    use crate::applicant::Ordinal;
    use crate::options::{ENROLLMENT_SIZES, MEETING_FREQUENCIES};

    fn score(weights: &Weights, a: &Person, b: &Person) -> (PairPoints, Vec<Component>) {
        let p = profiles(&[a, b]);
        (
            pair_points(weights, &p[0], &p[1]),
            explain(weights, [a, b], [&p[0], &p[1]]),
        )
    }

    fn sum(lines: &[Component]) -> i64 {
        lines.iter().map(|c| c.points).sum()
    }

    #[test]
    fn a_rank_one_growth_area_counts_more_than_rank_three() {
        let weights = only(|w| w.growth_rank_points = [6, 4, 2]);
        let ana = person("Ana", &["Problem Solving"], &["Change Management"]);
        let rank1 = person(
            "Ben",
            &["Change Management"],
            &["Problem Solving", "X", "Y"],
        );
        let rank3 = person("Cy", &["Change Management"], &["X", "Y", "Problem Solving"]);
        let (first, lines) = score(&weights, &ana, &rank1);
        let (third, _) = score(&weights, &ana, &rank3);
        assert_eq!(first.total, 6 + 6);
        assert_eq!(third.total, 6 + 2);
        assert_eq!(sum(&lines), first.total);
        assert!(lines.iter().any(|c| c.explanation
            == "Ana's strength in Problem Solving is Ben's growth area (rank 1 for Ben)."));
    }

    #[test]
    fn mutual_complementarity_earns_the_bonus_one_way_does_not() {
        let weights = only(|w| {
            w.growth_rank_points = [6, 4, 2];
            w.mutual_bonus = 5;
        });
        let ana = person("Ana", &["Problem Solving"], &["Change Management"]);
        let both = person("Ben", &["Change Management"], &["Problem Solving"]);
        let one_way = person("Cy", &["Diversity and Inclusion"], &["Problem Solving"]);
        assert_eq!(score(&weights, &ana, &both).0.total, 6 + 6 + 5);
        assert_eq!(score(&weights, &ana, &one_way).0.total, 6);
        let (points, lines) = score(&weights, &ana, &both);
        assert_eq!(points.covered, [true, true]);
        assert_eq!(sum(&lines), points.total);
    }

    #[test]
    fn time_zones_cost_only_beyond_the_free_hours() {
        let weights = only(|w| {
            w.time_zone_free_hours = 3;
            w.time_zone_penalty_per_hour = 2;
        });
        let ny = person("Ana", &["A"], &["B"]);
        let mut la = person("Ben", &["C"], &["D"]);
        la.utc_offset_minutes = -480;
        let mut paris = person("Chloé", &["C"], &["D"]);
        paris.utc_offset_minutes = 60;
        assert_eq!(score(&weights, &ny, &la).0.total, 0);
        let (points, lines) = score(&weights, &ny, &paris);
        assert_eq!(points.total, -(6 - 3) * 2);
        assert_eq!(sum(&lines), points.total);
    }

    #[test]
    fn meeting_frequencies_match_exactly_or_as_neighbours() {
        let weights = only(|w| {
            w.same_frequency = 3;
            w.adjacent_frequency = 1;
        });
        let mut a = person("Ana", &["A"], &["B"]);
        let mut b = person("Ben", &["C"], &["D"]);
        a.applicant.meeting_frequency = Ordinal::of(&MEETING_FREQUENCIES, 2);
        b.applicant.meeting_frequency = Ordinal::of(&MEETING_FREQUENCIES, 2);
        assert_eq!(score(&weights, &a, &b).0.total, 3);
        b.applicant.meeting_frequency = Ordinal::of(&MEETING_FREQUENCIES, 3);
        assert_eq!(score(&weights, &a, &b).0.total, 1);
        b.applicant.meeting_frequency = Ordinal::of(&MEETING_FREQUENCIES, 0);
        assert_eq!(score(&weights, &a, &b).0.total, 0);
    }

    #[test]
    fn shared_methods_and_areas_count_up_to_their_caps() {
        let weights = only(|w| {
            w.per_shared_method = 1;
            w.per_shared_area = 1;
        });
        let mut a = person("Ana", &["A"], &["B"]);
        let mut b = person("Ben", &["C"], &["D"]);
        let all = |xs: &[&str]| xs.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        a.applicant.communication = all(&["Video call", "Phone", "Email"]);
        b.applicant.communication = all(&["Video call", "Phone", "Email"]);
        a.applicant.areas = all(&[
            "Financial aid",
            "Academic advising",
            "Graduate admissions",
            "Office leadership",
        ]);
        b.applicant.areas = all(&[
            "Financial aid",
            "Academic advising",
            "Graduate admissions",
            "Office leadership",
        ]);
        let (points, lines) = score(&weights, &a, &b);
        assert_eq!(points.total, 2 + 3);
        assert_eq!(sum(&lines), points.total);
    }

    #[test]
    fn each_satisfied_confidential_preference_counts_and_is_marked_confidential() {
        let weights = only(|w| w.preference_met = 3);
        let mut a = person("Ana", &["A"], &["B"]);
        let mut b = person("Ben", &["C"], &["D"]);
        a.applicant.preference = AssignmentPreference::DifferentInstitutionType;
        b.applicant.institution_types = vec!["Community or two-year college".into()];
        b.applicant.preference = AssignmentPreference::SimilarEnrollmentSize;
        b.applicant.enrollment_size = Ordinal::of(&ENROLLMENT_SIZES, 3);
        let (points, lines) = score(&weights, &a, &b);
        assert_eq!(points.total, 6);
        assert_eq!(points.utility, [3, 3]);
        assert!(lines
            .iter()
            .all(|c| c.kind != ComponentKind::Preference || c.confidential));
        assert_eq!(lines.iter().filter(|c| c.confidential).count(), 2);
        // The same pair with Ana wanting the same type: not met.
        a.applicant.preference = AssignmentPreference::SameInstitutionType;
        assert_eq!(score(&weights, &a, &b).0.total, 3);
    }

    #[test]
    fn returning_participants_pair_well_with_first_timers() {
        let weights = only(|w| w.returning_with_new = 2);
        let mut a = person("Ana", &["A"], &["B"]);
        let b = person("Ben", &["C"], &["D"]);
        assert_eq!(score(&weights, &a, &b).0.total, 0);
        a.applicant.returning = true;
        let (points, lines) = score(&weights, &a, &b);
        assert_eq!(points.total, 2);
        assert_eq!(
            lines[0].explanation,
            "Ana took part last cycle; Ben is new to the program."
        );
    }

    #[test]
    fn institutions_compare_without_case_or_spacing() {
        assert_eq!(
            institution_key("  Saint  Brendan college "),
            institution_key("Saint Brendan College")
        );
    }

    #[test]
    fn default_explanations_add_up_to_the_score() {
        let weights = Weights::default();
        let mut a = person(
            "Ana",
            &["Problem Solving", "Change Management"],
            &["Technological Knowledge", "Diversity and Inclusion"],
        );
        let mut b = person(
            "Ben",
            &["Technological Knowledge"],
            &["Problem Solving", "Change Management"],
        );
        a.applicant.returning = true;
        a.applicant.communication = vec!["Email".into()];
        b.applicant.communication = vec!["Email".into()];
        b.utc_offset_minutes = 60;
        a.applicant.preference = AssignmentPreference::SameInstitutionType;
        let (points, lines) = score(&weights, &a, &b);
        assert_eq!(sum(&lines), points.total);
        assert!(lines
            .iter()
            .any(|c| c.kind == ComponentKind::TimeZone && c.points < 0));
    }
}
