//! Test harness: the real application on port 0 with a fresh database in a temp dir.

#![allow(dead_code)]

use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use vipcare::services::auth::AuthPolicy;
use vipcare::store::now_ms;
use vipcare::Role;
use vipcare_server::config::Settings;
use vipcare_server::startup::Application;

pub const PASSWORD: &str = "test-password-123";

pub struct TestApp {
    pub origin: String,
    pub db: vipcare::store::Db,
    pub db_path: std::path::PathBuf,
    pub client: Client,
    /// Staff the fixture enrolled: e-mail → (TOTP secret, trusted-browser token).
    pub second_factor: std::sync::Mutex<std::collections::HashMap<String, (Vec<u8>, String)>>,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut AuthPolicy)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::defaults();
    settings.database = dir.path().join("test.db");
    settings.site_addr = "127.0.0.1:0".parse().unwrap();
    settings.public_origin = None;
    settings.site_root = dir.path().join("site").to_string_lossy().to_string();
    tweak(&mut settings.auth);
    let app = Application::build(settings).await.expect("app builds");
    let origin = app.origin().to_string();
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    let client = Client::builder().redirect(Policy::none()).build().unwrap();
    TestApp {
        origin,
        db,
        db_path: dir.path().join("test.db"),
        client,
        second_factor: Default::default(),
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.origin, path)
    }

    pub async fn add_staff(&self, email: &str, roles: &[Role]) -> i64 {
        vipcare::services::staff::ensure(&self.db, email, "Staff Member", roles, PASSWORD, now_ms())
            .await
            .expect("staff created")
    }

    /// Sets up the authenticator of the staff account `email` through the service, as every
    /// staff member must have one (clause 10), and trusts the test's "browser". Does nothing
    /// for customers, unknown addresses and accounts that already have one.
    pub async fn set_up_second_factor(&self, email: &str) {
        if self.trusted_browser_cookie(email).is_some() {
            return;
        }
        let Some(u) = vipcare::store::users::find_by_email(self.db.reader(), &email.to_lowercase())
            .await
            .unwrap()
        else {
            return;
        };
        let roles = vipcare::store::users::roles(self.db.reader(), u.id)
            .await
            .unwrap();
        let enrolled = vipcare::store::mfa::totp(self.db.reader(), u.id)
            .await
            .unwrap()
            .is_some_and(|t| t.confirmed_at.is_some());
        if u.kind != "staff" || enrolled {
            return;
        }
        let user = vipcare::SessionUser {
            id: u.id,
            email: u.email,
            name: u.name,
            roles,
            second_factor: false,
        };
        let (secret, trusted) = enrol_second_factor(&self.db, &user).await;
        self.second_factor
            .lock()
            .unwrap()
            .insert(email.to_lowercase(), (secret, trusted));
    }

    /// The TOTP secret the fixture enrolled for `email`.
    pub fn totp_secret(&self, email: &str) -> Vec<u8> {
        self.second_factor.lock().unwrap()[&email.to_lowercase()]
            .0
            .clone()
    }

    /// The cookie of the browser `email` trusts, if the fixture enrolled them.
    pub fn trusted_browser_cookie(&self, email: &str) -> Option<String> {
        self.second_factor
            .lock()
            .unwrap()
            .get(&email.to_lowercase())
            .map(|(_, t)| format!("vipcare_tb={t}"))
    }

    pub async fn add_customer(&self, email: &str) -> i64 {
        vipcare::services::auth::ensure_customer(
            &self.db,
            email,
            "Customer",
            "13800000000",
            PASSWORD,
            now_ms(),
        )
        .await
        .expect("customer created")
    }

    /// A same-origin form post, as a hydrated browser sends it.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Response {
        let mut req = self
            .client
            .post(self.url(path))
            .header("origin", &self.origin)
            .header("sec-fetch-site", "same-origin")
            .form(form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.expect("request")
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        let mut req = self.client.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.expect("request")
    }

    /// Signs in as `email`, ready to work: a staff member has their authenticator set up (by
    /// [`Self::set_up_second_factor`] on first use) and signs in from a browser they trust,
    /// so no code is asked. `tests/it/mfa.rs` tests the code step and first-time set-up.
    pub async fn login(&self, email: &str, password: &str) -> Result<String, Response> {
        self.set_up_second_factor(email).await;
        let trusted = self.trusted_browser_cookie(email);
        let res = self
            .post_form(
                "/api/login",
                &[("email", email), ("password", password)],
                trusted.as_deref(),
            )
            .await;
        match session_cookie(&res) {
            Some(c) if res.status().is_success() => Ok(c),
            _ => Err(res),
        }
    }
}

/// Sets up an authenticator for `user` through the service, confirming it with the code of
/// the current step and trusting a browser; returns the secret and the browser's token.
pub async fn enrol_second_factor(
    db: &vipcare::store::Db,
    user: &vipcare::SessionUser,
) -> (Vec<u8>, String) {
    use vipcare::services::{auth::ClientInfo, mfa};
    let client = ClientInfo {
        ip: "fixture".into(),
        user_agent: None,
    };
    let now = now_ms();
    let pending = mfa::begin(db, user, &client, now)
        .await
        .expect("enrolment starts");
    let secret = vipcare::mfa::base32_decode(&pending.secret).unwrap();
    let code = vipcare::mfa::code_for_step(&secret, vipcare::mfa::step_at(now));
    let done = mfa::confirm(db, user, &code, true, &client, now)
        .await
        .expect("enrolment confirmed");
    (secret, done.trusted_browser.expect("browser trusted"))
}

/// A cookie set by a response, as `name=value`.
pub fn set_cookie(res: &Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")) && !c.contains("Max-Age=0"))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// The session cookie set by a response, as `name=value`.
pub fn session_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("vipcare_sid=") && !c.contains("Max-Age=0"))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// An actor for service calls in tests.
pub fn who(id: i64) -> vipcare::services::Actor {
    vipcare::services::Actor {
        user_id: Some(id),
        ip: Some("test".into()),
    }
}

/// A Shanghai wall-clock time (`2026-11-27 17:30`) as Unix ms.
pub fn sh(s: &str) -> i64 {
    chrono::DateTime::parse_from_str(&format!("{s} +0800"), "%Y-%m-%d %H:%M %z")
        .unwrap()
        .timestamp_millis()
}

/// Makes `customer` an active VIP at the first level (as a signed agreement would).
pub async fn make_vip(app: &TestApp, customer: i64) {
    let level = vipcare::services::programme::levels(&app.db).await.unwrap()[0].clone();
    let mut tx = app.db.begin_write().await.unwrap();
    let agreement: i64 = sqlx::query_scalar(
        "INSERT INTO agreements (customer_id, template_id, level_id, level_json, canonical_text,
                                 sha256, status, effective_on, created_at)
         VALUES (?, (SELECT MIN(id) FROM agreement_templates), ?, ?, 'text', 'x', 'effective',
                 '2026-01-01', 0) RETURNING id",
    )
    .bind(customer)
    .bind(level.id)
    .bind(serde_json::to_string(&level).unwrap())
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    vipcare::store::membership::insert_membership(
        &mut tx,
        customer,
        agreement,
        level.id,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        0,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The real `vipcare` binary serving `db` on a free port (its public origin is that port);
/// killed when dropped.
pub struct Binary {
    pub child: std::process::Child,
    pub origin: String,
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `vipcare serve` with `RUST_LOG=rust_log`, its log going to `stderr`, and waits until
/// it listens.
pub fn start_binary(
    db: &std::path::Path,
    site: &std::path::Path,
    rust_log: &str,
    stderr: std::process::Stdio,
) -> Binary {
    use std::io::{BufRead, BufReader};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let origin = format!("http://127.0.0.1:{port}");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vipcare"))
        .arg("serve")
        .env("VIPCARE_DATABASE", db)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site)
        .env("VIPCARE_PUBLIC_ORIGIN", &origin)
        .env("RUST_LOG", rust_log)
        .stdout(std::process::Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("listening"), "the server started: {first:?}");
    Binary { child, origin }
}
