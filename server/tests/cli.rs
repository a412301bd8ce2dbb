//! `shoulder match` as a user runs it: the release-style binary, real files, exit codes and output.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output};

fn shoulder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shoulder"))
        .args(args)
        .output()
        .expect("run shoulder")
}

fn temp_file(contents: &str, suffix: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(suffix)
        .tempfile()
        .expect("temp file");
    file.write_all(contents.as_bytes()).expect("write");
    file
}

fn stdout_json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn a_graph_file_gets_its_maximum_weight_matching() {
    let file = temp_file(
        r#"{"n": 4, "edges": [[0, 1, 1], [1, 2, 10], [2, 3, 1]]}"#,
        ".json",
    );
    let path = file.path().to_str().unwrap();
    assert_eq!(
        stdout_json(&shoulder(&["match", "--graph", path])),
        serde_json::json!({"pairs": [[1, 2]], "total": 10})
    );
    assert_eq!(
        stdout_json(&shoulder(&["match", "--graph", path, "--max-cardinality"])),
        serde_json::json!({"pairs": [[0, 1], [2, 3]], "total": 2})
    );
}

#[test]
fn bad_graph_files_fail_with_a_clear_message_and_no_panic() {
    for (json, expected) in [
        ("{not json", "not a graph file"),
        (r#"{"n": 2, "edges": [[0, 5, 1]]}"#, "out of range"),
        (r#"{"n": 2, "edges": [[0, 1, -1]]}"#, "weight must be >= 0"),
        (r#"{"n": 2, "edges": [[0, 0, 1]]}"#, "itself"),
        (
            r#"{"n": 3, "edges": [[0, 1, 1], [0, 1, 2]]}"#,
            "already have an edge",
        ),
    ] {
        let file = temp_file(json, ".json");
        let output = shoulder(&["match", "--graph", file.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{json}: {stderr}");
        assert!(stderr.contains(expected), "{json}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let missing = shoulder(&["match", "--graph", "/no/such/file.json"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /no/such/file.json"));
}

#[test]
fn applicants_are_paired_with_explanations() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/applicants.csv");
    let result = stdout_json(&shoulder(&[
        "match",
        "--applicants",
        fixture,
        "--format",
        "json",
        "--on",
        "2026-03-01",
    ]));
    let pairs = result["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3, "seven applicants: three pairs");
    assert_eq!(result["unmatched"].as_array().unwrap().len(), 1);
    assert!(
        result["unmatched"][0]["triad"]["join"].is_array(),
        "the odd one out gets a triad proposal"
    );
    // Ana and Gabriel share an institution: never together.
    for pair in pairs {
        let members: Vec<&str> = pair["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert!(
            !(members.contains(&"a1") && members.contains(&"g7")),
            "{members:?}"
        );
        let sum: i64 = pair["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["points"].as_i64().unwrap())
            .sum();
        assert_eq!(sum, pair["score"].as_i64().unwrap());
    }
    let ana_ben = pairs
        .iter()
        .find(|p| p["members"] == serde_json::json!(["a1", "b2"]))
        .expect("Ana and Ben complement each other");
    let lines: Vec<&str> = ana_ben["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["explanation"].as_str().unwrap())
        .collect();
    assert!(
        lines.contains(
            &"Ben's strength in Change Management is Ana's growth area (rank 1 for Ana)."
        ),
        "{lines:?}"
    );

    let table = shoulder(&["match", "--applicants", fixture, "--mode", "fairness"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(table.status.success());
    assert!(text.contains("Ana Lima (a1) & Ben Carter (b2)"), "{text}");
    assert!(text.contains("maximum total instead"), "{text}");
}

#[test]
fn a_bad_applicant_row_names_its_line_and_column() {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/applicants.csv"
    ))
    .unwrap();
    let broken = fixture.replace("America/Denver", "Mars/Olympus");
    let file = temp_file(&broken, ".csv");
    let output = shoulder(&["match", "--applicants", file.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("line 6: column time_zone"), "{stderr}");
}
