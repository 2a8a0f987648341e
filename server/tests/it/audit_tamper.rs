//! The audit chain against someone with raw access to the database file (clause 10.3,
//! tamper-evident log): the append-only triggers are dropped behind the application's back,
//! an entry is edited or deleted, and `vipcare audit-verify` names the entry.

use crate::common::{spawn_app, TestApp, PASSWORD};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use std::process::Command;
use vipcare::services::audit::{self, ChainStatus};
use vipcare::Role;

/// A connection of its own to the test database, outside the application's pools.
async fn raw(app: &TestApp) -> SqliteConnection {
    SqliteConnectOptions::new()
        .filename(&app.db_path)
        .busy_timeout(std::time::Duration::from_secs(5))
        .connect()
        .await
        .unwrap()
}

/// Audited actions through the app; returns the number of entries.
async fn audited_actions(app: &TestApp) -> i64 {
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    for (name, email) in [("Agent A", "a@example.com"), ("Agent B", "b@example.com")] {
        let res = app
            .post_form(
                "/api/staff/create",
                &[
                    ("name", name),
                    ("email", email),
                    ("password", PASSWORD),
                    ("role_agent", "on"),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    app.login("a@example.com", PASSWORD).await.unwrap();
    app.login("b@example.com", "wrong-password-1")
        .await
        .unwrap_err();
    app.login("b@example.com", PASSWORD).await.unwrap();
    match audit::verify(&app.db).await.unwrap() {
        ChainStatus::Intact { entries } => {
            assert!(entries >= 6, "{entries} entries");
            entries
        }
        broken => panic!("chain broken before any tampering: {broken:?}"),
    }
}

/// `vipcare audit-verify` on the test database: (success, stdout).
fn cli_verify(app: &TestApp) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vipcare"))
        .arg("audit-verify")
        .env("VIPCARE_DATABASE", &app.db_path)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run vipcare");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[tokio::test]
async fn audit_verify_names_the_entry_edited_behind_the_applications_back() {
    let app = spawn_app().await;
    let entries = audited_actions(&app).await;
    let (ok, out) = cli_verify(&app);
    assert!(ok, "{out}");
    assert!(out.contains("hash chain intact"), "{out}");

    // Someone with the file: drop the trigger, soften what an entry in the middle says.
    let target = entries / 2;
    let mut c = raw(&app).await;
    sqlx::query("DROP TRIGGER audit_log_no_update")
        .execute(&mut c)
        .await
        .unwrap();
    let edited = sqlx::query("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = ?")
        .bind(target)
        .execute(&mut c)
        .await
        .unwrap();
    assert_eq!(edited.rows_affected(), 1);
    c.close().await.unwrap();

    match audit::verify(&app.db).await.unwrap() {
        ChainStatus::Broken(b) => {
            assert_eq!(b.seq, target);
            assert_eq!(b.reason, "content does not match its hash");
        }
        intact => panic!("the edit went unnoticed: {intact:?}"),
    }
    let (ok, out) = cli_verify(&app);
    assert!(!ok, "non-zero exit: {out}");
    assert!(
        out.contains(&format!("BROKEN at entry {target}: content does not match")),
        "{out}"
    );
}

#[tokio::test]
async fn audit_verify_names_an_entry_whose_hash_was_recomputed_to_fit() {
    let app = spawn_app().await;
    let entries = audited_actions(&app).await;
    let target = entries / 2;
    // A careful forger edits the entry and recomputes its own hash: the next entry's link to
    // it no longer fits.
    let mut c = raw(&app).await;
    sqlx::query("DROP TRIGGER audit_log_no_update")
        .execute(&mut c)
        .await
        .unwrap();
    let mut entry = vipcare::store::audit::page_after(app.db.reader(), target - 1, 1)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(entry.seq, target);
    entry.content.detail = Some("nothing happened".into());
    let forged = vipcare::audit::entry_hash(&entry.prev_hash, entry.seq, &entry.content);
    sqlx::query("UPDATE audit_log SET detail = ?, hash = ? WHERE seq = ?")
        .bind(&entry.content.detail)
        .bind(&forged)
        .bind(target)
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();

    match audit::verify(&app.db).await.unwrap() {
        ChainStatus::Broken(b) => {
            assert_eq!(b.seq, target + 1);
            assert_eq!(b.reason, "previous hash does not match");
        }
        intact => panic!("the forgery went unnoticed: {intact:?}"),
    }
    let (ok, out) = cli_verify(&app);
    assert!(!ok);
    assert!(
        out.contains(&format!("BROKEN at entry {}: previous hash", target + 1)),
        "{out}"
    );
}

#[tokio::test]
async fn audit_verify_pinpoints_an_entry_deleted_from_the_middle() {
    let app = spawn_app().await;
    let entries = audited_actions(&app).await;
    let target = entries / 2;
    let mut c = raw(&app).await;
    sqlx::query("DROP TRIGGER audit_log_no_delete")
        .execute(&mut c)
        .await
        .unwrap();
    // The entry goes with its personal data (the side row references it).
    sqlx::query("DELETE FROM audit_personal WHERE seq = ?")
        .bind(target)
        .execute(&mut c)
        .await
        .unwrap();
    let deleted = sqlx::query("DELETE FROM audit_log WHERE seq = ?")
        .bind(target)
        .execute(&mut c)
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 1);
    c.close().await.unwrap();

    // The gap is named by the missing entry's own number (the log has no gaps).
    match audit::verify(&app.db).await.unwrap() {
        ChainStatus::Broken(b) => {
            assert_eq!(b.seq, target);
            assert_eq!(b.reason, "entry is missing");
        }
        intact => panic!("the deletion went unnoticed: {intact:?}"),
    }
    let (ok, out) = cli_verify(&app);
    assert!(!ok, "non-zero exit: {out}");
    assert!(
        out.contains(&format!("BROKEN at entry {target}: entry is missing")),
        "{out}"
    );
}
