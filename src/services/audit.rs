//! Writing and checking the audit log.

use super::{Actor, ServiceResult};
use crate::access_log::{AccessEntry, AccessLogPage, ReadRecord, Viewed, PAGE_SIZE};
use crate::audit::{
    personal_digest, verify_chain, AuditContent, AuditRow, ChainBreak, Personal, StoredEntry,
    CURRENT_VERSION, GENESIS_HASH,
};
use crate::store::{self, Db, StoreResult, WriteTx};
use crate::Role;

/// One audit event, described by the service that causes it.
///
/// Personal data — anything that identifies or describes a person, or that a person wrote:
/// e-mail, name, phone, a typed signature, a file name, a comment, a reason or note written
/// about a customer's case — goes in [`Event::personal`], never in `after` or `detail`: it is
/// stored beside the entry and erased after the confidentiality period (clause 10.3) while the
/// chain stays verifiable. `before`/`after`/`detail` hold ids, states, amounts and dates.
///
/// Two deliberate exceptions keep a staff member's own reason in `after`: the reason for
/// opening a customer outside one's branch (`customer.viewed`; the customer's access log
/// shows it) and an admin's reason for resetting a staff member's authenticator (`mfa.reset`).
/// Write those reasons without naming the customer.
pub struct Event<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<String>,
    pub subject_user_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub detail: Option<String>,
    pub personal: serde_json::Map<String, serde_json::Value>,
}

impl<'a> Event<'a> {
    pub fn new(action: &'a str, object_type: &'a str) -> Self {
        Event {
            action,
            object_type,
            object_id: None,
            subject_user_id: None,
            before: None,
            after: None,
            detail: None,
            personal: serde_json::Map::new(),
        }
    }
    /// Adds one item of personal data (see the type's documentation).
    pub fn personal(mut self, key: &str, value: impl serde::Serialize) -> Self {
        self.personal.insert(
            key.to_string(),
            serde_json::to_value(value).unwrap_or(serde_json::Value::Null),
        );
        self
    }
    pub fn object(mut self, id: impl ToString) -> Self {
        self.object_id = Some(id.to_string());
        self
    }
    pub fn subject(mut self, user_id: i64) -> Self {
        self.subject_user_id = Some(user_id);
        self
    }
    pub fn before(mut self, v: serde_json::Value) -> Self {
        self.before = Some(v);
        self
    }
    pub fn after(mut self, v: serde_json::Value) -> Self {
        self.after = Some(v);
        self
    }
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }
}

/// Appends `event` inside `tx`, so the entry commits or rolls back with the change it records.
pub async fn record(
    tx: &mut WriteTx,
    actor: &Actor,
    now: i64,
    mut event: Event<'_>,
) -> StoreResult<i64> {
    // A staff read records the reader's roles at the time: the customer's access log shows
    // them even after the roles change (clause 10.1).
    if let (Some(_), Some(user)) = (Viewed::from_action(event.action), actor.user_id) {
        let roles: Vec<Role> = store::users::roles_tx(tx, user)
            .await?
            .into_iter()
            .filter(|r| r.is_staff())
            .collect();
        if !roles.is_empty() {
            let mut after = match event.after.take() {
                Some(serde_json::Value::Object(map)) => map,
                Some(other) => {
                    let mut map = serde_json::Map::new();
                    map.insert("value".into(), other);
                    map
                }
                None => serde_json::Map::new(),
            };
            after.insert("roles".into(), serde_json::json!(roles));
            event.after = Some(serde_json::Value::Object(after));
        }
    }
    // The IP address is personal data too: it goes beside the entry with the rest.
    if let Some(ip) = &actor.ip {
        event.personal.insert("ip".into(), serde_json::json!(ip));
    }
    let personal = (!event.personal.is_empty()).then(|| {
        use rand::RngCore;
        let mut salt = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        Personal {
            salt: hex::encode(salt),
            json: serde_json::Value::Object(event.personal).to_string(),
        }
    });
    let content = AuditContent {
        at_ms: now,
        actor_id: actor.user_id,
        action: event.action.to_string(),
        object_type: event.object_type.to_string(),
        object_id: event.object_id,
        subject_user_id: event.subject_user_id,
        ip: None,
        before: event.before.map(|v| v.to_string()),
        after: event.after.map(|v| v.to_string()),
        detail: event.detail,
        version: CURRENT_VERSION,
        personal_digest: personal.as_ref().map(personal_digest),
    };
    store::audit::append(tx, &content, personal.as_ref()).await
}

/// The outcome of verifying the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    Intact { entries: i64 },
    Broken(ChainBreak),
}

/// Walks the whole chain in pages of 5,000 entries.
pub async fn verify(db: &Db) -> ServiceResult<ChainStatus> {
    let mut prev = GENESIS_HASH.to_string();
    let mut after = 0;
    let mut count = 0;
    loop {
        let page = store::audit::page_after(db.reader(), after, 5_000).await?;
        let Some(last) = page.last() else { break };
        let prev_seq = after;
        after = last.seq;
        count += page.len() as i64;
        match verify_chain(prev, prev_seq, &page) {
            Ok(h) => prev = h,
            Err(b) => return Ok(ChainStatus::Broken(b)),
        }
    }
    Ok(ChainStatus::Intact { entries: count })
}

/// The newest entries, with the actor's name, for the audit page.
pub async fn recent(db: &Db, limit: i64) -> ServiceResult<Vec<AuditRow>> {
    let entries: Vec<StoredEntry> = store::audit::recent(db.reader(), limit.clamp(1, 500)).await?;
    let mut actor_ids: Vec<i64> = entries.iter().filter_map(|e| e.content.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let names = store::users::names_of(db.reader(), &actor_ids).await?;
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let actor_name = e.content.actor_id.and_then(|id| names.get(&id).cloned());
        // A v2 entry's IP address sits with its personal data; the rest of that is shown as
        // it is, without the IP.
        let mut personal: Option<serde_json::Map<String, serde_json::Value>> = e
            .personal
            .as_ref()
            .and_then(|p| serde_json::from_str(&p.json).ok());
        let ip = match personal.as_mut().and_then(|m| m.remove("ip")) {
            Some(serde_json::Value::String(ip)) => Some(ip),
            _ => e.content.ip,
        };
        let erased = e.content.personal_digest.is_some() && e.personal.is_none();
        out.push(AuditRow {
            seq: e.seq,
            at_ms: e.content.at_ms,
            actor_id: e.content.actor_id,
            actor_name,
            action: e.content.action,
            object_type: e.content.object_type,
            object_id: e.content.object_id,
            subject_user_id: e.content.subject_user_id,
            ip,
            detail: e.content.detail,
            personal: personal
                .filter(|m| !m.is_empty())
                .map(|m| serde_json::Value::Object(m).to_string()),
            erased,
        });
    }
    Ok(out)
}

/// The customer's access log (clause 10): staff reads of their data, newest first, a page of
/// [`PAGE_SIZE`] before the cursor `before` (`None`: the newest). Staff appear by role only.
pub async fn access_log_of(
    db: &Db,
    customer_id: i64,
    before: Option<i64>,
) -> ServiceResult<AccessLogPage> {
    let before = before.filter(|b| *b > 0).unwrap_or(i64::MAX);
    let mut rows =
        store::audit::staff_reads_of(db.reader(), customer_id, before, PAGE_SIZE + 1).await?;
    let next = if rows.len() as i64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.0)
    } else {
        None
    };
    let entries = rows
        .into_iter()
        .filter_map(|(seq, at_ms, action, object_id, roles_now, after)| {
            let viewed = Viewed::from_action(&action)?;
            let record = ReadRecord::from_after(after.as_deref());
            let mut roles: Vec<Role> = match record.roles {
                Some(then) => then,
                None => store::users::parse_role_list(roles_now.as_deref()),
            };
            roles.retain(|r| r.is_staff());
            roles.sort();
            roles.dedup();
            Some(AccessEntry {
                seq,
                at_ms,
                roles,
                viewed,
                object_id,
                reason: record.reason,
            })
        })
        .collect();
    Ok(AccessLogPage { entries, next })
}
