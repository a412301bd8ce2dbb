//! Programs, cycles and applications through the HTTP API: the window, ownership, conflicts, validation,
//! the outbox and the CSV export.

use app::application::ApplicationForm;
use app::types::Role;
use chrono::{Duration, Utc};
use engine::applicant::ApplicantRow;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{call_json_with, call_with, TestApp, PASSWORD};

crate::on_both_databases!(
    an_admin_creates_a_program_and_cycle_that_members_see,
    the_window_is_enforced_and_can_be_extended,
    a_member_only_ever_reaches_their_own_application,
    a_stale_save_is_refused_and_the_newer_copy_loads,
    submitting_validates_queues_an_email_and_exports,
    the_csv_export_is_for_admins_only,
    bad_cycle_dates_are_field_errors,
    a_csv_import_is_checked_whole_before_anything_is_written,
    options_in_use_are_retired_not_deleted,
    the_demo_has_a_closed_cycle_of_121_applicants_ready_to_match,
    an_admin_edits_a_program_and_the_audit_log_shows_who_did_what,
);

pub(crate) const ZONE: &str = "America/Chicago";

/// A local `datetime-local` value `days` from now in the program's zone.
fn local(days: i64) -> String {
    let tz: chrono_tz::Tz = ZONE.parse().unwrap();
    (Utc::now() + Duration::days(days))
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn date(days: i64) -> String {
    (Utc::now() + Duration::days(days))
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// A cycle form whose window runs from `opens` to `closes` days from now.
pub(crate) fn cycle_form(name: &str, opens: i64, closes: i64) -> Value {
    json!({
        "name": name,
        "opens_at": local(opens),
        "closes_at": local(closes),
        "matching_on": date(closes + 7),
        "relationship_starts_on": date(closes + 14),
        "length_months": "6",
    })
}

/// Signs in as a new admin and creates a program; returns its id.
pub(crate) async fn admin_with_program(app: &TestApp) -> i64 {
    app.create_user("Maya Okafor", "admin@example.edu", Role::Admin)
        .await;
    app.sign_in("admin@example.edu", PASSWORD).await;
    let response = app
        .call_json(
            "/api/admin/save_program",
            &json!({ "program_id": null, "form": {
                "name": "Registrar Peer Mentoring",
                "description": "Peers learning from peers.",
                "contact_email": "mentoring@example.edu",
                "time_zone": ZONE,
            }}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("program id")
}

pub(crate) async fn add_cycle(
    app: &TestApp,
    program: i64,
    name: &str,
    opens: i64,
    closes: i64,
) -> i64 {
    let response = app
        .call_json(
            "/api/admin/save_cycle",
            &json!({ "program_id": program, "cycle_id": null, "form": cycle_form(name, opens, closes) }),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{:?}",
        response.text().await
    );
    response.json().await.expect("cycle id")
}

/// A member with their own client, signed in.
pub(crate) async fn member(app: &TestApp, name: &str, email: &str) -> reqwest::Client {
    app.create_user(name, email, Role::Member).await;
    let (client, _) = app.new_client();
    let response = call_with(
        &client,
        &app.url("/api/sign_in"),
        &[("email", email), ("password", PASSWORD)],
    )
    .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    client
}

pub(crate) fn complete_form() -> ApplicationForm {
    let s = |items: &[&str]| items.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>();
    ApplicationForm {
        institution_types: s(&["Public four-year"]),
        enrollment_size: "20,000–39,999".into(),
        time_zone: "America/New_York".into(),
        previous_cycle: Some(true),
        assignment_preference: "Different type of institution".into(),
        resource_formats: s(&["Virtual meet-ups"]),
        areas: s(&["Registration and records"]),
        strengths: s(&[
            "Problem Solving",
            "Technological Knowledge",
            "Professional Integrity",
        ]),
        growth: s(&[
            "Change Management",
            "Leadership and Management",
            "Diversity and Inclusion",
        ]),
        goals: "Lead our records migration.".into(),
        meeting_frequency: "Monthly (recommended)".into(),
        communication_methods: s(&["Video call"]),
        commitment: true,
        consent: true,
    }
}

async fn load(app: &TestApp, client: &reqwest::Client, cycle: i64) -> (StatusCode, Value) {
    let response = call_with(
        client,
        &app.url("/api/load_application"),
        &[("cycle_id", &cycle.to_string())],
    )
    .await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    cycle: i64,
    form: &ApplicationForm,
    version: i64,
) -> reqwest::Response {
    call_json_with(
        client,
        &app.url("/api/save_application_draft"),
        &json!({ "cycle_id": cycle, "form": form, "step": "StrengthsAndGrowth", "version": version }),
    )
    .await
}

pub(crate) async fn submit(
    app: &TestApp,
    client: &reqwest::Client,
    cycle: i64,
    form: &ApplicationForm,
    version: i64,
) -> reqwest::Response {
    call_json_with(
        client,
        &app.url("/api/submit_application"),
        &json!({ "cycle_id": cycle, "form": form, "version": version }),
    )
    .await
}

async fn an_admin_creates_a_program_and_cycle_that_members_see(app: TestApp) {
    let program = admin_with_program(&app).await;
    add_cycle(&app, program, "Spring 2026", -200, -179).await;
    let cycle = add_cycle(&app, program, "Fall 2026", -1, 20).await;
    let programs: Value = app
        .call("/api/admin/list_programs", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(programs[0]["cycles"].as_array().map(Vec::len), Some(2));

    let ana = member(&app, "Ana Lima", "ana@example.edu").await;
    let cycles: Value = call_with(&ana, &app.url("/api/list_cycles"), &[])
        .await
        .json()
        .await
        .expect("json");
    let listed: Vec<&str> = cycles
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        listed,
        vec!["Fall 2026"],
        "closed cycles without an application are not listed"
    );
    assert_eq!(cycles[0]["dates"]["state"], "Open");
    // The cycle's page lists the competencies to review before applying.
    let page: Value = call_with(
        &ana,
        &app.url("/api/cycle_page"),
        &[("cycle_id", &cycle.to_string())],
    )
    .await
    .json()
    .await
    .expect("json");
    assert_eq!(page["competencies"].as_array().map(Vec::len), Some(9));
    assert_eq!(page["competencies"][0]["name"], "Change Management");

    let (status, data) = load(&app, &ana, cycle).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(data["options"]["previous_cycle"], "Spring 2026");
    assert_eq!(data["version"], 0);
    assert_eq!(
        data["options"]["competencies"].as_array().map(Vec::len),
        Some(9)
    );
    assert!(data["options"]["time_zones"]
        .as_array()
        .expect("zones")
        .iter()
        .any(|z| z == "Europe/Paris"));
}

async fn the_window_is_enforced_and_can_be_extended(app: TestApp) {
    let program = admin_with_program(&app).await;
    let upcoming = add_cycle(&app, program, "Spring 2027", 10, 31).await;
    let closed = add_cycle(&app, program, "Spring 2026", -40, -19).await;
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;

    let early = save(&app, &ana, upcoming, &complete_form(), 0).await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    let message = early.text().await.expect("body");
    assert!(message.contains("open on"), "{message}");

    let late = submit(&app, &ana, closed, &complete_form(), 0).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let message = late.text().await.expect("body");
    assert!(
        message.contains("closed on") && message.contains("mentoring@example.edu"),
        "{message}"
    );

    // The admin extends the closed cycle's window by a week from now.
    let extended = app
        .call_json(
            "/api/admin/save_cycle",
            &json!({ "program_id": program, "cycle_id": closed, "form": cycle_form("Spring 2026", -40, 7) }),
        )
        .await;
    assert_eq!(extended.status(), StatusCode::OK);
    assert_eq!(
        submit(&app, &ana, closed, &complete_form(), 0)
            .await
            .status(),
        StatusCode::OK
    );
}

async fn a_member_only_ever_reaches_their_own_application(app: TestApp) {
    let program = admin_with_program(&app).await;
    let cycle = add_cycle(&app, program, "Fall 2026", -1, 20).await;
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;
    let ben = member(&app, "Ben Carter", "ben@example.edu").await;

    let mut form = complete_form();
    form.goals = "Ana's private goals".into();
    assert_eq!(
        save(&app, &ana, cycle, &form, 0).await.status(),
        StatusCode::OK
    );

    // Ben's wizard is his own, empty draft: nothing of Ana's, confidential or not.
    let (status, data) = load(&app, &ben, cycle).await;
    assert_eq!(status, StatusCode::OK);
    let text = data.to_string();
    assert!(!text.contains("Ana's private goals"));
    assert!(!text.contains("Different type of institution"));
    assert_eq!(data["version"], 0);

    // Ben saving with Ana's version number writes his own row, never hers.
    let bens = ApplicationForm {
        goals: "Ben's goals".into(),
        ..ApplicationForm::default()
    };
    assert_eq!(
        save(&app, &ben, cycle, &bens, 0).await.status(),
        StatusCode::OK
    );
    let (_, anas) = load(&app, &ana, cycle).await;
    assert_eq!(anas["form"]["goals"], "Ana's private goals");

    // Members cannot list applications; the admin sees both, the confidential answer included.
    let refused = call_with(
        &ben,
        &app.url("/api/admin/list_applications"),
        &[("cycle_id", &cycle.to_string())],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let overview: Value = app
        .call(
            "/api/admin/list_applications",
            &[("cycle_id", &cycle.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(overview["items"].as_array().map(Vec::len), Some(2));
    assert!(overview
        .to_string()
        .contains("Different type of institution"));
}

async fn a_stale_save_is_refused_and_the_newer_copy_loads(app: TestApp) {
    let program = admin_with_program(&app).await;
    let cycle = add_cycle(&app, program, "Fall 2026", -1, 20).await;
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;

    let first_tab = ApplicationForm {
        goals: "From the first tab".into(),
        ..ApplicationForm::default()
    };
    let saved: Value = save(&app, &ana, cycle, &first_tab, 0)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(saved["version"], 1);

    // A second tab that loaded before that save still holds version 0.
    let second_tab = ApplicationForm {
        goals: "From the second tab".into(),
        ..ApplicationForm::default()
    };
    let stale = save(&app, &ana, cycle, &second_tab, 0).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(stale.text().await.expect("body").contains("another tab"));

    let (_, data) = load(&app, &ana, cycle).await;
    assert_eq!(data["form"]["goals"], "From the first tab");
    assert_eq!(data["version"], 1);
    assert_eq!(data["step"], "StrengthsAndGrowth");
}

async fn submitting_validates_queues_an_email_and_exports(app: TestApp) {
    let program = admin_with_program(&app).await;
    let cycle = add_cycle(&app, program, "Fall 2026", -1, 20).await;
    add_cycle(&app, program, "Spring 2026", -200, -179).await;
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;

    let mut incomplete = complete_form();
    incomplete.consent = false;
    incomplete.growth[0] = "Problem Solving".into();
    let refused = submit(&app, &ana, cycle, &incomplete, 0).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.expect("json");
    let fields = &body["Invalid"];
    assert!(fields["consent"].is_string(), "{body}");
    assert!(fields["growth"].is_string(), "{body}");

    let submitted: Value = submit(&app, &ana, cycle, &complete_form(), 0)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(submitted["status"], "submitted");

    let outbox: Value = app
        .call("/api/admin/list_outbox", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        outbox["delivery"],
        Value::Null,
        "no SMTP in tests: delivery is off"
    );
    let outbox = &outbox["emails"];
    assert!(outbox[0]["to"]
        .as_str()
        .unwrap()
        .ends_with("<ana@example.edu>"));
    assert!(outbox[0]["subject"].as_str().unwrap().contains("received"));
    assert!(outbox[0]["body"]
        .as_str()
        .unwrap()
        .contains("Lead our records migration."));

    // The export parses as the matching engine's input.
    let rows = exported_rows(&app, cycle).await;
    assert_eq!(rows.len(), 1);
    let applicant = rows[0].parse().expect("valid applicant");
    assert_eq!(applicant.name, "Ana Lima");
    assert!(applicant.returning);

    // Withdrawing takes it out of the export and queues a second email.
    let withdrawn = call_json_with(
        &ana,
        &app.url("/api/withdraw_application"),
        &json!({ "cycle_id": cycle, "version": submitted["version"] }),
    )
    .await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let text = crate::helpers::applications_csv(&app, cycle).await;
    assert_eq!(text.lines().count(), 1, "header only: {text}");
    let outbox: Value = app
        .call("/api/admin/list_outbox", &[])
        .await
        .json()
        .await
        .expect("json");
    assert!(outbox["emails"][0]["subject"]
        .as_str()
        .unwrap()
        .contains("withdrawn"));
}

async fn the_csv_export_is_for_admins_only(app: TestApp) {
    let (anonymous, _) = app.new_client();
    let path = app.url("/admin/cycles/1/applications.csv");
    assert_eq!(
        anonymous.get(&path).send().await.expect("get").status(),
        StatusCode::UNAUTHORIZED
    );
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;
    assert_eq!(
        ana.get(&path).send().await.expect("get").status(),
        StatusCode::FORBIDDEN
    );
    admin_with_program(&app).await;
    assert_eq!(
        app.client.get(&path).send().await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
}

async fn bad_cycle_dates_are_field_errors(app: TestApp) {
    let program = admin_with_program(&app).await;
    let mut form = cycle_form("Fall 2026", 5, 2);
    let response = app
        .call_json(
            "/api/admin/save_cycle",
            &json!({ "program_id": program, "cycle_id": null, "form": form }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.expect("json");
    assert!(body["Invalid"]["closes_at"].is_string(), "{body}");

    form["opens_at"] = json!("next tuesday");
    form["name"] = json!("");
    let body: Value = app
        .call_json(
            "/api/admin/save_cycle",
            &json!({ "program_id": program, "cycle_id": null, "form": form }),
        )
        .await
        .json()
        .await
        .expect("json");
    assert!(body["Invalid"]["opens_at"].is_string(), "{body}");
    assert!(body["Invalid"]["name"].is_string(), "{body}");

    let unknown_zone = app
        .call_json(
            "/api/admin/save_program",
            &json!({ "program_id": null, "form": {
                "name": "Elsewhere", "description": "", "contact_email": "a@example.edu", "time_zone": "Mars/Olympus",
            }}),
        )
        .await;
    assert_eq!(unknown_zone.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_csv_import_is_checked_whole_before_anything_is_written(app: TestApp) {
    let program = admin_with_program(&app).await;
    let cycle = add_cycle(&app, program, "Fall 2026", -1, 20).await;
    app.create_user("Ben Carter", "ben@example.edu", Role::Member)
        .await;
    let row = |email: &str, zone: &str| {
        let who = app::application::Applying {
            id: email.to_owned(),
            name: "Someone".into(),
            email: email.to_owned(),
            institution: "Elsewhere College".into(),
        };
        let mut form = complete_form();
        form.time_zone = zone.to_owned();
        app::application::to_csv_row(&who, &form)
    };
    let to_csv = |rows: Vec<ApplicantRow>| {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in rows {
            writer.serialize(row).unwrap();
        }
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    };

    let bad = to_csv(vec![
        row("zoe@example.edu", "America/Chicago"),
        row("ben@example.edu", "Atlantis/Capital"),
    ]);
    let report: Value = import(&app, cycle, bad, false)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(report["imported"], false);
    assert_eq!(report["problems"][0]["line"], 3);
    assert_eq!(report["problems"][0]["column"], "time_zone");
    let overview: Value = app
        .call(
            "/api/admin/list_applications",
            &[("cycle_id", &cycle.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        overview["items"].as_array().map(Vec::len),
        Some(0),
        "nothing imported"
    );

    let good = to_csv(vec![
        row("zoe@example.edu", "America/Chicago"),
        row("ben@example.edu", "America/Denver"),
    ]);
    let dry: Value = import(&app, cycle, good.clone(), true)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (
            dry["rows"].as_u64(),
            dry["new_accounts"].as_u64(),
            dry["imported"].as_bool()
        ),
        (Some(2), Some(1), Some(false))
    );
    let done: Value = import(&app, cycle, good.clone(), false)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(done["imported"], true);
    let again: Value = import(&app, cycle, good, false)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (again["new_accounts"].as_u64(), again["replaced"].as_u64()),
        (Some(0), Some(2))
    );

    let overview: Value = app
        .call(
            "/api/admin/list_applications",
            &[("cycle_id", &cycle.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    let items = overview["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i["status"] == "submitted"));
    // The imported person has an account but cannot sign in with any password.
    let refused = app.sign_in("zoe@example.edu", "").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn import(app: &TestApp, cycle: i64, csv: String, dry_run: bool) -> reqwest::Response {
    app.call_json(
        "/api/admin/import_applications",
        &json!({ "cycle_id": cycle, "csv": csv, "dry_run": dry_run }),
    )
    .await
}

/// The option `label` of list `kind` in the admin's view.
async fn option_item(app: &TestApp, program: i64, kind: &str, label: &str) -> Value {
    let options: Value = app
        .call(
            "/api/admin/program_options",
            &[("program_id", &program.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    options["lists"]
        .as_array()
        .expect("lists")
        .iter()
        .find(|list| list[0] == kind)
        .and_then(|list| list[1].as_array())
        .and_then(|items| items.iter().find(|i| i["label"] == label).cloned())
        .unwrap_or(Value::Null)
}

async fn options_in_use_are_retired_not_deleted(app: TestApp) {
    let program = admin_with_program(&app).await;
    let cycle = add_cycle(&app, program, "Fall 2026", -1, 20).await;
    let added = app
        .call_json(
            "/api/admin/add_program_option",
            &json!({ "program_id": program, "kind": "area", "label": "Veterans services", "description": "" }),
        )
        .await;
    assert_eq!(added.status(), StatusCode::OK);
    let twice = app
        .call_json(
            "/api/admin/add_program_option",
            &json!({ "program_id": program, "kind": "area", "label": "Veterans services", "description": "" }),
        )
        .await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Ana chooses the new option; it is now in use.
    let ana = member(&app, "Ana Lima", "ana@example.edu").await;
    let (_, data) = load(&app, &ana, cycle).await;
    assert!(data["options"]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Veterans services"));
    let mut form = complete_form();
    form.areas = vec!["Veterans services".into()];
    assert_eq!(
        submit(&app, &ana, cycle, &form, 0).await.status(),
        StatusCode::OK
    );
    let item = option_item(&app, program, "area", "Veterans services").await;
    assert_eq!(item["used"], true);

    let delete = app
        .call_json(
            "/api/admin/delete_program_option",
            &json!({ "option_id": item["id"] }),
        )
        .await;
    assert_eq!(delete.status(), StatusCode::CONFLICT);
    assert!(delete.text().await.unwrap().contains("Retire it instead"));

    let retire = app
        .call_json(
            "/api/admin/set_option_retired",
            &json!({ "option_id": item["id"], "retired": true }),
        )
        .await;
    assert_eq!(retire.status(), StatusCode::OK);
    let ben = member(&app, "Ben Carter", "ben@example.edu").await;
    let (_, data) = load(&app, &ben, cycle).await;
    assert!(!data["options"]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Veterans services"));

    // An unused option can go.
    let unused = option_item(&app, program, "resource_format", "Weekly mentoring tips").await;
    let delete = app
        .call_json(
            "/api/admin/delete_program_option",
            &json!({ "option_id": unused["id"] }),
        )
        .await;
    assert_eq!(delete.status(), StatusCode::OK);
    assert_eq!(
        option_item(&app, program, "resource_format", "Weekly mentoring tips").await,
        Value::Null
    );
}

/// The demo data: a closed cycle with its inaugural 121 applications, exported in the format the matching
/// engine reads, and every row valid for it.
async fn the_demo_has_a_closed_cycle_of_121_applicants_ready_to_match(app: TestApp) {
    let closed = crate::helpers::demo_closed_cycle(&app).await;
    let rows = exported_rows(&app, closed).await;
    assert_eq!(rows.len(), 121);
    for row in &rows {
        row.parse()
            .expect("every demo applicant is valid for the engine");
    }
}

/// The cycle's CSV export (as the signed-in admin), read row by row in the matching engine's format.
async fn exported_rows(app: &TestApp, cycle: i64) -> Vec<ApplicantRow> {
    let text = crate::helpers::applications_csv(app, cycle).await;
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .map(|r| r.expect("row"))
        .collect()
}

async fn an_admin_edits_a_program_and_the_audit_log_shows_who_did_what(app: TestApp) {
    let program = admin_with_program(&app).await;
    let form = json!({ "name": "Registrar & Records Peer Mentoring", "description": "Peers learning from peers.",
        "contact_email": "peers@example.edu", "time_zone": "Europe/Paris" });
    // A bad address is pointed at; an unknown program is not found.
    let mut bad = form.clone();
    bad["contact_email"] = json!("not an address");
    let response = save_program(&app, program, bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("contact_email"));
    let response = app
        .call_json(
            "/api/admin/save_program",
            &json!({ "program_id": 999_999, "form": form }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let response = save_program(&app, program, form.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let programs: Value = app
        .call("/api/admin/list_programs", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(programs[0]["name"], "Registrar & Records Peer Mentoring");
    assert_eq!(programs[0]["contact_email"], "peers@example.edu");
    assert_eq!(programs[0]["time_zone"], "Europe/Paris");

    // The log: newest first, with who and what changed; filtered by action and by who.
    let all = audit(
        &app,
        json!({ "action": "", "who": "", "from": "", "to": "", "before": null }),
    )
    .await;
    let newest = &all["entries"][0];
    assert_eq!(newest["action"], "program.updated");
    assert_eq!(newest["who"], "Maya Okafor (admin@example.edu)");
    assert_eq!(newest["subject"], format!("program:{program}"));
    assert!(newest["detail"]
        .as_str()
        .unwrap()
        .contains(r#""changed":["name","contact_email","time_zone"]"#));
    assert!(all["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("program.created")));
    let created = audit(
        &app,
        json!({ "action": "program.created", "who": "MAYA", "from": "", "to": "", "before": null }),
    )
    .await;
    assert_eq!(created["entries"].as_array().unwrap().len(), 1);
    let nobody = audit(
        &app,
        json!({ "action": "", "who": "someone else", "from": "", "to": "", "before": null }),
    )
    .await;
    assert!(nobody["entries"].as_array().unwrap().is_empty());
    let today = Utc::now().date_naive();
    let yesterday = audit(&app, json!({ "action": "", "who": "", "from": "", "to": (today - Duration::days(1)).to_string(), "before": null })).await;
    assert!(yesterday["entries"].as_array().unwrap().is_empty());
    let response = app
        .call_json(
            "/api/admin/audit_log",
            &json!({ "filter": {
            "action": "", "who": "", "from": "last week", "to": "", "before": null } }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn save_program(app: &TestApp, program: i64, form: Value) -> reqwest::Response {
    app.call_json(
        "/api/admin/save_program",
        &json!({ "program_id": program, "form": form }),
    )
    .await
}

async fn audit(app: &TestApp, filter: Value) -> Value {
    let response = app
        .call_json("/api/admin/audit_log", &json!({ "filter": filter }))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}
