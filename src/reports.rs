//! Finance reports (clause 6.2): receivables ageing and revenue by fee item and month, and their
//! CSV export (UTF-8 with a byte-order mark, so Excel opens Chinese text correctly). Pure: the
//! service reads the rows, these functions add them up and write them out.

use crate::billing::{ageing_bucket, AgeingBucket};
use crate::{Fen, Lang, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The byte-order mark that makes Excel read a CSV file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// One open invoice as the ageing report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub due_date: NaiveDate,
    pub balance: Fen,
}

/// A customer's open balance split by how long it is past due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeingRow {
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    /// In the order of [`AgeingBucket::ALL`].
    pub buckets: [Fen; 5],
    pub total: Fen,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeingReport {
    pub as_of: NaiveDate,
    pub rows: Vec<AgeingRow>,
    pub totals: [Fen; 5],
    pub total: Fen,
}

/// Groups open items by customer (in the order first seen) and bucket as seen on `as_of`.
pub fn ageing(items: &[OpenItem], as_of: NaiveDate) -> AgeingReport {
    let mut rows: Vec<AgeingRow> = Vec::new();
    let mut totals = [Fen::ZERO; 5];
    for it in items {
        let b = AgeingBucket::ALL
            .iter()
            .position(|x| *x == ageing_bucket(it.due_date, as_of))
            .unwrap_or(0);
        let row = match rows.iter_mut().find(|r| r.customer_id == it.customer_id) {
            Some(r) => r,
            None => {
                rows.push(AgeingRow {
                    customer_id: it.customer_id,
                    customer_name: it.customer_name.clone(),
                    customer_email: it.customer_email.clone(),
                    buckets: [Fen::ZERO; 5],
                    total: Fen::ZERO,
                });
                rows.last_mut().expect("just pushed")
            }
        };
        row.buckets[b] = Fen(row.buckets[b].0 + it.balance.0);
        row.total = Fen(row.total.0 + it.balance.0);
        totals[b] = Fen(totals[b].0 + it.balance.0);
    }
    let total = Fen(totals.iter().map(|f| f.0).sum());
    AgeingReport {
        as_of,
        rows,
        totals,
        total,
    }
}

/// Revenue of one fee item in one month (by invoice issue date; lines of issued, not void,
/// invoices; before invoice-level waivers and credit notes, which are shown per month).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueRow {
    /// `YYYY-MM`.
    pub month: String,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub quantity: i64,
    /// Amount after the level discount, before tax.
    pub net: Fen,
    pub tax: Fen,
    pub total: Fen,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueReport {
    /// First and last month, `YYYY-MM`.
    pub from: String,
    pub to: String,
    pub rows: Vec<RevenueRow>,
    pub net: Fen,
    pub tax: Fen,
    pub total: Fen,
}

pub fn revenue(from: &str, to: &str, rows: Vec<RevenueRow>) -> RevenueReport {
    let sum = |f: fn(&RevenueRow) -> i64| Fen(rows.iter().map(f).sum());
    RevenueReport {
        from: from.to_string(),
        to: to.to_string(),
        net: sum(|r| r.net.0),
        tax: sum(|r| r.tax.0),
        total: sum(|r| r.total.0),
        rows,
    }
}

/// The first and last month (`YYYY-MM`) of the twelve months ending with `today`'s.
pub fn last_twelve_months(today: NaiveDate) -> (String, String) {
    use chrono::Datelike;
    let idx = today.year() * 12 + today.month0() as i32 - 11;
    (
        format!("{:04}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1),
        today.format("%Y-%m").to_string(),
    )
}

/// A `YYYY-MM` month as typed; `None` if it is not one.
pub fn parse_month(s: &str) -> Option<String> {
    let s = s.trim();
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 7)
        .map(|_| s.to_string())
}

/// One CSV field: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`
/// or `@` is prefixed with `'` so a spreadsheet never runs it as a formula.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Yuan with two decimals and no grouping (`1234.50`), for spreadsheets.
pub fn csv_yuan(f: Fen) -> String {
    let sign = if f.0 < 0 { "-" } else { "" };
    let a = f.0.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// One CSV record: each field through [`csv_field`], joined by commas, ended by CRLF.
pub fn csv_line(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The ageing report as CSV with a BOM, headings in `lang`.
pub fn ageing_csv(r: &AgeingReport, lang: Lang) -> String {
    let mut out = String::from(BOM);
    let mut head = vec![
        Msg::FullName.text(lang).to_string(),
        Msg::Email.text(lang).to_string(),
    ];
    head.extend(AgeingBucket::ALL.iter().map(|b| bucket_heading(*b, lang)));
    head.push(Msg::InvTotal.text(lang).to_string());
    out.push_str(&csv_line(&head));
    for row in &r.rows {
        let mut f = vec![row.customer_name.clone(), row.customer_email.clone()];
        f.extend(row.buckets.iter().map(|b| csv_yuan(*b)));
        f.push(csv_yuan(row.total));
        out.push_str(&csv_line(&f));
    }
    let mut f = vec![Msg::InvTotal.text(lang).to_string(), String::new()];
    f.extend(r.totals.iter().map(|b| csv_yuan(*b)));
    f.push(csv_yuan(r.total));
    out.push_str(&csv_line(&f));
    out
}

/// The revenue report as CSV with a BOM, headings in `lang`.
pub fn revenue_csv(r: &RevenueReport, lang: Lang) -> String {
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&[
        Msg::ReportMonth.text(lang).to_string(),
        Msg::LevelCode.text(lang).to_string(),
        Msg::ReportItem.text(lang).to_string(),
        Msg::InvQuantity.text(lang).to_string(),
        Msg::ReportNet.text(lang).to_string(),
        Msg::ReportTax.text(lang).to_string(),
        Msg::InvTotal.text(lang).to_string(),
    ]));
    for row in &r.rows {
        out.push_str(&csv_line(&[
            row.month.clone(),
            row.code.clone(),
            lang.pick(&row.name_zh, &row.name_en).to_string(),
            row.quantity.to_string(),
            csv_yuan(row.net),
            csv_yuan(row.tax),
            csv_yuan(row.total),
        ]));
    }
    out.push_str(&csv_line(&[
        Msg::InvTotal.text(lang).to_string(),
        String::new(),
        String::new(),
        String::new(),
        csv_yuan(r.net),
        csv_yuan(r.tax),
        csv_yuan(r.total),
    ]));
    out
}

/// The heading of an ageing column: `Current`, `1–30 days` …
pub fn bucket_heading(b: AgeingBucket, lang: Lang) -> String {
    match b {
        AgeingBucket::Current => Msg::AgeingCurrent.text(lang).to_string(),
        AgeingBucket::Over90 => Msg::AgeingOver90.text(lang).to_string(),
        other => Msg::AgeingDays
            .text(lang)
            .replace("{range}", &other.as_str().replace('-', "–")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn item(customer: i64, due: &str, yuan: i64) -> OpenItem {
        OpenItem {
            customer_id: customer,
            customer_name: format!("客户{customer}"),
            customer_email: format!("c{customer}@example.com"),
            due_date: d(due),
            balance: Fen::yuan(yuan),
        }
    }

    #[test]
    fn clause_6_2_ageing_buckets_sum_per_customer_and_overall() {
        let as_of = d("2026-11-25");
        let r = ageing(
            &[
                item(1, "2026-11-30", 100), // current
                item(1, "2026-11-24", 10),  // 1 day
                item(2, "2026-09-26", 7),   // 60 days
                item(2, "2026-08-01", 5),   // > 90
                item(1, "2026-10-26", 3),   // 30 days
            ],
            as_of,
        );
        assert_eq!(r.rows.len(), 2);
        assert_eq!(
            r.rows[0].buckets,
            [
                Fen::yuan(100),
                Fen::yuan(13),
                Fen::ZERO,
                Fen::ZERO,
                Fen::ZERO
            ]
        );
        assert_eq!(
            r.rows[1].buckets,
            [Fen::ZERO, Fen::ZERO, Fen::yuan(7), Fen::ZERO, Fen::yuan(5)]
        );
        assert_eq!(r.total, Fen::yuan(125));
        assert_eq!(
            r.totals.iter().map(|f| f.0).sum::<i64>(),
            r.rows.iter().map(|x| x.total.0).sum::<i64>()
        );
    }

    #[test]
    fn clause_6_2_csv_has_a_bom_quotes_fields_and_defuses_formulas() {
        let r = ageing(&[item(1, "2026-11-30", 1)], d("2026-11-25"));
        let csv = ageing_csv(&r, Lang::Zh);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("客户1,c1@example.com,1.00,0.00,0.00,0.00,0.00,1.00\r\n"));
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-5"), "'-5");
        assert_eq!(csv_yuan(Fen(-5)), "-0.05");
        assert_eq!(csv_yuan(Fen(123_456)), "1234.56");
        assert_eq!(parse_month("2026-11"), Some("2026-11".into()));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("2026-1"), None);
        assert_eq!(
            last_twelve_months(d("2026-11-25")),
            ("2025-12".to_string(), "2026-11".to_string())
        );
        assert_eq!(
            last_twelve_months(d("2026-01-01")),
            ("2025-02".to_string(), "2026-01".to_string())
        );
    }

    #[test]
    fn clause_6_2_revenue_totals_add_up() {
        let row = |m: &str, net: i64, tax: i64| RevenueRow {
            month: m.into(),
            code: "consult-hour".into(),
            name_zh: "专属顾问咨询".into(),
            name_en: "Adviser".into(),
            quantity: 1,
            net: Fen(net),
            tax: Fen(tax),
            total: Fen(net + tax),
        };
        let r = revenue(
            "2026-10",
            "2026-11",
            vec![row("2026-10", 600, 36), row("2026-11", 1_200, 72)],
        );
        assert_eq!((r.net, r.tax, r.total), (Fen(1_800), Fen(108), Fen(1_908)));
        let csv = revenue_csv(&r, Lang::En);
        assert!(csv.starts_with(BOM));
        assert!(csv.contains("2026-11,consult-hour,Adviser,1,12.00,0.72,12.72\r\n"));
    }
}
