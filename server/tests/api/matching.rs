//! The matching page's API on the demo's closed cycle of 121 applicants: runs, locks and forbids, hand
//! adjustments with their preview, comparison, the introduction template, and publishing (once, whole).

use reqwest::StatusCode;
use serde_json::{json, Value};

use std::time::Duration;

use app::types::CycleId;
use chrono::Utc;
use engine::Stage;
use sea_orm::{EntityTrait, Set};
use shoulder_server::db::entities::matching_progress;
use shoulder_server::matching::progress::{Runs, Step};

use crate::helpers::{demo_closed_cycle, outbox, TestApp};

crate::on_both_databases!(
    an_admin_runs_adjusts_and_publishes_the_demo_cycle,
    two_publications_at_once_leave_exactly_one,
    bad_templates_and_weights_are_field_errors,
    a_competency_the_admin_added_is_matched_explained_and_published,
    a_run_under_way_is_seen_from_another_instance,
);

pub(crate) async fn post(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    let response = app.call_json(path, &body).await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn run(app: &TestApp, cycle: i64, mode: &str, weights: Value) -> i64 {
    let (status, number) = post(
        app,
        "/api/admin/run_matching",
        json!({ "cycle_id": cycle, "mode": mode, "weights": weights }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{number}");
    number.as_i64().expect("run number")
}

pub(crate) async fn page(app: &TestApp, cycle: i64, run: Option<i64>) -> Value {
    let (status, page) = post(
        app,
        "/api/admin/load_matching",
        json!({ "cycle_id": cycle, "run": run }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    with_all_groups(app, cycle, page).await
}

/// The page with every group of its run in place of the first page of them, read a page at a time as the
/// matching page's "Show more" does.
async fn with_all_groups(app: &TestApp, cycle: i64, mut page: Value) -> Value {
    if page["run"].is_null() {
        return page;
    }
    let count = page["run"]["group_count"].as_u64().expect("count") as usize;
    let first = page["run"]["groups"].as_array().expect("groups").clone();
    assert_eq!(first.len(), count.min(50), "the page carries the first 50");
    let mut all: Vec<Value> = Vec::new();
    while all.len() < count {
        let (status, slice) = post(
            app,
            "/api/admin/load_groups",
            json!({ "cycle_id": cycle, "run": page["run"]["number"], "query": "", "offset": all.len() }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{slice}");
        assert_eq!(slice["matching"].as_u64(), Some(count as u64));
        let groups = slice["groups"].as_array().expect("groups");
        assert!(!groups.is_empty(), "a page of groups until all are read");
        for (place, group) in groups.iter().map(|g| (&g[0], &g[1])) {
            assert_eq!(place.as_u64(), Some(all.len() as u64), "in run order");
            all.push(group.clone());
        }
    }
    assert_eq!(all[..first.len()], first[..]);
    page["run"]["groups"] = Value::Array(all);
    page
}

fn ids(group: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = group["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["id"].as_i64().expect("id"))
        .collect();
    ids.sort_unstable();
    ids
}

fn groups(page: &Value) -> Vec<Vec<i64>> {
    page["run"]["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(ids)
        .collect()
}

async fn an_admin_runs_adjusts_and_publishes_the_demo_cycle(app: TestApp) {
    let cycle = demo_closed_cycle(&app).await;
    let empty = page(&app, cycle, None).await;
    assert_eq!(empty["applicants"], 121);
    assert!(empty["run"].is_null());

    // Run 1: the most pairs; the odd one out is explained and offered a trio.
    assert_eq!(run(&app, cycle, "max-cardinality", json!({})).await, 1);
    let first = page(&app, cycle, None).await;
    let report = &first["run"]["report"];
    assert_eq!(report["pairs"], 60);
    assert_eq!(report["unmatched"], 1);
    let left = &first["run"]["unmatched"][0];
    assert!(left["reason"].as_str().unwrap().contains("odd number"));
    assert!(left["triad"].is_array());
    let pair = &first["run"]["groups"][0];
    let explained: i64 = pair["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["points"].as_i64().unwrap())
        .sum();
    assert_eq!(explained, pair["score"].as_i64().unwrap());

    // The live preview: a much larger mutual bonus moves people, and nothing is saved.
    let (status, preview) = post(
        &app,
        "/api/admin/preview_matching",
        json!({ "cycle_id": cycle, "mode": "max-cardinality", "weights": { "mutual_bonus": 40 }, "against": 1 }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["against"], first["run"]["report"]);
    assert_ne!(preview["report"]["total"], report["total"]);
    assert_eq!(
        page(&app, cycle, None).await["runs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Lock the first pair, forbid the second, run again: both honoured, and the comparison says why.
    let groups1 = groups(&first);
    let (locked, forbidden) = (groups1[0].clone(), groups1[1].clone());
    for (pair, rule) in [(&locked, "Lock"), (&forbidden, "Forbid")] {
        let (status, body) = post(
            &app,
            "/api/admin/set_pair_rule",
            json!({ "cycle_id": cycle, "pair": pair, "rule": rule }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(run(&app, cycle, "max-cardinality", json!({})).await, 2);
    let second = page(&app, cycle, None).await;
    let groups2 = groups(&second);
    assert!(groups2.contains(&locked));
    assert!(!groups2.contains(&forbidden));
    // The page lists the locked pair for the next run (and marks it from that list).
    let locks: Vec<Vec<i64>> = second["locked"]
        .as_array()
        .expect("locked pairs")
        .iter()
        .map(|pair| ids(&json!({ "members": pair })))
        .collect();
    assert_eq!(locks, vec![locked.clone()]);
    let comparison = &second["run"]["comparison"];
    assert_eq!(comparison["previous_number"], 1);
    let causes = comparison["causes"].to_string();
    assert!(
        causes.contains("Locked") && causes.contains("Forbade"),
        "{causes}"
    );
    assert!(!comparison["moved"].as_array().unwrap().is_empty());

    // A lock that breaks a rule is refused with the rule named: two people of the same institution.
    let people: Vec<(i64, String)> = second["run"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["members"].as_array().unwrap().clone())
        .map(|m| {
            (
                m["id"].as_i64().unwrap(),
                m["institution"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let same = people.iter().enumerate().find_map(|(i, a)| {
        people[i + 1..]
            .iter()
            .find(|b| b.1 == a.1)
            .map(|b| [a.0, b.0])
    });
    if let Some(same) = same {
        let (status, body) = post(
            &app,
            "/api/admin/set_pair_rule",
            json!({ "cycle_id": cycle, "pair": same, "rule": "Lock" }),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.to_string().contains("same institution"), "{body}");
    }

    // Move: the preview shows the score change; applying saves run 3 with the new pair.
    let institution = |id: i64| people.iter().find(|p| p.0 == id).unwrap().1.clone();
    let a = groups2[2][0];
    let b = groups2[3..]
        .iter()
        .map(|g| g[0])
        .find(|b| institution(*b) != institution(a))
        .expect("someone from another institution");
    let adjustment = json!({ "PairWith": { "person": a, "peer": b } });
    let (status, preview) = post(
        &app,
        "/api/admin/preview_adjustment",
        json!({ "cycle_id": cycle, "run": 2, "adjustment": adjustment }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["groups_before"].as_array().unwrap().len(), 2);
    assert!(preview["summary"].as_str().unwrap().contains("paired with"));
    let (status, number) = post(
        &app,
        "/api/admin/apply_adjustment",
        json!({ "cycle_id": cycle, "run": 2, "adjustment": adjustment }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{number}");
    assert_eq!(number, 3);
    let third = page(&app, cycle, None).await;
    let mut pair = vec![a, b];
    pair.sort_unstable();
    assert!(groups(&third).contains(&pair));
    assert_eq!(third["run"]["report"]["total"], preview["total_after"]);
    let comparison = &third["run"]["comparison"];
    assert!(comparison["causes"][0]
        .as_str()
        .unwrap()
        .starts_with("Adjusted run 2"));
    assert!(comparison["moved"].as_array().unwrap().len() >= 2);
    // What a large run's page loads on request: people by part of a name (any case), pairs by a member's name,
    // and everyone who moved.
    let (status, people) = post(
        &app,
        "/api/admin/find_people",
        json!({ "cycle_id": cycle, "run": 3, "query": "rOSA m" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{people}");
    assert_eq!(people[0]["name"], "Rosa Martínez");
    let (status, found) = post(
        &app,
        "/api/admin/load_groups",
        json!({ "cycle_id": cycle, "run": 3, "query": "rosa martínez", "offset": 0 }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["matching"], 1);
    assert!(found["groups"][0][1].to_string().contains("Rosa Martínez"));
    let (status, moved) = post(
        &app,
        "/api/admin/load_moved",
        json!({ "cycle_id": cycle, "run": 3 }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(
        moved.as_array().map(Vec::len),
        comparison["moved_count"].as_u64().map(|n| n as usize)
    );

    // The hand-made pair is locked for later runs.
    assert!(third["locked"].to_string().contains(&format!("\"id\":{a}")));

    // The odd one out joins the pair the engine proposed: a trio, nobody left.
    let latest = page(&app, cycle, None).await;
    let number = latest["run"]["number"].as_i64().unwrap();
    let left = &latest["run"]["unmatched"][0];
    let adjustment = json!({ "JoinGroup": {
        "person": left["member"]["id"], "member": left["triad"][0][0]["id"] } });
    let (status, body) = post(
        &app,
        "/api/admin/apply_adjustment",
        json!({ "cycle_id": cycle, "run": number, "adjustment": adjustment }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let final_run = body.as_i64().unwrap();
    let last = page(&app, cycle, Some(final_run)).await;
    assert_eq!(last["run"]["report"]["unmatched"], 0);
    assert_eq!(last["run"]["report"]["pairs"], 60);
    assert!(groups(&last).iter().any(|g| g.len() == 3));

    // The introduction, previewed for a real pair: names filled in, no placeholder left.
    let template = &last["template"];
    let (status, intro) = post(
        &app,
        "/api/admin/preview_intro",
        json!({ "cycle_id": cycle, "run": final_run, "member": last["run"]["groups"][0]["members"][0]["id"], "template": template }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{intro}");
    let body = intro["body"].as_str().unwrap();
    let first_member = last["run"]["groups"][0]["members"][0]["name"]
        .as_str()
        .unwrap();
    assert!(body.contains(first_member));
    assert!(!body.contains('{'), "{body}");
    assert!(intro["to"].as_str().unwrap().contains(", "));

    // Publish: 60 pairs (one a trio), 60 introductions; again → same answer, nothing doubled.
    let before = outbox(&app).await.len();
    let publish = json!({ "cycle_id": cycle, "run": final_run });
    let (status, published) = post(&app, "/api/admin/publish_matching", publish.clone()).await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(published["pairs"], 60);
    assert_eq!(published["emails"], 60);
    assert_eq!(
        published["unmatched_told"], 0,
        "the odd person joined a trio"
    );
    let after = outbox(&app).await;
    assert_eq!(after.len(), before + 60);
    assert!(after
        .iter()
        .any(|e| e["subject"].as_str().unwrap().contains("meet your peer")));
    let (status, again) = post(&app, "/api/admin/publish_matching", publish).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["pairs"], 60);
    assert_eq!(outbox(&app).await.len(), before + 60);
    let page_after = page(&app, cycle, None).await;
    assert_eq!(page_after["published"]["run_number"], final_run);

    // Once published: another run cannot be published, and the matching can no longer change.
    let (status, _) = post(
        &app,
        "/api/admin/publish_matching",
        json!({ "cycle_id": cycle, "run": 1 }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, body) = post(
        &app,
        "/api/admin/run_matching",
        json!({ "cycle_id": cycle, "mode": "total", "weights": {} }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.to_string().contains("published"));
}

async fn two_publications_at_once_leave_exactly_one(app: TestApp) {
    let cycle = demo_closed_cycle(&app).await;
    run(&app, cycle, "max-cardinality", json!({})).await;
    run(&app, cycle, "fairness", json!({})).await;
    let before = outbox(&app).await.len();
    let (one, two) = tokio::join!(
        post(
            &app,
            "/api/admin/publish_matching",
            json!({ "cycle_id": cycle, "run": 1 })
        ),
        post(
            &app,
            "/api/admin/publish_matching",
            json!({ "cycle_id": cycle, "run": 2 })
        ),
    );
    let statuses = [one.0, two.0];
    assert!(statuses.contains(&StatusCode::OK), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
    let winner = if one.0 == StatusCode::OK {
        &one.1
    } else {
        &two.1
    };
    let pairs = winner["pairs"].as_u64().unwrap();
    let told = winner["unmatched_told"].as_u64().unwrap();
    assert_eq!(
        outbox(&app).await.len() as u64,
        before as u64 + pairs + told
    );
    // 121 applicants: the one left over is told why and what happens next, with the program's contact.
    assert_eq!(told, 1);
    let emails = outbox(&app).await;
    let left_out = emails
        .iter()
        .find(|e| {
            e["subject"]
                .as_str()
                .unwrap()
                .contains("about your application")
        })
        .expect("an email to the person left out");
    let body = left_out["body"].as_str().unwrap();
    assert!(body.contains("odd number of applicants"), "{body}");
    assert!(body.contains("What happens next"), "{body}");
    let published = page(&app, cycle, None).await["published"].clone();
    assert_eq!(published["pairs"].as_u64(), Some(pairs));
}

async fn bad_templates_and_weights_are_field_errors(app: TestApp) {
    let cycle = demo_closed_cycle(&app).await;
    let program = page(&app, cycle, None).await["program_id"]
        .as_i64()
        .unwrap();
    let (status, body) = post(
        &app,
        "/api/admin/save_intro_template",
        json!({ "program_id": program, "template": { "subject": "", "body": "Hi {first_name}" } }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = body.to_string();
    assert!(
        errors.contains("subject") && errors.contains("{first_name}"),
        "{errors}"
    );
    let (status, _) = post(
        &app,
        "/api/admin/save_intro_template",
        json!({ "program_id": program, "template": { "subject": "Meet {names}", "body": "Hello {names}" } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page(&app, cycle, None).await["template"]["subject"],
        "Meet {names}"
    );
    let (status, body) = post(
        &app,
        "/api/admin/run_matching",
        json!({ "cycle_id": cycle, "mode": "total", "weights": { "mutual_bonus": 1000 } }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("mutual_bonus"));
    let (status, _) = post(
        &app,
        "/api/admin/run_matching",
        json!({ "cycle_id": cycle, "mode": "best", "weights": {} }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The program's id (the demo has one program) and two exported rows of the closed cycle, as cells.
async fn two_exported_rows(app: &TestApp, cycle: i64) -> (i64, Vec<String>, Vec<Vec<String>>) {
    let programs: Value = app
        .call("/api/admin/list_programs", &[])
        .await
        .json()
        .await
        .unwrap();
    let program = programs[0]["id"].as_i64().expect("program id");
    let csv = crate::helpers::applications_csv(app, cycle).await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .take(2)
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (program, header, rows)
}

async fn a_competency_the_admin_added_is_matched_explained_and_published(app: TestApp) {
    let cycle = demo_closed_cycle(&app).await;
    let (program, header, mut rows) = two_exported_rows(&app, cycle).await;
    let options: Value = app
        .call(
            "/api/admin/program_options",
            &[("program_id", &program.to_string())],
        )
        .await
        .json()
        .await
        .unwrap();
    let set = &options["competency_sets"][0]["id"];
    let (status, added) = post(
        &app,
        "/api/admin/add_program_option",
        json!({ "program_id": program, "kind": "competency", "competency_set_id": set, "label": "Data Stewardship",
                "description": "Keeping records accurate, protected and useful." }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{added}");

    // Two newcomers: one strong in the new competency, one who wants to grow in it.
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    for (i, row) in rows.iter_mut().enumerate() {
        row[column("id")] = format!("newcomer-{i}");
        row[column("name")] = format!("Newcomer {i}");
        row[column("email")] = format!("newcomer{i}@example.edu");
        row[column("institution")] = format!("Newcomer College {i}");
    }
    let (a, b) = (
        [
            "Data Stewardship",
            "Problem Solving",
            "Professional Integrity",
        ],
        [
            "Change Management",
            "Technological Knowledge",
            "Diversity and Inclusion",
        ],
    );
    // The second writes the new label in lower case: it is matched as the option, as any built-in one is.
    let b_growth = [
        "data stewardship",
        "Problem Solving",
        "Professional Integrity",
    ];
    for (i, name) in ["strength_1", "strength_2", "strength_3"]
        .iter()
        .enumerate()
    {
        rows[0][column(name)] = a[i].into();
        rows[1][column(name)] = b[i].into();
    }
    for (i, name) in ["growth_1", "growth_2", "growth_3"].iter().enumerate() {
        rows[0][column(name)] = b[i].into();
        rows[1][column(name)] = b_growth[i].into();
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    let file = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let (status, report) = post(
        &app,
        "/api/admin/import_applications",
        json!({ "cycle_id": cycle, "csv": file, "dry_run": false }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], true, "{report}");

    // Matching reads every application with the program's own lists, and says why the newcomers fit.
    let number = run(&app, cycle, "total", json!({})).await;
    let page = page(&app, cycle, Some(number)).await;
    let groups = page["run"]["groups"].as_array().expect("groups");
    let newcomers = groups
        .iter()
        .find(|g| g.to_string().contains("Newcomer 0"))
        .expect("the newcomer is placed");
    assert!(
        newcomers.to_string().contains("Newcomer 1"),
        "the two complement each other: {newcomers}"
    );
    assert!(
        newcomers.to_string().contains("Data Stewardship"),
        "{newcomers}"
    );

    // The export carries the label as chosen, and publishing works.
    let csv = crate::helpers::applications_csv(&app, cycle).await;
    assert!(csv.contains("Data Stewardship"));
    let (status, published) = post(
        &app,
        "/api/admin/publish_matching",
        json!({ "cycle_id": cycle, "run": number }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{published}");
}

/// Asks `runs` until `check` holds of the progress of cycle `cycle` (the run's writes are asynchronous).
async fn until_progress(
    runs: &Runs,
    cycle: CycleId,
    check: impl Fn(Option<(u8, u64)>) -> bool,
) -> Option<(u8, u64)> {
    let mut seen = None;
    for _ in 0..100 {
        seen = runs
            .get(cycle, Utc::now())
            .await
            .expect("progress read")
            .map(|p| (p.step, p.seconds));
        if check(seen) {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the progress stayed at {seen:?}");
}

/// The page's polls may reach another instance than the one running the match: it reads the step from the
/// database. Two connection pools on one database stand for the two instances.
async fn a_run_under_way_is_seen_from_another_instance(app: TestApp) {
    let url = &app.state.config.database_url;
    let here = Runs::new(shoulder_server::db::connect(url).await.expect("pool A"));
    let there = Runs::new(shoulder_server::db::connect(url).await.expect("pool B"));
    let cycle = CycleId(4_242);
    assert_eq!(there.get(cycle, Utc::now()).await.expect("read"), None);

    let first = here.start(cycle).await.expect("run begins");
    assert_eq!(
        until_progress(&there, cycle, |p| p.is_some()).await,
        Some((1, 0))
    );
    let stages = first.stages();
    stages(Stage::Checking);
    until_progress(&there, cycle, |p| p.map(|p| p.0) == Some(3)).await;

    // A second admin's run of the same cycle takes the display over; the first no longer moves it.
    let second = here.start(cycle).await.expect("second run begins");
    second.step(Step::Saving);
    until_progress(&there, cycle, |p| p.map(|p| p.0) == Some(5)).await;
    first.step(Step::Reading);
    drop((first, stages));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        there
            .get(cycle, Utc::now())
            .await
            .expect("read")
            .map(|p| p.step),
        Some(5),
        "the first run ending leaves the second shown"
    );
    drop(second);
    until_progress(&there, cycle, |p| p.is_none()).await;

    // An instance that stops mid-run leaves its row behind, with a heartbeat that grows old.
    let db = shoulder_server::db::connect(url).await.expect("pool");
    matching_progress::Entity::insert(matching_progress::ActiveModel {
        cycle_id: Set(cycle.0),
        token: Set("stopped".to_owned()),
        step: Set(2),
        started_at: Set(Utc::now() - chrono::TimeDelta::seconds(30)),
        beat_at: Set(Utc::now() - chrono::TimeDelta::seconds(4)),
    })
    .exec_without_returning(&db)
    .await
    .expect("row");
    assert_eq!(
        until_progress(&there, cycle, |p| p.is_some()).await,
        Some((2, 30))
    );
    let later = Utc::now() + chrono::TimeDelta::seconds(2);
    assert_eq!(
        there.get(cycle, later).await.expect("read"),
        None,
        "abandoned"
    );
}
