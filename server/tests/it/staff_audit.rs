//! Staff management and the audit chain.

use crate::common::{spawn_app, PASSWORD};
use vipcare::services::audit::{self, ChainStatus};
use vipcare::Role;

#[tokio::test]
async fn admin_creates_staff_changes_roles_and_deactivates_with_an_audit_trail() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let res = app
        .post_form(
            "/api/staff/create",
            &[
                ("name", "Agent A"),
                ("email", "a@example.com"),
                ("password", PASSWORD),
                ("role_agent", "on"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.unwrap();
    let agent = app.login("a@example.com", PASSWORD).await.unwrap();
    assert_eq!(app.get("/admin", Some(&agent)).await.status(), 200);

    let res = app
        .post_form(
            "/api/staff/roles",
            &[
                ("id", &id.to_string()),
                ("role_agent", "on"),
                ("role_quality", "on"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 200);
    let none = app
        .post_form("/api/staff/roles", &[("id", &id.to_string())], Some(&admin))
        .await;
    assert_eq!(none.status(), 422, "at least one role");

    let res = app
        .post_form(
            "/api/staff/active",
            &[("id", &id.to_string()), ("active", "false")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 200);
    // Deactivation ends the agent's sessions and blocks sign-in.
    assert_eq!(app.get("/admin", Some(&agent)).await.status(), 302);
    assert_eq!(
        app.login("a@example.com", PASSWORD)
            .await
            .unwrap_err()
            .status(),
        401
    );

    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY seq")
        .fetch_all(app.db.reader())
        .await
        .unwrap();
    for expected in [
        "staff.created",
        "staff.roles_changed",
        "staff.deactivated",
        "auth.sign_in",
        "auth.sign_in_failed",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
    assert!(matches!(
        audit::verify(&app.db).await.unwrap(),
        ChainStatus::Intact { .. }
    ));
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let me = app.add_staff("admin@example.com", &[Role::Admin]).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let r = app
        .post_form(
            "/api/staff/active",
            &[("id", &me.to_string()), ("active", "false")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), 409);
    let r = app
        .post_form(
            "/api/staff/roles",
            &[("id", &me.to_string()), ("role_agent", "on")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), 409);
}

#[tokio::test]
async fn staff_ids_that_are_not_staff_are_not_found() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    let customer = app.add_customer("c@example.com").await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let r = app
        .post_form(
            "/api/staff/roles",
            &[("id", &customer.to_string()), ("role_admin", "on")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = app
        .post_form(
            "/api/staff/active",
            &[("id", "999999"), ("active", "false")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes_and_detects_tampering() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    app.login("admin@example.com", PASSWORD).await.unwrap();
    app.login("admin@example.com", "wrong-password-1")
        .await
        .unwrap_err();
    let mut tx = app.db.begin_write().await.unwrap();
    let upd = sqlx::query("UPDATE audit_log SET action = 'x' WHERE seq = 1")
        .execute(&mut *tx)
        .await;
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    drop(tx);
    let mut tx = app.db.begin_write().await.unwrap();
    let del = sqlx::query("DELETE FROM audit_log").execute(&mut *tx).await;
    assert!(del.unwrap_err().to_string().contains("append-only"));
    drop(tx);
    assert!(
        matches!(audit::verify(&app.db).await.unwrap(), ChainStatus::Intact { entries } if entries >= 3)
    );

    // Someone with raw file access drops the trigger and edits an entry: verification finds it.
    let mut tx = app.db.begin_write().await.unwrap();
    sqlx::query("DROP TRIGGER audit_log_no_update")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET detail = 'edited' WHERE seq = 2")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    match audit::verify(&app.db).await.unwrap() {
        ChainStatus::Broken(b) => assert_eq!(b.seq, 2),
        other => panic!("tampering not detected: {other:?}"),
    }
}
