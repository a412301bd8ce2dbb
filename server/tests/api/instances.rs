//! Several instances on one PostgreSQL database: a change made on one reaches the screens connected to the
//! other; the workshop timer has one owner and moves to another instance when its owner is killed; a draining
//! instance fails readiness and sends its screens elsewhere. PostgreSQL only (SQLite is one process).

use std::process::Stdio;
use std::time::Duration;

use app::speed::timer::{phases, PhaseKind, Settings, TimerState};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::json;
use shoulder_server::db::entities::{job_lease, speed_session};
use tokio::process::{Child, Command};

use crate::helpers::{free_port, fresh_postgres_database, spawn_app_on, TestApp};
use crate::speed::{control, facilitator_with_session, phase_of, phone, store_timer, Events};
use crate::workspace::{next_change, Member};

/// A `shoulder` process serving the database at `database_url`, its public address shared with `peer` (as behind
/// one balancer, so the browsers' `Origin` is the same on both).
struct Process {
    child: Child,
    base: String,
}

impl Process {
    async fn start(database_url: &str, peer: &TestApp, settings: &[(&str, &str)]) -> Self {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut command = Command::new(env!("CARGO_BIN_EXE_shoulder"));
        command
            .env("DATABASE_URL", database_url)
            .env("SHOULDER_ADDR", format!("127.0.0.1:{port}"))
            .env("SHOULDER_PUBLIC_URL", &peer.base)
            .env("SHOULDER_TRUSTED_PROXIES", "127.0.0.1")
            .env("SHOULDER_LOG", "warn")
            .env_remove("SHOULDER_SMTP_URL")
            .stdout(Stdio::null())
            .kill_on_drop(true);
        for (name, value) in settings {
            command.env(name, value);
        }
        let child = command.spawn().expect("shoulder starts");
        let process = Process { child, base };
        process.until_ready().await;
        process
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn pid(&self) -> u32 {
        self.child.id().expect("running")
    }

    async fn until_ready(&self) {
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(response) = client.get(self.url("/readyz")).send().await {
                if response.status() == StatusCode::OK {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the second instance did not become ready in 30 s");
    }
}

/// Who holds the timer of session `id`, if anyone.
async fn timer_holder(app: &TestApp, id: i64) -> Option<String> {
    job_lease::Entity::find_by_id(format!("speed-timer:{id}"))
        .one(&app.state.db)
        .await
        .unwrap()
        .map(|lease| lease.holder)
}

/// Rewrites the stored timer: the current phase (of a session with `settings`) ends `in_ms` from now.
async fn phase_ends_in(app: &TestApp, id: i64, in_ms: i64) {
    let session = speed_session::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut timer: TimerState = serde_json::from_str(&session.timer).unwrap();
    let length = timer.length_ms.expect("a timed phase");
    timer.started_at = chrono::Utc::now().timestamp_millis() - length + in_ms;
    store_timer(app, id, &timer).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_change_on_one_instance_reaches_the_screens_on_the_other() {
    let Some(url) = fresh_postgres_database().await else {
        return;
    };
    let a = spawn_app_on(url.clone(), None, &[]).await;
    let b = spawn_app_on(url, None, &[]).await;

    // A pair's workspace (the demo's, seeded into the still empty database): Rosa has it open on A, Kwame
    // adds a goal on B.
    let (_, _, _, pair) = crate::workspace::rosa_and_kwame(&a).await;
    let rosa = Member::sign_in(&a, "rosa@example.edu").await;
    let kwame = Member::sign_in(&b, "kwame@example.edu").await;
    let mut stream = rosa.events(&a, pair).await;
    let (status, body) = kwame
        .post(
            "/api/pairs/add_goal",
            json!({ "pair_id": pair, "form": { "title": "Lead the transcript project",
                "why": "Faculty need to trust it", "target_on": "2027-06-30", "owner": "Me" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    next_change(&mut stream).await;

    // A workshop run from B, three screens on A and one on B.
    let (id, code) = facilitator_with_session(&b, 1, "Trio").await;
    for name in ["Ana", "Ben", "Chloe"] {
        phone(&b, &code, name, "").await;
    }
    let mut on_a = Vec::new();
    for _ in 0..3 {
        on_a.push(Events::open(&a, &code).await);
    }
    let mut on_b = Events::open(&b, &code).await;
    for events in on_a.iter_mut().chain([&mut on_b]) {
        assert_eq!(events.next().await.participants, 3);
    }
    // Someone joining on A is counted on B's screen.
    phone(&a, &code, "Dev", "").await;
    assert_eq!(on_b.until(|s| s.participants == 4).await.participants, 4);

    for (press, reached) in [
        ("Start", Some(PhaseKind::Preparation)),
        ("Skip", Some(PhaseKind::Round(1))),
        ("Skip", Some(PhaseKind::WrapUp)),
    ] {
        assert_eq!(control(&b, id, press).await.status(), StatusCode::OK);
        for events in &mut on_a {
            let seen = events.until(|s| phase_of(s) == reached).await;
            if reached == Some(PhaseKind::Round(1)) {
                let seated: usize = seen
                    .round
                    .as_ref()
                    .map_or(0, |r| r.tables.iter().map(|t| t.seats.len()).sum());
                assert_eq!(seated, 4, "the round is seated once, for everyone");
            }
        }
    }
    assert_eq!(control(&b, id, "End").await.status(), StatusCode::OK);
    for events in &mut on_a {
        assert!(events.until(|s| s.timer.ended).await.timer.ended);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_timer_moves_to_another_instance_when_its_owner_is_killed() {
    let Some(url) = fresh_postgres_database().await else {
        return;
    };
    // B in this process (the facilitator's), A a separate `shoulder` process (the phones').
    let b = spawn_app_on(url.clone(), None, &[]).await;
    let mut a = Process::start(&url, &b, &[]).await;
    let (id, code) = facilitator_with_session(&b, 1, "Trio").await;
    for name in ["Ana", "Ben", "Chloe", "Dev"] {
        phone(&b, &code, name, "").await;
    }
    // The preparation under way, ending in 3 s; nobody presses anything: the timer's owner ends it.
    let settings = Settings {
        prep_minutes: 3,
        rounds: 1,
        round_minutes: 6,
        break_minutes: 0,
    };
    let mut timer = TimerState::not_started();
    timer.start(&phases(&settings), chrono::Utc::now().timestamp_millis());
    store_timer(&b, id, &timer).await;
    phase_ends_in(&b, id, 3_000).await;

    let phones = reqwest::Client::new();
    let mut screens = Vec::new();
    for _ in 0..4 {
        screens.push(Events::open_at(&phones, &a.url(&format!("/room/{code}/events"))).await);
    }
    for events in &mut screens {
        assert_eq!(phase_of(&events.next().await), Some(PhaseKind::Preparation));
    }
    // A's ticker (started by its screens) holds the timer and ends the preparation on time.
    for events in &mut screens {
        let round = events
            .until(|s| phase_of(s) == Some(PhaseKind::Round(1)) && s.round.is_some())
            .await;
        assert_eq!(round.round.as_ref().map(|r| r.tables.len()), Some(2));
    }
    let owner = timer_holder(&b, id).await.expect("an owner");
    assert!(
        owner.starts_with(&format!("{}-", a.pid())),
        "A owns the timer: {owner}"
    );

    // The round now ends in 9 s; A is killed at once, without a chance to hand anything over.
    phase_ends_in(&b, id, 9_000).await;
    a.child.start_kill().expect("SIGKILL");
    a.child.wait().await.expect("A is gone");
    for events in &mut screens {
        events.rest().await; // A's streams are cut
    }

    // The phones reconnect to B, still in round 1; B takes the timer over and ends the round on time.
    let mut screens = Vec::new();
    for _ in 0..4 {
        screens.push(Events::open_at(&phones, &b.url(&format!("/room/{code}/events"))).await);
    }
    for events in &mut screens {
        assert_eq!(phase_of(&events.next().await), Some(PhaseKind::Round(1)));
    }
    for events in &mut screens {
        // The round ends 9 s after the kill; B's takeover takes up to 8 s (the lease, then a look every 2 s).
        let wrap = events
            .until_within(Duration::from_secs(20), |s| {
                phase_of(s) == Some(PhaseKind::WrapUp)
            })
            .await;
        assert!(wrap.round.is_none());
    }
    // The wrap-up has no end: B lets go of the timer once the round is over.
    for _ in 0..50 {
        if timer_holder(&b, id).await.is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(timer_holder(&b, id).await, None);
    // The facilitator's controls keep working on B.
    assert_eq!(control(&b, id, "End").await.status(), StatusCode::OK);
    for events in &mut screens {
        assert!(events.until(|s| s.timer.ended).await.timer.ended);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_draining_instance_fails_readiness_and_sends_its_screens_elsewhere() {
    let Some(url) = fresh_postgres_database().await else {
        return;
    };
    let b = spawn_app_on(url.clone(), None, &[]).await;
    let mut a = Process::start(&url, &b, &[("SHOULDER_DRAIN_SECONDS", "2")]).await;
    let (_, code) = facilitator_with_session(&b, 1, "Trio").await;
    let client = reqwest::Client::new();
    let events_url = a.url(&format!("/room/{code}/events"));
    let mut screen = Events::open_at(&client, &events_url).await;
    screen.next().await;

    let terminated = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", a.pid())])
        .status()
        .expect("kill runs");
    assert!(terminated.success());
    // The open stream ends with a hint to reconnect soon.
    let tail = screen.rest().await;
    assert!(tail.contains("retry: 500"), "{tail:?}");
    // While draining: not ready, and new streams are refused so a balancer sends them to another instance.
    let ready = client
        .get(a.url("/readyz"))
        .send()
        .await
        .expect("still serving");
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.text().await.unwrap(), "draining");
    let refused = client.get(&events_url).send().await.expect("still serving");
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers()["retry-after"], "1");
    // Then it stops cleanly within its grace period.
    let status = tokio::time::timeout(Duration::from_secs(10), a.child.wait())
        .await
        .expect("stops within 10 s")
        .expect("exit status");
    assert!(status.success(), "{status}");
}

/// nginx from Debian with `deploy/nginx/shoulder.conf` (its port rewritten) in front of two instances.
struct Proxy {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Proxy {
    /// `None` (the test is skipped) where nginx is not installed, unless the run requires it.
    async fn start(first: &str, second: &str) -> Option<Self> {
        let nginx = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"]
            .into_iter()
            .find(|path| std::path::Path::new(path).exists());
        let Some(nginx) = nginx else {
            assert!(
                std::env::var("SHOULDER_TEST_REQUIRE_NGINX").as_deref() != Ok("1"),
                "SHOULDER_TEST_REQUIRE_NGINX=1 but nginx is not installed"
            );
            eprintln!("skipped: nginx is not installed");
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let host = |base: &str| base.trim_start_matches("http://").to_owned();
        let site = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../deploy/nginx/shoulder.conf"
        ))
        .expect("deploy/nginx/shoulder.conf")
        .replace("listen 8080;", &format!("listen 127.0.0.1:{port};"));
        let upstreams = format!(
            "upstream shoulder {{\n  server {} max_fails=1 fail_timeout=5s;\n  \
             server {} max_fails=1 fail_timeout=5s;\n  keepalive 32;\n}}\n",
            host(first),
            host(second)
        );
        let root = dir.path().display();
        std::fs::write(dir.path().join("shoulder.conf"), site).expect("site");
        std::fs::write(dir.path().join("upstreams.conf"), upstreams).expect("upstreams");
        std::fs::write(
            dir.path().join("nginx.conf"),
            format!(
                "daemon off;\nmaster_process off;\nworker_processes 1;\npid {root}/nginx.pid;\nerror_log {root}/error.log warn;\n\
                 events {{ worker_connections 512; }}\n\
                 http {{\n  access_log off;\n  client_body_temp_path {root}/body;\n  proxy_temp_path {root}/proxy;\n  \
                 fastcgi_temp_path {root}/fastcgi;\n  uwsgi_temp_path {root}/uwsgi;\n  scgi_temp_path {root}/scgi;\n  \
                 include {root}/upstreams.conf;\n  include {root}/shoulder.conf;\n}}\n"
            ),
        )
        .expect("nginx.conf");
        let child = Command::new(nginx)
            .args(["-p", &root.to_string(), "-c", &format!("{root}/nginx.conf")])
            // One process (no master, see above), so that killing it leaves no worker behind.
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("nginx starts");
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if client.get(format!("{base}/healthz")).send().await.is_ok() {
                return Some(Proxy {
                    child,
                    base,
                    _dir: dir,
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("nginx did not answer in 10 s");
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn through_the_proxy_phones_reach_both_instances_and_move_when_one_is_killed() {
    let Some(url) = fresh_postgres_database().await else {
        return;
    };
    let b = spawn_app_on(url.clone(), None, &[]).await;
    let mut a = Process::start(&url, &b, &[]).await;
    let Some(mut proxy) = Proxy::start(&a.base, &b.base).await else {
        return;
    };
    let (id, code) = facilitator_with_session(&b, 1, "Trio").await;
    let events_url = proxy.url(&format!("/room/{code}/events"));
    let phones = reqwest::Client::new();
    let mut screens = Vec::new();
    for _ in 0..6 {
        let mut events = Events::open_at(&phones, &events_url).await;
        events.next().await;
        screens.push(events);
    }
    let on_b = b.state.speed.hub().screens(id);
    assert!(
        (1..6).contains(&on_b),
        "the proxy spreads screens over both instances: {on_b} of 6 on B"
    );
    // A press on B reaches every screen, through either instance and nginx, as it happens.
    assert_eq!(control(&b, id, "Start").await.status(), StatusCode::OK);
    for events in &mut screens {
        let prep = events.until(|s| s.timer.phase.is_some()).await;
        assert_eq!(phase_of(&prep), Some(PhaseKind::Preparation));
    }

    a.child.start_kill().expect("SIGKILL");
    a.child.wait().await.expect("A is gone");
    // The phones reconnect through the proxy: all land on B, in the same phase, and keep following.
    let mut screens = Vec::new();
    for _ in 0..6 {
        let mut events = Events::open_at(&phones, &events_url).await;
        assert_eq!(phase_of(&events.next().await), Some(PhaseKind::Preparation));
        screens.push(events);
    }
    assert!(b.state.speed.hub().screens(id) >= 6);
    assert_eq!(control(&b, id, "Skip").await.status(), StatusCode::OK);
    for events in &mut screens {
        events
            .until(|s| phase_of(s) == Some(PhaseKind::Round(1)))
            .await;
    }
    proxy.child.start_kill().ok();
}
