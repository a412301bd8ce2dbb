//! SSE fan-out benchmark: N screens subscribed to one speed session over loopback; the facilitator moves to
//! the next phase; how long until the change reaches every screen.
//!
//! The N clients are raw HTTP/1.1 connections reading the event stream, so they cost as little as possible; 60
//! participants have joined, so each snapshot carries real round tables. For each N (default 100, 500, 1000) it runs
//! 20 phase changes and prints the latency percentiles over all N × 20 arrivals, measured from just before the
//! facilitator's control call to each client's read of the event.
//!
//! With `SSE_BENCH_SERVER=http://host:port` the server is another process (`scripts/bench-fanout` starts the
//! release build with the demo data): the facilitator signs in as the demo's and presses "Next" through the HTTP
//! API, as the console does. Without it the server runs in this process on a temporary SQLite file.
//! With `SSE_BENCH_SCREENS=http://a:p,http://b:q` as well, the screens are split evenly between those servers
//! (instances on one PostgreSQL database, `scripts/bench-fanout-instances`): the press reaches the screens on the
//! other instance through PostgreSQL `NOTIFY`.
//! Run with `cargo bench -p server --bench sse [-- N ...]` (needs about N open files, 2 N in one process).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::api::ports::{ParticipantKey, Participants, Workshops};
use app::speed::session::{Control, SessionForm, ValidJoin};
use app::types::{CurrentUser, Role, SessionId, UserId, ValidSignUp};
use shoulder_server::config::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

const CHANGES: usize = 20;
const PARTICIPANTS: usize = 60;
const MARK: &str = "event: snapshot";

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 500, 1000]
    } else {
        sizes
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (facilitator, addr, place) = match std::env::var("SSE_BENCH_SERVER") {
            Ok(base) => (Facilitator::over_http(&base).await, address_of(&base), "server in another process"),
            Err(_) => {
                let (facilitator, addr) = Facilitator::in_process().await;
                (facilitator, addr, "server in this process")
            }
        };
        let screens: Vec<std::net::SocketAddr> = match std::env::var("SSE_BENCH_SCREENS") {
            Ok(list) => list.split(',').map(address_of).collect(),
            Err(_) => vec![addr],
        };
        let place = if screens.len() > 1 {
            format!("screens split over {} instances, the press on the first", screens.len())
        } else {
            place.to_owned()
        };
        println!("SSE fan-out, one session, {PARTICIPANTS} participants, {CHANGES} phase changes per N (loopback, {place})");
        println!("{:>6} {:>10} {:>10} {:>10} {:>10} {:>12}", "N", "p50 ms", "p99 ms", "max ms", "payload B", "connect s");
        for n in sizes {
            run(&facilitator, &screens, n).await;
        }
    });
}

fn address_of(base: &str) -> std::net::SocketAddr {
    base.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("SSE_BENCH_SERVER is http://IP:PORT")
}

/// Whoever runs the session: the server's own API in this process, or the HTTP API of another process.
enum Facilitator {
    InProcess {
        speed: shoulder_server::speed::DbSpeed,
        actor: CurrentUser,
        _dir: tempfile::TempDir,
    },
    Http {
        client: reqwest::Client,
        base: String,
    },
}

impl Facilitator {
    async fn in_process() -> (Self, std::net::SocketAddr) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        );
        let config = Config::from_lookup(|name| match name {
            "DATABASE_URL" => Some(url.clone()),
            "SHOULDER_ADDR" => Some("127.0.0.1:0".to_owned()),
            _ => None,
        })
        .unwrap();
        let state = shoulder_server::build_state(config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(shoulder_server::serve(
            listener,
            state.clone(),
            std::future::pending(),
        ));
        let actor = facilitator(&state).await;
        (
            Facilitator::InProcess {
                speed: state.speed.clone(),
                actor,
                _dir: dir,
            },
            addr,
        )
    }

    /// Signs in as the demo facilitator of the server at `base`.
    async fn over_http(base: &str) -> Self {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let _: serde_json::Value = post(&client, base, "sign_in", |r| {
            r.form(&[
                ("email", "facilitator@example.edu"),
                ("password", "shoulder-demo"),
            ])
        })
        .await;
        Facilitator::Http {
            client,
            base: base.to_owned(),
        }
    }

    /// A new session with `PARTICIPANTS` joined: its id and join code.
    async fn session(&self, title: String) -> (i64, String) {
        let form = SessionForm {
            title,
            rounds: 30,
            ..SessionForm::default()
        };
        match self {
            Facilitator::InProcess { speed, actor, .. } => {
                let id = speed.create_session(actor, form).await.unwrap();
                let code = speed.console(actor, id).await.unwrap().snapshot.code;
                for i in 0..PARTICIPANTS {
                    let join = ValidJoin {
                        name: format!("Participant {i}"),
                        email: None,
                        institution: Some(format!("College {}", i % 25)),
                    };
                    speed
                        .join(&code, &ParticipantKey::default(), join)
                        .await
                        .unwrap();
                }
                (id.0, code)
            }
            Facilitator::Http { client, base } => {
                let id: i64 = post(client, base, "facilitate/create_session", |r| {
                    r.json(&serde_json::json!({ "form": form }))
                })
                .await;
                let console: serde_json::Value = post(client, base, "facilitate/console", |r| {
                    r.form(&[("session_id", id.to_string())])
                })
                .await;
                let code = console["snapshot"]["code"].as_str().unwrap().to_owned();
                for i in 0..PARTICIPANTS {
                    // Each participant on their own "phone": a client without the facilitator's cookies.
                    let _: serde_json::Value =
                        post(&reqwest::Client::new(), base, "room/join", |r| {
                            r.form(&[
                                ("code", code.clone()),
                                ("name", format!("Participant {i}")),
                                ("email", String::new()),
                                ("institution", format!("College {}", i % 25)),
                            ])
                        })
                        .await;
                }
                (id, code)
            }
        }
    }

    /// Presses a control; returns the snapshot's size in bytes.
    async fn control(&self, id: i64, control: Control) -> usize {
        match self {
            Facilitator::InProcess { speed, actor, .. } => {
                let snapshot = speed.control(actor, SessionId(id), control).await.unwrap();
                serde_json::to_string(&snapshot).unwrap().len()
            }
            Facilitator::Http { client, base } => {
                let snapshot: serde_json::Value = post(client, base, "facilitate/control", |r| {
                    r.json(&serde_json::json!({ "session_id": id, "control": control }))
                })
                .await;
                snapshot.to_string().len()
            }
        }
    }
}

async fn facilitator(state: &shoulder_server::state::AppState) -> CurrentUser {
    let form = ValidSignUp {
        name: "Fran Facilitator".into(),
        email: "fran@example.edu".into(),
        password: "a long enough password".into(),
        institution_name: "Lakeside".into(),
        institution_type: "Other".into(),
    };
    let user = state
        .accounts
        .create_user(&form, Role::Facilitator)
        .await
        .unwrap();
    CurrentUser {
        id: UserId(user.id),
        name: form.name,
        email: form.email,
        role: Role::Facilitator,
        institution_name: form.institution_name,
        institution_type: form.institution_type,
        email_verified: true,
        two_step: false,
        two_step_required: false,
    }
}

async fn run(facilitator: &Facilitator, screens: &[std::net::SocketAddr], n: usize) {
    let (id, code) = facilitator.session(format!("Bench {n}")).await;
    facilitator.control(id, Control::Start).await;

    let started = Instant::now();
    let (ready_tx, mut ready_rx) = mpsc::channel::<()>(n);
    let (arrival_tx, mut arrival_rx) = mpsc::unbounded_channel::<(usize, Instant)>();
    for i in 0..n {
        let (ready, arrivals, code) = (ready_tx.clone(), arrival_tx.clone(), code.clone());
        let instance = i % screens.len();
        let addr = screens[instance];
        tokio::spawn(async move { client(addr, instance, &code, ready, arrivals).await });
    }
    for _ in 0..n {
        ready_rx.recv().await.unwrap();
    }
    let connect = started.elapsed();

    let mut latencies = Vec::with_capacity(n * CHANGES);
    let mut by_instance = vec![Vec::new(); screens.len()];
    let mut payload = 0;
    for _ in 0..CHANGES {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let sent = Instant::now();
        payload = facilitator.control(id, Control::Skip).await;
        for _ in 0..n {
            let (instance, arrived) =
                tokio::time::timeout(Duration::from_secs(10), arrival_rx.recv())
                    .await
                    .expect("every client hears the change within 10 s")
                    .unwrap();
            latencies.push(arrived.duration_since(sent));
            by_instance[instance].push(arrived.duration_since(sent));
        }
    }
    facilitator.control(id, Control::End).await;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (p50, p99, max) = percentiles(&mut latencies);
    println!(
        "{n:>6} {:>10.1} {:>10.1} {:>10.1} {payload:>10} {:>12.2}",
        ms(p50),
        ms(p99),
        ms(max),
        connect.as_secs_f64()
    );
    if screens.len() > 1 {
        for (instance, latencies) in by_instance.iter_mut().enumerate() {
            let (p50, p99, max) = percentiles(latencies);
            let which = if instance == 0 {
                "pressed here"
            } else {
                "via NOTIFY"
            };
            println!(
                "{:>6} {:>10.1} {:>10.1} {:>10.1}   instance {} ({which})",
                "",
                ms(p50),
                ms(p99),
                ms(max),
                instance + 1
            );
        }
    }
}

/// The median, 99th percentile and maximum of `latencies` (sorted in place; not empty).
fn percentiles(latencies: &mut [Duration]) -> (Duration, Duration, Duration) {
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1)];
    (at(0.50), at(0.99), latencies[latencies.len() - 1])
}

/// Calls a server function of the HTTP API (the body set by `body`, as a form or JSON) and reads its JSON answer.
async fn post<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    base: &str,
    endpoint: &str,
    body: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
) -> T {
    let answer = body(
        client
            .post(format!("{base}/api/{endpoint}"))
            .header("Origin", base),
    )
    .send()
    .await
    .unwrap();
    assert!(
        answer.status().is_success(),
        "{endpoint}: {}",
        answer.status()
    );
    answer.json().await.unwrap()
}

/// One screen: connects, reports ready after the first (catch-up) snapshot, then reports each event's arrival.
async fn client(
    addr: std::net::SocketAddr,
    instance: usize,
    code: &str,
    ready: mpsc::Sender<()>,
    arrivals: mpsc::UnboundedSender<(usize, Instant)>,
) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /room/{code}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buffer = Vec::with_capacity(16 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut seen = 0usize;
    let ready = Arc::new(ready);
    loop {
        let Ok(read) = stream.read(&mut chunk).await else {
            return;
        };
        if read == 0 {
            return;
        }
        let now = Instant::now();
        buffer.extend_from_slice(&chunk[..read]);
        // Count complete markers; keep a tail shorter than the marker for one split across reads.
        while let Some(at) = find(&buffer, MARK.as_bytes()) {
            buffer.drain(..at + MARK.len());
            seen += 1;
            if seen == 1 {
                let _ = ready.send(()).await;
            } else {
                let _ = arrivals.send((instance, now));
            }
        }
        let keep = buffer.len().min(MARK.len());
        buffer.drain(..buffer.len() - keep);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
