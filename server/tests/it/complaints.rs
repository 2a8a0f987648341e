//! Complaints (clause 7) through the services: the whole process with an escalation, every
//! illegal step refused with a reason and nothing changed, deadlines flagged once on a simulated
//! clock, VIP first under equal conditions, a second rejection opening a dispute (11), accepted
//! compensation paid as a credit (8.2), and automatic compensation for breached commitments —
//! once per breach, within the monthly cap.

use crate::common::{make_vip, sh, spawn_app, who, TestApp};
use vipcare::complaints::{
    CompensationForm, ComplaintLinks, ComplaintStatus, DueStep, Finding, NewComplaint,
};
use vipcare::desk::{Channel, RequestKind};
use vipcare::queue::Urgency;
use vipcare::services::complaints::{self, StaffStep};
use vipcare::services::desk::{self, NewRequest};
use vipcare::services::membership::Reader;
use vipcare::services::ServiceError;
use vipcare::store::complaints::QueueView;
use vipcare::{Fen, Msg, Role};

const HOUR: i64 = 3_600_000;

struct Setup {
    admin: i64,
    agent: i64,
    lead: i64,
    vip: i64,
    other: i64,
}

/// Headquarters supervised by `lead`, `agent` in it and dedicated to the VIP customer.
async fn setup(app: &TestApp) -> Setup {
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
    let vip = app.add_customer("vip@example.com").await;
    let other = app.add_customer("other@example.com").await;
    make_vip(app, vip).await;
    Setup {
        admin,
        agent,
        lead,
        vip,
        other,
    }
}

fn complaint(subject: &str) -> NewComplaint {
    NewComplaint {
        channel: Channel::Web,
        subject: subject.into(),
        body: "The agent did not call back as promised.".into(),
        links: ComplaintLinks::default(),
    }
}

fn propose(yuan: i64, form: CompensationForm) -> StaffStep {
    StaffStep::Propose {
        finding: Finding::PartlyUpheld,
        remedy: "We apologise and will call within the hour from now on.".into(),
        compensation: Fen(yuan * 100),
        form,
    }
}

async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn status(app: &TestApp, id: i64) -> (String, i64, Option<i64>) {
    sqlx::query_as("SELECT status, round, handler_id FROM complaints WHERE id = ?")
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn clause_7_2_rejected_then_escalated_then_accepted_pays_the_compensation_as_a_credit() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-01 10:00");
    let (id, number) = complaints::file(&app.db, &who(s.vip), s.vip, &complaint("Late"), t0, t0)
        .await
        .unwrap();
    assert!(number.starts_with("CMP-2026-"), "{number}");
    // The branch supervisor hears of it while no one handles it.
    let told =
        "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'complaint_received'";
    assert_eq!(count(&app, told, s.lead).await, 1);

    let ack = StaffStep::Acknowledge {
        note: "We are looking into it.".into(),
    };
    complaints::staff_act(&app.db, &who(s.agent), id, ack, t0 + HOUR)
        .await
        .unwrap();
    assert_eq!(
        status(&app, id).await,
        ("acknowledged".into(), 1, Some(s.agent))
    );
    let note = StaffStep::Note {
        text: "Customer called twice; internal only.".into(),
    };
    complaints::staff_act(&app.db, &who(s.agent), id, note, t0 + HOUR)
        .await
        .unwrap();
    let first = propose(200, CompensationForm::Credit);
    complaints::staff_act(&app.db, &who(s.agent), id, first, t0 + 2 * HOUR)
        .await
        .unwrap();
    let v = complaints::view(
        &app.db,
        &who(s.vip),
        Reader::Customer(s.vip),
        id,
        t0 + 2 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(v.summary.status, ComplaintStatus::Proposed);
    assert_eq!(v.summary.next_due, None, "the customer answers now");
    assert!(
        v.events.iter().all(|e| !e.internal),
        "no internal notes for the customer"
    );
    assert!(!serde_json::to_string(&v).unwrap().contains("internal only"));

    // Rejected: escalated to the supervisor, a second proposal due within 7 days.
    let t1 = t0 + 3 * HOUR;
    complaints::answer(&app.db, &who(s.vip), s.vip, id, false, "Not enough.", t1)
        .await
        .unwrap();
    assert_eq!(
        status(&app, id).await,
        ("escalated".into(), 2, Some(s.lead))
    );
    let v = complaints::view(&app.db, &who(s.lead), Reader::Staff, id, t1)
        .await
        .unwrap();
    assert_eq!(v.summary.due_step, Some(DueStep::SecondProposal));
    assert_eq!(v.summary.next_due, Some(t1 + 7 * 24 * HOUR));
    assert!(v.events.iter().any(|e| e.internal), "staff see the note");
    let esc =
        "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'complaint_escalated'";
    assert_eq!(count(&app, esc, s.lead).await, 1);
    // No compensation was paid for the rejected proposal.
    let credits = "SELECT COUNT(*) FROM credits WHERE customer_id = ?";
    assert_eq!(count(&app, credits, s.vip).await, 0);

    // The second round is the supervisor's: the first handler may not take it (7.3).
    let before = status(&app, id).await;
    let by_agent = complaints::staff_act(
        &app.db,
        &who(s.agent),
        id,
        propose(300, CompensationForm::Credit),
        t1 + HOUR,
    )
    .await;
    assert!(
        matches!(
            by_agent,
            Err(ServiceError::Forbidden(Msg::ErrCmpSupervisorOnly))
        ),
        "{by_agent:?}"
    );
    assert_eq!(status(&app, id).await, before, "nothing changed");
    let second = propose(300, CompensationForm::Credit);
    complaints::staff_act(&app.db, &who(s.lead), id, second, t1 + HOUR)
        .await
        .unwrap();
    complaints::answer(&app.db, &who(s.vip), s.vip, id, true, "", t1 + 2 * HOUR)
        .await
        .unwrap();
    let v = complaints::view(
        &app.db,
        &who(s.vip),
        Reader::Customer(s.vip),
        id,
        t1 + 2 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(v.summary.status, ComplaintStatus::Closed);
    assert_eq!(v.proposals.len(), 2);
    assert_eq!(v.proposals[0].accepted, Some(false));
    assert_eq!(v.proposals[1].accepted, Some(true));
    let credit = v.proposals[1].credit_number.clone().expect("a credit");
    // The credit is on the customer's balance, of kind compensation, for exactly ¥300.
    let (kind, amount, remaining): (String, i64, i64) =
        sqlx::query_as("SELECT kind, amount, remaining FROM credits WHERE number = ?")
            .bind(&credit)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(
        (kind.as_str(), amount, remaining),
        ("compensation", 30_000, 30_000)
    );
    let billing = vipcare::services::invoices::my_billing(
        &app.db,
        s.vip,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(billing.credit, Fen(30_000));
    let audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.accepted' AND subject_user_id = ?";
    assert_eq!(count(&app, audit, s.vip).await, 1);
}

#[tokio::test]
async fn clause_7_2_every_illegal_step_is_refused_with_a_reason_and_changes_nothing() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-01 10:00");
    let (id, _) = complaints::file(&app.db, &who(s.vip), s.vip, &complaint("Rude"), t0, t0)
        .await
        .unwrap();
    let events = "SELECT COUNT(*) FROM complaint_events WHERE complaint_id = ?";
    let before = (status(&app, id).await, count(&app, events, id).await);
    let conflict = |r: Result<(), ServiceError>, want: Msg| match r {
        Err(ServiceError::Conflict(m)) => assert_eq!(m, want),
        other => panic!("expected a conflict {want:?}, got {other:?}"),
    };
    conflict(
        complaints::staff_act(
            &app.db,
            &who(s.agent),
            id,
            propose(0, CompensationForm::None),
            t0,
        )
        .await,
        Msg::ErrCmpAcknowledgeFirst,
    );
    conflict(
        complaints::answer(&app.db, &who(s.vip), s.vip, id, true, "", t0).await,
        Msg::ErrCmpNoProposal,
    );
    let invest = StaffStep::Investigate {
        note: String::new(),
    };
    conflict(
        complaints::staff_act(&app.db, &who(s.agent), id, invest.clone(), t0).await,
        Msg::ErrCmpAcknowledgeFirst,
    );
    assert_eq!(
        (status(&app, id).await, count(&app, events, id).await),
        before
    );
    let ack = StaffStep::Acknowledge {
        note: String::new(),
    };
    complaints::staff_act(&app.db, &who(s.agent), id, ack.clone(), t0)
        .await
        .unwrap();
    conflict(
        complaints::staff_act(&app.db, &who(s.agent), id, ack, t0).await,
        Msg::ErrCmpAlreadyAcknowledged,
    );
    // Compensation must match how it is paid; the remedy is required; bad input changes nothing.
    for step in [
        propose(50, CompensationForm::None),
        propose(0, CompensationForm::Credit),
        propose(200_000, CompensationForm::Refund),
        StaffStep::Propose {
            finding: Finding::Upheld,
            remedy: "   ".into(),
            compensation: Fen::ZERO,
            form: CompensationForm::None,
        },
    ] {
        match complaints::staff_act(&app.db, &who(s.agent), id, step.clone(), t0).await {
            Err(ServiceError::Invalid { .. }) => {}
            other => panic!("{step:?} should be invalid, got {other:?}"),
        }
    }
    assert_eq!(status(&app, id).await.0, "acknowledged");
    complaints::staff_act(
        &app.db,
        &who(s.agent),
        id,
        propose(0, CompensationForm::None),
        t0,
    )
    .await
    .unwrap();
    conflict(
        complaints::staff_act(&app.db, &who(s.agent), id, invest, t0).await,
        Msg::ErrCmpAwaitingAnswer,
    );
    // A rejection needs a reason.
    match complaints::answer(&app.db, &who(s.vip), s.vip, id, false, " ", t0).await {
        Err(ServiceError::Invalid { field, .. }) => assert_eq!(field, "comment"),
        other => panic!("{other:?}"),
    }
    // Another customer cannot answer: not found, and the attempt is audited.
    match complaints::answer(&app.db, &who(s.other), s.other, id, true, "", t0).await {
        Err(ServiceError::NotFound) => {}
        other => panic!("{other:?}"),
    }
    match complaints::view(&app.db, &who(s.other), Reader::Customer(s.other), id, t0).await {
        Err(ServiceError::NotFound) => {}
        other => panic!("{other:?}"),
    }
    let denied = "SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND actor_id = ?";
    assert_eq!(count(&app, denied, s.other).await, 2);
    complaints::answer(&app.db, &who(s.vip), s.vip, id, true, "", t0)
        .await
        .unwrap();
    conflict(
        complaints::answer(&app.db, &who(s.vip), s.vip, id, true, "", t0).await,
        Msg::ErrCmpFinished,
    );
    let note = StaffStep::Note {
        text: "late note".into(),
    };
    conflict(
        complaints::staff_act(&app.db, &who(s.agent), id, note, t0).await,
        Msg::ErrCmpFinished,
    );
    // Links must be the customer's own.
    let theirs = desk::open(
        &app.db,
        &who(s.other),
        s.other,
        &NewRequest {
            kind: RequestKind::Other,
            channel: Channel::Web,
            urgency: Urgency::Normal,
            subject: "theirs".into(),
            body: "x".into(),
        },
        t0,
    )
    .await
    .unwrap();
    let mut c = complaint("About someone else's request");
    c.links.request_id = Some(theirs);
    match complaints::file(&app.db, &who(s.vip), s.vip, &c, t0, t0).await {
        Err(ServiceError::Invalid { field, msg }) => {
            assert_eq!((field, msg), ("request_id", Msg::ErrCmpLink))
        }
        other => panic!("{other:?}"),
    }
    let _ = s.admin;
}

#[tokio::test]
async fn clause_7_2_overdue_steps_are_flagged_and_notified_once_on_a_simulated_clock() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-01 10:00");
    let (id, _) = complaints::file(&app.db, &who(s.vip), s.vip, &complaint("Slow"), t0, t0)
        .await
        .unwrap();
    let overdue =
        "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'complaint_overdue'";
    // 23 hours in: not yet due.
    let r = complaints::watch_deadlines(&app.db, t0 + 23 * HOUR)
        .await
        .unwrap();
    assert_eq!(r.flagged, 0);
    // 25 hours in: the acknowledgement is overdue; the supervisor is told, once.
    let r = complaints::watch_deadlines(&app.db, t0 + 25 * HOUR)
        .await
        .unwrap();
    assert_eq!(r.flagged, 1);
    let r = complaints::watch_deadlines(&app.db, t0 + 26 * HOUR)
        .await
        .unwrap();
    assert_eq!(r.flagged, 0, "flagged once");
    assert_eq!(count(&app, overdue, s.lead).await, 1);
    let q = complaints::queue(&app.db, QueueView::Overdue(0), t0 + 26 * HOUR)
        .await
        .unwrap();
    assert_eq!(q.len(), 1);
    assert!(q[0].overdue);
    assert_eq!(q[0].due_step, Some(DueStep::Acknowledge));
    // Acknowledged late: now the proposal is owed by day 7 and the agent handles it.
    let ack = StaffStep::Acknowledge {
        note: String::new(),
    };
    complaints::staff_act(&app.db, &who(s.agent), id, ack, t0 + 26 * HOUR)
        .await
        .unwrap();
    let q = complaints::queue(&app.db, QueueView::Overdue(0), t0 + 26 * HOUR)
        .await
        .unwrap();
    assert!(q.is_empty());
    let r = complaints::watch_deadlines(&app.db, t0 + 7 * 24 * HOUR - 1)
        .await
        .unwrap();
    assert_eq!(r.flagged, 0);
    let r = complaints::watch_deadlines(&app.db, t0 + 7 * 24 * HOUR + 1)
        .await
        .unwrap();
    assert_eq!(r.flagged, 1);
    assert_eq!(
        count(&app, overdue, s.agent).await,
        1,
        "the handler is told"
    );
    let flags: Vec<String> =
        sqlx::query_scalar("SELECT step FROM complaint_overdue WHERE complaint_id = ? ORDER BY at")
            .bind(id)
            .fetch_all(app.db.reader())
            .await
            .unwrap();
    assert_eq!(flags, ["acknowledge", "propose"]);
}

#[tokio::test]
async fn clause_3_2_2_vip_complaints_go_first_under_equal_conditions() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-01 10:00");
    let (plain, _) = complaints::file(&app.db, &who(s.other), s.other, &complaint("A"), t0, t0)
        .await
        .unwrap();
    let (vip, _) = complaints::file(
        &app.db,
        &who(s.vip),
        s.vip,
        &complaint("B"),
        t0 + HOUR,
        t0 + HOUR,
    )
    .await
    .unwrap();
    let q = complaints::queue(&app.db, QueueView::Open, t0 + HOUR)
        .await
        .unwrap();
    let ids: Vec<i64> = q.iter().map(|c| c.id).collect();
    assert_eq!(ids, [vip, plain], "the VIP's later complaint goes first");
    assert!(q[0].level_rank > 0 && q[1].level_rank == 0);
    // Staff record a phone complaint received yesterday; not more than 30 days back.
    let mut c = complaint("Phoned in");
    c.channel = Channel::Phone;
    let (id, _) = complaints::record(
        &app.db,
        &who(s.agent),
        "OTHER@example.com",
        complaints::Recorded {
            reference: "",
            agent_email: "agent@example.com",
        },
        c.clone(),
        t0 - 24 * HOUR,
        t0,
    )
    .await
    .unwrap();
    let v = complaints::view(&app.db, &who(s.agent), Reader::Staff, id, t0)
        .await
        .unwrap();
    assert_eq!(v.summary.channel, Channel::Phone);
    assert_eq!(v.links.agent_id, Some(s.agent));
    assert_eq!(v.recorded_by.as_deref(), Some("Staff Member"));
    match complaints::record(
        &app.db,
        &who(s.agent),
        "other@example.com",
        complaints::Recorded {
            reference: "#999",
            agent_email: "",
        },
        c,
        t0 - 31 * 24 * HOUR,
        t0,
    )
    .await
    {
        Err(ServiceError::Invalid { field, .. }) => assert_eq!(field, "received_at"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn clause_11_rejecting_the_second_proposal_opens_a_dispute() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-01 10:00");
    let (id, _) = complaints::file(&app.db, &who(s.vip), s.vip, &complaint("Billing"), t0, t0)
        .await
        .unwrap();
    let ack = StaffStep::Acknowledge {
        note: String::new(),
    };
    complaints::staff_act(&app.db, &who(s.agent), id, ack, t0)
        .await
        .unwrap();
    for (round, by) in [(1, s.agent), (2, s.lead)] {
        complaints::staff_act(
            &app.db,
            &who(by),
            id,
            propose(100, CompensationForm::Refund),
            t0,
        )
        .await
        .unwrap();
        complaints::answer(&app.db, &who(s.vip), s.vip, id, false, "No.", t0)
            .await
            .unwrap();
        let want = if round == 1 { "escalated" } else { "disputed" };
        assert_eq!(status(&app, id).await.0, want);
    }
    let v = complaints::view(&app.db, &who(s.vip), Reader::Customer(s.vip), id, t0)
        .await
        .unwrap();
    let (dispute, number) = v.dispute.expect("a dispute case");
    assert!(number.starts_with("DSP-"), "{number}");
    let (customer, method): (i64, String) =
        sqlx::query_as("SELECT customer_id, method FROM disputes WHERE id = ?")
            .bind(dispute)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!((customer, method.as_str()), (s.vip, "negotiation"));
    // Nothing was paid for rejected proposals.
    let credits = "SELECT COUNT(*) FROM credits WHERE customer_id = ?";
    assert_eq!(count(&app, credits, s.vip).await, 0);
}

#[tokio::test]
async fn clause_8_2_automatic_compensation_once_per_breach_within_the_monthly_cap() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    // The first level: ¥50 per breached first response, ¥0 for resolution, ¥120 a month at most.
    let mut tx = app.db.begin_write().await.unwrap();
    sqlx::query(
        "INSERT INTO compensation_policies (level_id, first_response_fen, resolution_fen,
             monthly_cap_fen, updated_at)
         SELECT id, 5000, 0, 12000, 0 FROM vip_levels ORDER BY rank LIMIT 1",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let t0 = sh("2026-12-01 10:00");
    let mut ids = Vec::new();
    for i in 0..3 {
        let r = NewRequest {
            kind: RequestKind::Consultation,
            channel: Channel::Web,
            urgency: Urgency::Normal,
            subject: format!("Question {i}"),
            body: "Please call me.".into(),
        };
        ids.push(
            desk::open(&app.db, &who(s.vip), s.vip, &r, t0)
                .await
                .unwrap(),
        );
    }
    // A non-VIP's breach earns nothing.
    let r = NewRequest {
        kind: RequestKind::Consultation,
        channel: Channel::Web,
        urgency: Urgency::Normal,
        subject: "Plain".into(),
        body: "x".into(),
    };
    desk::open(&app.db, &who(s.other), s.other, &r, t0)
        .await
        .unwrap();
    // Two hours later every VIP first response (1 h) is breached.
    for _ in 0..3 {
        vipcare::services::sla_watch::run(&app.db, t0 + 2 * HOUR)
            .await
            .unwrap();
    }
    let grants: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT request_id, amount FROM compensation_grants WHERE customer_id = ? ORDER BY request_id",
    )
    .bind(s.vip)
    .fetch_all(app.db.reader())
    .await
    .unwrap();
    assert_eq!(
        grants,
        [(ids[0], 5000), (ids[1], 5000), (ids[2], 2000)],
        "the third is cut to what the cap leaves"
    );
    let (n, total): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(amount) FROM credits WHERE customer_id = ? AND kind = 'compensation'",
    )
    .bind(s.vip)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!((n, total), (3, 12_000));
    let other = "SELECT COUNT(*) FROM credits WHERE customer_id = ?";
    assert_eq!(count(&app, other, s.other).await, 0);
    let told =
        "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'compensation_granted'";
    assert_eq!(count(&app, told, s.vip).await, 3);
    let seen = vipcare::services::compensation::grants_of(&app.db, s.vip)
        .await
        .unwrap();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|g| g.first_response));
}

#[tokio::test]
async fn clause_7_1_a_customer_may_name_their_dedicated_agent_but_no_stranger() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let t0 = sh("2026-12-01 10:00");
    desk::assign_dedicated_agent(&app.db, &who(s.admin), s.vip, s.agent, t0)
        .await
        .unwrap();
    let known = complaints::known_staff(&app.db, s.vip).await.unwrap();
    assert_eq!(known.len(), 1, "{known:?}");
    assert!(known[0].id == s.agent && known[0].dedicated);
    // Another customer does not know this agent.
    assert!(complaints::known_staff(&app.db, s.other)
        .await
        .unwrap()
        .is_empty());

    let mut about_agent = complaint("About my agent");
    about_agent.links.agent_id = Some(s.agent);
    let (id, _) = complaints::file(&app.db, &who(s.vip), s.vip, &about_agent, t0, t0)
        .await
        .unwrap();
    let v = complaints::view(&app.db, &who(s.vip), Reader::Customer(s.vip), id, t0)
        .await
        .unwrap();
    assert_eq!(v.links.agent_id, Some(s.agent));

    // Naming staff the customer never dealt with is refused and files nothing.
    let mut stranger = complaint("About someone");
    stranger.links.agent_id = Some(s.lead);
    let before = count(
        &app,
        "SELECT COUNT(*) FROM complaints WHERE customer_id = ?",
        s.vip,
    )
    .await;
    let r = complaints::file(&app.db, &who(s.vip), s.vip, &stranger, t0, t0).await;
    assert!(
        matches!(
            r,
            Err(ServiceError::Invalid {
                field: "agent_id",
                msg: Msg::ErrCmpLink
            })
        ),
        "{r:?}"
    );
    let after = count(
        &app,
        "SELECT COUNT(*) FROM complaints WHERE customer_id = ?",
        s.vip,
    )
    .await;
    assert_eq!(before, after);
}
