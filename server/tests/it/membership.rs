//! Becoming and staying a VIP through the real server: application with materials, review,
//! signature, countersignature (clauses 2.1.3, 2.2, 12.1); the daily requalification run by
//! `vipcare jobs run --now` (clauses 2.3.1, 12.3); revocation (2.3.2); and customers reaching
//! only their own objects.

use crate::common::{spawn_app, TestApp, PASSWORD};
use serde_json::Value;
use std::process::Command;
use vipcare::ledger::{EntryKind, EntrySource, LedgerEntry};
use vipcare::services::Actor;
use vipcare::store::now_ms;
use vipcare::{Fen, Role};

const DAY_MS: i64 = 86_400_000;

/// A purchase for `email` made `days_ago` days before now.
async fn purchase(app: &TestApp, email: &str, id: &str, days_ago: i64, yuan: i64) {
    let e = LedgerEntry {
        external_id: id.into(),
        customer_email: email.into(),
        occurred_at_ms: now_ms() - days_ago * DAY_MS,
        kind: EntryKind::Purchase,
        amount: Fen::yuan(yuan),
        points: 0,
    };
    let c = vipcare::services::ledger::import_entries(
        &app.db,
        &Actor::default(),
        EntrySource::Demo,
        &[e],
        now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(c.inserted, 1);
}

async fn json(res: reqwest::Response) -> Value {
    let status = res.status();
    let url = res.url().path().to_string();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text} ({url})");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn upload(
    app: &TestApp,
    cookie: &str,
    app_id: i64,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("application_id", app_id.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    app.client
        .post(app.url("/api/application/material"))
        .header("origin", &app.origin)
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?")
        .bind(action)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// Takes a customer from application to active membership; returns (cookie, agreement id).
async fn become_vip(app: &TestApp, email: &str, reviewer: &str) -> (String, i64) {
    let customer = app.login(email, PASSWORD).await.unwrap();
    let template: Value = json(app.post_form("/api/agreement/current", &[], None).await).await;
    let template_id = template["id"].as_i64().unwrap().to_string();
    let app_id = json(
        app.post_form(
            "/api/application/save",
            &[("level_id", "1"), ("company", "ACME"), ("message", "")],
            Some(&customer),
        )
        .await,
    )
    .await
    .as_i64()
    .unwrap();
    let id = app_id.to_string();
    json(
        app.post_form(
            "/api/application/submit",
            &[
                ("application_id", &id),
                ("template_id", &template_id),
                ("accept", "on"),
            ],
            Some(&customer),
        )
        .await,
    )
    .await;
    json(
        app.post_form(
            "/api/review/decide",
            &[("id", &id), ("decision", "approve")],
            Some(reviewer),
        )
        .await,
    )
    .await;
    let mine = json(
        app.post_form("/api/membership/mine", &[], Some(&customer))
            .await,
    )
    .await;
    let agreement = mine["application"]["agreement_id"].as_i64().unwrap();
    json(
        app.post_form(
            "/api/agreement/sign",
            &[
                ("id", &agreement.to_string()),
                ("signed_name", "Customer"),
                ("consent", "on"),
            ],
            Some(&customer),
        )
        .await,
    )
    .await;
    json(
        app.post_form(
            "/api/review/countersign",
            &[("id", &agreement.to_string())],
            Some(reviewer),
        )
        .await,
    )
    .await;
    (customer, agreement)
}

#[tokio::test]
async fn clause_2_2_apply_with_materials_review_sign_countersign() {
    let app = spawn_app().await;
    app.add_staff("reviewer@example.com", &[Role::Reviewer])
        .await;
    let customer_id = app.add_customer("near@example.com").await;
    app.add_customer("other@example.com").await;
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let customer = app.login("near@example.com", PASSWORD).await.unwrap();
    let other = app.login("other@example.com", PASSWORD).await.unwrap();
    let template: Value = json(app.post_form("/api/agreement/current", &[], None).await).await;
    let template_id = template["id"].as_i64().unwrap().to_string();
    assert!(
        template["clauses"].as_array().unwrap().len() > 100,
        "the 2025 template is seeded"
    );

    let app_id = json(
        app.post_form(
            "/api/application/save",
            &[
                ("level_id", "1"),
                ("company", "李氏"),
                ("message", "请审核"),
            ],
            Some(&customer),
        )
        .await,
    )
    .await
    .as_i64()
    .unwrap();
    let id = app_id.to_string();

    // Materials: the type is decided by content.
    let pdf = b"%PDF-1.4\n% a tiny pdf\n";
    let res = upload(&app, &customer, app_id, "营业执照.pdf", pdf).await;
    let file: Value = json(res).await;
    assert_eq!(file["mime"], "application/pdf");
    assert_eq!(file["sha256"].as_str().unwrap().len(), 64);
    let res = upload(&app, &customer, app_id, "fake.pdf", b"MZ\x90\x00 not a pdf").await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        upload(&app, &other, app_id, "x.pdf", pdf).await.status(),
        404
    );

    // Not eligible yet: submitting is refused with the reason.
    let submit = [
        ("application_id", id.as_str()),
        ("template_id", template_id.as_str()),
        ("accept", "on"),
    ];
    let res = app
        .post_form("/api/application/submit", &submit, Some(&customer))
        .await;
    assert_eq!(res.status(), 409);
    purchase(&app, "near@example.com", "P-1", 10, 50_000).await;
    // Acceptance of the exact version shown is required (clause 2.1.3).
    let res = app
        .post_form(
            "/api/application/submit",
            &[("application_id", &id), ("template_id", &template_id)],
            Some(&customer),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            "/api/application/submit",
            &[
                ("application_id", &id),
                ("template_id", "999"),
                ("accept", "on"),
            ],
            Some(&customer),
        )
        .await;
    assert_eq!(res.status(), 409, "a template version not shown");
    json(
        app.post_form("/api/application/submit", &submit, Some(&customer))
            .await,
    )
    .await;

    // The reviewer sees it in the queue, asks for more, the customer replies and resubmits.
    let queue = json(
        app.post_form("/api/review/queue", &[], Some(&reviewer))
            .await,
    )
    .await;
    assert_eq!(queue[0]["id"], app_id);
    let res = app
        .post_form(
            "/api/review/decide",
            &[("id", &id), ("decision", "reject")],
            Some(&reviewer),
        )
        .await;
    assert_eq!(res.status(), 422, "a rejection needs a reason");
    json(
        app.post_form(
            "/api/review/decide",
            &[
                ("id", &id),
                ("decision", "request_info"),
                ("text", "请上传近三个月的发票"),
            ],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    let mine = json(
        app.post_form("/api/membership/mine", &[], Some(&customer))
            .await,
    )
    .await;
    assert_eq!(mine["application"]["status"], "info_requested");
    let res = app
        .post_form("/api/application/submit", &submit, Some(&customer))
        .await;
    assert_eq!(
        res.status(),
        422,
        "a reply is required after a request for information"
    );
    let mut with_reply = submit.to_vec();
    with_reply.push(("reply", "已上传发票"));
    upload(
        &app,
        &customer,
        app_id,
        "invoice.png",
        b"\x89PNG\r\n\x1a\n....",
    )
    .await;
    json(
        app.post_form("/api/application/submit", &with_reply, Some(&customer))
            .await,
    )
    .await;
    let (view, progress): (Value, Value) = serde_json::from_value(
        json(
            app.post_form("/api/review/application", &[("id", &id)], Some(&reviewer))
                .await,
        )
        .await,
    )
    .unwrap();
    assert_eq!(view["status"], "submitted");
    assert_eq!(view["files"].as_array().unwrap().len(), 2);
    assert_eq!(progress["progress"][0]["reached"], true);
    assert_eq!(audit_count(&app, "application.viewed").await, 1);

    json(
        app.post_form(
            "/api/review/decide",
            &[("id", &id), ("decision", "approve")],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    let mine = json(
        app.post_form("/api/membership/mine", &[], Some(&customer))
            .await,
    )
    .await;
    let agreement = mine["application"]["agreement_id"]
        .as_i64()
        .unwrap()
        .to_string();

    // Another customer asking for this agreement is told "not found", and it is audited.
    let res = app
        .post_form("/api/agreement/get", &[("id", &agreement)], Some(&other))
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        audit_count(&app, "access.denied").await,
        2,
        "upload + agreement"
    );

    let a = json(
        app.post_form("/api/agreement/get", &[("id", &agreement)], Some(&customer))
            .await,
    )
    .await;
    assert_eq!(a["status"], "awaiting_customer");
    assert_eq!(a["hash_verified"], true);
    let res = app
        .post_form(
            "/api/agreement/sign",
            &[
                ("id", &agreement),
                ("signed_name", "Somebody Else"),
                ("consent", "on"),
            ],
            Some(&customer),
        )
        .await;
    assert_eq!(res.status(), 422);
    json(
        app.post_form(
            "/api/agreement/sign",
            &[
                ("id", &agreement),
                ("signed_name", " customer "),
                ("consent", "on"),
            ],
            Some(&customer),
        )
        .await,
    )
    .await;
    let res = app
        .post_form(
            "/api/review/countersign",
            &[("id", &agreement)],
            Some(&customer),
        )
        .await;
    assert_eq!(res.status(), 403, "customers cannot countersign");
    json(
        app.post_form(
            "/api/review/countersign",
            &[("id", &agreement)],
            Some(&reviewer),
        )
        .await,
    )
    .await;

    let mine = json(
        app.post_form("/api/membership/mine", &[], Some(&customer))
            .await,
    )
    .await;
    assert_eq!(mine["membership"]["status"], "active");
    let a = json(
        app.post_form("/api/agreement/get", &[("id", &agreement)], Some(&customer))
            .await,
    )
    .await;
    assert_eq!(a["status"], "effective");
    assert_eq!(a["signed_name"], "customer");
    assert_eq!(
        a["attachments"].as_array().unwrap().len(),
        2,
        "materials are attached (clause 14)"
    );
    let fid = a["attachments"][0]["file"]["id"].as_i64().unwrap();
    assert_eq!(
        app.get(&format!("/files/{fid}"), Some(&customer))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&format!("/files/{fid}"), Some(&other))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/files/{fid}"), Some(&reviewer))
            .await
            .status(),
        200
    );
    assert_eq!(app.get(&format!("/files/{fid}"), None).await.status(), 401);

    // Pages render for the customer, with their rights linking to clauses of the signed text.
    let rights = app
        .get("/portal/rights", Some(&customer))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        rights.contains(&format!("/portal/agreements/{agreement}#clause-3-2-1")),
        "clause links"
    );
    let inbox: Value = json(
        app.post_form("/api/notifications/list", &[], Some(&customer))
            .await,
    )
    .await;
    assert!(
        inbox.as_array().unwrap().len() >= 3,
        "info request, approval, membership"
    );
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_outbox WHERE to_addr = 'near@example.com' AND status = 'pending'")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert!(outbox >= 3, "e-mails wait in the outbox");
    let _ = customer_id;
}

/// Runs `vipcare jobs run --now <day at noon Shanghai>`; returns stdout.
fn jobs_run(app: &TestApp, days_from_today: i64) -> String {
    let at = chrono::DateTime::from_timestamp_millis(now_ms() + days_from_today * DAY_MS)
        .unwrap()
        .with_timezone(&vipcare::time::shanghai())
        .date_naive()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_local_timezone(vipcare::time::shanghai())
        .unwrap()
        .to_rfc3339();
    let out = Command::new(env!("CARGO_BIN_EXE_vipcare"))
        .args(["jobs", "run", "--now", &at])
        .env("VIPCARE_DATABASE", &app.db_path)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

async fn membership_status(app: &TestApp, cookie: &str) -> Value {
    json(
        app.post_form("/api/membership/mine", &[], Some(cookie))
            .await,
    )
    .await["membership"]
        .clone()
}

#[tokio::test]
async fn clause_2_3_1_notice_grace_then_lapse_and_jobs_are_idempotent() {
    let app = spawn_app().await;
    app.add_staff("reviewer@example.com", &[Role::Reviewer])
        .await;
    app.add_customer("vip@example.com").await;
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    // ¥50,000 bought 300 days ago: it leaves the 12-month window in about 65 days.
    purchase(&app, "vip@example.com", "L-1", 300, 50_000).await;
    let (customer, _) = become_vip(&app, "vip@example.com", &reviewer).await;

    assert!(jobs_run(&app, 0).contains("0 notices"));
    let out = jobs_run(&app, 70);
    assert!(out.contains("1 notices"), "{out}");
    let m = membership_status(&app, &customer).await;
    assert_eq!(m["status"], "active");
    let grace: String = m["grace_until"].as_str().unwrap().into();
    // The same day again changes nothing; the last day of grace neither.
    let again = jobs_run(&app, 70);
    assert!(
        again.contains("0 notices") && again.contains("0 lapsed"),
        "{again}"
    );
    let notices: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'notice_not_eligible'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(notices, 1);
    assert!(jobs_run(&app, 100).contains("0 lapsed"));
    let out = jobs_run(&app, 101);
    assert!(out.contains("1 lapsed"), "{out} (grace until {grace})");
    let m = membership_status(&app, &customer).await;
    assert_eq!(m["status"], "lapsed");
    assert!(jobs_run(&app, 102).contains("0 memberships checked"));
    // Rights end with the membership.
    let page = app
        .get("/portal/rights", Some(&customer))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-test=\"no-rights\""));
}

#[tokio::test]
async fn clause_12_3_renewal_is_offered_to_the_eligible_and_renewing_continues_the_membership() {
    let app = spawn_app().await;
    app.add_staff("reviewer@example.com", &[Role::Reviewer])
        .await;
    app.add_customer("vip@example.com").await;
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    purchase(&app, "vip@example.com", "R-1", 1, 50_000).await;
    let (customer, first) = become_vip(&app, "vip@example.com", &reviewer).await;
    let expires = membership_status(&app, &customer).await["expires_on"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(jobs_run(&app, 300).contains("0 renewals offered"));
    // 30 days before the end of the term the ¥50,000 of yesterday still counts: an offer.
    let out = jobs_run(&app, 335);
    assert!(out.contains("1 renewals offered"), "{out}");
    assert!(
        jobs_run(&app, 335).contains("0 renewals offered"),
        "offered once"
    );
    let m = membership_status(&app, &customer).await;
    assert_eq!(m["status"], "renewal_offered");
    let renewal = m["renewal_agreement_id"].as_i64().unwrap().to_string();
    json(
        app.post_form(
            "/api/agreement/sign",
            &[
                ("id", &renewal),
                ("signed_name", "Customer"),
                ("consent", "on"),
            ],
            Some(&customer),
        )
        .await,
    )
    .await;
    json(
        app.post_form(
            "/api/review/countersign",
            &[("id", &renewal)],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    let m = membership_status(&app, &customer).await;
    assert_eq!(m["status"], "active");
    assert_ne!(m["agreement_id"].as_i64().unwrap(), first);
    let next_start = chrono::NaiveDate::parse_from_str(&expires, "%Y-%m-%d")
        .unwrap()
        .succ_opt()
        .unwrap();
    assert_eq!(
        m["started_on"],
        next_start.to_string(),
        "the renewed term follows the old one"
    );
}

#[tokio::test]
async fn clause_2_3_2_revocation_needs_a_reason_and_ends_rights_at_once() {
    let app = spawn_app().await;
    app.add_staff("reviewer@example.com", &[Role::Reviewer])
        .await;
    app.add_staff("agent@example.com", &[Role::Agent]).await;
    let cid = app.add_customer("vip@example.com").await;
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    purchase(&app, "vip@example.com", "V-1", 1, 60_000).await;
    let (customer, _) = become_vip(&app, "vip@example.com", &reviewer).await;
    let m = json(
        app.post_form(
            "/api/membership/of-customer",
            &[("customer_id", &cid.to_string())],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    let mid = m["id"].as_i64().unwrap().to_string();
    let res = app
        .post_form(
            "/api/membership/end",
            &[("id", &mid), ("how", "revoke"), ("reason", " ")],
            Some(&reviewer),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            "/api/membership/end",
            &[("id", &mid), ("how", "revoke"), ("reason", "违反协议")],
            Some(&agent),
        )
        .await;
    assert_eq!(res.status(), 403, "agents cannot revoke");
    json(
        app.post_form(
            "/api/membership/end",
            &[
                ("id", &mid),
                ("how", "revoke"),
                ("reason", "违反协议第 4.3.2 条"),
            ],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    let m = membership_status(&app, &customer).await;
    assert_eq!(m["status"], "revoked");
    assert_eq!(m["end_reason"], "违反协议第 4.3.2 条");
    let inbox: Value = json(
        app.post_form("/api/notifications/list", &[], Some(&customer))
            .await,
    )
    .await;
    assert!(inbox[0]["text"]
        .as_str()
        .unwrap()
        .contains("违反协议第 4.3.2 条"));
    let res = app
        .post_form(
            "/api/membership/end",
            &[("id", &mid), ("how", "revoke"), ("reason", "again")],
            Some(&reviewer),
        )
        .await;
    assert_eq!(res.status(), 409, "only a live membership can end");
}

#[tokio::test]
async fn clause_4_3_1_rights_change_needs_both_parties_and_is_attached_to_the_agreement() {
    let app = spawn_app().await;
    app.add_staff("reviewer@example.com", &[Role::Reviewer])
        .await;
    let cid = app.add_customer("vip@example.com").await;
    app.add_customer("other@example.com").await;
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let other = app.login("other@example.com", PASSWORD).await.unwrap();
    purchase(&app, "vip@example.com", "A-1", 1, 60_000).await;
    let (customer, agreement) = become_vip(&app, "vip@example.com", &reviewer).await;
    let m = json(
        app.post_form(
            "/api/membership/of-customer",
            &[("customer_id", &cid.to_string())],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    let mid = m["id"].as_i64().unwrap().to_string();

    // The customer proposes custom terms, signing with their name.
    let propose = |who: &'static str| {
        vec![
            ("membership_id", mid.clone()),
            ("kind", "terms".to_string()),
            ("new_level_id", String::new()),
            (
                "description",
                "每月一次上门服务 / a monthly visit".to_string(),
            ),
            ("signed_name", who.to_string()),
        ]
    };
    fn as_pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        v.iter().map(|(k, x)| (*k, x.as_str())).collect()
    }
    let bad = propose("Not Me");
    let res = app
        .post_form("/api/amendment/propose", &as_pairs(&bad), Some(&customer))
        .await;
    assert_eq!(res.status(), 422, "the proposer signs with their own name");
    let res = app
        .post_form(
            "/api/amendment/propose",
            &as_pairs(&propose("Customer")),
            Some(&other),
        )
        .await;
    assert_eq!(res.status(), 404, "another customer's membership");
    let id = json(
        app.post_form(
            "/api/amendment/propose",
            &as_pairs(&propose("Customer")),
            Some(&customer),
        )
        .await,
    )
    .await
    .as_i64()
    .unwrap()
    .to_string();
    // The proposer cannot accept their own proposal.
    let res = app
        .post_form(
            "/api/amendment/decide",
            &[("id", &id), ("accept", "true"), ("signed_name", "Customer")],
            Some(&customer),
        )
        .await;
    assert_eq!(res.status(), 409);
    // The company accepts, signed by the reviewer.
    json(
        app.post_form(
            "/api/amendment/decide",
            &[
                ("id", &id),
                ("accept", "true"),
                ("signed_name", "Staff Member"),
            ],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    let a = json(
        app.post_form(
            "/api/agreement/get",
            &[("id", &agreement.to_string())],
            Some(&customer),
        )
        .await,
    )
    .await;
    let attachments = a["attachments"].as_array().unwrap();
    assert!(
        attachments.iter().any(|x| x["kind"] == "amendment"),
        "{attachments:?}"
    );

    // The company proposes a level change; the customer declines with a reason.
    let level_change = vec![
        ("membership_id", mid.as_str()),
        ("kind", "level"),
        ("new_level_id", "1"),
        ("description", "same level"),
        ("signed_name", "Staff Member"),
    ];
    let res = app
        .post_form("/api/amendment/propose", &level_change, Some(&reviewer))
        .await;
    assert_eq!(res.status(), 422, "a level change must change the level");
    let terms = vec![
        ("membership_id", mid.as_str()),
        ("kind", "agent"),
        ("new_level_id", ""),
        ("description", "新的专属客服 / a new dedicated agent"),
        ("signed_name", "Staff Member"),
    ];
    let id2 = json(
        app.post_form("/api/amendment/propose", &terms, Some(&reviewer))
            .await,
    )
    .await
    .as_i64()
    .unwrap()
    .to_string();
    let res = app
        .post_form(
            "/api/amendment/decide",
            &[("id", &id2), ("accept", "false"), ("reason", "")],
            Some(&customer),
        )
        .await;
    assert_eq!(res.status(), 422, "declining needs a reason");
    json(
        app.post_form(
            "/api/amendment/decide",
            &[
                ("id", &id2),
                ("accept", "false"),
                ("reason", "现在的客服很好"),
            ],
            Some(&customer),
        )
        .await,
    )
    .await;
    let mine = json(
        app.post_form("/api/membership/mine", &[], Some(&customer))
            .await,
    )
    .await;
    let statuses: Vec<&str> = mine["amendments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["declined", "accepted"]);
    assert_eq!(audit_count(&app, "amendment.accepted").await, 1);
    assert_eq!(audit_count(&app, "amendment.declined").await, 1);
}

/// Clause 13.2.2: each party downloads its own signed copy — the customer Party B's, staff
/// Party A's — as a self-contained HTML file carrying the fingerprint; another customer's id
/// answers 404 and is audited; a visitor must sign in.
#[tokio::test]
async fn clause_13_2_2_each_party_downloads_its_signed_copy() {
    let app = spawn_app().await;
    app.add_staff("reviewer@example.com", &[Role::Reviewer])
        .await;
    app.add_customer("vip@example.com").await;
    app.add_customer("other@example.com").await;
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let other = app.login("other@example.com", PASSWORD).await.unwrap();
    purchase(&app, "vip@example.com", "C-1", 1, 50_000).await;
    let (customer, agreement) = become_vip(&app, "vip@example.com", &reviewer).await;
    let path = format!("/agreements/{agreement}/signed-copy");
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM agreements WHERE id = ?")
        .bind(agreement)
        .fetch_one(app.db.reader())
        .await
        .unwrap();

    let res = app.get(&path, Some(&customer)).await;
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains("party-b"), "{disposition}");
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let body = res.text().await.unwrap();
    assert!(body.contains("乙方留存"));
    assert!(body.contains(&sha), "the copy carries the fingerprint");
    assert!(body.contains("13.1"), "the governing law is on the copy");
    assert!(!body.contains("<script"), "no script in a signed copy");

    let res = app.get(&path, Some(&reviewer)).await;
    assert_eq!(res.status(), 200, "staff download the company's copy");
    assert!(res.text().await.unwrap().contains("甲方留存"));

    let denied = audit_count(&app, "access.denied").await;
    assert_eq!(app.get(&path, Some(&other)).await.status(), 404);
    assert_eq!(audit_count(&app, "access.denied").await, denied + 1);
    assert_eq!(app.get(&path, None).await.status(), 401);
    assert_eq!(
        app.get("/agreements/999999/signed-copy", Some(&customer))
            .await
            .status(),
        404
    );
}

/// Clause 2.2.1: materials up to 10 MB are accepted (the upload body limit, not the 1 MB of other
/// requests, applies to every upload endpoint); more is refused with 413; a body that is not
/// multipart is refused with 415 before the server function decodes it.
#[tokio::test]
async fn clause_2_2_1_materials_up_to_10_mb_are_accepted_and_larger_refused() {
    let app = spawn_app().await;
    app.add_customer("big@example.com").await;
    let customer = app.login("big@example.com", PASSWORD).await.unwrap();
    let app_id = json(
        app.post_form(
            "/api/application/save",
            &[("level_id", "1"), ("company", "ACME"), ("message", "")],
            Some(&customer),
        )
        .await,
    )
    .await
    .as_i64()
    .unwrap();
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(3 * 1024 * 1024, b'x');
    let res = upload(&app, &customer, app_id, "scan-3mb.pdf", &pdf).await;
    let file: Value = json(res).await;
    assert_eq!(file["size"], 3 * 1024 * 1024);
    pdf.resize(11 * 1024 * 1024, b'x');
    let res = upload(&app, &customer, app_id, "scan-11mb.pdf", &pdf).await;
    assert_eq!(res.status(), 413);
    let res = app
        .post_form(
            "/api/application/material",
            &[("application_id", app_id.to_string().as_str())],
            Some(&customer),
        )
        .await;
    assert_eq!(res.status(), 415);
    let files: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM files")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(files, 1);
}
