//! Speed peer-mentoring sessions through the HTTP API: the event stream delivers every phase change (and
//! phases end on their own), controls are refused to anyone who does not run the session, rounds place
//! everyone without repeats, late arrivals and leavers, notes and follow-up choices stay the participant's.

use std::collections::HashSet;
use std::time::Duration;

use app::speed::session::Snapshot;
use app::speed::timer::{phases, PhaseKind, Settings, TimerState};
use app::types::Role;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{json, Value};
use shoulder_server::db::entities::{outbox_email, speed_session};

use crate::helpers::{call_json_with, call_with, TestApp, PASSWORD};

crate::on_both_databases!(
    every_phase_change_reaches_the_stream,
    a_phase_ends_on_time_without_anyone_acting,
    controls_are_refused_to_anyone_who_does_not_run_the_session,
    rounds_place_late_arrivals_next_round_and_leave_leavers_out,
    notes_and_follow_up_choices_stay_the_participants,
    a_signed_in_member_is_the_same_participant_on_every_device,
    wrong_codes_are_throttled_per_client_address_on_every_room_route,
    a_removed_participant_stays_removed,
    notes_go_only_to_the_participants_own_address_a_few_times_while_it_runs,
    joins_from_one_address_are_capped_per_session,
);

/// The stream of one session, read event by event.
pub(crate) struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    pub(crate) async fn open(app: &TestApp, code: &str) -> Self {
        Self::open_at(&app.client, &app.url(&format!("/room/{code}/events"))).await
    }

    /// The stream at `url`, as `client` (a phone) opens it.
    pub(crate) async fn open_at(client: &reqwest::Client, url: &str) -> Self {
        let response = client
            .get(url)
            .header("accept", "text/event-stream")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Events {
            response,
            buffer: String::new(),
        }
    }

    /// The next snapshot event (keep-alive comments are skipped); fails after 5 s.
    pub(crate) async fn next(&mut self) -> Snapshot {
        tokio::time::timeout(Duration::from_secs(5), self.read())
            .await
            .expect("an event within 5 s")
    }

    async fn read(&mut self) -> Snapshot {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                let data: String = event
                    .lines()
                    .filter_map(|line| line.strip_prefix("data:"))
                    .map(str::trim_start)
                    .collect();
                if !data.is_empty() {
                    return serde_json::from_str(&data).expect("a snapshot");
                }
                continue;
            }
            let chunk = self.response.chunk().await.unwrap().expect("stream open");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Events until one satisfies `done`, each within 5 s of the one before.
    pub(crate) async fn until(&mut self, done: impl Fn(&Snapshot) -> bool) -> Snapshot {
        loop {
            let snapshot = self.next().await;
            if done(&snapshot) {
                return snapshot;
            }
        }
    }

    /// Events until one satisfies `done`, however quiet the stream is in between; fails after `limit`.
    pub(crate) async fn until_within(
        &mut self,
        limit: Duration,
        done: impl Fn(&Snapshot) -> bool,
    ) -> Snapshot {
        let wait = async {
            loop {
                let snapshot = self.read().await;
                if done(&snapshot) {
                    return snapshot;
                }
            }
        };
        tokio::time::timeout(limit, wait)
            .await
            .expect("the awaited event in time")
    }

    /// What the stream sends until it ends (a cut connection ends it too); fails after 10 s.
    pub(crate) async fn rest(&mut self) -> String {
        let wait = async {
            let mut rest = std::mem::take(&mut self.buffer);
            while let Ok(Some(chunk)) = self.response.chunk().await {
                rest.push_str(&String::from_utf8_lossy(&chunk));
            }
            rest
        };
        tokio::time::timeout(Duration::from_secs(10), wait)
            .await
            .expect("the stream ends within 10 s")
    }
}

pub(crate) fn phase_of(snapshot: &Snapshot) -> Option<PhaseKind> {
    let phases = phases(&snapshot.settings);
    snapshot
        .timer
        .phase
        .and_then(|i| phases.get(i))
        .map(|p| p.kind)
}

/// Signs in a new facilitator and creates a session of `rounds` rounds without breaks; returns (id, code).
pub(crate) async fn facilitator_with_session(
    app: &TestApp,
    rounds: u32,
    odd_mode: &str,
) -> (i64, String) {
    app.create_user("Fran Facilitator", "fran@example.edu", Role::Facilitator)
        .await;
    app.sign_in("fran@example.edu", PASSWORD).await;
    let form = json!({
        "title": "Spring workshop",
        "prep_minutes": 3,
        "rounds": rounds,
        "round_minutes": 6,
        "break_minutes": 0,
        "odd_mode": odd_mode,
        "questions": ["How did it feel?", ""],
    });
    let response = app
        .call_json("/api/facilitate/create_session", &json!({ "form": form }))
        .await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    let id: i64 = body.parse().unwrap();
    let session = speed_session::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("session");
    (id, session.code)
}

/// A phone that joins the session; returns its client (holding the participant cookie).
pub(crate) async fn phone(
    app: &TestApp,
    code: &str,
    name: &str,
    institution: &str,
) -> reqwest::Client {
    let (client, _) = app.new_client();
    let response = call_with(
        &client,
        &app.url("/api/room/join"),
        &[
            ("code", code),
            ("name", name),
            ("email", &format!("{}@example.org", name.to_lowercase())),
            ("institution", institution),
        ],
    )
    .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "join answered {}",
        response.status()
    );
    client
}

pub(crate) async fn control(app: &TestApp, id: i64, control: &str) -> reqwest::Response {
    app.call_json(
        "/api/facilitate/control",
        &json!({ "session_id": id, "control": control }),
    )
    .await
}

async fn me(app: &TestApp, client: &reqwest::Client, code: &str) -> reqwest::Response {
    call_with(client, &app.url("/api/room/me"), &[("code", code)]).await
}

/// Every pair at one table in a snapshot's round, by name.
fn pairs(snapshot: &Snapshot) -> Vec<(String, String)> {
    let round = snapshot.round.as_ref().expect("a round");
    round
        .tables
        .iter()
        .flat_map(|t| {
            t.seats.iter().enumerate().flat_map(move |(i, a)| {
                t.seats[i + 1..].iter().map(move |b| {
                    let (x, y) = (a.name.clone(), b.name.clone());
                    if x < y {
                        (x, y)
                    } else {
                        (y, x)
                    }
                })
            })
        })
        .collect()
}

async fn every_phase_change_reaches_the_stream(app: TestApp) {
    let (id, code) = facilitator_with_session(&app, 2, "Trio").await;
    for name in ["Ana", "Ben", "Chloe", "Dev", "Eunji"] {
        phone(&app, &code, name, "").await;
    }
    let mut events = Events::open(&app, &code).await;
    let first = events.next().await;
    assert_eq!(first.participants, 5);
    assert_eq!(first.timer.phase, None);
    assert_eq!(first.questions, vec!["How did it feel?"]);

    assert_eq!(control(&app, id, "Start").await.status(), StatusCode::OK);
    let prep = events.until(|s| s.timer.phase.is_some()).await;
    assert_eq!(phase_of(&prep), Some(PhaseKind::Preparation));
    let listed: Value = app
        .call("/api/facilitate/list_sessions", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["participants"], 5);
    assert_eq!(listed[0]["status"], "Preparation");

    assert_eq!(control(&app, id, "Pause").await.status(), StatusCode::OK);
    assert!(events.next().await.timer.paused_at.is_some());
    assert_eq!(control(&app, id, "Resume").await.status(), StatusCode::OK);
    assert!(events.next().await.timer.paused_at.is_none());
    assert_eq!(
        control(&app, id, "AddMinute").await.status(),
        StatusCode::OK
    );
    assert_eq!(events.next().await.timer.length_ms, Some(4 * 60_000));

    control(&app, id, "Skip").await;
    let round1 = events
        .until(|s| phase_of(s) == Some(PhaseKind::Round(1)) && s.round.is_some())
        .await;
    let r1 = round1.round.as_ref().unwrap();
    let seated: usize = r1.tables.iter().map(|t| t.seats.len()).sum();
    assert_eq!(seated, 5, "five people: a pair and a trio, nobody left out");
    assert!(r1.tables.iter().any(|t| t.seats.len() == 3));

    control(&app, id, "Skip").await;
    let round2 = events
        .until(|s| phase_of(s) == Some(PhaseKind::Round(2)) && s.round.is_some())
        .await;
    // The first trio's three have all met, so a second trio must hold one pair again: one, not more.
    let met: HashSet<_> = pairs(&round1).into_iter().collect();
    let again = pairs(&round2).iter().filter(|p| met.contains(p)).count();
    assert_eq!(again, 1, "only the repeat a trio forces");

    control(&app, id, "Skip").await;
    let wrap = events
        .until(|s| phase_of(s) == Some(PhaseKind::WrapUp))
        .await;
    assert!(wrap.round.is_none());
    assert_eq!(
        control(&app, id, "AddMinute").await.status(),
        StatusCode::CONFLICT,
        "the wrap-up has no time limit"
    );
    let unknown = control(&app, id, "Rewind").await;
    assert_eq!(
        unknown.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unknown control is the request's fault, with a typed error"
    );
    control(&app, id, "End").await;
    assert!(events.until(|s| s.timer.ended).await.timer.ended);
    assert_eq!(
        control(&app, id, "Skip").await.status(),
        StatusCode::CONFLICT
    );
}

/// Writes `timer` as session `id`'s stored timer, as a running server would have.
pub(crate) async fn store_timer(app: &TestApp, id: i64, timer: &TimerState) {
    let session = speed_session::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut model: speed_session::ActiveModel = session.into();
    model.timer = Set(serde_json::json!(timer).to_string());
    model.update(&app.state.db).await.unwrap();
}

async fn a_phase_ends_on_time_without_anyone_acting(app: TestApp) {
    let (id, code) = facilitator_with_session(&app, 1, "Trio").await;
    for name in ["Ana", "Ben"] {
        phone(&app, &code, name, "").await;
    }
    // A preparation that started 3 minutes minus 300 ms ago, as if the server had been restarted.
    let settings = Settings {
        prep_minutes: 3,
        rounds: 1,
        round_minutes: 6,
        break_minutes: 0,
    };
    let mut timer = TimerState::not_started();
    let now = chrono::Utc::now().timestamp_millis();
    timer.start(&phases(&settings), now - 3 * 60_000 + 300);
    store_timer(&app, id, &timer).await;

    let mut events = Events::open(&app, &code).await;
    assert_eq!(phase_of(&events.next().await), Some(PhaseKind::Preparation));
    let round = events
        .until(|s| phase_of(s) == Some(PhaseKind::Round(1)) && s.round.is_some())
        .await;
    assert_eq!(pairs(&round), vec![("Ana".to_owned(), "Ben".to_owned())]);
}

async fn controls_are_refused_to_anyone_who_does_not_run_the_session(app: TestApp) {
    let (id, code) = facilitator_with_session(&app, 2, "Trio").await;
    let ana = phone(&app, &code, "Ana", "").await;
    let attempts = [
        (
            "/api/facilitate/control",
            json!({ "session_id": id, "control": "Start" }),
        ),
        (
            "/api/facilitate/remove_participant",
            json!({ "session_id": id, "participant_id": 1 }),
        ),
    ];
    // A participant's phone, another facilitator, a member: none may run this session.
    app.create_user("Other Facilitator", "other@example.edu", Role::Facilitator)
        .await;
    app.create_user("Mo Member", "mo@example.edu", Role::Member)
        .await;
    let (other, _) = app.new_client();
    call_with(
        &other,
        &app.url("/api/sign_in"),
        &[("email", "other@example.edu"), ("password", PASSWORD)],
    )
    .await;
    let (member, _) = app.new_client();
    call_with(
        &member,
        &app.url("/api/sign_in"),
        &[("email", "mo@example.edu"), ("password", PASSWORD)],
    )
    .await;
    for (path, body) in &attempts {
        for (who, client, expected) in [
            ("a participant", &ana, StatusCode::UNAUTHORIZED),
            ("another facilitator", &other, StatusCode::FORBIDDEN),
            ("a member", &member, StatusCode::FORBIDDEN),
        ] {
            let status = call_json_with(client, &app.url(path), body).await.status();
            assert_eq!(status, expected, "{path} answered {who}");
        }
    }
    let console = call_with(
        &other,
        &app.url("/api/facilitate/console"),
        &[("session_id", &id.to_string())],
    )
    .await;
    assert_eq!(console.status(), StatusCode::FORBIDDEN);
    // Nothing happened: the session has not started.
    let mut events = Events::open(&app, &code).await;
    assert_eq!(events.next().await.timer.phase, None);
    // An admin may run anyone's session.
    app.create_user("Maya Admin", "admin@example.edu", Role::Admin)
        .await;
    app.sign_in("admin@example.edu", PASSWORD).await;
    assert_eq!(control(&app, id, "Start").await.status(), StatusCode::OK);
    // Unknown session codes are 404 for the stream and the screen.
    let missing = app
        .client
        .get(app.url("/room/NOPE99/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn rounds_place_late_arrivals_next_round_and_leave_leavers_out(app: TestApp) {
    let (id, code) = facilitator_with_session(&app, 3, "SitOut").await;
    let mut phones = Vec::new();
    for name in ["Ana", "Ben", "Chloe", "Dev"] {
        phones.push(phone(&app, &code, name, "").await);
    }
    let mut events = Events::open(&app, &code).await;
    control(&app, id, "Start").await;
    control(&app, id, "Skip").await;
    let round1 = events.until(|s| s.round.is_some()).await;
    assert_eq!(round1.round.as_ref().unwrap().tables.len(), 2);

    let late = phone(&app, &code, "Eunji", "").await;
    let status = call_json_with(
        &phones[3],
        &app.url("/api/room/leave"),
        &json!({ "code": code }),
    )
    .await
    .status();
    assert_eq!(status, StatusCode::OK);
    let now = events.until(|s| s.participants == 4).await;
    assert_eq!(
        now.round, round1.round,
        "the round under way does not change when people arrive or leave"
    );
    let late_me: Value = me(&app, &late, &code).await.json().await.unwrap();
    assert_eq!(late_me["name"], "Eunji");

    control(&app, id, "Skip").await;
    let round2 = events
        .until(|s| phase_of(s) == Some(PhaseKind::Round(2)) && s.round.is_some())
        .await;
    let r2 = round2.round.as_ref().unwrap();
    let names: Vec<&str> = r2
        .tables
        .iter()
        .flat_map(|t| t.seats.iter())
        .chain(r2.sitting_out.iter())
        .map(|s| s.name.as_str())
        .collect();
    assert!(
        names.contains(&"Eunji"),
        "the late arrival is placed: {names:?}"
    );
    assert!(!names.contains(&"Dev"), "the leaver is not: {names:?}");
    assert!(
        r2.sitting_out.is_empty(),
        "four people present: nobody sits out"
    );
    let met: HashSet<_> = pairs(&round1).into_iter().collect();
    assert!(pairs(&round2).iter().all(|p| !met.contains(p)));
}

async fn notes_and_follow_up_choices_stay_the_participants(app: TestApp) {
    let (id, code) = facilitator_with_session(&app, 1, "Trio").await;
    let ana = phone(&app, &code, "Ana", "Northfield").await;
    let ben = phone(&app, &code, "Ben", "Lakeside").await;
    let (stranger, _) = app.new_client();
    assert_eq!(
        me(&app, &stranger, &code).await.status(),
        StatusCode::UNAUTHORIZED,
        "a phone that has not joined is nobody"
    );

    let saved = call_json_with(
        &ana,
        &app.url("/api/room/save_notes"),
        &json!({ "code": code, "notes": "Goal: lead the registration project" }),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let ana_me: Value = me(&app, &ana, &code).await.json().await.unwrap();
    assert_eq!(ana_me["notes"], "Goal: lead the registration project");
    let ben_me: Value = me(&app, &ben, &code).await.json().await.unwrap();
    assert_eq!(ben_me["notes"], "", "notes are the author's only");
    let too_long = call_json_with(
        &ana,
        &app.url("/api/room/save_notes"),
        &json!({ "code": code, "notes": "x".repeat(10_001) }),
    )
    .await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Wrap-up answers: one per question (the session has one), each of a bounded length, the author's only.
    let wrap_up = |answers: Value| {
        let ana = ana.clone();
        let url = app.url("/api/room/save_wrap_up");
        let code = code.clone();
        async move { call_json_with(&ana, &url, &json!({ "code": code, "answers": answers })).await }
    };
    assert_eq!(
        wrap_up(json!(["Equal, both ways."])).await.status(),
        StatusCode::OK
    );
    let answered: Value = me(&app, &ana, &code).await.json().await.unwrap();
    assert_eq!(answered["wrap_up"], json!(["Equal, both ways."]));
    let ben_me: Value = me(&app, &ben, &code).await.json().await.unwrap();
    assert_eq!(ben_me["wrap_up"], json!([]));
    let refused = wrap_up(json!(["a", "b"])).await;
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "more answers than questions"
    );
    let refused: Value = wrap_up(json!(["x".repeat(2_001)]))
        .await
        .json()
        .await
        .unwrap();
    assert!(refused["Invalid"]["wrap_up-0"].is_string(), "{refused}");

    control(&app, id, "Start").await;
    control(&app, id, "Skip").await;
    let ben_id = ben_me["participant_id"].as_i64().unwrap();
    let ana_id = ana_me["participant_id"].as_i64().unwrap();
    let choose = |client: &reqwest::Client, chosen: Vec<i64>| {
        let client = client.clone();
        let url = app.url("/api/room/choose_follow_ups");
        let code = code.clone();
        async move { call_json_with(&client, &url, &json!({ "code": code, "chosen": chosen })).await }
    };
    assert_eq!(
        choose(&ana, vec![9_999]).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "only people one met can be chosen"
    );
    let ana_view: Value = choose(&ana, vec![ben_id]).await.json().await.unwrap();
    assert_eq!(ana_view["chosen"], json!([ben_id]));
    assert_eq!(ana_view["mutual"], json!([]));
    let ben_view: Value = choose(&ben, vec![ana_id]).await.json().await.unwrap();
    assert_eq!(ben_view["mutual"][0]["name"], "Ana");

    let console: Value = app
        .call(
            "/api/facilitate/console",
            &[("session_id", &id.to_string())],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(console["snapshot"]["mutual_pairs"], 1);
    assert_eq!(console["snapshot"]["choosers"], 2);
    assert!(console["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let snapshot = serde_json::to_string(&console["snapshot"]).unwrap();
    assert!(
        !snapshot.contains("@example.org") && !snapshot.contains("registration project"),
        "the public snapshot carries no emails or notes"
    );

    // The facilitator's record of the workshop: tables and mutual follow-ups, no notes; not for phones.
    let csv = app
        .client
        .get(app.url(&format!("/facilitate/{id}/workshop.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "name,institution,signed_in,joined,left,round_1,mutual_follow_ups"
    );
    assert!(lines[1].starts_with("Ana,Northfield,false,"), "{csv}");
    assert!(lines[1].ends_with(",,Table 1 with Ben,Ben"), "{csv}");
    assert!(lines[2].ends_with(",,Table 1 with Ana,Ana"), "{csv}");
    assert!(!csv.contains("registration project"), "notes stay private");
    let from_a_phone = ana
        .get(app.url(&format!("/facilitate/{id}/workshop.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(from_a_phone.status(), StatusCode::UNAUTHORIZED);

    // An admin invites the mutual pair to apply to an open cycle: one email each; a closed cycle is refused.
    let program = crate::programs::admin_with_program(&app).await;
    let open = crate::programs::add_cycle(&app, program, "Spring", -1, 10).await;
    let past = crate::programs::add_cycle(&app, program, "Last fall", -40, -20).await;
    let refused = app
        .call_json(
            "/api/admin/invite_speed_pairs",
            &json!({ "session_id": id, "cycle_id": past }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let invited: u32 = app
        .call_json(
            "/api/admin/invite_speed_pairs",
            &json!({ "session_id": id, "cycle_id": open }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(invited, 2);
    let outbox = outbox_email::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    let invitation = outbox
        .iter()
        .find(|email| email.to_address == "ben@example.org")
        .expect("Ben is invited");
    assert!(
        invitation.body.contains("Ana") && invitation.body.contains(&format!("/cycles/{open}"))
    );

    let emailed = call_json_with(
        &ana,
        &app.url("/api/room/email_notes"),
        &json!({ "code": code, "email": "not an email" }),
    )
    .await;
    assert_eq!(emailed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let emailed = call_json_with(
        &ana,
        &app.url("/api/room/email_notes"),
        &json!({ "code": code, "email": "ana@example.org" }),
    )
    .await;
    assert_eq!(emailed.status(), StatusCode::OK);
    let outbox = outbox_email::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(outbox
        .iter()
        .any(|email| email.to_address == "ana@example.org"
            && email.body.contains("lead the registration project")
            && email
                .body
                .contains("- How did it feel?\n  Equal, both ways.")));
}

async fn a_signed_in_member_is_the_same_participant_on_every_device(app: TestApp) {
    let (_, code) = facilitator_with_session(&app, 2, "Trio").await;
    app.create_user("Ana Lima", "ana@example.edu", Role::Member)
        .await;
    let signed_in = |app: &TestApp| {
        let (client, _) = app.new_client();
        let url = app.url("/api/sign_in");
        async move {
            call_with(
                &client,
                &url,
                &[("email", "ana@example.edu"), ("password", PASSWORD)],
            )
            .await;
            client
        }
    };
    let laptop = signed_in(&app).await;
    let joined = call_with(
        &laptop,
        &app.url("/api/room/join"),
        &[
            ("code", &code),
            ("name", "Ana"),
            ("email", ""),
            ("institution", ""),
        ],
    )
    .await;
    assert!(joined.status().is_success() || joined.status().is_redirection());
    let first: Value = me(&app, &laptop, &code).await.json().await.unwrap();
    // Her phone has no participant cookie, but it is her account: the same seat, notes and all.
    let phone = signed_in(&app).await;
    let second: Value = me(&app, &phone, &code).await.json().await.unwrap();
    assert_eq!(first["participant_id"], second["participant_id"]);
    // Joining again (from the phone) does not add a second person to the room.
    call_with(
        &phone,
        &app.url("/api/room/join"),
        &[
            ("code", &code),
            ("name", "Ana Lima"),
            ("email", ""),
            ("institution", ""),
        ],
    )
    .await;
    let screen: Value = call_with(&phone, &app.url("/api/room/screen"), &[("code", &code)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(screen["snapshot"]["participants"], 1);
    let after: Value = me(&app, &phone, &code).await.json().await.unwrap();
    assert_eq!(after["name"], "Ana Lima");
    assert_eq!(after["participant_id"], first["participant_id"]);
}

async fn wrong_codes_are_throttled_per_client_address_on_every_room_route(app: TestApp) {
    let (_, code) = facilitator_with_session(&app, 2, "Trio").await;
    let guess = |from: &'static str, path: String| {
        let app = &app;
        async move {
            let (client, _) = app.new_client();
            let request = if path.starts_with("/api/") {
                client.post(app.url(&path)).form(&[
                    ("code", "ZZZZZZ"),
                    ("name", "Guesser"),
                    ("email", ""),
                    ("institution", ""),
                ])
            } else {
                client.get(app.url(&path))
            };
            let response = request
                .header("x-forwarded-for", from)
                .send()
                .await
                .unwrap();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            (response.status(), retry_after)
        }
    };
    let routes = ["/api/room/join", "/api/room/screen", "/room/ZZZZZZ/events"];
    for i in 0..20 {
        let path = routes[i % routes.len()].to_owned();
        assert_eq!(
            guess("198.51.100.40", path).await.0,
            StatusCode::NOT_FOUND,
            "guess {i}"
        );
    }
    for path in routes {
        let (status, retry_after) = guess("198.51.100.40", path.to_owned()).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(retry_after.is_some_and(|s| s >= 1), "{path}");
    }
    // Even the right code waits now; another address is not affected.
    let (right, _) = guess("198.51.100.40", format!("/room/{code}/events")).await;
    assert_eq!(right, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        guess("198.51.100.41", "/api/room/join".to_owned()).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn a_removed_participant_stays_removed(app: TestApp) {
    let (id, code) = facilitator_with_session(&app, 2, "Trio").await;
    let ben = phone(&app, &code, "Ben", "").await;
    let ben_me: Value = me(&app, &ben, &code).await.json().await.unwrap();
    let removed = app
        .call_json(
            "/api/facilitate/remove_participant",
            &json!({ "session_id": id, "participant_id": ben_me["participant_id"] }),
        )
        .await;
    assert_eq!(removed.status(), StatusCode::OK);
    // His phone can neither act in the room nor join again with its cookie.
    let refused = me(&app, &ben, &code).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert!(refused.text().await.unwrap().contains("took you out"));
    let again = call_with(
        &ben,
        &app.url("/api/room/join"),
        &[
            ("code", code.as_str()),
            ("name", "Ben"),
            ("email", ""),
            ("institution", ""),
        ],
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again.text().await.unwrap().contains("took you out"));
}

async fn notes_go_only_to_the_participants_own_address_a_few_times_while_it_runs(app: TestApp) {
    let (id, code) = facilitator_with_session(&app, 2, "Trio").await;
    let ana = phone(&app, &code, "Ana", "").await;
    let email_notes = |to: &'static str| {
        let (app, ana, code) = (&app, &ana, code.clone());
        async move {
            call_json_with(
                ana,
                &app.url("/api/room/email_notes"),
                &json!({ "code": code, "email": to }),
            )
            .await
            .status()
        }
    };
    // Ana gave ana@example.org when she joined: a stranger's address is refused.
    assert_eq!(
        email_notes("victim@example.net").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    for _ in 0..3 {
        assert_eq!(email_notes("ana@example.org").await, StatusCode::OK);
    }
    assert_eq!(
        email_notes("ana@example.org").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "three times at most"
    );
    let to_victim = outbox_email::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|email| email.to_address.contains("victim"))
        .count();
    assert_eq!(to_victim, 0);

    // Once the session has ended, no more notes are sent, even for someone who never sent any.
    let ben = phone(&app, &code, "Ben", "").await;
    assert_eq!(control(&app, id, "Start").await.status(), StatusCode::OK);
    assert_eq!(control(&app, id, "End").await.status(), StatusCode::OK);
    let after_end = call_json_with(
        &ben,
        &app.url("/api/room/email_notes"),
        &json!({ "code": code, "email": "ben@example.org" }),
    )
    .await;
    assert_eq!(after_end.status(), StatusCode::CONFLICT);
}

async fn joins_from_one_address_are_capped_per_session(app: TestApp) {
    let (_, code) = facilitator_with_session(&app, 2, "Trio").await;
    let join = |i: usize| {
        let (app, code) = (&app, code.clone());
        async move {
            let (client, _) = app.new_client();
            client
                .post(app.url("/api/room/join"))
                .header("x-forwarded-for", "198.51.100.50")
                .form(&[
                    ("code", code.as_str()),
                    ("name", &format!("Person {i}")),
                    ("email", ""),
                    ("institution", ""),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for i in 0..150 {
        assert!(join(i).await.is_success(), "join {i}");
    }
    assert_eq!(join(150).await, StatusCode::TOO_MANY_REQUESTS);
}
