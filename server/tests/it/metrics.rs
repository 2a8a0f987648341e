//! Operations (issue 9): every response carries a request id; `/metrics` speaks Prometheus text
//! to admins only, counting requests by route class (never by raw path) beside the programme's
//! gauges.

use crate::common::{spawn_app, PASSWORD};
use vipcare::Role;

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_plain_caller_id_is_kept() {
    let app = spawn_app().await;
    let res = app.get("/healthz", None).await;
    let first = res.headers()["x-request-id"].to_str().unwrap().to_string();
    let res = app.get("/no-such-page", None).await;
    let second = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!first.is_empty() && first != second, "{first} / {second}");

    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "support-ticket-42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "support-ticket-42");
    // An id that could forge a log line is replaced.
    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "x\" injected=1")
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers()["x-request-id"], "x\" injected=1");
}

#[tokio::test]
async fn metrics_are_for_admins_only_and_name_no_path_or_person() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    app.add_staff("agent@example.com", &[Role::Agent]).await;
    app.add_customer("vip@example.com").await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let vip = app.login("vip@example.com", PASSWORD).await.unwrap();

    assert_eq!(app.get("/metrics", None).await.status(), 401);
    assert_eq!(app.get("/metrics", Some(&vip)).await.status(), 403);
    assert_eq!(app.get("/metrics", Some(&agent)).await.status(), 403);

    // Some traffic: a page with a search term in its query, a server function, a 404.
    app.get("/admin/customers?q=vip%40example.com", Some(&admin))
        .await;
    app.post_form("/api/programme/levels", &[], None).await;
    app.get("/portal/requests/424242", Some(&vip)).await;

    let res = app.get("/metrics", Some(&admin)).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let body = res.text().await.unwrap();
    for want in [
        "vipcare_http_requests_total{class=\"page\",status=\"200\"}",
        "vipcare_http_requests_total{class=\"server_fn\",status=\"200\"}",
        "vipcare_http_requests_total{class=\"ops\",status=\"401\"}",
        "vipcare_http_request_duration_seconds_bucket{class=\"page\",le=\"+Inf\"}",
        "vipcare_requests_open ",
        "vipcare_sla_breaches_total ",
        "vipcare_complaints_open ",
        "vipcare_audit_entries ",
    ] {
        assert!(body.contains(want), "missing {want} in\n{body}");
    }
    for never in ["example.com", "424242", "customers", "q="] {
        assert!(!body.contains(never), "{never} leaked into\n{body}");
    }
}
