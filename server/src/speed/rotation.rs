//! Who meets whom in each round of a speed peer-mentoring session. Pure: no I/O, no clock, no randomness.
//!
//! The plan is the round-robin "circle method": seat everyone on a circle, fix one seat and rotate the rest by
//! one place per round; seat `i` faces seat `m-1-i`. With an even count `m`, every pair meets exactly once in
//! `m-1` rounds. An odd count adds an empty seat: whoever faces it joins another table as a trio, or sits
//! out (the empty seat moves round the circle, so sitting out rotates).
//!
//! Rooms of up to a dozen people are seated exactly instead (`small_room`: every grouping is tried, so nobody
//! is left with no one new, and no repeat or colleague pair is made, when some arrangement avoids it).
//! Larger rooms follow the plan:
//!
//! Each round then adapts the plan to the room as it is ([`Rotation::round`]): planned pairs whose people are
//! both present and have not met stay as they are; everyone else (partners of leavers, late arrivals, pairs
//! that already met) is paired among themselves, preferring people they have not met and from another
//! institution; last, pairs from the same institution swap partners with another table when that makes no
//! repeat, and then single people swap tables while that still lowers the cost (this also reaches trios).
//! Keeping colleagues apart is greedy, round by round: guaranteed in the first round when no institution
//! has more than two people, best effort after that. So a change in the room disturbs only the tables it touches.

use std::collections::HashSet;

/// A participant's id (stable for the session).
pub type Id = u32;

/// Someone in the room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: Id,
    /// Institution name; people with the same (ignoring case and spaces) are not paired while avoidable.
    pub institution: Option<String>,
}

/// What to do with the odd one out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OddOneOut {
    /// Join a table, making a trio.
    Trio,
    /// Sit this round out (it rotates).
    SitOut,
}

/// One table in one round. Seats are in speaking order: the first is mentor first, then they swap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub number: u32,
    pub seats: Vec<Id>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub tables: Vec<Table>,
    pub sitting_out: Vec<Id>,
}

impl Round {
    /// Every pair that talks at one table this round (a trio makes three).
    pub fn pairs(&self) -> Vec<(Id, Id)> {
        self.tables
            .iter()
            .flat_map(|t| {
                t.seats
                    .iter()
                    .enumerate()
                    .flat_map(move |(i, a)| t.seats[i + 1..].iter().map(move |b| key(*a, *b)))
            })
            .collect()
    }
}

/// A pair in a canonical order.
pub fn key(a: Id, b: Id) -> (Id, Id) {
    (a.min(b), a.max(b))
}

/// The circle for a session: the seating order fixed when it starts.
#[derive(Clone, Debug)]
pub struct Rotation {
    /// `None` is the empty seat of an odd count.
    seats: Vec<Option<Id>>,
}

impl Rotation {
    /// Seats the people who are there at the start, in the given order.
    pub fn new(people: &[Person]) -> Self {
        let mut seats: Vec<Option<Id>> = people.iter().map(|p| Some(p.id)).collect();
        if seats.len() % 2 == 1 {
            seats.push(None);
        }
        Rotation { seats }
    }

    /// The planned pairs of round `r` (0-based); `None` is the empty seat.
    fn planned(&self, r: usize) -> Vec<(Option<Id>, Option<Id>)> {
        let m = self.seats.len();
        if m < 2 {
            return Vec::new();
        }
        let turning = m - 1;
        let at = |i: usize| {
            if i == 0 {
                self.seats[0]
            } else {
                self.seats[1 + (i - 1 + r) % turning]
            }
        };
        (0..m / 2).map(|i| (at(i), at(m - 1 - i))).collect()
    }

    /// Round `r` for the people `present` now, given every pair that has `met` in earlier rounds and how
    /// many times each person has `sat_out` (only used with [`OddOneOut::SitOut`]).
    pub fn round(
        &self,
        r: usize,
        present: &[Person],
        met: &HashSet<(Id, Id)>,
        sat_out: &dyn Fn(Id) -> usize,
        odd: OddOneOut,
    ) -> Round {
        if let Some(round) = self.exact_round(r, present, met, sat_out, odd) {
            return round;
        }
        let here = |id: Option<Id>| id.and_then(|id| present.iter().find(|p| p.id == id));
        let mut pairs: Vec<(&Person, &Person)> = Vec::new();
        let mut seated: HashSet<Id> = HashSet::new();
        for (a, b) in self.planned(r) {
            if let (Some(a), Some(b)) = (here(a), here(b)) {
                if !met.contains(&key(a.id, b.id)) {
                    pairs.push((a, b));
                    seated.extend([a.id, b.id]);
                }
            }
        }
        let free: Vec<&Person> = present.iter().filter(|p| !seated.contains(&p.id)).collect();
        let (more, left) = pair_up(free, met);
        pairs.extend(more);
        avoid_same_institution(&mut pairs, met);
        let mut tables: Vec<Vec<Id>> = pairs
            .iter()
            .map(|(a, b)| {
                // Alternate who speaks first from round to round.
                if r.is_multiple_of(2) {
                    vec![a.id, b.id]
                } else {
                    vec![b.id, a.id]
                }
            })
            .collect();
        let mut sitting_out = Vec::new();
        if let Some(last) = left {
            match (odd, tables.is_empty()) {
                (OddOneOut::Trio, false) => {
                    let best = best_table_for(last, &tables, present, met);
                    tables[best].push(last.id);
                }
                _ => sitting_out.push(last.id),
            }
        }
        separate_colleagues(&mut tables, present, met);
        if odd == OddOneOut::SitOut {
            rotate_sit_out(&mut tables, &mut sitting_out, present, met, sat_out);
        }
        Round {
            tables: tables
                .into_iter()
                .enumerate()
                .map(|(i, seats)| Table {
                    number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    seats,
                })
                .collect(),
            sitting_out,
        }
    }
}

impl Rotation {
    /// A small room seated exactly (see `small_room`), keeping the plan's pairs when that costs nothing.
    fn exact_round(
        &self,
        r: usize,
        present: &[Person],
        met: &HashSet<(Id, Id)>,
        sat_out: &dyn Fn(Id) -> usize,
        odd: OddOneOut,
    ) -> Option<Round> {
        let planned: HashSet<(Id, Id)> = self
            .planned(r)
            .into_iter()
            .filter_map(|(a, b)| Some(key(a?, b?)))
            .collect();
        let (tables, out) = super::small_room::best_tables(present, met, &planned, odd, sat_out)?;
        Some(Round {
            tables: tables
                .into_iter()
                .enumerate()
                .map(|(i, mut seats)| {
                    // Alternate who speaks first from round to round.
                    let turn = r % seats.len();
                    seats.rotate_left(turn);
                    Table {
                        number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        seats,
                    }
                })
                .collect(),
            sitting_out: out.into_iter().collect(),
        })
    }
}

pub(super) fn same_institution(a: &Person, b: &Person) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    match (&a.institution, &b.institution) {
        (Some(x), Some(y)) => !x.trim().is_empty() && norm(x) == norm(y),
        _ => false,
    }
}

/// How undesirable a pair is: a repeat is worse than a colleague, both worse than a stranger.
fn cost(a: &Person, b: &Person, met: &HashSet<(Id, Id)>) -> u32 {
    let repeat = if met.contains(&key(a.id, b.id)) {
        10
    } else {
        0
    };
    let colleague = if same_institution(a, b) { 3 } else { 0 };
    repeat + colleague
}

/// Pairs the free people, each with the cheapest partner left; returns the pairs and the odd one out.
fn pair_up<'a>(
    mut free: Vec<&'a Person>,
    met: &HashSet<(Id, Id)>,
) -> (Vec<(&'a Person, &'a Person)>, Option<&'a Person>) {
    let mut pairs = Vec::new();
    while free.len() >= 2 {
        let a = free.remove(0);
        let best = (0..free.len())
            .min_by_key(|&j| cost(a, free[j], met))
            .unwrap_or(0);
        let b = free.remove(best);
        pairs.push((a, b));
    }
    (pairs, free.pop())
}

/// Swaps partners between a same-institution pair and another table when both new pairs are new to each
/// other and from different institutions.
fn avoid_same_institution<'a>(pairs: &mut [(&'a Person, &'a Person)], met: &HashSet<(Id, Id)>) {
    for i in 0..pairs.len() {
        if !same_institution(pairs[i].0, pairs[i].1) {
            continue;
        }
        let fine = |x: &Person, y: &Person| cost(x, y, met) == 0;
        for j in 0..pairs.len() {
            if i == j {
                continue;
            }
            let ((a, b), (c, d)) = (pairs[i], pairs[j]);
            if fine(a, c) && fine(b, d) {
                pairs[i] = (a, c);
                pairs[j] = (b, d);
                break;
            }
            if fine(a, d) && fine(b, c) {
                pairs[i] = (a, d);
                pairs[j] = (c, b);
                break;
            }
        }
    }
}

/// The cost of everyone at a table talking to everyone else there.
fn table_cost(seats: &[Id], present: &[Person], met: &HashSet<(Id, Id)>) -> u32 {
    let find = |id: Id| present.iter().find(|p| p.id == id);
    seats
        .iter()
        .enumerate()
        .flat_map(|(i, a)| seats[i + 1..].iter().map(move |b| (*a, *b)))
        .filter_map(|(a, b)| Some(cost(find(a)?, find(b)?, met)))
        .sum()
}

/// Swaps people between tables while that lowers the two tables' cost, so colleagues (and repeats) are
/// split up when another table can take them. Each accepted swap lowers the total, so this ends.
fn separate_colleagues(tables: &mut [Vec<Id>], present: &[Person], met: &HashSet<(Id, Id)>) {
    let mut improved = true;
    while improved {
        improved = false;
        for t in 0..tables.len() {
            if table_cost(&tables[t], present, met) == 0 {
                continue;
            }
            'search: for u in 0..tables.len() {
                if u == t {
                    continue;
                }
                for x in 0..tables[t].len() {
                    for y in 0..tables[u].len() {
                        let before = table_cost(&tables[t], present, met)
                            + table_cost(&tables[u], present, met);
                        swap_seats(tables, (t, x), (u, y));
                        let after = table_cost(&tables[t], present, met)
                            + table_cost(&tables[u], present, met);
                        if after < before {
                            improved = true;
                            break 'search;
                        }
                        swap_seats(tables, (t, x), (u, y));
                    }
                }
            }
        }
    }
}

fn swap_seats(tables: &mut [Vec<Id>], (t, x): (usize, usize), (u, y): (usize, usize)) {
    let held = tables[t][x];
    tables[t][x] = tables[u][y];
    tables[u][y] = held;
}

/// The table where `person` meets the fewest people again and the fewest colleagues.
fn best_table_for(
    person: &Person,
    tables: &[Vec<Id>],
    present: &[Person],
    met: &HashSet<(Id, Id)>,
) -> usize {
    let find = |id: Id| present.iter().find(|p| p.id == id);
    (0..tables.len())
        .min_by_key(|&t| {
            tables[t]
                .iter()
                .filter_map(|id| find(*id))
                .map(|other| cost(person, other, met))
                .sum::<u32>()
        })
        .unwrap_or(0)
}

/// With sit-outs, the one who sat out least should sit out: swap them in for the planned one when they
/// can take that seat without a repeat.
fn rotate_sit_out(
    tables: &mut [Vec<Id>],
    sitting_out: &mut [Id],
    present: &[Person],
    met: &HashSet<(Id, Id)>,
    sat_out: &dyn Fn(Id) -> usize,
) {
    let Some(out) = sitting_out.first_mut() else {
        return;
    };
    let find = |id: Id| present.iter().find(|p| p.id == id);
    for table in tables.iter_mut() {
        for seat in 0..table.len() {
            let candidate = table[seat];
            if sat_out(candidate) >= sat_out(*out) {
                continue;
            }
            let (Some(incoming), true) = (find(*out), table.len() == 2) else {
                continue;
            };
            let partner = table[1 - seat];
            if find(partner).is_some_and(|p| cost(incoming, p, met) == 0) {
                table[seat] = *out;
                *out = candidate;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(n: u32) -> Vec<Person> {
        (1..=n)
            .map(|id| Person {
                id,
                institution: Some(format!("College {id}")),
            })
            .collect()
    }

    /// Plays `rounds` rounds with everyone present throughout.
    fn play(people: &[Person], rounds: usize, odd: OddOneOut) -> Vec<Round> {
        let rotation = Rotation::new(people);
        let mut met = HashSet::new();
        let mut outs: Vec<Id> = Vec::new();
        let mut played = Vec::new();
        for r in 0..rounds {
            let counts = outs.clone();
            let round = rotation.round(
                r,
                people,
                &met,
                &|id| counts.iter().filter(|o| **o == id).count(),
                odd,
            );
            met.extend(round.pairs());
            outs.extend(round.sitting_out.iter().copied());
            played.push(round);
        }
        played
    }

    /// With a trio, a repeat is forced from the second round on (the first trio's three have all met, so
    /// any later trio holds two of them or both of the first pair); the rotation keeps it to that one pair
    /// and gives everyone someone new each round.
    #[test]
    fn a_trio_forces_at_most_one_repeat_and_everyone_meets_someone_new() {
        for n in [5u32, 7, 9, 11] {
            let everyone = people(n);
            let rounds = play(&everyone, 3, OddOneOut::Trio);
            let mut met: HashSet<(Id, Id)> = HashSet::new();
            for (r, round) in rounds.iter().enumerate() {
                let repeats = round.pairs().iter().filter(|p| met.contains(p)).count();
                assert!(repeats <= 1, "n={n} round {r}: {repeats} repeats");
                for person in &everyone {
                    let new = round.pairs().iter().any(|(a, b)| {
                        (*a == person.id || *b == person.id) && !met.contains(&key(*a, *b))
                    });
                    assert!(new, "n={n} round {r}: {} met nobody new", person.id);
                }
                met.extend(round.pairs());
            }
        }
    }

    #[test]
    fn six_people_meet_everyone_once_in_five_rounds() {
        let rounds = play(&people(6), 5, OddOneOut::Trio);
        let all: Vec<_> = rounds.iter().flat_map(Round::pairs).collect();
        let unique: HashSet<_> = all.iter().copied().collect();
        assert_eq!(all.len(), 15);
        assert_eq!(unique.len(), 15);
    }

    #[test]
    fn an_odd_room_makes_one_trio_or_one_sit_out() {
        let trio = play(&people(5), 1, OddOneOut::Trio);
        let sizes: Vec<usize> = trio[0].tables.iter().map(|t| t.seats.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 5);
        assert!(sizes.contains(&3));
        let sit = play(&people(5), 5, OddOneOut::SitOut);
        let outs: HashSet<Id> = sit.iter().flat_map(|r| r.sitting_out.clone()).collect();
        assert_eq!(outs.len(), 5, "everyone sits out once over five rounds");
    }

    #[test]
    fn colleagues_are_not_paired_while_avoidable() {
        let mut room = people(8);
        for p in &mut room[..4] {
            p.institution = Some("Northfield State".into());
        }
        for round in play(&room, 3, OddOneOut::Trio) {
            for table in &round.tables {
                let colleagues = table.seats.iter().filter(|id| **id <= 4).count();
                assert!(colleagues <= 1, "{round:?}");
            }
        }
    }

    #[test]
    fn a_late_arrival_and_a_leaver_disturb_only_their_tables() {
        let room = people(8);
        let rotation = Rotation::new(&room);
        let none = |_: Id| 0;
        let first = rotation.round(0, &room, &HashSet::new(), &none, OddOneOut::Trio);
        let met: HashSet<_> = first.pairs().into_iter().collect();
        let planned = rotation.round(1, &room, &met, &none, OddOneOut::Trio);
        // Person 8 leaves and person 9 arrives before round 2.
        let mut changed: Vec<Person> = room.iter().filter(|p| p.id != 8).cloned().collect();
        changed.push(Person {
            id: 9,
            institution: None,
        });
        let actual = rotation.round(1, &changed, &met, &none, OddOneOut::Trio);
        let kept = planned
            .pairs()
            .into_iter()
            .filter(|pair| actual.pairs().contains(pair))
            .count();
        assert_eq!(kept, 3, "only the leaver's table changes");
        assert!(actual.pairs().iter().any(|(a, b)| *a == 9 || *b == 9));
    }

    #[test]
    fn mentor_first_alternates_between_rounds() {
        let rounds = play(&people(4), 2, OddOneOut::Trio);
        let first_speakers =
            |r: &Round| r.tables.iter().map(|t| t.seats[0]).collect::<HashSet<_>>();
        assert_ne!(first_speakers(&rounds[0]), first_speakers(&rounds[1]));
    }
}
