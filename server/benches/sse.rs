//! SSE fan-out benchmark: N screens subscribed to one speed session over loopback; the facilitator moves to
//! the next phase; how long until the change reaches every screen.
//!
//! The whole server runs in this process (SQLite file in a temporary directory, 60 participants so each
//! snapshot carries real round tables), and so do the N clients: raw HTTP/1.1 connections reading the event
//! stream, so the clients cost as little as possible and share the same 2 cores with the server. For each N
//! (default 100, 500, 1000) it runs 20 phase changes and prints the latency percentiles over all N × 20
//! arrivals, measured from just before the control call to each client's read of the event.
//! Run with `cargo bench -p server --bench sse [-- N ...]` (needs about 2 N open files).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::api::ports::{ParticipantKey, Speed};
use app::speed::session::{Control, SessionForm, ValidJoin};
use app::types::{CurrentUser, Role, UserId, ValidSignUp};
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
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display());
        let config = Config::from_lookup(|name| match name {
            "DATABASE_URL" => Some(url.clone()),
            "SHOULDER_ADDR" => Some("127.0.0.1:0".to_owned()),
            _ => None,
        })
        .unwrap();
        let state = shoulder_server::build_state(config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(shoulder_server::serve(listener, state.clone(), std::future::pending()));
        let facilitator = facilitator(&state).await;
        println!("SSE fan-out, one session, {PARTICIPANTS} participants, {CHANGES} phase changes per N (loopback, 2 worker threads)");
        println!("{:>6} {:>10} {:>10} {:>10} {:>10} {:>12}", "N", "p50 ms", "p99 ms", "max ms", "payload B", "connect s");
        for n in sizes {
            run(&state.speed, &facilitator, addr, n).await;
        }
    });
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
    }
}

async fn run(
    speed: &shoulder_server::speed::DbSpeed,
    actor: &CurrentUser,
    addr: std::net::SocketAddr,
    n: usize,
) {
    let form = SessionForm {
        title: format!("Bench {n}"),
        rounds: 30,
        ..SessionForm::default()
    };
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
    speed.control(actor, id, Control::Start).await.unwrap();

    let started = Instant::now();
    let (ready_tx, mut ready_rx) = mpsc::channel::<()>(n);
    let (arrival_tx, mut arrival_rx) = mpsc::unbounded_channel::<Instant>();
    for _ in 0..n {
        let (ready, arrivals, code) = (ready_tx.clone(), arrival_tx.clone(), code.clone());
        tokio::spawn(async move { client(addr, &code, ready, arrivals).await });
    }
    for _ in 0..n {
        ready_rx.recv().await.unwrap();
    }
    let connect = started.elapsed();

    let mut latencies = Vec::with_capacity(n * CHANGES);
    let mut payload = 0;
    for _ in 0..CHANGES {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let sent = Instant::now();
        let snapshot = speed.control(actor, id, Control::Skip).await.unwrap();
        payload = serde_json::to_string(&snapshot).unwrap().len();
        for _ in 0..n {
            let arrived = tokio::time::timeout(Duration::from_secs(10), arrival_rx.recv())
                .await
                .expect("every client hears the change within 10 s")
                .unwrap();
            latencies.push(arrived.duration_since(sent));
        }
    }
    speed.control(actor, id, Control::End).await.unwrap();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{n:>6} {:>10.1} {:>10.1} {:>10.1} {payload:>10} {:>12.2}",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*latencies.last().unwrap()),
        connect.as_secs_f64()
    );
}

/// One screen: connects, reports ready after the first (catch-up) snapshot, then reports each event's arrival.
async fn client(
    addr: std::net::SocketAddr,
    code: &str,
    ready: mpsc::Sender<()>,
    arrivals: mpsc::UnboundedSender<Instant>,
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
                let _ = arrivals.send(now);
            }
        }
        let keep = buffer.len().min(MARK.len());
        buffer.drain(..buffer.len() - keep);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
