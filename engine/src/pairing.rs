//! From applicants and settings to pairs: hard constraints, admin locks, the three solving modes, the people
//! left over (with a proposed triad, or the reason they cannot be paired) and the quality report.
//!
//! Deterministic: people are ordered by id before anything else, the solver has no randomness and every tie
//! among leftovers is broken by that order, so the same input gives the same output whatever its row order.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::blossom::WeightedEdge;
use super::certified::max_weight_matching;
use super::score::{
    explain, pair_points, profiles, same_institution, Component, PairPoints, Person, Profile,
    Weights,
};

/// What the solver maximises.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// The largest total score; a pair that would score 0 or less is not formed.
    Total,
    /// As many pairs as the constraints allow, then the largest total among those.
    #[default]
    MaxCardinality,
    /// As many pairs as possible, then the best weakest pair, then the largest total.
    Fairness,
}

/// How good a set of pairs is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QualityReport {
    pub pairs: usize,
    pub unmatched: usize,
    pub total: i64,
    /// The weakest pair's score (`None` without pairs).
    pub min: Option<i64>,
    pub mean: f64,
    /// Pairs where each covers a growth area of the other.
    pub mutual_pairs: usize,
    /// Applicants (paired or not) none of whose growth areas their peer covers.
    pub uncovered_applicants: usize,
    /// Two people who would both rather be with each other than with their peers.
    pub blocking_pairs: usize,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::MaxCardinality, Mode::Total, Mode::Fairness];

    pub fn label(self) -> &'static str {
        match self {
            Mode::Total => "Largest total",
            Mode::MaxCardinality => "Most pairs",
            Mode::Fairness => "Fairest (best weakest pair)",
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            Mode::Total => "The highest total score; a pair that scores nothing is not formed.",
            Mode::MaxCardinality => "As many pairs as the rules allow, then the highest total.",
            Mode::Fairness => {
                "As many pairs as possible, then the strongest weakest pair, then the highest total."
            }
        }
    }

    /// The value used in forms and URLs.
    pub fn key(self) -> &'static str {
        match self {
            Mode::Total => "total",
            Mode::MaxCardinality => "max-cardinality",
            Mode::Fairness => "fairness",
        }
    }

    pub fn from_key(key: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// Hard rules and admin decisions, by applicant id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Constraints {
    /// Pairs an admin has forbidden.
    pub forbidden: Vec<(String, String)>,
    /// Pairs from earlier cycles: never repeated.
    pub previous: Vec<(String, String)>,
    /// Pairs an admin fixed before solving.
    pub locked: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub mode: Mode,
    pub weights: Weights,
    pub constraints: Constraints,
}

/// One proposed pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    pub members: [String; 2],
    pub score: i64,
    /// Fixed by an admin before solving.
    pub locked: bool,
    pub components: Vec<Component>,
}

/// Someone the solver left without a peer, and what the admin can do.
/// Why someone has no peer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOut {
    /// An odd number of people: one is left over.
    OddOneOut,
    /// The rules (same institution, earlier pairs, forbidden pairs) allow nobody.
    NoAllowedPartner,
    /// Every allowed partner was a better fit for someone else.
    BetterFitsElsewhere,
    /// Left out of a hand-made arrangement, or a run saved before kinds were recorded.
    #[default]
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub id: String,
    /// The reason in the admin's words (with counts).
    pub reason: String,
    /// The same reason as a kind, for words to the person themselves. Runs saved before it existed read as
    /// [`LeftOut::Other`].
    #[serde(default)]
    pub why: LeftOut,
    /// The pair this person would add most to as a third member.
    pub triad: Option<TriadProposal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriadProposal {
    pub join: [String; 2],
    /// The points the person's pairings with both would add.
    pub adds: i64,
}

/// The result of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Matching {
    pub mode: Mode,
    pub pairs: Vec<Pairing>,
    pub unmatched: Vec<Unmatched>,
    pub report: QualityReport,
    /// In fairness mode, the report of the maximum-total (maximum-cardinality) matching, to compare.
    pub compared_with_total: Option<QualityReport>,
}

/// Input the engine cannot work with.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum MatchError {
    #[error("applicant id {0:?} appears twice")]
    DuplicateId(String),
    #[error("{list}: unknown applicant id {id:?}")]
    UnknownId { list: &'static str, id: String },
    #[error("{0:?} is locked into two pairs")]
    LockedTwice(String),
    #[error("locked pair {0:?} and {1:?} breaks a rule: {2}")]
    LockBreaksRule(String, String, &'static str),
    #[error("a group has {0} people; groups have two or three")]
    GroupSize(usize),
    #[error("{0:?} is in two groups")]
    InTwoGroups(String),
    #[error("{0:?} and {1:?} cannot be together: {2}")]
    GroupBreaksRule(String, String, &'static str),
}

/// Indices into the id-sorted people.
pub(super) type Pair = (usize, usize);

pub(super) struct Problem<'a> {
    pub(super) people: Vec<&'a Person>,
    profiles: Vec<Profile>,
    weights: &'a Weights,
    /// Pairs ruled out by an admin or an earlier cycle (same institution is checked on profiles).
    banned: BTreeSet<Pair>,
}

impl Problem<'_> {
    pub(super) fn allowed(&self, a: usize, b: usize) -> bool {
        a != b
            && !same_institution(&self.profiles[a], &self.profiles[b])
            && !self.banned.contains(&ordered(a, b))
    }

    pub(super) fn points(&self, a: usize, b: usize) -> PairPoints {
        pair_points(self.weights, &self.profiles[a], &self.profiles[b])
    }

    /// Why `a` and `b` may not be paired, if they may not.
    pub(super) fn rule_broken(
        &self,
        a: usize,
        b: usize,
        previous: &BTreeSet<Pair>,
    ) -> Option<&'static str> {
        if a == b {
            Some("a person cannot be paired with themself")
        } else if same_institution(&self.profiles[a], &self.profiles[b]) {
            Some("same institution")
        } else if previous.contains(&ordered(a, b)) {
            Some("paired in an earlier cycle")
        } else if self.banned.contains(&ordered(a, b)) {
            Some("forbidden by an admin")
        } else {
            None
        }
    }

    pub(super) fn id(&self, i: usize) -> &str {
        &self.people[i].applicant.id
    }
}

pub(super) fn ordered(a: usize, b: usize) -> Pair {
    (a.min(b), a.max(b))
}

/// Pairs the applicants under `settings`.
///
/// # Errors
/// Duplicate ids, constraints naming unknown ids, a person locked twice, or a lock that breaks a hard rule.
pub fn match_people(people: &[Person], settings: &Settings) -> Result<Matching, MatchError> {
    match_people_reporting(people, settings, &|_| {})
}

/// What a run of the engine is doing, in the order it does it: for a progress display on large cohorts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Scoring every allowed pair and solving for the best matching.
    Solving,
    /// The quality figures: the weakest pair, pairs that would rather be together.
    Checking,
    /// Each pair's score explained, component by component.
    Explaining,
}

/// [`match_people`], telling `progress` as each [`Stage`] begins.
pub fn match_people_reporting(
    people: &[Person],
    settings: &Settings,
    progress: &dyn Fn(Stage),
) -> Result<Matching, MatchError> {
    let Prepared {
        problem,
        index,
        previous,
    } = prepare(people, settings)?;
    let locked = check_locks(
        &problem,
        &resolve(&index, "locked", &settings.constraints.locked)?,
        &previous,
    )?;

    let pool: Vec<usize> = (0..problem.people.len())
        .filter(|i| !locked.iter().any(|&(a, b)| a == *i || b == *i))
        .collect();
    progress(Stage::Solving);
    let (solved, compared) = solve(&problem, &pool, settings.mode);
    let mut all: Vec<(Pair, bool)> = locked
        .iter()
        .map(|&p| (p, true))
        .chain(solved.iter().map(|&p| (p, false)))
        .collect();
    all.sort_unstable();
    let partner = partners(problem.people.len(), all.iter().map(|(p, _)| *p));
    let unmatched = leftovers(&problem, &pool, &partner, &all);
    let groups: Vec<Vec<usize>> = all.iter().map(|&((a, b), _)| vec![a, b]).collect();
    progress(Stage::Checking);
    let report = report(&problem, &groups, unmatched.len());
    let compared_with_total = compared.map(|pairs| {
        let groups: Vec<Vec<usize>> = locked
            .iter()
            .copied()
            .chain(pairs)
            .map(|(a, b)| vec![a, b])
            .collect();
        let left = problem.people.len() - 2 * groups.len();
        self::report(&problem, &groups, left)
    });
    progress(Stage::Explaining);
    let pairs = all
        .iter()
        .map(|&((a, b), locked)| describe(&problem, a, b, locked))
        .collect();
    Ok(Matching {
        mode: settings.mode,
        pairs,
        unmatched,
        report,
        compared_with_total,
    })
}

/// The problem every solve or evaluation starts from: people in id order, their profiles, the banned pairs.
pub(super) struct Prepared<'a> {
    pub(super) problem: Problem<'a>,
    pub(super) index: HashMap<&'a str, usize>,
    /// Pairs from earlier cycles (also in `problem.banned`), kept apart for their own error message.
    pub(super) previous: BTreeSet<Pair>,
}

pub(super) fn prepare<'a>(
    people: &'a [Person],
    settings: &'a Settings,
) -> Result<Prepared<'a>, MatchError> {
    let mut sorted: Vec<&Person> = people.iter().collect();
    sorted.sort_by(|a, b| a.applicant.id.cmp(&b.applicant.id));
    let index = index_by_id(&sorted)?;
    let previous = resolve(&index, "previous", &settings.constraints.previous)?;
    let mut banned = resolve(&index, "forbidden", &settings.constraints.forbidden)?;
    banned.extend(previous.iter().copied());
    let problem = Problem {
        profiles: profiles(&sorted),
        people: sorted,
        weights: &settings.weights,
        banned,
    };
    Ok(Prepared {
        problem,
        index,
        previous,
    })
}

/// Id pairs to index pairs; `list` names the constraint list in the error.
fn resolve(
    index: &HashMap<&str, usize>,
    list: &'static str,
    pairs: &[(String, String)],
) -> Result<BTreeSet<Pair>, MatchError> {
    pairs
        .iter()
        .map(|(a, b)| Ok(ordered(find(index, list, a)?, find(index, list, b)?)))
        .collect()
}

pub(super) fn find(
    index: &HashMap<&str, usize>,
    list: &'static str,
    id: &str,
) -> Result<usize, MatchError> {
    index.get(id).copied().ok_or_else(|| MatchError::UnknownId {
        list,
        id: id.to_owned(),
    })
}

fn index_by_id<'a>(people: &[&'a Person]) -> Result<HashMap<&'a str, usize>, MatchError> {
    let mut index = HashMap::new();
    for (i, person) in people.iter().enumerate() {
        if index.insert(person.applicant.id.as_str(), i).is_some() {
            return Err(MatchError::DuplicateId(person.applicant.id.clone()));
        }
    }
    Ok(index)
}

fn check_locks(
    problem: &Problem,
    locked: &BTreeSet<Pair>,
    previous: &BTreeSet<Pair>,
) -> Result<Vec<Pair>, MatchError> {
    let mut seen = BTreeSet::new();
    for &(a, b) in locked {
        if let Some(rule) = problem.rule_broken(a, b, previous) {
            return Err(MatchError::LockBreaksRule(
                problem.id(a).to_owned(),
                problem.id(b).to_owned(),
                rule,
            ));
        }
        for person in [a, b] {
            if !seen.insert(person) {
                return Err(MatchError::LockedTwice(problem.id(person).to_owned()));
            }
        }
    }
    Ok(locked.iter().copied().collect())
}

/// The pairs among `pool` for `mode`, and in fairness mode also the maximum-total pairs for comparison.
fn solve(problem: &Problem, pool: &[usize], mode: Mode) -> (Vec<Pair>, Option<Vec<Pair>>) {
    let edges = pool_edges(problem, pool);
    match mode {
        Mode::Total => {
            let positive: Vec<(usize, usize, i64)> =
                edges.iter().copied().filter(|e| e.2 > 0).collect();
            (run(pool, &positive, false), None)
        }
        Mode::MaxCardinality => (run(pool, &shifted(&edges), true), None),
        Mode::Fairness => {
            let best_total = run(pool, &shifted(&edges), true);
            let threshold = best_bottleneck(pool.len(), &edges, best_total.len());
            let kept: Vec<_> = edges.iter().copied().filter(|e| e.2 >= threshold).collect();
            (run(pool, &shifted(&kept), true), Some(best_total))
        }
    }
}

/// Edges between allowed pool members, in pool-local numbering, weighted by pair score.
fn pool_edges(problem: &Problem, pool: &[usize]) -> Vec<WeightedEdge> {
    let mut edges = Vec::new();
    for (i, &a) in pool.iter().enumerate() {
        for (j, &b) in pool.iter().enumerate().skip(i + 1) {
            if problem.allowed(a, b) {
                edges.push((i, j, problem.points(a, b).total));
            }
        }
    }
    edges
}

/// Every allowed pair of `people` (in id order) with its score, shifted to non-negative weights: the graph the
/// maximum-cardinality solve sees. For benchmarks and diagnostics.
pub fn complete_graph(people: &[Person], weights: &Weights) -> Vec<WeightedEdge> {
    let mut sorted: Vec<&Person> = people.iter().collect();
    sorted.sort_by(|a, b| a.applicant.id.cmp(&b.applicant.id));
    let problem = Problem {
        profiles: profiles(&sorted),
        people: sorted,
        weights,
        banned: BTreeSet::new(),
    };
    let pool: Vec<usize> = (0..problem.people.len()).collect();
    shifted(&pool_edges(&problem, &pool))
}

/// Scores may be negative (time zones); with a fixed number of pairs, adding the same constant to every edge
/// changes no comparison, so the solver gets non-negative weights.
fn shifted(edges: &[WeightedEdge]) -> Vec<WeightedEdge> {
    let low = edges.iter().map(|e| e.2).min().unwrap_or(0).min(0);
    edges.iter().map(|&(u, v, w)| (u, v, w - low)).collect()
}

/// Solves on pool-local edges and maps the pairs back to problem indices.
fn run(pool: &[usize], edges: &[WeightedEdge], max_cardinality: bool) -> Vec<Pair> {
    let mate = max_weight_matching(pool.len(), edges, max_cardinality);
    let exists: BTreeSet<Pair> = edges.iter().map(|&(u, v, _)| ordered(u, v)).collect();
    mate.iter()
        .enumerate()
        .filter_map(|(u, m)| {
            m.filter(|&v| u < v && exists.contains(&(u, v)))
                .map(|v| ordered(pool[u], pool[v]))
        })
        .collect()
}

/// The highest score `t` such that the edges scoring at least `t` still pair `pairs` couples: binary search
/// over the distinct scores, each step a cardinality-only matching.
fn best_bottleneck(n: usize, edges: &[WeightedEdge], pairs: usize) -> i64 {
    let mut scores: Vec<i64> = edges.iter().map(|e| e.2).collect();
    scores.sort_unstable();
    scores.dedup();
    let (mut lo, mut hi) = (0usize, scores.len());
    // Invariant: scores[lo - 1] (if any) is feasible; scores[hi..] are not.
    while lo < hi {
        let mid = (lo + hi) / 2;
        let unit: Vec<_> = edges
            .iter()
            .filter(|e| e.2 >= scores[mid])
            .map(|&(u, v, _)| (u, v, 1))
            .collect();
        let found = max_weight_matching(n, &unit, false)
            .iter()
            .flatten()
            .count()
            / 2;
        if found >= pairs {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo.checked_sub(1)
        .and_then(|i| scores.get(i))
        .copied()
        .unwrap_or(i64::MIN)
}

fn partners(n: usize, pairs: impl Iterator<Item = Pair>) -> Vec<Option<usize>> {
    let mut partner = vec![None; n];
    for (a, b) in pairs {
        partner[a] = Some(b);
        partner[b] = Some(a);
    }
    partner
}

pub(super) fn describe(problem: &Problem, a: usize, b: usize, locked: bool) -> Pairing {
    Pairing {
        members: [problem.id(a).to_owned(), problem.id(b).to_owned()],
        score: problem.points(a, b).total,
        locked,
        components: explain(
            problem.weights,
            [problem.people[a], problem.people[b]],
            [&problem.profiles[a], &problem.profiles[b]],
        ),
    }
}

/// Everyone in the pool without a partner, with the reason and, where possible, the best triad to join.
fn leftovers(
    problem: &Problem,
    pool: &[usize],
    partner: &[Option<usize>],
    pairs: &[(Pair, bool)],
) -> Vec<Unmatched> {
    let single: Vec<usize> = pool
        .iter()
        .copied()
        .filter(|&i| partner[i].is_none())
        .collect();
    single
        .iter()
        .map(|&x| {
            let candidates = (0..problem.people.len())
                .filter(|&y| problem.allowed(x, y))
                .count();
            let triad = best_triad(problem, x, pairs);
            let (why, reason) = if candidates == 0 {
                (LeftOut::NoAllowedPartner, no_partner_reason(problem, x))
            } else if single.len() == 1 && pool.len() % 2 == 1 {
                (
                    LeftOut::OddOneOut,
                    "An odd number of applicants: one person is left over.".to_owned(),
                )
            } else {
                (
                    LeftOut::BetterFitsElsewhere,
                    "Every allowed partner is better used in another pair, or would add no points."
                        .to_owned(),
                )
            };
            Unmatched {
                id: problem.id(x).to_owned(),
                reason,
                why,
                triad,
            }
        })
        .collect()
}

pub(super) fn no_partner_reason(problem: &Problem, x: usize) -> String {
    let others = problem.people.len().saturating_sub(1);
    let same = (0..problem.people.len())
        .filter(|&y| y != x && same_institution(&problem.profiles[x], &problem.profiles[y]))
        .count();
    let banned = problem
        .banned
        .iter()
        .filter(|(a, b)| *a == x || *b == x)
        .count();
    format!("No allowed partner among {others} others: {same} from the same institution, {banned} forbidden or paired in an earlier cycle.")
}

/// The pair to which `x` adds the most as a third member (both pairings allowed); ties go to the first pair.
pub(super) fn best_triad(
    problem: &Problem,
    x: usize,
    pairs: &[(Pair, bool)],
) -> Option<TriadProposal> {
    let mut best: Option<(i64, Pair)> = None;
    for &((a, b), _) in pairs {
        if problem.allowed(x, a) && problem.allowed(x, b) {
            let adds = problem.points(x, a).total + problem.points(x, b).total;
            if best.is_none_or(|(score, _)| adds > score) {
                best = Some((adds, (a, b)));
            }
        }
    }
    best.map(|(adds, (a, b))| TriadProposal {
        join: [problem.id(a).to_owned(), problem.id(b).to_owned()],
        adds,
    })
}

/// Every two members of each group: the pairs whose scores make up a matching.
pub(super) fn links(groups: &[Vec<usize>]) -> Vec<Pair> {
    let mut links = Vec::new();
    for group in groups {
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                links.push(ordered(a, b));
            }
        }
    }
    links
}

/// The figures of a set of groups (pairs, or trios made by hand); a trio scores the sum of its three links.
pub(super) fn report(problem: &Problem, groups: &[Vec<usize>], unmatched: usize) -> QualityReport {
    let group_scores: Vec<i64> = groups
        .iter()
        .map(|g| {
            links(std::slice::from_ref(g))
                .iter()
                .map(|&(a, b)| problem.points(a, b).total)
                .sum()
        })
        .collect();
    let scored: Vec<(Pair, PairPoints)> = links(groups)
        .into_iter()
        .map(|(a, b)| ((a, b), problem.points(a, b)))
        .collect();
    let total: i64 = group_scores.iter().sum();
    let mut covered = vec![false; problem.people.len()];
    for ((a, b), points) in &scored {
        covered[*a] |= points.covered[0];
        covered[*b] |= points.covered[1];
    }
    QualityReport {
        pairs: groups.len(),
        unmatched,
        total,
        min: group_scores.iter().copied().min(),
        mean: if groups.is_empty() {
            0.0
        } else {
            (total as f64 / groups.len() as f64 * 100.0).round() / 100.0
        },
        mutual_pairs: scored
            .iter()
            .filter(|(_, p)| p.covered == [true, true])
            .count(),
        uncovered_applicants: covered.iter().filter(|c| !**c).count(),
        blocking_pairs: blocking_pairs(problem, groups),
    }
}

/// Counts allowed pairs (x, y), not together, where each would gain by leaving their group for the other
/// (a person's gain in a group is their best link in it). Someone without a peer gains from any allowed pair.
fn blocking_pairs(problem: &Problem, groups: &[Vec<usize>]) -> usize {
    let n = problem.people.len();
    let mut current = vec![i64::MIN; n];
    let mut group_of = vec![usize::MAX; n];
    for (g, group) in groups.iter().enumerate() {
        for &x in group {
            group_of[x] = g;
            for &y in group {
                if x != y {
                    current[x] = current[x].max(problem.points(x, y).utility[0]);
                }
            }
        }
    }
    let mut count = 0;
    for x in 0..n {
        for y in x + 1..n {
            let together = group_of[x] != usize::MAX && group_of[x] == group_of[y];
            if !together && problem.allowed(x, y) {
                let points = problem.points(x, y);
                if points.utility[0] > current[x] && points.utility[1] > current[y] {
                    count += 1;
                }
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::testing::person;
    use proptest::prelude::*;

    const C: [&str; 6] = [
        "Change Management",
        "Problem Solving",
        "Diversity and Inclusion",
        "Technological Knowledge",
        "Leadership and Management",
        "Professional Integrity",
    ];

    /// Ana and Ben complement each other perfectly; Chloé and Dev too; the cross pairs are weaker.
    fn four() -> Vec<Person> {
        vec![
            person("Ana", &[C[0]], &[C[1]]),
            person("Ben", &[C[1]], &[C[0]]),
            person("Chloe", &[C[2]], &[C[3]]),
            person("Dev", &[C[3]], &[C[2]]),
        ]
    }

    fn ids(matching: &Matching) -> Vec<[String; 2]> {
        matching.pairs.iter().map(|p| p.members.clone()).collect()
    }

    fn pair(a: &str, b: &str) -> [String; 2] {
        [a.to_owned(), b.to_owned()]
    }

    fn settings(mode: Mode) -> Settings {
        Settings {
            mode,
            ..Settings::default()
        }
    }

    #[test]
    fn complementary_peers_are_paired_and_explained() {
        let result = match_people(&four(), &settings(Mode::MaxCardinality)).expect("valid");
        assert_eq!(ids(&result), vec![pair("ana", "ben"), pair("chloe", "dev")]);
        assert_eq!(result.report.mutual_pairs, 2);
        assert_eq!(result.report.uncovered_applicants, 0);
        assert_eq!(result.report.blocking_pairs, 0);
        for p in &result.pairs {
            assert_eq!(p.components.iter().map(|c| c.points).sum::<i64>(), p.score);
        }
    }

    #[test]
    fn two_people_from_one_institution_are_never_paired() {
        let mut people = four();
        people[1].applicant.institution = "ana  UNIVERSITY".into();
        let result = match_people(&people, &settings(Mode::MaxCardinality)).expect("valid");
        assert!(!ids(&result).contains(&pair("ana", "ben")));
        assert_eq!(result.pairs.len(), 2);
    }

    #[test]
    fn forbidden_and_earlier_pairs_are_never_repeated() {
        let mut s = settings(Mode::MaxCardinality);
        s.constraints.forbidden = vec![("ana".into(), "ben".into())];
        s.constraints.previous = vec![("dev".into(), "chloe".into())];
        let result = match_people(&four(), &s).expect("valid");
        let pairs = ids(&result);
        assert!(!pairs.contains(&pair("ana", "ben")) && !pairs.contains(&pair("chloe", "dev")));
        assert_eq!(pairs.len(), 2);
    }

    #[test]
    fn locked_pairs_are_kept_and_the_rest_is_solved_around_them() {
        let mut s = settings(Mode::MaxCardinality);
        s.constraints.locked = vec![("ana".into(), "chloe".into())];
        let result = match_people(&four(), &s).expect("valid");
        assert_eq!(ids(&result), vec![pair("ana", "chloe"), pair("ben", "dev")]);
        assert!(result.pairs[0].locked && !result.pairs[1].locked);
    }

    #[test]
    fn bad_constraints_are_refused_with_the_id() {
        let cases: [(Constraints, MatchError); 4] = [
            (
                Constraints {
                    locked: vec![("ana".into(), "zed".into())],
                    ..Constraints::default()
                },
                MatchError::UnknownId {
                    list: "locked",
                    id: "zed".into(),
                },
            ),
            (
                Constraints {
                    locked: vec![("ana".into(), "ben".into()), ("ana".into(), "dev".into())],
                    ..Constraints::default()
                },
                MatchError::LockedTwice("ana".into()),
            ),
            (
                Constraints {
                    locked: vec![("ana".into(), "ben".into())],
                    forbidden: vec![("ben".into(), "ana".into())],
                    ..Constraints::default()
                },
                MatchError::LockBreaksRule("ana".into(), "ben".into(), "forbidden by an admin"),
            ),
            (
                Constraints {
                    previous: vec![("ana".into(), "ghost".into())],
                    ..Constraints::default()
                },
                MatchError::UnknownId {
                    list: "previous",
                    id: "ghost".into(),
                },
            ),
        ];
        for (constraints, expected) in cases {
            let s = Settings {
                constraints,
                ..Settings::default()
            };
            assert_eq!(match_people(&four(), &s), Err(expected));
        }
        let mut twice = four();
        twice[1].applicant.id = "ana".into();
        assert_eq!(
            match_people(&twice, &Settings::default()),
            Err(MatchError::DuplicateId("ana".into()))
        );
    }

    #[test]
    fn an_odd_one_out_gets_the_best_triad_proposed() {
        let mut people = four();
        people.push(person("Eve", &[C[1]], &[C[0]]));
        let result = match_people(&people, &settings(Mode::MaxCardinality)).expect("valid");
        assert_eq!(result.pairs.len(), 2);
        assert_eq!(result.unmatched.len(), 1);
        let left = &result.unmatched[0];
        assert!(left.reason.contains("odd number"), "{}", left.reason);
        assert_eq!(left.why, LeftOut::OddOneOut);
        let triad = left.triad.as_ref().expect("a triad");
        assert!(triad.join.contains(&"ana".to_owned()) || triad.join.contains(&"ben".to_owned()));
    }

    #[test]
    fn someone_nobody_may_pair_with_is_reported_with_the_reason() {
        let mut people = four();
        let mut eve = person("Eve", &[C[4]], &[C[5]]);
        eve.applicant.institution = "Ana University".into();
        people.push(eve);
        let mut s = settings(Mode::MaxCardinality);
        s.constraints.forbidden = vec![
            ("eve".into(), "ben".into()),
            ("eve".into(), "chloe".into()),
            ("eve".into(), "dev".into()),
        ];
        let result = match_people(&people, &s).expect("valid");
        let eve = result
            .unmatched
            .iter()
            .find(|u| u.id == "eve")
            .expect("eve left over");
        assert!(
            eve.reason.starts_with("No allowed partner"),
            "{}",
            eve.reason
        );
        assert_eq!(eve.why, LeftOut::NoAllowedPartner);
        assert!(eve.triad.is_none());
    }

    #[test]
    fn total_mode_leaves_pairs_that_would_score_nothing() {
        let mut people = four();
        let mut far = person("Far", &[C[4]], &[C[5]]);
        far.utc_offset_minutes = 9 * 60;
        people.push(far);
        let mut also_far = person("Zed", &[C[5]], &[C[4]]);
        also_far.utc_offset_minutes = -10 * 60;
        people.push(also_far);
        let total = match_people(&people, &settings(Mode::Total)).expect("valid");
        assert_eq!(
            total.unmatched.len(),
            2,
            "19 hours apart outweighs their complementarity"
        );
        let cardinality = match_people(&people, &settings(Mode::MaxCardinality)).expect("valid");
        assert!(cardinality.unmatched.is_empty());
    }

    #[test]
    fn the_same_people_in_another_order_give_the_same_result() {
        let mut people = four();
        people.push(person("Eve", &[C[1]], &[C[0]]));
        let forward = match_people(&people, &Settings::default()).expect("valid");
        people.reverse();
        assert_eq!(
            match_people(&people, &Settings::default()).expect("valid"),
            forward
        );
    }

    #[test]
    fn blocking_pairs_are_counted() {
        // Locking Ana with Chloé and Ben with Dev leaves Ana and Ben, who would both rather be together.
        let mut s = settings(Mode::MaxCardinality);
        s.constraints.locked = vec![("ana".into(), "chloe".into()), ("ben".into(), "dev".into())];
        let result = match_people(&four(), &s).expect("valid");
        assert!(result.report.blocking_pairs >= 2, "{:?}", result.report);
    }

    /// (pairs, weakest, total) of the best matching by exhaustive search, lexicographically.
    fn brute_force_fairness(
        n: usize,
        weight: &dyn Fn(usize, usize) -> Option<i64>,
    ) -> (usize, i64, i64) {
        fn go(
            used: &mut Vec<bool>,
            weight: &dyn Fn(usize, usize) -> Option<i64>,
            chosen: &mut Vec<i64>,
            best: &mut (usize, i64, i64),
        ) {
            let Some(u) = (0..used.len()).find(|&u| !used[u]) else {
                let key = (
                    chosen.len(),
                    chosen.iter().copied().min().unwrap_or(i64::MAX),
                    chosen.iter().sum(),
                );
                if key > *best {
                    *best = key;
                }
                return;
            };
            used[u] = true;
            go(used, weight, chosen, best);
            for v in u + 1..used.len() {
                if let (false, Some(w)) = (used[v], weight(u, v)) {
                    used[v] = true;
                    chosen.push(w);
                    go(used, weight, chosen, best);
                    chosen.pop();
                    used[v] = false;
                }
            }
            used[u] = false;
        }
        let mut best = (0, i64::MIN, i64::MIN);
        go(&mut vec![false; n], weight, &mut Vec::new(), &mut best);
        best
    }

    fn random_people() -> impl Strategy<Value = Vec<Person>> {
        let one = (
            proptest::sample::subsequence(C.to_vec(), 1..=2),
            proptest::sample::subsequence(C.to_vec(), 1..=2),
            -8i32..=1,
            0usize..4,
            0usize..3,
        );
        proptest::collection::vec(one, 0..=8).prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (strengths, growth, hours, institution, frequency))| {
                    let growth: Vec<&str> = growth
                        .into_iter()
                        .filter(|g| !strengths.contains(g))
                        .collect();
                    let mut p = person(&format!("P{i}"), &strengths, &growth);
                    p.utc_offset_minutes = hours * 60;
                    p.applicant.institution = format!("Institution {institution}");
                    p.applicant.meeting_frequency = crate::applicant::Ordinal::of(
                        &crate::options::MEETING_FREQUENCIES,
                        frequency,
                    );
                    p
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn fairness_mode_finds_the_best_weakest_pair_then_the_best_total(people in random_people()) {
            let result = match_people(&people, &settings(Mode::Fairness)).expect("valid");
            let mut sorted: Vec<&Person> = people.iter().collect();
            sorted.sort_by(|a, b| a.applicant.id.cmp(&b.applicant.id));
            let profiles = profiles(&sorted);
            let weights = Weights::default();
            let weight = |a: usize, b: usize| {
                (!same_institution(&profiles[a], &profiles[b])).then(|| pair_points(&weights, &profiles[a], &profiles[b]).total)
            };
            let (pairs, weakest, total) = brute_force_fairness(sorted.len(), &weight);
            prop_assert_eq!(result.report.pairs, pairs);
            if pairs > 0 {
                prop_assert_eq!(result.report.min, Some(weakest));
                prop_assert_eq!(result.report.total, total);
            }
            let compared = result.compared_with_total.expect("fairness compares");
            prop_assert!(compared.total >= result.report.total);
        }

        #[test]
        fn every_person_is_in_at_most_one_pair_and_no_rule_is_broken(people in random_people()) {
            for mode in [Mode::Total, Mode::MaxCardinality, Mode::Fairness] {
                let result = match_people(&people, &settings(mode)).expect("valid");
                let mut seen = BTreeSet::new();
                for p in &result.pairs {
                    for id in &p.members {
                        prop_assert!(seen.insert(id.clone()), "{} twice", id);
                    }
                    let inst = |id: &String| people.iter().find(|x| &x.applicant.id == id).map(|x| x.applicant.institution.clone());
                    prop_assert_ne!(inst(&p.members[0]), inst(&p.members[1]));
                }
                prop_assert_eq!(seen.len() + result.unmatched.len(), people.len());
            }
        }
    }
}
