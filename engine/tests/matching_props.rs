//! The blossom solver against an exhaustive search on small random graphs, in both modes, including ties,
//! zero weights, disconnected graphs and 0, 1 or 2 vertices.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use engine::graph::Graph;
use proptest::prelude::*;

/// The best (pairs, weight) over all matchings, by exhaustive search: the lowest unmatched vertex is either
/// left single or paired with each neighbour in turn.
fn brute_force(n: usize, edges: &[(usize, usize, i64)], max_cardinality: bool) -> (usize, i64) {
    let mut weight = vec![vec![None; n]; n];
    for &(u, v, w) in edges {
        weight[u][v] = Some(w);
        weight[v][u] = Some(w);
    }
    fn best(
        from: usize,
        used: &mut Vec<bool>,
        weight: &[Vec<Option<i64>>],
        by_cardinality: bool,
    ) -> (usize, i64) {
        let Some(u) = (from..used.len()).find(|&u| !used[u]) else {
            return (0, 0);
        };
        used[u] = true;
        let mut result = best(u + 1, used, weight, by_cardinality);
        for v in u + 1..used.len() {
            if let (false, Some(w)) = (used[v], weight[u][v]) {
                used[v] = true;
                let (pairs, total) = best(u + 1, used, weight, by_cardinality);
                let candidate = (pairs + 1, total + w);
                let better = if by_cardinality {
                    candidate > result
                } else {
                    candidate.1 > result.1
                };
                if better {
                    result = candidate;
                }
                used[v] = false;
            }
        }
        used[u] = false;
        result
    }
    best(0, &mut vec![false; n], &weight, max_cardinality)
}

/// Random simple graphs up to 12 vertices; small weight ranges make ties and zero weights common.
fn graphs() -> impl Strategy<Value = (usize, Vec<(usize, usize, i64)>)> {
    (
        0usize..=12,
        0.0f64..=1.0,
        prop_oneof![Just(3i64), Just(10), Just(1000)],
    )
        .prop_flat_map(|(n, density, w_max)| {
            let pairs: Vec<(usize, usize)> = (0..n)
                .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
                .collect();
            let count = pairs.len();
            (
                Just(n),
                proptest::collection::vec((proptest::bool::weighted(density), 0..=w_max), count),
            )
                .prop_map(move |(n, picks)| {
                    let edges = pairs
                        .iter()
                        .zip(picks)
                        .filter(|(_, (keep, _))| *keep)
                        .map(|(&(u, v), (_, w))| (u, v, w))
                        .collect();
                    (n, edges)
                })
        })
}

fn check(n: usize, edges: &[(usize, usize, i64)], max_cardinality: bool) {
    let raw: Vec<(i64, i64, i64)> = edges
        .iter()
        .map(|&(u, v, w)| (u as i64, v as i64, w))
        .collect();
    let graph = Graph::new(n, &raw).expect("valid graph");
    let result = graph.solve(max_cardinality);
    // A matching: each vertex at most once, only existing edges.
    let mut seen = vec![false; n];
    for &(u, v) in &result.pairs {
        assert!(
            !seen[u] && !seen[v],
            "vertex used twice in {:?}",
            result.pairs
        );
        seen[u] = true;
        seen[v] = true;
        assert!(
            edges
                .iter()
                .any(|&(a, b, _)| (a, b) == (u, v) || (a, b) == (v, u)),
            "({u}, {v}) is not an edge"
        );
    }
    let (best_pairs, best_total) = brute_force(n, edges, max_cardinality);
    assert_eq!(
        result.total, best_total,
        "total weight (max_cardinality = {max_cardinality}) on n={n} {edges:?}"
    );
    if max_cardinality {
        assert_eq!(
            result.pairs.len(),
            best_pairs,
            "pair count on n={n} {edges:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn maximum_weight_equals_brute_force((n, edges) in graphs()) {
        check(n, &edges, false);
    }

    #[test]
    fn maximum_cardinality_then_weight_equals_brute_force((n, edges) in graphs()) {
        check(n, &edges, true);
    }

    #[test]
    fn the_result_does_not_depend_on_edge_order((n, edges) in graphs(), seed in any::<u64>()) {
        let raw: Vec<(i64, i64, i64)> = edges.iter().map(|&(u, v, w)| (u as i64, v as i64, w)).collect();
        let mut shuffled = raw.clone();
        // A deterministic shuffle from the seed.
        let len = shuffled.len();
        for i in (1..len).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let a = Graph::new(n, &raw).unwrap().solve(true);
        let b = Graph::new(n, &shuffled).unwrap().solve(true);
        prop_assert_eq!(a, b);
    }
}

/// Hand-made cases where blossoms must form, relabel and expand (odd cycles sharing vertices): the graphs of
/// networkx's `test_matching.py` (`test_s_blossom` … `test_nasty_blossom_expand_recursively`); the expected
/// totals and pair counts are what networkx 3's `max_weight_matching` returns for them, in both modes.
/// (n, edges, networkx's total, networkx's pair count)
type NetworkxCase = (usize, &'static [(usize, usize, i64)], i64, usize);

#[test]
#[rustfmt::skip]
fn networkx_blossom_cases() {
    let cases: &[NetworkxCase] = &[
        (5, &[(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7)], 15, 2),
        (7, &[(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7), (1, 6, 5), (4, 5, 6)], 21, 3),
        (7, &[(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 4), (1, 6, 3)], 17, 3),
        (7, &[(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (1, 6, 4)], 17, 3),
        (7, &[(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (3, 6, 4)], 16, 3),
        (7, &[(1, 2, 9), (1, 3, 9), (2, 3, 10), (2, 4, 8), (3, 5, 8), (4, 5, 10), (5, 6, 6)], 23, 3),
        (11, &[(1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35), (4, 8, 35), (5, 7, 26), (9, 10, 5)], 146, 5),
        (11, &[(1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35), (4, 8, 26), (5, 7, 40), (9, 10, 5)], 151, 5),
        (11, &[(1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35), (4, 8, 28), (5, 7, 26), (9, 10, 5)], 139, 5),
        (13, &[(1, 2, 45), (1, 7, 45), (2, 3, 50), (3, 4, 45), (4, 5, 95), (4, 6, 94), (5, 6, 94), (6, 7, 50), (1, 8, 30), (3, 11, 35), (5, 9, 36), (7, 10, 26), (11, 12, 5)], 241, 6),
        (11, &[(1, 2, 40), (1, 3, 40), (2, 3, 60), (2, 4, 55), (3, 5, 55), (4, 5, 50), (1, 8, 15), (5, 7, 30), (7, 6, 10), (8, 10, 10), (4, 9, 30)], 145, 5),
    ];
    for &(n, edges, total, pairs) in cases {
        let raw: Vec<(i64, i64, i64)> = edges
            .iter()
            .map(|&(u, v, w)| (u as i64, v as i64, w))
            .collect();
        for max_cardinality in [false, true] {
            let result = Graph::new(n, &raw).expect("valid").solve(max_cardinality);
            assert_eq!(
                (result.total, result.pairs.len()),
                (total, pairs),
                "{edges:?}, max_cardinality = {max_cardinality}"
            );
        }
    }
}
