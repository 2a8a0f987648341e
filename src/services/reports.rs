//! Finance reports (clause 6.2): receivables ageing and revenue by fee item and month. Reading
//! them is finance's job; exporting one leaves an audit entry (customer data leaves the system).

use super::audit::{self, Event};
use super::{Actor, ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::reports::{self, AgeingReport, OpenItem, RevenueReport, RevenueRow};
use crate::store::billing as bs;
use crate::store::membership::parse_day;
use crate::store::{Db, StoreError};
use crate::Fen;
use chrono::NaiveDate;

/// Open balances by customer and days past due, as of `today`.
pub async fn ageing(db: &Db, today: NaiveDate) -> ServiceResult<AgeingReport> {
    let items = bs::open_items(db.reader())
        .await?
        .into_iter()
        .map(
            |(customer_id, customer_name, customer_email, due, balance)| {
                Ok(OpenItem {
                    customer_id,
                    customer_name,
                    customer_email,
                    due_date: parse_day(&due)?,
                    balance: Fen(balance),
                })
            },
        )
        .collect::<ServiceResult<Vec<_>>>()?;
    Ok(reports::ageing(&items, today))
}

/// Revenue by month and fee item for the months `from`..=`to` (`YYYY-MM`, at most 36 months).
pub async fn revenue(db: &Db, from: &str, to: &str) -> ServiceResult<RevenueReport> {
    let (Some(from), Some(to)) = (reports::parse_month(from), reports::parse_month(to)) else {
        return Err(ServiceError::Invalid {
            field: "from",
            msg: Msg::ErrMonth,
        });
    };
    let index =
        |m: &str| m[..4].parse::<i32>().unwrap_or(0) * 12 + m[5..].parse::<i32>().unwrap_or(0);
    if from > to || index(&to) - index(&from) >= 36 {
        return Err(ServiceError::Invalid {
            field: "to",
            msg: Msg::ErrMonth,
        });
    }
    let rows = bs::revenue_rows(db.reader(), &from, &to)
        .await?
        .into_iter()
        .map(|r| RevenueRow {
            month: r.month,
            code: r.code,
            name_zh: r.name_zh,
            name_en: r.name_en,
            quantity: r.quantity,
            net: Fen(r.net),
            tax: Fen(r.tax),
            total: Fen(r.total),
        })
        .collect();
    Ok(reports::revenue(&from, &to, rows))
}

/// Records that a report was exported (which, with what parameters).
pub async fn record_export(
    db: &Db,
    actor: &Actor,
    report: &str,
    params: serde_json::Value,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("report.exported", "report")
            .after(serde_json::json!({"report": report, "params": params})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
