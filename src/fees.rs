//! The published fee schedule (clauses 6.1.1, 6.1.2): versions of fee items with an
//! effective-from date, as shown on the public `/fees` page and managed by finance.

use crate::money::parse_percent_bp;
use crate::{Fen, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One priced service item of a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeItem {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub unit_price: Fen,
    /// Tax rate in basis points (600 = 6 %).
    pub tax_bp: i64,
}

impl FeeItem {
    pub fn name(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }

    pub fn unit(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.unit_zh, &self.unit_en)
    }
}

/// A version's place in time relative to today (for the page, not stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionState {
    Draft,
    /// Published, in force from a future date.
    Upcoming,
    /// Published and in force today.
    InForce,
    /// Published, superseded by a later version already in force.
    Past,
}

/// A version of the schedule with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeVersion {
    pub id: i64,
    pub label: String,
    pub effective_from: NaiveDate,
    pub published: bool,
    pub state: VersionState,
    pub items: Vec<FeeItem>,
}

/// The versions of the schedule, newest effective date first, without items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub id: i64,
    pub label: String,
    pub effective_from: NaiveDate,
    pub state: VersionState,
    pub items: usize,
}

/// Everything the public fee page shows (6.1.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeePage {
    /// The version asked for (in force today when none was asked for).
    pub shown: Option<FeeVersion>,
    /// The next version, when one is published with a future date.
    pub upcoming: Option<FeeVersion>,
    /// All published versions, for browsing.
    pub versions: Vec<VersionSummary>,
}

/// Where `id` stands among `versions` (id, effective_from, published) on `today`.
pub fn state_of(
    versions: &[crate::billing::VersionFacts],
    id: i64,
    today: NaiveDate,
) -> VersionState {
    let Some(v) = versions.iter().find(|v| v.id == id) else {
        return VersionState::Draft;
    };
    if !v.published {
        VersionState::Draft
    } else if v.effective_from > today {
        VersionState::Upcoming
    } else if crate::billing::in_force(versions, today) == Some(id) {
        VersionState::InForce
    } else {
        VersionState::Past
    }
}

/// The fee item form as typed by finance (price in yuan, tax in percent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeItemInput {
    /// 0 for a new item.
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub price_yuan: String,
    pub tax_percent: String,
}

/// A problem with one field of a billing form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub msg: Msg,
}

fn bad(field: &'static str, msg: Msg) -> FieldError {
    FieldError { field, msg }
}

/// A short code: lowercase letters, digits, `-` and `_`, 1–32 characters.
pub fn parse_code(s: &str) -> Option<String> {
    let code = s.trim().to_ascii_lowercase();
    let ok = !code.is_empty()
        && code.len() <= 32
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    ok.then_some(code)
}

fn short_text(s: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > max {
        return Err(bad(field, Msg::ErrFeeText));
    }
    Ok(t.to_string())
}

impl FeeItemInput {
    pub fn parse(&self) -> Result<FeeItem, FieldError> {
        let code = parse_code(&self.code).ok_or(bad("code", Msg::ErrFeeCode))?;
        let name_zh = short_text(&self.name_zh, "name_zh", 60)?;
        let name_en = short_text(&self.name_en, "name_en", 80)?;
        let unit_zh = short_text(&self.unit_zh, "unit_zh", 20)?;
        let unit_en = short_text(&self.unit_en, "unit_en", 20)?;
        let unit_price = match Fen::parse_yuan(&self.price_yuan) {
            Some(f) if f.0 >= 0 && f.0 <= 1_000_000_000_000 => f,
            _ => return Err(bad("price_yuan", Msg::ErrAmountInvalid)),
        };
        let tax_bp =
            parse_percent_bp(&self.tax_percent).ok_or(bad("tax_percent", Msg::ErrFeeTax))?;
        Ok(FeeItem {
            id: self.id,
            code,
            name_zh,
            name_en,
            unit_zh,
            unit_en,
            unit_price,
            tax_bp,
        })
    }
}

/// The version form: a label and the date it takes effect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInput {
    pub label: String,
    pub effective_from: String,
}

impl VersionInput {
    pub fn parse(&self) -> Result<(String, NaiveDate), FieldError> {
        let label = short_text(&self.label, "label", 60)?;
        let day = NaiveDate::parse_from_str(self.effective_from.trim(), "%Y-%m-%d")
            .map_err(|_| bad("effective_from", Msg::ErrDateInvalid))?;
        Ok((label, day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::VersionFacts;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn clause_6_1_2_item_input_parses_yuan_and_percent_without_floats() {
        let item = FeeItemInput {
            id: 0,
            code: " Consult-Hour ".into(),
            name_zh: "顾问".into(),
            name_en: "Adviser".into(),
            unit_zh: "小时".into(),
            unit_en: "hour".into(),
            price_yuan: "¥1,200.50".into(),
            tax_percent: "6.5%".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(item.code, "consult-hour");
        assert_eq!(item.unit_price, Fen(120_050));
        assert_eq!(item.tax_bp, 650);
        assert_eq!(crate::money::percent_of_bp(650), "6.5%");
        assert_eq!(crate::money::percent_of_bp(600), "6%");
    }

    #[test]
    fn clause_6_1_2_bad_item_fields_are_named() {
        let ok = FeeItemInput {
            code: "a".into(),
            name_zh: "甲".into(),
            name_en: "A".into(),
            unit_zh: "次".into(),
            unit_en: "time".into(),
            price_yuan: "1".into(),
            tax_percent: "".into(),
            ..Default::default()
        };
        assert_eq!(ok.parse().unwrap().tax_bp, 0);
        let field = |f: &dyn Fn(&mut FeeItemInput)| {
            let mut i = ok.clone();
            f(&mut i);
            i.parse().unwrap_err().field
        };
        assert_eq!(field(&|i| i.code = "a b".into()), "code");
        assert_eq!(field(&|i| i.name_en = " ".into()), "name_en");
        assert_eq!(field(&|i| i.price_yuan = "-1".into()), "price_yuan");
        assert_eq!(field(&|i| i.price_yuan = "1.005".into()), "price_yuan");
        assert_eq!(field(&|i| i.tax_percent = "101".into()), "tax_percent");
    }

    #[test]
    fn clause_6_1_2_states_of_versions() {
        let v = [
            VersionFacts {
                id: 1,
                effective_from: d("2025-01-01"),
                published: true,
            },
            VersionFacts {
                id: 2,
                effective_from: d("2026-01-01"),
                published: true,
            },
            VersionFacts {
                id: 3,
                effective_from: d("2027-01-01"),
                published: true,
            },
            VersionFacts {
                id: 4,
                effective_from: d("2026-06-01"),
                published: false,
            },
        ];
        let today = d("2026-11-25");
        assert_eq!(state_of(&v, 1, today), VersionState::Past);
        assert_eq!(state_of(&v, 2, today), VersionState::InForce);
        assert_eq!(state_of(&v, 3, today), VersionState::Upcoming);
        assert_eq!(state_of(&v, 4, today), VersionState::Draft);
    }
}
