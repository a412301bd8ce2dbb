//! Exact seating for small rooms. A workshop of up to a dozen people is where the greedy rotation can
//! strand someone with nobody new (a trio forces repeats from the second round on, and colleagues narrow
//! the choice further), and also where every arrangement can be tried: at most 17,325 groupings (11 people
//! into four pairs and a trio). Arrangements are ranked, in order, by: pairs who meet again, people who
//! meet nobody new, colleagues at one table, how often the one sitting out already sat out, and planned
//! pairs broken up (so a change in the room moves as few people as possible).

use std::collections::HashSet;

use super::rotation::{key, Id, OddOneOut, Person};

/// Rooms up to this size are seated exactly.
pub const EXACT_UP_TO: usize = 12;

/// How bad an arrangement is; compared lexicographically.
type Cost = (usize, usize, usize, usize, usize);

/// The best tables (and who sits out) for the people present, or `None` for rooms too large or too small.
pub fn best_tables(
    present: &[Person],
    met: &HashSet<(Id, Id)>,
    planned: &HashSet<(Id, Id)>,
    odd: OddOneOut,
    sat_out: &dyn Fn(Id) -> usize,
) -> Option<(Vec<Vec<Id>>, Option<Id>)> {
    let n = present.len();
    if !(2..=EXACT_UP_TO).contains(&n) {
        return None;
    }
    let ids: Vec<Id> = present.iter().map(|p| p.id).collect();
    let judge = Judge {
        present,
        met,
        planned,
        sat_out,
    };
    let mut best: Option<(Cost, Vec<Vec<Id>>, Option<Id>)> = None;
    let mut consider = |tables: &[Vec<Id>], out: Option<Id>| {
        let cost = judge.cost(tables, out);
        if best.as_ref().is_none_or(|(c, _, _)| cost < *c) {
            best = Some((cost, tables.to_vec(), out));
        }
    };
    match (n % 2 == 1, odd) {
        (true, OddOneOut::SitOut) => {
            for (i, out) in ids.iter().enumerate() {
                let mut rest = ids.clone();
                rest.remove(i);
                groupings(&rest, false, &mut Vec::new(), &mut |t| {
                    consider(t, Some(*out))
                });
            }
        }
        (is_odd, _) => groupings(&ids, is_odd, &mut Vec::new(), &mut |t| consider(t, None)),
    }
    best.map(|(_, tables, out)| (tables, out))
}

/// Calls `visit` with every way to seat `rest` at tables of two, with exactly one table of three when
/// `trio` is set.
fn groupings(
    rest: &[Id],
    trio: bool,
    tables: &mut Vec<Vec<Id>>,
    visit: &mut dyn FnMut(&[Vec<Id>]),
) {
    let Some((&first, others)) = rest.split_first() else {
        if !trio {
            visit(tables);
        }
        return;
    };
    let without = |skip: &[usize]| -> Vec<Id> {
        others
            .iter()
            .enumerate()
            .filter(|(k, _)| !skip.contains(k))
            .map(|(_, id)| *id)
            .collect()
    };
    for (i, &b) in others.iter().enumerate() {
        tables.push(vec![first, b]);
        groupings(&without(&[i]), trio, tables, visit);
        tables.pop();
        if trio {
            for (j, &c) in others.iter().enumerate().skip(i + 1) {
                tables.push(vec![first, b, c]);
                groupings(&without(&[i, j]), false, tables, visit);
                tables.pop();
            }
        }
    }
}

struct Judge<'a> {
    present: &'a [Person],
    met: &'a HashSet<(Id, Id)>,
    planned: &'a HashSet<(Id, Id)>,
    sat_out: &'a dyn Fn(Id) -> usize,
}

impl Judge<'_> {
    fn colleagues(&self, a: Id, b: Id) -> bool {
        let find = |id: Id| self.present.iter().find(|p| p.id == id);
        match (find(a), find(b)) {
            (Some(x), Some(y)) => super::rotation::same_institution(x, y),
            _ => false,
        }
    }

    fn cost(&self, tables: &[Vec<Id>], out: Option<Id>) -> Cost {
        let (mut repeats, mut stranded, mut colleagues, mut kept) = (0, 0, 0, 0);
        for table in tables {
            for (i, &a) in table.iter().enumerate() {
                let mut meets_someone_new = false;
                for (j, &b) in table.iter().enumerate() {
                    if i == j {
                        continue;
                    }
                    let pair = key(a, b);
                    let again = self.met.contains(&pair);
                    meets_someone_new |= !again;
                    if j > i {
                        repeats += usize::from(again);
                        colleagues += usize::from(self.colleagues(a, b));
                        kept += usize::from(self.planned.contains(&pair));
                    }
                }
                stranded += usize::from(!meets_someone_new);
            }
        }
        let sat = out.map_or(0, |id| (self.sat_out)(id));
        (
            repeats,
            stranded,
            colleagues,
            sat,
            self.planned.len().saturating_sub(kept),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(n: usize, trio: bool) -> usize {
        let ids: Vec<Id> = (1..=u32::try_from(n).unwrap_or(0)).collect();
        let mut seen = 0;
        groupings(&ids, trio, &mut Vec::new(), &mut |_| seen += 1);
        seen
    }

    #[test]
    fn every_grouping_is_visited_once() {
        assert_eq!(count(4, false), 3);
        assert_eq!(count(6, false), 15);
        assert_eq!(count(3, true), 1);
        assert_eq!(count(5, true), 10);
        assert_eq!(count(7, true), 105);
        assert_eq!(count(11, true), 17_325);
    }
}
