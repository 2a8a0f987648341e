//! The service desk's configuration by admins (clauses 3.1.1, 3.4.1, 3.4.2), over HTTP through
//! the `desk-admin/…` server functions: branches, staff placement and absence, dedicated agents,
//! calendars and SLA terms; refused to everyone but admins; bad input changes nothing; a new
//! SLA policy applies to requests opened afterwards only.

use crate::common::{make_vip, sh, spawn_app, who, TestApp, PASSWORD};
use vipcare::desk::{Channel, RequestKind};
use vipcare::desk_admin::DeskAdminOverview;
use vipcare::queue::Urgency;
use vipcare::services::desk::{self, NewRequest};
use vipcare::services::membership::Reader;
use vipcare::Role;

async fn audits(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?")
        .bind(action)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// Posts a form to `/api/desk-admin/{path}` and returns the status and body.
async fn post(app: &TestApp, path: &str, form: &[(&str, &str)], cookie: &str) -> (u16, String) {
    let res = app
        .post_form(&format!("/api/desk-admin/{path}"), form, Some(cookie))
        .await;
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

async fn overview(app: &TestApp, cookie: &str) -> DeskAdminOverview {
    let (status, body) = post(app, "overview", &[], cookie).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn clause_3_4_2_admin_creates_a_branch_sets_its_supervisor_and_marks_staff_away() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    let agent = app.add_staff("agent@example.com", &[Role::Agent]).await;
    let finance = app.add_staff("finance@example.com", &[Role::Finance]).await;
    let vip = app.add_customer("vip@example.com").await;
    let plain = app.add_customer("plain@example.com").await;
    make_vip(&app, vip).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let agent_s = agent.to_string();

    // The headquarters, with the agent as supervisor.
    let (status, body) = post(
        &app,
        "branch/create",
        &[
            ("code", " sh-01 "),
            ("name_zh", "上海总部"),
            ("name_en", "Shanghai headquarters"),
            ("headquarters", "on"),
            ("supervisor", &agent_s),
        ],
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let hq: i64 = body.trim().parse().unwrap();
    // The same code again, a second headquarters, a customer as supervisor: refused, by field.
    let plain_s = plain.to_string();
    let branch = |code: &'static str, hq: bool, supervisor: &str| {
        let mut f = vec![
            ("code", code.to_string()),
            ("name_zh", "北京".to_string()),
            ("name_en", "Beijing".to_string()),
            ("supervisor", supervisor.to_string()),
        ];
        if hq {
            f.push(("headquarters", "on".to_string()));
        }
        f
    };
    for (form, field, msg) in [
        (branch("sh-01", false, ""), "code", "DeskAdminErrCodeTaken"),
        (
            branch("BJ", true, ""),
            "headquarters",
            "DeskAdminErrHqTaken",
        ),
        (
            branch("BJ", false, &plain_s),
            "supervisor",
            "DeskAdminErrStaff",
        ),
        (branch("B J", false, ""), "code", "DeskAdminErrCode"),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = post(&app, "branch/create", &form, &admin).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(field) && body.contains(msg), "{body}");
    }
    let (status, body) = post(
        &app,
        "branch/create",
        &[
            ("code", "BJ"),
            ("name_zh", "北京分部"),
            ("name_en", "Beijing branch"),
            ("supervisor", ""),
        ],
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let bj: i64 = body.trim().parse().unwrap();

    // The agent works at the headquarters and is away; the branch queue takes their customers.
    let (status, body) = post(
        &app,
        "staff",
        &[
            ("user", &agent_s),
            ("branch", &hq.to_string()),
            ("away", "on"),
        ],
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = post(&app, "staff", &[("user", &agent_s), ("branch", "")], &admin).await;
    assert_eq!(status, 422, "a branch must be chosen");

    // The VIP's dedicated agent: an agent, not finance; and only for a VIP.
    let vip_s = vip.to_string();
    let (status, body) = post(
        &app,
        "agent",
        &[("customer", &vip_s), ("agent", &finance.to_string())],
        &admin,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("DeskAdminErrAgent"), "{body}");
    let (status, body) = post(
        &app,
        "agent",
        &[("customer", &plain_s), ("agent", &agent_s)],
        &admin,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("DeskAdminErrNotVip"), "{body}");
    let (status, body) = post(
        &app,
        "agent",
        &[("customer", &vip_s), ("agent", &agent_s)],
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // The Beijing branch gets the agent as supervisor; the headquarters' is cleared.
    let (status, _) = post(
        &app,
        "branch/supervisor",
        &[("branch", &bj.to_string()), ("supervisor", &agent_s)],
        &admin,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = post(
        &app,
        "branch/supervisor",
        &[("branch", &hq.to_string()), ("supervisor", "")],
        &admin,
    )
    .await;
    assert_eq!(status, 200);

    let o = overview(&app, &admin).await;
    let b: Vec<_> = o
        .branches
        .iter()
        .map(|b| (b.code.as_str(), b.headquarters, b.supervisor_id))
        .collect();
    assert_eq!(b, [("SH-01", true, None), ("BJ", false, Some(agent))]);
    let a = o.staff.iter().find(|s| s.user_id == agent).unwrap();
    assert_eq!((a.branch_id, a.away), (Some(hq), true));
    assert!(o
        .staff
        .iter()
        .any(|s| s.user_id == finance && s.branch_id.is_none()));
    let v: Vec<_> = o.vips.iter().map(|v| (v.customer_id, v.agent_id)).collect();
    assert_eq!(v, [(vip, Some(agent))]);
    for action in [
        "desk.branch_created",
        "desk.staff_branch",
        "desk.agent_assigned",
    ] {
        assert!(audits(&app, action).await >= 1, "{action}");
    }
    assert_eq!(audits(&app, "desk.branch_supervisor").await, 2);

    // The agent is away: the VIP's next request waits in the headquarters' queue.
    let id = desk::open(
        &app.db,
        &who(vip),
        vip,
        &NewRequest {
            kind: RequestKind::Consultation,
            channel: Channel::Web,
            urgency: Urgency::Normal,
            subject: "While away".into(),
            body: "Please call me.".into(),
        },
        sh("2026-11-30 10:00"),
    )
    .await
    .unwrap();
    let view = desk::view(&app.db, &who(agent), Reader::Staff, id, 0)
        .await
        .unwrap();
    assert_eq!(view.assignee_name, None);

    // The page renders for the admin.
    let page = app.get("/admin/desk", Some(&admin)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("SH-01") && html.contains("staff-placements"));
}

#[tokio::test]
async fn only_admins_reach_the_desk_configuration() {
    let app = spawn_app().await;
    app.add_staff("agent@example.com", &[Role::Agent]).await;
    app.add_customer("vip@example.com").await;
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let customer = app.login("vip@example.com", PASSWORD).await.unwrap();
    let calls: [(&str, &[(&str, &str)]); 9] = [
        ("overview", &[]),
        (
            "branch/create",
            &[
                ("code", "X"),
                ("name_zh", "X"),
                ("name_en", "X"),
                ("supervisor", ""),
            ],
        ),
        ("branch/supervisor", &[("branch", "1"), ("supervisor", "")]),
        ("staff", &[("user", "1"), ("branch", "1"), ("away", "on")]),
        ("agent", &[("customer", "1"), ("agent", "1")]),
        (
            "calendar/hours",
            &[
                ("calendar", "2"),
                ("open", "08:00"),
                ("close", "20:00"),
                ("week[mon]", "on"),
            ],
        ),
        (
            "calendar/day",
            &[
                ("calendar", "2"),
                ("day", "2027-01-01"),
                ("kind", "holiday"),
                ("note", ""),
            ],
        ),
        (
            "calendar/day/remove",
            &[("calendar", "2"), ("day", "2026-01-01")],
        ),
        (
            "policy",
            &[
                ("level", ""),
                ("first_response", "1"),
                ("resolution", "2"),
                ("calendar", "1"),
            ],
        ),
    ];
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    for (path, form) in calls {
        let (status, body) = post(&app, path, form, &agent).await;
        assert_eq!(status, 403, "agent → {path}: {body}");
        let (status, _) = post(&app, path, form, &customer).await;
        assert_eq!(status, 403, "customer → {path}");
        let res = app
            .post_form(&format!("/api/desk-admin/{path}"), form, None)
            .await;
        assert_eq!(res.status(), 401, "anonymous → {path}");
    }
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(before, after, "nothing was changed");
    let open_min: i64 = sqlx::query_scalar("SELECT open_min FROM sla_calendars WHERE id = 2")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(open_min, 540);
    assert_eq!(app.get("/admin/desk", Some(&agent)).await.status(), 403);
}

async fn calendar_row(app: &TestApp) -> (i64, i64, String, i64) {
    sqlx::query_as(
        "SELECT open_min, close_min, weekdays, updated_at FROM sla_calendars WHERE id = 2",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap()
}

#[tokio::test]
async fn clause_3_4_1_bad_calendar_hours_change_nothing_and_special_days_come_and_go() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let shipped = calendar_row(&app).await;
    assert_eq!(
        (shipped.0, shipped.1, shipped.2.as_str()),
        (540, 1080, "1111100")
    );

    let hours = |open: &'static str, close: &'static str, days: &'static [&'static str]| {
        let mut f = vec![("calendar", "2"), ("open", open), ("close", close)];
        f.extend(days.iter().map(|d| (*d, "on")));
        f
    };
    let weekdays: &[&str] = &[
        "week[mon]",
        "week[tue]",
        "week[wed]",
        "week[thu]",
        "week[fri]",
    ];
    for (form, field, msg) in [
        (
            hours("09:00", "08:00", weekdays),
            "close",
            "DeskAdminErrCloseBeforeOpen",
        ),
        (
            hours("25:00", "18:00", weekdays),
            "open",
            "DeskAdminErrTime",
        ),
        (hours("9h", "18:00", weekdays), "open", "DeskAdminErrTime"),
        (
            hours("09:00", "18:61", weekdays),
            "close",
            "DeskAdminErrTime",
        ),
        (
            hours("09:00", "18:00", &[]),
            "weekdays",
            "DeskAdminErrWeekdays",
        ),
    ] {
        let (status, body) = post(&app, "calendar/hours", &form, &admin).await;
        assert_eq!(status, 422, "{form:?}: {body}");
        assert!(body.contains(field) && body.contains(msg), "{body}");
    }
    // The 24×7 calendar has no hours.
    let mut always = hours("09:00", "18:00", weekdays);
    always[0] = ("calendar", "1");
    let (status, body) = post(&app, "calendar/hours", &always, &admin).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(calendar_row(&app).await, shipped, "nothing changed");
    assert_eq!(audits(&app, "desk.calendar_hours").await, 0);

    // Without JavaScript the browser is sent back to the page with the error.
    let res = app
        .client
        .post(app.url("/api/desk-admin/calendar/hours"))
        .header("origin", &app.origin)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "text/html")
        .header("cookie", &admin)
        .form(&hours("09:00", "08:00", weekdays))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap();
    assert_eq!(
        to,
        "/admin/desk?error=DeskAdminErrCloseBeforeOpen&field=close"
    );
    assert_eq!(calendar_row(&app).await, shipped);

    // A good change: 08:30–17:30, Monday to Saturday; audited with before and after.
    let six: &[&str] = &[
        "week[mon]",
        "week[tue]",
        "week[wed]",
        "week[thu]",
        "week[fri]",
        "week[sat]",
    ];
    let (status, body) = post(&app, "calendar/hours", &hours("8:30", "17:30", six), &admin).await;
    assert_eq!(status, 200, "{body}");
    let now = calendar_row(&app).await;
    assert_eq!((now.0, now.1, now.2.as_str()), (510, 1050, "1111110"));
    let (before, after): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'desk.calendar_hours'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert!(before.unwrap().contains("1111100"));
    assert!(after.unwrap().contains("1111110"));

    // Special days: a holiday with its note, then changed to 调休, then removed.
    let day = |kind: &'static str, note: &'static str| {
        vec![
            ("calendar", "2"),
            ("day", "2027-10-08"),
            ("kind", kind),
            ("note", note),
        ]
    };
    let (status, body) = post(&app, "calendar/day", &day("holiday", "国庆"), &admin).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = post(&app, "calendar/day", &day("workday", "调休"), &admin).await;
    assert_eq!(status, 200);
    let o = overview(&app, &admin).await;
    let cal = o.calendars.iter().find(|c| c.id == 2).unwrap();
    let d = cal
        .days
        .iter()
        .find(|d| d.day.to_string() == "2027-10-08")
        .unwrap();
    assert_eq!((d.holiday, d.note.as_str()), (false, "调休"));
    let mut bad = day("holiday", "");
    bad[1] = ("day", "2027-02-30");
    let (status, body) = post(&app, "calendar/day", &bad, &admin).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("ErrDateInvalid"));
    let (status, _) = post(&app, "calendar/day", &day("closed", ""), &admin).await;
    assert_eq!(status, 422);
    let gone = [("calendar", "2"), ("day", "2027-10-08")];
    let (status, _) = post(&app, "calendar/day/remove", &gone, &admin).await;
    assert_eq!(status, 200);
    let (status, _) = post(&app, "calendar/day/remove", &gone, &admin).await;
    assert_eq!(status, 404, "already removed");
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sla_calendar_days WHERE day = '2027-10-08'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(left, 0);
    assert_eq!(audits(&app, "desk.calendar_day_set").await, 2);
    assert_eq!(audits(&app, "desk.calendar_day_removed").await, 1);
}

#[tokio::test]
async fn clause_3_4_1_a_policy_change_applies_to_requests_opened_afterwards_only() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    let staff = who(app.add_staff("agent@example.com", &[Role::Agent]).await);
    let plain = app.add_customer("plain@example.com").await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let ask = |subject: &str| NewRequest {
        kind: RequestKind::Consultation,
        channel: Channel::Web,
        urgency: Urgency::Normal,
        subject: subject.into(),
        body: "Details".into(),
    };

    // Friday 17:30 under the shipped non-VIP terms: 8 business hours → Monday 16:30.
    let t0 = sh("2026-11-27 17:30");
    let before = desk::open(&app.db, &who(plain), plain, &ask("Before"), t0)
        .await
        .unwrap();

    // Bad values change nothing.
    for (first, resolution, calendar) in [("0", "24", "1"), ("2", "-1", "1"), ("2", "24", "99")] {
        let (status, body) = post(
            &app,
            "policy",
            &[
                ("level", ""),
                ("first_response", first),
                ("resolution", resolution),
                ("calendar", calendar),
            ],
            &admin,
        )
        .await;
        assert_eq!(status, 422, "{body}");
    }
    let (terms, _) = desk::terms_for(&app.db, plain).await.unwrap();
    assert_eq!(
        (terms.first_response_mins, terms.resolution_mins),
        (480, 4320)
    );

    // Non-VIPs now get 2 h / 1 day 12 h around the clock.
    let (status, body) = post(
        &app,
        "policy",
        &[
            ("level", ""),
            ("first_response", "2"),
            ("resolution", "36:00"),
            ("calendar", "1"),
        ],
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (terms, _) = desk::terms_for(&app.db, plain).await.unwrap();
    assert_eq!(
        (terms.first_response_mins, terms.resolution_mins),
        (120, 36 * 60)
    );
    let t1 = t0 + 60_000;
    let after = desk::open(&app.db, &who(plain), plain, &ask("After"), t1)
        .await
        .unwrap();

    let old = desk::view(&app.db, &staff, Reader::Staff, before, t1)
        .await
        .unwrap();
    assert_eq!(old.first_response_due_ms, Some(sh("2026-11-30 16:30")));
    let new = desk::view(&app.db, &staff, Reader::Staff, after, t1)
        .await
        .unwrap();
    assert_eq!(new.first_response_due_ms, Some(t1 + 2 * 3_600_000));
    assert_eq!(new.resolution_due_ms, Some(t1 + 36 * 3_600_000));
    let (b, a): (String, String) = sqlx::query_as(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'desk.sla_policy'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert!(b.contains("480") && a.contains("120"), "{b} {a}");

    // A VIP level's terms in hours with decimals; an unknown level does not exist.
    let level = vipcare::services::programme::levels(&app.db).await.unwrap()[0].id;
    let (status, _) = post(
        &app,
        "policy",
        &[
            ("level", &level.to_string()),
            ("first_response", "0.5"),
            ("resolution", "12"),
            ("calendar", "1"),
        ],
        &admin,
    )
    .await;
    assert_eq!(status, 200);
    let o = overview(&app, &admin).await;
    let p = o
        .policies
        .iter()
        .find(|p| p.level_id == Some(level))
        .unwrap();
    assert_eq!((p.first_response_mins, p.resolution_mins), (30, 720));
    assert_eq!(o.policies[0].level_id, None, "non-VIP first");
    let (status, _) = post(
        &app,
        "policy",
        &[
            ("level", "999"),
            ("first_response", "1"),
            ("resolution", "2"),
            ("calendar", "1"),
        ],
        &admin,
    )
    .await;
    assert_eq!(status, 404);
}
