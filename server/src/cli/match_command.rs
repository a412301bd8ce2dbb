//! `shoulder match`: the matching engine from the command line.
//!
//! - `--graph FILE [--max-cardinality]`: FILE is `{"n": N, "edges": [[u, v, w], ...]}`; prints
//!   `{"pairs": [[u, v], ...], "total": W}` (networkx `max_weight_matching` semantics).
//! - `--applicants FILE.csv [--mode …] [--settings FILE.json] [--format json|table] [--on DATE]`: pairs
//!   applicants given in the application CSV format (`engine::applicant`) and prints pairs with scores and
//!   explanations.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use chrono::{NaiveDate, TimeZone, Utc};
use clap::{ArgGroup, Args, ValueEnum};
use engine::applicant::{Applicant, ApplicantRow};

use engine::graph::Graph;
use engine::score::Person;
use engine::{match_people, Matching, Mode, Settings};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("input").required(true).args(["graph", "applicants"])))]
pub struct MatchArgs {
    /// A weighted graph as JSON: {"n": N, "edges": [[u, v, w], ...]}.
    #[arg(long, value_name = "FILE")]
    graph: Option<PathBuf>,
    /// With --graph: the heaviest matching among those with the most pairs.
    #[arg(long, requires = "graph")]
    max_cardinality: bool,
    /// Applicants in the application CSV format.
    #[arg(long, value_name = "FILE.csv")]
    applicants: Option<PathBuf>,
    /// What to maximise.
    #[arg(long, value_enum, default_value_t = ModeArg::MaxCardinality, requires = "applicants")]
    mode: ModeArg,
    /// Weights and constraints as JSON: {"weights": {...}, "constraints": {"forbidden": [["id", "id"]],
    /// "previous": [...], "locked": [...]}}; anything left out keeps its default.
    #[arg(long, value_name = "FILE.json", requires = "applicants")]
    settings: Option<PathBuf>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Table, requires = "applicants")]
    format: Format,
    /// The day whose UTC offsets apply to the time zones (daylight saving differs); default today.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "applicants")]
    on: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ModeArg {
    Total,
    MaxCardinality,
    Fairness,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Json,
    Table,
}

#[derive(serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct SettingsFile {
    weights: engine::score::Weights,
    constraints: engine::Constraints,
}

pub fn run(args: &MatchArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.graph {
        let graph = Graph::parse(&read(path)?).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        print(&serde_json::to_string(&graph.solve(args.max_cardinality))?);
        return Ok(());
    }
    let path = args
        .applicants
        .as_deref()
        .ok_or_else(|| anyhow!("give --graph FILE or --applicants FILE.csv"))?;
    let day = args.on.unwrap_or_else(|| Utc::now().date_naive());
    let people = read_applicants(path, day)?;
    let mut settings = match &args.settings {
        Some(file) => {
            let parsed: SettingsFile = serde_json::from_str(&read(file)?)
                .map_err(|e| anyhow!("{}: {e}", file.display()))?;
            Settings {
                mode: Mode::default(),
                weights: parsed.weights,
                constraints: parsed.constraints,
            }
        }
        None => Settings::default(),
    };
    settings.mode = match args.mode {
        ModeArg::Total => Mode::Total,
        ModeArg::MaxCardinality => Mode::MaxCardinality,
        ModeArg::Fairness => Mode::Fairness,
    };
    let matching = match_people(&people, &settings).map_err(|e| anyhow!("{e}"))?;
    match args.format {
        Format::Json => print(&serde_json::to_string_pretty(&matching)?),
        Format::Table => print(&table(&matching, &people)),
    }
    Ok(())
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads and checks every row; the first bad cell stops it with the line and column named.
fn read_applicants(path: &Path, day: NaiveDate) -> anyhow::Result<Vec<Person>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut people = Vec::new();
    for (index, row) in reader.deserialize::<ApplicantRow>().enumerate() {
        let line = index + 2;
        let row = row.map_err(|e| anyhow!("{} line {line}: {e}", path.display()))?;
        let applicant = ApplicantRow::from_export(row)
            .parse()
            .map_err(|e| anyhow!("{} line {line}: {e}", path.display()))?;
        let utc_offset_minutes = utc_offset(&applicant, day)
            .map_err(|e| anyhow!("{} line {line}: {e}", path.display()))?;
        people.push(Person {
            applicant,
            utc_offset_minutes,
        });
    }
    Ok(people)
}

/// The applicant's UTC offset at noon UTC on `day`.
fn utc_offset(applicant: &Applicant, day: NaiveDate) -> anyhow::Result<i32> {
    use chrono::Offset;
    let zone: chrono_tz::Tz = applicant.time_zone.parse().map_err(|_| {
        anyhow!(
            "column time_zone: {:?} is not an IANA time zone such as America/Chicago",
            applicant.time_zone
        )
    })?;
    let noon = day
        .and_hms_opt(12, 0, 0)
        .ok_or_else(|| anyhow!("bad day"))?;
    Ok(zone.offset_from_utc_datetime(&noon).fix().local_minus_utc() / 60)
}

/// A readable report: figures first, then every pair with its explanation, then who is left.
fn table(matching: &Matching, people: &[Person]) -> String {
    let name = |id: &str| {
        people
            .iter()
            .find(|p| p.applicant.id == id)
            .map_or(id.to_owned(), |p| format!("{} ({id})", p.applicant.name))
    };
    let r = &matching.report;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} pairs, {} unmatched | total {} | weakest {} | mean {:.2} | mutual {} | uncovered {} | blocking {}",
        r.pairs,
        r.unmatched,
        r.total,
        r.min.map_or("-".to_owned(), |m| m.to_string()),
        r.mean,
        r.mutual_pairs,
        r.uncovered_applicants,
        r.blocking_pairs
    );
    if let Some(c) = &matching.compared_with_total {
        let _ = writeln!(
            out,
            "maximum total instead: total {} | weakest {}",
            c.total,
            c.min.map_or("-".to_owned(), |m| m.to_string())
        );
    }
    for (i, pair) in matching.pairs.iter().enumerate() {
        let lock = if pair.locked { " [locked]" } else { "" };
        let _ = writeln!(
            out,
            "\n{}. {} & {}: {} points{lock}",
            i + 1,
            name(&pair.members[0]),
            name(&pair.members[1]),
            pair.score
        );
        for line in &pair.components {
            let secret = if line.confidential {
                " (confidential)"
            } else {
                ""
            };
            let _ = writeln!(out, "   {:>+4}  {}{secret}", line.points, line.explanation);
        }
    }
    for left in &matching.unmatched {
        let _ = writeln!(out, "\nUnmatched: {}: {}", name(&left.id), left.reason);
        if let Some(triad) = &left.triad {
            let _ = writeln!(
                out,
                "   proposed triad with {} and {} (+{} points)",
                name(&triad.join[0]),
                name(&triad.join[1]),
                triad.adds
            );
        }
    }
    out
}

#[allow(clippy::print_stdout)]
fn print(text: &str) {
    println!("{text}");
}
