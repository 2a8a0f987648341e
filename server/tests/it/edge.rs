//! The edge: CSRF rejection, security headers, status codes, body limits, health.

use crate::common::{spawn_app, PASSWORD};
use vipcare::Role;

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"], "ok");
    assert!(json["schema_version"].as_i64().unwrap() >= 3);
}

#[tokio::test]
async fn cross_site_posts_are_rejected_before_any_server_function_runs() {
    let app = spawn_app().await;
    app.add_customer("c@example.com").await;
    let evil = app
        .client
        .post(app.url("/api/login"))
        .header("origin", "https://evil.example")
        .form(&[("email", "c@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), 403);
    let cross = app
        .client
        .post(app.url("/api/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "c@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    // Neither attempt reached the sign-in service: no audit entry, no attempt counted.
    let attempts: i64 = sqlx_count(&app, "SELECT COUNT(*) FROM login_attempts").await;
    assert_eq!(attempts, 0);
}

async fn sqlx_count(app: &crate::common::TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn pages_carry_security_headers_with_a_fresh_csp_nonce() {
    let app = spawn_app().await;
    let a = app.get("/", None).await;
    assert_eq!(a.status(), 200);
    let h = a.headers();
    let csp = h
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'nonce-"), "{csp}");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("referrer-policy").unwrap(), "same-origin");
    assert!(
        h.get("strict-transport-security").is_none(),
        "no HSTS on plain http"
    );
    let b = app.get("/", None).await;
    let csp_b = b
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(csp, csp_b, "each response has its own nonce");
    let nonce = csp_nonce(&a).unwrap();
    let html = a.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the nonce"
    );
    let api = app.get("/healthz", None).await;
    assert!(api.headers().get("content-security-policy").is_some());
}

/// The script nonce named by a response's Content-Security-Policy.
fn csp_nonce(res: &reqwest::Response) -> Option<String> {
    let csp = res
        .headers()
        .get("content-security-policy")?
        .to_str()
        .ok()?;
    Some(csp.split("'nonce-").nth(1)?.split('\'').next()?.to_string())
}

/// Every inline script a browser runs carries exactly the nonce its response's policy allows,
/// on every path that renders HTML: a public page, the 404 fallback, a signed-in portal page
/// and a staff page. A mismatch would leave the page dead (the browser blocks the scripts).
#[tokio::test]
async fn every_inline_script_carries_the_policy_nonce_on_every_kind_of_page() {
    let app = spawn_app().await;
    app.add_customer("c@example.com").await;
    app.add_staff("agent@example.com", &[Role::Agent]).await;
    let customer = app.login("c@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let pages = [
        ("/", None, 200),
        ("/no-such-page", None, 404),
        ("/portal", Some(customer.as_str()), 200),
        ("/portal/membership", Some(customer.as_str()), 200),
        ("/admin", Some(agent.as_str()), 200),
    ];
    for (path, cookie, status) in pages {
        let res = app.get(path, cookie).await;
        assert_eq!(res.status().as_u16(), status, "{path}");
        let nonce = csp_nonce(&res).unwrap_or_else(|| panic!("{path}: policy without a nonce"));
        let html = res.text().await.unwrap();
        let inline: Vec<&str> = html
            .split("<script")
            .skip(1)
            .map(|s| &s[..s.find('>').unwrap_or(s.len())])
            // data blocks (`type="application/json"`) are not run, so need no nonce
            .filter(|attrs| !attrs.contains("src=") && !attrs.contains("application/json"))
            .collect();
        assert!(!inline.is_empty(), "{path}: no inline scripts");
        for attrs in inline {
            assert!(
                attrs.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: inline script <script{attrs}> lacks the nonce {nonce}"
            );
        }
    }
}

/// Statuses, redirects and the policy reach the response however many pages render at once:
/// 400 page renders on two worker threads, four kinds mixed (a 403, a sign-in redirect, a 404
/// and a customer's page). Each response's status and `Location` come from the render (through
/// `ResponseOptions`), and each must be its own request's, with a policy naming its nonce.
/// It loads the machine on purpose, so it runs alone after the parallel suite: once in about a
/// dozen parallel runs one of its 400 renders got another status, cause not yet known.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "heavy: run alone, after the parallel suite, by scripts/test.sh"]
async fn statuses_redirects_and_policies_hold_under_concurrent_renders() {
    let app = spawn_app().await;
    app.add_customer("c@example.com").await;
    let customer = app.login("c@example.com", PASSWORD).await.unwrap();
    let mut renders = tokio::task::JoinSet::new();
    for i in 0..400 {
        let (client, origin, customer) = (app.client.clone(), app.origin.clone(), customer.clone());
        renders.spawn(async move {
            let (path, signed_in, status, location) = match i % 4 {
                0 => ("/admin", true, 403, None),
                1 => (
                    "/portal/membership",
                    false,
                    302,
                    Some("/login?next=/portal/membership"),
                ),
                2 => ("/no-such-page", true, 404, None),
                _ => ("/portal", true, 200, None),
            };
            let mut req = client.get(format!("{origin}{path}"));
            if signed_in {
                req = req.header("cookie", customer);
            }
            let res = req.send().await.expect("request");
            assert_eq!(res.status().as_u16(), status, "{path} (#{i})");
            assert_eq!(
                res.headers().get("location").and_then(|v| v.to_str().ok()),
                location,
                "{path} (#{i})"
            );
            if status != 302 {
                let nonce = csp_nonce(&res).unwrap_or_else(|| panic!("{path} (#{i}): no nonce"));
                let html = res.text().await.unwrap();
                assert!(
                    html.contains(&format!("nonce=\"{nonce}\"")),
                    "{path} (#{i})"
                );
            }
        });
    }
    while let Some(done) = renders.join_next().await {
        done.expect("a render's checks");
    }
}

#[tokio::test]
async fn status_codes_follow_the_access_rules() {
    let app = spawn_app().await;
    app.add_customer("c@example.com").await;
    app.add_staff("agent@example.com", &[Role::Agent]).await;
    // Signed out: protected pages redirect to sign-in.
    let r = app.get("/admin/staff", None).await;
    assert_eq!(r.status(), 302);
    assert_eq!(
        r.headers().get("location").unwrap(),
        "/login?next=/admin/staff"
    );
    // A customer in the staff area: 403. An agent in the admin-only area: 403.
    let customer = app.login("c@example.com", PASSWORD).await.unwrap();
    assert_eq!(app.get("/admin", Some(&customer)).await.status(), 403);
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    assert_eq!(app.get("/admin", Some(&agent)).await.status(), 200);
    assert_eq!(app.get("/admin/staff", Some(&agent)).await.status(), 403);
    assert_eq!(app.get("/portal", Some(&agent)).await.status(), 403);
    // Server functions check on their own, whatever page is asked for.
    let list = app.post_form("/api/staff/list", &[], Some(&agent)).await;
    assert_eq!(list.status(), 403);
    assert_eq!(list.text().await.unwrap(), "\"Forbidden\"");
    let anon = app.post_form("/api/staff/list", &[], None).await;
    assert_eq!(anon.status(), 401);
    // Unknown pages: 404.
    assert_eq!(app.get("/no/such/page", None).await.status(), 404);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let big = "x".repeat(2 * 1024 * 1024);
    let res = app
        .post_form("/api/login", &[("email", &big), ("password", "p")], None)
        .await;
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn errors_never_leak_internal_text() {
    let app = spawn_app().await;
    let res = app
        .post_form("/api/staff/roles", &[("id", "not-a-number")], None)
        .await;
    let body = res.text().await.unwrap();
    for leak in ["sqlx", "SELECT", "/src/", "panicked", "invalid digit"] {
        assert!(!body.contains(leak), "{body}");
    }
}
