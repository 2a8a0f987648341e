//! Agreement templates structured by clause id, and the canonical text a customer signs
//! (clauses 2.1.3, 2.2.3, 13.2, 13.3). The canonical text is what the SHA-256 of a signed
//! agreement covers: anyone holding the printed copy can recompute it.

use crate::levels::VipLevel;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One chapter (depth 1), section (2) or clause (3) of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    pub clause_id: String,
    pub depth: u8,
    pub text_zh: String,
    pub text_en: String,
    /// `true` where the preview was cut off and the product's default terms stand in.
    pub default_wording: bool,
}

impl Clause {
    pub fn text(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.text_zh, &self.text_en)
    }

    /// The anchor of this clause in a rendered agreement: `clause-2-1-1`.
    pub fn anchor(&self) -> String {
        clause_anchor(&self.clause_id)
    }
}

pub fn clause_anchor(clause_id: &str) -> String {
    format!("clause-{}", clause_id.replace('.', "-"))
}

/// A versioned agreement template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: i64,
    pub code: String,
    pub version: i64,
    pub year: i64,
    pub title_zh: String,
    pub title_en: String,
    pub clauses: Vec<Clause>,
}

impl Template {
    pub fn title(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.title_zh, &self.title_en)
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.clause_id == id)
    }

    /// `vip-service v1 (2025)`
    pub fn label(&self) -> String {
        format!("{} v{} ({})", self.code, self.version, self.year)
    }
}

/// Who signs, and on which level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parties {
    pub company: String,
    pub customer_name: String,
    pub customer_email: String,
    pub customer_company: String,
}

/// The canonical text of an agreement: the template (both languages, clause by clause), the
/// parties and the level as granted. Line endings are `\n`; no trailing spaces.
pub fn canonical_text(t: &Template, parties: &Parties, level: &VipLevel) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&format!("{} / {}", t.title_zh, t.title_en));
    line(&format!("template: {}", t.label()));
    line(&format!("甲方 Party A: {}", parties.company));
    let company = if parties.customer_company.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", parties.customer_company.trim())
    };
    line(&format!(
        "乙方 Party B: {} <{}>{company}",
        parties.customer_name, parties.customer_email
    ));
    line(&format!(
        "VIP 等级 Level: {} / {} — {} 或/or {} 积分/points (2.1.1); 折扣/discount {} (6.3)",
        level.name_zh,
        level.name_en,
        level.spend_threshold.display_cny(),
        crate::money::group_thousands(level.points_threshold),
        level.discount_percent()
    ));
    line("");
    for c in &t.clauses {
        line(&format!("{} {}", c.clause_id, c.text_zh));
        line(&format!("{} {}", c.clause_id, c.text_en));
    }
    out
}

/// Party A as written in a canonical text.
pub fn party_a(canonical: &str) -> Option<&str> {
    canonical
        .lines()
        .find_map(|l| l.strip_prefix("甲方 Party A: "))
}

/// SHA-256 of a canonical text, lower-case hex.
pub fn text_hash(canonical: &str) -> String {
    hex_lower(&Sha256::digest(canonical.as_bytes()))
}

fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 0xf) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Fen;

    fn template() -> Template {
        Template {
            id: 1,
            code: "vip-service".into(),
            version: 1,
            year: 2025,
            title_zh: "协议".into(),
            title_en: "Agreement".into(),
            clauses: vec![
                Clause {
                    clause_id: "2".into(),
                    depth: 1,
                    text_zh: "VIP客户资格认定".into(),
                    text_en: "VIP customer eligibility".into(),
                    default_wording: false,
                },
                Clause {
                    clause_id: "2.1.1".into(),
                    depth: 3,
                    text_zh: "客户需满足我公司规定的年度消费金额或积分要求。".into(),
                    text_en: "The customer must meet the annual spend or points requirement."
                        .into(),
                    default_wording: false,
                },
            ],
        }
    }

    fn level() -> VipLevel {
        VipLevel {
            id: 1,
            code: "vip".into(),
            name_zh: "VIP".into(),
            name_en: "VIP".into(),
            rank: 1,
            spend_threshold: Fen::yuan(50_000),
            points_threshold: 50_000,
            discount_bp: 500,
            entry_fee: Fen::ZERO,
        }
    }

    fn parties() -> Parties {
        Parties {
            company: "VIP Care".into(),
            customer_name: "李将近".into(),
            customer_email: "near@example.com".into(),
            customer_company: String::new(),
        }
    }

    #[test]
    fn clause_2_2_3_canonical_text_names_parties_level_and_every_clause() {
        let text = canonical_text(&template(), &parties(), &level());
        assert!(text.contains("template: vip-service v1 (2025)"));
        assert_eq!(party_a(&text), Some("VIP Care"));
        assert!(text.contains("乙方 Party B: 李将近 <near@example.com>\n"));
        assert!(text.contains("¥50,000 或/or 50,000 积分/points (2.1.1); 折扣/discount 5% (6.3)"));
        assert!(text.contains("2.1.1 客户需满足我公司规定的年度消费金额或积分要求。\n"));
        assert!(text.contains("2.1.1 The customer must meet"));
        assert!(!text.contains(" \n"), "no trailing spaces");
    }

    #[test]
    fn clause_2_2_3_hash_changes_with_any_word() {
        let a = canonical_text(&template(), &parties(), &level());
        let mut t = template();
        t.clauses[1].text_zh.push('!');
        let b = canonical_text(&t, &parties(), &level());
        assert_ne!(text_hash(&a), text_hash(&b));
        assert_eq!(text_hash(&a), text_hash(&a.clone()));
        assert_eq!(text_hash("").len(), 64);
        assert_eq!(
            text_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn clause_anchors_are_url_safe() {
        assert_eq!(clause_anchor("2.1.1"), "clause-2-1-1");
    }
}
