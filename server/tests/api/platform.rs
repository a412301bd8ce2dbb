//! Health probes, security headers and the rendered start page.

use reqwest::StatusCode;

use crate::helpers::TestApp;

crate::on_both_databases!(
    probes_answer,
    every_response_carries_security_headers,
    the_start_page_offers_sign_in,
    a_missing_page_is_a_404_that_knows_who_is_signed_in,
    pages_are_compressed_for_clients_that_accept_it,
    oversized_request_bodies_are_refused,
    personal_pages_and_answers_are_never_stored,
);

/// Pages, server function answers and exports carry `no-store`; the built files stay cacheable.
async fn personal_pages_and_answers_are_never_stored(app: TestApp) {
    app.create_user("Ana Lima", "ana@example.edu", app::types::Role::Member)
        .await;
    app.sign_in("ana@example.edu", crate::helpers::PASSWORD)
        .await;
    let account = app
        .client
        .get(app.url("/account"))
        .header("accept", "text/html")
        .send()
        .await
        .expect("get");
    assert_eq!(account.status(), StatusCode::OK);
    assert_eq!(account.headers()["cache-control"], "no-store");
    let me = app.call("/api/current_user", &[]).await;
    assert_eq!(me.headers()["cache-control"], "no-store");
    let export = app
        .client
        .get(app.url("/admin/cycles/1/applications.csv"))
        .send()
        .await
        .expect("get");
    assert_eq!(export.headers()["cache-control"], "no-store");
    let script = app
        .client
        .get(app.url("/pkg/no-such-file.js"))
        .send()
        .await
        .expect("get");
    assert_ne!(
        script.headers().get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
}

async fn oversized_request_bodies_are_refused(app: TestApp) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // Announce a 10 MB body and send none: the limit answers from the header alone, before reading it
    // (sending the body would race the server closing the connection).
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "POST /api/sign_in HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 10000000\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = vec![0u8; 64];
    let read = stream.read(&mut answer).await.expect("read");
    let status_line = String::from_utf8_lossy(&answer[..read]);
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
}

async fn probes_answer(app: TestApp) {
    let health = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("get");
    assert_eq!(health.status(), StatusCode::OK);
    let ready = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("get");
    assert_eq!(ready.status(), StatusCode::OK);
    assert!(ready.headers().contains_key("x-request-id"));
}

async fn every_response_carries_security_headers(app: TestApp) {
    for path in ["/", "/healthz", "/api/current_user", "/no-such-page"] {
        let response = if path.starts_with("/api") {
            app.client.post(app.url(path)).send().await
        } else {
            app.client.get(app.url(path)).send().await
        }
        .expect("request");
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers.contains_key("referrer-policy"), "{path}");
        let csp = headers["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    }
}

async fn the_start_page_offers_sign_in(app: TestApp) {
    let page = app
        .client
        .get(app.url("/"))
        .header("accept", "text/html")
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let html = page.text().await.expect("body");
    assert!(
        html.contains(r#"action="/api/sign_in""#),
        "a sign-in form that works without WASM"
    );
    // The hydration script carries the nonce that the CSP allows.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce in CSP");
    assert!(html.contains(&format!(r#"nonce="{nonce}""#)));
    let missing = app
        .client
        .get(app.url("/no-such-page"))
        .send()
        .await
        .expect("get");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn a_missing_page_is_a_404_that_knows_who_is_signed_in(app: TestApp) {
    app.create_user("Ana Lima", "ana@example.edu", app::types::Role::Member)
        .await;
    app.sign_in("ana@example.edu", crate::helpers::PASSWORD)
        .await;
    let missing = app
        .client
        .get(app.url("/no-such-page"))
        .send()
        .await
        .expect("get");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let html = missing.text().await.expect("body");
    assert!(html.contains("Sign out"), "the header shows Ana signed in");
    // The built files are still served, and a missing one is a 404 too.
    let script = app
        .client
        .get(app.url("/pkg/no-such-file.js"))
        .send()
        .await
        .expect("get");
    assert_eq!(script.status(), StatusCode::NOT_FOUND);
}

async fn pages_are_compressed_for_clients_that_accept_it(app: TestApp) {
    // reqwest is built without decompression here, so the header shows what the server sent.
    let page = app
        .client
        .get(app.url("/sign-up"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("get");
    assert_eq!(
        page.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
}
