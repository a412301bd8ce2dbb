//! The exact solve, fast: solve on each person's best few edges, then prove the result optimal for the whole graph.
//!
//! A cohort's graph is complete (n²/2 edges), but an optimal matching almost only uses edges that rank high for
//! one of their ends. So the blossom solver first sees the union of every vertex's `TOP_K` heaviest edges. Its dual
//! solution is then checked against *every* edge of the full graph (`blossom::Solved::reduced_cost`): if none has
//! a negative reduced cost, linear-programming duality proves the matching optimal for the full graph; otherwise
//! the violating edges are added and the solve runs again. Measured on peer graphs, the first round is already
//! optimal (see `../shared/MATCHING-NOTES.md` and `cargo bench -p server --bench matching`). Should the duals ever
//! fail their own conditions, or the rounds run out, the dense solve on the full graph decides, so the answer is
//! always the same optimum as [`blossom::max_weight_matching`].

use super::blossom::{self, WeightedEdge};

/// How many of its heaviest edges each vertex brings to the first solve.
const TOP_K: usize = 32;

/// Below this size the dense solve is as fast as anything.
const SMALL: usize = 64;

/// Rounds of "add violated edges and solve again" before handing over to the dense solve.
const MAX_ROUNDS: usize = 16;

/// How many of its violated edges each vertex brings to the next round (the most violated).
const ADDED_PER_VERTEX: usize = 8;

/// The same contract and answer as [`blossom::max_weight_matching`], typically far faster on large dense graphs.
///
/// # Panics
/// As [`blossom::max_weight_matching`]: on an edge with a vertex `>= n`, a self-loop or a negative weight.
pub fn max_weight_matching(
    n: usize,
    edges: &[WeightedEdge],
    max_cardinality: bool,
) -> Vec<Option<usize>> {
    Solve::new(n, edges, max_cardinality).run().0
}

/// How the answer was reached, for tests and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// The graph was small enough to solve whole.
    Dense,
    /// Solved on a subgraph and proved optimal for the whole graph after this many rounds.
    Certified { rounds: usize },
    /// The certificate could not be completed; the whole graph was solved.
    FellBack,
}

/// The matching and how it was proved.
pub fn max_weight_matching_with_proof(
    n: usize,
    edges: &[WeightedEdge],
    max_cardinality: bool,
) -> (Vec<Option<usize>>, Proof) {
    Solve::new(n, edges, max_cardinality).run()
}

struct Solve {
    n: usize,
    /// Every edge with the weight the solver uses (shifted for maximum cardinality), weightless ones left out.
    edges: Vec<WeightedEdge>,
}

impl Solve {
    fn new(n: usize, edges: &[WeightedEdge], max_cardinality: bool) -> Self {
        // The full graph's weights (and cardinality shift), so that a subgraph's optimum is judged by them.
        Solve {
            n,
            edges: blossom::solver_weights(n, edges, max_cardinality),
        }
    }

    fn run(&self) -> (Vec<Option<usize>>, Proof) {
        if self.n <= SMALL {
            return (self.dense(), Proof::Dense);
        }
        let started = std::time::Instant::now();
        let answer = match self.certify(self.heaviest_per_vertex(TOP_K), MAX_ROUNDS) {
            Some((mates, rounds)) => (mates, Proof::Certified { rounds }),
            None => (self.dense(), Proof::FellBack),
        };
        tracing::debug!(n = self.n, edges = self.edges.len(), proof = ?answer.1, elapsed = ?started.elapsed(), "matching solved");
        answer
    }

    /// Solves on the `kept` edges and proves the result for the whole graph, adding violated edges between rounds:
    /// the matching and the rounds it took, or `None` when the duals fail their own conditions (an edge the solver
    /// saw being violated is one such failure) or `max_rounds` pass.
    fn certify(
        &self,
        mut kept: Vec<bool>,
        max_rounds: usize,
    ) -> Option<(Vec<Option<usize>>, usize)> {
        for round in 1..=max_rounds {
            let subgraph: Vec<WeightedEdge> = self
                .edges
                .iter()
                .zip(&kept)
                .filter_map(|(e, &k)| k.then_some(*e))
                .collect();
            let solved = blossom::solve_with_duals(self.n, &subgraph);
            if !solved.is_dual_feasible() {
                return None;
            }
            if !self.add_most_violated(&solved, &mut kept)? {
                return Some((solved.mates(), round));
            }
        }
        None
    }

    /// Adds to `kept`, for each vertex, up to `ADDED_PER_VERTEX` of its edges that `solved`'s duals violate, the most
    /// violated first: all of them at once would make the next solve nearly dense when many edges tie (a cohort
    /// with many alike profiles). True when any edge was violated; `None` when an edge the solver saw is.
    fn add_most_violated(&self, solved: &blossom::Solved, kept: &mut [bool]) -> Option<bool> {
        // (reduced cost, other end, edge index) per vertex: ties go by the other end, whatever the edges' order.
        let mut by_vertex: Vec<Vec<(i64, usize, usize)>> = vec![Vec::new(); self.n];
        for (i, (e, &k)) in self.edges.iter().zip(kept.iter()).enumerate() {
            let cost = solved.reduced_cost(e.0, e.1, e.2);
            if cost < 0 {
                if k {
                    return None;
                }
                by_vertex[e.0].push((cost, e.1, i));
                by_vertex[e.1].push((cost, e.0, i));
            }
        }
        let mut violated = false;
        for mut list in by_vertex {
            if list.len() > ADDED_PER_VERTEX {
                list.select_nth_unstable(ADDED_PER_VERTEX - 1);
                list.truncate(ADDED_PER_VERTEX);
            }
            for (_, _, i) in list {
                kept[i] = true;
                violated = true;
            }
        }
        Some(violated)
    }

    /// The dense solve on the whole graph (weights already final, so no cardinality shift again).
    fn dense(&self) -> Vec<Option<usize>> {
        blossom::solve_with_duals(self.n, &self.edges).mates()
    }

    /// Marks, for each vertex, its `k` heaviest edges. Ties go by a hash of the edge's ends: the choice does not
    /// depend on the order the edges came in, and when many people are alike (equal scores), each picks a
    /// different few of them instead of everyone the same lowest-numbered ones.
    fn heaviest_per_vertex(&self, k: usize) -> Vec<bool> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        // Per vertex, its k best edges so far in a min-heap (the weakest on top): one pass, no per-vertex lists of
        // every edge. Best = heaviest, then the smaller tie-break, then the earlier edge.
        type Rank = (i64, Reverse<usize>, Reverse<usize>);
        let mut best: Vec<BinaryHeap<Reverse<Rank>>> = (0..self.n)
            .map(|_| BinaryHeap::with_capacity(k + 1))
            .collect();
        for (i, &(u, v, w)) in self.edges.iter().enumerate() {
            let rank = (w, Reverse(spread(u, v)), Reverse(i));
            for end in [u, v] {
                let heap = &mut best[end];
                if heap.len() < k {
                    heap.push(Reverse(rank));
                } else if heap.peek().is_some_and(|weakest| rank > weakest.0) {
                    heap.pop();
                    heap.push(Reverse(rank));
                }
            }
        }
        let mut kept = vec![false; self.edges.len()];
        for heap in best {
            for Reverse((_, _, Reverse(i))) in heap {
                kept[i] = true;
            }
        }
        kept
    }
}

/// A fixed pseudo-random number for the edge `u – v` (either way round), to break ties evenly.
fn spread(u: usize, v: usize) -> usize {
    let (a, b) = (u.min(v) as u64, u.max(v) as u64);
    let mut x = a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 29;
    x as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn total(edges: &[WeightedEdge], mate: &[Option<usize>]) -> (usize, i64) {
        let best = |u: usize, v: usize| {
            edges
                .iter()
                .filter(|e| (e.0 == u && e.1 == v) || (e.0 == v && e.1 == u))
                .map(|e| e.2)
                .max()
        };
        let mut pairs = 0;
        let mut sum = 0;
        for (u, m) in mate.iter().enumerate() {
            if let Some(v) = *m {
                assert_eq!(mate[v], Some(u), "the matching is symmetric");
                if u < v {
                    pairs += 1;
                    sum += best(u, v).expect("matched along an edge");
                }
            }
        }
        (pairs, sum)
    }

    /// The best (pairs, total) over every matching, by exhaustive search (small graphs only).
    fn brute_force(n: usize, edges: &[WeightedEdge], max_cardinality: bool) -> (usize, i64) {
        fn go(
            u: usize,
            n: usize,
            w: &[Vec<Option<i64>>],
            used: &mut Vec<bool>,
            acc: (usize, i64),
            best: &mut Vec<(usize, i64)>,
        ) {
            if u == n {
                best.push(acc);
                return;
            }
            if used[u] {
                return go(u + 1, n, w, used, acc, best);
            }
            go(u + 1, n, w, used, acc, best);
            used[u] = true;
            for v in u + 1..n {
                if let (false, Some(weight)) = (used[v], w[u][v]) {
                    used[v] = true;
                    go(u + 1, n, w, used, (acc.0 + 1, acc.1 + weight), best);
                    used[v] = false;
                }
            }
            used[u] = false;
        }
        let mut w = vec![vec![None; n]; n];
        for &(u, v, x) in edges {
            let best = w[u][v].map_or(x, |y: i64| y.max(x));
            w[u][v] = Some(best);
            w[v][u] = Some(best);
        }
        let mut all = Vec::new();
        go(0, n, &w, &mut vec![false; n], (0, 0), &mut all);
        if max_cardinality {
            all.into_iter().max().unwrap_or((0, 0))
        } else {
            let sum = all.iter().map(|a| a.1).max().unwrap_or(0);
            (0, sum)
        }
    }

    fn graph(max_n: usize, density: f64) -> impl Strategy<Value = (usize, Vec<WeightedEdge>)> {
        (2..=max_n).prop_flat_map(move |n| {
            let pairs: Vec<(usize, usize)> = (0..n)
                .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
                .collect();
            let m = pairs.len();
            (
                Just(n),
                proptest::collection::vec((proptest::bool::weighted(density), 0i64..40), m)
                    .prop_map(move |choice| {
                        pairs
                            .iter()
                            .zip(choice)
                            .filter_map(|(&(u, v), (keep, w))| keep.then_some((u, v, w)))
                            .collect::<Vec<_>>()
                    }),
            )
        })
    }

    /// Forces the certified path on small graphs: a subgraph of `k` edges per vertex, checked and completed. The
    /// proof must always complete (the duals meet their conditions, no edge the solver saw is violated).
    fn certified_with_k(
        n: usize,
        edges: &[WeightedEdge],
        max_cardinality: bool,
        k: usize,
    ) -> Vec<Option<usize>> {
        let solve = Solve::new(n, edges, max_cardinality);
        solve
            .certify(solve.heaviest_per_vertex(k), usize::MAX)
            .expect("the proof completes")
            .0
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn the_certified_path_finds_the_brute_force_optimum((n, edges) in graph(9, 0.6), k in 1usize..4, card in any::<bool>()) {
            let mate = certified_with_k(n, &edges, card, k);
            let (pairs, sum) = total(&edges, &mate);
            let (best_pairs, best_sum) = brute_force(n, &edges, card);
            if card {
                prop_assert_eq!((pairs, sum), (best_pairs, best_sum));
            } else {
                prop_assert_eq!(sum, best_sum);
            }
        }

        #[test]
        fn the_certified_path_agrees_with_the_dense_solver((n, edges) in graph(40, 0.5), k in 1usize..6, card in any::<bool>()) {
            let mate = certified_with_k(n, &edges, card, k);
            let dense = blossom::max_weight_matching(n, &edges, card);
            let (pairs, sum) = total(&edges, &mate);
            let (dense_pairs, dense_sum) = total(&edges, &dense);
            prop_assert_eq!(sum, dense_sum);
            if card {
                prop_assert_eq!(pairs, dense_pairs);
            }
        }

        /// The solver's own duals prove its answer optimal (LP duality, independent of how it was found), also on
        /// graphs where many weights tie and many roots pair in one stage.
        #[test]
        fn every_solve_carries_its_own_proof((n, edges) in graph(80, 0.4), card in any::<bool>()) {
            let solve = Solve::new(n, &edges, card);
            let proved = solve.certify(vec![true; solve.edges.len()], 1);
            prop_assert_eq!(proved.map(|(_, rounds)| rounds), Some(1));
        }
    }

    /// A seeded pseudo-random sequence, so the large graphs below are the same in every run.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    #[test]
    fn a_large_complete_graph_is_certified_in_one_round_with_the_dense_optimum() {
        // A deterministic pseudo-random complete graph of 300 vertices, weights 0..1000.
        let n = 300;
        let mut random = xorshift(0x2545_f491_4f6c_dd1d);
        let mut next = || i64::try_from(random() % 1000).unwrap_or(0);
        let edges: Vec<WeightedEdge> = (0..n)
            .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
            .map(|(u, v)| (u, v, next()))
            .collect();
        for card in [false, true] {
            let (mate, proof) = max_weight_matching_with_proof(n, &edges, card);
            assert!(matches!(proof, Proof::Certified { .. }), "{proof:?}");
            assert_eq!(
                total(&edges, &mate),
                total(&edges, &blossom::max_weight_matching(n, &edges, card))
            );
        }
    }

    #[test]
    fn the_pairs_do_not_depend_on_the_order_of_the_edges() {
        // Many ties (weights 0..5) on 200 vertices: the certified path must still pick the same pairs.
        let n = 200;
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let edges: Vec<WeightedEdge> = (0..n)
            .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
            .map(|(u, v)| (u, v, i64::try_from(next() % 5).unwrap_or(0)))
            .collect();
        let mut shuffled = edges.clone();
        for i in (1..shuffled.len()).rev() {
            let j = usize::try_from(next() % (i as u64 + 1)).unwrap_or(0);
            shuffled.swap(i, j);
        }
        for card in [false, true] {
            assert_eq!(
                max_weight_matching(n, &edges, card),
                max_weight_matching(n, &shuffled, card)
            );
        }
    }

    #[test]
    fn small_and_empty_graphs_are_solved_whole() {
        assert_eq!(
            max_weight_matching(0, &[], true),
            Vec::<Option<usize>>::new()
        );
        assert_eq!(
            max_weight_matching_with_proof(3, &[(0, 1, 5), (1, 2, 7)], false),
            (vec![None, Some(2), Some(1)], Proof::Dense)
        );
    }
}
