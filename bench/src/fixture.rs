//! The served database and the two servers of a run: VIP Care's real router (the same
//! `Application` `vipcare serve` runs, jobs included) on a fresh SQLite file, and a bare axum
//! "hello" handler in the same process as the baseline.

use crate::Scale;
use std::time::{Duration, Instant};
use vipcare::store::{self, now_ms, Db};
use vipcare::Role;
use vipcare_server::config::Settings;
use vipcare_server::startup::Application;

pub type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The demo-independent password of the accounts the bench signs in with.
const PASSWORD: &str = "bench-password-2025";

/// Everything a run talks to.
pub struct Served {
    /// `http://127.0.0.1:<port>` of VIP Care.
    pub origin: String,
    /// `http://127.0.0.1:<port>/` of the bare handler.
    pub hello: String,
    pub db: Db,
    pub client: reqwest::Client,
    /// Session cookie (`name=value`) of a signed-in agent.
    pub agent: String,
    /// Session cookies of the customers who write (one per connection).
    pub writers: Vec<String>,
    pub setup: Duration,
    pub dir: tempfile::TempDir,
}

pub fn client() -> BenchResult<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(30))
        .build()?)
}

/// Starts both servers and loads the data of `scale`.
pub async fn serve(scale: &Scale) -> BenchResult<Served> {
    let started = Instant::now();
    let dir = tempfile::tempdir()?;
    let mut settings = Settings::defaults();
    settings.database = dir.path().join("bench.db");
    settings.site_addr = "127.0.0.1:0".parse()?;
    settings.public_origin = None;
    settings.site_root = dir.path().join("site").to_string_lossy().to_string();
    let app = Application::build(settings).await?;
    let origin = app.origin().to_string();
    let db = app.db().clone();

    load(&db, scale).await?;
    let now = now_ms();
    let agent_id = vipcare::services::staff::ensure(
        &db,
        "bench-agent@example.com",
        "Bench Agent",
        &[Role::Agent],
        PASSWORD,
        now,
    )
    .await?;
    let agent_browser = trusted_staff_browser(&db, agent_id, now).await?;
    let mut writer_emails = Vec::new();
    for w in 0..scale.concurrency {
        let email = format!("bench-writer-{w}@example.com");
        vipcare::services::auth::ensure_customer(
            &db,
            &email,
            "Bench Writer",
            "13800000000",
            PASSWORD,
            now,
        )
        .await?;
        writer_emails.push(email);
    }
    tokio::spawn(app.run_until_stopped());

    let hello_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let hello = format!("http://{}/", hello_listener.local_addr()?);
    let router = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
    tokio::spawn(async move { axum::serve(hello_listener, router).await });

    let client = client()?;
    let agent = sign_in(
        &client,
        &origin,
        "bench-agent@example.com",
        Some(&agent_browser),
    )
    .await?;
    let mut writers = Vec::new();
    for email in &writer_emails {
        writers.push(sign_in(&client, &origin, email, None).await?);
    }
    Ok(Served {
        origin,
        hello,
        db,
        client,
        agent,
        writers,
        setup: started.elapsed(),
        dir,
    })
}

/// Customers and active requests, generated inside SQLite in large transactions (the ids and
/// mixes follow from the row index, so every run with the same scale loads the same data).
async fn load(db: &Db, scale: &Scale) -> BenchResult<()> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let ids = store::bench::insert_customers(&mut tx, scale.customers.max(1), now).await?;
    tx.commit().await?;
    let first = *ids.first().ok_or("no customers were created")?;
    let mut done = 0;
    while done < scale.requests {
        let n = (scale.requests - done).min(250_000);
        let mut tx = db.begin_write().await?;
        store::bench::insert_requests(&mut tx, first, scale.customers.max(1), n, now - done as i64)
            .await?;
        tx.commit().await?;
        done += n;
    }
    store::bench::analyze(db).await?;
    Ok(())
}

/// Sets up the bench agent's authenticator (staff must have one, clause 10) and trusts a
/// browser, so the agent signs in without a code; returns that browser's cookie.
async fn trusted_staff_browser(db: &Db, id: i64, now: i64) -> BenchResult<String> {
    use vipcare::services::{auth::ClientInfo, mfa};
    let user = vipcare::SessionUser {
        id,
        email: "bench-agent@example.com".into(),
        name: "Bench Agent".into(),
        roles: vec![Role::Agent],
        second_factor: false,
    };
    let client = ClientInfo {
        ip: "bench".into(),
        user_agent: None,
    };
    let pending = mfa::begin(db, &user, &client, now).await?;
    let secret = vipcare::mfa::base32_decode(&pending.secret).ok_or("secret is not base32")?;
    let code = vipcare::mfa::code_for_step(&secret, vipcare::mfa::step_at(now));
    let done = mfa::confirm(db, &user, &code, true, &client, now).await?;
    let token = done.trusted_browser.ok_or("browser not trusted")?;
    Ok(format!("vipcare_tb={token}"))
}

/// Signs in through `POST /api/login` as a browser's form would (from a trusted browser when
/// `browser` is its cookie) and returns the session cookie.
async fn sign_in(
    client: &reqwest::Client,
    origin: &str,
    email: &str,
    browser: Option<&str>,
) -> BenchResult<String> {
    let mut req = client
        .post(format!("{origin}/api/login"))
        .header("origin", origin)
        .form(&[("email", email), ("password", PASSWORD)]);
    if let Some(b) = browser {
        req = req.header("cookie", b);
    }
    let res = req.send().await?;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.contains("sid=") && !c.contains("Max-Age=0"))
        .and_then(|c| c.split(';').next())
        .map(str::to_string);
    match cookie {
        Some(c) if res.status().is_success() || res.status().is_redirection() => Ok(c),
        _ => Err(format!("{email} could not sign in: {}", res.status()).into()),
    }
}

/// GET of `url` with `cookie`; true when the answer is 200 and its whole body was read.
pub async fn get_page(client: &reqwest::Client, url: &str, cookie: Option<&str>) -> bool {
    let mut req = client.get(url);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    match req.send().await {
        Ok(res) if res.status() == 200 => res.bytes().await.is_ok(),
        _ => false,
    }
}

/// A customer opens a service request as the portal's form does; true when it was acknowledged
/// (answered after its commit: the id, or the redirect to the new request).
pub async fn open_request(
    client: &reqwest::Client,
    origin: &str,
    cookie: &str,
    subject: &str,
) -> bool {
    let res = client
        .post(format!("{origin}/api/requests/open"))
        .header("origin", origin)
        .header("cookie", cookie)
        .form(&[
            ("kind", "consultation"),
            ("urgency", "normal"),
            ("subject", subject),
            ("body", "Load generated by vipcare-bench."),
        ])
        .send()
        .await;
    match res {
        Ok(r) if r.status().is_success() || r.status().is_redirection() => r.bytes().await.is_ok(),
        _ => false,
    }
}
