//! `vipcare seed-demo`: demo accounts so every page has something real to show.
//! Idempotent: running it again resets the demo passwords and changes nothing else.

use vipcare::ledger::{EntryKind, EntrySource, LedgerEntry};
use vipcare::services::{auth, ledger, staff, Actor, ServiceResult};
use vipcare::store::{now_ms, Db};
use vipcare::Fen;
use vipcare::Role;

/// (email, name, roles) of the demo staff.
pub const DEMO_STAFF: &[(&str, &str, &[Role])] = &[
    ("admin@example.com", "管理员 Admin", &[Role::Admin]),
    ("reviewer@example.com", "审核员 Reviewer", &[Role::Reviewer]),
    ("agent@example.com", "客服 Agent", &[Role::Agent]),
    ("lead@example.com", "客服主管 Lead", &[Role::Agent]),
    ("quality@example.com", "质检 Quality", &[Role::Quality]),
    ("finance@example.com", "财务 Finance", &[Role::Finance]),
];

/// (email, name, phone) of the demo customers.
pub const DEMO_CUSTOMERS: &[(&str, &str, &str)] = &[
    ("vip@example.com", "王贵宾", "+86 138 0000 0001"),
    ("near@example.com", "李将近", "+86 138 0000 0002"),
    ("new@example.com", "张新客", "+86 138 0000 0003"),
    ("former@example.com", "赵往昔", "+86 138 0000 0004"),
];

/// Seeds the demo accounts with `password`; returns (email, role names) for printing.
pub async fn seed_demo(db: &Db, password: &str) -> ServiceResult<Vec<(String, String)>> {
    let now = now_ms();
    let mut out = Vec::new();
    for (email, name, roles) in DEMO_STAFF {
        staff::ensure(db, email, name, roles, password, now).await?;
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        out.push((email.to_string(), names.join(",")));
    }
    for (email, name, phone) in DEMO_CUSTOMERS {
        auth::ensure_customer(db, email, name, phone, password, now).await?;
        out.push((email.to_string(), "customer".into()));
    }
    seed_ledger(db, now).await?;
    seed_vip_membership(db, now).await?;
    seed_former_member(db, now).await?;
    seed_billing(db, now).await?;
    seed_desk(db, now).await?;
    // After the desk: the demo's breached requests earn no credit, so `vip@` starts with a
    // clean balance (the billing walk-through expects a new invoice to stay unpaid).
    crate::seed_complaints::seed_compensation_policies(db, now).await?;
    crate::seed_cases::seed_cases(db, now).await?;
    crate::seed_complaints::seed_complaints(db, now).await?;
    crate::seed_quality::seed_quality_history_with_password(db, now, password).await?;
    // The six months of history evaluated, oldest first, as the monthly job would have done
    // (a month already stored stays as it is).
    let system = vipcare::services::Actor {
        user_id: None,
        ip: Some("seed".into()),
    };
    let mut period = vipcare::quality::Period::of_ms(now);
    let mut months = Vec::new();
    for _ in 0..6 {
        period = period.previous();
        months.push(period);
    }
    for p in months.into_iter().rev() {
        vipcare::services::quality::evaluate_period(db, &system, p, false, now).await?;
    }
    Ok(out)
}

/// A fee version coming into force next month and invoices in every state (clause 6): paid,
/// overdue, partially paid and issued for vip@; void and draft for near@; a credit note with
/// its refund and two custom plans for vip@. Skipped once any invoice exists.
async fn seed_billing(db: &Db, now: i64) -> ServiceResult<()> {
    use chrono::Days;
    use vipcare::billing::PaymentMethod;
    use vipcare::fees::{FeeItemInput, VersionInput};
    use vipcare::invoice::{DraftLine, NewPayment};
    use vipcare::services::{fees, invoices};
    use vipcare::store::users::find_by_email;
    let (Some(fin), Some(vip), Some(near)) = (
        find_by_email(db.reader(), "finance@example.com").await?,
        find_by_email(db.reader(), "vip@example.com").await?,
        find_by_email(db.reader(), "near@example.com").await?,
    ) else {
        return Ok(());
    };
    if !invoices::list(db, None, vipcare::ledger::shanghai_date(now))
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let as_fin = Actor {
        user_id: Some(fin.id),
        ip: Some("seed".into()),
    };
    let today = vipcare::ledger::shanghai_date(now);
    let ago = |d: u64| today - Days::new(d);

    // Next version: the adviser hour goes up on the first day after 30 days.
    let next = fees::create_draft(
        db,
        &as_fin,
        &VersionInput {
            label: format!("{}", (today + Days::new(30)).format("%Y-%m")),
            effective_from: (today + Days::new(30)).to_string(),
        },
        Some(1),
        now,
    )
    .await?;
    if let Some(item) = fees::version(db, next, today)
        .await?
        .items
        .into_iter()
        .find(|i| i.code == "consult-hour")
    {
        fees::save_item(
            db,
            &as_fin,
            next,
            &FeeItemInput {
                id: item.id,
                code: item.code.clone(),
                name_zh: item.name_zh.clone(),
                name_en: item.name_en.clone(),
                unit_zh: item.unit_zh.clone(),
                unit_en: item.unit_en.clone(),
                price_yuan: "680".into(),
                tax_percent: "6".into(),
            },
            now,
        )
        .await?;
    }
    fees::publish(db, &as_fin, next, today, now).await?;

    let line = |code: &str, quantity: i64, on| DraftLine {
        code: code.into(),
        quantity,
        service_date: on,
    };
    let pay = |amount, reference: &str, on| NewPayment {
        method: PaymentMethod::BankTransfer,
        reference: reference.into(),
        amount,
        received_on: on,
    };
    // Paid.
    let a = invoices::create_draft(
        db,
        &as_fin,
        vip.id,
        &[line("vip-annual", 1, ago(50))],
        "",
        now,
    )
    .await?;
    invoices::issue(db, &as_fin, a, ago(45), now).await?;
    let total = invoices::view(
        db,
        &as_fin,
        vipcare::services::membership::Reader::Staff,
        a,
        now,
    )
    .await?
    .totals
    .total;
    invoices::record_payment(
        db,
        &as_fin,
        a,
        &pay(total, "DEMO-BANK-001", ago(40)),
        None,
        now,
    )
    .await?;
    // Overdue.
    let b = invoices::create_draft(
        db,
        &as_fin,
        vip.id,
        &[
            line("consult-hour", 2, ago(42)),
            line("express-ship", 1, ago(41)),
        ],
        "",
        now,
    )
    .await?;
    invoices::issue(db, &as_fin, b, ago(40), now).await?;
    // Partially paid.
    let c = invoices::create_draft(
        db,
        &as_fin,
        vip.id,
        &[line("onsite-visit", 1, ago(5))],
        "",
        now,
    )
    .await?;
    invoices::issue(db, &as_fin, c, ago(3), now).await?;
    invoices::record_payment(
        db,
        &as_fin,
        c,
        &pay(vipcare::Fen::yuan(500), "DEMO-BANK-002", ago(1)),
        None,
        now,
    )
    .await?;
    // Issued.
    let d = invoices::create_draft(
        db,
        &as_fin,
        vip.id,
        &[line("event-pass", 2, today)],
        "",
        now,
    )
    .await?;
    invoices::issue(db, &as_fin, d, today, now).await?;
    // Void and draft for near@.
    let e = invoices::create_draft(
        db,
        &as_fin,
        near.id,
        &[line("express-ship", 1, ago(2))],
        "",
        now,
    )
    .await?;
    invoices::issue(db, &as_fin, e, today, now).await?;
    invoices::void(db, &as_fin, e, "Issued to the wrong customer account", now).await?;
    invoices::create_draft(
        db,
        &as_fin,
        near.id,
        &[line("consult-hour", 1, today)],
        "Adviser session (draft)",
        now,
    )
    .await?;

    // A credit note on the paid annual fee (a service week missed), refunded in full, so the
    // portal shows both and no credit is left to change later invoices.
    let note = vipcare::services::credits::issue_credit_note(
        db,
        &as_fin,
        vipcare::services::credits::CreditTarget::Invoice(a),
        vipcare::Fen::yuan(300),
        "专属客服休假一周,服务中断 / Adviser away for a week",
        ago(30),
        now,
    )
    .await?;
    vipcare::services::credits::refund(
        db,
        &as_fin,
        note.credit_id,
        &vipcare::invoice::NewRefund {
            method: PaymentMethod::BankTransfer,
            reference: "DEMO-REFUND-001".into(),
            amount: note.remaining,
            refunded_on: ago(28),
            reason: "客户要求退款 / Refund requested by the customer".into(),
        },
        now,
    )
    .await?;

    // Custom plans (3.2.3): one awaiting finance's proposal, one proposed and awaiting vip@.
    let as_vip = Actor {
        user_id: Some(vip.id),
        ip: Some("seed".into()),
    };
    vipcare::services::plans::request(
        db,
        &as_vip,
        vip.id,
        "希望为上海办公室增加每月两次上门服务。\nTwo on-site visits a month for our Shanghai office.",
        now,
    )
    .await?;
    let proposed = vipcare::services::plans::request(
        db,
        &as_vip,
        vip.id,
        "年会需要 20 张会员活动票和加急配送。\n20 event passes and express delivery for our annual meeting.",
        now,
    )
    .await?;
    vipcare::services::plans::propose(
        db,
        &as_fin,
        proposed,
        &[("event-pass".into(), 20), ("express-ship".into(), 2)],
        "含 20 人活动票与两次加急配送。/ 20 passes and two express deliveries.",
        today + Days::new(14),
        today,
        now,
    )
    .await?;
    Ok(())
}

/// The service desk (clause 3): headquarters with `lead@` as supervisor, `agent@` in it and
/// dedicated to `vip@`, China's 2026 public holidays and adjusted working days on the business
/// calendar, and requests in every status, two of them breached. Skipped once a branch exists.
async fn seed_desk(db: &Db, now: i64) -> ServiceResult<()> {
    use vipcare::desk::{Channel, RequestKind};
    use vipcare::queue::Urgency;
    use vipcare::services::desk::{self, NewRequest, StaffAction};
    use vipcare::store::users::find_by_email;
    let (Some(admin), Some(agent), Some(lead), Some(vip), Some(near)) = (
        find_by_email(db.reader(), "admin@example.com").await?,
        find_by_email(db.reader(), "agent@example.com").await?,
        find_by_email(db.reader(), "lead@example.com").await?,
        find_by_email(db.reader(), "vip@example.com").await?,
        find_by_email(db.reader(), "near@example.com").await?,
    ) else {
        return Ok(());
    };
    if desk::has_branches(db).await? {
        return Ok(());
    }
    let as_admin = Actor {
        user_id: Some(admin.id),
        ip: Some("seed".into()),
    };
    let hq = desk::create_branch(
        db,
        &as_admin,
        "HQ",
        ("上海总部", "Shanghai headquarters"),
        true,
        Some(lead.id),
        now,
    )
    .await?;
    // A second branch for transfers; the admin supervises it until it has a lead of its own.
    desk::create_branch(
        db,
        &as_admin,
        "BJ",
        ("北京分公司", "Beijing branch"),
        false,
        Some(admin.id),
        now,
    )
    .await?;
    desk::set_staff_branch(db, &as_admin, lead.id, hq, false, now).await?;
    desk::set_staff_branch(db, &as_admin, agent.id, hq, false, now).await?;
    desk::assign_dedicated_agent(db, &as_admin, vip.id, agent.id, now).await?;
    // 2026 as published by the State Council (admins keep the list current): holidays, and
    // the weekend days worked in exchange (调休).
    let holidays = [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
        "2026-02-15",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-02-21",
        "2026-02-22",
        "2026-02-23",
        "2026-04-04",
        "2026-04-05",
        "2026-04-06",
        "2026-05-01",
        "2026-05-02",
        "2026-05-03",
        "2026-05-04",
        "2026-05-05",
        "2026-06-19",
        "2026-06-20",
        "2026-06-21",
        "2026-09-25",
        "2026-09-26",
        "2026-09-27",
        "2026-10-01",
        "2026-10-02",
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
    ];
    let workdays = [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ];
    let day = |s: &&str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let holidays: Vec<_> = holidays.iter().filter_map(day).collect();
    let workdays: Vec<_> = workdays.iter().filter_map(day).collect();
    // Calendar 2 is the business-days calendar shipped by migration 0009.
    desk::set_calendar_days(db, &as_admin, 2, &holidays, true, now).await?;
    desk::set_calendar_days(db, &as_admin, 2, &workdays, false, now).await?;

    let as_vip = Actor {
        user_id: Some(vip.id),
        ip: Some("seed".into()),
    };
    let as_near = Actor {
        user_id: Some(near.id),
        ip: Some("seed".into()),
    };
    let as_agent = Actor {
        user_id: Some(agent.id),
        ip: Some("seed".into()),
    };
    let ask = |kind, urgency, subject: &str, body: &str| NewRequest {
        kind,
        channel: Channel::Web,
        urgency,
        subject: subject.into(),
        body: body.into(),
    };
    let hour = 3_600_000;
    let answered = desk::open(
        db,
        &as_vip,
        vip.id,
        &ask(
            RequestKind::Consultation,
            Urgency::Normal,
            "年会场地推荐 / Venue for our annual meeting",
            "请推荐上海适合 200 人的年会场地。\nPlease suggest a venue in Shanghai for 200 people.",
        ),
        now - 5 * hour,
    )
    .await?;
    desk::staff_act(
        db,
        &as_agent,
        answered,
        StaffAction::Note,
        "客户偏好浦东 / Prefers Pudong",
        now - 5 * hour + 600_000,
    )
    .await?;
    desk::staff_act(
        db,
        &as_agent,
        answered,
        StaffAction::Reply,
        "已为您整理三处场地,今天下班前发送。/ Three venues shortlisted; details by end of day.",
        now - 5 * hour + 1_200_000,
    )
    .await?;
    let waiting = desk::open(
        db,
        &as_vip,
        vip.id,
        &ask(
            RequestKind::Other,
            Urgency::Low,
            "发票抬头变更 / Change the invoice title",
            "请把发票抬头改为新公司名称。\nPlease change the invoice title to our new company name.",
        ),
        now - 26 * hour,
    )
    .await?;
    desk::staff_act(
        db,
        &as_agent,
        waiting,
        StaffAction::AskCustomer,
        "请提供新的公司全称和税号。/ Please send the new full company name and tax number.",
        now - 25 * hour,
    )
    .await?;
    let resolved = desk::open(
        db,
        &as_vip,
        vip.id,
        &ask(
            RequestKind::Consultation,
            Urgency::High,
            "会员权益咨询 / Question about my rights",
            "加急配送是否包含在会员权益内?\nIs express delivery part of my membership?",
        ),
        now - 50 * hour,
    )
    .await?;
    desk::staff_act(
        db,
        &as_agent,
        resolved,
        StaffAction::Resolve,
        "包含,每月两次。/ Yes, twice a month.",
        now - 49 * hour,
    )
    .await?;
    desk::open(
        db,
        &as_near,
        near.id,
        &ask(
            RequestKind::Consultation,
            Urgency::Normal,
            "如何成为 VIP / How do I become a VIP?",
            "还差多少消费可以申请?\nHow much more do I need to spend to apply?",
        ),
        now - hour,
    )
    .await?;
    // Breached: a VIP's phone call logged three hours ago and not yet answered (1 h allowed).
    desk::open(
        db,
        &as_agent,
        vip.id,
        &NewRequest {
            channel: Channel::Phone,
            ..ask(
                RequestKind::CustomPlan,
                Urgency::High,
                "定制年度礼品方案 / A custom plan for our annual gifts",
                "电话来电:希望为 300 名员工定制年度礼品方案。
Phone call: wants a custom annual gift plan for 300 staff.",
            )
        },
        now - 3 * hour,
    )
    .await?;
    // Breached: a non-VIP's e-mail received eight days ago, logged and never answered (8
    // business hours allowed), waiting unassigned in the headquarters queue.
    desk::open_received(
        db,
        &as_agent,
        near.id,
        &NewRequest {
            channel: Channel::Email,
            ..ask(
                RequestKind::Other,
                Urgency::Normal,
                "发票邮寄地址 / Where was my invoice sent?",
                "邮件:上月发票寄到了哪个地址?\nE-mail: which address was last month's invoice sent to?",
            )
        },
        now - 8 * 24 * hour,
        now,
    )
    .await?;
    // Closed: resolved nine days ago, past the seven days to reopen.
    let closed = desk::open(
        db,
        &as_vip,
        vip.id,
        &ask(
            RequestKind::Other,
            Urgency::Normal,
            "更新收货地址 / Update my delivery address",
            "请更新收货地址。
Please update my delivery address.",
        ),
        now - 9 * 24 * hour,
    )
    .await?;
    desk::staff_act(
        db,
        &as_agent,
        closed,
        StaffAction::Resolve,
        "已更新。/ Updated.",
        now - 9 * 24 * hour + 1_800_000,
    )
    .await?;
    // The SLA watcher once: records the breach, tells the agent and the supervisor, closes.
    vipcare::services::sla_watch::run(db, now).await?;
    Ok(())
}

/// Makes `vip@` an active VIP the way a real customer becomes one: application, approval by
/// the demo reviewer, signature, countersignature. Skipped once vip@ has an application.
async fn seed_vip_membership(db: &Db, now: i64) -> ServiceResult<()> {
    use vipcare::services::membership;
    use vipcare::store::users::find_by_email;
    let (Some(vip), Some(reviewer)) = (
        find_by_email(db.reader(), "vip@example.com").await?,
        find_by_email(db.reader(), "reviewer@example.com").await?,
    ) else {
        return Ok(());
    };
    if membership::my_membership(db, vip.id)
        .await?
        .application
        .is_some()
    {
        return Ok(());
    }
    sign_up(
        db,
        &vip,
        reviewer.id,
        ("王氏贸易有限公司", "多年老客户,希望获得专属客服。"),
        now,
    )
    .await?;
    Ok(())
}

/// `customer` applies at the first level with `(company, message)`, `reviewer` approves, the
/// customer signs and the reviewer countersigns, all at `at` — the real membership flow.
async fn sign_up(
    db: &Db,
    customer: &vipcare::store::users::UserRow,
    reviewer: i64,
    (company, message): (&str, &str),
    at: i64,
) -> ServiceResult<()> {
    use vipcare::services::membership::{self, Decision};
    let as_customer = Actor {
        user_id: Some(customer.id),
        ip: Some("cli".into()),
    };
    let as_reviewer = Actor {
        user_id: Some(reviewer),
        ip: Some("cli".into()),
    };
    let level = vipcare::services::programme::levels(db)
        .await?
        .into_iter()
        .next()
        .map(|l| l.id)
        .unwrap_or(1);
    let template = membership::current_template(db).await?;
    let app =
        membership::save_application(db, &as_customer, customer.id, level, company, message, at)
            .await?;
    membership::submit_application(
        db,
        &as_customer,
        customer.id,
        app,
        template.id,
        true,
        "",
        at,
    )
    .await?;
    membership::decide(db, &as_reviewer, app, Decision::Approve, at).await?;
    let agreement = membership::my_membership(db, customer.id)
        .await?
        .application
        .and_then(|a| a.agreement_id)
        .ok_or(vipcare::services::ServiceError::NotFound)?;
    membership::sign_agreement(
        db,
        &as_customer,
        customer.id,
        agreement,
        &customer.name,
        true,
        at,
    )
    .await?;
    membership::countersign(db, &as_reviewer, agreement, at).await?;
    Ok(())
}

/// Days ago `former@` applied and signed, and days ago the company ended their membership:
/// about 2 years and 7 months, so with the 3-year confidentiality period the retention page
/// lists them as coming due within 180 days (clause 10.3) — and the e2e tests' simulated
/// clock (at most 101 days ahead) does not make them due.
const FORMER_SIGNED_DAYS: i64 = 1_270;
const FORMER_ENDED_DAYS: i64 = 3 * 365 - 150;

/// `former@`: a member from about three and a half years ago, through the real application,
/// review and signatures at that time, whose membership the company terminated about 2 years
/// and 7 months ago. Skipped once they have an application.
async fn seed_former_member(db: &Db, now: i64) -> ServiceResult<()> {
    use vipcare::services::membership::{self, Ending};
    use vipcare::store::users::find_by_email;
    const DAY_MS: i64 = 86_400_000;
    let (Some(former), Some(reviewer), Some(admin)) = (
        find_by_email(db.reader(), "former@example.com").await?,
        find_by_email(db.reader(), "reviewer@example.com").await?,
        find_by_email(db.reader(), "admin@example.com").await?,
    ) else {
        return Ok(());
    };
    if membership::my_membership(db, former.id)
        .await?
        .application
        .is_some()
    {
        return Ok(());
    }
    let then = now - FORMER_SIGNED_DAYS * DAY_MS;
    sign_up(
        db,
        &former,
        reviewer.id,
        ("往昔咨询有限公司", "希望试用一年专属服务。"),
        then,
    )
    .await?;
    let Some(live) = membership::live_membership(db, former.id).await? else {
        return Ok(());
    };
    membership::end_membership(
        db,
        &Actor {
            user_id: Some(admin.id),
            ip: Some("cli".into()),
        },
        live.id,
        Ending::TerminateByCompany,
        "客户书面要求终止协议。",
        now - FORMER_ENDED_DAYS * DAY_MS,
    )
    .await?;
    Ok(())
}

/// Demo purchases as (customer, external id, days before today, yuan, points):
/// `vip@` is well over the ¥50,000 threshold; `near@` is ¥3,200 short today, and a ¥10,000
/// purchase of almost a year ago leaves the window within the month, so by then ¥13,200 is
/// needed; `new@` has nothing.
const DEMO_LEDGER: &[(&str, &str, i64, i64, i64)] = &[
    ("vip@example.com", "DEMO-VIP-001", 300, 18_000, 18_000),
    ("vip@example.com", "DEMO-VIP-002", 210, 15_500, 15_500),
    ("vip@example.com", "DEMO-VIP-003", 120, 12_000, 12_000),
    ("vip@example.com", "DEMO-VIP-004", 75, 9_800, 9_800),
    ("vip@example.com", "DEMO-VIP-005", 30, 6_700, 6_700),
    ("near@example.com", "DEMO-NEAR-001", 350, 10_000, 10_000),
    ("near@example.com", "DEMO-NEAR-002", 180, 20_000, 20_000),
    ("near@example.com", "DEMO-NEAR-003", 60, 17_500, 17_500),
    ("near@example.com", "DEMO-NEAR-004", 45, -700, -700),
    (
        "former@example.com",
        "DEMO-FORMER-001",
        1_330,
        32_000,
        32_000,
    ),
    (
        "former@example.com",
        "DEMO-FORMER-002",
        1_300,
        26_000,
        26_000,
    ),
];

/// Adds the demo ledger once: external ids are fixed, so running seed-demo again is a no-op
/// (the dates were fixed by the first run).
async fn seed_ledger(db: &Db, now: i64) -> ServiceResult<()> {
    const DAY_MS: i64 = 86_400_000;
    // 14:00 Shanghai (06:00 UTC) on each day.
    let today_6utc = now - now.rem_euclid(DAY_MS) + 6 * 3_600_000;
    let entries: Vec<LedgerEntry> = DEMO_LEDGER
        .iter()
        .map(|(email, id, days, yuan, points)| LedgerEntry {
            external_id: id.to_string(),
            customer_email: email.to_string(),
            occurred_at_ms: today_6utc - days * DAY_MS,
            kind: if *yuan < 0 {
                EntryKind::Refund
            } else {
                EntryKind::Purchase
            },
            amount: Fen::yuan(*yuan),
            points: *points,
        })
        .collect();
    let actor = Actor {
        user_id: None,
        ip: Some("cli".into()),
    };
    ledger::import_entries(db, &actor, EntrySource::Demo, &entries, now).await?;
    Ok(())
}

/// A random demo password: 16 characters from an alphabet without look-alikes.
pub fn random_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}
