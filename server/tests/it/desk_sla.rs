//! The service desk's SLA watcher and routing (clauses 3.2.1, 3.2.2, 3.4.1, 3.4.2) through the
//! services: warnings at 80 %, breach records telling the assignee and the branch supervisor,
//! escalation to the admins — once each, however often the job runs; late answers recorded as
//! breaches; resolved requests closing after the reopening window; claim, assign and transfer
//! with a note on the timeline; the queue's filters and counts.

use crate::common::{sh, spawn_app, who, TestApp};
use vipcare::desk::{Channel, RequestKind, RequestStatus, TimelineKind};
use vipcare::queue::Urgency;
use vipcare::services::desk::{self, NewRequest, StaffAction};
use vipcare::services::desk_routing::{self, Route};
use vipcare::services::membership::Reader;
use vipcare::services::sla_watch::{self, WatchReport};
use vipcare::services::ServiceError;
use vipcare::sla::Stage;
use vipcare::store::desk::{QueueFilter, QueueScope};
use vipcare::Role;

const MIN: i64 = 60_000;

fn request(subject: &str, kind: RequestKind, channel: Channel) -> NewRequest {
    NewRequest {
        kind,
        channel,
        urgency: Urgency::Normal,
        subject: subject.into(),
        body: "Please help.".into(),
    }
}

async fn notified(app: &TestApp, user: i64, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?")
        .bind(user)
        .bind(kind)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn sla_events(app: &TestApp, id: i64) -> Vec<(String, String, i64)> {
    sqlx::query_as("SELECT target, stage, at FROM sla_events WHERE request_id = ? ORDER BY at")
        .bind(id)
        .fetch_all(app.db.reader())
        .await
        .unwrap()
}

/// Headquarters supervised by `lead`, with `agent` in it.
struct Desk {
    admin: i64,
    agent: i64,
    lead: i64,
    hq: i64,
}

async fn desk_with_branch(app: &TestApp) -> Desk {
    let admin = app.add_staff("admin@example.com", &[Role::Admin]).await;
    let agent = app.add_staff("agent@example.com", &[Role::Agent]).await;
    let lead = app.add_staff("lead@example.com", &[Role::Agent]).await;
    let hq = desk::create_branch(
        &app.db,
        &who(admin),
        "HQ",
        ("总部", "Headquarters"),
        true,
        Some(lead),
        0,
    )
    .await
    .unwrap();
    for u in [agent, lead] {
        desk::set_staff_branch(&app.db, &who(admin), u, hq, false, 0)
            .await
            .unwrap();
    }
    Desk {
        admin,
        agent,
        lead,
        hq,
    }
}

#[tokio::test]
async fn clause_3_4_1_watcher_warns_breaches_and_escalates_once_each() {
    let app = spawn_app().await;
    let d = desk_with_branch(&app).await;
    let customer = app.add_customer("plain@example.com").await;
    // Not a VIP: 8 business hours. Monday 09:00 → 80 % at 15:24, due 17:00, 150 % Tuesday 12:00.
    let t0 = sh("2026-11-30 09:00");
    let id = desk::open(
        &app.db,
        &who(customer),
        customer,
        &request("Invoice copy", RequestKind::Consultation, Channel::Web),
        t0,
    )
    .await
    .unwrap();
    // Unassigned, in headquarters: the supervisor hears of the 80 % warning.
    assert_eq!(
        sla_watch::run(&app.db, sh("2026-11-30 15:23"))
            .await
            .unwrap(),
        WatchReport::default()
    );
    let r = sla_watch::run(&app.db, sh("2026-11-30 15:24"))
        .await
        .unwrap();
    assert_eq!(r.at_risk, 1);
    assert_eq!(notified(&app, d.lead, "sla_at_risk").await, 1);
    // The agent takes it; the breach tells the agent and the supervisor, once.
    desk_routing::route(
        &app.db,
        &who(d.agent),
        id,
        Route::Claim,
        "",
        sh("2026-11-30 16:00"),
    )
    .await
    .unwrap();
    for _ in 0..3 {
        sla_watch::run(&app.db, sh("2026-11-30 17:30"))
            .await
            .unwrap();
    }
    assert_eq!(notified(&app, d.agent, "sla_breached").await, 1);
    assert_eq!(notified(&app, d.lead, "sla_breached").await, 1);
    assert_eq!(notified(&app, d.admin, "sla_escalated").await, 0);
    // 150 %: Tuesday 12:00 — the admins.
    let r = sla_watch::run(&app.db, sh("2026-12-01 12:00"))
        .await
        .unwrap();
    assert_eq!(r.escalated, 1);
    assert_eq!(notified(&app, d.admin, "sla_escalated").await, 1);
    let ev = sla_events(&app, id).await;
    let first: Vec<_> = ev.iter().filter(|e| e.0 == "first_response").collect();
    assert_eq!(
        first
            .iter()
            .map(|e| (e.1.as_str(), e.2))
            .collect::<Vec<_>>(),
        vec![
            ("at_risk", sh("2026-11-30 15:24")),
            ("breached", sh("2026-11-30 17:00")),
            ("escalated", sh("2026-12-01 12:00")),
        ],
        "recorded at the moment each stage was reached, not when the job ran"
    );
    // Staff see the records on the timeline; the customer does not.
    let staff = desk::view(&app.db, &who(d.agent), Reader::Staff, id, t0)
        .await
        .unwrap();
    assert!(staff.timeline.iter().any(|e| e.kind
        == TimelineKind::Sla {
            first_response: true,
            stage: Stage::Breached
        }));
    let mine = desk::view(&app.db, &who(customer), Reader::Customer(customer), id, t0)
        .await
        .unwrap();
    assert!(mine
        .timeline
        .iter()
        .all(|e| !matches!(e.kind, TimelineKind::Sla { .. })));
    // Waiting on the customer: the watcher leaves it alone.
    desk::staff_act(
        &app.db,
        &who(d.agent),
        id,
        StaffAction::AskCustomer,
        "Which invoice?",
        sh("2026-12-01 13:00"),
    )
    .await
    .unwrap();
    assert_eq!(
        sla_watch::run(&app.db, sh("2026-12-31 12:00"))
            .await
            .unwrap(),
        WatchReport::default()
    );
}

#[tokio::test]
async fn clause_3_2_1_a_late_answer_is_a_breach_on_record_and_resolved_requests_close_after_7_days()
{
    let app = spawn_app().await;
    let d = desk_with_branch(&app).await;
    let customer = app.add_customer("plain@example.com").await;
    let t0 = sh("2026-11-30 09:00");
    let id = desk::open(
        &app.db,
        &who(customer),
        customer,
        &request("Address change", RequestKind::Other, Channel::Web),
        t0,
    )
    .await
    .unwrap();
    // No job ran; the answer comes at 17:30, after the 17:00 due time.
    desk::staff_act(
        &app.db,
        &who(d.agent),
        id,
        StaffAction::Resolve,
        "Done.",
        sh("2026-11-30 17:30"),
    )
    .await
    .unwrap();
    assert_eq!(
        sla_events(&app, id).await,
        vec![(
            "first_response".to_string(),
            "breached".to_string(),
            sh("2026-11-30 17:00")
        )]
    );
    // Seven days later the customer may still reopen; after that it closes, once.
    let r = sla_watch::run(&app.db, sh("2026-12-07 17:30"))
        .await
        .unwrap();
    assert_eq!(r.closed, 0);
    let r = sla_watch::run(&app.db, sh("2026-12-07 17:31"))
        .await
        .unwrap();
    assert_eq!(r.closed, 1);
    assert_eq!(
        sla_watch::run(&app.db, sh("2026-12-08 09:00"))
            .await
            .unwrap()
            .closed,
        0
    );
    let v = desk::view(&app.db, &who(customer), Reader::Customer(customer), id, t0)
        .await
        .unwrap();
    assert_eq!(v.status, RequestStatus::Closed);
    assert!(matches!(
        v.timeline.last().map(|e| &e.kind),
        Some(TimelineKind::Status {
            to: RequestStatus::Closed,
            ..
        })
    ));
}

#[tokio::test]
async fn clause_3_2_2_claim_assign_transfer_with_a_note_and_the_queue_filters() {
    let app = spawn_app().await;
    let d = desk_with_branch(&app).await;
    let colleague = app.add_staff("colleague@example.com", &[Role::Agent]).await;
    let finance = app.add_staff("finance@example.com", &[Role::Finance]).await;
    let north_lead = app.add_staff("north@example.com", &[Role::Agent]).await;
    let north = desk::create_branch(
        &app.db,
        &who(d.admin),
        "N",
        ("北区", "North"),
        false,
        Some(north_lead),
        0,
    )
    .await
    .unwrap();
    let customer = app.add_customer("plain@example.com").await;
    let t0 = sh("2026-11-30 09:00");
    let a = desk::open(
        &app.db,
        &who(d.agent),
        customer,
        &request("Phone: plan", RequestKind::CustomPlan, Channel::Phone),
        t0,
    )
    .await
    .unwrap();
    let b = desk::open(
        &app.db,
        &who(customer),
        customer,
        &request("Web: question", RequestKind::Consultation, Channel::Web),
        t0 + MIN,
    )
    .await
    .unwrap();

    desk_routing::route(&app.db, &who(d.agent), a, Route::Claim, "", t0 + 2 * MIN)
        .await
        .unwrap();
    desk_routing::route(
        &app.db,
        &who(d.agent),
        b,
        Route::Assign(colleague),
        "Knows the product",
        t0 + 3 * MIN,
    )
    .await
    .unwrap();
    assert_eq!(notified(&app, colleague, "request_assigned").await, 1);
    // Only agents and admins take requests; a transfer needs a reason.
    assert!(matches!(
        desk_routing::route(&app.db, &who(d.agent), b, Route::Assign(finance), "", t0).await,
        Err(ServiceError::Invalid {
            field: "assignee",
            ..
        })
    ));
    assert!(matches!(
        desk_routing::route(&app.db, &who(d.agent), b, Route::Transfer(north), " ", t0).await,
        Err(ServiceError::Invalid { field: "note", .. })
    ));
    desk_routing::route(
        &app.db,
        &who(colleague),
        b,
        Route::Transfer(north),
        "Customer lives in the north; branch visit needed",
        t0 + 4 * MIN,
    )
    .await
    .unwrap();
    assert_eq!(notified(&app, north_lead, "request_transferred").await, 1);

    let staff = desk::view(&app.db, &who(d.agent), Reader::Staff, b, t0)
        .await
        .unwrap();
    assert_eq!(staff.assignee_name, None);
    let transfer = staff
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Transferred)
        .unwrap();
    assert!(transfer.note.contains("branch visit"));
    assert_eq!(transfer.branch_name.as_deref(), Some("北区 / North"));
    let mine = desk::view(&app.db, &who(customer), Reader::Customer(customer), b, t0)
        .await
        .unwrap();
    assert!(mine.timeline.iter().all(|e| e.note.is_empty()));
    assert!(!serde_json::to_string(&mine)
        .unwrap()
        .contains("branch visit"));

    // Filters and counts.
    let ids = |rows: Vec<vipcare::desk::RequestSummary>| {
        rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    let page = |f: QueueFilter<'static>| {
        let db = app.db.clone();
        async move { ids(desk::queue(&db, f, None, 50).await.unwrap().0) }
    };
    assert_eq!(
        page(QueueFilter::scope(QueueScope::Assignee(d.agent))).await,
        vec![a]
    );
    assert_eq!(
        page(QueueFilter::scope(QueueScope::Branch(north))).await,
        vec![b]
    );
    assert_eq!(
        page(QueueFilter::scope(QueueScope::Branch(d.hq))).await,
        vec![a]
    );
    assert_eq!(
        page(QueueFilter::scope(QueueScope::Unassigned)).await,
        vec![b]
    );
    let phone = QueueFilter {
        scope: QueueScope::All,
        kind: None,
        channel: Some("phone"),
    };
    assert_eq!(page(phone).await, vec![a]);
    let plan = QueueFilter {
        scope: QueueScope::All,
        kind: Some("custom_plan"),
        channel: Some("web"),
    };
    assert!(page(plan).await.is_empty());
    // Monday 17:00 + a minute: both first responses are overdue.
    let late = sh("2026-11-30 17:02");
    assert_eq!(
        page(QueueFilter::scope(QueueScope::Breached(late)))
            .await
            .len(),
        2
    );
    assert!(page(QueueFilter::scope(QueueScope::Breached(t0)))
        .await
        .is_empty());
    let c = desk_routing::counts(&app.db, d.agent, late).await.unwrap();
    assert_eq!(
        (c.all, c.mine, c.branch, c.unassigned, c.breached),
        (2, 1, 1, 1, 2)
    );

    // Resolved requests are not routed any more.
    desk::staff_act(
        &app.db,
        &who(d.agent),
        a,
        StaffAction::Resolve,
        "Done",
        late,
    )
    .await
    .unwrap();
    assert!(matches!(
        desk_routing::route(
            &app.db,
            &who(d.agent),
            a,
            Route::Assign(colleague),
            "",
            late
        )
        .await,
        Err(ServiceError::Conflict(_))
    ));
}

#[tokio::test]
async fn clause_3_2_1_a_call_logged_later_runs_from_when_it_came_in() {
    let app = spawn_app().await;
    let d = desk_with_branch(&app).await;
    let customer = app.add_customer("plain@example.com").await;
    let call = request("Phone: invoice", RequestKind::Consultation, Channel::Phone);
    // Called Friday 17:30, logged Monday 09:10: due Monday 16:30, as if opened on Friday.
    let logged = sh("2026-11-30 09:10");
    let id = desk::open_received(
        &app.db,
        &who(d.agent),
        customer,
        &call,
        sh("2026-11-27 17:30"),
        logged,
    )
    .await
    .unwrap();
    let v = desk::view(&app.db, &who(d.agent), Reader::Staff, id, logged)
        .await
        .unwrap();
    assert_eq!(v.created_at_ms, sh("2026-11-27 17:30"));
    assert_eq!(v.first_response_due_ms, Some(sh("2026-11-30 16:30")));
    // Not in the future, not more than 30 days back; nothing is stored then.
    for received in [logged + MIN, logged - 31 * 24 * 60 * MIN] {
        assert!(matches!(
            desk::open_received(&app.db, &who(d.agent), customer, &call, received, logged).await,
            Err(ServiceError::Invalid {
                field: "received_at",
                ..
            })
        ));
    }
    assert_eq!(desk::mine(&app.db, customer).await.unwrap().len(), 1);
}

#[tokio::test]
async fn clause_3_2_3_a_custom_plan_request_opens_a_billing_plan_and_files_follow_the_upload_rules()
{
    let app = spawn_app().await;
    let d = desk_with_branch(&app).await;
    let customer = app.add_customer("plain@example.com").await;
    let other = app.add_customer("other@example.com").await;
    let t0 = sh("2026-11-30 09:00");
    let id = desk::open(
        &app.db,
        &who(customer),
        customer,
        &request("Annual gift plan", RequestKind::CustomPlan, Channel::Web),
        t0,
    )
    .await
    .unwrap();
    let v = desk::view(&app.db, &who(customer), Reader::Customer(customer), id, t0)
        .await
        .unwrap();
    let plan = v.plan_id.expect("a plan request in billing");
    let plans = vipcare::services::plans::mine(&app.db, customer)
        .await
        .unwrap();
    assert!(plans.iter().any(|p| p.id == plan));

    // The customer attaches a PDF; an executable renamed .pdf is refused; staff add a PNG.
    desk::attach(
        &app.db,
        &who(customer),
        Reader::Customer(customer),
        id,
        "brief.pdf",
        b"%PDF-1.7 brief",
        t0,
    )
    .await
    .unwrap();
    assert!(matches!(
        desk::attach(
            &app.db,
            &who(customer),
            Reader::Customer(customer),
            id,
            "x.pdf",
            b"MZ\x90\x00",
            t0
        )
        .await,
        Err(ServiceError::Invalid { field: "file", .. })
    ));
    // Another customer: not found (and audited), nothing stored.
    assert!(matches!(
        desk::attach(
            &app.db,
            &who(other),
            Reader::Customer(other),
            id,
            "y.pdf",
            b"%PDF-1.7 y",
            t0
        )
        .await,
        Err(ServiceError::NotFound)
    ));
    desk::attach(
        &app.db,
        &who(d.agent),
        Reader::Staff,
        id,
        "../../mock-up.png",
        &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1],
        t0,
    )
    .await
    .unwrap();
    let v = desk::view(&app.db, &who(customer), Reader::Customer(customer), id, t0)
        .await
        .unwrap();
    let names: Vec<_> = v.files.iter().map(|f| f.file.name.as_str()).collect();
    assert_eq!(names, vec!["brief.pdf", "mock-up.png"]);
    let denied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(denied, 1);
}
