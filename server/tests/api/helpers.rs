//! `spawn_app`: a fresh database (a SQLite file, or a new PostgreSQL database), migrations, the server on
//! port 0, and an HTTP client with its own cookie jar.
//!
//! PostgreSQL tests need `SHOULDER_TEST_POSTGRES_URL` (a URL whose user may create databases, e.g.
//! `postgres://shoulder:shoulder@127.0.0.1:5432/postgres`); `scripts/test` starts a server and sets it. Without
//! it they are skipped, unless `SHOULDER_TEST_REQUIRE_POSTGRES=1`, which makes a missing server a failure.

#![allow(dead_code)]

use std::sync::Arc;

use app::types::{Role, ValidSignUp};
use reqwest::header::{HeaderMap, ACCEPT, ORIGIN};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use shoulder_server::config::Config;
use shoulder_server::state::AppState;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub client: reqwest::Client,
    pub jar: Arc<reqwest::cookie::Jar>,
    _dir: Option<tempfile::TempDir>,
}

pub const PASSWORD: &str = "a long enough password";

/// A port nothing listens on now, for a process the test starts (it binds the port itself).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Runs each named `async fn(TestApp)` once per backend, as `sqlite::name` and `postgres::name`.
/// `settings [("SHOULDER_X", "value"), …];` first runs them on a server configured with those variables.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $crate::on_both_databases!(settings []; $($name),*);
    };
    (settings $settings:tt; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::spawn_app_with($crate::helpers::Backend::Sqlite, &$settings)
                        .await
                        .expect("sqlite app");
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) =
                        $crate::helpers::spawn_app_with($crate::helpers::Backend::Postgres, &$settings).await
                    {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}

/// A running app on `backend`, or `None` when PostgreSQL is not configured (and not required).
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
}

/// [`spawn_app`] with these environment `settings` added to the test configuration.
pub async fn spawn_app_with(backend: Backend, settings: &[(&str, &str)]) -> Option<TestApp> {
    // Server-side errors (logged, never sent to clients) show in a failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("shoulder_server=warn")
        .try_init();
    let (database_url, dir) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            (
                format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
                Some(dir),
            )
        }
        Backend::Postgres => (fresh_postgres_database().await?, None),
    };
    Some(spawn_app_on(database_url, dir, settings).await)
}

/// A running app on the database at `database_url` (kept: `dir` holds a SQLite file, if any).
pub async fn spawn_app_on(
    database_url: String,
    dir: Option<tempfile::TempDir>,
    settings: &[(&str, &str)],
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(database_url.clone()),
        "SHOULDER_ADDR" => Some(addr.to_string()),
        "SHOULDER_PUBLIC_URL" => Some(base.clone()),
        // The test client is a proxy: a request may name its client in `X-Forwarded-For`, so a test can speak
        // from several addresses.
        "SHOULDER_TRUSTED_PROXIES" => Some("127.0.0.1".to_owned()),
        _ => settings
            .iter()
            .find(|(setting, _)| *setting == name)
            .map(|(_, value)| (*value).to_owned()),
    })
    .expect("test config");
    let state = shoulder_server::build_state(config).await.expect("state");
    tokio::spawn(shoulder_server::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = client_with(jar.clone(), &base);
    TestApp {
        base,
        state,
        client,
        jar,
        _dir: dir,
    }
}

/// A browser of Shoulder's pages: its requests carry the page's `Origin`, as a browser's do.
fn client_with(jar: Arc<reqwest::cookie::Jar>, origin: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, "application/json".parse().unwrap());
    headers.insert(ORIGIN, origin.parse().unwrap());
    reqwest::Client::builder()
        .cookie_provider(jar)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        // A stuck request fails its test with a message instead of stalling the suite.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Creates `shoulder_test_<random>` on the configured server and returns its URL.
pub async fn fresh_postgres_database() -> Option<String> {
    let Ok(admin_url) = std::env::var("SHOULDER_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("SHOULDER_TEST_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "SHOULDER_TEST_REQUIRE_POSTGRES=1 but SHOULDER_TEST_POSTGRES_URL is not set"
        );
        eprintln!("skipped: SHOULDER_TEST_POSTGRES_URL is not set");
        return None;
    };
    let name = format!("shoulder_test_{}", uuid::Uuid::new_v4().simple());
    let admin: DatabaseConnection = Database::connect(&admin_url)
        .await
        .expect("connect to PostgreSQL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("database URL with a path");
    Some(format!("{base}/{name}"))
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Another browser: same server, empty cookie jar.
    pub fn new_client(&self) -> (reqwest::Client, Arc<reqwest::cookie::Jar>) {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        (client_with(jar.clone(), &self.base), jar)
    }

    /// Calls a server function the way the browser does (form-encoded POST).
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        call_with(&self.client, &self.url(path), form).await
    }

    /// Calls a server function that takes JSON (those with structured arguments).
    pub async fn call_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        call_json_with(&self.client, &self.url(path), body).await
    }

    /// Signs up through the API, as a person does: the form, then the link in the confirmation email. The
    /// client now holds the session cookie; the answer is the confirmation's.
    pub async fn sign_up(&self, name: &str, email: &str) -> reqwest::Response {
        let form = self.sign_up_form(name, email).await;
        assert!(
            form.status().is_success(),
            "sign-up answered {}",
            form.status()
        );
        let address = app::validation::normalize_email(email).expect("a valid address");
        let mail = latest_email_to(self, &address)
            .await
            .expect("a confirmation email");
        let token = token_in(&mail.body, "/verify-email");
        self.call("/api/verify_email", &[("token", &token)]).await
    }

    /// Sends the sign-up form only (no link followed).
    pub async fn sign_up_form(&self, name: &str, email: &str) -> reqwest::Response {
        self.call(
            "/api/sign_up",
            &[
                ("name", name),
                ("email", email),
                ("password", PASSWORD),
                ("institution_name", "Northfield State University"),
                ("institution_type", "Public four-year"),
            ],
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.call("/api/sign_in", &[("email", email), ("password", password)])
            .await
    }

    /// The name of the signed-in user according to the server, if any.
    pub async fn whoami(&self) -> Option<String> {
        let body: serde_json::Value = self
            .call("/api/current_user", &[])
            .await
            .json()
            .await
            .unwrap();
        body.get("name").and_then(|n| n.as_str()).map(str::to_owned)
    }

    /// Creates an account directly in the database with `role`.
    pub async fn create_user(&self, name: &str, email: &str, role: Role) -> i64 {
        let form = ValidSignUp {
            name: name.to_owned(),
            email: email.to_owned(),
            password: PASSWORD.to_owned(),
            institution_name: format!("{name}'s college"),
            institution_type: "Other".to_owned(),
        };
        self.state
            .accounts
            .create_user(&form, role)
            .await
            .expect("create user")
            .id
    }
}

pub async fn call_with(
    client: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client.post(url).form(form).send().await.expect("request")
}

pub async fn call_json_with(
    client: &reqwest::Client,
    url: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    client.post(url).json(body).send().await.expect("request")
}

/// Seeds the demo data, signs in as its admin, and returns the id of the demo's closed cycle (121 applicants).
pub async fn demo_closed_cycle(app: &TestApp) -> i64 {
    shoulder_server::demo::seed_if_empty(&app.state.accounts, &app.state.db)
        .await
        .expect("demo data");
    app.sign_in("admin@example.edu", shoulder_server::demo::DEMO_PASSWORD)
        .await;
    let programs: serde_json::Value = app
        .call("/api/admin/list_programs", &[])
        .await
        .json()
        .await
        .expect("json");
    programs[0]["cycles"]
        .as_array()
        .expect("cycles")
        .iter()
        .find(|c| c["dates"]["state"] == "Closed")
        .and_then(|c| c["id"].as_i64())
        .expect("a closed cycle")
}

/// The cycle's applications as the admin downloads them (the signed-in user must be an admin).
pub async fn applications_csv(app: &TestApp, cycle: i64) -> String {
    let response = app
        .client
        .get(app.url(&format!("/admin/cycles/{cycle}/applications.csv")))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    response.text().await.expect("csv")
}

/// Every email in the outbox, newest first (the signed-in user must be an admin).
pub async fn outbox(app: &TestApp) -> Vec<serde_json::Value> {
    let outbox: serde_json::Value = app
        .call("/api/admin/list_outbox", &[])
        .await
        .json()
        .await
        .expect("json");
    outbox["emails"].as_array().expect("emails").clone()
}

/// The newest email to `address` in the outbox, if any.
pub async fn latest_email_to(
    app: &TestApp,
    address: &str,
) -> Option<shoulder_server::db::entities::outbox_email::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use shoulder_server::db::entities::outbox_email;
    outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.contains(address))
        .order_by_desc(outbox_email::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
}

/// How many emails to `address` the outbox holds.
pub async fn emails_to(app: &TestApp, address: &str) -> usize {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use shoulder_server::db::entities::outbox_email;
    outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.contains(address))
        .all(&app.state.db)
        .await
        .unwrap()
        .len()
}

/// A link's secret in an email: what follows `PATH?token=`.
pub fn token_in(body: &str, path: &str) -> String {
    let start = body
        .find(&format!("{path}?token="))
        .unwrap_or_else(|| panic!("no {path} link in: {body}"))
        + path.len()
        + "?token=".len();
    body[start..start + 43].to_owned()
}

/// Starts two-step sign-in for the signed-in user: what the account page shows (key, link, QR code).
pub async fn start_two_step(app: &TestApp) -> serde_json::Value {
    app.call("/api/start_two_step", &[])
        .await
        .json()
        .await
        .expect("json")
}

/// The code an authenticator app shows now for the key the account page showed (spaces and all).
pub fn totp_code_for(key: &str) -> String {
    let secret = totp_rs::Secret::Encoded(key.replace(' ', ""))
        .to_bytes()
        .expect("base32");
    totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        secret,
        None,
        String::new(),
    )
    .expect("totp")
    .generate_current()
    .expect("clock")
}
