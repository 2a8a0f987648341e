//! The tamper-evident audit chain (SPEC §3: "each entry carries the hash of the previous one").
//!
//! An entry's hash is SHA-256 over the previous entry's hash and the entry's own content, each
//! field length-prefixed so no two different entries can serialise alike.
//!
//! **Version 2** (clause 10.3, retention): an entry's personal data — an e-mail, a name, a
//! comment, a file name, the IP address — is not part of the content. It is stored beside the
//! entry (`audit_personal`) and the hash covers only its digest, SHA-256 over a random salt and
//! the data ([`personal_digest`]). Erasing the personal data after the confidentiality period
//! leaves every hash as it was, so the chain still verifies; data that is present must still
//! match its digest. Version 1 entries (written before migration 0015) hash as they always did.

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
    /// Chain version: 1 (personal data inline) or 2 (personal data beside the entry).
    pub version: i64,
    /// v2: the digest of the entry's personal data ([`personal_digest`]); `None`: it has none.
    pub personal_digest: Option<String>,
}

/// The version every new entry is written with.
pub const CURRENT_VERSION: i64 = 2;

/// An entry's personal data, stored beside it and erasable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Personal {
    /// 32 hex digits of random salt, so the digest does not give away short values.
    pub salt: String,
    /// A JSON object.
    pub json: String,
}

/// The digest a v2 entry's hash covers in place of its personal data.
pub fn personal_digest(p: &Personal) -> String {
    let mut h = Sha256::new();
    put(&mut h, Some(&p.salt));
    put(&mut h, Some(&p.json));
    hex(&h.finalize())
}

fn hex(digest: &[u8]) -> String {
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
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
    if c.version >= 2 {
        // Domain separation: a v2 entry cannot be passed off as v1 or the other way round.
        put(&mut h, Some("vipcare-audit-v2"));
    }
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
    if c.version >= 2 {
        put(&mut h, c.personal_digest.as_deref());
    }
    hex(&h.finalize())
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
    /// The personal data beside a v2 entry (a JSON object, without the IP address), for admins.
    pub personal: Option<String>,
    /// The entry's personal data was erased by the retention job (clause 10.3).
    pub erased: bool,
}

/// One stored entry as read back for verification.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub seq: i64,
    pub content: AuditContent,
    pub prev_hash: String,
    pub hash: String,
    /// v2: the personal data beside the entry, unless erased.
    pub personal: Option<Personal>,
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
        if let Some(p) = &e.personal {
            if e.content.personal_digest.as_deref() != Some(personal_digest(p).as_str()) {
                return Err(ChainBreak {
                    seq: e.seq,
                    reason: "personal data does not match its digest",
                });
            }
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
                // Odd entries v1, even ones v2 with personal data: a chain that crossed the
                // migration.
                let personal = (seq % 2 == 0).then(|| Personal {
                    salt: format!("{seq:032x}"),
                    json: format!(r#"{{"email":"user{seq}@example.com"}}"#),
                });
                let content = AuditContent {
                    at_ms: 1_767_225_600_000 + seq,
                    actor_id: Some(seq),
                    action: "auth.sign_in".into(),
                    object_type: "user".into(),
                    version: if seq % 2 == 0 { 2 } else { 1 },
                    personal_digest: personal.as_ref().map(personal_digest),
                    ..Default::default()
                };
                let hash = entry_hash(&prev, seq, &content);
                let e = StoredEntry {
                    seq,
                    content,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                    personal,
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

    #[test]
    fn clause_10_3_erasing_personal_data_keeps_the_chain_verifiable() {
        let mut c = chain(6);
        let end = c[5].hash.clone();
        c[1].personal = None;
        c[3].personal = None;
        assert_eq!(verify_chain(GENESIS_HASH.into(), 0, &c), Ok(end));
    }

    #[test]
    fn clause_10_3_altered_personal_data_is_named() {
        let mut c = chain(6);
        c[3].personal.as_mut().unwrap().json = r#"{"email":"someone@else.com"}"#.into();
        let b = verify_chain(GENESIS_HASH.into(), 0, &c).unwrap_err();
        assert_eq!(
            (b.seq, b.reason),
            (4, "personal data does not match its digest")
        );
        // Replacing the digest too breaks the entry's own hash.
        let mut c = chain(6);
        let forged = Personal {
            salt: "00".repeat(16),
            json: "{}".into(),
        };
        c[3].content.personal_digest = Some(personal_digest(&forged));
        c[3].personal = Some(forged);
        let b = verify_chain(GENESIS_HASH.into(), 0, &c).unwrap_err();
        assert_eq!((b.seq, b.reason), (4, "content does not match its hash"));
    }

    #[test]
    fn a_v2_entry_cannot_pass_as_v1() {
        let mut c = chain(2);
        c[1].content.version = 1;
        assert_eq!(verify_chain(GENESIS_HASH.into(), 0, &c).unwrap_err().seq, 2);
    }

    #[test]
    fn the_salt_changes_the_digest() {
        let a = Personal {
            salt: "00".repeat(16),
            json: r#"{"name":"王"}"#.into(),
        };
        let b = Personal {
            salt: "01".repeat(16),
            ..a.clone()
        };
        assert_ne!(personal_digest(&a), personal_digest(&b));
    }
}
