//! Sign-in, lockout, rate limit, sessions and sign-out against the real server.

use crate::common::{session_cookie, spawn_app, spawn_app_with, PASSWORD};
use vipcare::Role;

#[tokio::test]
async fn staff_sign_in_sets_a_hardened_cookie_and_opens_the_admin_area() {
    let app = spawn_app().await;
    app.add_staff("boss@example.com", &[Role::Admin]).await;
    let res = app
        .post_form(
            "/api/login",
            &[("email", "boss@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("location").unwrap(), "/admin");
    let raw = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("vipcare_sid="))
        .unwrap();
    assert!(
        raw.contains("HttpOnly") && raw.contains("SameSite=Lax") && raw.contains("Path=/"),
        "{raw}"
    );
    let cookie = session_cookie(&res).unwrap();
    let page = app.get("/admin", Some(&cookie)).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("boss@example.com"));
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    app.add_customer("real@example.com").await;
    let a = app.login("ghost@example.com", PASSWORD).await.unwrap_err();
    let b = app
        .login("real@example.com", "wrong-password-1")
        .await
        .unwrap_err();
    assert_eq!(a.status(), 401);
    assert_eq!(b.status(), 401);
    assert_eq!(a.text().await.unwrap(), b.text().await.unwrap());
}

#[tokio::test]
async fn ten_failures_lock_the_account_even_for_the_right_password() {
    let app = spawn_app().await;
    app.add_customer("target@example.com").await;
    for _ in 0..10 {
        let r = app
            .login("target@example.com", "wrong-password-1")
            .await
            .unwrap_err();
        assert_eq!(r.status(), 401);
    }
    let locked = app.login("target@example.com", PASSWORD).await.unwrap_err();
    assert_eq!(locked.status(), 429);
    assert_eq!(locked.text().await.unwrap(), "\"LockedOut\"");
    // An unknown address locks the same way, so lockout reveals nothing.
    for _ in 0..10 {
        app.login("ghost@example.com", "wrong-password-1")
            .await
            .unwrap_err();
    }
    assert_eq!(
        app.login("ghost@example.com", "x")
            .await
            .unwrap_err()
            .status(),
        429
    );
}

#[tokio::test]
async fn too_many_attempts_from_one_ip_answer_429() {
    let app = spawn_app_with(|p| p.ip_max_attempts = 5).await;
    app.add_customer("c@example.com").await;
    for i in 0..5 {
        let r = app
            .login(&format!("u{i}@example.com"), "wrong-password-1")
            .await
            .unwrap_err();
        assert_eq!(r.status(), 401);
    }
    let r = app.login("c@example.com", PASSWORD).await.unwrap_err();
    assert_eq!(r.status(), 429);
    assert_eq!(r.text().await.unwrap(), "\"RateLimited\"");
}

#[tokio::test]
async fn sign_in_renews_the_session_id_and_sign_out_ends_it_server_side() {
    let app = spawn_app().await;
    app.add_customer("c@example.com").await;
    let first = app.login("c@example.com", PASSWORD).await.unwrap();
    // Signing in again while presenting the old cookie issues a new id and ends the old one.
    let res = app
        .post_form(
            "/api/login",
            &[("email", "c@example.com"), ("password", PASSWORD)],
            Some(&first),
        )
        .await;
    let second = session_cookie(&res).unwrap();
    assert_ne!(first, second);
    assert_eq!(app.get("/portal", Some(&first)).await.status(), 302);
    assert_eq!(app.get("/portal", Some(&second)).await.status(), 200);
    let out = app.post_form("/api/logout", &[], Some(&second)).await;
    assert!(out.status().is_success());
    let res = app.get("/portal", Some(&second)).await;
    assert_eq!(res.status(), 302);
    assert_eq!(
        res.headers().get("location").unwrap(),
        "/login?next=/portal"
    );
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = spawn_app_with(|p| p.idle_timeout_ms = 0).await;
    app.add_customer("c@example.com").await;
    let cookie = app.login("c@example.com", PASSWORD).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let res = app.get("/portal", Some(&cookie)).await;
    assert_eq!(res.status(), 302);
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().contains("Max-Age=0"));
    assert!(cleared, "a stale cookie is cleared");
}

#[tokio::test]
async fn registration_validates_every_field_and_changes_nothing_on_error() {
    let app = spawn_app().await;
    let bad = app
        .post_form(
            "/api/register",
            &[
                ("name", "A"),
                ("email", "not-an-email"),
                ("phone", "13800000000"),
                ("password", "long-enough-pw"),
            ],
            None,
        )
        .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    assert!(
        body.contains("ErrEmailInvalid") && body.contains("email"),
        "{body}"
    );
    assert!(app.login("not-an-email", "long-enough-pw").await.is_err());
    let ok = app
        .post_form(
            "/api/register",
            &[
                ("name", "A"),
                ("email", "A@Example.com"),
                ("phone", "13800000000"),
                ("password", "long-enough-pw"),
            ],
            None,
        )
        .await;
    assert!(ok.status().is_success());
    assert!(session_cookie(&ok).is_some());
    let dup = app
        .post_form(
            "/api/register",
            &[
                ("name", "B"),
                ("email", "a@example.COM"),
                ("phone", "13800000000"),
                ("password", "long-enough-pw"),
            ],
            None,
        )
        .await;
    assert_eq!(dup.status(), 422);
    assert!(dup.text().await.unwrap().contains("ErrEmailTaken"));
}
