//! Automatic compensation (clause 8.2): when the SLA watch records that a VIP's request missed
//! a commitment, the policy of the customer's level grants a fixed credit per breached target,
//! never more per calendar month (Asia/Shanghai) than the level's cap. Idempotent: one grant
//! per request and target (the primary key of `compensation_grants`), inside the transaction
//! that records the breach.

use super::audit::{self, Event};
use super::notifications::notify;
use super::sla_watch::Target;
use super::{Actor, ServiceResult};
use crate::complaints::automatic_amount;
use crate::ledger::shanghai_date;
use crate::notify::NotificationKind;
use crate::store::complaints as cs;
use crate::store::{Db, WriteTx};
use crate::Fen;

/// A breach as the SLA watch saw it.
#[derive(Debug, Clone, Copy)]
pub struct Breach {
    pub request_id: i64,
    pub customer_id: i64,
    /// The customer's VIP level rank when the request was opened (0: not a VIP).
    pub level_rank: i64,
    pub target: Target,
    /// When the commitment was missed (the due time), UTC ms.
    pub at: i64,
}

/// Grants the compensation a breach earns, if the level has a policy and the month's cap
/// leaves room; returns the amount granted.
pub async fn grant_for_breach(tx: &mut WriteTx, b: Breach, now: i64) -> ServiceResult<Option<Fen>> {
    if b.level_rank <= 0 {
        return Ok(None);
    }
    let Some((first, resolution, cap)) = cs::policy_for_rank(tx, b.level_rank).await? else {
        return Ok(None);
    };
    let per = Fen(match b.target {
        Target::FirstResponse => first,
        Target::Resolution => resolution,
    });
    if per <= Fen::ZERO || cs::grant_exists(tx, b.request_id, b.target.as_str()).await? {
        return Ok(None);
    }
    let day = shanghai_date(b.at);
    let month = day.format("%Y-%m").to_string();
    let used = Fen(cs::granted_in_month(tx, b.customer_id, &month).await?);
    let amount = automatic_amount(per, Fen(cap), used);
    let system = Actor::default();
    if amount <= Fen::ZERO {
        audit::record(
            tx,
            &system,
            now,
            Event::new("compensation.capped", "service_request")
                .object(b.request_id)
                .subject(b.customer_id)
                .after(serde_json::json!({
                    "target": b.target.as_str(), "month": month, "granted": used.0, "cap": cap,
                })),
        )
        .await?;
        return Ok(None);
    }
    let reason = format!(
        "第 8.2 条自动补偿:请求 #{id} {t}超时 / Clause 8.2 automatic compensation: request #{id} missed its {t}",
        id = b.request_id,
        t = b.target.label()
    );
    let today = shanghai_date(now);
    let (credit_id, number) = super::credits::issue_compensation_in(
        tx,
        &system,
        b.customer_id,
        amount,
        &reason,
        today,
        now,
    )
    .await?;
    if !cs::insert_grant(
        tx,
        b.request_id,
        b.target.as_str(),
        b.customer_id,
        &month,
        amount.0,
        credit_id,
        now,
    )
    .await?
    {
        return Err(super::ServiceError::Conflict(crate::Msg::ErrCmpChanged));
    }
    audit::record(
        tx,
        &system,
        now,
        Event::new("compensation.granted", "service_request")
            .object(b.request_id)
            .subject(b.customer_id)
            .after(serde_json::json!({
                "target": b.target.as_str(), "month": month, "amount": amount.0,
                "credit": number, "clause": "8.2",
            })),
    )
    .await?;
    notify(
        tx,
        b.customer_id,
        NotificationKind::CompensationGranted,
        &[
            ("id", &b.request_id.to_string()),
            ("target", b.target.label()),
            ("amount", &amount.display_cny()),
            ("number", &number),
        ],
        Some(&format!("/portal/requests/{}", b.request_id)),
        Some(&format!("comp:req{}:{}", b.request_id, b.target.as_str())),
        now,
    )
    .await?;
    Ok(Some(amount))
}

/// A customer's automatic compensation: (request id, target, amount, credit number, at).
pub async fn grants_of(
    db: &Db,
    customer_id: i64,
) -> ServiceResult<Vec<crate::complaints::GrantView>> {
    Ok(cs::grants_of(db.reader(), customer_id)
        .await?
        .into_iter()
        .map(|g| crate::complaints::GrantView {
            request_id: g.request_id,
            first_response: g.target == "first_response",
            amount: Fen(g.amount),
            credit_number: g.credit_number,
            at: g.at,
        })
        .collect())
}
