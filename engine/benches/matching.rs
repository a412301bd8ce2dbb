//! Matching benchmark: complete graphs of peer scores for synthetic cohorts (seeded, so every run sees the
//! same cohorts) at N = 121 (the seed program's first window), 500, 1,000 and 2,000.
//!
//! Prints, per N: scoring all pairs; solving (maximum cardinality) with the dense blossom solver and with the
//! certified sparse solve the engine uses (same optimum, checked here; how many rounds the proof took); rustworkx's
//! `max_weight_matching` on the same graph when `RUSTWORKX_PYTHON` names a Python that has it (the ratio is
//! rustworkx's time over ours); and the whole engine run (scores, solve, explanations, quality report with its
//! O(n²) blocking-pair count). Each figure is the best of a few runs on one core.
//! Run with `bash scripts/bench-matching [N ...]` (installs rustworkx from PyPI into target/) or
//! `cargo bench -p engine --bench matching [-- N ...]` (`MATCHING_BENCH_DENSE=0` leaves the slow dense solve out).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

/// The server's allocator, so that the figures are the server's: a solve's large zeroed matrices cost a memset
/// under glibc once its heap has grown, not under mimalloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use engine::applicant::{Applicant, Ordinal};
use engine::blossom::{max_weight_matching, WeightedEdge};
use engine::certified::max_weight_matching_with_proof;
use engine::options::{
    AssignmentPreference, AREAS_OF_RESPONSIBILITY, COMMUNICATION_METHODS, COMPETENCIES,
    ENROLLMENT_SIZES, INSTITUTION_TYPES, MEETING_FREQUENCIES,
};
use engine::score::{Person, Weights};
use engine::{match_people, Mode, Settings};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// UTC offsets (minutes) of the time zones the form offers first, plus a few abroad.
const OFFSETS: [(&str, i32); 10] = [
    ("America/New_York", -300),
    ("America/Chicago", -360),
    ("America/Denver", -420),
    ("America/Phoenix", -420),
    ("America/Los_Angeles", -480),
    ("America/Anchorage", -540),
    ("Pacific/Honolulu", -600),
    ("America/Halifax", -240),
    ("Europe/London", 0),
    ("Asia/Tokyo", 540),
];

fn pick(rng: &mut StdRng, items: &[&str], count: usize) -> Vec<String> {
    items
        .choose_multiple(rng, count)
        .map(|s| (*s).to_owned())
        .collect()
}

fn cohort(n: usize, seed: u64) -> Vec<Person> {
    let mut rng = StdRng::seed_from_u64(seed);
    let competencies: Vec<&str> = COMPETENCIES.iter().map(|c| c.name).collect();
    (0..n)
        .map(|i| {
            let chosen = pick(&mut rng, &competencies, 6);
            let (zone, offset) = OFFSETS[rng.gen_range(0..OFFSETS.len())];
            let types = rng.gen_range(1..=2);
            let areas = rng.gen_range(1..=4);
            let methods = rng.gen_range(1..=3);
            Person {
                applicant: Applicant {
                    id: format!("p{i:05}"),
                    name: format!("Person {i}"),
                    email: String::new(),
                    // ~n/3 institutions, so some pairs are ruled out as in real cohorts.
                    institution: format!("Institution {}", rng.gen_range(0..n.max(3) / 3)),
                    institution_types: pick(&mut rng, &INSTITUTION_TYPES, types),
                    time_zone: zone.to_owned(),
                    enrollment_size: Ordinal::of(&ENROLLMENT_SIZES, rng.gen_range(0..5)),
                    returning: rng.gen_bool(0.3),
                    preference: AssignmentPreference::ALL
                        [rng.gen_range(0..AssignmentPreference::ALL.len())],
                    resource_formats: vec![],
                    areas: pick(&mut rng, &AREAS_OF_RESPONSIBILITY, areas),
                    strengths: chosen[..3].to_vec(),
                    growth: chosen[3..].to_vec(),
                    goals: String::new(),
                    meeting_frequency: Ordinal::of(&MEETING_FREQUENCIES, rng.gen_range(0..4)),
                    communication: pick(&mut rng, &COMMUNICATION_METHODS, methods),
                },
                utc_offset_minutes: offset,
            }
        })
        .collect()
}

/// A cohort of `n` made of the 121-person synthetic cohort repeated (new ids, same profiles and institutions), as
/// when an admin grows a cycle by importing the same rows again: many exactly tied scores, the hard case for
/// solving on each person's best few edges.
fn cloned_cohort(n: usize, seed: u64) -> Vec<Person> {
    let base = cohort(121, seed);
    (0..n)
        .map(|i| {
            let mut person = base[i % base.len()].clone();
            person.applicant.id = format!("c{i:05}");
            person
        })
        .collect()
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        last = Some(value);
    }
    (best, last.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![121, 500, 1000, 2000]
    } else {
        sizes
    };
    let weights = Weights::default();
    let python = std::env::var("RUSTWORKX_PYTHON").ok();
    // The dense solve takes seconds at N = 2,000; MATCHING_BENCH_DENSE=0 leaves it (and its check) out.
    let skip_dense = std::env::var("MATCHING_BENCH_DENSE").is_ok_and(|v| v == "0");
    println!("| cohort | N | edges | score all pairs | dense solve | certified solve (rounds) | rustworkx | rustworkx / certified | whole engine run | pairs | total |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let cohorts = sizes.iter().map(|&n| ("random", n, cohort(n, 42))).chain(
        sizes
            .iter()
            .filter(|&&n| n > 121)
            .map(|&n| ("121 repeated", n, cloned_cohort(n, 42))),
    );
    for (kind, n, people) in cohorts {
        let runs = if n <= 500 { 5 } else { 2 };
        let (score_time, edges) = best_of(runs, || engine::complete_graph(&people, &weights));
        let (certified_time, (certified, proof)) = best_of(runs.max(3), || {
            max_weight_matching_with_proof(n, &edges, true)
        });
        let pairs = certified.iter().flatten().count() / 2;
        let total = total_weight(&edges, &certified);
        let dense_time = if skip_dense {
            "skipped".to_owned()
        } else {
            let (time, dense) = best_of(runs, || max_weight_matching(n, &edges, true));
            assert_eq!(
                (pairs, total),
                (
                    dense.iter().flatten().count() / 2,
                    total_weight(&edges, &dense)
                ),
                "the certified solve reaches the dense optimum"
            );
            ms(time)
        };
        let (rustworkx, ratio) = match python.as_deref().map(|p| rustworkx_solve(p, n, &edges)) {
            Some(Ok((time, rx_total))) => {
                assert_eq!(rx_total, total, "rustworkx finds the same optimum");
                (
                    ms(time),
                    format!("{:.0}×", time.as_secs_f64() / certified_time.as_secs_f64()),
                )
            }
            Some(Err(error)) => (format!("failed: {error}"), "-".to_owned()),
            None => ("not run".to_owned(), "-".to_owned()),
        };
        let settings = Settings {
            mode: Mode::MaxCardinality,
            ..Settings::default()
        };
        let (engine_time, matching) = best_of(runs, || {
            match_people(&people, &settings).expect("valid cohort")
        });
        println!(
            "| {kind} | {n} | {} | {} | {} | {} ({proof:?}) | {rustworkx} | {ratio} | {} | {pairs} | {} |",
            edges.len(),
            ms(score_time),
            dense_time,
            ms(certified_time),
            ms(engine_time),
            matching.report.total
        );
    }
}

/// The summed weight of a matching's edges.
fn total_weight(edges: &[WeightedEdge], mate: &[Option<usize>]) -> i64 {
    edges
        .iter()
        .filter(|&&(u, v, _)| mate[u] == Some(v))
        .map(|e| e.2)
        .sum()
}

/// rustworkx's maximum-cardinality maximum-weight matching of the same graph: its solve time (graph building
/// excluded, best of two) and the matching's total weight.
fn rustworkx_solve(
    python: &str,
    n: usize,
    edges: &[WeightedEdge],
) -> Result<(Duration, i64), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("edges.txt");
    let text: String = edges
        .iter()
        .map(|(u, v, w)| format!("{u} {v} {w}\n"))
        .collect();
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    let script = r#"
import sys, time, rustworkx
n, path = int(sys.argv[1]), sys.argv[2]
edges = [tuple(map(int, line.split())) for line in open(path)]
g = rustworkx.PyGraph()
g.add_nodes_from(range(n))
g.add_edges_from(edges)
weight = {(min(u, v), max(u, v)): w for u, v, w in edges}
best = None
for _ in range(2):
    start = time.perf_counter()
    m = rustworkx.max_weight_matching(g, max_cardinality=True, weight_fn=lambda w: w, verify_optimum=False)
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(best, sum(weight[(min(u, v), max(u, v))] for u, v in m))
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script, &n.to_string(), &path.to_string_lossy()])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("")
            .to_owned());
    }
    let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let mut parts = line.split_whitespace();
    let secs: f64 = parts.next().and_then(|s| s.parse().ok()).ok_or("no time")?;
    let total: i64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or("no total")?;
    Ok((Duration::from_secs_f64(secs), total))
}
