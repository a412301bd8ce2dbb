//! Configuration from environment variables, each with a documented default (see `.env.example`).
//! A bad value stops start-up with one line naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::Uri;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://shoulder.db?mode=rwc";
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_LOG: &str = "info,sqlx=warn,sea_orm=warn,tower_http=info";
/// ASVS level 2 (3.3.2): sign in again after 12 hours, or after 30 minutes without use.
pub const DEFAULT_SESSION_HOURS: i64 = 12;
pub const DEFAULT_SESSION_IDLE_MINUTES: i64 = 30;
/// Days without a check-in after which a pair is sent a reminder.
pub const DEFAULT_REMINDER_DAYS: i64 = 30;
/// After SIGTERM, readiness fails this long before the listener closes: a balancer polling every second or two
/// notices and sends new requests elsewhere.
pub const DEFAULT_DRAIN_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`; the driver follows the scheme.
    pub database_url: String,
    /// Where the server listens.
    pub addr: SocketAddr,
    /// The address people reach Shoulder at (scheme, host, port, no path): decides `Secure` cookies and the
    /// origin accepted on state-changing requests.
    pub public_url: String,
    /// The origins a state-changing request may come from (`http::origin`): the public URL, the extra ones in
    /// `SHOULDER_ALLOWED_ORIGINS`, and, while no public URL is set, the loopback names of the listening port.
    pub allowed_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`SHOULDER_TRUSTED_PROXIES`); none by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// No `SHOULDER_PUBLIC_URL` was given: the public URL and origins follow the listening address.
    public_url_is_default: bool,
    /// A `tracing` filter directive.
    pub log: String,
    /// Log lines as text for people, or as JSON objects for log collectors.
    pub log_format: LogFormat,
    /// The directory with `pkg/` (WASM, JS, CSS) and public assets, as built by cargo-leptos.
    pub site_root: PathBuf,
    /// How long a session lasts after sign-in, however busy (`SHOULDER_SESSION_HOURS`).
    pub session_hours: i64,
    /// How long a session survives without a request (`SHOULDER_SESSION_IDLE_MINUTES`).
    pub session_idle_minutes: i64,
    /// Days without a check-in before a pair is reminded (`SHOULDER_REMINDER_DAYS`).
    pub reminder_days: i64,
    /// Seed demo accounts when the database has no users yet.
    pub demo_data: bool,
    /// Admin accounts must turn on two-step sign-in before they can act as admins
    /// (`SHOULDER_ADMIN_TWO_STEP=required`; `optional` by default).
    pub admin_two_step_required: bool,
    /// SMTP delivery of the outbox; `None` keeps every email in the outbox unsent.
    pub mail: Option<crate::mail::MailSettings>,
    /// The OpenID Connect provider people may sign in with, if any.
    pub sso: Option<crate::auth::sso::SsoSettings>,
    /// The bearer token a Prometheus scraper sends to `/metrics` (`SHOULDER_METRICS_TOKEN`); none turns
    /// `/metrics` off.
    pub metrics_token: Option<String>,
    /// After SIGTERM, how long readiness fails while requests are still served, before the listener closes
    /// (`SHOULDER_DRAIN_SECONDS`).
    pub drain_grace: std::time::Duration,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// One variable with an unusable value.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

impl Config {
    /// Reads the process environment.
    ///
    /// # Errors
    /// The first variable whose value cannot be used.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests need not touch the process environment.
    ///
    /// # Errors
    /// The first variable whose value cannot be used.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        check_database_url(&database_url)?;
        let addr_text = get("SHOULDER_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr: SocketAddr = addr_text.trim().parse().map_err(|_| ConfigError {
            var: "SHOULDER_ADDR",
            message: format!("{addr_text:?} is not an address and port such as 127.0.0.1:3000"),
        })?;
        let public_url = match get("SHOULDER_PUBLIC_URL") {
            Some(url) => parse_origin("SHOULDER_PUBLIC_URL", &url)?,
            None => format!("http://{addr}"),
        };
        let public_url_is_default = get("SHOULDER_PUBLIC_URL").is_none();
        let mut origins = if public_url_is_default {
            default_origins(addr)
        } else {
            vec![public_url.clone()]
        };
        for origin in get("SHOULDER_ALLOWED_ORIGINS")
            .unwrap_or_default()
            .split([',', ' '])
            .filter(|o| !o.is_empty())
        {
            origins.push(parse_origin("SHOULDER_ALLOWED_ORIGINS", origin)?);
        }
        let mut allowed_origins: Vec<String> = Vec::with_capacity(origins.len());
        for origin in origins {
            if !allowed_origins.contains(&origin) {
                allowed_origins.push(origin);
            }
        }
        let trusted_proxies = crate::http::client_ip::parse_trusted(
            &get("SHOULDER_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(|message| ConfigError {
            var: "SHOULDER_TRUSTED_PROXIES",
            message,
        })?;
        let log = get("SHOULDER_LOG")
            .or_else(|| get("RUST_LOG"))
            .unwrap_or_else(|| DEFAULT_LOG.to_owned());
        if tracing_subscriber::EnvFilter::try_new(&log).is_err() {
            return Err(ConfigError {
                var: "SHOULDER_LOG",
                message: format!("{log:?} is not a tracing filter such as \"info\""),
            });
        }
        let log_format = match get("SHOULDER_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    var: "SHOULDER_LOG_FORMAT",
                    message: format!("{other:?} is not text or json"),
                })
            }
        };
        let site_root = get("LEPTOS_SITE_ROOT")
            .unwrap_or_else(|| "target/site".to_owned())
            .into();
        let session_hours = match get("SHOULDER_SESSION_HOURS") {
            Some(hours) => parse_whole("SHOULDER_SESSION_HOURS", &hours, 1..=8_760, "hours")?,
            None => DEFAULT_SESSION_HOURS,
        };
        let session_idle_minutes = match get("SHOULDER_SESSION_IDLE_MINUTES") {
            Some(minutes) => parse_whole(
                "SHOULDER_SESSION_IDLE_MINUTES",
                &minutes,
                5..=525_600,
                "minutes",
            )?,
            None => DEFAULT_SESSION_IDLE_MINUTES,
        };
        let reminder_days = match get("SHOULDER_REMINDER_DAYS") {
            Some(days) => parse_days("SHOULDER_REMINDER_DAYS", &days)?,
            None => DEFAULT_REMINDER_DAYS,
        };
        let demo_data = match get("SHOULDER_DEMO_DATA") {
            Some(flag) => parse_flag("SHOULDER_DEMO_DATA", &flag)?,
            None => false,
        };
        let admin_two_step_required = match get("SHOULDER_ADMIN_TWO_STEP").as_deref().map(str::trim)
        {
            None | Some("optional") => false,
            Some("required") => true,
            Some(other) => {
                return Err(ConfigError {
                    var: "SHOULDER_ADMIN_TWO_STEP",
                    message: format!("{other:?} is not optional or required"),
                })
            }
        };
        let mail =
            match get("SHOULDER_SMTP_URL") {
                Some(url) => {
                    let host = public_url
                        .split_once("://")
                        .map_or(public_url.as_str(), |(_, rest)| rest)
                        .split(':')
                        .next()
                        .unwrap_or("localhost")
                        .to_owned();
                    let from = get("SHOULDER_MAIL_FROM")
                        .unwrap_or_else(|| format!("Shoulder <no-reply@{host}>"));
                    let settings = crate::mail::MailSettings::parse(url.trim(), from.trim())
                        .map_err(|error| match error {
                            crate::mail::MailSettingsError::Url(message) => ConfigError {
                                var: "SHOULDER_SMTP_URL",
                                message,
                            },
                            crate::mail::MailSettingsError::From(message) => ConfigError {
                                var: "SHOULDER_MAIL_FROM",
                                message,
                            },
                        })?;
                    Some(settings)
                }
                None => None,
            };
        let sso = sso_settings(&get)?;
        let metrics_token = metrics_token(get("SHOULDER_METRICS_TOKEN"))?;
        let drain_grace = match get("SHOULDER_DRAIN_SECONDS") {
            Some(seconds) => std::time::Duration::from_secs(
                parse_whole("SHOULDER_DRAIN_SECONDS", &seconds, 0..=300, "seconds")?.unsigned_abs(),
            ),
            None => DEFAULT_DRAIN_GRACE,
        };
        Ok(Config {
            drain_grace,
            mail,
            sso,
            metrics_token,
            database_url,
            addr,
            public_url,
            public_url_is_default,
            allowed_origins,
            trusted_proxies,
            log,
            log_format,
            site_root,
            session_hours,
            session_idle_minutes,
            reminder_days,
            demo_data,
            admin_two_step_required,
        })
    }

    /// The configuration for the address actually bound (with port 0 the system picks the port): a default
    /// public URL and its loopback origins follow it.
    #[must_use]
    pub fn listening_on(mut self, bound: SocketAddr) -> Self {
        if self.public_url_is_default && bound != self.addr {
            let old = default_origins(self.addr);
            let mut origins = default_origins(bound);
            origins.extend(
                self.allowed_origins
                    .into_iter()
                    .filter(|origin| !old.contains(origin)),
            );
            self.public_url = origins[0].clone();
            self.allowed_origins = origins;
        }
        self.addr = bound;
        self
    }

    /// Whether cookies must carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Single sign-on: `SHOULDER_OIDC_ISSUER`, `_CLIENT_ID` and `_CLIENT_SECRET` together (or none), and an
/// optional `SHOULDER_OIDC_NAME` for the button (the issuer's host by default).
fn sso_settings(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::auth::sso::SsoSettings>, ConfigError> {
    let issuer = get("SHOULDER_OIDC_ISSUER");
    let client_id = get("SHOULDER_OIDC_CLIENT_ID");
    let client_secret = get("SHOULDER_OIDC_CLIENT_SECRET");
    let missing = |var: &'static str| ConfigError {
        var,
        message: "single sign-on needs SHOULDER_OIDC_ISSUER, SHOULDER_OIDC_CLIENT_ID and \
                  SHOULDER_OIDC_CLIENT_SECRET together"
            .to_owned(),
    };
    let (issuer, client_id, client_secret) = match (issuer, client_id, client_secret) {
        (None, None, None) => return Ok(None),
        (Some(i), Some(c), Some(s)) => (
            i.trim().to_owned(),
            c.trim().to_owned(),
            s.trim().to_owned(),
        ),
        (None, ..) => return Err(missing("SHOULDER_OIDC_ISSUER")),
        (_, None, _) => return Err(missing("SHOULDER_OIDC_CLIENT_ID")),
        (_, _, None) => return Err(missing("SHOULDER_OIDC_CLIENT_SECRET")),
    };
    let uri: Uri = issuer.parse().map_err(|_| ConfigError {
        var: "SHOULDER_OIDC_ISSUER",
        message: format!("{issuer:?} is not a URL such as https://login.example.edu"),
    })?;
    let host = match (uri.scheme_str(), uri.host()) {
        (Some("https" | "http"), Some(host)) => host.to_owned(),
        _ => {
            return Err(ConfigError {
                var: "SHOULDER_OIDC_ISSUER",
                message: format!(
                    "{issuer:?} needs https:// (or http:// on this machine) and a host"
                ),
            })
        }
    };
    let name = get("SHOULDER_OIDC_NAME").map_or(host, |n| n.trim().to_owned());
    Ok(Some(crate::auth::sso::SsoSettings {
        issuer,
        client_id,
        client_secret,
        name,
    }))
}

fn check_database_url(url: &str) -> Result<(), ConfigError> {
    if url.starts_with("sqlite:")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://")
    {
        Ok(())
    } else {
        Err(ConfigError {
            var: "DATABASE_URL",
            message: "expected sqlite://FILE?mode=rwc or postgres://USER:PASSWORD@HOST/DB"
                .to_owned(),
        })
    }
}

/// Without a public URL: the listening address, and the loopback names of its port (a browser on the same
/// machine may use any of them).
fn default_origins(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut origins = vec![format!("http://{addr}")];
    for host in ["127.0.0.1", "localhost", "[::1]"] {
        let origin = format!("http://{host}:{port}");
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    origins
}

/// Keeps only `scheme://authority`, so the value compares equal to a browser's `Origin` header.
fn parse_origin(var: &'static str, raw: &str) -> Result<String, ConfigError> {
    let bad = |why: &str| ConfigError {
        var,
        message: format!("{raw:?} {why}"),
    };
    let uri: Uri = raw
        .trim()
        .parse()
        .map_err(|_| bad("is not a URL such as https://mentoring.example.org"))?;
    let scheme = uri
        .scheme_str()
        .ok_or_else(|| bad("needs http:// or https://"))?;
    if scheme != "http" && scheme != "https" {
        return Err(bad("needs http:// or https://"));
    }
    let authority = uri.authority().ok_or_else(|| bad("needs a host name"))?;
    if !matches!(uri.path(), "" | "/") {
        return Err(bad(
            "must not have a path: Shoulder is served from the root of its host",
        ));
    }
    Ok(format!("{scheme}://{}", authority.as_str().to_lowercase()))
}

fn parse_days(var: &'static str, raw: &str) -> Result<i64, ConfigError> {
    parse_whole(var, raw, 1..=365, "days")
}

fn parse_whole(
    var: &'static str,
    raw: &str,
    range: std::ops::RangeInclusive<i64>,
    unit: &str,
) -> Result<i64, ConfigError> {
    match raw.trim().parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(ConfigError {
            var,
            message: format!(
                "{raw:?} is not a whole number of {unit} from {} to {}",
                range.start(),
                range.end()
            ),
        }),
    }
}

fn parse_flag(var: &'static str, raw: &str) -> Result<bool, ConfigError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError {
            var,
            message: format!("{raw:?} is not one of 1/0, true/false, yes/no, on/off"),
        }),
    }
}

/// A metrics token long enough not to be guessed, or none.
fn metrics_token(raw: Option<String>) -> Result<Option<String>, ConfigError> {
    match raw.map(|token| token.trim().to_owned()) {
        None => Ok(None),
        Some(token) if token.is_empty() => Ok(None),
        Some(token) if token.len() < 24 => Err(ConfigError {
            var: "SHOULDER_METRICS_TOKEN",
            message: "use at least 24 characters (e.g. `openssl rand -hex 16`)".to_owned(),
        }),
        Some(token) => Ok(Some(token)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_need_no_variables() {
        let config = config(&[]).expect("defaults");
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(config.public_url, "http://127.0.0.1:3000");
        assert!(!config.secure_cookies());
        assert!(!config.admin_two_step_required);
    }

    #[test]
    fn admin_two_step_can_be_required() {
        let required = config(&[("SHOULDER_ADMIN_TWO_STEP", "required")]).expect("required");
        assert!(required.admin_two_step_required);
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("SHOULDER_ADDR", "localhost"),
            ("DATABASE_URL", "mysql://x"),
            ("SHOULDER_PUBLIC_URL", "ftp://x.org"),
            ("SHOULDER_PUBLIC_URL", "https://x.org/app"),
            ("SHOULDER_SESSION_HOURS", "0"),
            ("SHOULDER_SESSION_IDLE_MINUTES", "1"),
            ("SHOULDER_DEMO_DATA", "maybe"),
            ("SHOULDER_LOG", "[[["),
            ("SHOULDER_LOG_FORMAT", "xml"),
            ("SHOULDER_ADMIN_TWO_STEP", "always"),
        ] {
            let error = config(&[(var, value)]).expect_err(value);
            assert_eq!(error.var, var, "{value}");
            assert!(error.to_string().starts_with(var));
        }
    }

    #[test]
    fn single_sign_on_needs_all_three_settings_and_names_itself_after_the_host() {
        assert!(config(&[]).expect("defaults").sso.is_none());
        let error = config(&[("SHOULDER_OIDC_ISSUER", "https://login.example.edu")])
            .expect_err("incomplete");
        assert_eq!(error.var, "SHOULDER_OIDC_CLIENT_ID");
        let full = [
            ("SHOULDER_OIDC_ISSUER", "https://login.example.edu"),
            ("SHOULDER_OIDC_CLIENT_ID", "shoulder"),
            ("SHOULDER_OIDC_CLIENT_SECRET", "secret"),
        ];
        let sso = config(&full).expect("sso").sso.expect("configured");
        assert_eq!(sso.name, "login.example.edu");
        let mut named = full.to_vec();
        named.push(("SHOULDER_OIDC_NAME", "Campus login"));
        assert_eq!(
            config(&named).expect("sso").sso.expect("configured").name,
            "Campus login"
        );
        let error = config(&[
            ("SHOULDER_OIDC_ISSUER", "login.example.edu"),
            ("SHOULDER_OIDC_CLIENT_ID", "shoulder"),
            ("SHOULDER_OIDC_CLIENT_SECRET", "secret"),
        ])
        .expect_err("no scheme");
        assert_eq!(error.var, "SHOULDER_OIDC_ISSUER");
    }

    #[test]
    fn smtp_settings_are_optional_checked_and_default_the_sender_to_the_public_host() {
        assert!(config(&[]).expect("defaults").mail.is_none());
        let config = config(&[
            (
                "SHOULDER_SMTP_URL",
                "smtp://user:pw@mail.example.org:587?tls=required",
            ),
            ("SHOULDER_PUBLIC_URL", "https://mentoring.example.org"),
        ])
        .expect("valid");
        let mail = config.mail.expect("mail settings");
        assert_eq!(
            mail.from.to_string(),
            "Shoulder <no-reply@mentoring.example.org>"
        );
        assert_eq!(mail.server(), "mail.example.org:587");
        for (vars, var) in [
            (
                vec![("SHOULDER_SMTP_URL", "http://mail.example.org")],
                "SHOULDER_SMTP_URL",
            ),
            (
                vec![
                    ("SHOULDER_SMTP_URL", "smtp://mail.example.org"),
                    ("SHOULDER_MAIL_FROM", "nobody"),
                ],
                "SHOULDER_MAIL_FROM",
            ),
        ] {
            assert_eq!(self::config(&vars).expect_err(var).var, var);
        }
    }

    #[test]
    fn https_public_url_makes_cookies_secure_and_is_reduced_to_its_origin() {
        let config =
            config(&[("SHOULDER_PUBLIC_URL", "https://Mentoring.Example.org/")]).expect("valid");
        assert_eq!(config.public_url, "https://mentoring.example.org");
        assert!(config.secure_cookies());
    }

    #[test]
    fn accepted_origins_come_from_the_configuration_never_the_request() {
        let local = config(&[("SHOULDER_ADDR", "127.0.0.1:4000")]).expect("valid");
        assert_eq!(
            local.allowed_origins,
            [
                "http://127.0.0.1:4000",
                "http://localhost:4000",
                "http://[::1]:4000"
            ]
        );
        let public = config(&[
            ("SHOULDER_PUBLIC_URL", "https://mentoring.example.org"),
            (
                "SHOULDER_ALLOWED_ORIGINS",
                "https://www.example.org, https://Admin.Example.org/",
            ),
        ])
        .expect("valid");
        assert_eq!(
            public.allowed_origins,
            [
                "https://mentoring.example.org",
                "https://www.example.org",
                "https://admin.example.org"
            ]
        );
        let picked = config(&[("SHOULDER_ADDR", "127.0.0.1:0")])
            .expect("valid")
            .listening_on("127.0.0.1:4321".parse().expect("addr"));
        assert_eq!(picked.public_url, "http://127.0.0.1:4321");
        assert!(picked
            .allowed_origins
            .contains(&"http://localhost:4321".to_owned()));
        let bad = config(&[("SHOULDER_ALLOWED_ORIGINS", "example.org/path")]).expect_err("bad");
        assert_eq!(bad.var, "SHOULDER_ALLOWED_ORIGINS");
    }
}
