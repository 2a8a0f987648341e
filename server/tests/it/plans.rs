//! Custom service plans (clause 3.2.3) through the services: a request, a priced proposal with
//! a valid-until date, the customer's answer; accepting issues the invoice priced from exactly
//! what was proposed and attaches the plan to the agreement (clause 14). Customers reach only
//! their own plans.

use crate::common::spawn_app;
use chrono::NaiveDate;
use vipcare::billing::InvoiceStatus;
use vipcare::plans::PlanStatus;
use vipcare::services::membership::Reader;
use vipcare::services::{fees, invoices, plans, Actor, ServiceError};
use vipcare::store::now_ms;
use vipcare::{Fen, Role};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn who(id: i64) -> Actor {
    Actor {
        user_id: Some(id),
        ip: Some("test".into()),
    }
}

#[tokio::test]
async fn clause_3_2_3_a_proposed_plan_accepted_becomes_an_invoice_and_an_attachment() {
    let app = spawn_app().await;
    let fin = who(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let vip = app.add_customer("vip@example.com").await;
    let other = app.add_customer("other@example.com").await;
    let mut tx = app.db.begin_write().await.unwrap();
    let agreement: i64 = sqlx::query_scalar(
        "INSERT INTO agreements (customer_id, template_id, level_id, level_json, canonical_text,
                                 sha256, status, effective_on, created_at)
         VALUES (?, (SELECT MIN(id) FROM agreement_templates), (SELECT MIN(id) FROM vip_levels),
                 '{}', 'text', 'x', 'effective', '2026-01-01', 0) RETURNING id",
    )
    .bind(vip)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let today = day("2026-11-25");

    assert!(
        plans::request(&app.db, &who(vip), vip, "too short", now_ms())
            .await
            .is_err()
    );
    let id = plans::request(
        &app.db,
        &who(vip),
        vip,
        "Quarterly on-site visits and two adviser hours a month for our Shanghai office",
        now_ms(),
    )
    .await
    .unwrap();

    // Another customer: not found, and the attempt is audited.
    for r in [
        plans::view(
            &app.db,
            &who(other),
            Reader::Customer(other),
            id,
            today,
            now_ms(),
        )
        .await
        .map(|_| ()),
        plans::answer(&app.db, &who(other), other, id, true, today, now_ms())
            .await
            .map(|_| ()),
    ] {
        assert!(matches!(r, Err(ServiceError::NotFound)), "{r:?}");
    }
    let denied: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND object_type = 'service_plan'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(denied, 2);
    // Nothing to answer before a proposal.
    assert!(
        plans::answer(&app.db, &who(vip), vip, id, true, today, now_ms())
            .await
            .is_err()
    );

    let lines = vec![
        ("onsite-visit".to_string(), 4),
        ("consult-hour".to_string(), 24),
    ];
    for (bad_lines, until) in [
        (vec![("no-such-item".to_string(), 1)], day("2026-12-10")),
        (lines.clone(), day("2027-06-30")), // more than 180 days
        (lines.clone(), day("2026-11-24")), // in the past
    ] {
        assert!(
            plans::propose(&app.db, &fin, id, &bad_lines, "", until, today, now_ms())
                .await
                .is_err()
        );
    }
    plans::propose(
        &app.db,
        &fin,
        id,
        &lines,
        "Valid for the first half of 2027.",
        day("2026-12-10"),
        today,
        now_ms(),
    )
    .await
    .unwrap();
    let v = plans::view(
        &app.db,
        &who(vip),
        Reader::Customer(vip),
        id,
        today,
        now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(v.status, PlanStatus::Proposed);
    assert!(v.answerable);
    // 4 × ¥1,200 + 24 × ¥600 = ¥19,200, + 6 % tax = ¥20,352.
    assert_eq!(v.totals.unwrap().total, Fen::yuan(20_352));

    // A new price from today on does not change what was offered.
    let draft = fees::create_draft(
        &app.db,
        &fin,
        &vipcare::fees::VersionInput {
            label: "2026-11".into(),
            effective_from: "2026-11-25".into(),
        },
        Some(1),
        now_ms(),
    )
    .await
    .unwrap();
    let hour = fees::version(&app.db, draft, today)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|i| i.code == "consult-hour")
        .unwrap();
    fees::save_item(
        &app.db,
        &fin,
        draft,
        &vipcare::fees::FeeItemInput {
            id: hour.id,
            code: hour.code.clone(),
            name_zh: hour.name_zh.clone(),
            name_en: hour.name_en.clone(),
            unit_zh: hour.unit_zh.clone(),
            unit_en: hour.unit_en.clone(),
            price_yuan: "700".into(),
            tax_percent: "6".into(),
        },
        now_ms(),
    )
    .await
    .unwrap();
    fees::publish(&app.db, &fin, draft, day("2026-11-20"), now_ms())
        .await
        .unwrap();

    // Past the valid-until day it cannot be accepted.
    assert!(plans::answer(
        &app.db,
        &who(vip),
        vip,
        id,
        true,
        day("2026-12-11"),
        now_ms()
    )
    .await
    .is_err());
    let invoice = plans::answer(&app.db, &who(vip), vip, id, true, today, now_ms())
        .await
        .unwrap()
        .expect("an invoice");
    let inv = invoices::view(&app.db, &fin, Reader::Staff, invoice, now_ms())
        .await
        .unwrap();
    assert_eq!(inv.status, InvoiceStatus::Issued);
    assert!(inv.number.as_deref().unwrap().starts_with("INV-"));
    assert_eq!(inv.totals.total, Fen::yuan(20_352), "priced as proposed");
    assert_eq!(inv.lines.len(), 2);
    // Answered once only.
    assert!(
        plans::answer(&app.db, &who(vip), vip, id, false, today, now_ms())
            .await
            .is_err()
    );
    let v = plans::view(&app.db, &fin, Reader::Staff, id, today, now_ms())
        .await
        .unwrap();
    assert_eq!(v.status, PlanStatus::Accepted);
    assert_eq!(v.invoice_id, Some(invoice));
    let attachments = vipcare::store::membership::attachments(app.db.reader(), agreement)
        .await
        .unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].kind, "plan");
    assert_eq!(attachments[0].plan_id, Some(id));

    // Declining and withdrawing change nothing else.
    let second = plans::request(
        &app.db,
        &who(vip),
        vip,
        "An extra event pass for a colleague",
        now_ms(),
    )
    .await
    .unwrap();
    plans::propose(
        &app.db,
        &fin,
        second,
        &[("event-pass".to_string(), 1)],
        "",
        day("2026-11-30"),
        today,
        now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(
        plans::answer(&app.db, &who(vip), vip, second, false, today, now_ms())
            .await
            .unwrap(),
        None
    );
    let third = plans::request(
        &app.db,
        &who(vip),
        vip,
        "Express delivery for every order",
        now_ms(),
    )
    .await
    .unwrap();
    plans::withdraw(&app.db, &who(vip), vip, third, now_ms())
        .await
        .unwrap();
    assert!(plans::propose(
        &app.db,
        &fin,
        third,
        &[("express-ship".to_string(), 1)],
        "",
        day("2026-11-30"),
        today,
        now_ms()
    )
    .await
    .is_err());
    let mine = plans::mine(&app.db, vip).await.unwrap();
    let statuses: Vec<_> = mine.iter().map(|p| p.status).collect();
    assert_eq!(
        statuses,
        [
            PlanStatus::Withdrawn,
            PlanStatus::Declined,
            PlanStatus::Accepted
        ]
    );
    let invoices_now: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE customer_id = ?")
            .bind(vip)
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(invoices_now, 1);
}
