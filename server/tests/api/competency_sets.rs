//! Competency sets: a program's list is versioned, each cycle ranks the set chosen in its dates, and the
//! wizard, validation and matching follow the cycle's set.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::matching::{page, post, run};
use crate::programs::{add_cycle, admin_with_program, complete_form, cycle_form, member, submit};

crate::on_both_databases!(
    a_new_set_is_chosen_per_cycle_and_followed_by_the_wizard_and_matching,
    a_cycle_keeps_its_set_once_applications_ranked_from_it,
    bad_sets_and_competencies_are_field_errors,
);

/// The 2026 names DOMAIN.md gives, and three more so that six can be ranked.
const NEW_SET: [&str; 6] = [
    "Service Excellence",
    "Operational Logistics",
    "Data Reporting & Analysis",
    "Strategic Enrollment Planning",
    "Student Success Partnerships",
    "Policy and Compliance",
];

async fn program_options(app: &TestApp, program: i64) -> Value {
    app.call(
        "/api/admin/program_options",
        &[("program_id", &program.to_string())],
    )
    .await
    .json()
    .await
    .expect("json")
}

/// Creates the 2026 set (empty, levels foundational / intermediate / advanced) with its six competencies.
async fn create_2026_set(app: &TestApp, program: i64) -> i64 {
    let (status, set) = post(
        app,
        "/api/admin/create_competency_set",
        json!({ "program_id": program, "form": { "name": "2026 Core Competencies", "entry": "foundational",
            "middle": "intermediate", "expert": "advanced", "copy_from": null } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    let set = set.as_i64().expect("set id");
    for name in NEW_SET {
        let (status, body) = post(
            app,
            "/api/admin/add_program_option",
            json!({ "program_id": program, "kind": "competency", "competency_set_id": set,
                "label": name, "description": "" }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    set
}

async fn save_cycle(app: &TestApp, program: i64, cycle: i64, form: Value) -> (StatusCode, Value) {
    post(
        app,
        "/api/admin/save_cycle",
        json!({ "program_id": program, "cycle_id": cycle, "form": form }),
    )
    .await
}

async fn wizard(app: &TestApp, client: &reqwest::Client, cycle: i64) -> Value {
    crate::helpers::call_with(
        client,
        &app.url("/api/load_application"),
        &[("cycle_id", &cycle.to_string())],
    )
    .await
    .json()
    .await
    .expect("json")
}

fn names(options: &Value) -> Vec<String> {
    options["competencies"]
        .as_array()
        .expect("competencies")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn a_new_set_is_chosen_per_cycle_and_followed_by_the_wizard_and_matching(app: TestApp) {
    let program = admin_with_program(&app).await;
    let fall = add_cycle(&app, program, "Fall 2026", -1, 20).await;
    let options = program_options(&app, program).await;
    let sets = options["competency_sets"].as_array().expect("sets");
    assert_eq!(sets.len(), 1, "{options}");
    assert_eq!(sets[0]["name"], "2015 Core Competencies");
    assert_eq!(sets[0]["levels"]["expert"], "expert");
    assert_eq!(sets[0]["competencies"].as_array().unwrap().len(), 9);
    assert_eq!(sets[0]["cycles"], json!(["Fall 2026"]));

    let set = create_2026_set(&app, program).await;
    // The next cycle chooses the new set in its dates.
    let mut form = cycle_form("Spring 2027", 0, 20);
    form["competency_set_id"] = json!(set);
    let (status, spring) = post(
        &app,
        "/api/admin/save_cycle",
        json!({ "program_id": program, "cycle_id": null, "form": form }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{spring}");
    let spring = spring.as_i64().expect("cycle id");
    let listed: Value = app
        .call("/api/admin/list_programs", &[])
        .await
        .json()
        .await
        .unwrap();
    let cycles = listed[0]["cycles"].as_array().unwrap();
    let set_of = |name: &str| {
        cycles.iter().find(|c| c["form"]["name"] == name).unwrap()["form"]["competency_set_id"]
            .clone()
    };
    assert_eq!(set_of("Spring 2027"), json!(set));
    assert_eq!(set_of("Fall 2026"), sets[0]["id"]);
    assert_eq!(
        listed[0]["next_cycle"]["competency_set_id"],
        json!(set),
        "the next cycle proposes the latest cycle's set"
    );

    // Each cycle's wizard offers its own set, with its level names.
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;
    let new = wizard(&app, &ana, spring).await;
    assert_eq!(names(&new["options"]), NEW_SET, "{new}");
    assert_eq!(new["options"]["levels"]["expert"], "advanced");
    assert_eq!(new["options"]["levels"]["entry"], "foundational");
    let old = wizard(&app, &ana, fall).await;
    assert!(names(&old["options"]).contains(&"Problem Solving".to_owned()));
    assert!(!names(&old["options"]).contains(&"Service Excellence".to_owned()));

    // A 2015 competency is not on the 2026 cycle's list; the 2026 ones are.
    let refused = submit(&app, &ana, spring, &complete_form(), 0).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.unwrap();
    assert!(body["Invalid"]["strengths"].is_string(), "{body}");
    let pick = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let ben = member(&app, "Ben Okafor", "ben@example.edu").await;
    for (client, strengths, growth) in [
        (&ana, &NEW_SET[..3], &NEW_SET[3..]),
        (&ben, &NEW_SET[3..], &NEW_SET[..3]),
    ] {
        let mut form = complete_form();
        form.strengths = pick(strengths);
        form.growth = pick(growth);
        let response = submit(&app, client, spring, &form, 0).await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{:?}",
            response.text().await
        );
    }

    // Close the window (a form without a set keeps the cycle's); matching reads the applications with the
    // cycle's set and explains with its names.
    let (status, body) =
        save_cycle(&app, program, spring, cycle_form("Spring 2027", -10, -1)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let number = run(&app, spring, "total", json!({})).await;
    let page = page(&app, spring, Some(number)).await;
    let groups = page["run"]["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 1, "{page}");
    let group = groups[0].to_string();
    assert!(
        group.contains("Ana Lima") && group.contains("Ben Okafor"),
        "{group}"
    );
    assert!(
        group.contains("Service Excellence"),
        "explained with the set's names: {group}"
    );
}

async fn a_cycle_keeps_its_set_once_applications_ranked_from_it(app: TestApp) {
    let program = admin_with_program(&app).await;
    let fall = add_cycle(&app, program, "Fall 2026", -1, 20).await;
    let spring = add_cycle(&app, program, "Spring 2027", 100, 120).await;
    let set = create_2026_set(&app, program).await;
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;
    let response = submit(&app, &ana, fall, &complete_form(), 0).await;
    assert_eq!(response.status(), StatusCode::OK);

    // Fall's applications ranked 2015 competencies: its set stays.
    let mut form = cycle_form("Fall 2026", -1, 20);
    form["competency_set_id"] = json!(set);
    let (status, body) = save_cycle(&app, program, fall, form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["Invalid"]["competency_set_id"].is_string(), "{body}");
    // Spring has no application yet: it moves to the new set, and the options page says who uses which.
    let mut form = cycle_form("Spring 2027", 100, 120);
    form["competency_set_id"] = json!(set);
    let (status, body) = save_cycle(&app, program, spring, form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let options = program_options(&app, program).await;
    let sets = options["competency_sets"].as_array().unwrap();
    assert_eq!(sets[0]["cycles"], json!(["Fall 2026"]));
    assert_eq!(sets[1]["cycles"], json!(["Spring 2027"]));
    // "in use" is per set: Fall's choices mark the 2015 set's "Problem Solving", not a same-named copy.
    let (status, copy) = post(
        &app,
        "/api/admin/create_competency_set",
        json!({ "program_id": program, "form": { "name": "2015 revised", "entry": "entry",
            "middle": "intermediate", "expert": "expert", "copy_from": sets[0]["id"] } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{copy}");
    let options = program_options(&app, program).await;
    let used = |set: usize| {
        options["competency_sets"][set]["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["label"] == "Problem Solving")
            .map(|c| c["used"].clone())
    };
    assert_eq!(used(0), Some(json!(true)));
    assert_eq!(
        used(2),
        Some(json!(false)),
        "the copy holds the 9 and none is chosen yet"
    );
    assert_eq!(
        options["competency_sets"][2]["competencies"]
            .as_array()
            .unwrap()
            .len(),
        9
    );
}

async fn bad_sets_and_competencies_are_field_errors(app: TestApp) {
    let program = admin_with_program(&app).await;
    let set = create_2026_set(&app, program).await;
    let create = |form: Value| {
        post(
            &app,
            "/api/admin/create_competency_set",
            json!({ "program_id": program, "form": form }),
        )
    };
    let (status, body) = create(
        json!({ "name": " ", "entry": "a", "middle": "b", "expert": "A",
        "copy_from": null }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["Invalid"]["name"].is_string() && body["Invalid"]["expert"].is_string(),
        "{body}"
    );
    let (status, body) = create(
        json!({ "name": "2026 Core Competencies", "entry": "a", "middle": "b",
        "expert": "c", "copy_from": null }),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a second set of one name"
    );
    assert!(body["Invalid"]["name"].is_string(), "{body}");
    let (status, body) = create(
        json!({ "name": "Other", "entry": "a", "middle": "b", "expert": "c",
        "copy_from": 999_999 }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["Invalid"]["copy_from"].is_string(), "{body}");

    let add = |kind: &str, set: Value, label: &str| {
        post(
            &app,
            "/api/admin/add_program_option",
            json!({ "program_id": program, "kind": kind, "competency_set_id": set, "label": label,
                "description": "" }),
        )
    };
    let (status, body) = add("competency", Value::Null, "Anything").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["Invalid"]["set"].is_string(), "{body}");
    let (status, body) = add("area", json!(set), "Anything").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["Invalid"]["set"].is_string(), "{body}");
    let (status, body) = add("competency", json!(set), "Service Excellence").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "once per set");
    assert!(body["Invalid"]["label"].is_string(), "{body}");
    // The same name may be in two sets.
    let first = program_options(&app, program).await["competency_sets"][0]["id"].clone();
    let (status, body) = add("competency", first, "Service Excellence").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A set of another program is not found.
    let (status, _) = add("competency", json!(set + 1_000), "Elsewhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A cycle cannot choose another program's set.
    let mut form = cycle_form("Fall 2026", -1, 20);
    form["competency_set_id"] = json!(set + 1_000);
    let (status, body) = post(
        &app,
        "/api/admin/save_cycle",
        json!({ "program_id": program, "cycle_id": null, "form": form }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["Invalid"]["competency_set_id"].is_string(), "{body}");
}
