//! The glossary (clause 1.1): the terms the agreement defines, each tied to the clause that
//! uses it. The interface uses the same words — one `Msg` per term.

use crate::i18n::Msg;

/// A defined term: its anchor on `/glossary` (`#term-<key>`), name, meaning and clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub key: &'static str,
    pub term: Msg,
    pub meaning: Msg,
    pub clause: &'static str,
}

/// The terms in the order of the agreement.
pub const TERMS: &[Term] = &[
    Term {
        key: "vip-customer",
        term: Msg::GlossTermVipCustomer,
        meaning: Msg::GlossDefVipCustomer,
        clause: "2.1.1",
    },
    Term {
        key: "eligibility",
        term: Msg::GlossTermEligibility,
        meaning: Msg::GlossDefEligibility,
        clause: "2.1.1",
    },
    Term {
        key: "grace-period",
        term: Msg::GlossTermGracePeriod,
        meaning: Msg::GlossDefGracePeriod,
        clause: "2.3.1",
    },
    Term {
        key: "service",
        term: Msg::GlossTermService,
        meaning: Msg::GlossDefService,
        clause: "3.1.1",
    },
    Term {
        key: "dedicated-agent",
        term: Msg::GlossTermDedicatedAgent,
        meaning: Msg::GlossDefDedicatedAgent,
        clause: "3.2.1",
    },
    Term {
        key: "priority",
        term: Msg::GlossTermPriority,
        meaning: Msg::GlossDefPriority,
        clause: "3.2.2",
    },
    Term {
        key: "service-plan",
        term: Msg::GlossTermServicePlan,
        meaning: Msg::GlossDefServicePlan,
        clause: "3.2.3",
    },
    Term {
        key: "sla",
        term: Msg::GlossTermSla,
        meaning: Msg::GlossDefSla,
        clause: "3.4.1",
    },
    Term {
        key: "right",
        term: Msg::GlossTermRight,
        meaning: Msg::GlossDefRight,
        clause: "4.1",
    },
    Term {
        key: "breach",
        term: Msg::GlossTermBreach,
        meaning: Msg::GlossDefBreach,
        clause: "4.3.2",
    },
    Term {
        key: "quality-evaluation",
        term: Msg::GlossTermQualityEvaluation,
        meaning: Msg::GlossDefQualityEvaluation,
        clause: "5.2.1",
    },
    Term {
        key: "fee",
        term: Msg::GlossTermFee,
        meaning: Msg::GlossDefFee,
        clause: "6.1.2",
    },
    Term {
        key: "complaint",
        term: Msg::GlossTermComplaint,
        meaning: Msg::GlossDefComplaint,
        clause: "7.1",
    },
    Term {
        key: "compensation",
        term: Msg::GlossTermCompensation,
        meaning: Msg::GlossDefCompensation,
        clause: "8.2",
    },
    Term {
        key: "dispute",
        term: Msg::GlossTermDispute,
        meaning: Msg::GlossDefDispute,
        clause: "11.1",
    },
    Term {
        key: "effective-date",
        term: Msg::GlossTermEffectiveDate,
        meaning: Msg::GlossDefEffectiveDate,
        clause: "13.3",
    },
    Term {
        key: "attachment",
        term: Msg::GlossTermAttachment,
        meaning: Msg::GlossDefAttachment,
        clause: "14",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use std::collections::BTreeSet;

    #[test]
    fn clause_1_1_every_term_names_a_clause_of_the_agreement() {
        let agreement = crate::clause_table::agreement_clause_ids();
        let mut keys = BTreeSet::new();
        for t in TERMS {
            assert!(keys.insert(t.key), "duplicate key {}", t.key);
            assert!(
                agreement.contains(t.clause),
                "{} names clause {} which the agreement does not have",
                t.key,
                t.clause
            );
            for lang in [Lang::Zh, Lang::En] {
                assert!(!t.term.text(lang).is_empty() && !t.meaning.text(lang).is_empty());
            }
        }
        assert!(TERMS.len() >= 15);
    }
}
