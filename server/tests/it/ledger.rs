//! The three ways into the purchase ledger (clause 2.1.1) — the `vipcare import ledger`
//! command, `POST /api/v1/ledger` and the admin CSV upload — and what customers and staff see.

use crate::common::{spawn_app, TestApp, PASSWORD};
use serde_json::{json, Value};
use std::process::Command;
use vipcare::Role;

const HEADER: &str = "external_id,customer_email,occurred_at,kind,amount_fen,points\n";

async fn ledger_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM ledger_entries")
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// Runs `vipcare import ledger` against the test database; (success, stdout, stderr).
fn cli_import(app: &TestApp, csv: &str) -> (bool, String, String) {
    let file = app.db_path.with_file_name(format!(
        "import-{}.csv",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::write(&file, csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vipcare"))
        .args(["import", "ledger"])
        .arg(&file)
        .env("VIPCARE_DATABASE", &app.db_path)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run vipcare");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[tokio::test]
async fn clause_2_1_1_cli_import_is_idempotent_and_refuses_a_malformed_file_whole() {
    let app = spawn_app().await;
    app.add_customer("near@example.com").await;
    let good = format!(
        "{HEADER}C-1,near@example.com,2026-01-10 10:00:00,purchase,1000000,10000\n\
         C-2,NEAR@example.com,2026-02-10T10:00:00+08:00,refund,-50000,-500\n"
    );
    let (ok, out, err) = cli_import(&app, &good);
    assert!(ok, "{out}{err}");
    assert!(out.contains("inserted 2, unchanged 0, rejected 0"), "{out}");
    let (ok, out, _) = cli_import(&app, &good);
    assert!(ok);
    assert!(out.contains("inserted 0, unchanged 2, rejected 0"), "{out}");
    assert_eq!(ledger_rows(&app).await, 2);

    // One good new line and two bad ones: refused whole, every bad line named, nothing written.
    let bad = format!(
        "{HEADER}C-3,near@example.com,2026-03-10 10:00:00,purchase,1000,0\n\
         C-4,near@example.com,2026-03-10,purchase,1000,0\n\
         C-5,nobody@example.com,2026-03-10 10:00:00,purchase,1000,0\n"
    );
    let (ok, out, err) = cli_import(&app, &bad);
    assert!(!ok, "a malformed file exits non-zero");
    assert!(out.contains("inserted 0, unchanged 0, rejected 2"), "{out}");
    assert!(err.contains("line 3 (occurred_at)"), "{err}");
    assert!(err.contains("line 4 (customer_email)"), "{err}");
    assert_eq!(ledger_rows(&app).await, 2, "nothing written");

    // A conflict (same id, other amount) is rejected and changes nothing; the rest is stored.
    let conflict = format!(
        "{HEADER}C-1,near@example.com,2026-01-10 10:00:00,purchase,999,0\n\
         C-6,near@example.com,2026-03-11 10:00:00,purchase,1000,0\n"
    );
    let (ok, out, err) = cli_import(&app, &conflict);
    assert!(!ok);
    assert!(out.contains("inserted 1, unchanged 0, rejected 1"), "{out}");
    assert!(err.contains("line 2 (external_id)"), "{err}");
    let amount: i64 =
        sqlx::query_scalar("SELECT amount FROM ledger_entries WHERE external_id = 'C-1'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(amount, 1_000_000, "the stored entry is unchanged");
}

#[tokio::test]
async fn clause_2_1_1_cli_import_refuses_a_large_file_bad_on_its_last_line_whole() {
    // The import writes chunks while the rest is still parsed: a bad last line must still
    // leave nothing behind.
    let app = spawn_app().await;
    app.add_customer("near@example.com").await;
    let mut csv = String::from(HEADER);
    for i in 0..12_000 {
        csv.push_str(&format!(
            "L-{i},near@example.com,2026-01-10 10:00:00,purchase,100,0\n"
        ));
    }
    csv.push_str("L-last,near@example.com,not a time,purchase,100,0\n");
    let (ok, out, err) = cli_import(&app, &csv);
    assert!(!ok, "{out}");
    assert!(out.contains("inserted 0, unchanged 0, rejected 1"), "{out}");
    assert!(err.contains("line 12002 (occurred_at)"), "{err}");
    assert_eq!(ledger_rows(&app).await, 0, "nothing written");
    // The same file without its bad line goes in whole.
    let good = csv.rsplit_once("L-last").unwrap().0.to_string();
    let (ok, out, _) = cli_import(&app, &good);
    assert!(ok, "{out}");
    assert!(
        out.contains("inserted 12000, unchanged 0, rejected 0"),
        "{out}"
    );
    assert_eq!(ledger_rows(&app).await, 12_000);
}

async fn api_post(app: &TestApp, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = app.client.post(app.url("/api/v1/ledger")).json(body);
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn clause_2_1_1_ledger_api_needs_a_live_key_and_answers_per_entry() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    app.add_customer("vip@example.com").await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let res = app
        .post_form("/api/api-keys/create", &[("name", "ERP")], Some(&admin))
        .await;
    assert_eq!(res.status(), 200);
    let key: String = res.json().await.unwrap();
    assert!(key.starts_with("vck_") && key.len() > 60);
    let stored: String = sqlx::query_scalar("SELECT key_hash FROM api_keys")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert!(!stored.contains(&key[4..]), "only the hash is stored");

    let entry = |id: &str, amount: i64| {
        json!({"external_id": id, "customer_email": "vip@example.com",
               "occurred_at": "2026-06-01T12:00:00+08:00", "kind": "purchase",
               "amount_fen": amount, "points": 10})
    };
    let batch = json!({"entries": [
        entry("A-1", 120_000),
        {"external_id": "A-2", "customer_email": "vip@example.com", "occurred_at": "2026-06-01 12:00:00",
         "kind": "refund", "amount_fen": 500, "points": 0},
        {"external_id": "A-3", "customer_email": "ghost@example.com", "occurred_at": "2026-06-01 12:00:00",
         "kind": "purchase", "amount_fen": 500, "points": 0},
    ]});
    assert_eq!(api_post(&app, None, &batch).await.status(), 401);
    assert_eq!(
        api_post(&app, Some("vck_not-a-real-key"), &batch)
            .await
            .status(),
        401
    );
    assert_eq!(ledger_rows(&app).await, 0);

    let res = api_post(&app, Some(&key), &batch).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let statuses: Vec<&str> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["inserted", "rejected", "rejected"]);
    assert_eq!(
        body["results"][1]["errors"][0]["code"],
        "ErrLedgerRefundPositive"
    );
    assert_eq!(body["results"][2]["errors"][0]["field"], "customer_email");

    // The same entry again is a no-op; other content under the same id is a conflict.
    let again = json!({"entries": [entry("A-1", 120_000), entry("A-1", 1)]});
    let body: Value = api_post(&app, Some(&key), &again)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["unchanged"], 1);
    assert_eq!(body["conflicts"], 1);
    let conflict = json!({"entries": [entry("A-1", 7)]});
    let body: Value = api_post(&app, Some(&key), &conflict)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["results"][0]["status"], "conflict");
    assert_eq!(ledger_rows(&app).await, 1);

    let too_many: Vec<Value> = (0..1001).map(|i| entry(&format!("B-{i}"), 1)).collect();
    let res = api_post(&app, Some(&key), &json!({"entries": too_many})).await;
    assert_eq!(res.status(), 422);
    let res = app
        .client
        .post(app.url("/api/v1/ledger"))
        .bearer_auth(&key)
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);

    // Revoked keys stop working at once.
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_keys")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    let res = app
        .post_form(
            "/api/api-keys/revoke",
            &[("id", &id.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(api_post(&app, Some(&key), &batch).await.status(), 401);
}

async fn upload(app: &TestApp, cookie: &str, name: &str, csv: &str) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
        .file_name(name.to_string())
        .mime_str("text/csv")
        .unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    app.client
        .post(app.url("/api/ledger/preview"))
        .header("origin", &app.origin)
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn wait_committed(app: &TestApp, cookie: &str, id: i64) -> Value {
    for _ in 0..100 {
        let s: Value = app
            .post_form(
                "/api/ledger/import-status",
                &[("id", &id.to_string())],
                Some(cookie),
            )
            .await
            .json()
            .await
            .unwrap();
        if s["status"] != "committing" {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("import {id} did not finish");
}

#[tokio::test]
async fn clause_2_1_1_csv_upload_previews_then_commits_and_lifts_the_customer() {
    let app = spawn_app().await;
    app.add_staff("finance@example.com", &[Role::Finance]).await;
    app.add_staff("agent@example.com", &[Role::Agent]).await;
    app.add_customer("near@example.com").await;
    let finance = app.login("finance@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let customer = app.login("near@example.com", PASSWORD).await.unwrap();
    let today = vipcare::services::customers::today(vipcare::store::now_ms());
    let day = |back: u64| {
        today
            .checked_sub_days(chrono::Days::new(back))
            .unwrap()
            .to_string()
    };
    let csv = format!(
        "{HEADER}U-1,near@example.com,{} 10:00:00,purchase,4680000,0\n\
         U-2,near@example.com,{} 10:00:00,purchase,320000,0\n",
        day(40),
        day(1)
    );

    assert_eq!(upload(&app, &agent, "l.csv", &csv).await.status(), 403);
    let res = upload(&app, &finance, "ledger.csv", &csv).await;
    assert_eq!(res.status(), 200);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["totals"]["rows"], 2);
    assert_eq!(p["totals"]["purchases"], 5_000_000);
    assert_eq!(p["new_rows"], 2);
    assert_eq!(ledger_rows(&app).await, 0, "a preview writes nothing");

    let id = p["import_id"].as_i64().unwrap();
    let res = app
        .post_form(
            "/api/ledger/commit",
            &[("id", &id.to_string())],
            Some(&finance),
        )
        .await;
    assert_eq!(res.status(), 200);
    let s = wait_committed(&app, &finance, id).await;
    assert_eq!(s["status"], "committed");
    assert_eq!(s["inserted"], 2);
    assert_eq!(s["rows_done"], 2);
    assert_eq!(ledger_rows(&app).await, 2);
    let again = app
        .post_form(
            "/api/ledger/commit",
            &[("id", &id.to_string())],
            Some(&finance),
        )
        .await;
    assert_eq!(again.status(), 409, "an import commits once");

    // Exactly ¥50,000 in the window: the customer now reaches VIP (clause 2.1.1).
    let progress: Value = app
        .post_form("/api/portal/progress", &[], Some(&customer))
        .await
        .json()
        .await
        .unwrap();
    assert!(progress["reached_level_id"].is_i64(), "{progress}");
    assert_eq!(progress["progress"][0]["spend"], 5_000_000);

    // A malformed file: every bad line listed, it cannot be committed.
    let bad = format!(
        "{HEADER}U-3,near@example.com,{} 10:00:00,gift,1,0\n",
        day(1)
    );
    let p: Value = upload(&app, &finance, "bad.csv", &bad)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["errors"][0]["line"], 2);
    assert_eq!(p["errors"][0]["field"], "kind");
    let res = app
        .post_form(
            "/api/ledger/commit",
            &[("id", &p["import_id"].to_string())],
            Some(&finance),
        )
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(ledger_rows(&app).await, 2);
}

#[tokio::test]
async fn staff_reads_of_a_customer_record_are_audited_and_customers_cannot_read_others() {
    let app = spawn_app().await;
    app.add_staff("reviewer@example.com", &[Role::Reviewer])
        .await;
    let staff_id = app.add_staff("quality@example.com", &[Role::Quality]).await;
    let near = app.add_customer("near@example.com").await;
    app.add_customer("other@example.com").await;
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let quality = app.login("quality@example.com", PASSWORD).await.unwrap();
    let other = app.login("other@example.com", PASSWORD).await.unwrap();
    let id = near.to_string();

    let res = app
        .post_form("/api/customers/record", &[("id", &id)], Some(&reviewer))
        .await;
    assert_eq!(res.status(), 200);
    let viewed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'customer.viewed' AND subject_user_id = ?",
    )
    .bind(near)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(viewed, 1);
    // A staff id is not a customer record.
    let res = app
        .post_form(
            "/api/customers/record",
            &[("id", &staff_id.to_string())],
            Some(&reviewer),
        )
        .await;
    assert_eq!(res.status(), 404);
    for cookie in [&quality, &other] {
        let res = app
            .post_form("/api/customers/record", &[("id", &id)], Some(cookie))
            .await;
        assert_eq!(res.status(), 403);
    }
    assert_eq!(
        app.get(&format!("/admin/customers/{id}"), Some(&other))
            .await
            .status(),
        403
    );
}
