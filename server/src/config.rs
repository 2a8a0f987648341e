//! Typed settings: defaults, then an optional TOML file (`VIPCARE_CONFIG`), then environment
//! variables. Secrets are never in git: they come from the environment or a file path.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use vipcare::services::auth::AuthPolicy;

#[derive(Debug, Clone)]
pub struct Settings {
    /// SQLite file (`VIPCARE_DATABASE`, default `data/vipcare.db`).
    pub database: PathBuf,
    /// Address to listen on (`LEPTOS_SITE_ADDR`, default `127.0.0.1:3000`; port 0 = any).
    pub site_addr: SocketAddr,
    /// The origin browsers use (`VIPCARE_PUBLIC_ORIGIN`). `None` = `http://<bound address>`.
    pub public_origin: Option<String>,
    /// Where cargo-leptos put the compiled site (`LEPTOS_SITE_ROOT`, default `target/site`).
    pub site_root: String,
    pub site_pkg_dir: String,
    pub output_name: String,
    /// The client files carry a content hash in their names (cargo-leptos `hash-files`), listed
    /// in `hash.txt` next to the binary. `LEPTOS_HASH_FILES`; by default on when that file
    /// exists, so a release build serves `vipcare.<hash>.wasm` with a year-long cache lifetime.
    pub hash_files: bool,
    /// Take the client IP from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_proxy: bool,
    pub auth: AuthPolicy,
    /// Outgoing mail: `VIPCARE_SMTP_URL` (e.g. `smtps://user:pass@smtp.example.com`, or a file
    /// holding it via `VIPCARE_SMTP_URL_FILE`). `None`: e-mail waits in the outbox.
    pub smtp_url: Option<String>,
    /// The sender (`VIPCARE_MAIL_FROM`).
    pub mail_from: String,
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// Largest body of an upload endpoint (ledger CSV, later application materials).
    pub upload_limit: usize,
    pub request_timeout_secs: u64,
    /// Offer the built-in test payment gateway (`VIPCARE_TEST_GATEWAY`, default on: no real
    /// gateway ships yet; it moves no money and says so on its page).
    pub test_gateway: bool,
    /// Key that signs payment confirmations (`VIPCARE_PAYMENT_SECRET`, or a file via
    /// `VIPCARE_PAYMENT_SECRET_FILE`). `None`: a random key per process (one node only).
    pub payment_secret: Option<String>,
    /// Bearer token a Prometheus scraper presents at `/metrics` (`VIPCARE_METRICS_TOKEN`, or a
    /// file via `VIPCARE_METRICS_TOKEN_FILE`). `None`: only admins' sessions read it.
    pub metrics_token: Option<String>,
    /// Key that seals secrets stored in the database, such as staff authenticator keys
    /// (`VIPCARE_SECRET_KEY`, or a file via `VIPCARE_SECRET_KEY_FILE`; 32 bytes as base64 or
    /// hex; the same on every node). `None`: `<database>.key`, created beside the database.
    pub secret_key: Option<String>,
}

/// The optional file, every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database: Option<PathBuf>,
    site_addr: Option<SocketAddr>,
    public_origin: Option<String>,
    site_root: Option<String>,
    trust_proxy: Option<bool>,
    smtp_url_file: Option<PathBuf>,
    mail_from: Option<String>,
    login_max_failures: Option<i64>,
    login_ip_limit: Option<i64>,
    session_idle_minutes: Option<i64>,
    session_absolute_hours: Option<i64>,
    body_limit_bytes: Option<usize>,
    upload_limit_bytes: Option<usize>,
    request_timeout_secs: Option<u64>,
    test_gateway: Option<bool>,
    payment_secret_file: Option<PathBuf>,
    metrics_token_file: Option<PathBuf>,
    secret_key_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {0}: {1}")]
    Read(String, std::io::Error),
    #[error("config file {0} is invalid: {1}")]
    Parse(String, toml::de::Error),
    #[error("environment variable {0} is invalid: {1}")]
    Env(&'static str, String),
}

fn env(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_parse<T: std::str::FromStr>(name: &'static str) -> Result<Option<T>, ConfigError> {
    match env(name) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ConfigError::Env(name, v)),
    }
}

impl Settings {
    /// Reads settings from the optional file and the environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let file = match env("VIPCARE_CONFIG") {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| ConfigError::Read(path.clone(), e))?;
                toml::from_str(&text).map_err(|e| ConfigError::Parse(path, e))?
            }
            None => FileSettings::default(),
        };
        let mut s = Settings::defaults();
        let mut auth = AuthPolicy::default();
        if let Some(v) = env_parse::<PathBuf>("VIPCARE_DATABASE")?.or(file.database) {
            s.database = v;
        }
        if let Some(v) = env_parse::<SocketAddr>("LEPTOS_SITE_ADDR")?.or(file.site_addr) {
            s.site_addr = v;
        }
        if let Some(v) = env("VIPCARE_PUBLIC_ORIGIN").or(file.public_origin) {
            s.public_origin = Some(v.trim_end_matches('/').to_string());
        }
        if let Some(v) = env("LEPTOS_SITE_ROOT").or(file.site_root) {
            s.site_root = v;
        }
        if let Some(v) = env("LEPTOS_SITE_PKG_DIR") {
            s.site_pkg_dir = v;
        }
        if let Some(v) = env("LEPTOS_OUTPUT_NAME") {
            s.output_name = v;
        }
        if let Some(v) = env_parse::<bool>("LEPTOS_HASH_FILES")? {
            s.hash_files = v;
        }
        if let Some(v) = env_parse::<bool>("VIPCARE_TRUST_PROXY")?.or(file.trust_proxy) {
            s.trust_proxy = v;
        }
        // The SMTP URL carries a password: from the environment or a file, never the TOML.
        if let Some(v) = env("VIPCARE_SMTP_URL") {
            s.smtp_url = Some(v);
        } else if let Some(path) = env("VIPCARE_SMTP_URL_FILE")
            .map(PathBuf::from)
            .or(file.smtp_url_file.clone())
        {
            let v = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError::Read(path.display().to_string(), e))?;
            s.smtp_url = Some(v.trim().to_string()).filter(|v| !v.is_empty());
        }
        if let Some(v) = env("VIPCARE_MAIL_FROM").or(file.mail_from.clone()) {
            s.mail_from = v;
        }
        if let Some(v) = env_parse::<i64>("VIPCARE_LOGIN_MAX_FAILURES")?.or(file.login_max_failures)
        {
            auth.max_failures = v;
        }
        if let Some(v) = env_parse::<i64>("VIPCARE_LOGIN_IP_LIMIT")?.or(file.login_ip_limit) {
            auth.ip_max_attempts = v;
        }
        if let Some(v) =
            env_parse::<i64>("VIPCARE_SESSION_IDLE_MINUTES")?.or(file.session_idle_minutes)
        {
            auth.idle_timeout_ms = v * 60_000;
        }
        if let Some(v) =
            env_parse::<i64>("VIPCARE_SESSION_ABSOLUTE_HOURS")?.or(file.session_absolute_hours)
        {
            auth.absolute_timeout_ms = v * 3_600_000;
        }
        if let Some(v) = env_parse::<usize>("VIPCARE_BODY_LIMIT_BYTES")?.or(file.body_limit_bytes) {
            s.body_limit = v;
        }
        if let Some(v) =
            env_parse::<usize>("VIPCARE_UPLOAD_LIMIT_BYTES")?.or(file.upload_limit_bytes)
        {
            s.upload_limit = v;
        }
        if let Some(v) =
            env_parse::<u64>("VIPCARE_REQUEST_TIMEOUT_SECS")?.or(file.request_timeout_secs)
        {
            s.request_timeout_secs = v;
        }
        if let Some(v) = env_parse::<bool>("VIPCARE_TEST_GATEWAY")?.or(file.test_gateway) {
            s.test_gateway = v;
        }
        // A signing key: from the environment or a file, never the TOML.
        if let Some(v) = env("VIPCARE_PAYMENT_SECRET") {
            s.payment_secret = Some(v);
        } else if let Some(path) = env("VIPCARE_PAYMENT_SECRET_FILE")
            .map(PathBuf::from)
            .or(file.payment_secret_file.clone())
        {
            let v = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError::Read(path.display().to_string(), e))?;
            s.payment_secret = Some(v.trim().to_string()).filter(|v| !v.is_empty());
        }
        if let Some(v) = env("VIPCARE_SECRET_KEY") {
            s.secret_key = Some(v).filter(|v| !v.trim().is_empty());
        } else if let Some(path) = env("VIPCARE_SECRET_KEY_FILE")
            .map(PathBuf::from)
            .or(file.secret_key_file.clone())
        {
            let v = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError::Read(path.display().to_string(), e))?;
            s.secret_key = Some(v.trim().to_string()).filter(|v| !v.is_empty());
        }
        if let Some(v) = env("VIPCARE_METRICS_TOKEN") {
            s.metrics_token = Some(v).filter(|v| !v.trim().is_empty());
        } else if let Some(path) = env("VIPCARE_METRICS_TOKEN_FILE")
            .map(PathBuf::from)
            .or(file.metrics_token_file.clone())
        {
            let v = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError::Read(path.display().to_string(), e))?;
            s.metrics_token = Some(v.trim().to_string()).filter(|v| !v.is_empty());
        }
        s.auth = auth;
        Ok(s)
    }

    /// The shipped defaults.
    pub fn defaults() -> Settings {
        Settings {
            database: PathBuf::from("data/vipcare.db"),
            site_addr: "127.0.0.1:3000".parse().expect("valid address"),
            public_origin: Some("http://127.0.0.1:3000".into()),
            site_root: "target/site".into(),
            site_pkg_dir: "pkg".into(),
            output_name: "vipcare".into(),
            hash_files: hash_file_beside_binary(),
            trust_proxy: false,
            smtp_url: None,
            mail_from: "VIP Care <no-reply@example.com>".into(),
            auth: AuthPolicy::default(),
            body_limit: 1024 * 1024,
            // 10 MB of file plus the multipart envelope.
            upload_limit: 10 * 1024 * 1024 + 64 * 1024,
            request_timeout_secs: 30,
            test_gateway: true,
            payment_secret: None,
            metrics_token: None,
            secret_key: None,
        }
    }
}

/// Whether cargo-leptos wrote `hash.txt` beside the running binary (where Leptos reads it).
fn hash_file_beside_binary() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|path| path.is_file())
}
