//! Pair workspaces through the HTTP API, after the demo's closed cycle is published: who may read what
//! (asserted on the serialized responses), goals and check-ins, live change events, reminders to quiet
//! pairs, ending early, re-assignment, and the admin's overview with its CSV exports.

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{call_json_with, call_with, demo_closed_cycle, outbox, TestApp};

crate::on_both_databases!(
    members_read_only_their_pair_and_never_the_peers_secrets,
    goals_and_check_ins_are_shared_live_with_history,
    the_reminder_job_queues_exactly_one_reminder_per_quiet_pair,
    reminders_count_from_the_relationships_start_and_stop_at_its_end,
    ending_early_and_reassigning_are_reported_to_the_admin,
    no_export_carries_a_spreadsheet_formula,
    the_start_page_shows_when_the_next_check_in_is_due,
    of_two_instances_one_runs_the_hourly_job_and_the_other_takes_over_when_it_stops,
);

const PASSWORD: &str = shoulder_server::demo::DEMO_PASSWORD;

/// A member's own browser.
pub(crate) struct Member {
    client: reqwest::Client,
    base: String,
}

impl Member {
    pub(crate) async fn sign_in(app: &TestApp, email: &str) -> Self {
        let (client, _) = app.new_client();
        let response = call_with(
            &client,
            &app.url("/api/sign_in"),
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{email} signs in");
        Member {
            client,
            base: app.base.clone(),
        }
    }

    /// The pair's live stream, opened on `app` (which may be another instance than the one signed in on).
    pub(crate) async fn events(&self, app: &TestApp, pair: i64) -> reqwest::Response {
        let response = self
            .client
            .get(app.url(&format!("/pairs/{pair}/events")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response
    }

    pub(crate) async fn post(&self, path: &str, body: Value) -> (StatusCode, String) {
        let response = call_json_with(&self.client, &format!("{}{path}", self.base), &body).await;
        (response.status(), response.text().await.unwrap_or_default())
    }

    pub(crate) async fn get(&self, path: &str) -> StatusCode {
        let response = self.client.get(format!("{}{path}", self.base)).send();
        response.await.unwrap().status()
    }

    pub(crate) async fn workspace(&self, pair: i64) -> (StatusCode, String) {
        self.post("/api/pairs/load_workspace", json!({ "pair_id": pair }))
            .await
    }

    pub(crate) async fn pairs(&self) -> Value {
        let response = call_with(
            &self.client,
            &format!("{}/api/pairs/my_pairs", self.base),
            &[],
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }
}

pub(crate) async fn admin_post(app: &TestApp, path: &str, body: Value) -> Value {
    let response = app.call_json(path, &body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

/// Seeds the demo, matches its closed cycle with Rosa and Kwame together and publishes (as the admin, on
/// `app.client`); returns the cycle id and the user ids of Rosa and Kwame.
async fn published(app: &TestApp) -> (i64, i64, i64) {
    let cycle = demo_closed_cycle(app).await;
    admin_post(
        app,
        "/api/admin/run_matching",
        json!({ "cycle_id": cycle, "mode": "max-cardinality", "weights": {} }),
    )
    .await;
    // Found by name as the matching page's pickers find people; Rosa's pair through the search of pairs.
    let mut ids = Vec::new();
    for name in ["Rosa Martínez", "Kwame Mensah"] {
        let found = admin_post(
            app,
            "/api/admin/find_people",
            json!({ "cycle_id": cycle, "run": 1, "query": name }),
        )
        .await;
        ids.push(found[0]["id"].as_i64().unwrap());
    }
    let (rosa, kwame) = (ids[0], ids[1]);
    let rosas = admin_post(
        app,
        "/api/admin/load_groups",
        json!({ "cycle_id": cycle, "run": 1, "query": "Rosa Martínez", "offset": 0 }),
    )
    .await;
    let together = rosas["groups"][0][1]["members"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"].as_i64() == Some(kwame));
    let mut run = 1;
    if !together {
        run = admin_post(
            app,
            "/api/admin/apply_adjustment",
            json!({ "cycle_id": cycle, "run": 1, "adjustment": { "PairWith": { "person": rosa, "peer": kwame } } }),
        )
        .await
        .as_i64()
        .unwrap();
    }
    admin_post(
        app,
        "/api/admin/publish_matching",
        json!({ "cycle_id": cycle, "run": run }),
    )
    .await;
    (cycle, rosa, kwame)
}

pub(crate) async fn rosa_and_kwame(app: &TestApp) -> (i64, Member, Member, i64) {
    let (cycle, ..) = published(app).await;
    let rosa = Member::sign_in(app, "rosa@example.edu").await;
    let kwame = Member::sign_in(app, "kwame@example.edu").await;
    let pairs = rosa.pairs().await;
    assert_eq!(pairs.as_array().unwrap().len(), 1);
    assert_eq!(pairs[0]["peers"], json!(["Kwame Mensah"]));
    assert_eq!(pairs[0]["status"], "Active");
    (cycle, rosa, kwame, pairs[0]["pair_id"].as_i64().unwrap())
}

async fn members_read_only_their_pair_and_never_the_peers_secrets(app: TestApp) {
    let (cycle, rosa, kwame, pair) = rosa_and_kwame(&app).await;
    // Kwame's confidential preference, as only an admin sees it.
    let applications: Value = app
        .call(
            "/api/admin/list_applications",
            &[("cycle_id", &cycle.to_string())],
        )
        .await
        .json()
        .await
        .unwrap();
    let preference = applications["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Kwame Mensah")
        .map(|a| {
            a["form"]["assignment_preference"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .expect("Kwame's application");

    let (status, text) = rosa.workspace(pair).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let workspace: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(workspace["peers"][0]["name"], "Kwame Mensah");
    assert_eq!(workspace["peers"][0]["email"], "kwame@example.edu");
    assert!(!workspace["peers"][0]["communication_methods"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(
        !text.contains(&preference),
        "the peer's confidential preference leaked: {text}"
    );
    assert!(!text.contains("assignment_preference"));

    // A check-in with private notes from both: each reads only their own.
    let (status, body) = rosa
        .post(
            "/api/pairs/log_check_in",
            json!({ "pair_id": pair, "form": { "met_on": Utc::now().date_naive().pred_opt().unwrap().to_string(),
                "how": "Video call", "notes": "Shared agenda", "goals_moved": [], "usefulness": 4,
                "private_note": "ROSA-PRIVATE-NOTE" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, text) = kwame.workspace(pair).await;
    let check_in = serde_json::from_str::<Value>(&text).unwrap()["check_ins"][0].clone();
    assert!(text.contains("Shared agenda"));
    assert!(
        !text.contains("ROSA-PRIVATE-NOTE"),
        "a private note reached the peer: {text}"
    );
    let (status, _) = kwame
        .post(
            "/api/pairs/save_private_note",
            json!({ "check_in_id": check_in["id"], "note": "KWAME-PRIVATE-NOTE" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, mine) = rosa.workspace(pair).await;
    assert!(mine.contains("ROSA-PRIVATE-NOTE") && !mine.contains("KWAME-PRIVATE-NOTE"));
    let (_, theirs) = kwame.workspace(pair).await;
    assert!(theirs.contains("KWAME-PRIVATE-NOTE") && !theirs.contains("ROSA-PRIVATE-NOTE"));

    // Another pair is "not found" to Rosa, for reading and for writing.
    let overview = admin_post(
        &app,
        "/api/admin/pairs_overview",
        json!({ "cycle_id": cycle }),
    )
    .await;
    let other = overview["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pair_id"].as_i64().unwrap())
        .find(|id| *id != pair)
        .unwrap();
    assert_eq!(rosa.workspace(other).await.0, StatusCode::NOT_FOUND);
    let (status, _) = rosa
        .post("/api/pairs/add_goal", json!({ "pair_id": other, "form": { "title": "Sneaky", "why": "", "target_on": "", "owner": "Both" } }))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        rosa.post(
            "/api/pairs/save_private_note",
            json!({ "check_in_id": 999_999, "note": "x" })
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    // Signed out: asked to sign in.
    let (anonymous, _) = app.new_client();
    let response = call_json_with(
        &anonymous,
        &app.url("/api/pairs/load_workspace"),
        &json!({ "pair_id": pair }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let events = anonymous
        .get(app.url(&format!("/pairs/{pair}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), StatusCode::UNAUTHORIZED);
    let stranger = rosa
        .client
        .get(app.url(&format!("/pairs/{other}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
}

/// Waits for the next `changed` event on an open stream.
pub(crate) async fn next_change(response: &mut reqwest::Response) {
    let wait = async {
        let mut seen = String::new();
        while let Some(chunk) = response.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("event: changed") {
                return;
            }
        }
        panic!("stream ended");
    };
    tokio::time::timeout(Duration::from_secs(5), wait)
        .await
        .expect("a change event within 5 s");
}

async fn goals_and_check_ins_are_shared_live_with_history(app: TestApp) {
    let (_, rosa, kwame, pair) = rosa_and_kwame(&app).await;
    let mut stream = rosa
        .client
        .get(app.url(&format!("/pairs/{pair}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);

    // Bad input: field errors, nothing saved.
    let (status, body) = kwame
        .post("/api/pairs/add_goal", json!({ "pair_id": pair, "form": { "title": "", "why": "", "target_on": "2027-02-30", "owner": "Me" } }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("title") && body.contains("target_on"),
        "{body}"
    );

    let (status, body) = kwame
        .post("/api/pairs/add_goal", json!({ "pair_id": pair, "form": {
            "title": "Lead the transcript project", "why": "Faculty need to trust it", "target_on": "2027-06-30", "owner": "Me" } }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    next_change(&mut stream).await;
    let workspace: Value = serde_json::from_str(&rosa.workspace(pair).await.1).unwrap();
    let goal = &workspace["goals"][0];
    assert_eq!(goal["title"], "Lead the transcript project");
    assert_eq!(goal["owner"], "Peer", "Kwame's own goal is Rosa's peer's");
    assert_eq!(goal["owner_label"], "Kwame");

    let (status, _) = rosa
        .post(
            "/api/pairs/update_goal",
            json!({ "goal_id": goal["id"], "update": { "progress": 40, "status": "InProgress" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    next_change(&mut stream).await;
    let (status, _) = rosa
        .post(
            "/api/pairs/update_goal",
            json!({ "goal_id": goal["id"], "update": { "progress": 140, "status": "Done" } }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let workspace: Value = serde_json::from_str(&kwame.workspace(pair).await.1).unwrap();
    let goal = &workspace["goals"][0];
    assert_eq!(goal["owner"], "Me");
    assert_eq!(goal["progress"], 40);
    let history: Vec<&str> = goal["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        history,
        vec![
            "Progress 0% → 40%. Status Not started → In progress.",
            "Added the goal."
        ]
    );
    assert_eq!(goal["history"][0]["who"], "Rosa");

    // A check-in that moved the goal; a meeting in the future or without a rating is refused.
    let today = Utc::now().date_naive();
    let (status, body) = kwame
        .post("/api/pairs/log_check_in", json!({ "pair_id": pair, "form": {
            "met_on": (today + chrono::Duration::days(3)).to_string(), "how": "Video call", "notes": "", "goals_moved": [], "usefulness": 0, "private_note": "" } }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("met_on") && body.contains("usefulness"),
        "{body}"
    );
    let (status, _) = kwame
        .post("/api/pairs/log_check_in", json!({ "pair_id": pair, "form": {
            "met_on": today.pred_opt().unwrap().to_string(), "how": "Phone", "notes": "First call", "goals_moved": [goal["id"]], "usefulness": 5, "private_note": "" } }))
        .await;
    assert_eq!(status, StatusCode::OK);
    next_change(&mut stream).await;
    let workspace: Value = serde_json::from_str(&rosa.workspace(pair).await.1).unwrap();
    assert_eq!(
        workspace["check_ins"][0]["goals_moved"],
        json!(["Lead the transcript project"])
    );
    assert_eq!(workspace["check_ins"][0]["logged_by"], "Kwame");

    // The checklist is each member's own.
    let (status, _) = rosa
        .post(
            "/api/pairs/set_checklist",
            json!({ "pair_id": pair, "item": "before-email", "done": true }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        rosa.post(
            "/api/pairs/set_checklist",
            json!({ "pair_id": pair, "item": "made-up", "done": true })
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mine: Value = serde_json::from_str(&rosa.workspace(pair).await.1).unwrap();
    let theirs: Value = serde_json::from_str(&kwame.workspace(pair).await.1).unwrap();
    assert_eq!(mine["checklist_done"], json!(["before-email"]));
    assert_eq!(theirs["checklist_done"], json!([]));
}

async fn the_reminder_job_queues_exactly_one_reminder_per_quiet_pair(app: TestApp) {
    let (_, rosa, _, pair) = rosa_and_kwame(&app).await;
    // Well inside the relationship's six months, whatever today's date.
    relationship_starts_in(&app, pair, -10).await;
    let url = "https://mentoring.example.edu";
    let db = &app.state.db;
    let now = Utc::now();
    let remind = |days: i64| {
        shoulder_server::workspace::reminders::queue_reminders(
            db,
            now + chrono::Duration::days(days),
            30,
            url,
        )
    };
    // Rosa and Kwame end their pair: ended pairs are never reminded.
    let (status, _) = rosa
        .post(
            "/api/pairs/end_pair",
            json!({ "pair_id": pair, "reason": "Our schedules clash." }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let before = outbox_len(&app).await;
    assert_eq!(remind(29).await.unwrap(), 0, "not quiet for 30 days yet");
    assert_eq!(remind(31).await.unwrap(), 59, "every other pair, once");
    assert_eq!(
        remind(31).await.unwrap(),
        0,
        "no second reminder for the same silence"
    );
    assert_eq!(remind(45).await.unwrap(), 0);
    assert_eq!(outbox_len(&app).await, before + 59);
    let emails = outbox(&app).await;
    let reminder = emails
        .iter()
        .find(|e| e["subject"] == "Time for a check-in with your peer")
        .unwrap();
    assert!(reminder["body"]
        .as_str()
        .unwrap()
        .contains(&format!("{url}/pairs/")));
    assert!(
        reminder["to"].as_str().unwrap().contains(", "),
        "to both members"
    );
    assert_eq!(
        remind(62).await.unwrap(),
        59,
        "a new silence, a new reminder"
    );
}

/// Two instances on one database try the hourly job at the same moment: the lease lets one run it, so each
/// quiet pair is reminded once; the holder keeps the job each hour, and when it stops renewing, the other
/// takes over once the lease has run out.
async fn of_two_instances_one_runs_the_hourly_job_and_the_other_takes_over_when_it_stops(
    app: TestApp,
) {
    use shoulder_server::jobs::{run_if_holder, Settings};
    let (_, _, _, pair) = rosa_and_kwame(&app).await;
    relationship_starts_in(&app, pair, -10).await;
    let second = shoulder_server::db::connect(&app.state.config.database_url)
        .await
        .expect("a second instance's pool");
    let settings = Settings {
        quiet_days: 30,
        public_url: "https://mentoring.example.edu".to_owned(),
    };
    let reminders = |emails: Vec<Value>| {
        emails
            .iter()
            .filter(|e| e["subject"] == "Time for a check-in with your peer")
            .count()
    };
    let quiet = Utc::now() + chrono::Duration::days(31);
    let (a, b) = tokio::join!(
        run_if_holder(&app.state.db, "instance-a", quiet, &settings),
        run_if_holder(&second, "instance-b", quiet, &settings)
    );
    let (a, b) = (a.expect("a"), b.expect("b"));
    assert!(a != b, "exactly one instance ran the job: a {a}, b {b}");
    assert_eq!(reminders(outbox(&app).await), 60, "each quiet pair once");
    let (holder, other) = if a {
        (&app.state.db, &second)
    } else {
        (&second, &app.state.db)
    };
    let (holder_name, other_name) = if a {
        ("instance-a", "instance-b")
    } else {
        ("instance-b", "instance-a")
    };
    let at = |minutes: i64| quiet + chrono::Duration::minutes(minutes);
    assert!(!run_if_holder(other, other_name, at(30), &settings)
        .await
        .unwrap());
    assert!(
        run_if_holder(holder, holder_name, at(60), &settings)
            .await
            .unwrap(),
        "renewed"
    );
    // The holder stops: its lease, renewed at 60 minutes, runs out at 110.
    assert!(!run_if_holder(other, other_name, at(100), &settings)
        .await
        .unwrap());
    assert!(
        run_if_holder(other, other_name, at(111), &settings)
            .await
            .unwrap(),
        "taken over"
    );
    assert_eq!(
        reminders(outbox(&app).await),
        60,
        "no pair reminded again for the same silence"
    );
    second.close().await.ok();
}

/// Moves the relationships of `pair`'s cycle to start `days` from today (before today when negative), six
/// months long.
pub(crate) async fn relationship_starts_in(app: &TestApp, pair: i64, days: i64) {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    use shoulder_server::db::entities::{cycle, peer_pair};
    let db = &app.state.db;
    let pair = peer_pair::Entity::find_by_id(pair)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut cycle: cycle::ActiveModel = cycle::Entity::find_by_id(pair.cycle_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    cycle.relationship_starts_on = Set((Utc::now() + chrono::Duration::days(days)).date_naive());
    cycle.length_months = Set(6);
    cycle.update(db).await.unwrap();
}

async fn reminders_count_from_the_relationships_start_and_stop_at_its_end(app: TestApp) {
    let (_, _, _, pair) = rosa_and_kwame(&app).await;
    let now = Utc::now();
    let remind = |days: i64| {
        shoulder_server::workspace::reminders::queue_reminders(
            &app.state.db,
            now + chrono::Duration::days(days),
            30,
            "https://mentoring.example.edu",
        )
    };
    // Published early: the silence is counted from the relationship's first day, not from publication.
    relationship_starts_in(&app, pair, 20).await;
    assert_eq!(
        remind(31).await.unwrap(),
        0,
        "only 11 days into the relationship"
    );
    assert_eq!(remind(51).await.unwrap(), 60, "31 days into it, every pair");
    // Six months on, the relationships are over: nobody is reminded, however quiet.
    assert_eq!(remind(20 + 190).await.unwrap(), 0);
    relationship_starts_in(&app, pair, -200).await;
    assert_eq!(remind(0).await.unwrap(), 0, "ended 17 days ago or so");
}

async fn outbox_len(app: &TestApp) -> usize {
    outbox(app).await.len()
}

async fn ending_early_and_reassigning_are_reported_to_the_admin(app: TestApp) {
    let (cycle, rosa, kwame, pair) = rosa_and_kwame(&app).await;
    let (status, _) = kwame
        .post("/api/pairs/log_check_in", json!({ "pair_id": pair, "form": {
            "met_on": Utc::now().date_naive().pred_opt().unwrap().to_string(), "how": "Video call", "notes": "", "goals_moved": [], "usefulness": 4, "private_note": "" } }))
        .await;
    assert_eq!(status, StatusCode::OK);
    let overview = admin_post(
        &app,
        "/api/admin/pairs_overview",
        json!({ "cycle_id": cycle }),
    )
    .await;
    assert_eq!(overview["pairs"].as_array().unwrap().len(), 60);
    assert_eq!(overview["active"], 60);
    assert_eq!(overview["at_risk"], 0);
    let row = overview["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pair_id"] == pair)
        .unwrap();
    assert_eq!(row["check_ins"], 1);
    assert_eq!(row["usefulness"], 4.0);

    // Re-assign Rosa to someone else: four people told why; Kwame is paired with Rosa's new peer's old peer.
    let other = overview["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["pair_id"] != pair
                && p["members"].as_array().unwrap().len() == 2
                && p["members"][0]["institution"] != "Sonoran Valley College"
        })
        .unwrap();
    let newcomer = other["members"][0]["id"].as_i64().unwrap();
    let rosa_id = row["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Rosa Martínez")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let before = outbox_len(&app).await;
    let response = app
        .call_json(
            "/api/admin/reassign",
            &json!({ "cycle_id": cycle, "person": rosa_id, "peer": newcomer, "reason": "" }),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let response = app
        .call_json("/api/admin/reassign", &json!({ "cycle_id": cycle, "person": rosa_id, "peer": newcomer, "reason": "Rosa moved to the admissions office." }))
        .await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    let emails = outbox(&app).await;
    let new = &emails[..emails.len() - before];
    assert!(new.len() >= 3, "everyone affected is told: {new:?}");
    assert!(new.iter().all(|e| e["body"]
        .as_str()
        .unwrap()
        .contains("Rosa moved to the admissions office.")));
    let pairs = rosa.pairs().await;
    assert_eq!(pairs[0]["status"], "Active");
    assert_ne!(pairs[0]["pair_id"], pair);
    assert_eq!(pairs[1]["status"], "Reassigned");
    let (_, old) = kwame.workspace(pair).await;
    assert!(
        old.contains("Rosa moved to the admissions office."),
        "{old}"
    );
    let (status, _) = kwame
        .post("/api/pairs/add_goal", json!({ "pair_id": pair, "form": { "title": "Late", "why": "", "target_on": "", "owner": "Both" } }))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an ended pair can be read, not changed"
    );

    // Ending early: the reason reaches the admin's overview and the CSV exports.
    let new_pair = pairs[0]["pair_id"].as_i64().unwrap();
    let (status, _) = rosa
        .post(
            "/api/pairs/end_pair",
            json!({ "pair_id": new_pair, "reason": "New role, no time." }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let overview = admin_post(
        &app,
        "/api/admin/pairs_overview",
        json!({ "cycle_id": cycle }),
    )
    .await;
    assert_eq!(overview["ended"], 1);
    // "The program coordinator has been told": the program's contact gets the reason, and answers reach Rosa.
    let emails = outbox(&app).await;
    let told = emails
        .iter()
        .find(|e| {
            e["subject"]
                .as_str()
                .unwrap()
                .contains("a pair ended early")
        })
        .expect("an email to the coordinator");
    assert_eq!(told["to"], "mentoring@example.edu");
    assert!(told["body"]
        .as_str()
        .unwrap()
        .contains("New role, no time."));
    let ended = overview["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pair_id"] == new_pair)
        .unwrap();
    assert!(ended["ended"]
        .as_str()
        .unwrap()
        .contains("New role, no time."));
    for (file, needle) in [
        ("pairs", "rosa@example.edu"),
        ("overview", "New role, no time."),
    ] {
        let response = app
            .client
            .get(app.url(&format!("/admin/cycles/{cycle}/{file}.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let text = response.text().await.unwrap();
        assert!(text.contains(needle), "{file}.csv: {text}");
        let refused = rosa
            .client
            .get(app.url(&format!("/admin/cycles/{cycle}/{file}.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }
}

/// A name a member chose ends up in every admin export; none may reach the admin's spreadsheet as a formula.
async fn no_export_carries_a_spreadsheet_formula(app: TestApp) {
    use sea_orm::{ConnectionTrait, Statement};
    let (cycle, ..) = published(&app).await;
    let formula = r#"=HYPERLINK("https://evil.example","Kwame")"#;
    app.state
        .db
        .execute(Statement::from_sql_and_values(
            app.state.db.get_database_backend(),
            "UPDATE app_user SET name = $1 WHERE email = $2",
            [formula.into(), "kwame@example.edu".into()],
        ))
        .await
        .expect("rename");

    for export in ["applications.csv", "pairs.csv", "overview.csv"] {
        let response = app
            .client
            .get(app.url(&format!("/admin/cycles/{cycle}/{export}")))
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), StatusCode::OK, "{export}");
        let text = response.text().await.expect("csv");
        let cells: Vec<String> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .flat_map(|record| {
                record
                    .expect("record")
                    .iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(
            cells.iter().any(|c| c.contains("evil.example")),
            "{export} names Kwame: {text}"
        );
        let unsafe_cells: Vec<&String> = cells
            .iter()
            .filter(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r']))
            .collect();
        assert!(unsafe_cells.is_empty(), "{export}: {unsafe_cells:?}");
    }
}

async fn the_start_page_shows_when_the_next_check_in_is_due(app: TestApp) {
    let (_, rosa, kwame, pair) = rosa_and_kwame(&app).await;
    let long_date = |d: chrono::NaiveDate| d.format("%A %-d %B %Y").to_string();
    let next = |pairs: Value| {
        (
            pairs[0]["next_check_in"].as_str().unwrap().to_owned(),
            pairs[0]["check_in_overdue"].as_bool().unwrap(),
        )
    };
    // Formed today, long after the relationship's first day: a month from today.
    let today = Utc::now().date_naive();
    let in_a_month = today.checked_add_months(chrono::Months::new(1)).unwrap();
    assert_eq!(next(rosa.pairs().await), (long_date(in_a_month), false));
    // A meeting 40 days ago: the next was due ten days ago, for both of them.
    let met = today - chrono::Duration::days(40);
    let (status, body) = kwame
        .post("/api/pairs/log_check_in", json!({ "pair_id": pair, "form": {
            "met_on": met.to_string(), "how": "Phone", "notes": "", "goals_moved": [], "usefulness": 3, "private_note": "" } }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let due = met.checked_add_months(chrono::Months::new(1)).unwrap();
    assert_eq!(next(rosa.pairs().await), (long_date(due), true));
    assert_eq!(next(kwame.pairs().await), (long_date(due), true));
}
