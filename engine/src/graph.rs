//! A weighted graph as the `shoulder match --graph` command reads it: `{"n": N, "edges": [[u, v, w], ...]}`,
//! vertices `0..N`, undirected, integer weights `>= 0`. Parsing checks everything the solver assumes, so bad
//! files get a clear message, never a panic.

use serde::{Deserialize, Serialize};

use super::blossom::WeightedEdge;
use super::certified::max_weight_matching;

/// A graph that passed [`Graph::parse`]: every edge joins two distinct vertices below `n`, weights are
/// non-negative and no pair of vertices has two edges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graph {
    n: usize,
    edges: Vec<WeightedEdge>,
}

/// What is wrong with a graph file.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("not a graph file: {0} (expected {{\"n\": N, \"edges\": [[u, v, w], ...]}})")]
    Json(String),
    #[error("edge #{index} [{u}, {v}, {w}]: vertex {bad} is out of range (n = {n}, so vertices are 0..{n})")]
    VertexOutOfRange {
        index: usize,
        u: i64,
        v: i64,
        w: i64,
        bad: i64,
        n: usize,
    },
    #[error("edge #{index} [{u}, {v}, {w}]: weight must be >= 0")]
    NegativeWeight {
        index: usize,
        u: i64,
        v: i64,
        w: i64,
    },
    #[error("edge #{index} [{u}, {v}, {w}]: a vertex cannot be paired with itself")]
    SelfLoop {
        index: usize,
        u: i64,
        v: i64,
        w: i64,
    },
    #[error(
        "edge #{index} [{u}, {v}, {w}]: vertices {u} and {v} already have an edge (edge #{first})"
    )]
    DuplicateEdge {
        index: usize,
        first: usize,
        u: i64,
        v: i64,
        w: i64,
    },
    #[error("n = {0} is too large (at most {MAX_VERTICES} vertices)")]
    TooLarge(usize),
}

/// The solver keeps a (2n+1)² matrix: 10,000 vertices is ~6 GB, the practical ceiling on these machines.
pub const MAX_VERTICES: usize = 10_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGraph {
    n: usize,
    edges: Vec<(i64, i64, i64)>,
}

/// The answer: pairs `[u, v]` with `u < v`, sorted, and their total weight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphMatching {
    pub pairs: Vec<(usize, usize)>,
    pub total: i64,
}

impl Graph {
    /// Parses and validates the JSON text of a graph file.
    ///
    /// # Errors
    /// The first problem found, naming the edge by its position in the file.
    pub fn parse(json: &str) -> Result<Self, GraphError> {
        let raw: RawGraph =
            serde_json::from_str(json).map_err(|e| GraphError::Json(e.to_string()))?;
        Self::new(raw.n, &raw.edges)
    }

    /// Validates `edges` over `n` vertices.
    ///
    /// # Errors
    /// As [`Graph::parse`], without the JSON part.
    pub fn new(n: usize, raw_edges: &[(i64, i64, i64)]) -> Result<Self, GraphError> {
        if n > MAX_VERTICES {
            return Err(GraphError::TooLarge(n));
        }
        let mut seen = std::collections::HashMap::new();
        let mut edges = Vec::with_capacity(raw_edges.len());
        for (index, &(u, v, w)) in raw_edges.iter().enumerate() {
            let vertex = |x: i64| usize::try_from(x).ok().filter(|&x| x < n);
            let (Some(a), Some(b)) = (vertex(u), vertex(v)) else {
                let bad = if vertex(u).is_none() { u } else { v };
                return Err(GraphError::VertexOutOfRange {
                    index,
                    u,
                    v,
                    w,
                    bad,
                    n,
                });
            };
            if a == b {
                return Err(GraphError::SelfLoop { index, u, v, w });
            }
            if w < 0 {
                return Err(GraphError::NegativeWeight { index, u, v, w });
            }
            if let Some(&first) = seen.get(&(a.min(b), a.max(b))) {
                return Err(GraphError::DuplicateEdge {
                    index,
                    first,
                    u,
                    v,
                    w,
                });
            }
            seen.insert((a.min(b), a.max(b)), index);
            edges.push((a, b, w));
        }
        Ok(Graph { n, edges })
    }

    /// A maximum-weight matching (with `max_cardinality`, the heaviest among those with the most pairs).
    pub fn solve(&self, max_cardinality: bool) -> GraphMatching {
        let mate = max_weight_matching(self.n, &self.edges, max_cardinality);
        let weight: std::collections::HashMap<(usize, usize), i64> = self
            .edges
            .iter()
            .map(|&(u, v, w)| ((u.min(v), u.max(v)), w))
            .collect();
        let pairs: Vec<(usize, usize)> = mate
            .iter()
            .enumerate()
            .filter_map(|(u, m)| m.filter(|&v| u < v).map(|v| (u, v)))
            .filter(|pair| weight.contains_key(pair))
            .collect();
        let total = pairs.iter().map(|pair| weight[pair]).sum();
        GraphMatching { pairs, total }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any bytes given as a graph file are parsed or refused with a reason, never a panic; small graphs
        /// that parse also solve.
        #[test]
        fn any_bytes_are_parsed_or_refused(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(graph) = Graph::parse(&text) {
                if graph.n <= 64 {
                    let _ = graph.solve(true);
                }
            }
        }

        #[test]
        fn graph_shaped_json_is_parsed_or_refused(
            n in 0i64..70,
            edges in proptest::collection::vec((-2i64..72, -2i64..72, -5i64..1_000), 0..40),
        ) {
            let edges: Vec<String> = edges.iter().map(|(u, v, w)| format!("[{u},{v},{w}]")).collect();
            let json = format!("{{\"n\": {n}, \"edges\": [{}]}}", edges.join(","));
            if let Ok(graph) = Graph::parse(&json) {
                let _ = graph.solve(false);
            }
        }
    }

    #[test]
    fn a_triangle_pairs_its_heaviest_edge() {
        let graph =
            Graph::parse(r#"{"n": 3, "edges": [[0, 1, 5], [1, 2, 6], [0, 2, 4]]}"#).expect("valid");
        assert_eq!(
            graph.solve(false),
            GraphMatching {
                pairs: vec![(1, 2)],
                total: 6
            }
        );
    }

    #[test]
    fn max_cardinality_prefers_two_pairs_to_one_heavy_pair() {
        // Path 0 - 1 - 2 - 3 with a heavy middle: networkx gives {(1,2)} alone, or {(0,1),(2,3)} with maxcardinality.
        let graph = Graph::parse(r#"{"n": 4, "edges": [[0, 1, 1], [1, 2, 10], [2, 3, 1]]}"#)
            .expect("valid");
        assert_eq!(graph.solve(false).total, 10);
        assert_eq!(
            graph.solve(true),
            GraphMatching {
                pairs: vec![(0, 1), (2, 3)],
                total: 2
            }
        );
    }

    #[test]
    fn zero_weight_edges_count_only_for_cardinality() {
        let graph = Graph::parse(r#"{"n": 2, "edges": [[0, 1, 0]]}"#).expect("valid");
        assert_eq!(graph.solve(false).total, 0);
        assert_eq!(graph.solve(true).pairs, vec![(0, 1)]);
    }

    #[test]
    fn empty_and_single_vertex_graphs_have_no_pairs() {
        for json in [r#"{"n": 0, "edges": []}"#, r#"{"n": 1, "edges": []}"#] {
            assert_eq!(
                Graph::parse(json).expect("valid").solve(true),
                GraphMatching {
                    pairs: vec![],
                    total: 0
                }
            );
        }
    }

    #[test]
    fn bad_files_are_refused_with_the_edge_named() {
        let cases = [
            (r#"{"n": 2, "edges": [[0, 2, 1]]}"#, "out of range"),
            (r#"{"n": 2, "edges": [[-1, 1, 1]]}"#, "out of range"),
            (r#"{"n": 2, "edges": [[0, 1, -3]]}"#, "weight must be >= 0"),
            (r#"{"n": 2, "edges": [[1, 1, 3]]}"#, "itself"),
            (
                r#"{"n": 3, "edges": [[0, 1, 3], [1, 0, 4]]}"#,
                "already have an edge",
            ),
            (r#"{"n": 2, "edges": [[0, 1]]}"#, "not a graph file"),
            (r#"{"n": 2, "edges": [[0, 1, 1.5]]}"#, "not a graph file"),
            ("not json", "not a graph file"),
            (r#"{"n": 20000, "edges": []}"#, "too large"),
        ];
        for (json, expected) in cases {
            let error = Graph::parse(json).expect_err(json).to_string();
            assert!(error.contains(expected), "{json}: {error}");
        }
    }
}
