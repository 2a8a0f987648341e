//! The second sign-in factor over HTTP (clause 10): a staff member's first sign-in leads only
//! to setting up an authenticator; afterwards the password is followed by a code that works
//! once; recovery codes work once; wrong codes count towards the lockout; trusted browsers
//! skip the code until forgotten; customers opt in and out; an admin's reset is audited.

use crate::common::{session_cookie, set_cookie, spawn_app, TestApp, PASSWORD};
use vipcare::mfa::{code_for_step, step_at, MfaStatus};
use vipcare::store::now_ms;
use vipcare::Role;

async fn audits(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?")
        .bind(action)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// `POST /api/login` from a browser nobody trusts: (status, location, session, challenge).
async fn password_step(
    app: &TestApp,
    email: &str,
    browser: Option<&str>,
) -> (u16, String, Option<String>, Option<String>) {
    let res = app
        .post_form(
            "/api/login",
            &[("email", email), ("password", PASSWORD)],
            browser,
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (
        res.status().as_u16(),
        location,
        session_cookie(&res),
        set_cookie(&res, "vipcare_mfa"),
    )
}

async fn status(app: &TestApp, cookie: &str) -> MfaStatus {
    let res = app.post_form("/api/account/mfa", &[], Some(cookie)).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// A code of `secret` one step ahead of the last one used, as a phone shows it moments later.
fn code(secret: &[u8], step: i64) -> String {
    code_for_step(secret, step)
}

#[tokio::test]
async fn clause_10_staff_set_up_an_authenticator_at_first_sign_in_then_need_a_code() {
    let app = spawn_app().await;
    let id = app.add_staff("new.agent@example.com", &[Role::Agent]).await;

    // First sign-in: a session that leads only to the set-up.
    let (status_code, location, session, challenge) =
        password_step(&app, "new.agent@example.com", None).await;
    assert_eq!(status_code, 200);
    assert_eq!(location, "/account/security");
    assert!(challenge.is_none());
    let s = session.expect("a session");
    let page = app.get("/admin", Some(&s)).await;
    assert_eq!(page.status(), 302);
    assert_eq!(page.headers()["location"], "/account/security");
    let res = app.post_form("/api/staff/list", &[], Some(&s)).await;
    assert_eq!(res.status(), 403, "nothing else until it is set up");
    assert_eq!(app.get("/account/security", Some(&s)).await.status(), 200);
    let st = status(&app, &s).await;
    assert!(st.required && !st.enrolled && st.pending.is_none());

    // Start: a key and its QR code, the same on reload.
    assert_eq!(
        app.post_form("/api/account/mfa/begin", &[], Some(&s))
            .await
            .status(),
        200
    );
    let pending = status(&app, &s).await.pending.expect("pending");
    assert!(pending.qr_svg.starts_with("<svg") && pending.uri.contains("issuer=VIP%20Care"));
    app.post_form("/api/account/mfa/begin", &[], Some(&s)).await;
    assert_eq!(
        status(&app, &s).await.pending.unwrap().secret,
        pending.secret
    );
    let secret = vipcare::mfa::base32_decode(&pending.secret).unwrap();

    // A wrong code changes nothing; the right one turns it on and gives 10 recovery codes once.
    let now = step_at(now_ms());
    let right = code(&secret, now);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let res = app
        .post_form("/api/account/mfa/confirm", &[("code", wrong)], Some(&s))
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("ErrMfaCode"));
    assert!(!status(&app, &s).await.enrolled);
    let res = app
        .post_form("/api/account/mfa/confirm", &[("code", &right)], Some(&s))
        .await;
    assert_eq!(res.status(), 200);
    let recovery: Vec<String> = res.json().await.unwrap();
    assert_eq!(recovery.len(), 10);
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?")
            .bind(id)
            .fetch_all(app.db.reader())
            .await
            .unwrap();
    assert_eq!(stored.len(), 10);
    assert!(
        recovery
            .iter()
            .all(|c| !stored.iter().any(|h| h.contains(&c[..5]))),
        "only hashes are stored"
    );
    // The authenticator key is sealed under the server's key: the database alone does not
    // give it away, and it opens only for its own row.
    let sealed: String = sqlx::query_scalar("SELECT secret FROM mfa_totp WHERE user_id = ?")
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    let plain = vipcare::mfa::base32_encode(&secret);
    assert!(
        sealed.starts_with("s1:") && !sealed.contains(&plain[..8]),
        "{sealed}"
    );
    let key = app.db.secret_key().unwrap();
    assert_eq!(key.open(&sealed, &format!("mfa_totp:{id}")).unwrap(), plain);
    assert!(key.open(&sealed, &format!("mfa_totp:{}", id + 1)).is_err());
    // The same session now reaches the admin area.
    assert_eq!(app.get("/admin", Some(&s)).await.status(), 200);
    assert_eq!(audits(&app, "mfa.enrolled").await, 1);

    // The next sign-in: the password alone is not enough.
    let (status_code, location, session, challenge) =
        password_step(&app, "new.agent@example.com", None).await;
    assert_eq!(status_code, 200);
    assert_eq!(location, "/login/verify");
    assert!(session.is_none(), "no session before the code");
    let challenge = challenge.expect("challenge cookie");
    let verify = |code: String| {
        let app = &app;
        let challenge = challenge.clone();
        async move {
            app.post_form("/api/login/verify", &[("code", &code)], Some(&challenge))
                .await
        }
    };
    // The code used to confirm cannot be used again; the next one can, once.
    let res = verify(right.clone()).await;
    assert_eq!(res.status(), 422, "a code works once");
    let next = code(&secret, now + 1);
    let res = verify(next.clone()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/admin");
    assert!(session_cookie(&res).is_some());
    let (_, _, _, challenge2) = password_step(&app, "new.agent@example.com", None).await;
    let res = app
        .post_form(
            "/api/login/verify",
            &[("code", &next)],
            Some(&challenge2.clone().unwrap()),
        )
        .await;
    assert_eq!(res.status(), 422, "replayed");

    // A recovery code works instead, once.
    let res = app
        .post_form(
            "/api/login/verify",
            &[("code", &recovery[0].to_uppercase())],
            Some(&challenge2.clone().unwrap()),
        )
        .await;
    assert_eq!(res.status(), 200);
    let s2 = session_cookie(&res).unwrap();
    assert_eq!(status(&app, &s2).await.recovery_codes_left, 9);
    let (_, _, _, challenge3) = password_step(&app, "new.agent@example.com", None).await;
    let res = app
        .post_form(
            "/api/login/verify",
            &[("code", &recovery[0])],
            Some(&challenge3.unwrap()),
        )
        .await;
    assert_eq!(res.status(), 422, "a recovery code works once");

    // Staff cannot turn it off.
    let res = app
        .post_form(
            "/api/account/mfa/disable",
            &[("password", PASSWORD)],
            Some(&s2),
        )
        .await;
    assert_eq!(res.status(), 403);
    let how: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'auth.sign_in' ORDER BY seq",
    )
    .fetch_all(app.db.reader())
    .await
    .unwrap();
    assert_eq!(
        how,
        [
            "factors=password",
            "factors=password+totp",
            "factors=password+recovery_code"
        ]
    );
}

#[tokio::test]
async fn clause_10_wrong_codes_end_the_attempt_and_count_towards_the_lockout() {
    let app = spawn_app().await;
    app.add_staff("guess@example.com", &[Role::Finance]).await;
    app.set_up_second_factor("guess@example.com").await;
    let (_, location, _, challenge) = password_step(&app, "guess@example.com", None).await;
    assert_eq!(location, "/login/verify");
    let challenge = challenge.unwrap();
    let secret = app.totp_secret("guess@example.com");
    let right = code(&secret, step_at(now_ms()) + 1);
    let wrongs: Vec<String> = (0..5)
        .map(|i| format!("{:06}", (right.parse::<u32>().unwrap() + 1 + i) % 1_000_000))
        .collect();
    for w in &wrongs {
        let res = app
            .post_form("/api/login/verify", &[("code", w)], Some(&challenge))
            .await;
        assert_eq!(res.status(), 422);
    }
    // Five wrong codes: this sign-in is over, even with the right code.
    let res = app
        .post_form("/api/login/verify", &[("code", &right)], Some(&challenge))
        .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("ErrMfaChallengeExpired"));
    assert_eq!(audits(&app, "auth.second_factor_failed").await, 5);
    // Five more (a new attempt) reach the account's lockout of 10 failures.
    let (_, _, _, challenge) = password_step(&app, "guess@example.com", None).await;
    let challenge = challenge.unwrap();
    for w in &wrongs {
        app.post_form("/api/login/verify", &[("code", w)], Some(&challenge))
            .await;
    }
    let res = app
        .post_form(
            "/api/login",
            &[("email", "guess@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(res.status(), 429, "locked out");
    // No cookie, no sign-in.
    let res = app
        .post_form("/api/login/verify", &[("code", &right)], None)
        .await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn clause_10_a_trusted_browser_skips_the_code_until_forgotten_or_reset() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    let agent = app.add_staff("trusty@example.com", &[Role::Agent]).await;
    app.set_up_second_factor("trusty@example.com").await;
    let browser = app.trusted_browser_cookie("trusty@example.com").unwrap();
    let (_, location, session, _) = password_step(&app, "trusty@example.com", Some(&browser)).await;
    assert_eq!(location, "/admin");
    let s = session.unwrap();
    assert_eq!(status(&app, &s).await.trusted_browsers, 1);
    // Another person's trusted browser is no use to this account.
    app.set_up_second_factor("admin@example.com").await;
    let other = app.trusted_browser_cookie("admin@example.com").unwrap();
    let (_, location, _, _) = password_step(&app, "trusty@example.com", Some(&other)).await;
    assert_eq!(location, "/login/verify");
    // Forgotten: the code is asked again.
    let res = app
        .post_form("/api/account/mfa/forget-browsers", &[], Some(&s))
        .await;
    assert_eq!(res.status(), 200);
    let (_, location, _, _) = password_step(&app, "trusty@example.com", Some(&browser)).await;
    assert_eq!(location, "/login/verify");

    // The admin resets the agent's authenticator (lost phone): a reason is required, the
    // agent's sessions end, the next sign-in sets up a new one, the audit log says why.
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let res = app
        .post_form(
            "/api/staff/mfa-reset",
            &[("user", &agent.to_string()), ("reason", " ")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            "/api/staff/mfa-reset",
            &[
                ("user", &agent.to_string()),
                ("reason", "手机遗失 / lost phone"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.get("/admin", Some(&s)).await.status(),
        302,
        "signed out"
    );
    let (_, location, _, _) = password_step(&app, "trusty@example.com", Some(&browser)).await;
    assert_eq!(location, "/account/security");
    let after: String = sqlx::query_scalar(
        "SELECT after_json FROM audit_log WHERE action = 'mfa.reset' AND subject_user_id = ?",
    )
    .bind(agent)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert!(after.contains("lost phone") && after.contains("\"had_authenticator\":true"));
    // Nobody resets their own.
    let admin_id: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@example.com'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    let res = app
        .post_form(
            "/api/staff/mfa-reset",
            &[("user", &admin_id.to_string()), ("reason", "mine")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn clause_10_customers_may_opt_in_and_out() {
    let app = spawn_app().await;
    app.add_customer("careful@example.com").await;
    let c = app.login("careful@example.com", PASSWORD).await.unwrap();
    let st = status(&app, &c).await;
    assert!(!st.required && !st.enrolled);
    app.post_form("/api/account/mfa/begin", &[], Some(&c)).await;
    let pending = status(&app, &c).await.pending.unwrap();
    let secret = vipcare::mfa::base32_decode(&pending.secret).unwrap();
    let now = step_at(now_ms());
    let res = app
        .post_form(
            "/api/account/mfa/confirm",
            &[("code", &code(&secret, now)), ("trust", "on")],
            Some(&c),
        )
        .await;
    assert_eq!(res.status(), 200);
    let browser = set_cookie(&res, "vipcare_tb").expect("trusted browser cookie");
    // Signing in now asks for a code, except on the trusted browser.
    let (_, location, _, _) = password_step(&app, "careful@example.com", None).await;
    assert_eq!(location, "/login/verify");
    let (_, location, _, _) = password_step(&app, "careful@example.com", Some(&browser)).await;
    assert_eq!(location, "/portal");
    // Off again, with the password; a wrong one changes nothing.
    let res = app
        .post_form(
            "/api/account/mfa/disable",
            &[("password", "not-my-password-1")],
            Some(&c),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(status(&app, &c).await.enrolled);
    let res = app
        .post_form(
            "/api/account/mfa/disable",
            &[("password", PASSWORD)],
            Some(&c),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(!status(&app, &c).await.enrolled);
    let (_, location, _, _) = password_step(&app, "careful@example.com", None).await;
    assert_eq!(location, "/portal");
    assert_eq!(audits(&app, "mfa.disabled").await, 1);
}

#[tokio::test]
async fn clause_10_keys_stored_before_sealing_are_sealed_at_start() {
    let app = spawn_app().await;
    let id = app
        .add_staff("before@example.com", &[vipcare::Role::Agent])
        .await;
    let plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let mut tx = app.db.begin_write().await.unwrap();
    sqlx::query(
        "INSERT INTO mfa_totp (user_id, secret, confirmed_at, last_step, created_at)
         VALUES (?, ?, 1, 0, 1)",
    )
    .bind(id)
    .bind(plain)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let seal = vipcare::services::mfa::seal_stored_secrets;
    assert_eq!(seal(&app.db).await.unwrap(), 1);
    let stored: String = sqlx::query_scalar("SELECT secret FROM mfa_totp WHERE user_id = ?")
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert!(stored.starts_with("s1:") && !stored.contains(plain));
    let key = app.db.secret_key().unwrap();
    assert_eq!(key.open(&stored, &format!("mfa_totp:{id}")).unwrap(), plain);
    assert_eq!(seal(&app.db).await.unwrap(), 0, "idempotent");
}
