//! Demo data for complaints (clauses 7, 8.2): automatic compensation for every VIP level, and
//! complaints in every state of the process — just received, acknowledged, under investigation
//! past its deadline (flagged), a proposal waiting for `vip@`, one escalated to `lead@`, one
//! closed with its compensation paid as a credit, and one carried into a dispute. Skipped once
//! any complaint exists.

use vipcare::complaints::{CompensationForm, ComplaintLinks, Finding, NewComplaint};
use vipcare::desk::Channel;
use vipcare::services::complaints::{self, StaffStep};
use vipcare::services::{complaint_settings, programme, Actor, ServiceResult};
use vipcare::store::users::find_by_email;
use vipcare::store::Db;
use vipcare::Fen;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn actor(id: i64) -> Actor {
    Actor {
        user_id: Some(id),
        ip: Some("seed".into()),
    }
}

/// ¥50 per breached first response, ¥100 per breached resolution, at most ¥1,000 a month, for
/// every level.
pub async fn seed_compensation_policies(db: &Db, now: i64) -> ServiceResult<()> {
    let Some(admin) = find_by_email(db.reader(), "admin@example.com").await? else {
        return Ok(());
    };
    for level in programme::levels(db).await? {
        complaint_settings::set_policy(db, &actor(admin.id), level.id, "50", "100", "1000", now)
            .await?;
    }
    Ok(())
}

fn complaint(channel: Channel, subject: &str, body: &str) -> NewComplaint {
    NewComplaint {
        channel,
        subject: subject.into(),
        body: body.into(),
        links: ComplaintLinks::default(),
    }
}

fn proposal(finding: Finding, remedy: &str, yuan: i64) -> StaffStep {
    StaffStep::Propose {
        finding,
        remedy: remedy.into(),
        compensation: Fen(yuan * 100),
        form: if yuan > 0 {
            CompensationForm::Credit
        } else {
            CompensationForm::None
        },
    }
}

/// Seeds complaints as of `now`; idempotent.
pub async fn seed_complaints(db: &Db, now: i64) -> ServiceResult<()> {
    let (Some(agent), Some(lead), Some(vip), Some(near)) = (
        find_by_email(db.reader(), "agent@example.com").await?,
        find_by_email(db.reader(), "lead@example.com").await?,
        find_by_email(db.reader(), "vip@example.com").await?,
        find_by_email(db.reader(), "near@example.com").await?,
    ) else {
        return Ok(());
    };
    if complaints::any(db).await? {
        return Ok(());
    }
    let (agent, lead) = (actor(agent.id), actor(lead.id));
    let ack = || StaffStep::Acknowledge {
        note: "已收到,我们正在核实。/ Received; we are looking into it.".into(),
    };
    let investigate = || StaffStep::Investigate {
        note: "正在调取通话记录。/ Retrieving the call records.".into(),
    };

    // Closed: the customer accepted the apology and the change (no compensation: a credit
    // would be applied to vip@'s next invoice in the billing walk-through).
    let t = now - 12 * DAY;
    let c = complaint(
        Channel::Web,
        "专属客服未按约回电 / My dedicated agent did not call back",
        "约定周一上午回电,直到周三都没有联系我。\nWe agreed on a call back on Monday morning; nobody called until Wednesday.",
    );
    let (id, _) = complaints::file(db, &actor(vip.id), vip.id, &c, t, t).await?;
    complaints::staff_act(db, &agent, id, ack(), t + 2 * HOUR).await?;
    let p = proposal(
        Finding::Upheld,
        "向您致歉;今后回电将在约定时间前 15 分钟提醒顾问。\nWe apologise; agents are now reminded 15 minutes before an agreed call.",
        0,
    );
    complaints::staff_act(db, &agent, id, p, t + DAY).await?;
    complaints::answer(
        db,
        &actor(vip.id),
        vip.id,
        id,
        true,
        "谢谢。/ Thank you.",
        t + 2 * DAY,
    )
    .await?;

    // Carried into a dispute: both proposals rejected.
    let t = now - 25 * DAY;
    let c = complaint(
        Channel::Email,
        "年度服务费计算有误 / The annual service fee is wrong",
        "发票按全年计费,但我的会员资格 3 月才生效。\nThe invoice charges the whole year, but my membership began in March.",
    );
    let (id, _) =
        complaints::record(db, &agent, "vip@example.com", Default::default(), c, t, t).await?;
    complaints::staff_act(db, &agent, id, ack(), t + 3 * HOUR).await?;
    let p = proposal(
        Finding::NotUpheld,
        "服务费按协议第 6 条按年度收取。/ The fee is annual under clause 6.",
        0,
    );
    complaints::staff_act(db, &agent, id, p, t + 2 * DAY).await?;
    complaints::answer(
        db,
        &actor(vip.id),
        vip.id,
        id,
        false,
        "协议并未约定不足一年按全年收费。/ The agreement does not say a part year is charged in full.",
        t + 3 * DAY,
    )
    .await?;
    let p = proposal(
        Finding::PartlyUpheld,
        "按月折算退还 2 个月服务费。/ Two months of the fee are credited pro rata.",
        200,
    );
    complaints::staff_act(db, &lead, id, p, t + 6 * DAY).await?;
    complaints::answer(
        db,
        &actor(vip.id),
        vip.id,
        id,
        false,
        "应退还 3 个月。/ Three months are owed.",
        t + 7 * DAY,
    )
    .await?;

    // Escalated to the supervisor after near@ rejected the first proposal.
    let t = now - 6 * DAY;
    let c = complaint(
        Channel::Web,
        "到店等候超过一小时 / Waited over an hour at the branch",
        "预约了 14:00,15:10 才有人接待。\nI had a 14:00 appointment and was seen at 15:10.",
    );
    let (id, _) = complaints::file(db, &actor(near.id), near.id, &c, t, t).await?;
    complaints::staff_act(db, &agent, id, ack(), t + HOUR).await?;
    let p = proposal(
        Finding::PartlyUpheld,
        "当日客流异常,已增加预约时段的接待人员。/ An unusual rush that day; more staff now cover booked slots.",
        0,
    );
    complaints::staff_act(db, &agent, id, p, t + DAY).await?;
    complaints::answer(
        db,
        &actor(near.id),
        near.id,
        id,
        false,
        "希望得到补偿。/ I would like compensation.",
        t + 2 * DAY,
    )
    .await?;

    // A proposal waiting for vip@'s answer.
    let t = now - 3 * DAY;
    let c = complaint(
        Channel::Web,
        "发票抬头错误 / Wrong company name on the invoice",
        "发票抬头少了“有限公司”四个字,财务无法入账。\nThe invoice lacks \"Co., Ltd.\" in the company name; our accounts cannot book it.",
    );
    let (id, _) = complaints::file(db, &actor(vip.id), vip.id, &c, t, t).await?;
    complaints::staff_act(db, &agent, id, ack(), t + HOUR).await?;
    complaints::staff_act(db, &agent, id, investigate(), t + 2 * HOUR).await?;
    let p = proposal(
        Finding::Upheld,
        "作废原发票并重新开具,另补偿 ¥50。/ The invoice is voided and reissued, with ¥50 compensation.",
        50,
    );
    complaints::staff_act(db, &agent, id, p, t + DAY).await?;

    // Under investigation, recorded from a phone call eight days ago: the proposal is overdue.
    let t = now - 8 * DAY;
    let c = complaint(
        Channel::Phone,
        "积分未到账 / Points not credited",
        "客户来电:3 月的两笔消费未计积分。\nCustomer called: two purchases in March earned no points.",
    );
    let (id, _) =
        complaints::record(db, &agent, "near@example.com", Default::default(), c, t, t).await?;
    complaints::staff_act(db, &agent, id, ack(), t + 3 * HOUR).await?;
    complaints::staff_act(db, &agent, id, investigate(), t + DAY).await?;

    // Acknowledged this morning.
    let t = now - 5 * HOUR;
    let c = complaint(
        Channel::Web,
        "专属活动名额已满 / The VIP event was full",
        "作为 VIP 客户却没能报名专属活动。\nAs a VIP customer I could not sign up for the exclusive event.",
    );
    let (id, _) = complaints::file(db, &actor(vip.id), vip.id, &c, t, t).await?;
    complaints::staff_act(db, &agent, id, ack(), t + HOUR).await?;

    // Just received.
    let t = now - 2 * HOUR;
    let c = complaint(
        Channel::Web,
        "客服热线无人接听 / Nobody answers the hotline",
        "今天上午打了三次热线都无人接听。\nI called the hotline three times this morning; nobody answered.",
    );
    complaints::file(db, &actor(near.id), near.id, &c, t, t).await?;

    complaints::watch_deadlines(db, now).await?;
    Ok(())
}
