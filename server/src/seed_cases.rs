//! Demo data for breach cases (clauses 4.3.2, 8.1) and disputes (clause 11): an open breach
//! case against `near@`, opened by `agent@` and waiting for `reviewer@`; and a dispute of
//! `vip@` carried from negotiation to mediation. Skipped once any breach case exists.

use vipcare::services::breach::{self, NewCaseForm};
use vipcare::services::disputes::{self, NewDisputeForm, StepForm};
use vipcare::services::{Actor, ServiceResult};
use vipcare::store::users::find_by_email;
use vipcare::store::Db;

fn actor(id: i64) -> Actor {
    Actor {
        user_id: Some(id),
        ip: Some("seed".into()),
    }
}

/// Seeds the cases as of `now` (UTC ms); idempotent.
pub async fn seed_cases(db: &Db, now: i64) -> ServiceResult<()> {
    let (Some(admin), Some(agent), Some(_reviewer), Some(_vip), Some(_near)) = (
        find_by_email(db.reader(), "admin@example.com").await?,
        find_by_email(db.reader(), "agent@example.com").await?,
        find_by_email(db.reader(), "reviewer@example.com").await?,
        find_by_email(db.reader(), "vip@example.com").await?,
        find_by_email(db.reader(), "near@example.com").await?,
    ) else {
        return Ok(());
    };
    if breach::has_cases(db).await? {
        return Ok(());
    }
    breach::open(
        db,
        &actor(agent.id),
        agent.id,
        &NewCaseForm {
            customer_email: "near@example.com".into(),
            clause: "4.3.2".into(),
            summary: "以他人名义重复申领 VIP 专享礼品 / Claimed VIP gifts repeatedly under other names"
                .into(),
            evidence: "2026 年 3 月,同一收货地址以三个不同账户各领取一份周年礼品;客服电话录音中客户承认代他人申领。\n\
                       In March 2026 three accounts shipping to one address each claimed the anniversary gift; \
                       on the recorded call the customer admitted claiming for others."
                .into(),
        },
        now,
    )
    .await?;
    let today = vipcare::ledger::shanghai_date(now);
    let day = |back: u64| (today - chrono::Days::new(back)).to_string();
    let as_admin = actor(admin.id);
    let id = disputes::open(
        db,
        &as_admin,
        &NewDisputeForm {
            customer_email: "vip@example.com".into(),
            method: "negotiation".into(),
            body: String::new(),
            opened_on: day(21),
            summary: "客户对 2026 年第一季度服务费发票金额有异议 / The customer disputes the amount of the Q1 2026 service fee invoice"
                .into(),
        },
        now,
    )
    .await?;
    disputes::record_step(
        db,
        &as_admin,
        id,
        &StepForm {
            kind: "method_changed".into(),
            method: "mediation".into(),
            body: "上海市消费者权益保护委员会 / Shanghai Consumer Council".into(),
            happened_on: day(7),
            note: "协商两轮未达成一致,双方同意申请调解。/ Two rounds of negotiation failed; both sides agreed to mediation."
                .into(),
        },
        now,
    )
    .await?;
    Ok(())
}
