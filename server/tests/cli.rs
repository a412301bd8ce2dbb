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

/// A fresh SQLite URL in `dir`.
fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("shoulder.db").display()
    )
}

fn create_admin(db: &str, email: &str, password: &str) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_shoulder"))
        .args(["create-admin", "--email", email, "--name", "Maya Okafor"])
        .env("DATABASE_URL", db)
        .env("SHOULDER_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().expect("wait")
}

#[test]
fn create_admin_reads_the_password_from_stdin_and_promotes_existing_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(&dir);
    let first = create_admin(&db, " Maya@Example.EDU ", "a long admin password");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout)
        .contains("Admin account created for maya@example.edu"));

    let again = create_admin(&db, "maya@example.edu", "ignored password here");
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("it is now an admin (password unchanged)")
    );

    let weak = create_admin(&db, "other@example.edu", "short");
    assert_eq!(weak.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password: Use at least 12 characters."));
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line_naming_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_shoulder"))
        .env("SHOULDER_ADDR", "nowhere")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("SHOULDER_ADDR"), "{stderr}");
}

/// Serves on a random port, signs the admin in, then stops cleanly on SIGTERM.
#[tokio::test]
async fn the_server_serves_then_stops_cleanly_on_sigterm() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(&dir);
    assert!(
        create_admin(&db, "maya@example.edu", "a long admin password")
            .status
            .success()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_shoulder"))
        .env("DATABASE_URL", &db)
        .env("SHOULDER_ADDR", "127.0.0.1:0")
        .env("SHOULDER_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.split("listening on ").nth(1) {
                let _ = tx.send(url.trim().to_owned());
            }
            lines.push(line);
        }
        lines
    });
    let base = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the server announces its address");

    let mut origin = reqwest::header::HeaderMap::new();
    origin.insert(reqwest::header::ORIGIN, base.parse().unwrap());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(origin)
        .build()
        .unwrap();
    let signed_in = client
        .post(format!("{base}/api/sign_in"))
        .header("accept", "application/json")
        .form(&[
            ("email", "maya@example.edu"),
            ("password", "a long admin password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let users: serde_json::Value = client
        .post(format!("{base}/api/admin/list_users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users[0]["role"], "admin");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    assert!(status.success(), "exit status after SIGTERM: {status}");
    let lines = reader.join().unwrap();
    assert!(
        lines.iter().any(|l| l.contains("Shoulder stopped")),
        "{lines:?}"
    );
}
