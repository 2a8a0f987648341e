//! Fees and payment (clauses 6.1.2, 6.2, 8.2) through the real server and services: fee
//! versions price lines by service date, invoice numbers are gapless under concurrency,
//! concurrent payments cannot over-apply, overpayment becomes credit that the next invoice
//! uses, and customers reach only their own invoices.

use crate::common::{spawn_app, TestApp, PASSWORD};
use chrono::NaiveDate;
use vipcare::billing::{AdjustmentKind, InvoiceStatus, PaymentMethod};
use vipcare::fees::{FeeItemInput, VersionInput};
use vipcare::invoice::{DraftLine, InvoiceView, NewPayment};
use vipcare::services::membership::Reader;
use vipcare::services::{fees, invoices, Actor};
use vipcare::store::now_ms;
use vipcare::{Fen, Role};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn finance(id: i64) -> Actor {
    Actor {
        user_id: Some(id),
        ip: Some("test".into()),
    }
}

fn line(code: &str, quantity: i64, on: &str) -> DraftLine {
    DraftLine {
        code: code.into(),
        quantity,
        service_date: day(on),
    }
}

fn payment(amount: Fen, reference: &str) -> NewPayment {
    NewPayment {
        method: PaymentMethod::BankTransfer,
        reference: reference.into(),
        amount,
        received_on: day("2026-11-20"),
    }
}

/// A published version from `from` in which the adviser session costs `yuan`.
async fn publish_price(app: &TestApp, who: &Actor, from: &str, yuan: &str) -> i64 {
    let v = fees::create_draft(
        &app.db,
        who,
        &VersionInput {
            label: format!("from {from}"),
            effective_from: from.into(),
        },
        Some(1),
        now_ms(),
    )
    .await
    .unwrap();
    let item = fees::version(&app.db, v, day(from))
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|i| i.code == "consult-hour")
        .unwrap();
    fees::save_item(
        &app.db,
        who,
        v,
        &FeeItemInput {
            id: item.id,
            code: item.code.clone(),
            name_zh: item.name_zh.clone(),
            name_en: item.name_en.clone(),
            unit_zh: item.unit_zh.clone(),
            unit_en: item.unit_en.clone(),
            price_yuan: yuan.into(),
            tax_percent: "6".into(),
        },
        now_ms(),
    )
    .await
    .unwrap();
    // Publishing checks the date against "today": publish on the day it takes effect.
    fees::publish(&app.db, who, v, day(from), now_ms())
        .await
        .unwrap();
    v
}

async fn view_as_staff(app: &TestApp, who: &Actor, id: i64) -> InvoiceView {
    invoices::view(&app.db, who, Reader::Staff, id, now_ms())
        .await
        .unwrap()
}

#[tokio::test]
async fn clause_6_1_2_a_published_version_is_frozen_and_lines_use_the_price_of_their_service_date()
{
    let app = spawn_app().await;
    let fin = finance(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let customer = app.add_customer("vip@example.com").await;
    publish_price(&app, &fin, "2026-06-01", "700").await;

    // Backdating a new version is refused, and a published one cannot be edited.
    let late = fees::create_draft(
        &app.db,
        &fin,
        &VersionInput {
            label: "late".into(),
            effective_from: "2026-01-01".into(),
        },
        Some(1),
        now_ms(),
    )
    .await
    .unwrap();
    assert!(
        fees::publish(&app.db, &fin, late, day("2026-11-25"), now_ms())
            .await
            .is_err()
    );
    let frozen = fees::save_item(
        &app.db,
        &fin,
        1,
        &FeeItemInput {
            code: "new-thing".into(),
            name_zh: "新".into(),
            name_en: "New".into(),
            unit_zh: "次".into(),
            unit_en: "time".into(),
            price_yuan: "1".into(),
            ..Default::default()
        },
        now_ms(),
    )
    .await;
    assert!(frozen.is_err(), "a published version takes no new items");
    let mut tx = app.db.begin_write().await.unwrap();
    let bypass = sqlx::query("UPDATE fee_items SET unit_price = 1 WHERE version_id = 1")
        .execute(&mut *tx)
        .await;
    assert!(bypass.is_err(), "the database refuses it too");
    drop(tx);

    // One line before the change (¥600 from the shipped 2025 version), one after (¥700).
    let id = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[
            line("consult-hour", 2, "2026-05-31"),
            line("consult-hour", 1, "2026-06-01"),
        ],
        "",
        now_ms(),
    )
    .await
    .unwrap();
    let inv = view_as_staff(&app, &fin, id).await;
    assert_eq!(inv.lines[0].unit_price, Fen::yuan(600));
    assert_eq!(inv.lines[1].unit_price, Fen::yuan(700));
    // 1,200 + 700 = 1,900; tax 6 % = 114; no level discount for a non-member.
    assert_eq!(inv.totals.subtotal, Fen::yuan(1_900));
    assert_eq!(inv.totals.tax, Fen::yuan(114));
    assert_eq!(inv.totals.total, Fen::yuan(2_014));
    assert_eq!(inv.status, InvoiceStatus::Draft);

    // A service date before any published version cannot be priced.
    let none = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[line("consult-hour", 1, "2024-12-31")],
        "",
        now_ms(),
    )
    .await;
    assert!(none.is_err());
}

#[tokio::test]
async fn clause_6_2_invoice_numbers_are_gapless_under_concurrency() {
    let app = spawn_app().await;
    let fin = finance(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let customer = app.add_customer("vip@example.com").await;
    let mut drafts = Vec::new();
    for _ in 0..12 {
        drafts.push(
            invoices::create_draft(
                &app.db,
                &fin,
                customer,
                &[line("express-ship", 1, "2026-11-01")],
                "",
                now_ms(),
            )
            .await
            .unwrap(),
        );
    }
    let today = day("2026-11-25");
    let tasks: Vec<_> = drafts
        .iter()
        .map(|&id| {
            let db = app.db.clone();
            let fin = fin.clone();
            tokio::spawn(async move { invoices::issue(&db, &fin, id, today, now_ms()).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap().unwrap());
    }
    numbers.sort();
    let expected: Vec<String> = (1..=12)
        .map(|n| vipcare::billing::invoice_number(2026, n))
        .collect();
    assert_eq!(numbers, expected, "no gaps, no duplicates");
    // Issuing twice is refused and takes no number.
    assert!(invoices::issue(&app.db, &fin, drafts[0], today, now_ms())
        .await
        .is_err());
    let next = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[line("express-ship", 1, "2026-11-01")],
        "",
        now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(
        invoices::issue(&app.db, &fin, next, today, now_ms())
            .await
            .unwrap(),
        "INV-2026-000013"
    );
}

#[tokio::test]
async fn clause_6_2_concurrent_payments_cannot_over_apply_and_overpayment_becomes_credit() {
    let app = spawn_app().await;
    let fin = finance(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let customer = app.add_customer("vip@example.com").await;
    let today = day("2026-11-25");
    let id = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[line("consult-hour", 1, "2026-11-01")],
        "",
        now_ms(),
    )
    .await
    .unwrap();
    invoices::issue(&app.db, &fin, id, today, now_ms())
        .await
        .unwrap();
    let total = view_as_staff(&app, &fin, id).await.totals.total; // ¥636
    assert_eq!(total, Fen::yuan(636));

    // Eight payments of ¥100 at once: ¥636 settles the invoice, ¥164 becomes credit.
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let db = app.db.clone();
            let fin = fin.clone();
            tokio::spawn(async move {
                invoices::record_payment(
                    &db,
                    &fin,
                    id,
                    &payment(Fen::yuan(100), &format!("TX-{n}")),
                    None,
                    now_ms(),
                )
                .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        if t.await.unwrap().is_ok() {
            ok += 1;
        }
    }
    let inv = view_as_staff(&app, &fin, id).await;
    assert_eq!(inv.totals.paid, total, "never more than the total");
    assert_eq!(inv.totals.balance, Fen::ZERO);
    assert_eq!(inv.status, InvoiceStatus::Paid);
    // Payments after "paid" are refused; the ones accepted add up to what was applied + credit.
    let billing = invoices::my_billing(&app.db, customer, today)
        .await
        .unwrap();
    let paid_in: i64 = inv.payments.iter().map(|p| p.amount.0).sum();
    assert_eq!(paid_in, ok * 10_000);
    assert_eq!(billing.credit.0, paid_in - total.0);
    assert_eq!(billing.outstanding, Fen::ZERO);

    // The credit is applied automatically to the next invoice (8.2), never below zero.
    let next = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[line("express-ship", 1, "2026-11-02")],
        "",
        now_ms(),
    )
    .await
    .unwrap();
    invoices::issue(&app.db, &fin, next, today, now_ms())
        .await
        .unwrap();
    let inv2 = view_as_staff(&app, &fin, next).await;
    let used = inv2.totals.credited.0;
    assert_eq!(used, (paid_in - total.0).min(inv2.totals.total.0));
    assert_eq!(
        inv2.totals.balance.0,
        inv2.totals.total.0 - used,
        "balance = issued − paid − credited"
    );
    let after = invoices::my_billing(&app.db, customer, today)
        .await
        .unwrap();
    assert_eq!(after.credit.0, paid_in - total.0 - used);
}

#[tokio::test]
async fn clause_6_2_customers_see_only_their_own_issued_invoices_over_http() {
    let app = spawn_app().await;
    let fin_id = app.add_staff("finance@example.com", &[Role::Finance]).await;
    let fin = finance(fin_id);
    let mine = app.add_customer("vip@example.com").await;
    app.add_customer("other@example.com").await;

    // Finance drafts through the form endpoint (nested line fields, as the browser sends them).
    let staff = app.login("finance@example.com", PASSWORD).await.unwrap();
    let res = app
        .post_form(
            "/api/billing/invoices/create",
            &[
                ("customer_email", "VIP@example.com"),
                ("note", "November"),
                ("lines[0][code]", "consult-hour"),
                ("lines[0][quantity]", "2"),
                ("lines[0][service_date]", "2026-11-01"),
                ("lines[1][code]", ""),
                ("lines[1][quantity]", ""),
                ("lines[1][service_date]", ""),
            ],
            Some(&staff),
        )
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM invoices WHERE customer_id = ?")
        .bind(mine)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    let bad = app
        .post_form(
            "/api/billing/invoices/create",
            &[
                ("customer_email", "vip@example.com"),
                ("note", ""),
                ("lines[0][code]", "consult-hour"),
                ("lines[0][quantity]", "0"),
                ("lines[0][service_date]", ""),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(bad.status(), 422, "a bad quantity is refused");

    let me = app.login("vip@example.com", PASSWORD).await.unwrap();
    let other = app.login("other@example.com", PASSWORD).await.unwrap();
    // A draft is not the customer's to see yet.
    let res = app
        .post_form(
            "/api/billing/invoice",
            &[("id", &id.to_string())],
            Some(&me),
        )
        .await;
    assert_eq!(res.status(), 404);
    invoices::issue(&app.db, &fin, id, day("2026-11-25"), now_ms())
        .await
        .unwrap();
    let res = app
        .post_form(
            "/api/billing/invoice",
            &[("id", &id.to_string())],
            Some(&me),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .post_form(
            "/api/billing/invoice",
            &[("id", &id.to_string())],
            Some(&other),
        )
        .await;
    assert_eq!(
        res.status(),
        404,
        "another customer's invoice does not exist for them"
    );
    let denied: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND object_type = 'invoice'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert!(denied >= 2, "denied reads are audited");
    // The page renders for its customer; finance's pages are not for customers.
    let page = app.get(&format!("/portal/invoices/{id}"), Some(&me)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("INV-2026-000001"), "{html}");
    let admin_page = app.get("/admin/billing", Some(&me)).await;
    assert_eq!(admin_page.status(), 403);
    // The public fee page needs no sign-in and links prices to clause 6.1.2.
    let fees_page = app.get("/fees", None).await;
    assert_eq!(fees_page.status(), 200);
    assert!(fees_page.text().await.unwrap().contains("#clause-6-1-2"));
}

#[tokio::test]
async fn clause_6_2_overdue_reminders_at_due_plus_1_7_30_once_each() {
    let app = spawn_app().await;
    let fin = finance(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let customer = app.add_customer("vip@example.com").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = invoices::create_draft(
            &app.db,
            &fin,
            customer,
            &[line("express-ship", 1, "2026-11-01")],
            "",
            now_ms(),
        )
        .await
        .unwrap();
        // Issued on 1 November: due on the 16th (Net 15).
        invoices::issue(&app.db, &fin, id, day("2026-11-01"), now_ms())
            .await
            .unwrap();
        ids.push(id);
    }
    // The third is paid: never reminded.
    invoices::record_payment(
        &app.db,
        &fin,
        ids[2],
        &payment(Fen::yuan(53), "TX-PAID"),
        None,
        now_ms(),
    )
    .await
    .unwrap();
    let run = |d: &'static str| {
        let db = app.db.clone();
        async move {
            invoices::send_overdue_reminders(&db, day(d), now_ms())
                .await
                .unwrap()
        }
    };
    assert_eq!(run("2026-11-16").await, 0, "not overdue on the due date");
    assert_eq!(run("2026-11-17").await, 2, "d1 for both open invoices");
    assert_eq!(run("2026-11-17").await, 0, "idempotent");
    assert_eq!(run("2026-11-22").await, 0);
    assert_eq!(run("2026-11-23").await, 2, "d7");
    assert_eq!(run("2026-12-15").await, 0);
    assert_eq!(run("2026-12-16").await, 2, "d30");
    assert_eq!(run("2027-02-01").await, 0, "nothing after d30");
    let texts: Vec<(String, String)> = sqlx::query_as(
        "SELECT n.dedupe_key, o.body FROM notifications n JOIN email_outbox o ON o.notification_id = n.id
         WHERE n.kind = 'invoice_overdue' ORDER BY n.id",
    )
    .fetch_all(app.db.reader())
    .await
    .unwrap();
    assert_eq!(texts.len(), 6, "inbox and e-mail outbox, once per stage");
    assert!(texts[0].1.contains("INV-2026-000001"), "{texts:?}");
    assert!(texts.iter().any(|(k, _)| k.ends_with(":d30")));

    // A job that did not run for a week sends only the latest stage reached.
    let late = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[line("express-ship", 1, "2027-01-01")],
        "",
        now_ms(),
    )
    .await
    .unwrap();
    invoices::issue(&app.db, &fin, late, day("2027-01-01"), now_ms())
        .await
        .unwrap(); // due 2027-01-16
    assert_eq!(run("2027-01-25").await, 1);
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT dedupe_key FROM notifications WHERE dedupe_key LIKE ? ORDER BY id",
    )
    .bind(format!("inv{late}:overdue:%"))
    .fetch_all(app.db.reader())
    .await
    .unwrap();
    assert_eq!(keys, vec![format!("inv{late}:overdue:d7")]);
}

#[tokio::test]
async fn clause_6_3_a_waiver_needs_a_second_approver_and_reduces_the_balance() {
    let app = spawn_app().await;
    let fin = finance(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let admin = finance(app.add_staff("admin@example.com", &[Role::Admin]).await);
    let customer = app.add_customer("vip@example.com").await;
    let id = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[line("consult-hour", 1, "2026-11-01")],
        "",
        now_ms(),
    )
    .await
    .unwrap();
    // Not on a draft.
    assert!(invoices::propose_adjustment(
        &app.db,
        &fin,
        id,
        AdjustmentKind::Waiver,
        Fen::yuan(36),
        "goodwill",
        now_ms()
    )
    .await
    .is_err());
    invoices::issue(&app.db, &fin, id, day("2026-11-25"), now_ms())
        .await
        .unwrap(); // ¥636
                   // More than the balance, or without a reason: refused.
    for (amount, reason) in [(Fen::yuan(637), "too much"), (Fen::yuan(36), " ")] {
        assert!(invoices::propose_adjustment(
            &app.db,
            &fin,
            id,
            AdjustmentKind::Waiver,
            amount,
            reason,
            now_ms()
        )
        .await
        .is_err());
    }
    let waiver = invoices::propose_adjustment(
        &app.db,
        &fin,
        id,
        AdjustmentKind::Waiver,
        Fen::yuan(36),
        "delivery was late",
        now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(
        view_as_staff(&app, &fin, id).await.totals.balance,
        Fen::yuan(636),
        "a proposal changes nothing"
    );
    // The proposer cannot approve it.
    let own = invoices::decide_adjustment(&app.db, &fin, waiver, true, "", now_ms()).await;
    assert!(
        matches!(own, Err(vipcare::services::ServiceError::Forbidden(_))),
        "{own:?}"
    );
    invoices::decide_adjustment(&app.db, &admin, waiver, true, "agreed", now_ms())
        .await
        .unwrap();
    let inv = view_as_staff(&app, &fin, id).await;
    assert_eq!(inv.totals.waived, Fen::yuan(36));
    assert_eq!(inv.totals.balance, Fen::yuan(600));
    assert_eq!(inv.status, InvoiceStatus::PartiallyPaid);
    // Decided once only; a rejected proposal changes nothing.
    assert!(
        invoices::decide_adjustment(&app.db, &admin, waiver, true, "", now_ms())
            .await
            .is_err()
    );
    let extra = invoices::propose_adjustment(
        &app.db,
        &fin,
        id,
        AdjustmentKind::ExtraDiscount,
        Fen::yuan(100),
        "loyalty",
        now_ms(),
    )
    .await
    .unwrap();
    invoices::decide_adjustment(&app.db, &admin, extra, false, "no", now_ms())
        .await
        .unwrap();
    assert_eq!(
        view_as_staff(&app, &fin, id).await.totals.balance,
        Fen::yuan(600)
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'invoice.adjustment_%'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(audited, 4, "two proposals, one approval, one rejection");
}

#[tokio::test]
async fn clause_8_2_credit_notes_settle_then_become_credit_and_refunds_never_overdraw() {
    use vipcare::invoice::NewRefund;
    use vipcare::services::credits::{self, CreditTarget};
    let app = spawn_app().await;
    let fin = finance(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let customer = app.add_customer("vip@example.com").await;
    let today = day("2026-11-25");
    let id = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[line("consult-hour", 1, "2026-11-01")],
        "",
        now_ms(),
    )
    .await
    .unwrap();
    // Not on a draft.
    let note = |amount: Fen| {
        credits::issue_credit_note(
            &app.db,
            &fin,
            CreditTarget::Invoice(id),
            amount,
            "service hour not delivered",
            today,
            now_ms(),
        )
    };
    assert!(note(Fen::yuan(10)).await.is_err());
    invoices::issue(&app.db, &fin, id, today, now_ms())
        .await
        .unwrap(); // ¥636
    invoices::record_payment(
        &app.db,
        &fin,
        id,
        &payment(Fen::yuan(300), "TX-1"),
        None,
        now_ms(),
    )
    .await
    .unwrap();

    // ¥400 against a balance of ¥336: ¥336 settles the invoice, ¥64 stays as credit.
    let first = note(Fen::yuan(400)).await.unwrap();
    assert!(first.number.starts_with("CN-2026-"), "{}", first.number);
    assert_eq!(
        (first.applied, first.remaining),
        (Fen::yuan(336), Fen::yuan(64))
    );
    let inv = view_as_staff(&app, &fin, id).await;
    assert_eq!(inv.status, InvoiceStatus::Paid);
    assert_eq!(inv.totals.balance, Fen::ZERO, "never negative");
    assert_eq!(
        inv.totals.balance.0,
        inv.totals.total.0 - inv.totals.paid.0 - inv.totals.credited.0
    );
    // At most what the invoice charged: ¥636 − ¥400 = ¥236 more.
    assert!(note(Fen::yuan(237)).await.is_err());
    let second = note(Fen::yuan(236)).await.unwrap();
    assert_eq!(
        (second.applied, second.remaining),
        (Fen::ZERO, Fen::yuan(236))
    );

    // Refunds: never more than is left, even when four arrive at once.
    let refund = |amount: Fen, reference: &str| NewRefund {
        method: PaymentMethod::BankTransfer,
        reference: reference.into(),
        amount,
        refunded_on: today,
        reason: "customer asked".into(),
    };
    assert!(credits::refund(
        &app.db,
        &fin,
        first.credit_id,
        &refund(Fen::yuan(65), "R0"),
        now_ms()
    )
    .await
    .is_err());
    credits::refund(
        &app.db,
        &fin,
        first.credit_id,
        &refund(Fen::yuan(64), "R1"),
        now_ms(),
    )
    .await
    .unwrap();
    let tasks: Vec<_> = (0..4)
        .map(|n| {
            let db = app.db.clone();
            let fin = fin.clone();
            let r = refund(Fen::yuan(100), &format!("RC-{n}"));
            tokio::spawn(
                async move { credits::refund(&db, &fin, second.credit_id, &r, now_ms()).await },
            )
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        ok += t.await.unwrap().is_ok() as i64;
    }
    assert_eq!(ok, 2, "¥236 holds two refunds of ¥100");
    let mine = invoices::my_billing(&app.db, customer, today)
        .await
        .unwrap();
    assert_eq!(mine.credit, Fen::yuan(36));
    assert_eq!(mine.refunds.len(), 3);
    assert_eq!(
        mine.refunds.iter().map(|r| r.amount.0).sum::<i64>(),
        Fen::yuan(264).0
    );

    // A standalone credit (compensation) by e-mail; the next invoice uses it with the ¥36 left.
    let comp = credits::issue_credit_note(
        &app.db,
        &fin,
        CreditTarget::Customer("VIP@example.com".into()),
        Fen::yuan(50),
        "compensation for a late visit",
        today,
        now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(comp.remaining, Fen::yuan(50));
    assert!(credits::issue_credit_note(
        &app.db,
        &fin,
        CreditTarget::Customer("nobody@example.com".into()),
        Fen::yuan(50),
        "x",
        today,
        now_ms(),
    )
    .await
    .is_err());
    let next = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[line("express-ship", 1, "2026-11-02")], // ¥53
        "",
        now_ms(),
    )
    .await
    .unwrap();
    invoices::issue(&app.db, &fin, next, today, now_ms())
        .await
        .unwrap();
    let inv2 = view_as_staff(&app, &fin, next).await;
    assert_eq!(inv2.totals.credited, Fen::yuan(53));
    assert_eq!(inv2.status, InvoiceStatus::Paid);
    let left = invoices::my_billing(&app.db, customer, today)
        .await
        .unwrap();
    assert_eq!(left.credit, Fen::yuan(36 + 50 - 53));
    // Every step is in the audit log.
    let events: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'credit.%' ORDER BY seq",
    )
    .fetch_all(app.db.reader())
    .await
    .unwrap();
    assert_eq!(events.iter().filter(|e| *e == "credit.issued").count(), 3);
    assert_eq!(events.iter().filter(|e| *e == "credit.refunded").count(), 3);
}

#[tokio::test]
async fn clause_6_2_reports_ageing_and_revenue_export_as_csv_with_bom_for_finance_only() {
    let app = spawn_app().await;
    let fin = finance(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let customer = app.add_customer("vip@example.com").await;
    let today = vipcare::ledger::shanghai_date(now_ms());
    let id = invoices::create_draft(
        &app.db,
        &fin,
        customer,
        &[
            DraftLine {
                code: "consult-hour".into(),
                quantity: 2,
                service_date: today,
            },
            DraftLine {
                code: "express-ship".into(),
                quantity: 1,
                service_date: today,
            },
        ],
        "",
        now_ms(),
    )
    .await
    .unwrap();
    // Issued 40 days ago: due 25 days ago (Net 15), so "1–30 days past due".
    let issued = today - chrono::Days::new(40);
    invoices::issue(&app.db, &fin, id, issued, now_ms())
        .await
        .unwrap(); // 2 × ¥636 + ¥53 = ¥1,325
    let ageing = vipcare::services::reports::ageing(&app.db, today)
        .await
        .unwrap();
    assert_eq!(ageing.total, Fen::yuan(1_325));
    assert_eq!(ageing.rows[0].buckets[1], Fen::yuan(1_325));
    let month = issued.format("%Y-%m").to_string();
    let revenue = vipcare::services::reports::revenue(&app.db, &month, &month)
        .await
        .unwrap();
    assert_eq!(revenue.rows.len(), 2);
    assert_eq!(revenue.total, Fen::yuan(1_325));
    assert_eq!(revenue.net, Fen::yuan(1_250));
    assert!(
        vipcare::services::reports::revenue(&app.db, "2026-13", "2026-11")
            .await
            .is_err()
    );

    // Over HTTP: finance gets CSV with a BOM; customers and strangers do not; exports are audited.
    let staff = app.login("finance@example.com", PASSWORD).await.unwrap();
    let res = app
        .get("/admin/billing/reports/ageing.csv", Some(&staff))
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    assert!(
        text.contains("vip@example.com,0.00,1325.00,0.00,0.00,0.00,1325.00"),
        "{text}"
    );
    let res = app
        .get(
            &format!("/admin/billing/reports/revenue.csv?from={month}&to={month}"),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(text.contains(&format!("{month},consult-hour,")), "{text}");
    assert_eq!(
        app.get(
            "/admin/billing/reports/revenue.csv?from=x&to=y",
            Some(&staff)
        )
        .await
        .status(),
        422
    );
    let cust = app.login("vip@example.com", PASSWORD).await.unwrap();
    assert_eq!(
        app.get("/admin/billing/reports/ageing.csv", Some(&cust))
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get("/admin/billing/reports/ageing.csv", None)
            .await
            .status(),
        401
    );
    let exports: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'report.exported'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(exports, 2);
}

#[tokio::test]
async fn clause_6_2_online_payment_confirmations_are_signed_and_recorded_once() {
    use vipcare::services::payments::{self, Callback, TestProvider};
    let app = spawn_app().await;
    let fin = finance(app.add_staff("finance@example.com", &[Role::Finance]).await);
    let customer = app.add_customer("vip@example.com").await;
    app.add_customer("other@example.com").await;
    let today = day("2026-11-25");
    let draft = |code: &'static str| {
        let db = app.db.clone();
        let fin = fin.clone();
        async move {
            let id = invoices::create_draft(
                &db,
                &fin,
                customer,
                &[line(code, 1, "2026-11-01")],
                "",
                now_ms(),
            )
            .await
            .unwrap();
            invoices::issue(&db, &fin, id, today, now_ms())
                .await
                .unwrap();
            id
        }
    };

    // Service level, with a known key: a confirmation is recorded once, however often it comes.
    let id = draft("consult-hour").await; // ¥636
    let gw = TestProvider::new(b"known key");
    let me = finance(customer);
    let url = payments::start_checkout(&app.db, &gw, &me, customer, id, now_ms())
        .await
        .unwrap();
    let token = url.rsplit('/').next().unwrap().to_string();
    let c = gw.confirmation(&token, Fen::yuan(636));
    let forged = Callback {
        amount: 1,
        ..c.clone()
    };
    assert!(payments::confirm(&app.db, &gw, &forged, today, now_ms())
        .await
        .is_err());
    let (inv, first) = payments::confirm(&app.db, &gw, &c, today, now_ms())
        .await
        .unwrap();
    assert_eq!(inv, id);
    assert!(first.is_some());
    let (_, again) = payments::confirm(&app.db, &gw, &c, today, now_ms())
        .await
        .unwrap();
    assert!(again.is_none(), "a repeated delivery records nothing");
    let v = view_as_staff(&app, &fin, id).await;
    assert_eq!(v.status, InvoiceStatus::Paid);
    assert_eq!(v.payments.len(), 1);
    assert_eq!(v.payments[0].method, PaymentMethod::Online);
    // A second confirmation for the same checkout (paid twice at the gateway): kept as credit.
    let twice = gw.confirmation(&token, Fen::yuan(636));
    payments::confirm(&app.db, &gw, &twice, today, now_ms())
        .await
        .unwrap();
    let mine = invoices::my_billing(&app.db, customer, today)
        .await
        .unwrap();
    assert_eq!(mine.credit, Fen::yuan(636));
    assert_eq!(
        view_as_staff(&app, &fin, id).await.totals.paid,
        Fen::yuan(636)
    );

    // Over HTTP with the configured test gateway: start, pay on its page, forged callback refused.
    let id2 = draft("express-ship").await; // ¥53 (the ¥636 credit pays it at issue)…
    assert_eq!(
        view_as_staff(&app, &fin, id2).await.status,
        InvoiceStatus::Paid
    );
    let id3 = draft("onsite-visit").await; // ¥1,272, ¥583 of credit left → ¥689 due
    let due = view_as_staff(&app, &fin, id3).await.totals.balance;
    assert_eq!(due, Fen::yuan(1_272 - (636 - 53)));
    let other = app.login("other@example.com", PASSWORD).await.unwrap();
    let res = app
        .post_form(
            "/api/payments/start",
            &[("id", &id3.to_string())],
            Some(&other),
        )
        .await;
    assert_eq!(res.status(), 404, "not someone else's invoice");
    let cust = app.login("vip@example.com", PASSWORD).await.unwrap();
    let res = app
        .post_form(
            "/api/payments/start",
            &[("id", &id3.to_string())],
            Some(&cust),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let token: String = sqlx::query_scalar(
        "SELECT token FROM payment_checkouts WHERE invoice_id = ? AND status = 'open'",
    )
    .bind(id3)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    let forged = serde_json::json!({
        "token": token, "reference": "TEST-FORGED", "amount": due.0, "signature": "00",
    });
    let res = app
        .client
        .post(app.url("/payments/test/callback"))
        .json(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = app
        .post_form("/api/pay/test/pay", &[("token", &token)], Some(&cust))
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let v = view_as_staff(&app, &fin, id3).await;
    assert_eq!(v.status, InvoiceStatus::Paid);
    assert_eq!(v.payments[0].amount, due);
    let status: String = sqlx::query_scalar("SELECT status FROM payment_checkouts WHERE token = ?")
        .bind(&token)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(status, "paid");
}
