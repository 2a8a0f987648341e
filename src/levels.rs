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
        lang.pick(&self.name_zh, &self.name_en)
    }

    /// Discount as a percentage string, e.g. `5%` or `2.5%`.
    pub fn discount_percent(&self) -> String {
        crate::money::percent_of_bp(self.discount_bp)
    }
}

/// The level form as typed by an admin (money in yuan, discount in percent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelInput {
    /// 0 for a new level.
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub rank: String,
    pub spend_yuan: String,
    pub points: String,
    pub discount_percent: String,
    pub entry_fee_yuan: String,
}

/// A problem with one field of the level form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelFieldError {
    pub field: &'static str,
    pub msg: crate::Msg,
}

impl LevelInput {
    /// Parses the form into a level; the first bad field is reported.
    pub fn parse(&self) -> Result<VipLevel, LevelFieldError> {
        use crate::Msg;
        let bad = |field, msg| LevelFieldError { field, msg };
        let code = self.code.trim().to_ascii_lowercase();
        if code.is_empty()
            || code.len() > 32
            || !code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            return Err(bad("code", Msg::ErrLevelCode));
        }
        let name_zh = self.name_zh.trim();
        let name_en = self.name_en.trim();
        if name_zh.is_empty() || name_zh.chars().count() > 40 {
            return Err(bad("name_zh", Msg::ErrLevelName));
        }
        if name_en.is_empty() || name_en.chars().count() > 40 {
            return Err(bad("name_en", Msg::ErrLevelName));
        }
        let rank: i64 = match self.rank.trim().parse() {
            Ok(r) if (1..=100).contains(&r) => r,
            _ => return Err(bad("rank", Msg::ErrLevelRank)),
        };
        let spend = match Fen::parse_yuan(&self.spend_yuan) {
            Some(f) if f.0 >= 0 && f.0 <= 100_000_000_000 => f,
            _ => return Err(bad("spend_yuan", Msg::ErrAmountInvalid)),
        };
        let points: i64 = match self.points.trim().replace(',', "").parse() {
            Ok(p) if (0..=1_000_000_000).contains(&p) => p,
            _ => return Err(bad("points", Msg::ErrLevelPoints)),
        };
        let discount_bp = crate::money::parse_percent_bp(&self.discount_percent)
            .ok_or(bad("discount_percent", Msg::ErrLevelDiscount))?;
        let entry_fee = match Fen::parse_yuan(if self.entry_fee_yuan.trim().is_empty() {
            "0"
        } else {
            &self.entry_fee_yuan
        }) {
            Some(f) if f.0 >= 0 && f.0 <= 100_000_000_000 => f,
            _ => return Err(bad("entry_fee_yuan", Msg::ErrAmountInvalid)),
        };
        Ok(VipLevel {
            id: self.id,
            code,
            name_zh: name_zh.to_string(),
            name_en: name_en.to_string(),
            rank,
            spend_threshold: spend,
            points_threshold: points,
            discount_bp,
            entry_fee,
        })
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

    fn gold() -> LevelInput {
        LevelInput {
            id: 0,
            code: "Gold".into(),
            name_zh: "金卡".into(),
            name_en: "Gold".into(),
            rank: "2".into(),
            spend_yuan: "¥100,000".into(),
            points: "100,000".into(),
            discount_percent: "2.5%".into(),
            entry_fee_yuan: "".into(),
        }
    }

    #[test]
    fn clause_2_1_1_level_form_parses_yuan_and_percent_without_floats() {
        let l = gold().parse().unwrap();
        assert_eq!(l.code, "gold");
        assert_eq!(l.spend_threshold, Fen(10_000_000));
        assert_eq!(l.points_threshold, 100_000);
        assert_eq!(l.discount_bp, 250);
        assert_eq!(l.entry_fee, Fen::ZERO);
    }

    #[test]
    fn level_form_reports_the_bad_field() {
        let field = |f: fn(&mut LevelInput)| {
            let mut i = gold();
            f(&mut i);
            i.parse().unwrap_err().field
        };
        assert_eq!(field(|i| i.code = "gold card".into()), "code");
        assert_eq!(field(|i| i.name_zh = " ".into()), "name_zh");
        assert_eq!(field(|i| i.rank = "0".into()), "rank");
        assert_eq!(field(|i| i.spend_yuan = "1e5".into()), "spend_yuan");
        assert_eq!(field(|i| i.spend_yuan = "-5".into()), "spend_yuan");
        assert_eq!(field(|i| i.points = "-1".into()), "points");
        assert_eq!(
            field(|i| i.discount_percent = "100.01".into()),
            "discount_percent"
        );
        assert_eq!(
            field(|i| i.entry_fee_yuan = "0.001".into()),
            "entry_fee_yuan"
        );
    }
}
