//! The service desk (clause 3) through the services: routing to the dedicated agent or, when
//! away, to the branch queue with the supervisor told; VIP-first queue order with keyset pages;
//! the SLA terms snapshotted at opening (24×7 for VIPs, business hours for others, paused while
//! waiting on the customer); internal notes never in the customer's view.

use crate::common::{make_vip, sh, spawn_app, who};
use vipcare::desk::{Channel, RequestKind, RequestStatus};
use vipcare::queue::Urgency;
use vipcare::services::desk::{self, NewRequest, StaffAction};
use vipcare::services::membership::Reader;
use vipcare::services::ServiceError;
use vipcare::store::desk::{QueueFilter, QueueScope};
use vipcare::Role;

fn request(subject: &str, urgency: Urgency) -> NewRequest {
    NewRequest {
        kind: RequestKind::Consultation,
        channel: Channel::Web,
        urgency,
        subject: subject.into(),
        body: "Please call me about my order.".into(),
    }
}

#[tokio::test]
async fn clause_3_2_2_vip_first_dedicated_agent_and_away_goes_to_the_branch_queue() {
    let app = spawn_app().await;
    let admin = who(app.add_staff("admin@example.com", &[Role::Admin]).await);
    let agent = app.add_staff("agent@example.com", &[Role::Agent]).await;
    let supervisor = app.add_staff("lead@example.com", &[Role::Agent]).await;
    let vip = app.add_customer("vip@example.com").await;
    let plain = app.add_customer("plain@example.com").await;
    make_vip(&app, vip).await;
    let hq = desk::create_branch(
        &app.db,
        &admin,
        "HQ",
        ("总部", "Headquarters"),
        true,
        Some(supervisor),
        0,
    )
    .await
    .unwrap();
    desk::set_staff_branch(&app.db, &admin, agent, hq, false, 0)
        .await
        .unwrap();
    desk::assign_dedicated_agent(&app.db, &admin, vip, agent, 0)
        .await
        .unwrap();

    // Equal urgency: the non-VIP asked first, the VIP's request is still above it.
    let t0 = sh("2026-11-30 10:00");
    let p = desk::open(
        &app.db,
        &who(plain),
        plain,
        &request("Order question", Urgency::Normal),
        t0,
    )
    .await
    .unwrap();
    let v = desk::open(
        &app.db,
        &who(vip),
        vip,
        &request("Delivery date", Urgency::Normal),
        t0 + 60_000,
    )
    .await
    .unwrap();
    let u = desk::open(
        &app.db,
        &who(plain),
        plain,
        &request("Card blocked", Urgency::Urgent),
        t0 + 120_000,
    )
    .await
    .unwrap();
    let (page, _) = desk::queue(&app.db, QueueFilter::scope(QueueScope::All), None, 50)
        .await
        .unwrap();
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [u, v, p]);
    // Keyset pages of one give the same order.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let (rows, next) = desk::queue(&app.db, QueueFilter::scope(QueueScope::All), after, 1)
            .await
            .unwrap();
        seen.extend(rows.iter().map(|r| r.id));
        match next {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    assert_eq!(seen, [u, v, p]);

    // The VIP's request went to their dedicated agent, with 24×7 terms: 1 h to first response.
    let view = desk::view(&app.db, &who(vip), Reader::Customer(vip), v, t0)
        .await
        .unwrap();
    assert_eq!(view.assignee_name.as_deref(), Some("Staff Member"));
    assert_eq!(view.first_response_due_ms, Some(t0 + 60_000 + 3_600_000));
    assert_eq!(view.queue_position, Some(2));
    let (mine, _) = desk::queue(
        &app.db,
        QueueFilter::scope(QueueScope::Assignee(agent)),
        None,
        50,
    )
    .await
    .unwrap();
    assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), [v]);

    // The agent is away: the next request goes to the branch queue and the supervisor is told.
    desk::set_staff_branch(&app.db, &admin, agent, hq, true, 0)
        .await
        .unwrap();
    let w = desk::open(
        &app.db,
        &who(vip),
        vip,
        &request("While away", Urgency::Normal),
        t0 + 180_000,
    )
    .await
    .unwrap();
    let (unassigned, _) = desk::queue(
        &app.db,
        QueueFilter::scope(QueueScope::Unassigned),
        None,
        50,
    )
    .await
    .unwrap();
    assert!(unassigned.iter().any(|r| r.id == w));
    let (branch, _) = desk::queue(
        &app.db,
        QueueFilter::scope(QueueScope::Branch(hq)),
        None,
        50,
    )
    .await
    .unwrap();
    assert!(branch.iter().any(|r| r.id == w));
    let told: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'request_agent_away'",
    )
    .bind(supervisor)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(told, 1);

    // Another customer's request: not found, audited.
    let r = desk::view(&app.db, &who(plain), Reader::Customer(plain), v, t0).await;
    assert!(matches!(r, Err(ServiceError::NotFound)));
}

#[tokio::test]
async fn clause_3_4_1_non_vip_friday_evening_is_due_next_working_day_and_waiting_pauses() {
    let app = spawn_app().await;
    let agent = who(app.add_staff("agent@example.com", &[Role::Agent]).await);
    let plain = app.add_customer("plain@example.com").await;
    // Friday 2026-11-27 17:30: 8 business hours → Monday 16:30.
    let opened = sh("2026-11-27 17:30");
    let id = desk::open(
        &app.db,
        &who(plain),
        plain,
        &request("Invoice copy", Urgency::Normal),
        opened,
    )
    .await
    .unwrap();
    let v = desk::view(&app.db, &agent, Reader::Staff, id, opened)
        .await
        .unwrap();
    assert_eq!(v.first_response_due_ms, Some(sh("2026-11-30 16:30")));
    assert_eq!(v.level_rank, 0);

    // An internal note is for staff only: not in the customer's view (nor its JSON).
    desk::staff_act(
        &app.db,
        &agent,
        id,
        StaffAction::Note,
        "Customer is difficult; be precise",
        sh("2026-11-30 09:00"),
    )
    .await
    .unwrap();
    // Asking the customer on Monday 10:00 pauses the clock (first response met at 10:00).
    let s = desk::staff_act(
        &app.db,
        &agent,
        id,
        StaffAction::AskCustomer,
        "Which invoice number?",
        sh("2026-11-30 10:00"),
    )
    .await
    .unwrap();
    assert_eq!(s, RequestStatus::WaitingOnCustomer);
    let v = desk::view(
        &app.db,
        &who(plain),
        Reader::Customer(plain),
        id,
        sh("2026-11-30 10:00"),
    )
    .await
    .unwrap();
    assert_eq!(v.first_response_at_ms, Some(sh("2026-11-30 10:00")));
    assert_eq!(v.resolution_due_ms, None, "paused");
    assert!(v.messages.iter().all(|m| !m.internal));
    assert!(!serde_json::to_string(&v).unwrap().contains("difficult"));
    let staff_view = desk::view(&app.db, &agent, Reader::Staff, id, sh("2026-11-30 10:00"))
        .await
        .unwrap();
    assert!(staff_view.messages.iter().any(|m| m.internal));

    // The customer answers Tuesday 09:00: the clock resumes. 72 business hours from Friday
    // 17:30 with Monday 10:00–18:00 paused: 0.5 h Fri + 1 h Mon + 70.5 h from Tue 09:00
    // = 7 days 7.5 h of 9-hour days → Thursday 2026-12-10 16:30.
    let s = desk::customer_act(
        &app.db,
        &who(plain),
        plain,
        id,
        "INV-2026-000001",
        false,
        sh("2026-12-01 09:00"),
    )
    .await
    .unwrap();
    assert_eq!(s, RequestStatus::Open);
    let v = desk::view(&app.db, &agent, Reader::Staff, id, sh("2026-12-01 09:00"))
        .await
        .unwrap();
    assert_eq!(v.resolution_due_ms, Some(sh("2026-12-10 16:30")));

    // Resolved, then reopened within 7 days; not after.
    desk::staff_act(
        &app.db,
        &agent,
        id,
        StaffAction::Resolve,
        "Sent by e-mail.",
        sh("2026-12-01 10:00"),
    )
    .await
    .unwrap();
    assert!(desk::customer_act(
        &app.db,
        &who(plain),
        plain,
        id,
        "Not received",
        true,
        sh("2026-12-09 10:01")
    )
    .await
    .is_err());
    let s = desk::customer_act(
        &app.db,
        &who(plain),
        plain,
        id,
        "Not received",
        true,
        sh("2026-12-08 10:00"),
    )
    .await
    .unwrap();
    assert_eq!(s, RequestStatus::Open);
}
