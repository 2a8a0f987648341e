//! The signed copy each party may download and print at any time (clauses 13.1–13.3, 13.2.2):
//! one self-contained, print-ready HTML document — no script, no external resource — with the
//! parties, the level as granted, both signatures, the effective and expiry dates, the
//! governing law, which party's copy it is, the SHA-256 fingerprint and the canonical text it
//! covers, so anyone holding the file can recompute the fingerprint.
//!
//! Bilingual like the canonical text itself: a signed copy does not change with the reader's
//! interface language.

use crate::membership::{AgreementStatus, AgreementView};
use crate::time::format_shanghai;

/// Whose copy (13.2): the company's (甲方, Party A) or the customer's (乙方, Party B).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    PartyA,
    PartyB,
}

impl Holder {
    fn label(self) -> &'static str {
        match self {
            Holder::PartyA => "甲方留存 · Party A's copy",
            Holder::PartyB => "乙方留存 · Party B's copy",
        }
    }
}

/// The file name of a signed copy: `vip-agreement-<id>-party-b.html`.
pub fn file_name(a: &AgreementView, holder: Holder) -> String {
    let party = match holder {
        Holder::PartyA => "party-a",
        Holder::PartyB => "party-b",
    };
    format!("vip-agreement-{}-{party}.html", a.id)
}

/// Whether the agreement is signed by both parties, so there is a signed copy to give (13.3.1:
/// it takes effect when both have signed).
pub fn is_signed(a: &AgreementView) -> bool {
    matches!(
        a.status,
        AgreementStatus::Effective | AgreementStatus::Ended
    ) && a.customer_signed_at.is_some()
        && a.countersigned_at.is_some()
}

/// HTML-escapes text for element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The text of clause `id` in both languages, or `None` when the template has no such clause.
fn clause_both(a: &AgreementView, id: &str) -> Option<String> {
    a.template
        .clause(id)
        .map(|c| format!("{} {}", c.text_zh, c.text_en))
}

/// The signed copy as an HTML document; `None` while the agreement is not signed by both.
pub fn signed_copy_html(a: &AgreementView, holder: Holder) -> Option<String> {
    if !is_signed(a) {
        return None;
    }
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let party_a = crate::agreement::party_a(&a.canonical_text).unwrap_or_default();
    let level = &a.level;
    let mut rows: Vec<(&str, String)> = vec![
        ("合同版本 Template", a.template.label()),
        ("甲方 Party A", party_a.to_string()),
        (
            "乙方 Party B",
            format!("{} <{}>", a.customer_name, a.customer_email),
        ),
        (
            "VIP 等级 Level (2.1.1, 6.3)",
            format!(
                "{} / {} — {} / {} 积分 points — {}",
                level.name_zh,
                level.name_en,
                level.spend_threshold.display_cny(),
                crate::money::group_thousands(level.points_threshold),
                level.discount_percent()
            ),
        ),
        (
            "乙方签署 Signed by Party B (2.2.3)",
            format!(
                "{} · {} · IP {}",
                a.signed_name.clone().unwrap_or_default(),
                a.customer_signed_at
                    .map(format_shanghai)
                    .unwrap_or_default(),
                a.customer_ip.clone().unwrap_or_default()
            ),
        ),
        (
            "甲方签署 Countersigned for Party A (12.1)",
            format!(
                "{} · {}",
                a.countersigned_by_name.clone().unwrap_or_default(),
                a.countersigned_at.map(format_shanghai).unwrap_or_default()
            ),
        ),
        ("生效日期 Effective on (13.3.1)", date(a.effective_on)),
        ("届满日期 Expires on (13.3.2, 12.2.1)", date(a.expires_on)),
    ];
    if let Some(law) = clause_both(a, "13.1.1") {
        rows.push(("适用法律 Governing law (13.1)", law));
    }
    if let Some(copies) = clause_both(a, "13.2.2") {
        rows.push(("合同份数 Copies (13.2)", copies));
    }
    rows.push(("本份 This copy (13.2)", holder.label().to_string()));
    rows.push(("SHA-256", a.sha256.clone()));
    let facts: String = rows
        .iter()
        .map(|(k, v)| {
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                esc(k),
                esc(v)
            )
        })
        .collect();
    let verified = if a.hash_verified {
        "指纹与下方规范文本一致 · The fingerprint matches the canonical text below."
    } else {
        "警告:指纹与存储的文本不一致 · WARNING: the fingerprint does not match the stored text."
    };
    Some(format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>{title} — {label}</title>\n<style>\n\
body{{font:14px/1.6 system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111}}\n\
h1{{font-size:1.4rem;margin:0 0 .25rem}}table{{border-collapse:collapse;width:100%;margin:1rem 0}}\n\
th,td{{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top}}th{{width:16rem;background:#f4f4f4}}\n\
pre{{white-space:pre-wrap;word-break:break-word;font:12px/1.5 ui-monospace,monospace;border:1px solid #bbb;padding:.75rem}}\n\
.holder{{font-weight:600}}@media print{{body{{margin:0;max-width:none}}}}\n\
</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"holder\">{holder}</p>\n\
<table>\n{facts}</table>\n<p>{verified} sha256sum: <code>{sha}</code></p>\n\
<h2>规范文本 Canonical text</h2>\n<pre>{canonical}</pre>\n</body>\n</html>\n",
        title = esc(&format!("{} / {}", a.template.title_zh, a.template.title_en)),
        label = esc(&a.template.label()),
        holder = esc(holder.label()),
        sha = esc(&a.sha256),
        canonical = esc(&a.canonical_text),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::{Clause, Template};
    use crate::levels::VipLevel;

    fn agreement(status: AgreementStatus) -> AgreementView {
        let clause = |id: &str, zh: &str, en: &str| Clause {
            clause_id: id.into(),
            depth: 3,
            text_zh: zh.into(),
            text_en: en.into(),
            default_wording: false,
        };
        AgreementView {
            id: 7,
            customer_id: 3,
            customer_name: "王<小>明".into(),
            customer_email: "vip@example.com".into(),
            template: Template {
                id: 1,
                code: "vip-service".into(),
                version: 1,
                year: 2025,
                title_zh: "VIP客户服务协议".into(),
                title_en: "VIP Customer Service Agreement".into(),
                clauses: vec![
                    clause("13.1.1", "适用中华人民共和国法律。", "PRC law governs."),
                    clause(
                        "13.2.2",
                        "双方均可随时下载或打印。",
                        "Either party may download.",
                    ),
                ],
            },
            level: VipLevel {
                id: 1,
                code: "gold".into(),
                name_zh: "金卡".into(),
                name_en: "Gold".into(),
                rank: 1,
                spend_threshold: crate::Fen::yuan(50_000),
                points_threshold: 50_000,
                discount_bp: 1_000,
                entry_fee: crate::Fen::yuan(0),
            },
            canonical_text: "甲方 Party A: 示例公司\n13.1.1 适用中华人民共和国法律。\n".into(),
            sha256: "ab".repeat(32),
            hash_verified: true,
            status,
            is_renewal: false,
            signed_name: Some("王小明".into()),
            customer_signed_at: Some(1_767_225_600_000),
            customer_ip: Some("127.0.0.1".into()),
            countersigned_by_name: Some("Reviewer".into()),
            countersigned_at: Some(1_767_229_200_000),
            effective_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            expires_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 31),
            attachments: Vec::new(),
            created_at: 0,
        }
    }

    #[test]
    fn clause_13_2_2_each_party_gets_its_own_signed_copy() {
        let a = agreement(AgreementStatus::Effective);
        let b = signed_copy_html(&a, Holder::PartyB).unwrap();
        let c = signed_copy_html(&a, Holder::PartyA).unwrap();
        assert!(b.contains("乙方留存") && !b.contains("甲方留存"));
        assert!(c.contains("甲方留存"));
        assert_eq!(
            file_name(&a, Holder::PartyB),
            "vip-agreement-7-party-b.html"
        );
        // 13.1 governing law, 13.3 dates, both signatures, the fingerprint and its text.
        for want in [
            "PRC law governs.",
            "2026-01-01",
            "2026-12-31",
            "王小明",
            "Reviewer",
            &"ab".repeat(32),
            "示例公司",
        ] {
            assert!(b.contains(want), "missing {want}");
        }
        // Names are escaped: the copy carries no markup of a customer's making.
        assert!(b.contains("王&lt;小&gt;明") && !b.contains("王<小>明"));
        assert!(!b.contains("<script"));
    }

    #[test]
    fn clause_13_3_1_no_signed_copy_before_both_have_signed() {
        for s in [
            AgreementStatus::AwaitingCustomer,
            AgreementStatus::AwaitingCountersign,
        ] {
            assert_eq!(signed_copy_html(&agreement(s), Holder::PartyB), None);
        }
        let mut a = agreement(AgreementStatus::Ended);
        assert!(signed_copy_html(&a, Holder::PartyB).is_some());
        a.countersigned_at = None;
        assert!(!is_signed(&a));
    }

    #[test]
    fn clause_13_2_1_a_broken_fingerprint_is_stated_on_the_copy() {
        let mut a = agreement(AgreementStatus::Effective);
        a.hash_verified = false;
        assert!(signed_copy_html(&a, Holder::PartyA)
            .unwrap()
            .contains("WARNING"));
    }
}
