//! Demo data for service quality (clause 5): six whole months of service history before the
//! current month, so the quality dashboard and the evaluations have something real to show on
//! first run. Four more agents (two in each demo branch), eight more customers (`q01@` …
//! `q08@example.com`; the first four VIPs, each with a dedicated agent, the others served from
//! the headquarters queue), 30–50 requests a month opened, answered, sometimes put on hold for
//! the customer, resolved and closed through the desk services on a simulated clock — the SLA
//! watcher runs every few simulated hours, so late answers are recorded as breaches as they
//! would be — about 70 % of them rated by their customers (one agent consistently lower, around
//! 3.2, the others 4.3–4.8), a few complaints a month (some upheld) and their ratings, feedback
//! staff took by phone or at a branch, and free-form feedback from the portal. The demo
//! accounts `vip@`, `near@`, `new@`, `agent@` and `lead@` get no requests or bills from here.
//!
//! Deterministic (a small linear congruential generator, no randomness) and idempotent: once
//! `q01@example.com` exists a second run only resets the new accounts' passwords.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use vipcare::complaints::{CompensationForm, ComplaintLinks, Finding, NewComplaint};
use vipcare::desk::{Channel, RequestKind, SlaTerms};
use vipcare::feedback::Item;
use vipcare::ledger::{EntryKind, EntrySource, LedgerEntry};
use vipcare::quality::Period;
use vipcare::queue::Urgency;
use vipcare::services::complaints::{self, StaffStep};
use vipcare::services::desk::{self, NewRequest, StaffAction};
use vipcare::services::desk_routing::{self, Route};
use vipcare::services::feedback::{self, Recorded};
use vipcare::services::membership::{self, Decision};
use vipcare::services::{auth, ledger, sla_watch, staff, Actor, ServiceError, ServiceResult};
use vipcare::sla::Pause;
use vipcare::store::users::find_by_email;
use vipcare::store::Db;
use vipcare::{Fen, Role};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;
/// How many whole months of history, before the current one.
const MONTHS: u32 = 6;
/// How often the simulated SLA watcher runs.
const WATCH_EVERY: i64 = 4 * HOUR;
/// The marker: history exists once this customer does.
const MARKER: &str = "q01@example.com";

/// (e-mail, name, branch code, how their customers rate them — ratings drawn without
/// replacement from this deck of ten, reshuffled when used up, so every month comes out close
/// to the deck's mean —, share of late answers in %).
const AGENTS: &[(&str, &str, &str, [i64; 10], u64)] = &[
    (
        "chenxiao@example.com",
        "客服 陈晓 Chen Xiao",
        "HQ",
        [5, 5, 5, 5, 5, 5, 5, 5, 4, 4],
        2,
    ),
    (
        "liuyang@example.com",
        "客服 刘洋 Liu Yang",
        "HQ",
        [1, 2, 3, 3, 3, 3, 4, 4, 4, 5],
        12,
    ),
    (
        "zhaomin@example.com",
        "客服 赵敏 Zhao Min",
        "BJ",
        [5, 5, 5, 5, 5, 5, 5, 4, 4, 3],
        3,
    ),
    (
        "sunlei@example.com",
        "客服 孙磊 Sun Lei",
        "BJ",
        [5, 5, 5, 5, 5, 4, 4, 4, 4, 4],
        3,
    ),
];

/// (e-mail, name, phone, dedicated agent index (VIPs only), how often they ask).
const CUSTOMERS: &[(&str, &str, &str, Option<usize>, u64)] = &[
    (
        "q01@example.com",
        "周雅婷",
        "+86 139 0000 0101",
        Some(0),
        17,
    ),
    (
        "q02@example.com",
        "吴建国",
        "+86 139 0000 0102",
        Some(1),
        20,
    ),
    (
        "q03@example.com",
        "郑丽华",
        "+86 139 0000 0103",
        Some(2),
        15,
    ),
    (
        "q04@example.com",
        "冯志强",
        "+86 139 0000 0104",
        Some(3),
        15,
    ),
    ("q05@example.com", "陈静", "+86 139 0000 0105", None, 10),
    ("q06@example.com", "褚明", "+86 139 0000 0106", None, 9),
    ("q07@example.com", "卫东", "+86 139 0000 0107", None, 9),
    ("q08@example.com", "蒋欣", "+86 139 0000 0108", None, 8),
];

const SUBJECTS: &[(RequestKind, &str, &str)] = &[
    (
        RequestKind::Consultation,
        "会员权益咨询 / Question about my rights",
        "加急配送每月可以用几次?\nHow many express deliveries a month are included?",
    ),
    (
        RequestKind::Consultation,
        "积分兑换 / Redeeming points",
        "积分可以兑换哪些礼品?\nWhat can I redeem my points for?",
    ),
    (
        RequestKind::Consultation,
        "活动报名 / Event sign-up",
        "下个月的会员活动如何报名?\nHow do I sign up for next month's member event?",
    ),
    (
        RequestKind::Consultation,
        "上门服务预约 / Booking an on-site visit",
        "想预约下周三上午的上门服务。\nI would like an on-site visit next Wednesday morning.",
    ),
    (
        RequestKind::Consultation,
        "产品推荐 / Product advice",
        "请推荐适合办公室的空气净化器。\nPlease recommend an air purifier for our office.",
    ),
    (
        RequestKind::Consultation,
        "年度礼品采购 / Buying our annual gifts",
        "想采购 50 份年度礼品,有什么建议?\nWe need 50 annual gifts; any suggestions?",
    ),
    (
        RequestKind::Consultation,
        "保修范围 / What the warranty covers",
        "去年买的设备是否仍在保修期内?\nIs the device I bought last year still under warranty?",
    ),
    (
        RequestKind::Consultation,
        "会员等级说明 / How levels work",
        "消费多少可以保持 VIP 资格?\nHow much must I spend to keep my VIP status?",
    ),
    (
        RequestKind::Other,
        "发票重开 / Reissue an invoice",
        "发票抬头需要改成新公司名称。\nThe invoice title must show our new company name.",
    ),
    (
        RequestKind::Other,
        "更新联系方式 / Update my contact details",
        "请把联系电话改为新的号码。\nPlease change my phone number to the new one.",
    ),
    (
        RequestKind::Other,
        "配送延误 / A late delivery",
        "订单已经延误三天了。\nMy order is three days late.",
    ),
    (
        RequestKind::Other,
        "退货申请 / Returning an item",
        "收到的商品有划痕,想退货。\nThe item arrived scratched; I would like to return it.",
    ),
    (
        RequestKind::Other,
        "账户登录问题 / Cannot sign in",
        "手机验证码一直收不到。\nThe text message code never arrives.",
    ),
    (
        RequestKind::Other,
        "积分未到账 / Points missing",
        "上周的消费没有积分。\nLast week's purchase earned no points.",
    ),
];

const REPLIES: &[&str] = &[
    "您好,已为您查询,详情如下。/ Hello, here is what we found.",
    "感谢您的耐心,问题已处理。/ Thank you for your patience; it is done.",
    "已为您安排,稍后会收到确认短信。/ Arranged; a confirmation text will follow.",
    "已联系相关部门,今天内给您答复。/ We contacted the team and will answer today.",
];

const ASKS: &[&str] = &[
    "请提供订单号,方便我们核实。/ Please send the order number so we can check.",
    "请确认您方便的时间。/ Please confirm a time that suits you.",
    "请上传发票照片。/ Please upload a photo of the invoice.",
];

const CUSTOMER_REPLIES: &[&str] = &[
    "订单号是 2026-88017。/ The order number is 2026-88017.",
    "周三上午十点可以。/ Wednesday 10:00 works.",
    "已上传,请查收。/ Uploaded, please check.",
];

/// Customers' comments by rating (1 … 5).
const COMMENTS: [&[&str]; 5] = [
    &["问题没有真正解决。", "态度敷衍,没有回应我的问题。"],
    &["回复太慢,解释也不清楚。", "需要我反复催促才有进展。"],
    &["问题解决了,但等待时间有点长。", "一般,沟通了好几次。"],
    &["整体满意,希望处理再快一点。", "解答清楚,谢谢。"],
    &[
        "服务非常周到,谢谢!",
        "回复很快,当天就解决了。",
        "专属客服很专业,值得信赖。",
    ],
];

const FREE_FORM: &[&str] = &[
    "希望增加晚间的电话服务时间。",
    "手机上查看积分不太方便,建议优化。",
    "北京分公司的接待环境很好。",
    "会员活动很有意思,希望多办几次。",
    "希望发票能自动发到邮箱。",
];

/// General remarks staff took: (what the customer said, how, the rating they gave if any).
const TAKEN: &[(&str, Channel, Option<i64>)] = &[
    (
        "客户来电表示对上次上门服务很满意。",
        Channel::Phone,
        Some(5),
    ),
    ("客户到店反馈等候时间较长。", Channel::Branch, Some(3)),
    ("客户邮件建议增加线上预约功能。", Channel::Email, None),
    ("客户来电称赞专属客服的耐心。", Channel::Phone, Some(5)),
    (
        "客户来电询问积分规则,希望说明得更清楚。",
        Channel::Phone,
        None,
    ),
];

/// A small linear congruential generator: the same history on every machine.
struct Lcg(u64);

impl Lcg {
    fn step(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// 62 bits from the high halves of two steps (the low bits of an LCG are weak).
    fn next(&mut self) -> u64 {
        (self.step() << 31) | self.step()
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Uniform in `a..=b`.
    fn range(&mut self, a: i64, b: i64) -> i64 {
        a + self.below((b - a + 1).max(1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            xs.swap(i, j);
        }
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

fn actor(id: i64) -> Actor {
    Actor {
        user_id: Some(id),
        ip: Some("seed".into()),
    }
}

fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

/// Shanghai wall clock of an instant: (weekday 0 = Monday, hour).
fn local(ms: i64) -> (u32, u32) {
    let t = utc(ms).with_timezone(&vipcare::time::shanghai());
    (t.weekday().num_days_from_monday(), t.hour())
}

/// `minutes` of working time on the request's calendar after `start`, pauses left out.
fn after_working(terms: &SlaTerms, start: i64, minutes: i64, pauses: &[Pause]) -> i64 {
    vipcare::sla::due_at(
        &terms.calendar,
        utc(start),
        Duration::minutes(minutes.max(1)),
        pauses,
    )
    .map(|t| t.timestamp_millis())
    .unwrap_or(start + minutes * MIN)
}

/// A request's life as planned: every time is Unix ms.
struct ReqPlan {
    customer: usize,
    agent: usize,
    /// The agent claims it from the headquarters queue (customers without a dedicated agent).
    claim: Option<i64>,
    /// A phone, e-mail or branch contact logged by the agent at this time.
    logged: Option<i64>,
    channel: Channel,
    subject: usize,
    urgency: Urgency,
    opened: i64,
    first: i64,
    /// The first answer asks the customer; they reply at this time.
    customer_reply: Option<i64>,
    resolved: i64,
    rating: Option<(i64, i64, Option<&'static str>)>,
    late: bool,
}

struct CmpPlan {
    request: usize,
    filed: i64,
    handler: usize,
    acknowledged: i64,
    proposed: i64,
    finding: Finding,
    compensation: i64,
    answered: i64,
    rating: Option<(i64, i64, &'static str)>,
}

enum Act {
    Open(usize),
    Claim(usize),
    Answer(usize),
    CustomerReply(usize),
    Resolve(usize),
    Rate(usize),
    File(usize),
    Acknowledge(usize),
    Propose(usize),
    Reply(usize),
    RateComplaint(usize),
    Record(usize),
    Give(usize),
    Watch,
}

/// Feedback staff took by phone, e-mail or at a branch: (at, recorder, customer, request plan
/// it is about, rating, comment, channel).
struct Taken {
    at: i64,
    recorder: i64,
    customer: usize,
    request: Option<usize>,
    rating: Option<i64>,
    comment: String,
    channel: Channel,
}

/// Seeds the history as of `now` with a random password for the new accounts.
pub async fn seed_quality_history(db: &Db, now: i64) -> ServiceResult<()> {
    seed_quality_history_with_password(db, now, &crate::seed::random_password()).await
}

/// Seeds the history as of `now`; the new accounts get `password` (the demo password, so the
/// demo agents can sign in and see their own quality page). Idempotent.
pub async fn seed_quality_history_with_password(
    db: &Db,
    now: i64,
    password: &str,
) -> ServiceResult<()> {
    let r = db.reader();
    let (Some(admin), Some(reviewer), Some(quality)) = (
        find_by_email(r, "admin@example.com").await?,
        find_by_email(r, "reviewer@example.com").await?,
        find_by_email(r, "quality@example.com").await?,
    ) else {
        return Ok(());
    };
    if find_by_email(r, MARKER).await?.is_some() {
        // Seeded before: like the other demo accounts, a second run only resets the passwords.
        for (email, name, ..) in AGENTS {
            staff::ensure(db, email, name, &[Role::Agent], password, now).await?;
        }
        for (email, name, phone, ..) in CUSTOMERS {
            auth::ensure_customer(db, email, name, phone, password, now).await?;
        }
        return Ok(());
    }
    let branches = vipcare::store::desk_admin::branches(r).await?;
    let branch = |code: &str| branches.iter().find(|b| b.code == code).map(|b| b.id);
    let (Some(hq), Some(bj)) = (branch("HQ"), branch("BJ")) else {
        return Ok(());
    };

    let current = Period::of_ms(now);
    let mut first = current;
    for _ in 0..MONTHS {
        first = first.previous();
    }
    let (start, _) = first.bounds_ms();
    let (end, _) = current.bounds_ms();
    let setup = start - 14 * DAY;
    let as_admin = actor(admin.id);

    // The agents, in the demo branches.
    let mut agents = Vec::new();
    for (email, name, code, _, _) in AGENTS {
        let id = staff::ensure(db, email, name, &[Role::Agent], password, setup).await?;
        let b = if *code == "HQ" { hq } else { bj };
        desk::set_staff_branch(db, &as_admin, id, b, false, setup).await?;
        agents.push((id, b));
    }
    // The customers; the first four become VIPs the way real customers do: purchases, an
    // application approved by the demo reviewer, signature and countersignature.
    let mut customers = Vec::new();
    for (email, name, phone, _, _) in CUSTOMERS {
        customers.push(auth::ensure_customer(db, email, name, phone, password, setup).await?);
    }
    // Purchases before the history began, recorded then; later ones at its end (the ledger
    // takes no purchase dated ahead of the day it is recorded).
    let (mut purchases, mut later) = (Vec::new(), Vec::new());
    for (i, (email, ..)) in CUSTOMERS.iter().enumerate() {
        let plan: &[(i64, i64)] = if CUSTOMERS[i].3.is_some() {
            &[
                (-110, 21_000),
                (-60, 18_500),
                (-25, 14_800),
                (70, 12_000),
                (150, 8_600),
            ]
        } else {
            &[(-80, 6_400), (40, 3_900)]
        };
        for (n, (days, yuan)) in plan.iter().enumerate() {
            let to = if *days < 0 {
                &mut purchases
            } else {
                &mut later
            };
            to.push(LedgerEntry {
                external_id: format!("DEMO-Q{:02}-{:03}", i + 1, n + 1),
                customer_email: email.to_string(),
                occurred_at_ms: start + days * DAY + 6 * HOUR,
                kind: EntryKind::Purchase,
                amount: Fen::yuan(*yuan),
                points: *yuan,
            });
        }
    }
    let cli = Actor {
        user_id: None,
        ip: Some("seed".into()),
    };
    ledger::import_entries(db, &cli, EntrySource::Demo, &purchases, setup).await?;
    ledger::import_entries(db, &cli, EntrySource::Demo, &later, end - DAY).await?;
    let level = vipcare::services::programme::levels(db)
        .await?
        .into_iter()
        .next()
        .map(|l| l.id)
        .unwrap_or(1);
    let template = membership::current_template(db).await?;
    let as_reviewer = actor(reviewer.id);
    for (i, (_, name, _, dedicated, _)) in CUSTOMERS.iter().enumerate() {
        let Some(agent) = dedicated else { continue };
        let c = customers[i];
        let t = start - 7 * DAY + i as i64 * HOUR;
        let app = membership::save_application(
            db,
            &actor(c),
            c,
            level,
            &format!("{name}贸易有限公司"),
            "老客户,希望获得专属客服。",
            t,
        )
        .await?;
        membership::submit_application(db, &actor(c), c, app, template.id, true, "", t).await?;
        membership::decide(db, &as_reviewer, app, Decision::Approve, t + HOUR).await?;
        let agreement = membership::my_membership(db, c)
            .await?
            .application
            .and_then(|a| a.agreement_id)
            .ok_or(ServiceError::NotFound)?;
        membership::sign_agreement(db, &actor(c), c, agreement, name, true, t + 2 * HOUR).await?;
        membership::countersign(db, &as_reviewer, agreement, t + 3 * HOUR).await?;
        desk::assign_dedicated_agent(db, &as_admin, c, agents[*agent].0, t + 4 * HOUR).await?;
    }
    let mut terms = Vec::new();
    for c in &customers {
        terms.push(desk::terms_for(db, *c).await?.0);
    }

    // The plan: requests month by month, then complaints and feedback taken by staff.
    let mut rng = Lcg(0x5eed_0005_0301);
    let mut decks = Decks(vec![Vec::new(); AGENTS.len()]);
    let weights: Vec<u64> = CUSTOMERS.iter().map(|c| c.4).collect();
    let mut reqs: Vec<ReqPlan> = Vec::new();
    let mut month = first;
    while month < current {
        let (m_start, m_end) = month.bounds_ms();
        let count = rng.range(32, 48);
        for _ in 0..count {
            let customer = rng.weighted(&weights);
            let last_open = m_end.min(end - 6 * DAY);
            if let Some(p) = plan_request(
                &mut rng,
                &mut decks,
                customer,
                &terms[customer],
                m_start,
                last_open,
                end,
            ) {
                reqs.push(p);
            }
        }
        month = month.next();
    }
    reqs.sort_by_key(|p| p.opened);

    let mut cmps: Vec<CmpPlan> = Vec::new();
    let mut taken: Vec<Taken> = Vec::new();
    let mut given: Vec<(i64, usize, Option<i64>, &'static str)> = Vec::new();
    let mut month = first;
    while month < current {
        let (m_start, m_end) = month.bounds_ms();
        let in_month: Vec<usize> = (0..reqs.len())
            .filter(|&i| reqs[i].resolved >= m_start && reqs[i].resolved < m_end)
            .collect();
        // Complaints: about half of them about the agent rated lowest.
        for k in 0..rng.range(2, 4) {
            let pool: Vec<usize> = in_month
                .iter()
                .copied()
                .filter(|&i| (k % 2 == 0) == (reqs[i].agent == 1))
                .filter(|&i| !cmps.iter().any(|c| c.request == i))
                .collect();
            if pool.is_empty() {
                continue;
            }
            let request = *rng.pick(&pool);
            let r = &reqs[request];
            let filed = r.resolved + rng.range(2 * HOUR, 3 * DAY);
            let acknowledged = filed + rng.range(HOUR, 16 * HOUR);
            let proposed = acknowledged + rng.range(10 * HOUR, 3 * DAY);
            let answered = proposed + rng.range(3 * HOUR, 2 * DAY);
            if answered >= end - HOUR {
                continue;
            }
            let finding = match (r.agent == 1, rng.below(10)) {
                (true, 0..=5) | (false, 0..=2) => Finding::Upheld,
                (true, 6..=7) | (false, 3..=5) => Finding::PartlyUpheld,
                _ => Finding::NotUpheld,
            };
            let compensation = match finding {
                Finding::Upheld if rng.chance(40) => 100,
                Finding::PartlyUpheld if rng.chance(25) => 50,
                _ => 0,
            };
            let last = answered;
            let rating = (rng.chance(65) && last + 3 * DAY < end).then(|| {
                // How the complaint was handled, rated: lower when it was not upheld.
                let v = match finding {
                    Finding::Upheld => rng.range(4, 5),
                    Finding::PartlyUpheld => rng.range(3, 5),
                    Finding::NotUpheld => rng.range(3, 4),
                };
                let text = *rng.pick(COMMENTS[(v - 1) as usize]);
                (last + rng.range(HOUR, 2 * DAY), v, text)
            });
            // The complaint is handled by the other agent of the request's branch.
            let handler = match r.agent {
                0 => 1,
                1 => 0,
                2 => 3,
                _ => 2,
            };
            cmps.push(CmpPlan {
                request,
                filed,
                handler,
                acknowledged,
                proposed,
                finding,
                compensation,
                answered,
                rating,
            });
        }
        // Feedback staff took: about a request its customer did not rate, and general remarks.
        let unrated: Vec<usize> = in_month
            .iter()
            .copied()
            .filter(|&i| reqs[i].rating.is_none() && !cmps.iter().any(|c| c.request == i))
            .filter(|&i| reqs[i].resolved + 5 * DAY < end)
            .collect();
        if !unrated.is_empty() {
            let i = *rng.pick(&unrated);
            // Quality staff call customers back about a request they did not rate.
            let v = rate_for(&mut rng, &mut decks, reqs[i].agent, reqs[i].late);
            let said = *rng.pick(COMMENTS[(v - 1) as usize]);
            let from = reqs[i].resolved + 4 * HOUR;
            taken.push(Taken {
                at: working_moment(&mut rng, from, from + 4 * DAY),
                recorder: quality.id,
                customer: reqs[i].customer,
                request: Some(i),
                rating: Some(v),
                comment: format!("电话回访:{said}"),
                channel: Channel::Phone,
            });
        }
        for _ in 0..rng.range(1, 2) {
            let (comment, channel, rating) = *rng.pick(TAKEN);
            let by = rng.below(agents.len() as u64) as usize;
            taken.push(Taken {
                at: working_moment(&mut rng, m_start, m_end.min(end - HOUR)),
                recorder: agents[by].0,
                customer: rng.weighted(&weights),
                request: None,
                rating,
                comment: comment.to_string(),
                channel,
            });
        }
        for _ in 0..rng.range(1, 2) {
            let at = rng.range(m_start + HOUR, m_end.min(end) - HOUR);
            let rating = rng.chance(60).then(|| rng.range(3, 5));
            given.push((at, rng.weighted(&weights), rating, *rng.pick(FREE_FORM)));
        }
        month = month.next();
    }

    // Every step in time order, with the SLA watcher between them.
    let mut events: Vec<(i64, Act)> = Vec::new();
    for (i, p) in reqs.iter().enumerate() {
        events.push((p.logged.unwrap_or(p.opened), Act::Open(i)));
        if let Some(c) = p.claim {
            events.push((c, Act::Claim(i)));
        }
        events.push((p.first, Act::Answer(i)));
        if let Some(c) = p.customer_reply {
            events.push((c, Act::CustomerReply(i)));
        }
        if p.resolved > p.first {
            events.push((p.resolved, Act::Resolve(i)));
        }
        if let Some((at, ..)) = p.rating {
            events.push((at, Act::Rate(i)));
        }
    }
    for (i, c) in cmps.iter().enumerate() {
        events.push((c.filed, Act::File(i)));
        events.push((c.acknowledged, Act::Acknowledge(i)));
        events.push((c.proposed, Act::Propose(i)));
        events.push((c.answered, Act::Reply(i)));
        if let Some((at, ..)) = c.rating {
            events.push((at, Act::RateComplaint(i)));
        }
    }
    for (i, t) in taken.iter().enumerate() {
        events.push((t.at, Act::Record(i)));
    }
    for (i, g) in given.iter().enumerate() {
        events.push((g.0, Act::Give(i)));
    }
    let mut t = start + WATCH_EVERY;
    while t < end {
        events.push((t, Act::Watch));
        t += WATCH_EVERY;
    }
    events.sort_by_key(|e| e.0);

    let mut ids: Vec<Option<i64>> = vec![None; reqs.len()];
    let mut cmp_ids: Vec<Option<i64>> = vec![None; cmps.len()];
    let rid = |ids: &[Option<i64>], i: usize| ids[i].ok_or(ServiceError::NotFound);
    for (at, act) in events {
        match act {
            Act::Watch => {
                sla_watch::run(db, at).await?;
            }
            Act::Open(i) => {
                let p = &reqs[i];
                let c = customers[p.customer];
                let (kind, subject, body) = SUBJECTS[p.subject];
                let r = NewRequest {
                    kind,
                    channel: p.channel,
                    urgency: p.urgency,
                    subject: subject.into(),
                    body: body.into(),
                };
                let id = match p.logged {
                    Some(logged) => {
                        let by = actor(agents[p.agent].0);
                        desk::open_received(db, &by, c, &r, p.opened, logged).await?
                    }
                    None => desk::open(db, &actor(c), c, &r, p.opened).await?,
                };
                ids[i] = Some(id);
            }
            Act::Claim(i) => {
                let id = rid(&ids, i)?;
                let by = actor(agents[reqs[i].agent].0);
                desk_routing::route(db, &by, id, Route::Claim, "", at).await?;
            }
            Act::Answer(i) => {
                let p = &reqs[i];
                let id = rid(&ids, i)?;
                let by = actor(agents[p.agent].0);
                let (action, text) = if p.customer_reply.is_some() {
                    (StaffAction::AskCustomer, *rng.pick(ASKS))
                } else if p.resolved == p.first {
                    (StaffAction::Resolve, *rng.pick(REPLIES))
                } else {
                    (StaffAction::Reply, *rng.pick(REPLIES))
                };
                desk::staff_act(db, &by, id, action, text, at).await?;
            }
            Act::CustomerReply(i) => {
                let c = customers[reqs[i].customer];
                let text = *rng.pick(CUSTOMER_REPLIES);
                desk::customer_act(db, &actor(c), c, rid(&ids, i)?, text, false, at).await?;
            }
            Act::Resolve(i) => {
                let by = actor(agents[reqs[i].agent].0);
                let text = *rng.pick(REPLIES);
                desk::staff_act(db, &by, rid(&ids, i)?, StaffAction::Resolve, text, at).await?;
            }
            Act::Rate(i) => {
                let p = &reqs[i];
                let c = customers[p.customer];
                let Some((_, v, comment)) = p.rating else {
                    continue;
                };
                let item = Item::request(rid(&ids, i)?);
                feedback::rate(db, &actor(c), c, item, v, comment.unwrap_or(""), at).await?;
            }
            Act::File(i) => {
                let cp = &cmps[i];
                let p = &reqs[cp.request];
                let c = customers[p.customer];
                let (_, subject, _) = SUBJECTS[p.subject];
                let topic = subject.split(" / ").next().unwrap_or(subject);
                let new = NewComplaint {
                    channel: Channel::Web,
                    subject: format!("对“{topic}”的处理不满意 / Unhappy with how my request was handled"),
                    body: "等待时间太长,而且需要我多次重复说明情况。\nThe wait was too long and I had to explain my case several times.".into(),
                    links: ComplaintLinks {
                        request_id: Some(rid(&ids, cp.request)?),
                        agent_id: Some(agents[p.agent].0),
                        ..Default::default()
                    },
                };
                let (id, _) = complaints::file(db, &actor(c), c, &new, at, at).await?;
                cmp_ids[i] = Some(id);
            }
            Act::Acknowledge(i) => {
                let id = rid(&cmp_ids, i)?;
                let by = actor(agents[cmps[i].handler].0);
                let step = StaffStep::Acknowledge {
                    note: "已收到,正在核实。/ Received; we are looking into it.".into(),
                };
                complaints::staff_act(db, &by, id, step, at).await?;
            }
            Act::Propose(i) => {
                let cp = &cmps[i];
                let by = actor(agents[cp.handler].0);
                let step = proposal(cp.finding, cp.compensation);
                complaints::staff_act(db, &by, rid(&cmp_ids, i)?, step, at).await?;
            }
            Act::Reply(i) => {
                let cp = &cmps[i];
                let c = customers[reqs[cp.request].customer];
                let comment = *rng.pick(&["", "谢谢处理。", "希望以后不再发生。"]);
                let id = rid(&cmp_ids, i)?;
                complaints::answer(db, &actor(c), c, id, true, comment, at).await?;
            }
            Act::RateComplaint(i) => {
                let cp = &cmps[i];
                let c = customers[reqs[cp.request].customer];
                let Some((_, v, comment)) = cp.rating else {
                    continue;
                };
                let item = Item::complaint(rid(&cmp_ids, i)?);
                feedback::rate(db, &actor(c), c, item, v, comment, at).await?;
            }
            Act::Record(i) => {
                let tk = &taken[i];
                let reference = match tk.request {
                    Some(r) => format!("#{}", rid(&ids, r)?),
                    None => String::new(),
                };
                let rec = Recorded {
                    customer_email: CUSTOMERS[tk.customer].0,
                    channel: tk.channel,
                    reference: &reference,
                    rating: tk.rating,
                    comment: &tk.comment,
                };
                feedback::record(db, &actor(tk.recorder), &rec, at).await?;
            }
            Act::Give(i) => {
                let (_, who, rating, text) = given[i];
                let c = customers[who];
                feedback::give(db, &actor(c), c, rating, text, at).await?;
            }
        }
    }
    Ok(())
}

fn proposal(finding: Finding, yuan: i64) -> StaffStep {
    let remedy = match finding {
        Finding::Upheld => "向您致歉,已对相关人员进行辅导并改进流程。/ We apologise; the agent has been coached and the process improved.",
        Finding::PartlyUpheld => "部分情况属实,已提醒相关人员按时回复。/ Partly so; the agent has been reminded to answer on time.",
        Finding::NotUpheld => "经核实,处理符合服务承诺,感谢您的反馈。/ Having checked, the handling met our commitments; thank you for telling us.",
    };
    StaffStep::Propose {
        finding,
        remedy: remedy.into(),
        compensation: Fen::yuan(yuan),
        form: if yuan > 0 {
            CompensationForm::Credit
        } else {
            CompensationForm::None
        },
    }
}

/// Each agent's deck of ratings, drawn without replacement.
struct Decks(Vec<Vec<i64>>);

impl Decks {
    fn draw(&mut self, rng: &mut Lcg, agent: usize) -> i64 {
        let deck = &mut self.0[agent];
        if deck.is_empty() {
            deck.extend_from_slice(&AGENTS[agent].3);
            rng.shuffle(deck);
        }
        deck.pop().unwrap_or(4)
    }
}

/// A rating from the agent's deck; a late answer costs a star now and then.
fn rate_for(rng: &mut Lcg, decks: &mut Decks, agent: usize, late: bool) -> i64 {
    let v = decks.draw(rng, agent);
    if late && rng.chance(40) {
        (v - 1).max(1)
    } else {
        v
    }
}

/// A moment within working hours (Mon–Fri 09:00–18:00 Shanghai) in `[from, to)`.
fn working_moment(rng: &mut Lcg, from: i64, to: i64) -> i64 {
    for _ in 0..50 {
        let t = rng.range(from, to - 1);
        let (wd, h) = local(t);
        if wd < 5 && (9..18).contains(&h) {
            return t;
        }
    }
    rng.range(from, to - 1)
}

/// Plans one request of `customer` opened in `[from, last_open)`; `None` when its life would
/// not end before `end`.
fn plan_request(
    rng: &mut Lcg,
    decks: &mut Decks,
    customer: usize,
    terms: &SlaTerms,
    from: i64,
    last_open: i64,
    end: i64,
) -> Option<ReqPlan> {
    let vip = CUSTOMERS[customer].3.is_some();
    let channel = match rng.below(100) {
        0..=59 => Channel::Web,
        60..=84 => Channel::Phone,
        85..=94 => Channel::Email,
        _ => Channel::Branch,
    };
    // Web requests come at any hour, VIPs' more often in the evening too; calls and visits in
    // working hours.
    let opened = if channel == Channel::Web && (vip || rng.chance(35)) {
        let t = rng.range(from, last_open - 1);
        let (_, h) = local(t);
        if h < 8 {
            t + 8 * HOUR
        } else {
            t
        }
    } else {
        working_moment(rng, from, last_open)
    };
    let agent = match CUSTOMERS[customer].3 {
        Some(a) => a,
        None => rng.weighted(&[27, 31, 21, 21]),
    };
    let logged = (channel != Channel::Web).then(|| opened + rng.range(3, 20) * MIN);
    let claim = CUSTOMERS[customer]
        .3
        .is_none()
        .then(|| after_working(terms, logged.unwrap_or(opened), rng.range(5, 45), &[]));
    let late_share = AGENTS[agent].4;
    let f = terms.first_response_mins;
    let late_first = rng.chance(late_share);
    let m = if late_first {
        f * rng.range(110, 260) / 100
    } else {
        f * rng.range(5, 70) / 100
    };
    let ready = claim.or(logged).unwrap_or(opened) + MIN;
    let first = after_working(terms, opened, m, &[]).max(ready);
    let ask = rng.chance(20);
    let customer_reply = ask.then(|| first + rng.range(HOUR, 30 * HOUR));
    let pauses: Vec<Pause> = customer_reply
        .map(|c| Pause {
            start: utc(first),
            end: Some(utc(c)),
        })
        .into_iter()
        .collect();
    let quick = !ask && rng.chance(25);
    let r = terms.resolution_mins;
    let late_resolution = rng.chance(late_share / 2 + 1);
    let resolved = if quick {
        first
    } else {
        let m = if late_resolution {
            r * rng.range(105, 150) / 100
        } else if vip {
            r * rng.range(8, 70) / 100
        } else {
            r * rng.range(4, 45) / 100
        };
        let after = customer_reply.unwrap_or(first);
        after_working(terms, opened, m, &pauses).max(after_working(
            terms,
            after,
            rng.range(10, 90),
            &[],
        ))
    };
    if resolved >= end - HOUR {
        return None;
    }
    let late = late_first || late_resolution;
    let rating = rng.chance(70).then(|| {
        let v = rate_for(rng, decks, agent, late);
        let comment = rng
            .chance(45)
            .then(|| *rng.pick(COMMENTS[(v - 1) as usize]));
        let at = (resolved + rng.range(20 * MIN, 72 * HOUR)).min(end - MIN);
        (at, v, comment)
    });
    Some(ReqPlan {
        customer,
        agent,
        claim,
        logged,
        channel,
        subject: rng.below(SUBJECTS.len() as u64) as usize,
        urgency: match rng.below(10) {
            0 => Urgency::Low,
            1..=7 => Urgency::Normal,
            _ => Urgency::High,
        },
        opened,
        first,
        customer_reply,
        resolved,
        rating,
        late,
    })
}
