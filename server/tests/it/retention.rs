//! Retention after the confidentiality period (clause 10.3; issue 9): a former member is
//! anonymised once the period after their last membership has passed — unless something holds
//! their data — and afterwards no column of any table holds their name, contacts, the text they
//! wrote or the files they sent, while amounts and dates are unchanged and the audit chain
//! still verifies.

use crate::common::{spawn_app_with, TestApp, PASSWORD};
use vipcare::services::audit::{verify, ChainStatus};
use vipcare::services::{retention, Actor};

const YEAR_MS: i64 = 365 * 86_400_000;

async fn seeded() -> TestApp {
    let app = spawn_app_with(|p| p.ip_max_attempts = 1_000).await;
    vipcare_server::seed::seed_demo(&app.db, PASSWORD)
        .await
        .expect("demo data");
    app
}

fn system() -> Actor {
    Actor {
        user_id: None,
        ip: None,
    }
}

async fn id_of(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
        .bind(email)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// Ends `customer`'s live membership at `at` (a company termination, with a reason that
/// names them).
async fn end_membership(app: &TestApp, customer: i64, at: i64) {
    let m = vipcare::services::membership::live_membership(&app.db, customer)
        .await
        .unwrap()
        .expect("a live membership");
    let admin = id_of(app, "admin@example.com").await;
    vipcare::services::membership::end_membership(
        &app.db,
        &crate::common::who(admin),
        m.id,
        vipcare::services::membership::Ending::TerminateByCompany,
        "王贵宾 asked to leave the programme",
        at,
    )
    .await
    .unwrap();
}

/// Closes every open dispute of `customer` (they hold the data while open).
async fn settle_disputes(app: &TestApp, customer: i64, at: i64) {
    let admin = id_of(app, "admin@example.com").await;
    let open: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM disputes WHERE customer_id = ? AND status = 'open'")
            .bind(customer)
            .fetch_all(app.db.reader())
            .await
            .unwrap();
    for id in open {
        vipcare::services::disputes::close(
            &app.db,
            &crate::common::who(admin),
            id,
            &vipcare::services::disputes::CloseForm {
                status: "withdrawn".into(),
                result: "王贵宾 withdrew".into(),
                closed_on: vipcare::ledger::shanghai_date(at).to_string(),
            },
            at,
        )
        .await
        .unwrap();
    }
}

/// Every (table, column, rows) where a TEXT or BLOB value contains `needle`.
async fn occurrences(app: &TestApp, needle: &str) -> Vec<(String, String, i64)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx_%'",
    )
    .fetch_all(app.db.reader())
    .await
    .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let columns: Vec<(String,)> =
            sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(app.db.reader())
                .await
                .unwrap();
        for (column,) in columns {
            // instr() works on text and on blobs (byte-wise), so uploaded files are searched
            // too.
            let n: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM \"{table}\" WHERE instr(\"{column}\", ?) > 0"
            ))
            .bind(needle)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
            if n > 0 {
                out.push((table.clone(), column, n));
            }
        }
    }
    out
}

type Money = (i64, i64, i64, i64, i64);

async fn money_of(app: &TestApp, customer: i64) -> Money {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM invoices WHERE customer_id = ?1),
                (SELECT COALESCE(SUM(total), 0) FROM invoices WHERE customer_id = ?1),
                (SELECT COALESCE(SUM(amount), 0) FROM payments WHERE customer_id = ?1),
                (SELECT COALESCE(SUM(amount), 0) FROM credits WHERE customer_id = ?1),
                (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE customer_id = ?1)",
    )
    .bind(customer)
    .fetch_one(app.db.reader())
    .await
    .unwrap()
}

#[tokio::test]
async fn clause_10_3_a_former_member_is_anonymised_after_the_period_and_nothing_of_them_is_left() {
    let app = seeded().await;
    let vip = id_of(&app, "vip@example.com").await;
    // What vip@ is known by, text from their application, and the text of a message they
    // wrote and of a complaint they made (ones no other customer's records repeat).
    let unique_text = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            let text: String = sqlx::query_scalar(sql)
                .bind(vip)
                .fetch_one(db.reader())
                .await
                .unwrap();
            text.chars().take(24).collect::<String>()
        }
    };
    let message = unique_text(
        "SELECT m.body FROM request_messages m JOIN service_requests r ON r.id = m.request_id
         WHERE r.customer_id = ?1 AND m.author_id = ?1 AND length(m.body) > 10
           AND (SELECT COUNT(*) FROM request_messages o WHERE o.body = m.body) = 1
         ORDER BY m.id LIMIT 1",
    )
    .await;
    let complaint = unique_text(
        "SELECT c.body FROM complaints c WHERE c.customer_id = ?1 AND length(c.body) > 10
           AND (SELECT COUNT(*) FROM complaints o WHERE o.body = c.body) = 1
         ORDER BY c.id LIMIT 1",
    )
    .await;
    // A request subject of theirs: staff notifications quote it.
    let subject = unique_text(
        "SELECT r.subject FROM service_requests r WHERE r.customer_id = ?1
           AND length(r.subject) > 6
           AND (SELECT COUNT(*) FROM service_requests o WHERE o.subject = r.subject) = 1
           AND EXISTS (SELECT 1 FROM notifications n
                       WHERE n.link = '/admin/queue/' || r.id AND n.user_id <> ?1)
         ORDER BY r.id LIMIT 1",
    )
    .await;
    // A failed sign-in with their address (kept beside its audit entry).
    assert!(app
        .login("vip@example.com", "not-the-password")
        .await
        .is_err());
    let needles = [
        "vip@example.com",
        "王贵宾",
        "+8613800000001",
        "王氏贸易有限公司",
        "多年老客户",
        message.as_str(),
        complaint.as_str(),
        subject.as_str(),
    ];
    for n in needles {
        assert!(
            !occurrences(&app, n).await.is_empty(),
            "the demo data holds {n} somewhere before (else this test proves nothing)"
        );
    }
    let files: (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(length(content)), 0) FROM files WHERE owner_id = ?",
    )
    .bind(vip)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    // A ledger file the admin uploaded that names vip@ (kept for re-upload detection).
    let admin = id_of(&app, "admin@example.com").await;
    let csv = "external_id,customer_email,occurred_at,kind,amount_fen,points\n\
               RET-1,VIP@example.com,2026-01-05T10:00:00+08:00,purchase,100000,1000\n\
               RET-2,near@example.com,2026-01-05T10:00:00+08:00,purchase,100000,1000\n";
    vipcare::services::ledger::preview_upload(
        &app.db,
        &crate::common::who(admin),
        "orders.csv",
        csv.as_bytes(),
        vipcare::store::now_ms(),
    )
    .await
    .unwrap();
    let money = money_of(&app, vip).await;
    let near_before: String = sqlx::query_scalar("SELECT name FROM users WHERE email = ?")
        .bind("near@example.com")
        .fetch_one(app.db.reader())
        .await
        .unwrap();

    // The demo's former member (`former@`, ended about 2 years and 7 months ago) comes due
    // within the year; anonymised first, so what follows is about vip@ alone.
    let ended = vipcare::store::now_ms();
    let former = id_of(&app, "former@example.com").await;
    let o = retention::overview(&app.db, ended).await.unwrap();
    assert_eq!(
        (
            o.due.len(),
            o.upcoming.iter().map(|m| m.customer_id).collect::<Vec<_>>()
        ),
        (0, vec![former])
    );
    let r = retention::run(&app.db, &system(), ended + YEAR_MS)
        .await
        .unwrap();
    assert_eq!((r.anonymised, r.held), (1, 0));
    end_membership(&app, vip, ended).await;
    // A renewal offered before the end and never signed stays "awaiting signature"; it lapsed
    // with the membership and must not hold them.
    let mut tx = app.db.begin_write().await.unwrap();
    let offer: i64 = sqlx::query_scalar(
        "INSERT INTO agreements (customer_id, template_id, level_id, level_json, canonical_text,
                                 sha256, status, created_at)
         SELECT customer_id, template_id, level_id, level_json, canonical_text, sha256,
                'awaiting_customer', created_at
         FROM agreements WHERE customer_id = ? ORDER BY id LIMIT 1 RETURNING id",
    )
    .bind(vip)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE memberships SET renewal_agreement_id = ? WHERE customer_id = ? AND status = 'terminated'",
    )
    .bind(offer)
    .bind(vip)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // A day before the third anniversary: nobody is due.
    let before = ended + 3 * YEAR_MS - 2 * 86_400_000;
    let r = retention::run(&app.db, &system(), before).await.unwrap();
    assert_eq!((r.anonymised, r.held), (0, 0));
    let o = retention::overview(&app.db, before).await.unwrap();
    assert!(o.due.is_empty());
    assert_eq!(
        o.upcoming.iter().map(|m| m.customer_id).collect::<Vec<_>>(),
        [vip]
    );

    // After it, but a dispute is still open: held, and the page says why.
    let after = ended + 3 * YEAR_MS + 2 * 86_400_000;
    let open_disputes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM disputes WHERE customer_id = ? AND status = 'open'",
    )
    .bind(vip)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert!(
        open_disputes > 0,
        "the demo data has an open dispute for vip@"
    );
    let r = retention::run(&app.db, &system(), after).await.unwrap();
    assert_eq!((r.anonymised, r.held), (0, 1));
    let o = retention::overview(&app.db, after).await.unwrap();
    assert_eq!(o.due.len(), 1);
    assert_eq!(o.due[0].hold, Some(vipcare::retention::Hold::OpenDispute));
    assert_eq!(o.due_unheld, 0, "nothing to run: the page offers no button");

    // Once the dispute is closed, the job anonymises them; a second run does nothing.
    settle_disputes(&app, vip, ended + YEAR_MS).await;
    let o = retention::overview(&app.db, after).await.unwrap();
    assert_eq!(o.due_unheld, 1);
    let r = retention::run(&app.db, &system(), after).await.unwrap();
    assert_eq!((r.anonymised, r.held), (1, 0));
    assert!(r.files_erased >= files.0 as u64);
    assert!(r.audit_entries_erased > 0);
    let again = retention::run(&app.db, &system(), after).await.unwrap();
    assert_eq!(again, Default::default());

    for n in needles {
        assert_eq!(
            occurrences(&app, n).await,
            Vec::<(String, String, i64)>::new(),
            "{n} is left after anonymisation"
        );
    }
    if files.1 > 0 {
        let left: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(length(content)), 0) FROM files WHERE owner_id = ?",
        )
        .bind(vip)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
        assert_eq!(left, 0, "uploaded files are erased");
    }
    // The ledger file names the placeholder in place of vip@, in whatever case it was typed;
    // near@'s line is as it was.
    let (left, near): (i64, i64) = sqlx::query_as(
        "SELECT SUM(instr(lower(CAST(content AS TEXT)), 'vip@example.com') > 0),
                SUM(instr(CAST(content AS TEXT), 'near@example.com') > 0)
         FROM ledger_imports",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!((left, near), (0, 1));
    // Amounts and counts for the accounts are as they were; another customer is untouched.
    assert_eq!(money_of(&app, vip).await, money);
    let near_after: String = sqlx::query_scalar("SELECT name FROM users WHERE email = ?")
        .bind("near@example.com")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(near_after, near_before);
    // The chain verifies, across the erased personal data.
    assert!(matches!(
        verify(&app.db).await.unwrap(),
        ChainStatus::Intact { .. }
    ));
    let (action, after_json): (String, String) = sqlx::query_as(
        "SELECT action, after_json FROM audit_log WHERE subject_user_id = ? ORDER BY seq DESC LIMIT 1",
    )
    .bind(vip)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(action, "customer.anonymised");
    assert!(after_json.contains("\"files_erased\""));
    // They can no longer sign in, with the old address or the old password.
    assert!(app.login("vip@example.com", PASSWORD).await.is_err());
    let placeholder = vipcare::retention::placeholder_email(vip);
    let refused = app.login(&placeholder, PASSWORD).await.unwrap_err();
    assert_eq!(
        refused.status(),
        401,
        "the same answer as any wrong password"
    );
    let o = retention::overview(&app.db, after).await.unwrap();
    assert_eq!((o.anonymised, o.due.len()), (2, 0));
}

#[tokio::test]
async fn clause_10_3_only_an_admin_sets_the_period_and_bad_input_changes_nothing() {
    let app = seeded().await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let years = |app: &TestApp| {
        let db = app.db.clone();
        async move { retention::years(&db).await.unwrap() }
    };
    assert_eq!(years(&app).await, 3);
    for bad in ["0", "31", "two", ""] {
        let res = app
            .post_form("/api/retention/period", &[("years", bad)], Some(&admin))
            .await;
        assert_eq!(res.status(), 422, "{bad}");
        assert_eq!(years(&app).await, 3);
    }
    let res = app
        .post_form("/api/retention/period", &[("years", "5")], Some(&agent))
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(years(&app).await, 3);
    let res = app
        .post_form("/api/retention/period", &[("years", "5")], Some(&admin))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(years(&app).await, 5);
    let (before, after): (String, String) = sqlx::query_as(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'retention.period'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(
        (before.as_str(), after.as_str()),
        (r#"{"years":3}"#, r#"{"years":5}"#)
    );

    // A membership that ended 6 years ago is due under 5 years; the admin runs it over HTTP.
    let vip = id_of(&app, "vip@example.com").await;
    let now = vipcare::store::now_ms();
    end_membership(&app, vip, now - 6 * YEAR_MS).await;
    settle_disputes(&app, vip, now).await;
    let res = app.post_form("/api/retention/run", &[], Some(&agent)).await;
    assert_eq!(res.status(), 403);
    let res = app.post_form("/api/retention/run", &[], Some(&admin)).await;
    assert_eq!(res.status(), 200);
    let report: vipcare::retention::RetentionReport = res.json().await.unwrap();
    assert_eq!(report.anonymised, 1);
    let page = app.get("/admin/retention", Some(&admin)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("data-test=\"retention-total\">1<"), "{html}");
}
