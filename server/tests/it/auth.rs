//! Sign-in, lockout, rate limit, sessions and sign-out against the real server.

use crate::common::{session_cookie, spawn_app, spawn_app_with, PASSWORD};
use vipcare::Role;

#[tokio::test]
async fn staff_sign_in_sets_a_hardened_cookie_and_opens_the_admin_area() {
    let app = spawn_app().await;
    app.add_staff("boss@example.com", &[Role::Admin]).await;
    // From a browser the account trusts; `mfa.rs` covers the code step.
    app.set_up_second_factor("boss@example.com").await;
    let res = app
        .post_form(
            "/api/login",
            &[("email", "boss@example.com"), ("password", PASSWORD)],
            app.trusted_browser_cookie("boss@example.com").as_deref(),
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

// ---------------------------------------------------------------- a simulated clock
//
// The service takes the time as an argument, so the timeouts and windows are checked at their
// exact edges without waiting: `now` below is a simulated clock.

mod clock {
    use crate::common::{spawn_app, PASSWORD};
    use vipcare::services::auth::{
        resolve, sign_in, AuthPolicy, ClientInfo, IssuedSession, SignIn,
    };
    use vipcare::services::ServiceError;

    const MIN: i64 = 60_000;
    const T0: i64 = 1_800_000_000_000;

    /// The session of a sign-in that needed no second factor.
    fn issued(r: SignIn) -> IssuedSession {
        match r {
            SignIn::Session(s) => s,
            other => panic!("expected a session, got {other:?}"),
        }
    }

    fn from(ip: &str) -> ClientInfo {
        ClientInfo {
            ip: ip.to_string(),
            user_agent: None,
        }
    }

    #[tokio::test]
    async fn a_session_ends_after_30_idle_minutes_but_not_before() {
        let app = spawn_app().await;
        app.add_customer("idle@example.com").await;
        let p = AuthPolicy::default();
        let s = issued(
            sign_in(
                &app.db,
                &p,
                "idle@example.com",
                PASSWORD,
                None,
                None,
                &from("10.0.0.1"),
                T0,
            )
            .await
            .unwrap(),
        );
        // Used at 29 minutes: still valid, and the idle clock restarts from there.
        assert!(resolve(&app.db, &p, &s.token, true, T0 + 29 * MIN)
            .await
            .unwrap()
            .is_some());
        assert!(resolve(&app.db, &p, &s.token, true, T0 + 59 * MIN)
            .await
            .unwrap()
            .is_some());
        // 30 minutes and a moment after the last use: gone, and gone for good.
        let last = T0 + 59 * MIN;
        assert!(resolve(&app.db, &p, &s.token, true, last + 30 * MIN + 1)
            .await
            .unwrap()
            .is_none());
        assert!(resolve(&app.db, &p, &s.token, true, last + MIN)
            .await
            .unwrap()
            .is_none());
    }

    #[tokio::test]
    async fn a_session_ends_12_hours_after_sign_in_however_busy() {
        let app = spawn_app().await;
        app.add_customer("busy@example.com").await;
        let p = AuthPolicy::default();
        let s = issued(
            sign_in(
                &app.db,
                &p,
                "busy@example.com",
                PASSWORD,
                None,
                None,
                &from("10.0.0.2"),
                T0,
            )
            .await
            .unwrap(),
        );
        // Active every 20 minutes for 12 hours: never idle, still valid at the edge…
        let mut t = T0;
        while t + 20 * MIN <= T0 + 12 * 60 * MIN {
            t += 20 * MIN;
            assert!(
                resolve(&app.db, &p, &s.token, true, t)
                    .await
                    .unwrap()
                    .is_some(),
                "valid {} min after sign-in",
                (t - T0) / MIN
            );
        }
        // …and not a moment later.
        let end = T0 + 12 * 60 * MIN + 1;
        assert!(resolve(&app.db, &p, &s.token, true, end)
            .await
            .unwrap()
            .is_none());
    }

    #[tokio::test]
    async fn a_lockout_lasts_15_minutes_from_the_last_failure() {
        let app = spawn_app().await;
        app.add_customer("locked@example.com").await;
        let p = AuthPolicy::default();
        let ip = from("10.0.0.3");
        for i in 0..10 {
            let r = sign_in(
                &app.db,
                &p,
                "locked@example.com",
                "wrong-password!",
                None,
                None,
                &ip,
                T0 + i * MIN,
            )
            .await;
            assert!(matches!(r, Err(ServiceError::InvalidCredentials)), "{r:?}");
        }
        let last = T0 + 9 * MIN;
        // The right password during the lockout: refused, like any other.
        let r = sign_in(
            &app.db,
            &p,
            "locked@example.com",
            PASSWORD,
            None,
            None,
            &ip,
            last + 15 * MIN - 1,
        )
        .await;
        assert!(matches!(r, Err(ServiceError::LockedOut)), "{r:?}");
        // Once it has run out, the right password works again.
        let r = sign_in(
            &app.db,
            &p,
            "locked@example.com",
            PASSWORD,
            None,
            None,
            &ip,
            last + 15 * MIN + 1,
        )
        .await;
        assert!(r.is_ok(), "{r:?}");
    }

    #[tokio::test]
    async fn one_ip_gets_60_attempts_in_5_minutes_then_waits_for_the_window() {
        let app = spawn_app().await;
        let p = AuthPolicy::default();
        let ip = from("10.0.0.4");
        // Unknown addresses: the same work and answer as a wrong password (no enumeration).
        for i in 0..60 {
            let r = sign_in(
                &app.db,
                &p,
                &format!("nobody{i}@example.com"),
                "x-password-1",
                None,
                None,
                &ip,
                T0 + i * 1_000,
            )
            .await;
            assert!(matches!(r, Err(ServiceError::InvalidCredentials)), "{r:?}");
        }
        let r = sign_in(
            &app.db,
            &p,
            "nobody@example.com",
            "x-password-1",
            None,
            None,
            &ip,
            T0 + 61_000,
        )
        .await;
        assert!(matches!(r, Err(ServiceError::RateLimited)), "{r:?}");
        // Another address is not affected; this one is again once the window has passed.
        let r = sign_in(
            &app.db,
            &p,
            "nobody@example.com",
            "x-password-1",
            None,
            None,
            &from("10.0.0.5"),
            T0 + 61_000,
        )
        .await;
        assert!(matches!(r, Err(ServiceError::InvalidCredentials)), "{r:?}");
        let r = sign_in(
            &app.db,
            &p,
            "nobody@example.com",
            "x-password-1",
            None,
            None,
            &ip,
            T0 + 59_000 + 5 * MIN + 1,
        )
        .await;
        assert!(matches!(r, Err(ServiceError::InvalidCredentials)), "{r:?}");
    }

    #[tokio::test]
    async fn a_planted_session_id_is_never_the_one_issued() {
        let app = spawn_app().await;
        app.add_customer("victim@example.com").await;
        let p = AuthPolicy::default();
        let ip = from("10.0.0.6");
        // An attacker's own valid session, planted in the victim's browser before sign-in.
        app.add_customer("attacker@example.com").await;
        let planted = issued(
            sign_in(
                &app.db,
                &p,
                "attacker@example.com",
                PASSWORD,
                None,
                None,
                &ip,
                T0,
            )
            .await
            .unwrap(),
        );
        let victim = issued(
            sign_in(
                &app.db,
                &p,
                "victim@example.com",
                PASSWORD,
                Some(&planted.token),
                None,
                &ip,
                T0 + MIN,
            )
            .await
            .unwrap(),
        );
        assert_ne!(victim.token, planted.token);
        // The planted id is ended, and the victim's session is theirs alone.
        assert!(resolve(&app.db, &p, &planted.token, true, T0 + 2 * MIN)
            .await
            .unwrap()
            .is_none());
        let me = resolve(&app.db, &p, &victim.token, true, T0 + 2 * MIN)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(me.user.email, "victim@example.com");
        // A made-up id is simply not a session.
        assert!(resolve(&app.db, &p, "made-up-token", true, T0)
            .await
            .unwrap()
            .is_none());
    }
}
