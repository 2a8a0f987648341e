//! The customer's data export (clause 10; issue 9): `GET /portal/export.zip` gives the signed-in
//! customer everything the portal shows them — `data.json`, their signed copies, invoices and
//! files — and nothing the portal hides; the export is audited; nobody else can ask for it.

use crate::common::{spawn_app_with, TestApp, PASSWORD};
use sha2::{Digest, Sha256};
use std::io::Read;

const EXPORT: &str = "/portal/export.zip";

async fn seeded() -> TestApp {
    let app = spawn_app_with(|p| p.ip_max_attempts = 1_000).await;
    vipcare_server::seed::seed_demo(&app.db, PASSWORD)
        .await
        .expect("demo data");
    app
}

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

fn entry(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the archive"));
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
}

#[tokio::test]
async fn clause_10_a_customer_exports_all_their_data_and_nothing_more() {
    let app = seeded().await;
    let vip: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'vip@example.com'")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    // An internal note on one of vip@'s requests: staff-only, so never in the export.
    let mut tx = app.db.begin_write().await.unwrap();
    sqlx::query(
        "INSERT INTO request_messages (request_id, author_id, body, internal, created_at)
         SELECT id, NULL, 'INTERNAL-NOTE-NOT-FOR-THE-CUSTOMER', 1, created_at
         FROM service_requests WHERE customer_id = ? ORDER BY id LIMIT 1",
    )
    .bind(vip)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let cookie = app.login("vip@example.com", PASSWORD).await.unwrap();
    let res = app.get(EXPORT, Some(&cookie)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains("vipcare-my-data-"), "{disposition}");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid ZIP");

    let readme = String::from_utf8(entry(&mut zip, "README.txt")).unwrap();
    assert!(readme.contains("vip@example.com"));
    let data: serde_json::Value = serde_json::from_slice(&entry(&mut zip, "data.json")).unwrap();
    assert_eq!(data["format"], "vipcare-export/1");
    assert_eq!(data["profile"]["email"], "vip@example.com");
    assert_eq!(data["profile"]["id"], vip);

    // As much as the database holds for this customer, less only what the portal hides.
    let issued = scalar(
        &app,
        "SELECT COUNT(*) FROM invoices WHERE customer_id = ? AND status <> 'draft'",
        vip,
    )
    .await;
    assert!(issued > 0, "the demo gives vip@ invoices");
    assert_eq!(data["invoices"].as_array().unwrap().len() as i64, issued);
    let requests = scalar(
        &app,
        "SELECT COUNT(*) FROM service_requests WHERE customer_id = ?",
        vip,
    )
    .await;
    assert!(requests > 0);
    assert_eq!(data["requests"].as_array().unwrap().len() as i64, requests);
    let complaints = scalar(
        &app,
        "SELECT COUNT(*) FROM complaints WHERE customer_id = ?",
        vip,
    )
    .await;
    assert_eq!(
        data["complaints"].as_array().unwrap().len() as i64,
        complaints
    );
    let files = scalar(&app, "SELECT COUNT(*) FROM files WHERE owner_id = ?", vip).await;
    assert_eq!(data["files"].as_array().unwrap().len() as i64, files);
    let agreements = data["agreements"].as_array().unwrap();
    assert!(!agreements.is_empty(), "vip@ signed an agreement");

    // Internal notes stay internal; no draft invoice; no other customer.
    for r in data["requests"].as_array().unwrap() {
        for m in r["messages"].as_array().unwrap() {
            assert_eq!(m["internal"], false, "an internal note leaked: {m}");
        }
    }
    for i in data["invoices"].as_array().unwrap() {
        assert_ne!(i["status"], "draft");
        assert_eq!(i["customer_id"], vip);
    }
    let text = data.to_string();
    assert!(!text.contains("INTERNAL-NOTE-NOT-FOR-THE-CUSTOMER"));
    for other in ["near@example.com", "new@example.com"] {
        assert!(!text.contains(other), "another customer's data: {other}");
    }

    // Every document and file listed is in the archive, byte for byte.
    let signed = data["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "signed_agreement")
        .count();
    assert!(signed >= 1, "the signed copy is exported");
    for d in data["documents"].as_array().unwrap() {
        let body = String::from_utf8(entry(&mut zip, d["path"].as_str().unwrap())).unwrap();
        assert!(!body.contains("<script"), "{}", d["path"]);
        if d["kind"] == "signed_agreement" {
            assert!(
                body.contains("乙方留存"),
                "the customer's own copy (13.2.2)"
            );
        }
    }
    for f in data["files"].as_array().unwrap() {
        let body = entry(&mut zip, f["path"].as_str().unwrap());
        assert_eq!(
            hex::encode(Sha256::digest(&body)),
            f["sha256"].as_str().unwrap()
        );
        assert!(f["path"].as_str().unwrap().starts_with("files/"));
    }
    for name in zip.file_names() {
        let name = name.unwrap();
        assert!(!name.contains(".."), "{name}");
        assert!(!name.starts_with('/'), "{name}");
    }

    // Audited, once, about this customer.
    let audited = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'customer.exported' AND subject_user_id = ?",
        vip,
    )
    .await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn clause_10_only_the_customer_may_export_their_data() {
    let app = seeded().await;
    assert_eq!(app.get(EXPORT, None).await.status(), 401);
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    assert_eq!(app.get(EXPORT, Some(&admin)).await.status(), 403);
    let exported: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.exported'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(exported, 0);
    // A customer with nothing yet still gets a valid archive of their profile.
    let new = app.login("new@example.com", PASSWORD).await.unwrap();
    let res = app.get(EXPORT, Some(&new)).await;
    assert_eq!(res.status(), 200);
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(res.bytes().await.unwrap().to_vec())).unwrap();
    let data: serde_json::Value = serde_json::from_slice(&entry(&mut zip, "data.json")).unwrap();
    assert_eq!(data["profile"]["email"], "new@example.com");
    assert!(!data.to_string().contains("vip@example.com"));
}
