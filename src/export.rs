//! A customer's export of all their data (clause 10; issue 9, data rights): one archive with
//! `data.json` (everything the portal shows them, in one document), their signed agreements
//! (the customer's own signed copy, 13.2.2), their invoices as print-ready documents, and the
//! files they uploaded.
//!
//! Pure: the document's shape, the invoice document and the names of the archive's entries.
//! The service (`services::export`) gathers the data through the same reads the portal uses, so
//! the export never holds more than the customer may see (no internal notes, no staff names
//! beyond what the portal shows, no draft invoices).

use crate::complaints::{ComplaintView, GrantView};
use crate::desk::RequestView;
use crate::disputes::{DisputeView, MyBreachCase};
use crate::eligibility::CustomerProgress;
use crate::feedback::MyFeedback;
use crate::invoice::{InvoiceView, MyBilling};
use crate::membership::{AgreementView, MyMembership};
use crate::notify::InboxItem;
use crate::plans::PlanView;
use crate::signed_copy::esc;
use crate::time::format_shanghai;
use serde::Serialize;

/// The format tag at the top of `data.json`; bump it when a field changes meaning.
pub const FORMAT: &str = "vipcare-export/1";

/// Who the export is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub language: Option<String>,
    /// When the account was registered (UTC, milliseconds since the epoch).
    pub registered_at_ms: i64,
}

/// A file the customer uploaded, and where it sits in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedFile {
    pub id: i64,
    pub name: String,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at_ms: i64,
    pub path: String,
}

/// A document of the archive (signed copy, invoice), listed in `data.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedDocument {
    pub kind: &'static str,
    pub id: i64,
    pub path: String,
}

/// `data.json`: everything the portal shows the customer, as of `generated_at_ms`.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerData {
    pub format: &'static str,
    pub generated_at_ms: i64,
    pub generated_at_shanghai: String,
    pub profile: Profile,
    /// Spend and points towards eligibility (2.1.1).
    pub progress: CustomerProgress,
    pub membership: MyMembership,
    pub agreements: Vec<AgreementView>,
    pub billing: MyBilling,
    pub invoices: Vec<InvoiceView>,
    pub plans: Vec<PlanView>,
    pub requests: Vec<RequestView>,
    pub complaints: Vec<ComplaintView>,
    pub compensation: Vec<GrantView>,
    pub disputes: Vec<DisputeView>,
    pub breach_cases: Vec<MyBreachCase>,
    pub feedback: MyFeedback,
    pub notifications: Vec<InboxItem>,
    /// Staff reads of the customer's data (10.1), newest first.
    pub access_log: Vec<crate::access_log::AccessEntry>,
    pub documents: Vec<ExportedDocument>,
    pub files: Vec<ExportedFile>,
}

/// A name safe as the last part of an archive path: no directories, no dot-files, no control
/// characters, at most 100 characters; never empty.
pub fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let short: String = trimmed.chars().take(100).collect();
    if short.is_empty() {
        "file".to_string()
    } else {
        short
    }
}

/// Where an uploaded file goes in the archive: `files/<id>-<name>` (ids keep names unique).
pub fn file_path(id: i64, name: &str) -> String {
    format!("files/{id}-{}", safe_name(name))
}

/// Where an invoice goes: `invoices/<number>.html`.
pub fn invoice_path(inv: &InvoiceView) -> String {
    let name = inv
        .number
        .clone()
        .unwrap_or_else(|| format!("invoice-{}", inv.id));
    format!("invoices/{}.html", safe_name(&name))
}

/// Where a signed copy goes: `agreements/<file name of the customer's copy>`.
pub fn agreement_path(file_name: &str) -> String {
    format!("agreements/{}", safe_name(file_name))
}

/// The archive's README: what each part is, in both languages.
pub fn readme(data: &CustomerData) -> String {
    format!(
        "VIP Care — 个人数据导出 / Your data export\n\
         ==========================================\n\n\
         客户 Customer: {name} <{email}>\n\
         生成时间 Generated: {at} (Asia/Shanghai)\n\
         格式 Format: {format}\n\n\
         data.json      您在客户门户中可见的全部数据(JSON)。\n\
         \u{20}              Everything the portal shows you, as JSON (times in UTC milliseconds).\n\
         agreements/    您保存的已签署协议副本(乙方留存,第13.2.2条)。\n\
         \u{20}              Your signed copies of the agreement (Party B's copy, clause 13.2.2).\n\
         invoices/      您的发票,可打印。\n\
         \u{20}              Your invoices, ready to print.\n\
         files/         您上传的文件。\n\
         \u{20}              The files you uploaded.\n\n\
         导出已记入审计日志(第10条)。 This export is recorded in the audit log (clause 10).\n",
        name = data.profile.name,
        email = data.profile.email,
        at = data.generated_at_shanghai,
        format = data.format,
    )
}

/// An issued invoice as a self-contained, print-ready HTML document (no script, no external
/// resource), bilingual like the printed invoice.
pub fn invoice_html(inv: &InvoiceView) -> String {
    let title = inv.number.clone().unwrap_or_else(|| format!("#{}", inv.id));
    let date =
        |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let lines: String = inv
        .lines
        .iter()
        .map(|l| {
            format!(
                "<tr><td>{no}</td><td>{zh}<br>{en}</td><td>{date}</td><td class=\"n\">{qty} {unit}</td>\
                 <td class=\"n\">{price}</td><td class=\"n\">−{discount}</td><td class=\"n\">{tax}</td><td class=\"n\">{total}</td></tr>\n",
                no = l.line_no,
                zh = esc(&l.name_zh),
                en = esc(&l.name_en),
                date = l.service_date,
                qty = l.quantity,
                unit = esc(&l.unit_zh),
                price = l.unit_price.display_cny(),
                discount = l.discount.display_cny(),
                tax = l.tax.display_cny(),
                total = l.total.display_cny(),
            )
        })
        .collect();
    let payments: String = inv
        .payments
        .iter()
        .map(|p| {
            format!(
                "<tr><td>{on}</td><td>{method}</td><td>{reference}</td><td class=\"n\">{amount}</td></tr>\n",
                on = p.received_on,
                method = esc(p.method.as_str()),
                reference = esc(&p.reference),
                amount = p.amount.display_cny(),
            )
        })
        .collect();
    let t = &inv.totals;
    let total_row = |label: &str, amount: String| {
        format!("<tr><th>{label}</th><td class=\"n\">{amount}</td></tr>\n")
    };
    let mut totals = String::new();
    totals += &total_row("小计 Subtotal", t.subtotal.display_cny());
    totals += &total_row(
        "会员折扣 Level discount (6.3)",
        format!("−{}", t.discount.display_cny()),
    );
    totals += &total_row("税额 Tax", t.tax.display_cny());
    totals += &total_row("合计 Total", t.total.display_cny());
    if t.waived.0 > 0 {
        totals += &total_row("减免 Waived (6.3)", format!("−{}", t.waived.display_cny()));
    }
    if t.credited.0 > 0 {
        totals += &total_row(
            "抵扣 Credit applied (8.2)",
            format!("−{}", t.credited.display_cny()),
        );
    }
    totals += &total_row("已付 Paid", t.paid.display_cny());
    totals += &total_row("应付余额 Balance due", t.balance.display_cny());
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>发票 Invoice {title}</title>\n<style>\n\
body{{font:14px/1.6 system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#111}}\n\
table{{border-collapse:collapse;width:100%;margin:1rem 0}}th,td{{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top}}\n\
th{{background:#f4f4f4}}.n{{text-align:right;white-space:nowrap}}@media print{{body{{margin:0;max-width:none}}}}\n\
</style>\n</head>\n<body>\n<p>{company}</p>\n<h1>发票 Invoice {title}</h1>\n\
<table>\n<tr><th>状态 Status</th><td>{status}</td></tr>\n<tr><th>客户 Customer</th><td>{customer} · {email}</td></tr>\n\
<tr><th>等级 Level</th><td>{level}</td></tr>\n<tr><th>开票日期 Issued</th><td>{issued}</td></tr>\n\
<tr><th>付款期限 Due (6.2)</th><td>{due}</td></tr>\n{void}</table>\n\
<table>\n<tr><th>#</th><th>项目 Item</th><th>服务日期 Date</th><th class=\"n\">数量 Qty</th><th class=\"n\">单价 Unit price</th>\
<th class=\"n\">折扣 Discount</th><th class=\"n\">税 Tax</th><th class=\"n\">金额 Amount</th></tr>\n{lines}</table>\n\
<table>\n{totals}</table>\n{payments}{note}</body>\n</html>\n",
        title = esc(&title),
        company = esc(&inv.company),
        status = esc(inv.status.as_str()),
        customer = esc(&inv.customer_name),
        email = esc(&inv.customer_email),
        level = esc(inv.level_name.as_deref().unwrap_or("—")),
        issued = date(inv.issue_date),
        due = date(inv.due_date),
        void = inv
            .void_reason
            .as_ref()
            .map(|r| format!("<tr><th>作废原因 Void reason</th><td>{}</td></tr>\n", esc(r)))
            .unwrap_or_default(),
        lines = lines,
        totals = totals,
        payments = if payments.is_empty() {
            String::new()
        } else {
            format!(
                "<h2>付款 Payments</h2>\n<table>\n<tr><th>日期 Date</th><th>方式 Method</th><th>凭证 Reference</th><th class=\"n\">金额 Amount</th></tr>\n{payments}</table>\n"
            )
        },
        note = if inv.note.trim().is_empty() {
            String::new()
        } else {
            format!("<p>{}</p>\n", esc(&inv.note))
        },
    )
}

/// `generated_at_shanghai` for a time.
pub fn generated_label(now_ms: i64) -> String {
    format_shanghai(now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_10_archive_names_cannot_leave_their_folder() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert_eq!(safe_name("  "), "file");
        assert_eq!(safe_name("营业执照 v2.pdf"), "营业执照 v2.pdf");
        assert_eq!(safe_name("a\u{0}b\nc"), "a_b_c");
        assert_eq!(safe_name(&"x".repeat(300)).chars().count(), 100);
        assert_eq!(file_path(7, "/tmp/x.pdf"), "files/7-_tmp_x.pdf");
        assert!(!file_path(1, "..").contains(".."));
        assert_eq!(
            agreement_path("vip-agreement-3-party-b.html"),
            "agreements/vip-agreement-3-party-b.html"
        );
    }
}
