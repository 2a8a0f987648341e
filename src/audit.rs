//! The tamper-evident audit chain (SPEC §3: "each entry carries the hash of the previous one").
//!
//! An entry's hash is SHA-256 over the previous entry's hash and the entry's own content, each
//! field length-prefixed so no two different entries can serialise alike.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that stands before the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an audit entry says, apart from its position in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AuditContent {
    /// Unix time in milliseconds, UTC.
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    /// The customer (or other person) the entry is about, for "who looked at my data" (cl. 10).
    pub subject_user_id: Option<i64>,
    pub ip: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub detail: Option<String>,
}

fn put(h: &mut Sha256, field: Option<&str>) {
    match field {
        None => h.update([0u8]),
        Some(s) => {
            h.update([1u8]);
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        }
    }
}

/// The hash of an entry with sequence number `seq` that follows `prev_hash`.
pub fn entry_hash(prev_hash: &str, seq: i64, c: &AuditContent) -> String {
    let mut h = Sha256::new();
    put(&mut h, Some(prev_hash));
    put(&mut h, Some(&seq.to_string()));
    put(&mut h, Some(&c.at_ms.to_string()));
    put(&mut h, c.actor_id.map(|v| v.to_string()).as_deref());
    put(&mut h, Some(&c.action));
    put(&mut h, Some(&c.object_type));
    put(&mut h, c.object_id.as_deref());
    put(&mut h, c.subject_user_id.map(|v| v.to_string()).as_deref());
    put(&mut h, c.ip.as_deref());
    put(&mut h, c.before.as_deref());
    put(&mut h, c.after.as_deref());
    put(&mut h, c.detail.as_deref());
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// An entry as the audit page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub subject_user_id: Option<i64>,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

/// One stored entry as read back for verification.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub seq: i64,
    pub content: AuditContent,
    pub prev_hash: String,
    pub hash: String,
}

/// Why a chain failed verification: the first entry that does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: &'static str,
}

/// Verifies entries in sequence order, continuing from `prev` (the genesis hash for a full run)
/// at sequence number `prev_seq` (0 for a full run). Sequence numbers have no gaps (the log is
/// append-only), so an entry deleted from the middle is named by its own number.
pub fn verify_chain<'a>(
    mut prev: String,
    mut prev_seq: i64,
    entries: impl IntoIterator<Item = &'a StoredEntry>,
) -> Result<String, ChainBreak> {
    for e in entries {
        if e.seq != prev_seq + 1 {
            return Err(ChainBreak {
                seq: prev_seq + 1,
                reason: "entry is missing",
            });
        }
        prev_seq = e.seq;
        if e.prev_hash != prev {
            return Err(ChainBreak {
                seq: e.seq,
                reason: "previous hash does not match",
            });
        }
        if entry_hash(&prev, e.seq, &e.content) != e.hash {
            return Err(ChainBreak {
                seq: e.seq,
                reason: "content does not match its hash",
            });
        }
        prev = e.hash.clone();
    }
    Ok(prev)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<StoredEntry> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let content = AuditContent {
                    at_ms: 1_767_225_600_000 + seq,
                    actor_id: Some(seq),
                    action: "auth.sign_in".into(),
                    object_type: "user".into(),
                    ..Default::default()
                };
                let hash = entry_hash(&prev, seq, &content);
                let e = StoredEntry {
                    seq,
                    content,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let c = chain(5);
        assert_eq!(
            verify_chain(GENESIS_HASH.into(), 0, &c),
            Ok(c[4].hash.clone())
        );
    }

    #[test]
    fn editing_any_entry_breaks_the_chain_there() {
        let mut c = chain(5);
        c[2].content.action = "auth.sign_out".into();
        assert_eq!(verify_chain(GENESIS_HASH.into(), 0, &c).unwrap_err().seq, 3);
    }

    #[test]
    fn removing_an_entry_names_the_missing_one() {
        let mut c = chain(5);
        c.remove(1);
        let b = verify_chain(GENESIS_HASH.into(), 0, &c).unwrap_err();
        assert_eq!((b.seq, b.reason), (2, "entry is missing"));
        // Removed and renumbered to close the gap: the hashes (which cover the number) break.
        let mut c = chain(5);
        c.remove(1);
        c[1].seq = 2;
        assert_eq!(verify_chain(GENESIS_HASH.into(), 0, &c).unwrap_err().seq, 2);
    }

    #[test]
    fn none_and_empty_fields_hash_differently() {
        let a = AuditContent::default();
        let b = AuditContent {
            detail: Some(String::new()),
            ..Default::default()
        };
        assert_ne!(
            entry_hash(GENESIS_HASH, 1, &a),
            entry_hash(GENESIS_HASH, 1, &b)
        );
    }
}
