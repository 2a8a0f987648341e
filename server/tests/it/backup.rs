//! Data safety (clause 10; the signed agreements of 13.2 and every record behind them):
//! `vipcare backup` copies a live database consistently, `vipcare restore` brings it back, and
//! neither overwrites nor installs what it should not.

use crate::common::{spawn_app, who, TestApp, PASSWORD};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use vipcare::ledger::EntrySource;
use vipcare::services::audit::{self, ChainStatus};
use vipcare::store::now_ms;
use vipcare::Role;
use vipcare_server::backup::{self, BackupError};

async fn connect(path: &Path) -> SqliteConnection {
    SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(std::time::Duration::from_secs(5))
        .connect()
        .await
        .unwrap()
}

/// Every row of every table, each row as its quoted columns, sorted: two databases with the
/// same dump hold the same data.
async fn dump(path: &Path) -> BTreeMap<String, Vec<String>> {
    let mut c = connect(path).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut out = BTreeMap::new();
    for t in tables {
        let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(&t)
            .fetch_all(&mut c)
            .await
            .unwrap();
        let row = cols
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {row} FROM \"{t}\" ORDER BY 1"))
                .fetch_all(&mut c)
                .await
                .unwrap();
        out.insert(t, rows);
    }
    c.close().await.unwrap();
    out
}

/// Writes through the app: staff created and changed over HTTP, sign-ins (sessions, attempts,
/// audit), a failed sign-in, and ledger entries through the import service.
async fn write_some_data(app: &TestApp) {
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
    let customer = app.add_customer("near@example.com").await;
    app.login("near@example.com", PASSWORD).await.unwrap();
    app.login("near@example.com", "wrong-password-1")
        .await
        .unwrap_err();
    let csv = "external_id,customer_email,occurred_at,kind,amount_fen,points\n\
               B-1,near@example.com,2026-01-10 10:00:00,purchase,1000000,10000\n\
               B-2,near@example.com,2026-02-10 10:00:00,refund,-50000,-500\n";
    let report = vipcare::services::ledger::import_file(
        &app.db,
        &who(customer),
        csv.as_bytes(),
        EntrySource::Cli,
        now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(report.counts.inserted, 2);
}

fn vipcare_cli(db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vipcare"))
        .args(args)
        .env("VIPCARE_DATABASE", db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run vipcare");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn backup_then_restore_keeps_every_row() {
    let app = spawn_app().await;
    write_some_data(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vipcare-backup.db");
    let before = dump(&app.db_path).await;

    let report = backup::backup(&app.db, &file, false).await.unwrap();
    assert_eq!(report.path, file);
    assert_eq!(report.bytes, std::fs::metadata(&file).unwrap().len());
    assert!(report.bytes > 0);
    assert_eq!(
        names_in(dir.path()),
        ["vipcare-backup.db"],
        "no partial file left"
    );

    // Restore into a path that does not exist yet (a new machine).
    let target = dir.path().join("new/data/vipcare.db");
    let r = backup::restore(&file, &target).await.unwrap();
    assert_eq!(r.file_version, report.schema_version);
    assert_eq!(r.schema_version, report.schema_version);
    let restored = dump(&target).await;
    assert_eq!(restored, dump(&file).await, "the restore is the backup");
    for (table, rows) in &before {
        let got = &restored[table];
        for row in rows {
            assert!(got.contains(row), "{table}: {row} missing after restore");
        }
    }
    for (table, rows) in [
        ("users", 3),
        ("ledger_entries", 2),
        ("audit_log", 6),
        ("sessions", 2),
    ] {
        assert!(
            restored[table].len() >= rows,
            "{table}: {:?}",
            restored[table]
        );
    }
    let db = vipcare::store::Db::open(&target).await.unwrap();
    assert!(matches!(
        audit::verify(&db).await.unwrap(),
        ChainStatus::Intact { entries } if entries as usize == restored["audit_log"].len()
    ));
    let signed_in: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = ?")
        .bind("a@example.com")
        .fetch_one(db.reader())
        .await
        .unwrap();
    assert_eq!(signed_in, 1);
    db.close().await;

    // Online: sign-ins keep writing (sessions, audit entries) while a copy is taken; the copy
    // is consistent and its audit chain is whole.
    let busy = {
        let url = app.url("/api/login");
        let origin = app.origin.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            for _ in 0..5 {
                let res = client
                    .post(&url)
                    .header("origin", &origin)
                    .header("sec-fetch-site", "same-origin")
                    .form(&[("email", "admin@example.com"), ("password", PASSWORD)])
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success());
            }
        })
    };
    let during = dir.path().join("during.db");
    backup::backup(&app.db, &during, false).await.unwrap();
    busy.await.unwrap();
    let copy = vipcare::store::Db::open(&during).await.unwrap();
    assert!(matches!(
        audit::verify(&copy).await.unwrap(),
        ChainStatus::Intact { .. }
    ));
    copy.close().await;

    // The same through the binary: restore over an existing database.
    let (ok, out, err) = vipcare_cli(&target, &["restore", "--from", file.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("restored"), "{out}");
    assert_eq!(dump(&target).await, restored);
}

#[tokio::test]
async fn backup_refuses_to_overwrite_an_existing_file_unless_forced() {
    let app = spawn_app().await;
    write_some_data(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.db");
    std::fs::write(&file, b"yesterday's backup").unwrap();
    let err = backup::backup(&app.db, &file, false).await.unwrap_err();
    assert!(matches!(err, BackupError::Exists(_)), "{err}");
    assert!(err.to_string().contains("--force"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), b"yesterday's backup");

    // The binary: the same refusal and a non-zero exit; `--force` replaces it.
    let to = file.to_str().unwrap();
    let (ok, out, err) = vipcare_cli(&app.db_path, &["backup", "--to", to]);
    assert!(!ok, "{out}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), b"yesterday's backup");
    let (ok, out, err) = vipcare_cli(&app.db_path, &["backup", "--to", to, "--force"]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(to) && out.contains(" bytes") && out.contains(" ms"),
        "path, size and duration: {out}"
    );
    backup::check_file(&file).await.unwrap();
    assert_eq!(names_in(dir.path()), ["b.db"]);

    // A backup that cannot be written leaves nothing behind and exits non-zero.
    let nowhere = dir.path().join("missing-dir/b.db");
    assert!(backup::backup(&app.db, &nowhere, false).await.is_err());
    assert!(!nowhere.exists());
    assert_eq!(names_in(dir.path()), ["b.db"]);
    let (ok, _, _) = vipcare_cli(&app.db_path, &["backup", "--to", nowhere.to_str().unwrap()]);
    assert!(!ok);
    // No database at the configured path: refused, and none is created.
    let absent = dir.path().join("typo.db");
    let (ok, _, err) = vipcare_cli(&absent, &["backup", "--to", "x.db"]);
    assert!(!ok && err.contains("no database"), "{err}");
    assert!(!absent.exists());
}

/// A standalone VIP Care database (as after a restore, server stopped) and its directory.
async fn stopped_target(app: &TestApp, dir: &Path) -> PathBuf {
    let target = dir.join("vipcare.db");
    backup::backup(&app.db, &target, false).await.unwrap();
    target
}

async fn assert_refused_untouched(
    bad: &Path,
    target: &Path,
    expect: impl Fn(&BackupError) -> bool,
) {
    let dir = target.parent().unwrap();
    let bytes = std::fs::read(target).unwrap();
    let names = names_in(dir);
    let err = backup::restore(bad, target).await.unwrap_err();
    assert!(expect(&err), "{bad:?}: {err:?}");
    assert_eq!(std::fs::read(target).unwrap(), bytes, "target changed");
    assert_eq!(names_in(dir), names, "files appeared or vanished");
    let (ok, out, stderr) = vipcare_cli(target, &["restore", "--from", bad.to_str().unwrap()]);
    assert!(!ok, "{out}");
    assert!(stderr.contains(&err.to_string()), "{stderr} vs {err}");
    assert_eq!(
        std::fs::read(target).unwrap(),
        bytes,
        "target changed (cli)"
    );
    assert_eq!(names_in(dir), names, "files appeared or vanished (cli)");
}

#[tokio::test]
async fn restore_refuses_a_truncated_or_garbage_file_and_leaves_the_database_untouched() {
    let app = spawn_app().await;
    write_some_data(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let target = stopped_target(&app, dir.path()).await;
    let good = work.path().join("good.db");
    backup::backup(&app.db, &good, false).await.unwrap();
    let full = std::fs::read(&good).unwrap();

    let truncated = work.path().join("truncated.db");
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    assert_refused_untouched(&truncated, &target, |e| {
        matches!(e, BackupError::Damaged(..))
    })
    .await;

    // The header survives, a page in the middle is overwritten.
    let mut scribbled = full.clone();
    let page = 4096;
    let mid = (full.len() / page / 2) * page;
    for b in &mut scribbled[mid..mid + page] {
        *b = 0xA5;
    }
    let scribbled_file = work.path().join("scribbled.db");
    std::fs::write(&scribbled_file, &scribbled).unwrap();
    assert_refused_untouched(&scribbled_file, &target, |e| {
        matches!(e, BackupError::Damaged(..))
    })
    .await;

    let garbage = work.path().join("garbage.db");
    std::fs::write(&garbage, "this is not a database\n".repeat(500)).unwrap();
    assert_refused_untouched(&garbage, &target, |e| {
        matches!(e, BackupError::NotSqlite(_)) && e.to_string().contains("not a SQLite database")
    })
    .await;

    let empty = work.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_refused_untouched(&empty, &target, |e| matches!(e, BackupError::NotSqlite(_))).await;

    let missing = work.path().join("missing.db");
    assert_refused_untouched(&missing, &target, |e| matches!(e, BackupError::Missing(_))).await;
}

#[tokio::test]
async fn restore_refuses_a_database_that_is_not_vip_care_or_is_newer() {
    let app = spawn_app().await;
    write_some_data(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let target = stopped_target(&app, dir.path()).await;

    // Another program's SQLite file.
    let foreign = work.path().join("notes.db");
    let mut c = SqliteConnectOptions::new()
        .filename(&foreign)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::query("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("INSERT INTO notes (body) VALUES ('hello')")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    assert_refused_untouched(&foreign, &target, |e| {
        matches!(e, BackupError::Foreign(_)) && e.to_string().contains("not a VIP Care database")
    })
    .await;

    // Another sqlx program: migration history, but not ours.
    let other = work.path().join("other-app.db");
    let mut c = SqliteConnectOptions::new()
        .filename(&other)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::query(
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,
             installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL,
             checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)",
    )
    .execute(&mut c)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (1, 'create posts', 1, x'0102', 1)",
    )
    .execute(&mut c)
    .await
    .unwrap();
    c.close().await.unwrap();
    assert_refused_untouched(&other, &target, |e| {
        matches!(e, BackupError::Mismatch { version: 1, .. })
    })
    .await;

    // A backup taken by a newer VIP Care (one more migration than this program knows).
    let newer = work.path().join("newer.db");
    backup::backup(&app.db, &newer, false).await.unwrap();
    let known = vipcare::store::backup::known_migrations();
    let next = known.last().unwrap().0 + 1;
    let mut c = connect(&newer).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (?, 'from the future', 1, x'00', 1)",
    )
    .bind(next)
    .execute(&mut c)
    .await
    .unwrap();
    c.close().await.unwrap();
    assert_refused_untouched(&newer, &target, |e| {
        matches!(e, BackupError::Newer { found, .. } if *found == next)
            && e.to_string().contains("newer VIP Care")
    })
    .await;

    // The database itself is not a backup of itself.
    let err = backup::restore(&target, &target).await.unwrap_err();
    assert!(matches!(err, BackupError::SameFile(_)), "{err}");
}
