//! Property tests of the speed-round rotation: with everyone present, nobody meets anyone twice over n-1
//! rounds, and everyone is placed in every round.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use proptest::prelude::*;
use shoulder_server::speed::rotation::{OddOneOut, Person, Rotation};

fn room(n: u32, institutions: u32) -> Vec<Person> {
    (1..=n)
        .map(|id| Person {
            id,
            institution: Some(format!("College {}", id % institutions.max(1))),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn nobody_meets_twice_and_everyone_is_placed(n in 2u32..=60, trio in any::<bool>()) {
        let people = room(n, n + 1);
        let odd = if trio { OddOneOut::Trio } else { OddOneOut::SitOut };
        let rotation = Rotation::new(&people);
        let mut met = HashSet::new();
        let mut outs: Vec<u32> = Vec::new();
        let rounds = if n % 2 == 0 { n - 1 } else { n };
        for r in 0..rounds as usize {
            let counts = outs.clone();
            let round = rotation.round(r, &people, &met, &|id| counts.iter().filter(|o| **o == id).count(), odd);
            let mut placed: Vec<u32> = round.tables.iter().flat_map(|t| t.seats.clone()).collect();
            placed.extend(round.sitting_out.iter().copied());
            placed.sort_unstable();
            prop_assert_eq!(placed, (1..=n).collect::<Vec<_>>(), "round {}", r);
            prop_assert!(round.tables.iter().all(|t| (2..=3).contains(&t.seats.len())));
            if !trio || n % 2 == 0 {
                for pair in round.pairs() {
                    prop_assert!(met.insert(pair), "{:?} met twice by round {}", pair, r);
                }
            } else {
                met.extend(round.pairs());
            }
            outs.extend(round.sitting_out.iter().copied());
        }
    }

    #[test]
    fn colleagues_never_share_a_first_round_table(n in 4u32..=60, trio in any::<bool>()) {
        // Institutions of at most two people: the first round can always keep them apart.
        let people = room(n, n.div_ceil(2));
        let odd = if trio { OddOneOut::Trio } else { OddOneOut::SitOut };
        let round = Rotation::new(&people).round(0, &people, &HashSet::new(), &|_| 0, odd);
        for (a, b) in round.pairs() {
            let same = people[(a - 1) as usize].institution == people[(b - 1) as usize].institution;
            prop_assert!(!same, "colleagues {} and {} share a table: {:?}", a, b, round);
        }
    }
}
