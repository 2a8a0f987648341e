//! The quality dashboard, the process report and the public figures (clauses 5.2.3, 5.3.2)
//! through the real server: the series come from the stored evaluations and the requests
//! resolved in the range (exact values on known data); every table downloads as CSV with a BOM
//! holding the page table's cells, for quality staff only (403 for an agent, 401 for
//! strangers), audited; the home page shows last month's figures only when enabled.

use crate::common::{sh, spawn_app, who, TestApp, PASSWORD};
use vipcare::desk::SlaTerms;
use vipcare::quality::Period;
use vipcare::quality_reports::{self as qr, QualityDashboard, QualityTable, Style};
use vipcare::services::desk;
use vipcare::services::quality_reports as svc;
use vipcare::sla::Calendar;
use vipcare::store::complaint_reports::{insert_report_fixture, FixtureProposal, ReportFixture};
use vipcare::store::now_ms;
use vipcare::{Lang, Role};

const MIN: i64 = 60_000;
const H: i64 = 3_600_000;

async fn audits(app: &TestApp, action: &str) -> Vec<Option<String>> {
    sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = ? ORDER BY seq")
        .bind(action)
        .fetch_all(app.db.reader())
        .await
        .unwrap()
}

/// Waits (up to 10 s) until the jobs the server starts with have evaluated last month, so a
/// fixture for that month is not raced by the evaluation job.
async fn settle(app: &TestApp) {
    let last = Period::of_ms(now_ms()).previous().to_string();
    for _ in 0..100 {
        let done: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM quality_periods WHERE period = ?")
                .bind(&last)
                .fetch_optional(app.db.reader())
                .await
                .unwrap();
        if done.is_some() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A stored evaluation row (and its period): ratings (n, sum), SLA targets (met, total).
async fn evaluation(
    app: &TestApp,
    period: &str,
    scope: &str,
    subject: i64,
    ratings: (i64, i64),
    sla: (i64, i64),
) {
    settle(app).await;
    let mut tx = app.db.begin_write().await.unwrap();
    sqlx::query(
        "INSERT OR IGNORE INTO quality_periods (period, standards_json, computed_at)
         VALUES (?, '{}', 0)",
    )
    .bind(period)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT OR REPLACE INTO quality_evaluations (period, scope, subject_id, ratings, rating_sum,
                                          requests, sla_met, sla_total)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(period)
    .bind(scope)
    .bind(subject)
    .bind(ratings.0)
    .bind(ratings.1)
    .bind(sla.1 / 2)
    .bind(sla.0)
    .bind(sla.1)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

struct Req<'a> {
    kind: &'a str,
    branch: Option<i64>,
    terms: &'a SlaTerms,
    created: i64,
    resolved: Option<i64>,
    /// Status changes after opening: (from, to, when).
    changes: &'a [(&'a str, &'a str, i64)],
    pauses: &'a [(i64, i64)],
}

/// Writes a request with its timeline and pauses exactly as the desk leaves them.
async fn request(app: &TestApp, customer: i64, r: &Req<'_>) -> i64 {
    let status = if r.resolved.is_some() {
        "resolved"
    } else {
        "open"
    };
    let mut tx = app.db.begin_write().await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO service_requests (customer_id, kind, channel, urgency, subject, status,
                                       sort_urgency, sort_level, sla_json, branch_id,
                                       first_response_at, resolved_at, created_at, updated_at)
         VALUES (?, ?, 'web', 1, 'Quality fixture', ?, -1, 0, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(customer)
    .bind(r.kind)
    .bind(status)
    .bind(serde_json::to_string(r.terms).unwrap())
    .bind(r.branch)
    .bind(r.changes.first().map(|c| c.2))
    .bind(r.resolved)
    .bind(r.created)
    .bind(r.created)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let mut events = vec![("opened", None, "new", r.created)];
    events.extend(
        r.changes
            .iter()
            .map(|(f, t, at)| ("status", Some(*f), *t, *at)),
    );
    for (kind, from, to, at) in events {
        sqlx::query(
            "INSERT INTO request_events (request_id, kind, from_status, to_status, at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(kind)
        .bind(from)
        .bind(to)
        .bind(at)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    // An assignment: no status change, not part of the timeline.
    sqlx::query(
        "INSERT INTO request_events (request_id, kind, note, at) VALUES (?, 'assigned', '', ?)",
    )
    .bind(id)
    .bind(r.created + MIN)
    .execute(&mut *tx)
    .await
    .unwrap();
    for (s, e) in r.pauses {
        sqlx::query("INSERT INTO request_pauses (request_id, start_at, end_at) VALUES (?, ?, ?)")
            .bind(id)
            .bind(s)
            .bind(e)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    id
}

struct Fixtures {
    hq: i64,
    bj: i64,
}

/// Two branches; stored evaluations for September and October 2025; four requests resolved
/// in October (one outside the range, one open); complaints of every category.
async fn fixtures(app: &TestApp) -> Fixtures {
    let admin = app.add_staff("admin@example.com", &[Role::Admin]).await;
    app.add_staff("quality@example.com", &[Role::Quality]).await;
    let agent = app.add_staff("agent@example.com", &[Role::Agent]).await;
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
    let bj = desk::create_branch(
        &app.db,
        &who(admin),
        "BJ",
        ("北京分部", "Beijing branch"),
        false,
        None,
        now_ms(),
    )
    .await
    .unwrap();

    // Programme: 4 ratings summing 17 (4.25) and 18 of 20 targets in September; 3 ratings
    // summing 13 (4.33) and 9 of 10 in October. HQ in October: 2 ratings (4.50), 5 of 6.
    evaluation(app, "2025-09", "programme", 0, (4, 17), (18, 20)).await;
    evaluation(app, "2025-10", "programme", 0, (3, 13), (9, 10)).await;
    evaluation(app, "2025-10", "branch", hq, (2, 9), (5, 6)).await;
    evaluation(app, "2025-10", "agent", agent, (1, 1), (0, 2)).await;
    // Outside the range.
    evaluation(app, "2025-08", "programme", 0, (1, 1), (0, 1)).await;

    let vip = SlaTerms {
        first_response_mins: 60,
        resolution_mins: 1_440,
        calendar: Calendar::always_open(),
    };
    let business = SlaTerms {
        first_response_mins: 480,
        resolution_mins: 4_320,
        calendar: Calendar::shanghai_business([], []),
    };
    // 30 min: new 10 min, open 20 min.
    let t = sh("2025-10-05 10:00");
    request(
        app,
        customer,
        &Req {
            kind: "consultation",
            branch: Some(hq),
            terms: &vip,
            created: t,
            resolved: Some(t + 30 * MIN),
            changes: &[
                ("new", "open", t + 10 * MIN),
                ("open", "resolved", t + 30 * MIN),
            ],
            pauses: &[],
        },
    )
    .await;
    // 6 h wall clock with a one-hour pause: 5 working hours. New 30 min, open 30 min,
    // waiting 1 h, open 4 h.
    let t = sh("2025-10-06 10:00");
    request(
        app,
        customer,
        &Req {
            kind: "other",
            branch: Some(hq),
            terms: &vip,
            created: t,
            resolved: Some(t + 6 * H),
            changes: &[
                ("new", "open", t + 30 * MIN),
                ("open", "waiting_on_customer", t + H),
                ("waiting_on_customer", "open", t + 2 * H),
                ("open", "resolved", t + 6 * H),
            ],
            pauses: &[(t + H, t + 2 * H)],
        },
    )
    .await;
    // Friday 17:00 → Monday 10:00 on business days: 2 working hours, 65 h wall clock
    // (new 64 h 30 min, open 30 min).
    let t = sh("2025-10-10 17:00");
    request(
        app,
        customer,
        &Req {
            kind: "consultation",
            branch: Some(bj),
            terms: &business,
            created: t,
            resolved: Some(sh("2025-10-13 10:00")),
            changes: &[
                ("new", "open", sh("2025-10-13 09:30")),
                ("open", "resolved", sh("2025-10-13 10:00")),
            ],
            pauses: &[],
        },
    )
    .await;
    // Resolved in November (outside), and one still open.
    let t = sh("2025-10-31 20:00");
    request(
        app,
        customer,
        &Req {
            kind: "other",
            branch: Some(bj),
            terms: &vip,
            created: t,
            resolved: Some(sh("2025-11-01 09:00")),
            changes: &[("new", "resolved", sh("2025-11-01 09:00"))],
            pauses: &[],
        },
    )
    .await;
    let r_open = request(
        app,
        customer,
        &Req {
            kind: "other",
            branch: Some(hq),
            terms: &vip,
            created: sh("2025-10-20 10:00"),
            resolved: None,
            changes: &[("new", "open", sh("2025-10-20 11:00"))],
            pauses: &[],
        },
    )
    .await;

    // Complaints received in October: about a request (upheld), a request naming its agent
    // (the agent: not upheld), general (no finding yet), general (partly upheld); one in
    // November (outside).
    let p = |finding| FixtureProposal {
        round: 1,
        finding,
        answer: Some("accepted"),
        proposed_by: admin,
        credit: None,
    };
    let mut tx = app.db.begin_write().await.unwrap();
    for (number, received, proposals, link_request, link_agent) in [
        ("CMP-1", "2025-10-02 10:00", vec![p("upheld")], true, false),
        (
            "CMP-2",
            "2025-10-03 10:00",
            vec![p("not_upheld")],
            true,
            true,
        ),
        ("CMP-3", "2025-10-04 10:00", vec![], false, false),
        (
            "CMP-4",
            "2025-10-05 10:00",
            vec![p("partly_upheld")],
            false,
            false,
        ),
        ("CMP-5", "2025-11-05 10:00", vec![p("upheld")], false, false),
    ] {
        let id = insert_report_fixture(
            &mut tx,
            &ReportFixture {
                number,
                customer_id: customer,
                branch_id: Some(hq),
                status: if proposals.is_empty() {
                    "acknowledged"
                } else {
                    "closed"
                },
                received_at: sh(received),
                acknowledged_at: Some(sh(received) + H),
                closed_at: (!proposals.is_empty()).then(|| sh(received) + 48 * H),
                proposals,
            },
        )
        .await
        .unwrap();
        sqlx::query("UPDATE complaints SET request_id = ?, agent_id = ? WHERE id = ?")
            .bind(link_request.then_some(r_open))
            .bind(link_agent.then_some(agent))
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    Fixtures { hq, bj }
}

#[tokio::test]
async fn clause_5_3_2_dashboard_series_from_stored_evaluations_and_resolved_requests() {
    let app = spawn_app().await;
    let f = fixtures(&app).await;
    let d = svc::dashboard(&app.db, "2025-09", "2025-10").await.unwrap();
    assert_eq!((d.from.as_str(), d.to.as_str()), ("2025-09", "2025-10"));
    // (1), (2): the stored programme-wide months; the standards are the reference lines.
    let months: Vec<_> = d
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.ratings, m.csat_centi(), m.sla_bp()))
        .collect();
    assert_eq!(
        months,
        [
            ("2025-09", 4, Some(425), Some(9_000)),
            ("2025-10", 3, Some(433), Some(9_000)),
        ]
    );
    assert_eq!((d.min_csat_centi, d.min_sla_bp), (400, 9_000));
    // (3): working time on each request's calendar — 30 min, 5 h (paused 1 h), 2 h.
    assert_eq!(d.resolution, [1, 1, 1, 0, 0, 0]);
    assert_eq!(
        (d.res_median_secs, d.res_p90_secs),
        (Some(7_200), Some(18_000))
    );
    // (4): by what the complaint is about; upheld share among those with a finding.
    let c: Vec<_> = d
        .complaints
        .iter()
        .map(|c| {
            (
                c.category.unwrap().as_str(),
                c.received,
                c.upheld,
                c.partly_upheld,
                c.not_upheld,
            )
        })
        .collect();
    assert_eq!(
        c,
        [
            ("request", 1, 1, 0, 0),
            ("invoice", 0, 0, 0, 0),
            ("agent", 1, 0, 0, 1),
            ("breach", 0, 0, 0, 0),
            ("general", 2, 0, 1, 0),
        ]
    );
    assert_eq!(d.complaints_total.received, 4);
    assert_eq!(d.complaints_total.upheld_share_bp(), Some(3_333));
    // (5): stored branch evaluations and live resolution times.
    let b: Vec<_> = d
        .branches
        .iter()
        .map(|b| {
            (
                b.branch.id,
                b.csat_centi(),
                b.sla_bp(),
                b.resolved,
                b.res_median_secs,
            )
        })
        .collect();
    assert_eq!(
        b,
        [
            (f.hq, Some(450), Some(8_333), 2, Some(1_800)),
            (f.bj, None, None, 1, Some(7_200)),
        ]
    );
    // A month without a stored evaluation has no value; a bad range is refused.
    let d = svc::dashboard(&app.db, "2025-10", "2025-11").await.unwrap();
    assert!(!d.months[1].evaluated);
    assert_eq!(d.months[1].csat_centi(), None);
    assert_eq!(d.resolution, [1, 1, 1, 1, 0, 0]);
    assert!(svc::dashboard(&app.db, "2025-11", "2025-10").await.is_err());
    assert!(svc::dashboard(&app.db, "2025-1", "2025-10").await.is_err());
    // Nothing at all: empty series, not an error.
    let empty = svc::dashboard(&app.db, "2024-01", "2024-02").await.unwrap();
    assert_eq!(empty.resolved(), 0);
    assert!(empty.branches.is_empty());
}

#[tokio::test]
async fn clause_5_2_3_time_in_each_status_from_the_timeline() {
    let app = spawn_app().await;
    let f = fixtures(&app).await;
    let p = svc::process(&app.db, "2025-10", "2025-10").await.unwrap();
    let all = &p.groups[0];
    assert_eq!(all.requests, 3);
    // New: 10 min, 30 min, 64 h 30 min; open: 20 min, 4 h 30 min, 30 min; waiting: 1 h.
    let s: Vec<_> = all
        .statuses
        .iter()
        .map(|s| (s.entered, s.median_ms, s.p90_ms, s.total_ms))
        .collect();
    assert_eq!(
        s,
        [
            (
                3,
                Some(30 * MIN),
                Some(64 * H + 30 * MIN),
                65 * H + 10 * MIN
            ),
            (3, Some(30 * MIN), Some(4 * H + 30 * MIN), 5 * H + 20 * MIN),
            (1, Some(H), Some(H), H),
        ]
    );
    // New requests waiting over the weekend: that is where the time goes.
    assert_eq!(all.largest, Some(0));
    let keys: Vec<_> = p
        .groups
        .iter()
        .map(|g| (g.key.as_str(), g.requests))
        .collect();
    assert_eq!(
        keys,
        [
            ("", 3),
            ("consultation", 2),
            ("other", 1),
            ("HQ", 2),
            ("BJ", 1)
        ]
    );
    let hq = &p.groups[3];
    assert_eq!(hq.statuses[1].total_ms, 4 * H + 50 * MIN);
    assert_eq!(hq.largest, Some(1));
    let _ = f;
}

#[tokio::test]
async fn clause_5_3_2_every_table_exports_as_csv_with_bom_for_quality_staff_only() {
    let app = spawn_app().await;
    fixtures(&app).await;
    let quality = app.login("quality@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let range = "from=2025-09&to=2025-10";

    // The page's data through the server function: quality staff only.
    let res = app
        .post_form(
            "/api/quality/reports/dashboard",
            &[("from", "2025-09"), ("to", "2025-10")],
            Some(&quality),
        )
        .await;
    assert_eq!(res.status(), 200);
    let d: QualityDashboard = res.json().await.unwrap();
    assert_eq!(d.months.len(), 2);
    for cookie in [Some(agent.as_str()), None] {
        let status = app
            .post_form("/api/quality/reports/dashboard", &[], cookie)
            .await
            .status();
        assert_eq!(status, if cookie.is_some() { 403 } else { 401 });
        let status = app
            .post_form("/api/quality/reports/process", &[], cookie)
            .await
            .status();
        assert_eq!(status, if cookie.is_some() { 403 } else { 401 });
    }

    // Chinese by default: BOM, CRLF, the page table's cells (numbers for spreadsheets).
    let res = app
        .get(
            &format!("/admin/quality/export/csat.csv?{range}"),
            Some(&quality),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("quality-csat-2025-09-2025-10.csv"));
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    assert_eq!(
        text,
        "月份,评价数,平均评分(1–5)\r\n2025-09,4,4.25\r\n2025-10,3,4.33\r\n"
    );
    // The page shows the same cells.
    let page = qr::dashboard_table(&d, QualityTable::Csat, Lang::Zh, Style::Page);
    let csv_rows: Vec<Vec<String>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(page.rows, csv_rows);

    let sla = app
        .get(
            &format!("/admin/quality/export/sla.csv?{range}"),
            Some(&quality),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        sla,
        "\u{feff}月份,达标目标数,目标总数,服务时限达标率(%),最低标准(%)\r\n\
         2025-09,18,20,90.00,90.00\r\n2025-10,9,10,90.00,90.00\r\n"
    );
    let cookie_en = format!("{quality}; vipcare_lang=en");
    let res = app
        .get(
            &format!("/admin/quality/export/resolution.csv?{range}"),
            Some(&cookie_en),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        res,
        "\u{feff}Time to resolve,Requests,Share (%)\r\nUnder 1 h,1,33.33\r\n1–4 h,1,33.33\r\n\
         4–8 h,1,33.33\r\n8–24 h,0,0.00\r\n1–3 days,0,0.00\r\nOver 3 days,0,0.00\r\nTotal,3,100.00\r\n"
    );
    let branches = app
        .get(
            &format!("/admin/quality/export/branches.csv?{range}"),
            Some(&cookie_en),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        branches.contains("\r\nShanghai headquarters,2,4.50,5,6,83.33,2,0.50,5.00\r\n"),
        "{branches}"
    );
    assert!(
        branches.ends_with("\r\nBeijing branch,0,,0,0,,1,2.00,2.00\r\n"),
        "{branches}"
    );
    let complaints = app
        .get(
            &format!("/admin/quality/export/complaints.csv?{range}"),
            Some(&cookie_en),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        complaints.contains("\r\nStaff member,1,0,0,1,0,0.00\r\n"),
        "{complaints}"
    );
    assert!(
        complaints.ends_with("\r\nTotal,4,1,1,1,1,33.33\r\n"),
        "{complaints}"
    );
    let process = app
        .get(
            &format!("/admin/quality/export/process.csv?{range}"),
            Some(&cookie_en),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        process.starts_with(
            "\u{feff}Group,Name,Requests,Status,Requests in this status,Median (hours),\
             90th percentile (P90) (hours),Share of time (%)\r\n\
             Overall,All requests,3,New,3,0.50,64.50,"
        ),
        "{process}"
    );
    // Every table: the CSV is exactly the table the service builds.
    for which in QualityTable::ALL {
        let body = app
            .get(
                &format!("/admin/quality/export/{}.csv?{range}", which.as_str()),
                Some(&quality),
            )
            .await
            .text()
            .await
            .unwrap();
        let (_, _, t) = svc::table(&app.db, which, "2025-09", "2025-10", Lang::Zh, Style::Csv)
            .await
            .unwrap();
        assert_eq!(body, qr::csv(&t), "{which:?}");
        let rows = t.rows.len() + usize::from(t.foot.is_some());
        assert_eq!(body.matches("\r\n").count(), rows + 1, "{which:?}");
    }

    // Without a range: the last six whole months. A bad range or table is refused; agents
    // (403) and strangers (401) may not download.
    let res = app
        .get("/admin/quality/export/csat.csv", Some(&quality))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap().matches("\r\n").count(), 7);
    let bad = app
        .get(
            "/admin/quality/export/csat.csv?from=2025-11&to=2025-09",
            Some(&quality),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let unknown = app
        .get("/admin/quality/export/agents.csv", Some(&quality))
        .await;
    assert_eq!(unknown.status(), 404);
    let path = format!("/admin/quality/export/csat.csv?{range}");
    assert_eq!(app.get(&path, Some(&agent)).await.status(), 403);
    let cust = app.login("vip@example.com", PASSWORD).await.unwrap();
    assert_eq!(app.get(&path, Some(&cust)).await.status(), 403);
    assert_eq!(app.get(&path, None).await.status(), 401);

    // Every export is audited with its table and range.
    let log = audits(&app, "report.exported").await;
    assert_eq!(log.len(), 6 + 6 + 1);
    let first: serde_json::Value = serde_json::from_str(log[0].as_deref().unwrap()).unwrap();
    assert_eq!(first["report"], "quality_csat");
    assert_eq!(first["params"]["from"], "2025-09");
    assert_eq!(first["params"]["to"], "2025-10");
}

#[tokio::test]
async fn clause_5_3_2_pages_render_svg_charts_on_the_server_for_quality_staff() {
    let app = spawn_app().await;
    fixtures(&app).await;
    let quality = app.login("quality@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();

    let res = app
        .get("/admin/quality?from=2025-09&to=2025-10", Some(&quality))
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("服务质量看板"), "{html}");
    for chart in [
        "chart-csat",
        "chart-sla",
        "chart-resolution",
        "chart-complaints",
        "chart-branches-csat",
        "chart-branches-sla",
        "chart-branches-resolution",
    ] {
        assert!(html.contains(&format!("data-test=\"{chart}\"")), "{chart}");
    }
    assert!(html.contains("<svg") && html.contains("role=\"img\""));
    // CSAT: two months, each a point with its value and a native tooltip.
    assert!(
        html.contains("data-test=\"point\" data-label=\"2025-09\" data-value=\"4.25\""),
        "{html}"
    );
    assert!(
        html.contains("<title>2025-10:4.33(n = 3)</title>"),
        "{html}"
    );
    // SLA with the standard's minimum as a dashed reference line.
    assert!(
        html.contains("data-test=\"reference\" data-value=\"90\""),
        "{html}"
    );
    assert!(html.contains("stroke-dasharray"));
    assert!(html.contains("/admin/quality/export/csat.csv?from=2025-09&amp;to=2025-10"));
    for link in [
        "evaluations",
        "process",
        "feedback",
        "standards",
        "training",
    ] {
        assert!(
            html.contains(&format!("href=\"/admin/quality/{link}\"")),
            "{link}"
        );
    }

    // A range without data says so instead of drawing an empty frame.
    let html = app
        .get("/admin/quality?from=2024-01&to=2024-02", Some(&quality))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-test=\"chart-csat-empty\""), "{html}");
    assert!(html.contains("所选期间没有数据。"));

    let html = app
        .get(
            "/admin/quality/process?from=2025-10&to=2025-10",
            Some(&quality),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-test=\"chart-process\""), "{html}");
    assert!(
        html.contains("data-test=\"process-largest\" data-status=\"new\""),
        "{html}"
    );
    assert!(html.contains("等待客户") && html.contains("自然时间"));

    // Agents get 403, strangers are sent to sign in.
    assert_eq!(app.get("/admin/quality", Some(&agent)).await.status(), 403);
    assert_eq!(
        app.get("/admin/quality/process", Some(&agent))
            .await
            .status(),
        403
    );
    let res = app.get("/admin/quality", None).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(res.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/login"));
}

#[tokio::test]
async fn clause_5_3_2_public_figures_only_when_enabled() {
    let app = spawn_app().await;
    let now = now_ms();
    let last = Period::of_ms(now).previous().to_string();
    let older = Period::of_ms(now).previous().previous().to_string();
    evaluation(&app, &older, "programme", 0, (10, 40), (50, 100)).await;
    evaluation(&app, &last, "programme", 0, (8, 37), (95, 100)).await;
    // This month (not finished) never shows.
    evaluation(
        &app,
        &Period::of_ms(now).to_string(),
        "programme",
        0,
        (1, 1),
        (0, 1),
    )
    .await;

    // Off by default.
    assert_eq!(svc::public_figures(&app.db, now).await.unwrap(), None);
    let html = app.get("/", None).await.text().await.unwrap();
    assert!(!html.contains("data-test=\"public-quality\""));

    let mut tx = app.db.begin_write().await.unwrap();
    sqlx::query("UPDATE quality_standards SET public_figures = 1 WHERE id = 1")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let f = svc::public_figures(&app.db, now).await.unwrap().unwrap();
    assert_eq!(f.month, last);
    assert_eq!(
        (f.sla_bp, f.csat_centi, f.ratings),
        (Some(9_500), Some(463), 8)
    );
    // Public: no sign-in needed, on the server function and the home page.
    let res = app
        .post_form("/api/quality/reports/public", &[], None)
        .await;
    assert_eq!(res.status(), 200);
    let body: Option<qr::PublicFigures> = res.json().await.unwrap();
    assert_eq!(body, Some(f));
    let html = app.get("/", None).await.text().await.unwrap();
    assert!(html.contains("data-test=\"public-quality\""), "{html}");
    assert!(
        html.contains("95%") && html.contains("4.63") && html.contains("8 条评价"),
        "{html}"
    );

    // Without a stored month before this one: nothing.
    let months_ago = Period::of_ms(now)
        .previous()
        .previous()
        .previous()
        .to_string();
    let at = Period::parse(&months_ago).unwrap().bounds_ms().0;
    assert_eq!(svc::public_figures(&app.db, at).await.unwrap(), None);
}
