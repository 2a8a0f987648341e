//! Customer breach cases (clauses 4.3.2, 8.1) and dispute cases (clause 11) over HTTP through
//! the `breaches/…` and `disputes/…` server functions: an upheld case ends the membership in
//! the same transaction and tells the customer, the opener never decides, a dismissed case
//! leaves rights alone; dispute methods and dates only move forward; a complaint has one
//! dispute; customers read only their own cases (another id: 404, audited).

use crate::common::{make_vip, spawn_app, who, TestApp, PASSWORD};
use chrono::Datelike;
use serde_json::Value;
use vipcare::services::breach;
use vipcare::services::disputes::{self, open_for_complaint};
use vipcare::services::ServiceError;
use vipcare::store::now_ms;
use vipcare::Role;

async fn count(app: &TestApp, sql: &str, bind: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn total(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn audits(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?")
        .bind(action)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn notes(app: &TestApp, user: i64, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?")
        .bind(user)
        .bind(kind)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn membership_status(app: &TestApp, customer: i64) -> String {
    sqlx::query_scalar("SELECT status FROM memberships WHERE customer_id = ? ORDER BY id DESC")
        .bind(customer)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// Posts a form to `/api/{path}`; returns the status, the `location` header and the body.
async fn post(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    cookie: &str,
) -> (u16, Option<String>, String) {
    let res = app
        .post_form(&format!("/api/{path}"), form, Some(cookie))
        .await;
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (status, location, res.text().await.unwrap())
}

fn case_form<'a>(email: &'a str, clause: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("customer_email", email),
        ("clause", clause),
        ("summary", "转售 VIP 专享名额"),
        (
            "evidence",
            "订单 A-1001 至 A-1010 的收货人均为第三方,客户承认转售。",
        ),
    ]
}

struct Cast {
    agent: i64,
    reviewer: i64,
    vip: i64,
    other: i64,
}

async fn cast(app: &TestApp) -> Cast {
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    let agent = app.add_staff("agent@example.com", &[Role::Agent]).await;
    let reviewer = app
        .add_staff("reviewer@example.com", &[Role::Reviewer])
        .await;
    app.add_staff("reviewer2@example.com", &[Role::Reviewer])
        .await;
    let vip = app.add_customer("vip@example.com").await;
    let other = app.add_customer("other@example.com").await;
    make_vip(app, vip).await;
    Cast {
        agent,
        reviewer,
        vip,
        other,
    }
}

#[tokio::test]
async fn clause_4_3_2_an_upheld_breach_ends_the_membership_and_notifies_the_customer() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let vip = app.login("vip@example.com", PASSWORD).await.unwrap();

    // Bad input changes nothing: an unknown clause, a staff address, no evidence.
    for (form, field, msg) in [
        (case_form("vip@example.com", "9"), "clause", "BcErrClause"),
        (
            case_form("agent@example.com", "4.3.2"),
            "customer_email",
            "BcErrNotCustomer",
        ),
        (
            case_form("vip@example.com", "8.1")
                .into_iter()
                .map(|(k, v)| (k, if k == "evidence" { " " } else { v }))
                .collect(),
            "evidence",
            "ErrTextRequired",
        ),
    ] {
        let (status, _, body) = post(&app, "breaches/open", &form, &agent).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(field) && body.contains(msg), "{body}");
    }
    assert_eq!(total(&app, "breach_cases").await, 0);
    // Customers cannot open cases.
    let (status, _, _) = post(
        &app,
        "breaches/open",
        &case_form("vip@example.com", "4.3.2"),
        &vip,
    )
    .await;
    assert_eq!(status, 403);

    // The agent opens the case and is taken to it; the reviewers are told.
    let (status, location, body) = post(
        &app,
        "breaches/open",
        &case_form("VIP@example.com", "4.3.2"),
        &agent,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let id: i64 = body.trim().parse().unwrap();
    assert_eq!(
        location.as_deref(),
        Some(format!("/admin/complaints/breaches/{id}").as_str())
    );
    assert_eq!(notes(&app, c.reviewer, "breach_opened").await, 1);
    assert_eq!(notes(&app, c.agent, "breach_opened").await, 0);
    assert_eq!(audits(&app, "breach.opened").await, 1);
    // The customer does not see an undecided case.
    let (status, _, _) = post(&app, "breaches/my", &[("id", &id.to_string())], &vip).await;
    assert_eq!(status, 404);

    // Agents open cases but do not decide them.
    let id_s = id.to_string();
    let decide = [
        ("id", id_s.as_str()),
        ("decision", "upheld"),
        ("reason", "多次转售专享名额,证据确凿。"),
    ];
    let (status, _, _) = post(&app, "breaches/decide", &decide, &agent).await;
    assert_eq!(status, 403);
    // A decision without a reason changes nothing.
    let (status, _, body) = post(
        &app,
        "breaches/decide",
        &[("id", &id_s), ("decision", "upheld"), ("reason", "")],
        &reviewer,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(membership_status(&app, c.vip).await, "active");

    // The reviewer upholds it: the membership ends with it, the customer is told.
    let (status, _, body) = post(&app, "breaches/decide", &decide, &reviewer).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(membership_status(&app, c.vip).await, "terminated");
    let (ended_by, reason): (Option<i64>, Option<String>) = sqlx::query_as(
        "SELECT ended_by, end_reason FROM memberships WHERE customer_id = ? ORDER BY id DESC",
    )
    .bind(c.vip)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(ended_by, Some(c.reviewer));
    assert!(reason.unwrap().contains("多次转售"));
    assert_eq!(notes(&app, c.vip, "breach_upheld").await, 1);
    assert_eq!(notes(&app, c.vip, "membership_terminated").await, 1);
    let link: String =
        sqlx::query_scalar("SELECT link FROM notifications WHERE kind = 'breach_upheld'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(link, format!("/portal/breaches/{id}"));
    assert_eq!(audits(&app, "breach.upheld").await, 1);
    assert_eq!(audits(&app, "membership.terminated").await, 1);

    // The customer reads the decision; a second decision is refused.
    let (status, _, body) = post(&app, "breaches/my", &[("id", &id_s)], &vip).await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "upheld");
    assert_eq!(v["clause"], "4.3.2");
    assert_eq!(v["decision_reason"], "多次转售专享名额,证据确凿。");
    let (status, _, body) = post(&app, "breaches/mine", &[], &vip).await;
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Vec<Value>>(&body).unwrap().len(), 1);
    let (status, _, body) = post(&app, "breaches/decide", &decide, &reviewer).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("BcErrDecided"), "{body}");
}

#[tokio::test]
async fn clause_4_3_2_the_opener_cannot_decide_their_own_case() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let reviewer2 = app.login("reviewer2@example.com", PASSWORD).await.unwrap();
    let (status, _, body) = post(
        &app,
        "breaches/open",
        &case_form("vip@example.com", "8.1"),
        &reviewer,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let id = body.trim().to_string();

    // The opener's view explains why they cannot decide; their attempt is refused.
    let (status, _, body) = post(&app, "breaches/get", &[("id", &id)], &reviewer).await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["viewer_opened"], true);
    assert_eq!(v["viewer_may_decide"], false);
    assert_eq!(audits(&app, "breach.viewed").await, 1);
    let decide = [
        ("id", id.as_str()),
        ("decision", "upheld"),
        ("reason", "自己立案自己决定"),
    ];
    let (status, _, body) = post(&app, "breaches/decide", &decide, &reviewer).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("BcErrOwnCase"), "{body}");
    let status_now: String = sqlx::query_scalar("SELECT status FROM breach_cases WHERE id = ?")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(status_now, "open");
    assert_eq!(membership_status(&app, c.vip).await, "active");
    assert_eq!(audits(&app, "breach.upheld").await, 0);

    // Another reviewer may.
    let (status, _, body) = post(&app, "breaches/get", &[("id", &id)], &reviewer2).await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["viewer_may_decide"], true);
    let (status, _, body) = post(&app, "breaches/decide", &decide, &reviewer2).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(membership_status(&app, c.vip).await, "terminated");
    let _ = c.reviewer;
}

#[tokio::test]
async fn clause_8_1_a_dismissed_case_leaves_rights_intact() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let vip = app.login("vip@example.com", PASSWORD).await.unwrap();
    let (_, _, body) = post(
        &app,
        "breaches/open",
        &case_form("vip@example.com", "8.1"),
        &agent,
    )
    .await;
    let id = body.trim().to_string();
    // Evidence files follow the application upload rules, while the case is open.
    let case_id: i64 = id.parse().unwrap();
    let pdf = b"%PDF-1.4 evidence";
    let f = breach::attach(&app.db, &who(c.agent), case_id, "订单.pdf", pdf, now_ms())
        .await
        .unwrap();
    assert_eq!(f.mime, "application/pdf");
    match breach::attach(
        &app.db,
        &who(c.agent),
        case_id,
        "notes.txt",
        b"plain",
        now_ms(),
    )
    .await
    {
        Err(ServiceError::Invalid { field: "file", .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(audits(&app, "breach.evidence_added").await, 1);
    let (status, _, body) = post(&app, "breaches/get", &[("id", &id)], &reviewer).await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["files"][0]["name"], "订单.pdf");
    let (status, _, body) = post(
        &app,
        "breaches/decide",
        &[
            ("id", &id),
            ("decision", "dismissed"),
            ("reason", "收货人为客户家属,不构成转售。"),
        ],
        &reviewer,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(membership_status(&app, c.vip).await, "active");
    assert_eq!(notes(&app, c.vip, "breach_dismissed").await, 1);
    assert_eq!(notes(&app, c.vip, "membership_terminated").await, 0);
    assert_eq!(audits(&app, "breach.dismissed").await, 1);
    assert_eq!(audits(&app, "membership.terminated").await, 0);
    let (status, _, body) = post(&app, "breaches/my", &[("id", &id)], &vip).await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "dismissed");
    match breach::attach(&app.db, &who(c.agent), case_id, "late.pdf", pdf, now_ms()).await {
        Err(ServiceError::Conflict(vipcare::Msg::BcErrDecided)) => {}
        other => panic!("{other:?}"),
    }
    // The staff list moved it to the decided cases.
    let (status, _, body) = post(&app, "breaches/list", &[], &agent).await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["open"].as_array().unwrap().len(), 0);
    assert_eq!(v["decided"].as_array().unwrap().len(), 1);
    let _ = c.other;
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn day(offset: i64) -> String {
    (vipcare::ledger::shanghai_date(now_ms()) + chrono::Duration::days(offset)).to_string()
}

#[tokio::test]
async fn clause_11_dispute_steps_refuse_going_backwards_and_dates_before_the_previous_step() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let vip = app.login("vip@example.com", PASSWORD).await.unwrap();
    let open = |method: &'static str, body: &'static str, on: String| {
        vec![
            ("customer_email", "vip@example.com".to_string()),
            ("method", method.to_string()),
            ("body", body.to_string()),
            ("opened_on", on),
            ("summary", "对违约认定不服,要求恢复 VIP 权益".to_string()),
        ]
    };
    // Only admins manage disputes; bad input changes nothing.
    let good = open("negotiation", "", day(-10));
    let f = pairs(&good);
    let (status, _, _) = post(&app, "disputes/open", &f, &agent).await;
    assert_eq!(status, 403);
    for (form, field, msg) in [
        (
            open("mediation", "", day(-10)),
            "body",
            "DspErrBodyRequired",
        ),
        (
            open("negotiation", "", day(1)),
            "opened_on",
            "DspErrDateFuture",
        ),
        (open("appeal", "", day(-1)), "method", "DspErrMethod"),
    ] {
        let (status, _, body) = post(&app, "disputes/open", &pairs(&form), &admin).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(field) && body.contains(msg), "{body}");
    }
    assert_eq!(total(&app, "disputes").await, 0);

    let (status, location, body) = post(&app, "disputes/open", &f, &admin).await;
    assert_eq!(status, 200, "{body}");
    let id: i64 = body.trim().parse().unwrap();
    assert_eq!(
        location.as_deref(),
        Some(format!("/admin/complaints/disputes/{id}").as_str())
    );
    let number: String = sqlx::query_scalar("SELECT number FROM disputes WHERE id = ?")
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(
        number,
        format!("DSP-{}-000001", &day(0)[..4]),
        "numbered like documents"
    );
    assert_eq!(notes(&app, c.vip, "dispute_opened").await, 1);

    let id_s = id.to_string();
    let step = |kind: &'static str, method: &'static str, body: &'static str, on: String| {
        vec![
            ("id", id_s.clone()),
            ("kind", kind.to_string()),
            ("method", method.to_string()),
            ("body", body.to_string()),
            ("happened_on", on),
            ("note", "双方未能达成一致".to_string()),
        ]
    };
    let record = |f: Vec<(&'static str, String)>| {
        let app = &app;
        let admin = admin.clone();
        async move { post(app, "disputes/step", &pairs(&f), &admin).await }
    };
    // To mediation, before a named body, five days after opening.
    let (status, _, body) = record(step(
        "method_changed",
        "mediation",
        "上海市消费者权益保护委员会",
        day(-5),
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    let steps_before = count(
        &app,
        "SELECT COUNT(*) FROM dispute_steps WHERE dispute_id = ?",
        id,
    )
    .await;
    assert_eq!(steps_before, 2);

    // Refused: back to negotiation, a date before the previous step, a future date, a hearing
    // date before mediation began, arbitration without its commission.
    for (form, field, msg) in [
        (
            step("method_changed", "negotiation", "", day(-4)),
            "method",
            "DspErrBackwards",
        ),
        (
            step("method_changed", "mediation", "另一机构", day(-4)),
            "method",
            "DspErrSameMethod",
        ),
        (
            step("hearing", "", "", day(-6)),
            "happened_on",
            "DspErrDateBeforePrevious",
        ),
        (
            step("hearing", "", "", day(1)),
            "happened_on",
            "DspErrDateFuture",
        ),
        (
            step("method_changed", "arbitration", "", day(-3)),
            "body",
            "DspErrBodyRequired",
        ),
        (step("decision", "", "", day(-3)), "kind", "DspErrStepKind"),
    ] {
        let (status, _, body) = record(form).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(field) && body.contains(msg), "{body}");
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM dispute_steps WHERE dispute_id = ?",
            id
        )
        .await,
        steps_before
    );
    let method: String = sqlx::query_scalar("SELECT method FROM disputes WHERE id = ?")
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(method, "mediation");

    // A hearing on the same day as the previous step is fine; an internal note stays internal.
    let (status, _, body) = record(step("hearing", "", "", day(-5))).await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = record(step("note", "", "", day(-2))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(notes(&app, c.vip, "dispute_step").await, 2, "not the note");
    // Arbitration, then court is refused (they exclude each other).
    let (status, _, body) = record(step(
        "method_changed",
        "arbitration",
        "上海仲裁委员会",
        day(-1),
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = record(step(
        "method_changed",
        "court",
        "上海市浦东新区人民法院",
        day(0),
    ))
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("DspErrArbitrationOrCourt"), "{body}");

    // Documents go with a step the customer sees, never with an internal note.
    let steps: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, kind FROM dispute_steps WHERE dispute_id = ? ORDER BY seq")
            .bind(id)
            .fetch_all(app.db.reader())
            .await
            .unwrap();
    let note_step = steps.iter().find(|s| s.1 == "note").unwrap().0;
    let last_step = steps.last().unwrap().0;
    let admin_id: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@example.com'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    let pdf = b"%PDF-1.4 application";
    disputes::attach(
        &app.db,
        &who(admin_id),
        last_step,
        "仲裁申请书.pdf",
        pdf,
        now_ms(),
    )
    .await
    .unwrap();
    assert!(
        disputes::attach(&app.db, &who(admin_id), note_step, "x.pdf", pdf, now_ms())
            .await
            .is_err()
    );

    // The customer sees the steps in order, without the internal note.
    let (status, _, body) = post(&app, "disputes/my", &[("id", &id_s)], &vip).await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["method"], "arbitration");
    assert_eq!(v["body"], "上海仲裁委员会");
    let kinds: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["opened", "method_changed", "hearing", "method_changed"]
    );
    assert!(v["steps"][0]["recorded_by_name"].is_null());
    assert_eq!(v["steps"][3]["files"][0]["name"], "仲裁申请书.pdf");

    // Closing: a decision before the last step's date is refused; then decided; then frozen.
    let close = |on: String| {
        vec![
            ("id", id_s.clone()),
            ("status", "decided".to_string()),
            ("result", "仲裁庭裁决维持违约认定".to_string()),
            ("closed_on", on),
        ]
    };
    let (status, _, body) = post(&app, "disputes/close", &pairs(&close(day(-2))), &admin).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("DspErrDateBeforePrevious"), "{body}");
    let (status, _, body) = post(&app, "disputes/close", &pairs(&close(day(0))), &admin).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(notes(&app, c.vip, "dispute_closed").await, 1);
    let (status, _, body) = record(step("hearing", "", "", day(0))).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("DspErrClosed"), "{body}");
    assert_eq!(audits(&app, "dispute.opened").await, 1);
    assert_eq!(audits(&app, "dispute.step_recorded").await, 4);
    assert_eq!(audits(&app, "dispute.closed").await, 1);
}

#[tokio::test]
async fn clause_11_open_for_complaint_twice_fails_without_side_effects() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let now = now_ms();
    let today = vipcare::ledger::shanghai_date(now);
    let mut tx = app.db.begin_write().await.unwrap();
    let complaint: i64 = sqlx::query_scalar(
        "INSERT INTO complaints (number, customer_id, channel, subject, body, status, sort_level,
                                 received_at, acknowledge_due, proposal_due, created_at, updated_at)
         VALUES ('CMP-TEST-1', ?, 'web', '违约认定', '不服', 'disputed', 0, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(c.vip)
    .bind(now)
    .bind(now)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let (id, number) = open_for_complaint(&mut tx, complaint, c.vip, Some(c.reviewer), today, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(number, vipcare::disputes::dispute_number(today.year(), 1));
    let (method, status, complaint_id): (String, String, Option<i64>) =
        sqlx::query_as("SELECT method, status, complaint_id FROM disputes WHERE id = ?")
            .bind(id)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!((method.as_str(), status.as_str()), ("negotiation", "open"));
    assert_eq!(complaint_id, Some(complaint));
    let first_kind: String =
        sqlx::query_scalar("SELECT kind FROM dispute_steps WHERE dispute_id = ? AND seq = 1")
            .bind(id)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(first_kind, "opened");
    assert_eq!(notes(&app, c.vip, "dispute_opened").await, 1);
    assert_eq!(audits(&app, "dispute.opened").await, 1);

    let snapshot = async || {
        (
            total(&app, "disputes").await,
            total(&app, "dispute_steps").await,
            total(&app, "notifications").await,
            total(&app, "audit_log").await,
            sqlx::query_scalar::<_, i64>("SELECT last FROM document_counters WHERE series = 'DSP'")
                .fetch_one(app.db.reader())
                .await
                .unwrap(),
        )
    };
    let before = snapshot().await;
    let mut tx = app.db.begin_write().await.unwrap();
    match open_for_complaint(&mut tx, complaint, c.vip, Some(c.reviewer), today, now).await {
        Err(ServiceError::Conflict(vipcare::Msg::DspErrComplaintTaken)) => {}
        other => panic!("{other:?}"),
    }
    // Even a caller that commits after the refusal has written nothing.
    tx.commit().await.unwrap();
    assert_eq!(snapshot().await, before);
    // The database itself holds one dispute per complaint.
    let mut tx = app.db.begin_write().await.unwrap();
    let dup = sqlx::query(
        "INSERT INTO disputes (number, customer_id, complaint_id, method, status, opened_on,
                               created_at, updated_at)
         VALUES ('DSP-X', ?, ?, 'negotiation', 'open', '2026-01-01', 0, 0)",
    )
    .bind(c.vip)
    .bind(complaint)
    .execute(&mut *tx)
    .await;
    assert!(dup.is_err(), "UNIQUE (complaint_id)");
    drop(tx);
    assert_eq!(snapshot().await, before);
}

#[tokio::test]
async fn clause_10_another_customers_dispute_or_breach_is_not_found_and_audited() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let reviewer = app.login("reviewer@example.com", PASSWORD).await.unwrap();
    let vip = app.login("vip@example.com", PASSWORD).await.unwrap();
    let other = app.login("other@example.com", PASSWORD).await.unwrap();
    let (_, _, body) = post(
        &app,
        "breaches/open",
        &case_form("vip@example.com", "4.3.2"),
        &agent,
    )
    .await;
    let breach = body.trim().to_string();
    let (status, _, _) = post(
        &app,
        "breaches/decide",
        &[
            ("id", &breach),
            ("decision", "dismissed"),
            ("reason", "证据不足"),
        ],
        &reviewer,
    )
    .await;
    assert_eq!(status, 200);
    let today = day(0);
    let (status, _, body) = post(
        &app,
        "disputes/open",
        &[
            ("customer_email", "vip@example.com"),
            ("method", "negotiation"),
            ("body", ""),
            ("opened_on", &today),
            ("summary", "服务费争议"),
        ],
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let dispute = body.trim().to_string();

    // The owner reads both; another customer gets 404 for each and leaves an audit entry.
    assert_eq!(
        post(&app, "disputes/my", &[("id", &dispute)], &vip).await.0,
        200
    );
    assert_eq!(
        post(&app, "breaches/my", &[("id", &breach)], &vip).await.0,
        200
    );
    let before = audits(&app, "access.denied").await;
    assert_eq!(
        post(&app, "disputes/my", &[("id", &dispute)], &other)
            .await
            .0,
        404
    );
    assert_eq!(
        post(&app, "breaches/my", &[("id", &breach)], &other)
            .await
            .0,
        404
    );
    assert_eq!(
        post(&app, "disputes/my", &[("id", "999")], &other).await.0,
        404
    );
    assert_eq!(audits(&app, "access.denied").await, before + 3);
    let denied = "SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND actor_id = ?
                  AND object_type IN ('dispute', 'breach_case')";
    assert_eq!(count(&app, denied, c.other).await, 3);
    // Their own lists are empty; staff functions are refused to customers.
    let (status, _, body) = post(&app, "disputes/mine", &[], &other).await;
    assert_eq!((status, body.trim()), (200, "[]"));
    let (status, _, body) = post(&app, "breaches/mine", &[], &other).await;
    assert_eq!((status, body.trim()), (200, "[]"));
    assert_eq!(
        post(&app, "disputes/get", &[("id", &dispute)], &other)
            .await
            .0,
        403
    );
    assert_eq!(
        post(&app, "breaches/get", &[("id", &breach)], &other)
            .await
            .0,
        403
    );
    // Staff reads of a customer's case are audited.
    assert_eq!(
        post(&app, "disputes/get", &[("id", &dispute)], &admin)
            .await
            .0,
        200
    );
    assert_eq!(
        audits(&app, "dispute.viewed").await,
        1,
        "the admin's read, not the owner's"
    );
    let subject =
        "SELECT COUNT(*) FROM audit_log WHERE action = 'dispute.viewed' AND subject_user_id = ?";
    assert_eq!(count(&app, subject, c.vip).await, 1);
}

#[tokio::test]
async fn demo_cases_are_seeded_once() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let near = app.add_customer("near@example.com").await;
    let now = now_ms();
    vipcare_server::seed_cases::seed_cases(&app.db, now)
        .await
        .unwrap();
    vipcare_server::seed_cases::seed_cases(&app.db, now)
        .await
        .unwrap();
    let (customer, status, opened_by): (i64, String, i64) =
        sqlx::query_as("SELECT customer_id, status, opened_by FROM breach_cases")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(
        (customer, status.as_str(), opened_by),
        (near, "open", c.agent)
    );
    assert_eq!(notes(&app, c.reviewer, "breach_opened").await, 1);
    let (customer, method): (i64, String) =
        sqlx::query_as("SELECT customer_id, method FROM disputes")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!((customer, method.as_str()), (c.vip, "mediation"));
    assert_eq!(total(&app, "dispute_steps").await, 2);
}
