//! Customer feedback (clause 5.3.1) through the services and the HTTP API: a resolved request
//! asks its customer for a rating once (inbox and e-mail); the customer rates once, may change
//! the rating for 7 days and not after; unfinished items and other customers' items are
//! refused (the latter audited as a denied access); staff record feedback received by phone,
//! e-mail or at a branch with its channel; bad input changes nothing; every list read audited.

use crate::common::{make_vip, sh, spawn_app, who, TestApp, PASSWORD};
use vipcare::complaints::{CompensationForm, ComplaintLinks, Finding, NewComplaint};
use vipcare::desk::{Channel, RequestKind};
use vipcare::feedback::{FeedbackFilter, Item};
use vipcare::queue::Urgency;
use vipcare::services::complaints::{self, StaffStep};
use vipcare::services::desk::{self, NewRequest, StaffAction};
use vipcare::services::feedback::{self, Recorded};
use vipcare::services::ServiceError;
use vipcare::{Fen, Msg, Role};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

struct Setup {
    agent: i64,
    quality: i64,
    hq: i64,
    vip: i64,
    other: i64,
}

/// Headquarters with `agent` in it, dedicated to the VIP customer; another customer.
async fn setup(app: &TestApp) -> Setup {
    let admin = app.add_staff("admin@example.com", &[Role::Admin]).await;
    let agent = app.add_staff("agent@example.com", &[Role::Agent]).await;
    let quality = app.add_staff("quality@example.com", &[Role::Quality]).await;
    let hq = desk::create_branch(
        &app.db,
        &who(admin),
        "HQ",
        ("总部", "Headquarters"),
        true,
        Some(admin),
        0,
    )
    .await
    .unwrap();
    desk::set_staff_branch(&app.db, &who(admin), agent, hq, false, 0)
        .await
        .unwrap();
    let vip = app.add_customer("vip@example.com").await;
    let other = app.add_customer("other@example.com").await;
    make_vip(app, vip).await;
    desk::assign_dedicated_agent(&app.db, &who(admin), vip, agent, 0)
        .await
        .unwrap();
    Setup {
        agent,
        quality,
        hq,
        vip,
        other,
    }
}

fn ask(subject: &str) -> NewRequest {
    NewRequest {
        kind: RequestKind::Consultation,
        channel: Channel::Web,
        urgency: Urgency::Normal,
        subject: subject.into(),
        body: "请问会员权益包括什么?".into(),
    }
}

/// A request of `customer` opened at `t` and resolved an hour later by `agent`.
async fn resolved_request(app: &TestApp, customer: i64, agent: i64, t: i64) -> i64 {
    let id = desk::open(&app.db, &who(customer), customer, &ask("权益咨询"), t)
        .await
        .unwrap();
    desk::staff_act(
        &app.db,
        &who(agent),
        id,
        StaffAction::Resolve,
        "包含两次加急配送。",
        t + HOUR,
    )
    .await
    .unwrap();
    id
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
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

/// (rating, comment, channel, agent, branch, recorded_by) of the feedback on a request.
async fn stored(
    app: &TestApp,
    request: i64,
) -> Option<(
    Option<i64>,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
)> {
    sqlx::query_as(
        "SELECT rating, comment, channel, agent_id, branch_id, recorded_by FROM feedback
         WHERE request_id = ?",
    )
    .bind(request)
    .fetch_optional(app.db.reader())
    .await
    .unwrap()
}

#[tokio::test]
async fn clause_5_3_1_rated_once_changed_within_seven_days_then_refused() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-01 10:00");
    let id = resolved_request(&app, s.vip, s.agent, t0).await;
    let item = Item::request(id);

    // Rated 2 with a comment: the handler and branch are kept with it.
    let t1 = t0 + 2 * HOUR;
    let fid = feedback::rate(&app.db, &who(s.vip), s.vip, item, 2, "回复太慢", t1)
        .await
        .unwrap();
    assert_eq!(
        stored(&app, id).await,
        Some((
            Some(2),
            "回复太慢".into(),
            "web".into(),
            Some(s.agent),
            Some(s.hq),
            None
        ))
    );
    assert_eq!(audits(&app, "feedback.rated").await, 1);
    let mine = feedback::item_rating(&app.db, &who(s.vip), s.vip, item, t1)
        .await
        .unwrap();
    assert!(mine.finished && mine.can_rate);
    assert_eq!(mine.change_until, Some(t1 + 7 * DAY));
    assert_eq!(mine.feedback.as_ref().and_then(|f| f.rating), Some(2));

    // Changed to 4 on the sixth day: the same row, audited with the old and new rating.
    let again = feedback::rate(
        &app.db,
        &who(s.vip),
        s.vip,
        item,
        4,
        "后来解决得很好",
        t1 + 6 * DAY,
    )
    .await
    .unwrap();
    assert_eq!(again, fid);
    assert_eq!(stored(&app, id).await.unwrap().0, Some(4));
    assert_eq!(audits(&app, "feedback.changed").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM feedback").await, 1);

    // Past seven days after the first rating: refused with a reason, nothing changed.
    let late = feedback::rate(&app.db, &who(s.vip), s.vip, item, 1, "", t1 + 7 * DAY + 1).await;
    assert!(
        matches!(late, Err(ServiceError::Conflict(Msg::FbErrChangeClosed))),
        "{late:?}"
    );
    assert_eq!(stored(&app, id).await.unwrap().0, Some(4));
    let mine = feedback::item_rating(&app.db, &who(s.vip), s.vip, item, t1 + 8 * DAY)
        .await
        .unwrap();
    assert!(!mine.can_rate);
    assert!(!mine.feedback.unwrap().can_change);
}

#[tokio::test]
async fn clause_5_3_1_resolving_asks_for_a_rating_once_in_the_inbox_and_by_email() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-02 10:00");
    let id = resolved_request(&app, s.vip, s.agent, t0).await;
    let asked = "SELECT COUNT(*) FROM notifications WHERE kind = 'feedback_requested'";
    assert_eq!(count(&app, asked).await, 1);
    let (user, link, params): (i64, String, String) = sqlx::query_as(
        "SELECT user_id, link, params_json FROM notifications WHERE kind = 'feedback_requested'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(user, s.vip);
    assert_eq!(link, format!("/portal/requests/{id}"));
    assert!(params.contains(&format!("#{id} 权益咨询")), "{params}");
    let mail =
        "SELECT COUNT(*) FROM email_outbox o JOIN notifications n ON n.id = o.notification_id
                WHERE n.kind = 'feedback_requested' AND o.to_addr = 'vip@example.com'";
    assert_eq!(count(&app, mail).await, 1);

    // Reopened and resolved again: not asked a second time.
    desk::customer_act(
        &app.db,
        &who(s.vip),
        s.vip,
        id,
        "还有一个问题",
        true,
        t0 + 2 * HOUR,
    )
    .await
    .unwrap();
    desk::staff_act(
        &app.db,
        &who(s.agent),
        id,
        StaffAction::Resolve,
        "已答复。",
        t0 + 3 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(count(&app, asked).await, 1);
    assert_eq!(count(&app, mail).await, 1);

    // The portal lists it as awaiting a rating until it is rated.
    let mine = feedback::mine(&app.db, s.vip, t0 + 4 * HOUR).await.unwrap();
    assert_eq!(mine.awaiting.len(), 1);
    assert_eq!(mine.awaiting[0].item.item, Item::request(id));
    feedback::rate(
        &app.db,
        &who(s.vip),
        s.vip,
        Item::request(id),
        5,
        "",
        t0 + 5 * HOUR,
    )
    .await
    .unwrap();
    let mine = feedback::mine(&app.db, s.vip, t0 + 6 * HOUR).await.unwrap();
    assert!(mine.awaiting.is_empty());
    assert_eq!(mine.history.len(), 1);
    assert!(mine.history[0].can_change);
}

#[tokio::test]
async fn clause_5_3_1_unfinished_and_foreign_items_are_refused() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-03 10:00");
    let open = desk::open(&app.db, &who(s.vip), s.vip, &ask("未处理"), t0)
        .await
        .unwrap();
    let r = feedback::rate(
        &app.db,
        &who(s.vip),
        s.vip,
        Item::request(open),
        5,
        "",
        t0 + HOUR,
    )
    .await;
    assert!(
        matches!(r, Err(ServiceError::Conflict(Msg::FbErrNotFinished))),
        "{r:?}"
    );

    // Another customer's request, and one that does not exist: not found, audited.
    let done = resolved_request(&app, s.vip, s.agent, t0).await;
    let denied = audits(&app, "access.denied").await;
    for id in [done, 9_999] {
        let r = feedback::rate(
            &app.db,
            &who(s.other),
            s.other,
            Item::request(id),
            1,
            "",
            t0 + 2 * HOUR,
        )
        .await;
        assert!(matches!(r, Err(ServiceError::NotFound)), "{r:?}");
    }
    assert_eq!(audits(&app, "access.denied").await, denied + 2);
    let (actor, object): (i64, String) = sqlx::query_as(
        "SELECT actor_id, object_type FROM audit_log WHERE action = 'access.denied'
         ORDER BY seq LIMIT 1",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!((actor, object.as_str()), (s.other, "service_request"));
    let r = feedback::item_rating(&app.db, &who(s.other), s.other, Item::request(done), t0).await;
    assert!(matches!(r, Err(ServiceError::NotFound)), "{r:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM feedback").await, 0);
}

#[tokio::test]
async fn clause_5_3_1_staff_record_feedback_with_its_channel_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-04 10:00");
    let done = resolved_request(&app, s.vip, s.agent, t0).await;
    let foreign = resolved_request(&app, s.other, s.agent, t0).await;
    let reference = format!("#{done}");
    let foreign_ref = foreign.to_string();
    let plain_ref = done.to_string();
    let rec = |email, channel, reference, rating, comment| Recorded {
        customer_email: email,
        channel,
        reference,
        rating,
        comment,
    };

    // Each bad input is a field error (or a conflict) and nothing is written.
    let bad: Vec<(Recorded<'_>, &str)> = vec![
        (
            rec("nobody@example.com", Channel::Phone, "", Some(4), "好"),
            "customer_email",
        ),
        (
            rec("agent@example.com", Channel::Phone, "", Some(4), "好"),
            "customer_email",
        ),
        (
            rec("vip@example.com", Channel::Web, "", Some(4), "好"),
            "channel",
        ),
        (
            rec("vip@example.com", Channel::Phone, &foreign_ref, Some(4), ""),
            "reference",
        ),
        (
            rec("vip@example.com", Channel::Phone, "#abc", Some(4), ""),
            "reference",
        ),
        (
            rec(
                "vip@example.com",
                Channel::Phone,
                "CMP-2026-999999",
                Some(4),
                "",
            ),
            "reference",
        ),
        (
            rec("vip@example.com", Channel::Phone, &reference, None, "好"),
            "rating",
        ),
        (
            rec("vip@example.com", Channel::Phone, &reference, Some(6), ""),
            "rating",
        ),
        (
            rec("vip@example.com", Channel::Email, "", None, "  "),
            "comment",
        ),
    ];
    for (r, field) in bad {
        let res = feedback::record(&app.db, &who(s.quality), &r, t0 + 2 * HOUR).await;
        assert!(
            matches!(&res, Err(ServiceError::Invalid { field: f, .. }) if *f == field),
            "{field}: {res:?}"
        );
    }
    for (rating, comment) in [(0, ""), (6, ""), (3, &*"字".repeat(2_001))] {
        let res = feedback::rate(
            &app.db,
            &who(s.vip),
            s.vip,
            Item::request(done),
            rating,
            comment,
            t0,
        )
        .await;
        assert!(matches!(res, Err(ServiceError::Invalid { .. })), "{res:?}");
    }
    let res = feedback::give(&app.db, &who(s.vip), s.vip, Some(4), "   ", t0).await;
    assert!(
        matches!(
            res,
            Err(ServiceError::Invalid {
                field: "comment",
                ..
            })
        ),
        "{res:?}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM feedback").await, 0);

    // A phone call about the request: recorded with its channel, who recorded it and the
    // request's handler; a second rating of the same request is a conflict.
    feedback::record(
        &app.db,
        &who(s.quality),
        &rec(
            "VIP@example.com",
            Channel::Phone,
            &reference,
            Some(3),
            "电话反馈:还可以",
        ),
        t0 + 3 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(
        stored(&app, done).await,
        Some((
            Some(3),
            "电话反馈:还可以".into(),
            "phone".into(),
            Some(s.agent),
            Some(s.hq),
            Some(s.quality)
        ))
    );
    let twice = feedback::record(
        &app.db,
        &who(s.agent),
        &rec("vip@example.com", Channel::Branch, &plain_ref, Some(5), ""),
        t0 + 4 * HOUR,
    )
    .await;
    assert!(
        matches!(twice, Err(ServiceError::Conflict(Msg::FbErrAlreadyRated))),
        "{twice:?}"
    );
    let by_customer = feedback::rate(
        &app.db,
        &who(s.vip),
        s.vip,
        Item::request(done),
        5,
        "",
        t0 + 5 * HOUR,
    )
    .await
    .unwrap();
    assert!(
        by_customer > 0,
        "the customer may still change it within 7 days"
    );
    // Free-form by e-mail (no rating) and from the portal.
    feedback::record(
        &app.db,
        &who(s.agent),
        &rec(
            "vip@example.com",
            Channel::Email,
            "",
            None,
            "建议增加夜间服务",
        ),
        t0 + 6 * HOUR,
    )
    .await
    .unwrap();
    feedback::give(
        &app.db,
        &who(s.vip),
        s.vip,
        None,
        "网站很好用",
        t0 + 7 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(audits(&app, "feedback.recorded").await, 2);
    assert_eq!(audits(&app, "feedback.given").await, 1);

    // The staff list, newest first, filtered; each read is one audit entry.
    let all = feedback::list(
        &app.db,
        &who(s.quality),
        FeedbackFilter::default(),
        None,
        50,
        t0 + 8 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(all.rows.len(), 3);
    assert_eq!(all.rows[0].comment, "网站很好用");
    assert_eq!(all.rows[1].channel, Channel::Email);
    assert_eq!(all.rows[1].recorded_by.as_deref(), Some("Staff Member"));
    let phone = feedback::list(
        &app.db,
        &who(s.quality),
        FeedbackFilter {
            channel: Some(Channel::Phone),
            rating: Some(5),
            month: vipcare::quality::Period::parse("2026-12"),
        },
        None,
        50,
        t0 + 8 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(phone.rows.len(), 1);
    assert_eq!(
        phone.rows[0].item.as_ref().unwrap().item,
        Item::request(done)
    );
    let november = feedback::list(
        &app.db,
        &who(s.quality),
        FeedbackFilter {
            month: vipcare::quality::Period::parse("2026-11"),
            ..Default::default()
        },
        None,
        50,
        t0 + 8 * HOUR,
    )
    .await
    .unwrap();
    assert!(november.rows.is_empty());
    let page = feedback::list(
        &app.db,
        &who(s.quality),
        FeedbackFilter::default(),
        None,
        2,
        t0,
    )
    .await
    .unwrap();
    let rest = feedback::list(
        &app.db,
        &who(s.quality),
        FeedbackFilter::default(),
        page.next.as_deref(),
        2,
        t0,
    )
    .await
    .unwrap();
    assert_eq!((page.rows.len(), rest.rows.len()), (2, 1));
    assert_eq!(audits(&app, "feedback.listed").await, 5);
}

#[tokio::test]
async fn clause_5_3_1_a_closed_complaint_asks_for_a_rating_of_its_handling() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-07 10:00");
    let c = NewComplaint {
        channel: Channel::Web,
        subject: "回电太迟".into(),
        body: "约好的回电晚了两天。".into(),
        links: ComplaintLinks::default(),
    };
    let (id, number) = complaints::file(&app.db, &who(s.vip), s.vip, &c, t0, t0)
        .await
        .unwrap();
    let ack = StaffStep::Acknowledge {
        note: String::new(),
    };
    complaints::staff_act(&app.db, &who(s.agent), id, ack, t0 + HOUR)
        .await
        .unwrap();
    let r = feedback::rate(
        &app.db,
        &who(s.vip),
        s.vip,
        Item::complaint(id),
        4,
        "",
        t0 + HOUR,
    )
    .await;
    assert!(
        matches!(r, Err(ServiceError::Conflict(Msg::FbErrNotFinished))),
        "{r:?}"
    );
    let propose = StaffStep::Propose {
        finding: Finding::Upheld,
        remedy: "致歉并改进回电提醒。".into(),
        compensation: Fen::ZERO,
        form: CompensationForm::None,
    };
    complaints::staff_act(&app.db, &who(s.agent), id, propose, t0 + 2 * HOUR)
        .await
        .unwrap();
    complaints::answer(&app.db, &who(s.vip), s.vip, id, true, "", t0 + 3 * HOUR)
        .await
        .unwrap();
    let (link, params): (String, String) = sqlx::query_as(
        "SELECT link, params_json FROM notifications WHERE kind = 'feedback_requested'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(link, format!("/portal/complaints/{id}"));
    assert!(params.contains(&number), "{params}");
    feedback::rate(
        &app.db,
        &who(s.vip),
        s.vip,
        Item::complaint(id),
        4,
        "处理及时",
        t0 + 4 * HOUR,
    )
    .await
    .unwrap();
    let (agent, rating): (Option<i64>, i64) =
        sqlx::query_as("SELECT agent_id, rating FROM feedback WHERE complaint_id = ?")
            .bind(id)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!((agent, rating), (Some(s.agent), 4));
    // Staff may name it by number too — it is rated already.
    let again = feedback::record(
        &app.db,
        &who(s.quality),
        &Recorded {
            customer_email: "vip@example.com",
            channel: Channel::Phone,
            reference: &number.to_lowercase(),
            rating: Some(5),
            comment: "",
        },
        t0 + 5 * HOUR,
    )
    .await;
    assert!(
        matches!(again, Err(ServiceError::Conflict(Msg::FbErrAlreadyRated))),
        "{again:?}"
    );
}

#[tokio::test]
async fn clause_5_3_1_over_http_customers_rate_and_only_staff_read_the_list() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let now = vipcare::store::now_ms();
    let id = resolved_request(&app, s.vip, s.agent, now - 2 * HOUR).await;
    let vip = app.login("vip@example.com", PASSWORD).await.unwrap();
    let other = app.login("other@example.com", PASSWORD).await.unwrap();
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let form = |rating: &'static str| {
        vec![
            ("kind", "request".to_string()),
            ("id", id.to_string()),
            ("rating", rating.to_string()),
            ("comment", "很好".to_string()),
        ]
    };
    let post = |cookie: String, f: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/api/quality/feedback/rate", &f, Some(&cookie))
                .await
        }
    };
    assert_eq!(post(other.clone(), form("5")).await.status(), 404);
    assert_eq!(post(vip.clone(), form("9")).await.status(), 422);
    assert_eq!(post(agent.clone(), form("5")).await.status(), 403);
    assert_eq!(post(vip.clone(), form("5")).await.status(), 200);
    assert_eq!(stored(&app, id).await.unwrap().0, Some(5));
    let got = app
        .post_form(
            "/api/quality/feedback/item",
            &[("kind", "request"), ("id", &id.to_string())],
            Some(&vip),
        )
        .await;
    assert_eq!(got.status(), 200);
    assert!(got.text().await.unwrap().contains("\"rating\":5"));

    // The list: customers may not read it; staff may, and each read is audited.
    let list = "/api/quality/feedback/list";
    assert_eq!(app.post_form(list, &[], Some(&vip)).await.status(), 403);
    let before = audits(&app, "feedback.listed").await;
    let res = app
        .post_form(list, &[("channel", "web")], Some(&agent))
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("很好"));
    assert_eq!(audits(&app, "feedback.listed").await, before + 1);
    // The pages render for their readers.
    assert_eq!(app.get("/portal/feedback", Some(&vip)).await.status(), 200);
    assert_eq!(
        app.get("/admin/quality/feedback", Some(&agent))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get("/admin/quality/feedback", Some(&vip))
            .await
            .status(),
        403
    );
}
