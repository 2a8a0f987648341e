//! VIP levels (clause 2.1.1): each level has its own spend and points thresholds.

use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// A VIP level as shown on the public programme page and used by eligibility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VipLevel {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Higher rank = higher level.
    pub rank: i64,
    /// Rolling 12-month spend that qualifies (clause 2.1.1).
    pub spend_threshold: Fen,
    /// Rolling 12-month points that qualify (clause 2.1.1), as an alternative to spend.
    pub points_threshold: i64,
    /// Discount on fees in basis points (clause 6.3).
    pub discount_bp: i64,
    pub entry_fee: Fen,
}

impl VipLevel {
    pub fn name(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Zh => &self.name_zh,
            crate::Lang::En => &self.name_en,
        }
    }

    /// Discount as a percentage string, e.g. `5%` or `2.5%`.
    pub fn discount_percent(&self) -> String {
        let whole = self.discount_bp / 100;
        let frac = self.discount_bp % 100;
        if frac == 0 {
            format!("{whole}%")
        } else {
            format!("{whole}.{}%", format!("{frac:02}").trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_6_3_discounts_show_as_percentages() {
        let mut l = VipLevel {
            id: 1,
            code: "vip".into(),
            name_zh: "VIP".into(),
            name_en: "VIP".into(),
            rank: 1,
            spend_threshold: Fen::yuan(50_000),
            points_threshold: 50_000,
            discount_bp: 500,
            entry_fee: Fen::ZERO,
        };
        assert_eq!(l.discount_percent(), "5%");
        l.discount_bp = 250;
        assert_eq!(l.discount_percent(), "2.5%");
        l.discount_bp = 0;
        assert_eq!(l.discount_percent(), "0%");
    }
}
