//! Importing the purchase ledger (clause 2.1.1). Three ways in — the admin CSV upload, the
//! `vipcare import ledger` command and the order system's `POST /api/v1/ledger` — all end in
//! [`store_entries`]: the same external id with the same content is a no-op, with different
//! content a conflict that changes nothing.
//!
//! A CSV file with any malformed line (including an unknown customer) is refused whole, every
//! bad line listed, nothing written. Conflicts are listed too; the other lines are stored.

use super::audit::{self, Event};
use super::{Actor, ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::ledger::{
    parse_csv, validate, EntrySource, FieldError, LedgerEntry, LineError, ParsedFile, RawEntry,
    Totals, MAX_API_BATCH,
};
pub use crate::ledger::{ApiKeyInfo, ImportPreview, ImportStatus};
use crate::store::ledger::{self as ledger_store, Provenance, Stored};
use crate::store::{Db, StoreError, WriteTx};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Largest CSV upload.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// Rows per transaction when committing a staged upload (progress is reported per chunk).
pub const COMMIT_CHUNK: usize = 2_000;

/// Stores `entries` in `tx`: looks up each customer by e-mail and inserts or compares.
/// Returns, in order, what happened to each entry (`None`: no such customer).
pub async fn store_entries(
    tx: &mut WriteTx,
    entries: &[&LedgerEntry],
    p: Provenance,
) -> ServiceResult<Vec<Option<Stored>>> {
    let mut emails: Vec<&str> = entries.iter().map(|e| e.customer_email.as_str()).collect();
    emails.sort_unstable();
    emails.dedup();
    let ids = ledger_store::customer_ids(&mut **tx, &emails).await?;
    let known: Vec<(i64, &LedgerEntry)> = entries
        .iter()
        .filter_map(|e| ids.get(&e.customer_email).map(|&c| (c, *e)))
        .collect();
    let mut stored = ledger_store::insert_entries(tx, &known, p)
        .await?
        .into_iter();
    Ok(entries
        .iter()
        .map(|e| {
            ids.contains_key(&e.customer_email)
                .then(|| stored.next())
                .flatten()
        })
        .collect())
}

/// Counts of one import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub inserted: u64,
    pub unchanged: u64,
    pub conflicts: u64,
    pub rejected: u64,
}

impl Counts {
    fn add(&mut self, s: Option<Stored>) {
        match s {
            Some(Stored::Inserted) => self.inserted += 1,
            Some(Stored::Unchanged) => self.unchanged += 1,
            Some(Stored::Conflict) => self.conflicts += 1,
            None => self.rejected += 1,
        }
    }
}

fn audit_import(
    source: EntrySource,
    counts: &Counts,
    import_id: Option<i64>,
    api_key_id: Option<i64>,
) -> Event<'static> {
    let mut ev = Event::new("ledger.imported", "ledger").after(serde_json::json!({
        "source": source.as_str(),
        "inserted": counts.inserted,
        "unchanged": counts.unchanged,
        "conflicts": counts.conflicts,
        "rejected": counts.rejected,
        "import_id": import_id,
        "api_key_id": api_key_id,
    }));
    if let Some(id) = import_id {
        ev = ev.object(id);
    }
    ev
}

/// Stores already validated entries in one transaction with one audit entry (demo data,
/// tests, benchmarks). Returns the counts; unknown customers count as rejected.
pub async fn import_entries(
    db: &Db,
    actor: &Actor,
    source: EntrySource,
    entries: &[LedgerEntry],
    now: i64,
) -> ServiceResult<Counts> {
    let mut tx = db.begin_write().await?;
    let refs: Vec<&LedgerEntry> = entries.iter().collect();
    let p = Provenance {
        source,
        import_id: None,
        api_key_id: None,
        now,
    };
    let mut counts = Counts::default();
    for r in store_entries(&mut tx, &refs, p).await? {
        counts.add(r);
    }
    audit::record(
        &mut tx,
        actor,
        now,
        audit_import(source, &counts, None, None),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(counts)
}

/// Parses a file and adds every line whose customer does not exist to its errors. Returns the
/// customer ids found, by normalised e-mail (read-only).
async fn read_file(
    db: &Db,
    bytes: &[u8],
    now: i64,
) -> ServiceResult<(ParsedFile, HashMap<String, i64>)> {
    let mut parsed = parse_csv(bytes, now);
    let mut emails: Vec<&str> = parsed
        .entries
        .iter()
        .map(|(_, e)| e.customer_email.as_str())
        .collect();
    emails.sort_unstable();
    emails.dedup();
    let ids = ledger_store::customer_ids(db.reader(), &emails).await?;
    let unknown: Vec<LineError> = parsed
        .entries
        .iter()
        .filter(|(_, e)| !ids.contains_key(&e.customer_email))
        .map(|(line, _)| LineError {
            line: *line,
            field: "customer_email".into(),
            msg: Msg::ErrLedgerUnknownCustomer,
        })
        .collect();
    parsed.errors.extend(unknown);
    parsed.errors.sort_by_key(|e| e.line);
    Ok((parsed, ids))
}

/// The outcome of importing a whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub totals: Totals,
    pub counts: Counts,
    /// Malformed lines: when any, nothing was written.
    pub errors: Vec<LineError>,
    /// Lines whose external id exists with other content: not written.
    pub conflicts: Vec<LineError>,
}

impl FileReport {
    pub fn refused(&self) -> bool {
        !self.errors.is_empty()
    }
}

fn conflict_line(line: u64) -> LineError {
    LineError {
        line,
        field: "external_id".into(),
        msg: Msg::ErrLedgerConflict,
    }
}

/// Imports a whole file in one transaction (the CLI): all of it or, when any line is
/// malformed or names an unknown customer, none of it.
///
/// Pipelined: the file is parsed on a blocking thread and handed over in chunks, so writing
/// the first chunks overlaps with parsing the rest (two cores do two things). A file found bad
/// on its last line is rolled back as a whole; nothing is committed before the end.
pub async fn import_file(
    db: &Db,
    actor: &Actor,
    bytes: &[u8],
    source: EntrySource,
    now: i64,
) -> ServiceResult<FileReport> {
    const CHUNK: usize = 5_000;
    let (send, mut recv) = tokio::sync::mpsc::channel::<Vec<(u64, LedgerEntry)>>(4);
    let owned = bytes.to_vec();
    let parser = tokio::task::spawn_blocking(move || {
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut errors = crate::ledger::parse_csv_each(&owned, now, &mut |line, e| {
            chunk.push((line, e));
            if chunk.len() == CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                // A closed channel means the writer gave up; the errors still come back.
                let _ = send.blocking_send(full);
            }
        });
        if !chunk.is_empty() {
            let _ = send.blocking_send(chunk);
        }
        errors.shrink_to_fit();
        errors
    });
    let mut report = FileReport::default();
    let mut unknown: Vec<LineError> = Vec::new();
    let mut customers: HashMap<String, Option<i64>> = HashMap::new();
    let p = Provenance {
        source,
        import_id: None,
        api_key_id: None,
        now,
    };
    let mut tx = db.begin_write().await?;
    while let Some(chunk) = recv.recv().await {
        let mut missing: Vec<&str> = chunk
            .iter()
            .map(|(_, e)| e.customer_email.as_str())
            .filter(|m| !customers.contains_key(*m))
            .collect();
        if !missing.is_empty() {
            missing.sort_unstable();
            missing.dedup();
            let found = ledger_store::customer_ids(&mut *tx, &missing).await?;
            for m in missing {
                customers.insert(m.to_string(), found.get(m).copied());
            }
        }
        let mut known: Vec<(i64, &LedgerEntry)> = Vec::with_capacity(chunk.len());
        let mut lines: Vec<u64> = Vec::with_capacity(chunk.len());
        for (line, e) in &chunk {
            report.totals.add(e);
            match customers.get(&e.customer_email).copied().flatten() {
                Some(c) => {
                    known.push((c, e));
                    lines.push(*line);
                }
                None => unknown.push(LineError {
                    line: *line,
                    field: "customer_email".into(),
                    msg: Msg::ErrLedgerUnknownCustomer,
                }),
            }
        }
        // Once the file is known to be refused, only keep reading it for its errors.
        if !unknown.is_empty() {
            continue;
        }
        let results = ledger_store::insert_entries(&mut tx, &known, p).await?;
        for (line, r) in lines.iter().zip(results) {
            report.counts.add(Some(r));
            if r == Stored::Conflict {
                report.conflicts.push(conflict_line(*line));
            }
        }
    }
    let mut errors = parser
        .await
        .map_err(|e| ServiceError::Other(format!("ledger parser: {e}")))?;
    errors.extend(unknown);
    if !errors.is_empty() {
        drop(tx); // rolls back whatever was written
        errors.sort_by_key(|e| e.line);
        let mut bad: Vec<u64> = errors.iter().map(|e| e.line).collect();
        bad.dedup();
        report.counts = Counts {
            rejected: bad.len() as u64,
            ..Counts::default()
        };
        report.conflicts.clear();
        report.errors = errors;
        return Ok(report);
    }
    audit::record(
        &mut tx,
        actor,
        now,
        audit_import(source, &report.counts, None, None),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(report)
}

// ---------------------------------------------------------------- staged upload (admin)

/// Checks an uploaded file and stages it; nothing reaches the ledger yet.
pub async fn preview_upload(
    db: &Db,
    actor: &Actor,
    filename: &str,
    bytes: &[u8],
    now: i64,
) -> ServiceResult<ImportPreview> {
    let staff_id = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(ServiceError::Invalid {
            field: "file",
            msg: Msg::ErrUploadTooLarge,
        });
    }
    if bytes.is_empty() {
        return Err(ServiceError::Invalid {
            field: "file",
            msg: Msg::ErrUploadEmpty,
        });
    }
    let (parsed, customers) = read_file(db, bytes, now).await?;
    let ids: Vec<&str> = parsed
        .entries
        .iter()
        .map(|(_, e)| e.external_id.as_str())
        .collect();
    let existing = ledger_store::existing_by_external_id(db.reader(), &ids).await?;
    let (mut new_rows, mut unchanged_rows, mut conflicts) = (0u64, 0u64, Vec::new());
    for (line, e) in &parsed.entries {
        match existing.get(&e.external_id) {
            None => new_rows += 1,
            Some(&(cid, kind, amount, points, at)) => {
                if Some(&cid) == customers.get(&e.customer_email)
                    && kind == e.kind
                    && amount == e.amount
                    && points == e.points
                    && at == e.occurred_at_ms
                {
                    unchanged_rows += 1;
                } else {
                    conflicts.push(conflict_line(*line));
                }
            }
        }
    }
    let filename: String = filename
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let filename = if filename.trim().is_empty() {
        "ledger.csv".to_string()
    } else {
        filename
    };
    let mut preview = ImportPreview {
        import_id: 0,
        filename,
        totals: Totals::of(parsed.entries.iter().map(|(_, e)| e)),
        new_rows,
        unchanged_rows,
        conflicts,
        errors: parsed.errors,
    };
    let report = serde_json::to_string(&(&preview.errors, &preview.conflicts))
        .map_err(|e| ServiceError::Other(e.to_string()))?;
    let sha = hex::encode(Sha256::digest(bytes));
    let mut tx = db.begin_write().await?;
    let id = ledger_store::insert_import(
        &mut tx,
        &ledger_store::NewImport {
            filename: &preview.filename,
            sha256: &sha,
            content: bytes,
            status: if preview.errors.is_empty() {
                "previewed"
            } else {
                "rejected"
            },
            rows_total: preview.totals.rows as i64,
            report: &report,
            created_by: staff_id,
            now,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("ledger.upload_previewed", "ledger_import")
            .object(id)
            .after(serde_json::json!({
                "filename": preview.filename,
                "sha256": sha,
                "rows": preview.totals.rows,
                "errors": preview.errors.len(),
                "conflicts": preview.conflicts.len(),
            })),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    preview.import_id = id;
    Ok(preview)
}

/// Claims a previewed upload for committing. Returns false when it is not committable
/// (already committed, being committed, or refused) — the caller then does nothing.
pub async fn start_commit(db: &Db, actor: &Actor, import_id: i64, now: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    if ledger_store::get_import(db.reader(), import_id)
        .await?
        .is_none()
    {
        return Err(ServiceError::NotFound);
    }
    if !ledger_store::claim_import(&mut tx, import_id).await? {
        return Err(ServiceError::Conflict(Msg::ErrImportNotCommittable));
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("ledger.upload_commit_started", "ledger_import").object(import_id),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Commits a claimed upload in chunks of [`COMMIT_CHUNK`] rows, each chunk with its progress
/// in one transaction, so a node that stops half-way resumes exactly where it was (see
/// [`resume_stalled`]). The file is checked again first: a customer deleted since the
/// preview fails the import without writing anything.
pub async fn run_commit(db: &Db, actor: &Actor, import_id: i64, now: i64) -> ServiceResult<()> {
    let Some(row) = ledger_store::get_import(db.reader(), import_id).await? else {
        return Err(ServiceError::NotFound);
    };
    if row.status != "committing" {
        return Ok(());
    }
    let content = ledger_store::import_content(db.reader(), import_id).await?;
    let (parsed, _) = read_file(db, &content, row.created_at.max(now)).await?;
    if !parsed.errors.is_empty() {
        let report = serde_json::to_string(&(&parsed.errors, Vec::<LineError>::new()))
            .map_err(|e| ServiceError::Other(e.to_string()))?;
        let mut tx = db.begin_write().await?;
        ledger_store::finish_import(&mut tx, import_id, "failed", Some(&report), now).await?;
        audit::record(
            &mut tx,
            actor,
            now,
            Event::new("ledger.upload_failed", "ledger_import").object(import_id),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(());
    }
    let p = Provenance {
        source: EntrySource::Csv,
        import_id: Some(import_id),
        api_key_id: None,
        now,
    };
    let mut conflicts: Vec<LineError> = Vec::new();
    let mut total = Counts::default();
    let skip = row.rows_done.max(0) as usize;
    for chunk in parsed.entries[skip.min(parsed.entries.len())..].chunks(COMMIT_CHUNK) {
        let refs: Vec<&LedgerEntry> = chunk.iter().map(|(_, e)| e).collect();
        let mut tx = db.begin_write().await?;
        let results = store_entries(&mut tx, &refs, p).await?;
        let mut c = Counts::default();
        for ((line, _), r) in chunk.iter().zip(&results) {
            c.add(*r);
            if *r == Some(Stored::Conflict) {
                conflicts.push(conflict_line(*line));
            }
        }
        ledger_store::add_import_progress(
            &mut tx,
            import_id,
            chunk.len() as i64,
            c.inserted as i64,
            c.unchanged as i64,
            c.conflicts as i64,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        total.inserted += c.inserted;
        total.unchanged += c.unchanged;
        total.conflicts += c.conflicts;
        tokio::task::yield_now().await;
    }
    // A resumed import lists the conflicts of the chunks it ran; the conflict count on the
    // import row covers all of them.
    conflicts.sort_by_key(|c| c.line);
    let report = serde_json::to_string(&(Vec::<LineError>::new(), &conflicts))
        .map_err(|e| ServiceError::Other(e.to_string()))?;
    let mut tx = db.begin_write().await?;
    ledger_store::finish_import(&mut tx, import_id, "committed", Some(&report), now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        audit_import(EntrySource::Csv, &total, Some(import_id), None),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Resumes uploads left `committing` (a node stopped mid-way). Idempotent.
pub async fn resume_stalled(db: &Db, now: i64) -> ServiceResult<usize> {
    let ids = ledger_store::stalled_imports(db.reader()).await?;
    let actor = Actor {
        user_id: None,
        ip: Some("job".into()),
    };
    for id in &ids {
        run_commit(db, &actor, *id, now).await?;
    }
    Ok(ids.len())
}

fn import_status_of(r: ledger_store::ImportRow) -> ImportStatus {
    let (errors, conflict_lines) = r
        .report
        .as_deref()
        .and_then(|s| serde_json::from_str::<(Vec<LineError>, Vec<LineError>)>(s).ok())
        .unwrap_or_default();
    ImportStatus {
        id: r.id,
        filename: r.filename,
        status: r.status,
        rows_total: r.rows_total,
        rows_done: r.rows_done,
        inserted: r.inserted,
        unchanged: r.unchanged,
        conflicts: r.conflicts,
        created_at: r.created_at,
        finished_at: r.finished_at,
        errors,
        conflict_lines,
    }
}

pub async fn import_status(db: &Db, import_id: i64) -> ServiceResult<ImportStatus> {
    ledger_store::get_import(db.reader(), import_id)
        .await?
        .map(import_status_of)
        .ok_or(ServiceError::NotFound)
}

pub async fn recent_imports(db: &Db) -> ServiceResult<Vec<ImportStatus>> {
    Ok(ledger_store::recent_imports(db.reader(), 20)
        .await?
        .into_iter()
        .map(import_status_of)
        .collect())
}

// ---------------------------------------------------------------- the order system's API

/// What happened to one entry of an API batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    Inserted,
    Unchanged,
    Conflict,
    Rejected,
}

/// One entry's result, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryResult {
    pub index: usize,
    pub external_id: String,
    pub status: EntryStatus,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub errors: Vec<ApiFieldError>,
}

/// A field problem in the API's answer: the field, a stable code and an English message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiFieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl From<FieldError> for ApiFieldError {
    fn from(e: FieldError) -> Self {
        ApiFieldError {
            field: e.field.into(),
            code: format!("{:?}", e.msg),
            message: e.msg.text(crate::Lang::En).into(),
        }
    }
}

/// `POST /api/v1/ledger`: validates each entry, stores the valid ones in one transaction and
/// answers per entry. A batch over [`MAX_API_BATCH`] entries is refused whole.
pub async fn import_api(
    db: &Db,
    api_key_id: i64,
    ip: Option<String>,
    raw: &[RawEntry],
    now: i64,
) -> ServiceResult<(Counts, Vec<EntryResult>)> {
    if raw.len() > MAX_API_BATCH {
        return Err(ServiceError::Invalid {
            field: "entries",
            msg: Msg::ErrLedgerBatchTooLarge,
        });
    }
    let mut results: Vec<EntryResult> = Vec::with_capacity(raw.len());
    let mut valid: Vec<(usize, LedgerEntry)> = Vec::with_capacity(raw.len());
    let mut first_index: HashMap<String, usize> = HashMap::new();
    for (i, r) in raw.iter().enumerate() {
        match validate(r, now) {
            Ok(e) => {
                if let Some(&j) = first_index.get(&e.external_id) {
                    // Repeated inside one batch: the same answer as the first, or a conflict.
                    let same = valid.iter().any(|(k, v)| *k == j && v.same_content(&e));
                    results.push(EntryResult {
                        index: i,
                        external_id: e.external_id.clone(),
                        status: if same {
                            EntryStatus::Unchanged
                        } else {
                            EntryStatus::Conflict
                        },
                        errors: vec![],
                    });
                } else {
                    first_index.insert(e.external_id.clone(), i);
                    results.push(EntryResult {
                        index: i,
                        external_id: e.external_id.clone(),
                        status: EntryStatus::Inserted,
                        errors: vec![],
                    });
                    valid.push((i, e));
                }
            }
            Err(errs) => results.push(EntryResult {
                index: i,
                external_id: r.external_id.trim().to_string(),
                status: EntryStatus::Rejected,
                errors: errs.into_iter().map(Into::into).collect(),
            }),
        }
    }
    let actor = Actor { user_id: None, ip };
    let mut tx = db.begin_write().await?;
    let refs: Vec<&LedgerEntry> = valid.iter().map(|(_, e)| e).collect();
    let stored = store_entries(
        &mut tx,
        &refs,
        Provenance {
            source: EntrySource::Api,
            import_id: None,
            api_key_id: Some(api_key_id),
            now,
        },
    )
    .await?;
    for ((i, _), s) in valid.iter().zip(&stored) {
        let r = &mut results[*i];
        match s {
            Some(Stored::Inserted) => r.status = EntryStatus::Inserted,
            Some(Stored::Unchanged) => r.status = EntryStatus::Unchanged,
            Some(Stored::Conflict) => r.status = EntryStatus::Conflict,
            None => {
                r.status = EntryStatus::Rejected;
                r.errors = vec![FieldError {
                    field: "customer_email",
                    msg: Msg::ErrLedgerUnknownCustomer,
                }
                .into()];
            }
        }
    }
    let mut counts = Counts::default();
    for r in &results {
        match r.status {
            EntryStatus::Inserted => counts.inserted += 1,
            EntryStatus::Unchanged => counts.unchanged += 1,
            EntryStatus::Conflict => counts.conflicts += 1,
            EntryStatus::Rejected => counts.rejected += 1,
        }
    }
    ledger_store::touch_api_key(&mut tx, api_key_id, now).await?;
    audit::record(
        &mut tx,
        &actor,
        now,
        audit_import(EntrySource::Api, &counts, None, Some(api_key_id)),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok((counts, results))
}

// ---------------------------------------------------------------- API keys

/// Prefix of every key, so a leaked key is recognisable (secret scanners, logs).
pub const API_KEY_PREFIX: &str = "vck_";

fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

pub async fn list_api_keys(db: &Db) -> ServiceResult<Vec<ApiKeyInfo>> {
    Ok(ledger_store::list_api_keys(db.reader())
        .await?
        .into_iter()
        .map(|k| ApiKeyInfo {
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        })
        .collect())
}

/// Creates a key; the only time its secret is seen. 32 random bytes, hex.
pub async fn create_api_key(
    db: &Db,
    actor: &Actor,
    name: &str,
    now: i64,
) -> ServiceResult<(i64, String)> {
    use rand::RngCore;
    let staff_id = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ServiceError::Invalid {
            field: "name",
            msg: Msg::ErrApiKeyName,
        });
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let key = format!("{API_KEY_PREFIX}{}", hex::encode(bytes));
    let prefix: String = key.chars().take(API_KEY_PREFIX.len() + 6).collect();
    let mut tx = db.begin_write().await?;
    let id = ledger_store::insert_api_key(&mut tx, name, &prefix, &hash_key(&key), staff_id, now)
        .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("api_key.created", "api_key")
            .object(id)
            .after(serde_json::json!({"name": name, "prefix": prefix})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok((id, key))
}

pub async fn revoke_api_key(db: &Db, actor: &Actor, id: i64, now: i64) -> ServiceResult<()> {
    let staff_id = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    let mut tx = db.begin_write().await?;
    let key = ledger_store::get_api_key_tx(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if key.revoked_at.is_some() {
        return Ok(());
    }
    ledger_store::revoke_api_key(&mut tx, id, staff_id, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("api_key.revoked", "api_key")
            .object(id)
            .before(serde_json::json!({"name": key.name, "prefix": key.prefix})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The live key behind a bearer token, or `None`.
pub async fn authenticate_api_key(db: &Db, bearer: &str) -> ServiceResult<Option<i64>> {
    let bearer = bearer.trim();
    if !bearer.starts_with(API_KEY_PREFIX) || bearer.len() > 200 {
        return Ok(None);
    }
    Ok(ledger_store::find_live_api_key(db.reader(), &hash_key(bearer)).await?)
}
