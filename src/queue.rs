//! The order of the service queue (clause 3.2.2): VIP customers first under equal conditions.
//! Urgency first (higher first), then VIP level (higher rank first; non-VIP last), then the
//! SLA due time (sooner first; a paused clock after running ones), then age (older first),
//! then id, so the order is total and stable. The same key drives the SQL `ORDER BY` and the
//! keyset cursor of the queue's pages.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Urgency of a request, as the customer or staff set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Low,
    Normal,
    High,
    Urgent,
}

impl Urgency {
    pub const ALL: [Urgency; 4] = [
        Urgency::Low,
        Urgency::Normal,
        Urgency::High,
        Urgency::Urgent,
    ];

    pub fn rank(self) -> i64 {
        self as i64
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
            Urgency::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

/// What the queue sorts a request by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueKey {
    pub urgency: Urgency,
    /// The customer's VIP level rank at opening (0: not a VIP).
    pub level_rank: i64,
    /// SLA due time in ms; `None` while the clock is paused.
    pub due_ms: Option<i64>,
    pub created_ms: i64,
    pub id: i64,
}

impl Ord for QueueKey {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .urgency
            .cmp(&self.urgency)
            .then(other.level_rank.cmp(&self.level_rank))
            .then(match (self.due_ms, other.due_ms) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then(self.created_ms.cmp(&other.created_ms))
            .then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for QueueKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Where a request stands in its queue: 1 + how many come before it.
pub fn position(key: &QueueKey, queue: &[QueueKey]) -> usize {
    1 + queue.iter().filter(|k| *k < key).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k(
        urgency: Urgency,
        level_rank: i64,
        due_ms: Option<i64>,
        created_ms: i64,
        id: i64,
    ) -> QueueKey {
        QueueKey {
            urgency,
            level_rank,
            due_ms,
            created_ms,
            id,
        }
    }

    #[test]
    fn clause_3_2_2_vip_goes_first_under_equal_urgency() {
        let non_vip_older = k(Urgency::Normal, 0, Some(1_000), 1, 1);
        let vip_newer = k(Urgency::Normal, 1, Some(9_000), 5, 2);
        let urgent_non_vip = k(Urgency::Urgent, 0, Some(9_999), 9, 3);
        let mut q = vec![non_vip_older, vip_newer, urgent_non_vip];
        q.sort();
        assert_eq!(q.iter().map(|x| x.id).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(position(&non_vip_older, &q), 3);
        // Same urgency and level: sooner due first, then older, paused clocks after running ones.
        let mut q = [
            k(Urgency::High, 2, None, 0, 10),
            k(Urgency::High, 2, Some(50), 7, 11),
            k(Urgency::High, 2, Some(50), 3, 12),
            k(Urgency::High, 2, Some(40), 9, 13),
        ];
        q.sort();
        assert_eq!(q.iter().map(|x| x.id).collect::<Vec<_>>(), [13, 12, 11, 10]);
    }

    fn key() -> impl Strategy<Value = QueueKey> {
        (
            0usize..4,
            0i64..4,
            proptest::option::of(0i64..100),
            0i64..100,
            0i64..1_000,
        )
            .prop_map(|(u, l, d, c, id)| k(Urgency::ALL[u], l, d, c, id))
    }

    proptest! {
        /// The order is total and consistent: sorting is deterministic whatever the input order,
        /// and a VIP never sorts after a non-VIP of the same urgency.
        #[test]
        fn clause_3_2_2_queue_order_is_total_and_vip_first(mut keys in proptest::collection::vec(key(), 0..40)) {
            let mut a = keys.clone();
            a.sort();
            keys.reverse();
            keys.sort();
            prop_assert_eq!(&a, &keys);
            for w in a.windows(2) {
                prop_assert!(w[0] <= w[1]);
                if w[0].urgency == w[1].urgency {
                    prop_assert!(w[0].level_rank >= w[1].level_rank);
                }
            }
        }
    }
}
