//! The Shoulder server: serves the Leptos app (SSR + hydration), its server functions and a few plain routes,
//! over SQLite or PostgreSQL.
//!
//! `main.rs` is a thin shim over [`cli`]; tests build the same router with [`app`] and serve it with [`serve`].

/// The audit log: recording changes, reading them for admins.
pub mod audit;
/// Accounts, sessions, passwords, rate limiting, and the middleware resolving who is asking.
pub mod auth;
/// The `shoulder` command line.
pub mod cli;
/// Several instances on one database: announcing changes to each other, draining.
pub mod cluster;
/// Environment-backed configuration.
pub mod config;
/// Connection, migrations, entities.
pub mod db;
/// Demo accounts for a first look.
pub mod demo;
/// The server's internal error type.
pub mod error;
/// Security headers, the origin check, health probes.
pub mod http;
/// The hourly job: window announcements, reminders to quiet pairs, end-of-relationship questions.
pub mod jobs;
/// Named leases: one instance at a time runs a scheduled job.
pub mod lease;
/// Email delivery over SMTP from the outbox.
pub mod mail;
/// The matching service: a cycle's runs (solve, adjust, compare), the introduction email, publishing pairs.
/// The engine itself is the `engine` crate.
pub mod matching;
/// Programs, cycles, applications and the outbox.
pub mod programs;
/// Speed peer mentoring: sessions, rotation, the shared timer and its live stream.
pub mod speed;
/// Shared handler state.
pub mod state;
/// Surveys of a cycle: building, sending, answering, results.
pub mod surveys;
/// Logging.
pub mod telemetry;
/// Each pair's workspace, reminders to quiet pairs, the admin's overview of pairs.
pub mod workspace;

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::ports::Services;
use app::{shell, App};
use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use auth::accounts::DbAccounts;
use config::Config;
use matching::DbMatching;
use programs::DbPrograms;
use speed::DbSpeed;
use state::AppState;

/// The name cargo-leptos gives the WASM, JS and CSS bundles (`[[workspace.metadata.leptos]] name`).
const OUTPUT_NAME: &str = "shoulder";

/// The largest request body: the CSV import's limit plus room for its JSON envelope and escaping.
const MAX_BODY_BYTES: usize = 2 * app::import::IMPORT_MAX_BYTES;

/// The longest a page render or server function may take before the client gets a 503.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Leptos' options from our configuration (we do not read Leptos' own `LEPTOS_*` variables except the site root).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build()
}

/// Connects to the database, migrates it and assembles the state.
///
/// # Errors
/// The database cannot be reached or a migration failed.
pub async fn build_state(config: Config) -> anyhow::Result<AppState> {
    http::metrics::install();
    let db = db::connect(&config.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("DATABASE_URL: cannot open the database: {e}"))?;
    db::migrate(&db)
        .await
        .map_err(|e| anyhow::anyhow!("migrating the database failed: {e}"))?;
    let programs = DbPrograms::new(db.clone(), &config.public_url)
        .with_mail_server(config.mail.as_ref().map(mail::MailSettings::server));
    let matching = DbMatching::new(db.clone(), programs.clone(), &config.public_url);
    let cluster = cluster::Cluster::new(db.clone());
    let sso = config
        .sso
        .clone()
        .map(|settings| auth::sso::Sso::new(settings, &config.public_url))
        .transpose()
        .map_err(|e| anyhow::anyhow!("SHOULDER_OIDC_ISSUER: cannot set up single sign-on: {e}"))?;
    Ok(AppState {
        sso,
        room_guesses: std::sync::Arc::default(),
        leptos_options: leptos_options(&config),
        accounts: DbAccounts::new(
            db.clone(),
            auth::sessions::SessionLimits {
                lifetime: chrono::Duration::hours(config.session_hours),
                idle: chrono::Duration::minutes(config.session_idle_minutes),
            },
            &config.public_url,
        )
        .with_admin_two_step_required(config.admin_two_step_required),
        speed: DbSpeed::new(db.clone(), cluster.clone(), &config.public_url),
        workspaces: workspace::DbWorkspaces::new(
            db.clone(),
            matching.clone(),
            cluster.clone(),
            &config.public_url,
        ),
        cluster,
        surveys: surveys::DbSurveys::new(db.clone(), &config.public_url),
        matching,
        programs,
        db,
        config,
    })
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let services = Services {
        accounts: Arc::new(state.accounts.clone()),
        two_step: Arc::new(state.accounts.clone()),
        account_sessions: Arc::new(state.accounts.clone()),
        links: Arc::new(state.accounts.clone()),
        invitations: Arc::new(state.accounts.clone()),
        programs: Arc::new(state.programs.clone()),
        applications: Arc::new(state.programs.clone()),
        application_import: Arc::new(state.programs.clone()),
        option_lists: Arc::new(state.programs.clone()),
        workshops: Arc::new(state.speed.clone()),
        announcements: Arc::new(state.speed.clone()),
        participants: Arc::new(state.speed.clone()),
        matching: Arc::new(state.matching.clone()),
        run_browser: Arc::new(state.matching.clone()),
        workspaces: Arc::new(state.workspaces.clone()),
        surveys: Arc::new(state.surveys.clone()),
        secure_cookies: state.config.secure_cookies(),
        sso_name: state.sso.as_ref().map(|sso| sso.name().to_owned()),
    };
    let options = state.leptos_options.clone();
    let services_for_missing = services.clone();
    // Pages and server functions: the session is resolved for these only, not for static files.
    let pages = Router::new()
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            move || provide_context(services.clone()),
            move || shell(options.clone()),
        )
        // Any other path is a page that does not exist: rendered like the others (the header knows who is signed
        // in), with status 404.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || provide_context(services_for_missing.clone()),
            shell,
        ))
        // Single sign-on: off to the provider and back (404 when none is configured).
        .route("/auth/sso/start", get(auth::sso::start))
        .route("/auth/sso/callback", get(auth::sso::callback))
        .route(
            "/admin/cycles/{id}/applications.csv",
            get(programs::export::applications_csv),
        )
        .route(
            "/admin/cycles/{id}/pairs.csv",
            get(workspace::overview::pairs_csv_route),
        )
        .route(
            "/admin/cycles/{id}/overview.csv",
            get(workspace::overview::overview_csv_route),
        )
        .route(
            "/admin/programs/{id}/evaluation.csv",
            get(workspace::evaluation::chart_csv_route),
        )
        .route(
            "/facilitate/{id}/workshop.csv",
            get(speed::export::workshop_csv),
        )
        .route(
            "/admin/surveys/{id}/results.csv",
            get(surveys::results::results_csv_route),
        )
        .layer(from_fn_with_state(
            state.clone(),
            auth::middleware::resolve_session,
        ))
        // Pages and answers carry personal data: neither the browser nor a proxy may keep a copy (ASVS 8.2.1).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        // No page or server function may hold a connection forever (long-lived streams get their own routes).
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        // No request body may exceed what the largest form (a CSV import) needs: 413 beyond.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    let router = Router::new()
        .route("/healthz", get(http::health::healthz))
        .route("/readyz", get(http::health::readyz))
        .route("/metrics", get(http::metrics::metrics))
        // Long-lived: outside the request timeout of pages.
        .route("/room/{code}/events", get(speed::events::session_events))
        .merge(
            Router::new()
                .route("/pairs/{id}/events", get(workspace::live::pair_events))
                .layer(from_fn_with_state(
                    state.clone(),
                    auth::middleware::resolve_session,
                )),
        )
        // The built JS, WASM and CSS: no session to resolve.
        .nest_service(
            "/pkg",
            http::assets::service(&state.config.site_root.join("pkg")),
        )
        .merge(pages)
        .layer(from_fn_with_state(
            state.clone(),
            http::room_guesses::limit_room_guesses,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            http::origin::check_origin,
        ))
        // Inside the routes' own layers' reach: each request is counted under its route's pattern.
        .layer(axum::middleware::from_fn(http::metrics::track))
        .with_state(state.clone());
    with_request_layers(http::security_headers::apply(
        router,
        state.config.secure_cookies(),
    ))
}

/// Outermost layers. Order matters: the request id is set first so the trace span and the response carry it;
/// compression sits inside tracing so logged latencies include it. (Compression skips SSE by default.)
fn with_request_layers(router: Router) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    router
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
        }))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Serves until `shutdown` resolves, then drains: readiness fails and event streams close at once (their
/// screens reconnect to another instance), new connections are still served for the drain's grace period so a
/// balancer sees the failing readiness first, then in-flight requests finish.
///
/// # Errors
/// The listener failed.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    state.cluster.listen(OtherInstances {
        speed: state.speed.clone(),
        workspaces: state.workspaces.clone(),
    });
    let cluster = state.cluster.clone();
    let grace = state.config.drain_grace;
    let shutdown = async move {
        shutdown.await;
        tracing::info!(?grace, "draining: readiness fails, event streams close");
        cluster.drain();
        tokio::time::sleep(grace).await;
    };
    // Pages stream in several small writes; with Nagle's algorithm on, each write after the first waited for the
    // client's delayed ACK (~40 ms), which capped a keep-alive connection at ~38 pages a second.
    let listener = listener.tap_io(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY on a connection");
        }
    });
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Passes the other instances' changes on to the screens connected here.
struct OtherInstances {
    speed: DbSpeed,
    workspaces: workspace::DbWorkspaces,
}

impl cluster::Listener for OtherInstances {
    async fn changed(&self, change: cluster::Change) {
        match change {
            cluster::Change::Session(id) => self.speed.changed_elsewhere(id).await,
            cluster::Change::Pair(id) => self.workspaces.changed_elsewhere(id),
        }
    }

    async fn missed(&self) {
        self.speed.refresh_all().await;
        self.workspaces.refresh_all();
    }
}

/// Builds everything from `config` and serves on its address until SIGTERM or Ctrl-C.
///
/// # Errors
/// Start-up failed (database, address in use).
pub async fn run(config: Config) -> anyhow::Result<()> {
    let addr = config.addr;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("SHOULDER_ADDR: cannot listen on {addr}: {e}"))?;
    // The bound address, not the configured one: with port 0 the system picks the port.
    let bound = listener.local_addr()?;
    let config = config.listening_on(bound);
    let demo = config.demo_data;
    let state = build_state(config).await?;
    if demo {
        demo::seed_if_empty(&state.accounts, &state.db).await?;
    }
    // Sessions under way before a restart carry on: their phases keep ending on time.
    state
        .speed
        .resume_tickers()
        .await
        .map_err(error::reported)?;
    start_mail_delivery(&state);
    jobs::spawn(
        state.db.clone(),
        jobs::Settings {
            quiet_days: state.config.reminder_days,
            public_url: state.config.public_url.clone(),
        },
    );
    tracing::info!("Shoulder is listening on http://{bound}");
    serve(listener, state, shutdown_signal()).await?;
    tracing::info!("Shoulder stopped");
    Ok(())
}

/// Sends the outbox over SMTP when it is configured; says so either way.
fn start_mail_delivery(state: &AppState) {
    match state.config.mail.as_ref().map(mail::Mailer::new) {
        Some(Ok(mailer)) => {
            tracing::info!(server = mailer.server(), "email delivery over SMTP");
            mail::delivery::spawn(state.db.clone(), mailer);
        }
        Some(Err(error)) => {
            tracing::error!(%error, "email delivery is off: the SMTP settings cannot be used")
        }
        None => tracing::info!(
            "email delivery is off (no SHOULDER_SMTP_URL): emails stay in the outbox"
        ),
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
