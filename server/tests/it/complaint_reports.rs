//! Complaint reports and the complaint process's configuration (clauses 7.2, 8.2) through the
//! real server: deadlines and compensation policies are validated (bad input changes nothing),
//! audited with before and after, and for admins only; the report counts per month of receipt
//! and branch; its CSV export carries a BOM and localised headings, is refused to customers
//! (403) and strangers (401), and is audited.

use crate::common::{sh, spawn_app, who, TestApp, PASSWORD};
use vipcare::complaint_reports::ComplaintReport;
use vipcare::complaint_settings::{CompensationPolicy, ComplaintSettingsOverview};
use vipcare::desk::{Channel, RequestKind};
use vipcare::queue::Urgency;
use vipcare::services::complaint_reports as reports;
use vipcare::services::complaint_settings as settings;
use vipcare::services::desk::{self, NewRequest};
use vipcare::store::complaint_reports::{
    insert_grant_fixture, insert_report_fixture, FixtureProposal, ReportFixture,
};
use vipcare::store::now_ms;
use vipcare::{Fen, Role};

const H: i64 = 3_600_000;

async fn audits(app: &TestApp, action: &str) -> Vec<(Option<String>, Option<String>)> {
    sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = ? ORDER BY seq")
        .bind(action)
        .fetch_all(app.db.reader())
        .await
        .unwrap()
}

/// Posts a form to `/api/{path}` and returns the status and body.
async fn post(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> (u16, String) {
    let res = app.post_form(&format!("/api/{path}"), form, cookie).await;
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

async fn overview(app: &TestApp, cookie: &str) -> ComplaintSettingsOverview {
    let (status, body) = post(app, "complaint-settings/overview", &[], Some(cookie)).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

fn deadlines<'a>(ack: &'a str, propose: &'a str, second: &'a str) -> [(&'static str, &'a str); 3] {
    [
        ("acknowledge_hours", ack),
        ("propose_days", propose),
        ("second_proposal_days", second),
    ]
}

#[tokio::test]
async fn clause_7_2_deadlines_are_validated_audited_and_set_by_admins_only() {
    let app = spawn_app().await;
    let admin_id = app.add_staff("admin@example.com", &[Role::Admin]).await;
    app.add_staff("agent@example.com", &[Role::Agent]).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();

    // As shipped: 24 h, 7 days, 7 days.
    let o = overview(&app, &admin).await;
    assert_eq!(
        (
            o.settings.acknowledge_mins,
            o.settings.propose_mins,
            o.settings.second_proposal_mins
        ),
        (1_440, 10_080, 10_080)
    );
    assert_eq!(o.settings.acknowledge_hours(), "24");
    assert_eq!(o.settings.updated_at, 0);
    let res = app.get("/admin/complaints/settings", Some(&admin)).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("投诉设置") && html.contains("name=\"acknowledge_hours\""),
        "{html}"
    );

    // Only admins: an agent handles complaints but does not configure them; strangers sign in.
    for path in [
        "complaint-settings/overview",
        "complaint-settings/deadlines",
    ] {
        let form = deadlines("12", "5", "3");
        assert_eq!(post(&app, path, &form, Some(&agent)).await.0, 403, "{path}");
        assert_eq!(post(&app, path, &form, None).await.0, 401, "{path}");
    }

    // Bad input is refused by field and changes nothing.
    for (form, field, msg) in [
        (
            deadlines("0", "7", "7"),
            "acknowledge_hours",
            "ComplaintSettingsErrAcknowledge",
        ),
        (
            deadlines("169", "7", "7"),
            "acknowledge_hours",
            "ComplaintSettingsErrAcknowledge",
        ),
        (
            deadlines("1.5", "7", "7"),
            "acknowledge_hours",
            "ComplaintSettingsErrAcknowledge",
        ),
        (
            deadlines("24", "1", "7"),
            "acknowledge_hours",
            "ComplaintSettingsErrAcknowledgeAfterProposal",
        ),
        (
            deadlines("24", "x", "7"),
            "propose_days",
            "ComplaintSettingsErrDays",
        ),
        (
            deadlines("24", "7", "91"),
            "second_proposal_days",
            "ComplaintSettingsErrDays",
        ),
    ] {
        let (status, body) = post(&app, "complaint-settings/deadlines", &form, Some(&admin)).await;
        assert_eq!(status, 422, "{form:?}: {body}");
        assert!(body.contains(field) && body.contains(msg), "{body}");
    }
    let unchanged = settings::settings(&app.db).await.unwrap();
    assert_eq!(unchanged.acknowledge_mins, 1_440);
    assert!(audits(&app, "complaint.settings_changed").await.is_empty());

    // Without JavaScript the browser goes back to the page with the error in the query.
    let res = app
        .client
        .post(app.url("/api/complaint-settings/deadlines"))
        .header("origin", &app.origin)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "text/html")
        .header("cookie", &admin)
        .form(&deadlines("0", "7", "7"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(
        res.headers()["location"],
        "/admin/complaints/settings?error=ComplaintSettingsErrAcknowledge&field=acknowledge_hours"
    );

    // A good change is stored in minutes, with who and when, and audited with before/after.
    let (status, body) = post(
        &app,
        "complaint-settings/deadlines",
        &deadlines(" 12 ", "5", "3"),
        Some(&admin),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let s = settings::settings(&app.db).await.unwrap();
    assert_eq!(
        (s.acknowledge_mins, s.propose_mins, s.second_proposal_mins),
        (720, 7_200, 4_320)
    );
    assert_eq!(s.updated_by, Some(admin_id));
    assert_eq!(s.updated_by_name.as_deref(), Some("Staff Member"));
    assert!(s.updated_at > 0);
    let log = audits(&app, "complaint.settings_changed").await;
    assert_eq!(log.len(), 1);
    let before: serde_json::Value = serde_json::from_str(log[0].0.as_deref().unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_str(log[0].1.as_deref().unwrap()).unwrap();
    assert_eq!(before["acknowledge_mins"], 1_440);
    assert_eq!(after["acknowledge_mins"], 720);
    assert_eq!(after["second_proposal_mins"], 4_320);

    // Saving the same values again changes nothing and records nothing.
    let form = deadlines("12", "5", "3");
    assert_eq!(
        post(&app, "complaint-settings/deadlines", &form, Some(&admin))
            .await
            .0,
        200
    );
    assert_eq!(audits(&app, "complaint.settings_changed").await.len(), 1);
}

fn policy<'a>(
    level: &'a str,
    first: &'a str,
    resolution: &'a str,
    cap: &'a str,
) -> [(&'static str, &'a str); 4] {
    [
        ("level", level),
        ("first_response", first),
        ("resolution", resolution),
        ("monthly_cap", cap),
    ]
}

#[tokio::test]
async fn clause_8_2_compensation_policies_are_set_in_yuan_replaced_and_removed() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    app.add_staff("quality@example.com", &[Role::Quality]).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let quality = app.login("quality@example.com", PASSWORD).await.unwrap();

    // The shipped level has no policy: no automatic compensation.
    let levels = settings::policies(&app.db).await.unwrap();
    assert_eq!(levels.len(), 1);
    assert_eq!(levels[0].policy, None);
    let level = levels[0].level_id.to_string();

    let (status, body) = post(
        &app,
        "complaint-settings/policy",
        &policy(&level, "50", "12.50", "200"),
        Some(&admin),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let o = overview(&app, &admin).await;
    assert_eq!(
        o.policies[0].policy,
        Some(CompensationPolicy {
            first_response: Fen(5_000),
            resolution: Fen(1_250),
            monthly_cap: Fen(20_000),
        })
    );
    let log = audits(&app, "complaint.compensation_policy_set").await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].0, None, "a new policy has nothing before");
    let after: serde_json::Value = serde_json::from_str(log[0].1.as_deref().unwrap()).unwrap();
    assert_eq!(after["resolution_fen"], 1_250);

    // Bad amounts are refused by field; the policy stays as it was.
    for (form, field, msg) in [
        (
            policy(&level, "-5", "10", "100"),
            "first_response",
            "ComplaintSettingsErrAmount",
        ),
        (
            policy(&level, "5", "1.234", "100"),
            "resolution",
            "ComplaintSettingsErrAmount",
        ),
        (
            policy(&level, "0", "", "100"),
            "first_response",
            "ComplaintSettingsErrNothing",
        ),
        (
            policy(&level, "5", "10", "abc"),
            "monthly_cap",
            "ComplaintSettingsErrCap",
        ),
        (
            policy(&level, "5", "10", "9"),
            "monthly_cap",
            "ComplaintSettingsErrCapBelowAmount",
        ),
    ] {
        let (status, body) = post(&app, "complaint-settings/policy", &form, Some(&admin)).await;
        assert_eq!(status, 422, "{form:?}: {body}");
        assert!(body.contains(field) && body.contains(msg), "{body}");
    }
    assert_eq!(
        settings::policies(&app.db).await.unwrap()[0]
            .policy
            .unwrap()
            .first_response,
        Fen(5_000)
    );
    // An unknown level, a quality manager, a stranger: refused.
    let form = policy("9999", "5", "10", "100");
    assert_eq!(
        post(&app, "complaint-settings/policy", &form, Some(&admin))
            .await
            .0,
        404
    );
    let form = policy(&level, "5", "10", "100");
    assert_eq!(
        post(&app, "complaint-settings/policy", &form, Some(&quality))
            .await
            .0,
        403
    );
    assert_eq!(
        post(&app, "complaint-settings/policy", &form, None).await.0,
        401
    );
    let remove = [("level", level.as_str())];
    assert_eq!(
        post(
            &app,
            "complaint-settings/policy/remove",
            &remove,
            Some(&quality)
        )
        .await
        .0,
        403
    );

    // A change records before and after.
    let form = policy(&level, "60", "12.5", "¥1,000");
    assert_eq!(
        post(&app, "complaint-settings/policy", &form, Some(&admin))
            .await
            .0,
        200
    );
    let log = audits(&app, "complaint.compensation_policy_set").await;
    assert_eq!(log.len(), 2);
    let before: serde_json::Value = serde_json::from_str(log[1].0.as_deref().unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_str(log[1].1.as_deref().unwrap()).unwrap();
    assert_eq!(
        (
            before["first_response_fen"].as_i64(),
            after["first_response_fen"].as_i64()
        ),
        (Some(5_000), Some(6_000))
    );
    assert_eq!(after["monthly_cap_fen"], 100_000);

    // Removed: the level has no automatic compensation again; removing twice is not found.
    assert_eq!(
        post(
            &app,
            "complaint-settings/policy/remove",
            &remove,
            Some(&admin)
        )
        .await
        .0,
        200
    );
    assert_eq!(settings::policies(&app.db).await.unwrap()[0].policy, None);
    let log = audits(&app, "complaint.compensation_policy_removed").await;
    assert_eq!(log.len(), 1);
    let before: serde_json::Value = serde_json::from_str(log[0].0.as_deref().unwrap()).unwrap();
    assert_eq!(before["first_response_fen"], 6_000);
    assert_eq!(
        post(
            &app,
            "complaint-settings/policy/remove",
            &remove,
            Some(&admin)
        )
        .await
        .0,
        404
    );
}

/// Five complaints in March and April 2026 (Asia/Shanghai), a complaint credit and an automatic
/// grant. Returns the headquarters' id and the breached request's branch.
async fn report_fixtures(app: &TestApp) -> (i64, Option<i64>) {
    let admin = app.add_staff("admin@example.com", &[Role::Admin]).await;
    let customer = app.add_customer("vip@example.com").await;
    let hq = desk::create_branch(
        &app.db,
        &who(admin),
        "HQ",
        ("上海总部", "Shanghai headquarters"),
        true,
        None,
        now_ms(),
    )
    .await
    .unwrap();
    let p = |round, finding, answer, credit| FixtureProposal {
        round,
        finding,
        answer,
        proposed_by: admin,
        credit,
    };
    let fixtures = [
        // Acknowledged in 2 h, accepted (upheld, ¥50 credit) and closed after 48 h.
        ReportFixture {
            number: "CMP-A",
            customer_id: customer,
            branch_id: Some(hq),
            status: "closed",
            received_at: sh("2026-03-02 10:00"),
            acknowledged_at: Some(sh("2026-03-02 12:00")),
            closed_at: Some(sh("2026-03-04 10:00")),
            proposals: vec![p(
                1,
                "upheld",
                Some("accepted"),
                Some((5_000, "2026-03-04")),
            )],
        },
        // Acknowledged in 4 h, both proposals rejected: disputed after 200 h; the latest
        // proposal's finding (not upheld) counts.
        ReportFixture {
            number: "CMP-B",
            customer_id: customer,
            branch_id: Some(hq),
            status: "disputed",
            received_at: sh("2026-03-10 10:00"),
            acknowledged_at: Some(sh("2026-03-10 14:00")),
            closed_at: Some(sh("2026-03-18 18:00")),
            proposals: vec![
                p(1, "partly_upheld", Some("rejected"), None),
                p(2, "not_upheld", Some("rejected"), None),
            ],
        },
        // Acknowledged in 6 h, a proposal (partly upheld) awaiting the answer.
        ReportFixture {
            number: "CMP-C",
            customer_id: customer,
            branch_id: Some(hq),
            status: "proposed",
            received_at: sh("2026-03-20 10:00"),
            acknowledged_at: Some(sh("2026-03-20 16:00")),
            closed_at: None,
            proposals: vec![p(1, "partly_upheld", None, None)],
        },
        // Late on 31 March in Shanghai (15:30 UTC): March.
        ReportFixture {
            number: "CMP-D",
            customer_id: customer,
            branch_id: None,
            status: "received",
            received_at: sh("2026-03-31 23:30"),
            acknowledged_at: None,
            closed_at: None,
            proposals: vec![],
        },
        // Half past midnight on 1 April in Shanghai (still 31 March in UTC): April.
        ReportFixture {
            number: "CMP-E",
            customer_id: customer,
            branch_id: None,
            status: "received",
            received_at: sh("2026-04-01 00:30"),
            acknowledged_at: None,
            closed_at: None,
            proposals: vec![],
        },
    ];
    let mut tx = app.db.begin_write().await.unwrap();
    for f in &fixtures {
        insert_report_fixture(&mut tx, f).await.unwrap();
    }
    tx.commit().await.unwrap();

    // A request that missed its first response earns ¥10 of automatic compensation in April.
    let request = desk::open(
        &app.db,
        &who(customer),
        customer,
        &NewRequest {
            kind: RequestKind::Consultation,
            channel: Channel::Web,
            urgency: Urgency::Normal,
            subject: "Slow answer".into(),
            body: "Nobody answered.".into(),
        },
        now_ms(),
    )
    .await
    .unwrap();
    let branch: Option<i64> =
        sqlx::query_scalar("SELECT branch_id FROM service_requests WHERE id = ?")
            .bind(request)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    let mut tx = app.db.begin_write().await.unwrap();
    insert_grant_fixture(
        &mut tx,
        request,
        "first_response",
        1_000,
        sh("2026-04-02 09:00"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (hq, branch)
}

#[tokio::test]
async fn clause_7_2_report_counts_by_month_of_receipt_and_branch() {
    let app = spawn_app().await;
    let (hq, grant_branch) = report_fixtures(&app).await;
    let r = reports::report(&app.db, "2026-03", "2026-04")
        .await
        .unwrap();
    let row = |month: &str, branch: Option<i64>| {
        r.rows
            .iter()
            .find(|x| x.month == month && x.branch.as_ref().map(|b| b.id) == branch)
            .unwrap_or_else(|| panic!("no row {month} {branch:?}: {:?}", r.rows))
            .figures
            .clone()
    };
    let march = row("2026-03", Some(hq));
    assert_eq!(
        (march.received, march.acknowledged, march.resolved),
        (3, 3, 2)
    );
    // Nearest rank: of 2 h, 4 h, 6 h the median is 4 h and p90 6 h; of 48 h and 200 h the
    // median is 48 h and p90 200 h.
    assert_eq!(
        (march.acknowledge_median_ms, march.acknowledge_p90_ms),
        (Some(4 * H), Some(6 * H))
    );
    assert_eq!(
        (march.resolve_median_ms, march.resolve_p90_ms),
        (Some(48 * H), Some(200 * H))
    );
    assert_eq!(
        (march.with_finding, march.upheld, march.partly_upheld),
        (3, 1, 1)
    );
    assert_eq!(march.upheld_share_bp(), Some(3_333));
    assert_eq!(march.upheld_or_partly_share_bp(), Some(6_667));
    assert_eq!(march.compensation, Fen(5_000));
    assert_eq!(row("2026-03", None).received, 1);
    let april = row("2026-04", None);
    assert_eq!(april.received, 1);
    assert_eq!(row("2026-04", grant_branch).compensation, Fen(1_000));
    assert_eq!(
        (r.totals.received, r.totals.acknowledged, r.totals.resolved),
        (5, 3, 2)
    );
    assert_eq!(r.totals.compensation, Fen(6_000));
    assert_eq!(r.totals.upheld_share_bp(), Some(3_333));

    // One month only; a range backwards or too long is refused.
    let april_only = reports::report(&app.db, "2026-04", "2026-04")
        .await
        .unwrap();
    assert_eq!(april_only.totals.received, 1);
    assert_eq!(april_only.totals.compensation, Fen(1_000));
    assert!(reports::report(&app.db, "2026-05", "2026-03")
        .await
        .is_err());
    assert!(reports::report(&app.db, "2023-01", "2026-03")
        .await
        .is_err());
    assert!(reports::report(&app.db, "2026-3", "2026-04").await.is_err());
}

#[tokio::test]
async fn clause_7_2_report_exports_as_csv_with_bom_for_complaint_staff_only() {
    let app = spawn_app().await;
    report_fixtures(&app).await;
    app.add_staff("agent@example.com", &[Role::Agent]).await;
    app.add_staff("finance@example.com", &[Role::Finance]).await;
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let path = "/admin/complaints/reports.csv?from=2026-03&to=2026-04";

    // The report page's data: complaint staff only.
    let (status, body) = post(
        &app,
        "complaints/reports",
        &[("from", "2026-03"), ("to", "2026-04")],
        Some(&agent),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let r: ComplaintReport = serde_json::from_str(&body).unwrap();
    assert_eq!(r.totals.received, 5);

    // Chinese by default: BOM, CRLF, headings in Chinese, hours and percentages as numbers.
    let res = app.get(path, Some(&agent)).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("complaints-2026-03-2026-04.csv"));
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "月份,分支机构,收到,已确认,确认用时中位数(小时),确认用时 P90(小时),已解决,\
         解决用时中位数(小时),解决用时 P90(小时),有认定结论,成立(%),成立或部分成立(%),已付赔偿(¥)"
    );
    assert!(
        lines.contains(&"2026-03,上海总部,3,3,4.00,6.00,2,48.00,200.00,3,33.33,66.67,50.00"),
        "{text}"
    );
    assert!(
        lines.contains(&"2026-03,未分配,1,0,,,0,,,0,,,0.00"),
        "{text}"
    );
    assert!(text.contains("\r\n合计,,5,3,"), "{text}");
    assert!(text.ends_with(",60.00\r\n"), "{text}");

    // In English for a reader who chose English.
    let cookie = format!("{agent}; vipcare_lang=en");
    let text = app.get(path, Some(&cookie)).await.text().await.unwrap();
    assert!(
        text.starts_with(
            "\u{feff}Month,Branch,Received,Acknowledged,Median time to acknowledge (hours),"
        ),
        "{text}"
    );
    assert!(
        text.contains("\r\n2026-03,Shanghai headquarters,3,3,"),
        "{text}"
    );
    assert!(text.contains("\r\n2026-03,Unassigned,1,"), "{text}");
    assert!(text.contains("\r\nTotal,,5,3,"), "{text}");

    // Without a range: the last twelve months.
    assert_eq!(
        app.get("/admin/complaints/reports.csv", Some(&agent))
            .await
            .status(),
        200
    );
    // A bad range is refused; customers, finance and strangers are refused.
    assert_eq!(
        app.get(
            "/admin/complaints/reports.csv?from=2026-05&to=2026-03",
            Some(&agent)
        )
        .await
        .status(),
        422
    );
    let cust = app.login("vip@example.com", PASSWORD).await.unwrap();
    assert_eq!(app.get(path, Some(&cust)).await.status(), 403);
    let fin = app.login("finance@example.com", PASSWORD).await.unwrap();
    assert_eq!(app.get(path, Some(&fin)).await.status(), 403);
    assert_eq!(app.get(path, None).await.status(), 401);
    let (status, _) = post(&app, "complaints/reports", &[], Some(&cust)).await;
    assert_eq!(status, 403);

    // The pages render on the server, in the reader's language, for those allowed.
    let res = app
        .get(
            "/admin/complaints/reports?from=2026-03&to=2026-04",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("投诉报表") && html.contains("上海总部"),
        "{html}"
    );
    assert!(html.contains("4 小时") && html.contains("8 天 8 小时") && html.contains("33.33%"));
    assert!(html.contains("/admin/complaints/reports.csv?from=2026-03&amp;to=2026-04"));
    assert_eq!(
        app.get("/admin/complaints/settings", Some(&agent))
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get("/admin/complaints/reports", Some(&cust))
            .await
            .status(),
        403
    );

    // Every export is audited, with its range.
    let log = audits(&app, "report.exported").await;
    assert_eq!(log.len(), 3);
    let after: serde_json::Value = serde_json::from_str(log[0].1.as_deref().unwrap()).unwrap();
    assert_eq!(after["report"], "complaints");
    assert_eq!(after["params"]["from"], "2026-03");
    assert_eq!(after["params"]["to"], "2026-04");
}
