//! Outbox delivery against a real SMTP server on loopback: the `mailin` SMTP protocol crate behind a TCP
//! listener, which accepts mail, refuses one mailbox with 550, and records what it received.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use app::types::Role;
use chrono::{Duration, Utc};
use mailin::{response, Action, Handler, Response, SessionBuilder};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, Set};
use serde_json::{json, Value};
use shoulder_server::db::entities::outbox_email;
use shoulder_server::mail::delivery::{deliver_due, Pass};
use shoulder_server::mail::outbox::{self, Email};
use shoulder_server::mail::{MailSettings, Mailer};

use crate::helpers::{TestApp, PASSWORD};

crate::on_both_databases!(
    due_emails_are_sent_and_refusals_are_recorded,
    an_unreachable_server_is_retried_later_and_a_failed_email_can_be_queued_again,
    a_pair_and_a_trio_each_get_one_email_addressed_to_everyone,
    a_line_break_in_a_subject_never_starts_a_header,
    an_email_queued_with_a_joined_address_list_is_delivered_to_each,
    two_instances_deliver_each_of_200_emails_exactly_once,
    a_claim_is_left_to_its_instance_until_its_lease_runs_out,
);

/// One message as the SMTP server received it.
#[derive(Clone, Debug)]
struct Received {
    to: Vec<String>,
    data: String,
}

#[derive(Clone)]
struct Collect {
    store: Arc<Mutex<Vec<Received>>>,
    refused: &'static str,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collect {
    fn rcpt(&mut self, to: &str) -> Response {
        if to.contains(self.refused) {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.store.lock().unwrap().push(Received {
            to: self.to.clone(),
            data: String::from_utf8_lossy(&self.data).into_owned(),
        });
        response::OK
    }
}

/// An SMTP server on a free loopback port, one thread per connection.
fn smtp_sink(refused: &'static str) -> (SocketAddr, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let store = Arc::new(Mutex::new(Vec::new()));
    let handler = Collect {
        store: store.clone(),
        refused,
        to: Vec::new(),
        data: Vec::new(),
    };
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let handler = handler.clone();
            std::thread::spawn(move || serve_connection(stream, handler));
        }
    });
    (addr, store)
}

fn serve_connection(stream: TcpStream, handler: Collect) {
    let peer: IpAddr = stream.peer_addr().map(|a| a.ip()).unwrap();
    let mut session = SessionBuilder::new("sink.test").build(peer, handler);
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    session.greeting().write_to(&mut writer).unwrap();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
            return;
        }
        let reply = session.process(&line);
        match reply.action {
            Action::NoReply => {}
            Action::Close => {
                let _ = reply.write_to(&mut writer);
                let _ = writer.flush();
                return;
            }
            _ => {
                if reply.write_to(&mut writer).is_err() {
                    return;
                }
            }
        }
    }
}

fn mailer_for(addr: SocketAddr) -> Mailer {
    let settings = MailSettings::parse(
        &format!("smtp://{addr}"),
        "Shoulder <mentoring@example.edu>",
    )
    .unwrap();
    Mailer::new(&settings).unwrap()
}

async fn queue(app: &TestApp, to: &str, subject: &str) {
    outbox::queue(
        &app.state.db,
        Email::new(to, subject, format!("Hello,\n\nThis is \"{subject}\".\n")),
    )
    .await
    .unwrap();
}

/// The outbox in the order emails were queued (PostgreSQL returns updated rows in any order).
async fn rows(app: &TestApp) -> Vec<outbox_email::Model> {
    outbox_email::Entity::find()
        .order_by_asc(outbox_email::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn due_emails_are_sent_and_refusals_are_recorded(app: TestApp) {
    let (addr, received) = smtp_sink("nobody@");
    queue(&app, "ana@example.org", "Your application was received").await;
    queue(&app, "nobody@example.org", "Welcome").await;
    queue(&app, "not an address", "Welcome").await;

    let pass = deliver_due(&app.state.db, &mailer_for(addr), Utc::now())
        .await
        .unwrap();
    assert_eq!(
        pass,
        Pass {
            sent: 1,
            retrying: 0,
            failed: 2
        }
    );
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].to, vec!["ana@example.org"]);
    assert!(got[0]
        .data
        .contains("Subject: Your application was received"));
    assert!(got[0]
        .data
        .contains("From: Shoulder <mentoring@example.edu>"));
    assert!(got[0]
        .data
        .contains("This is \"Your application was received\"."));

    let rows = rows(&app).await;
    assert_eq!(rows[0].status, "sent");
    assert!(rows[0].sent_at.is_some());
    assert_eq!(rows[1].status, "failed", "a refused mailbox is not retried");
    assert!(rows[1]
        .last_error
        .as_deref()
        .unwrap_or_default()
        .contains("550"));
    assert_eq!(rows[2].status, "failed");
    assert!(rows[2]
        .last_error
        .as_deref()
        .unwrap_or_default()
        .contains("not an email address"));

    // Nothing is sent twice.
    let again = deliver_due(&app.state.db, &mailer_for(addr), Utc::now())
        .await
        .unwrap();
    assert_eq!(again, Pass::default());
    assert_eq!(received.lock().unwrap().len(), 1);
}

async fn an_unreachable_server_is_retried_later_and_a_failed_email_can_be_queued_again(
    app: TestApp,
) {
    // A port nobody listens on.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    queue(&app, "ben@example.org", "Meet your peer").await;
    let now = Utc::now();
    let pass = deliver_due(&app.state.db, &mailer_for(closed), now)
        .await
        .unwrap();
    assert_eq!(pass.retrying, 1);
    let row = rows(&app).await.remove(0);
    assert_eq!((row.status.as_str(), row.attempts), ("queued", 1));
    assert!(row.last_error.is_some());
    let due = row.next_attempt_at.expect("a next attempt");
    assert!(due > now && due <= now + Duration::minutes(1) + Duration::seconds(1));

    // Not due yet: nothing is tried. Once due, it goes to the server that is now up.
    let (addr, received) = smtp_sink("nobody@");
    assert_eq!(
        deliver_due(
            &app.state.db,
            &mailer_for(addr),
            now + Duration::seconds(30)
        )
        .await
        .unwrap(),
        Pass::default()
    );
    let later = deliver_due(&app.state.db, &mailer_for(addr), now + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(later.sent, 1);
    assert_eq!(received.lock().unwrap()[0].to, vec!["ben@example.org"]);
    assert_eq!(rows(&app).await[0].attempts, 2);

    // A failed email shows on the outbox page with the reason, and an admin can queue it again.
    queue(&app, "nobody@example.org", "Welcome").await;
    deliver_due(&app.state.db, &mailer_for(addr), Utc::now())
        .await
        .unwrap();
    app.create_user("Maya Okafor", "admin@example.edu", Role::Admin)
        .await;
    app.sign_in("admin@example.edu", PASSWORD).await;
    let outbox: Value = app
        .call("/api/admin/list_outbox", &[])
        .await
        .json()
        .await
        .unwrap();
    let failed = &outbox["emails"][0];
    assert_eq!(failed["status"], "failed");
    assert!(failed["last_error"].as_str().unwrap().contains("550"));
    let id = failed["id"].as_i64().unwrap();
    let retried = app
        .call_json("/api/admin/retry_email", &json!({ "email_id": id }))
        .await;
    assert_eq!(retried.status(), StatusCode::OK);
    let row = rows(&app).await.into_iter().find(|r| r.id == id).unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("queued", 0));
    let sent_one = rows(&app).await[0].id;
    let not_failed = app
        .call_json("/api/admin/retry_email", &json!({ "email_id": sent_one }))
        .await;
    assert_eq!(
        not_failed.status(),
        StatusCode::NOT_FOUND,
        "only failed emails are queued again"
    );
}

/// The header block of a received message (before the first blank line), unfolded.
fn headers(data: &str) -> String {
    let head = data.split("\r\n\r\n").next().unwrap_or_default();
    head.replace("\r\n ", " ").replace("\r\n\t", " ")
}

fn header<'a>(headers: &'a str, name: &str) -> Vec<&'a str> {
    headers
        .split("\r\n")
        .filter_map(|line| line.split_once(": "))
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
        .collect()
}

async fn a_pair_and_a_trio_each_get_one_email_addressed_to_everyone(app: TestApp) {
    let (addr, received) = smtp_sink("nobody@");
    let pair = vec![
        outbox::mailbox("Rosa Martínez", "rosa@example.edu"),
        outbox::mailbox("Kwame Mensah", "kwame@example.org"),
    ];
    let trio = vec![
        outbox::mailbox("Ana Silva", "ana@example.edu"),
        outbox::mailbox("Okafor, Ben", "ben@example.org"),
        "chloe@example.net".to_owned(),
    ];
    for (to, subject) in [
        (pair, "Meet your peer, Kwame and Rosa"),
        (trio, "Meet your peers"),
    ] {
        outbox::queue(
            &app.state.db,
            Email::to_group(
                to,
                subject,
                "Hello,\n\nYour workspace: https://m.example.edu/pairs\n",
            )
            .reply_to("mentoring@example.edu"),
        )
        .await
        .unwrap();
    }
    let pass = deliver_due(&app.state.db, &mailer_for(addr), Utc::now())
        .await
        .unwrap();
    assert_eq!(pass.sent, 2, "{pass:?}");
    // Sent concurrently: put them back in the order they were queued (the pair first).
    let mut got = received.lock().unwrap().clone();
    got.sort_by_key(|m| m.to.len());
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].to, vec!["rosa@example.edu", "kwame@example.org"]);
    assert_eq!(
        got[1].to,
        vec!["ana@example.edu", "ben@example.org", "chloe@example.net"]
    );
    let rows = rows(&app).await;
    for (message, row) in got.iter().zip(&rows) {
        let head = headers(&message.data);
        let to = header(&head, "To").join(", ");
        for address in &message.to {
            assert!(to.contains(address.as_str()), "To: {to}");
        }
        assert_eq!(header(&head, "Reply-To"), vec!["mentoring@example.edu"]);
        assert_eq!(
            header(&head, "Message-ID"),
            vec![format!(
                "<shoulder.{}.{}@example.edu>",
                row.id,
                row.created_at.timestamp()
            )
            .as_str()]
        );
        assert!(header(&head, "Content-Type")[0].starts_with("multipart/alternative"));
        assert!(message
            .data
            .contains("Content-Type: text/plain; charset=utf-8"));
        assert!(message
            .data
            .contains("Content-Type: text/html; charset=utf-8"));
        assert!(
            message.data.contains("<html lang=3D\"en\">")
                || message.data.contains("<html lang=\"en\">")
        );
    }
    // The name with a comma stayed one mailbox: lettre sends it as an encoded word ("Okafor, Ben" in base64).
    let trio_to = header(&headers(&got[1].data), "To").join(", ");
    assert!(
        trio_to.contains("=?utf-8?b?T2thZm9yLCBCZW4=?= <ben@example.org>"),
        "{trio_to}"
    );
    assert!(rows.iter().all(|r| r.status == "sent"));
}

async fn a_line_break_in_a_subject_never_starts_a_header(app: TestApp) {
    let (addr, received) = smtp_sink("nobody@");
    outbox::queue(
        &app.state.db,
        Email::new(
            "ana@example.org",
            "Notes from Ana\r\nBcc: everyone@example.org",
            "Hello",
        ),
    )
    .await
    .unwrap();
    deliver_due(&app.state.db, &mailer_for(addr), Utc::now())
        .await
        .unwrap();
    let got = received.lock().unwrap().clone();
    assert_eq!(got[0].to, vec!["ana@example.org"]);
    let head = headers(&got[0].data);
    assert!(header(&head, "Bcc").is_empty(), "{head}");
    assert_eq!(
        header(&head, "Subject"),
        vec!["Notes from Ana Bcc: everyone@example.org"]
    );
}

async fn an_email_queued_with_a_joined_address_list_is_delivered_to_each(app: TestApp) {
    // What introductions looked like before recipient lists: one string, addresses joined by ", ".
    let (addr, received) = smtp_sink("nobody@");
    queue(&app, "a@example.org, b@example.org", "Meet your peer").await;
    let pass = deliver_due(&app.state.db, &mailer_for(addr), Utc::now())
        .await
        .unwrap();
    assert_eq!(pass.sent, 1);
    assert_eq!(
        received.lock().unwrap()[0].to,
        vec!["a@example.org", "b@example.org"]
    );
}

/// Two instances' delivery workers, each with its own connection pool to the one database, passing at the same
/// time until the outbox is empty: the SMTP server receives every email once.
async fn two_instances_deliver_each_of_200_emails_exactly_once(app: TestApp) {
    let (addr, received) = smtp_sink("nobody@");
    for n in 0..200 {
        queue(
            &app,
            &format!("member{n}@example.org"),
            &format!("Introduction {n}"),
        )
        .await;
    }
    let second = shoulder_server::db::connect(&app.state.config.database_url)
        .await
        .expect("a second instance's pool");
    let (mailer_a, mailer_b) = (mailer_for(addr), mailer_for(addr));
    let worker = |db: DatabaseConnection, mailer: Mailer| async move {
        let mut sent = 0;
        // A pass sends up to a batch; an empty pass means nothing was left to claim.
        loop {
            let pass = deliver_due(&db, &mailer, Utc::now()).await.expect("pass");
            if pass.handled() == 0 {
                return sent;
            }
            sent += pass.sent;
        }
    };
    let (a, b) = tokio::join!(
        worker(app.state.db.clone(), mailer_a),
        worker(second.clone(), mailer_b)
    );
    assert_eq!(a + b, 200, "instance A sent {a}, B sent {b}");
    let received = received.lock().unwrap().clone();
    let mut recipients: Vec<String> = received.iter().flat_map(|r| r.to.clone()).collect();
    assert_eq!(recipients.len(), 200);
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 200, "no address received two emails");
    assert!(rows(&app).await.iter().all(|row| row.status == "sent"));
    second.close().await.ok();
}

/// An email another instance is sending stays with it; one whose claim ran out (its process stopped mid-send)
/// is queued again by the next pass and delivered.
async fn a_claim_is_left_to_its_instance_until_its_lease_runs_out(app: TestApp) {
    let (addr, received) = smtp_sink("nobody@");
    queue(&app, "busy@example.org", "Being sent elsewhere").await;
    queue(&app, "stale@example.org", "Left half-sent").await;
    let now = Utc::now();
    let [busy, stale] = <[outbox_email::Model; 2]>::try_from(rows(&app).await).expect("two rows");
    for (row, lease_ends) in [
        (&busy, now + Duration::minutes(5)),
        (&stale, now - Duration::minutes(1)),
    ] {
        let mut claimed: outbox_email::ActiveModel = row.clone().into();
        claimed.status = Set("sending".to_owned());
        claimed.next_attempt_at = Set(Some(lease_ends));
        claimed.update(&app.state.db).await.unwrap();
    }
    let pass = deliver_due(&app.state.db, &mailer_for(addr), now)
        .await
        .unwrap();
    assert_eq!(pass.sent, 1);
    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, ["stale@example.org"]);
    let statuses: Vec<String> = rows(&app).await.into_iter().map(|r| r.status).collect();
    assert_eq!(statuses, ["sending", "sent"]);
}
