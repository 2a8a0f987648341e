//! The purchase ledger (clause 2.1.1): each customer's purchases, refunds and points
//! adjustments, each carrying the company's external transaction id so that every way in
//! (CSV upload, `vipcare import ledger`, `POST /api/v1/ledger`) is idempotent.
//!
//! This module is pure: it turns raw fields into a validated [`LedgerEntry`] and, behind `ssr`,
//! a CSV file into entries or a list of every bad line. The store and the import service do
//! the rest.

use crate::eligibility::Movement;
use crate::i18n::Msg;
use crate::money::Fen;
use crate::time::shanghai;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The CSV header, in this order (SPEC §2, issue 4).
pub const CSV_HEADER: [&str; 6] = [
    "external_id",
    "customer_email",
    "occurred_at",
    "kind",
    "amount_fen",
    "points",
];

/// Longest accepted external transaction id.
pub const MAX_EXTERNAL_ID: usize = 128;
/// Most entries in one API call.
pub const MAX_API_BATCH: usize = 1_000;
/// Largest single amount: ¥100,000,000.00 — far above any real order, far below overflow.
pub const MAX_AMOUNT_FEN: i64 = 10_000_000_000;
/// Largest single points movement.
pub const MAX_POINTS: i64 = 1_000_000_000;

/// What a ledger entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A purchase: amount ≥ 0, points ≥ 0 (points earned with it).
    Purchase,
    /// A refund: amount ≤ 0, points ≤ 0 (points taken back).
    Refund,
    /// A points adjustment without money: amount 0, points of either sign.
    Points,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Purchase => "purchase",
            EntryKind::Refund => "refund",
            EntryKind::Points => "points",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "purchase" => Some(EntryKind::Purchase),
            "refund" => Some(EntryKind::Refund),
            "points" => Some(EntryKind::Points),
            _ => None,
        }
    }

    pub fn msg(self) -> Msg {
        match self {
            EntryKind::Purchase => Msg::LedgerKindPurchase,
            EntryKind::Refund => Msg::LedgerKindRefund,
            EntryKind::Points => Msg::LedgerKindPoints,
        }
    }
}

/// Where an entry came from (kept with it, and in the audit entry of its import).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntrySource {
    Csv,
    Cli,
    Api,
    Demo,
}

impl EntrySource {
    pub fn as_str(self) -> &'static str {
        match self {
            EntrySource::Csv => "csv",
            EntrySource::Cli => "cli",
            EntrySource::Api => "api",
            EntrySource::Demo => "demo",
        }
    }
}

/// One validated ledger entry, before the customer's e-mail has been looked up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub external_id: String,
    /// Lower-cased, trimmed.
    pub customer_email: String,
    /// UTC, unix milliseconds.
    pub occurred_at_ms: i64,
    pub kind: EntryKind,
    pub amount: Fen,
    pub points: i64,
}

impl LedgerEntry {
    /// The Asia/Shanghai calendar date of the entry: the day eligibility counts it on.
    pub fn occurred_on(&self) -> NaiveDate {
        shanghai_date(self.occurred_at_ms)
    }

    /// Whether a stored entry with the same external id has the same content. The source and
    /// the moment of import do not count: re-sending an entry by another path is a no-op.
    pub fn same_content(&self, other: &LedgerEntry) -> bool {
        self.customer_email == other.customer_email
            && self.occurred_at_ms == other.occurred_at_ms
            && self.kind == other.kind
            && self.amount == other.amount
            && self.points == other.points
    }

    pub fn movement(&self) -> Movement {
        Movement {
            on: self.occurred_on(),
            amount: self.amount,
            points: self.points,
        }
    }
}

/// The Asia/Shanghai calendar date of a UTC instant.
pub fn shanghai_date(ms: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&shanghai()).date_naive())
        .unwrap_or(NaiveDate::MIN)
}

/// One ledger line as the portal and the staff show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub id: i64,
    pub external_id: String,
    pub kind: EntryKind,
    pub amount: Fen,
    pub points: i64,
    /// UTC, unix milliseconds.
    pub occurred_at_ms: i64,
    pub source: String,
}

/// A problem with one field of one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: &'static str,
    pub msg: Msg,
}

fn err(field: &'static str, msg: Msg) -> FieldError {
    FieldError { field, msg }
}

/// Reads `occurred_at`: RFC 3339 (any offset), or `YYYY-MM-DD HH:MM:SS` read as Asia/Shanghai.
pub fn parse_occurred_at(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok()?;
    shanghai()
        .from_local_datetime(&local)
        .single()
        .map(|t| t.timestamp_millis())
}

/// Raw fields of one entry, as they arrive from a CSV line or an API call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawEntry {
    pub external_id: String,
    pub customer_email: String,
    pub occurred_at: String,
    pub kind: String,
    pub amount_fen: String,
    pub points: String,
}

fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Validates one entry. `now_ms` bounds the date: an entry more than a day in the future is
/// refused (an order system cannot have sold it yet). Every problem is reported, not just
/// the first.
pub fn validate(raw: &RawEntry, now_ms: i64) -> Result<LedgerEntry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let external_id = raw.external_id.trim().to_string();
    if external_id.is_empty() {
        errors.push(err("external_id", Msg::ErrLedgerExternalIdRequired));
    } else if external_id.chars().count() > MAX_EXTERNAL_ID
        || external_id.chars().any(char::is_control)
    {
        errors.push(err("external_id", Msg::ErrLedgerExternalIdInvalid));
    }
    let email = match crate::validate::Email::parse(&raw.customer_email) {
        Ok(e) => e.normalized(),
        Err(m) => {
            errors.push(err("customer_email", m));
            String::new()
        }
    };
    let occurred_at_ms = match parse_occurred_at(&raw.occurred_at) {
        Some(ms) if ms > now_ms + 86_400_000 => {
            errors.push(err("occurred_at", Msg::ErrLedgerDateInFuture));
            0
        }
        Some(ms) => ms,
        None => {
            errors.push(err("occurred_at", Msg::ErrLedgerDateInvalid));
            0
        }
    };
    let kind = EntryKind::parse(&raw.kind);
    if kind.is_none() {
        errors.push(err("kind", Msg::ErrLedgerKindInvalid));
    }
    let amount = if raw.amount_fen.trim().is_empty() {
        Some(0)
    } else {
        parse_int(&raw.amount_fen)
    };
    let points = if raw.points.trim().is_empty() {
        Some(0)
    } else {
        parse_int(&raw.points)
    };
    match amount {
        Some(a) if a.abs() <= MAX_AMOUNT_FEN => {}
        _ => errors.push(err("amount_fen", Msg::ErrLedgerAmountInvalid)),
    }
    match points {
        Some(p) if p.abs() <= MAX_POINTS => {}
        _ => errors.push(err("points", Msg::ErrLedgerPointsInvalid)),
    }
    if let (Some(kind), Some(a), Some(p)) = (kind, amount, points) {
        match kind {
            EntryKind::Purchase if a < 0 || p < 0 => {
                errors.push(err("amount_fen", Msg::ErrLedgerPurchaseNegative))
            }
            EntryKind::Refund if a > 0 || p > 0 => {
                errors.push(err("amount_fen", Msg::ErrLedgerRefundPositive))
            }
            EntryKind::Points if a != 0 => {
                errors.push(err("amount_fen", Msg::ErrLedgerPointsWithMoney))
            }
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(LedgerEntry {
        external_id,
        customer_email: email,
        occurred_at_ms,
        kind: kind.unwrap_or(EntryKind::Purchase),
        amount: Fen(amount.unwrap_or(0)),
        points: points.unwrap_or(0),
    })
}

/// A bad line of a CSV file (1-based, the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    pub line: u64,
    pub field: String,
    pub msg: Msg,
}

/// A CSV file read whole: its entries with their line numbers, or every bad line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub entries: Vec<(u64, LedgerEntry)>,
    pub errors: Vec<LineError>,
}

/// Totals of a set of entries, for the preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub rows: u64,
    pub purchases: Fen,
    pub refunds: Fen,
    pub points: i64,
}

impl Totals {
    pub fn add(&mut self, e: &LedgerEntry) {
        self.rows += 1;
        if e.amount.0 >= 0 {
            self.purchases = Fen(self.purchases.0.saturating_add(e.amount.0));
        } else {
            self.refunds = Fen(self.refunds.0.saturating_add(e.amount.0));
        }
        self.points = self.points.saturating_add(e.points);
    }

    pub fn of<'a>(entries: impl IntoIterator<Item = &'a LedgerEntry>) -> Totals {
        let mut t = Totals::default();
        for e in entries {
            t.add(e);
        }
        t
    }
}

/// What the admin sees before committing an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub import_id: i64,
    pub filename: String,
    pub totals: Totals,
    /// Would be inserted / are already there unchanged / conflict with a stored entry.
    pub new_rows: u64,
    pub unchanged_rows: u64,
    pub conflicts: Vec<LineError>,
    /// Malformed lines: the file cannot be committed.
    pub errors: Vec<LineError>,
}

impl ImportPreview {
    pub fn can_commit(&self) -> bool {
        self.errors.is_empty() && self.new_rows > 0
    }
}

/// An upload as shown on the import page (status, progress, counts, problems).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStatus {
    pub id: i64,
    pub filename: String,
    pub status: String,
    pub rows_total: i64,
    pub rows_done: i64,
    pub inserted: i64,
    pub unchanged: i64,
    pub conflicts: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub errors: Vec<LineError>,
    pub conflict_lines: Vec<LineError>,
}

/// An API key as listed to admins (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyInfo {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// Reads a ledger CSV (UTF-8, optional BOM, header required, columns by name in any order).
/// Also reports an external id used twice in the same file with different content.
#[cfg(feature = "ssr")]
pub fn parse_csv(bytes: &[u8], now_ms: i64) -> ParsedFile {
    let mut entries = Vec::new();
    let errors = parse_csv_each(bytes, now_ms, &mut |line, e| entries.push((line, e)));
    ParsedFile { entries, errors }
}

/// [`parse_csv`] as a stream: each good entry goes to `emit` as soon as it is read (so an
/// import can write while the rest of the file is still being parsed); the line errors are
/// returned at the end. An entry repeated with the same content is emitted once.
#[cfg(feature = "ssr")]
pub fn parse_csv_each(
    bytes: &[u8],
    now_ms: i64,
    emit: &mut dyn FnMut(u64, LedgerEntry),
) -> Vec<LineError> {
    let mut out = ParsedFile::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(_) => {
            out.errors.push(LineError {
                line: 1,
                field: "header".into(),
                msg: Msg::ErrLedgerNotUtf8,
            });
            return out.errors;
        }
    };
    let index: Vec<Option<usize>> = CSV_HEADER
        .iter()
        .map(|name| header.iter().position(|h| h == name))
        .collect();
    // amount_fen and points may be left out of a file (as 0), the rest may not.
    if index[..4].iter().any(Option::is_none) || header.iter().all(|h| h.is_empty()) {
        out.errors.push(LineError {
            line: 1,
            field: "header".into(),
            msg: Msg::ErrLedgerHeader,
        });
        return out.errors;
    }
    // Line numbers from byte offsets: the csv reader does not count the blank lines it skips.
    let newlines: Vec<u64> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i as u64)
        .collect();
    // A record's position may point at blank lines skipped before it: step over them.
    let line_at = |byte: u64| {
        let start = bytes[(byte as usize).min(bytes.len())..]
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .map(|i| byte + i as u64)
            .unwrap_or(byte);
        newlines.partition_point(|&n| n < start) as u64 + 1
    };
    let mut seen: std::collections::HashMap<String, LedgerEntry> = std::collections::HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = line_at(reader.position().byte());
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| line_at(p.byte())).unwrap_or(line);
                out.errors.push(LineError {
                    line,
                    field: "line".into(),
                    msg: match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => Msg::ErrLedgerNotUtf8,
                        _ => Msg::ErrLedgerLineUnreadable,
                    },
                });
                continue;
            }
        }
        let line = record.position().map(|p| line_at(p.byte())).unwrap_or(line);
        if record.iter().all(str::is_empty) {
            continue; // blank line
        }
        if record.len() != header.len() {
            out.errors.push(LineError {
                line,
                field: "line".into(),
                msg: Msg::ErrLedgerColumnCount,
            });
            continue;
        }
        let get = |i: usize| {
            index[i]
                .and_then(|ix| record.get(ix))
                .unwrap_or("")
                .to_string()
        };
        let raw = RawEntry {
            external_id: get(0),
            customer_email: get(1),
            occurred_at: get(2),
            kind: get(3),
            amount_fen: get(4),
            points: get(5),
        };
        match validate(&raw, now_ms) {
            Ok(entry) => match seen.get(&entry.external_id) {
                Some(first) if !first.same_content(&entry) => out.errors.push(LineError {
                    line,
                    field: "external_id".into(),
                    msg: Msg::ErrLedgerDuplicateInFile,
                }),
                Some(_) => {} // the same entry twice: one entry
                None => {
                    seen.insert(entry.external_id.clone(), entry.clone());
                    emit(line, entry);
                }
            },
            Err(errs) => out.errors.extend(errs.into_iter().map(|e| LineError {
                line,
                field: e.field.into(),
                msg: e.msg,
            })),
        }
    }
    out.errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_614_900_000; // 2026-11-25T13:55:00Z

    fn raw(kind: &str, amount: &str, points: &str) -> RawEntry {
        RawEntry {
            external_id: "ORD-1".into(),
            customer_email: "Near@Example.com ".into(),
            occurred_at: "2026-11-01 23:30:00".into(),
            kind: kind.into(),
            amount_fen: amount.into(),
            points: points.into(),
        }
    }

    #[test]
    fn clause_2_1_1_local_times_are_read_as_shanghai() {
        let e = validate(&raw("purchase", "120000", "1200"), NOW).unwrap();
        // 23:30 in Shanghai is 15:30 UTC the same day; the day eligibility counts is the 1st.
        assert_eq!(
            e.occurred_at_ms,
            parse_occurred_at("2026-11-01T15:30:00Z").unwrap()
        );
        assert_eq!(e.occurred_on().to_string(), "2026-11-01");
        assert_eq!(e.customer_email, "near@example.com");
        // An RFC 3339 time late in the UTC evening is already the next day in Shanghai.
        let mut r = raw("purchase", "1", "0");
        r.occurred_at = "2026-10-31T20:00:00Z".into();
        assert_eq!(
            validate(&r, NOW).unwrap().occurred_on().to_string(),
            "2026-11-01"
        );
    }

    #[test]
    fn clause_2_1_1_refunds_are_negative_and_purchases_positive() {
        assert!(validate(&raw("refund", "-5000", "-50"), NOW).is_ok());
        let e = validate(&raw("refund", "5000", "0"), NOW).unwrap_err();
        assert_eq!(e[0].msg, Msg::ErrLedgerRefundPositive);
        let e = validate(&raw("purchase", "-5000", "0"), NOW).unwrap_err();
        assert_eq!(e[0].msg, Msg::ErrLedgerPurchaseNegative);
        let e = validate(&raw("points", "100", "10"), NOW).unwrap_err();
        assert_eq!(e[0].msg, Msg::ErrLedgerPointsWithMoney);
        assert!(validate(&raw("points", "", "-300"), NOW).is_ok());
    }

    #[test]
    fn every_bad_field_is_reported() {
        let r = RawEntry {
            external_id: " ".into(),
            customer_email: "nobody".into(),
            occurred_at: "yesterday".into(),
            kind: "gift".into(),
            amount_fen: "12.50".into(),
            points: "x".into(),
        };
        let fields: Vec<&str> = validate(&r, NOW)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "external_id",
                "customer_email",
                "occurred_at",
                "kind",
                "amount_fen",
                "points"
            ]
        );
    }

    #[test]
    fn far_future_dates_are_refused() {
        let mut r = raw("purchase", "100", "0");
        r.occurred_at = "2027-01-01T00:00:00+08:00".into();
        assert_eq!(
            validate(&r, NOW).unwrap_err()[0].msg,
            Msg::ErrLedgerDateInFuture
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn csv_with_bom_any_column_order_and_quotes() {
        let file = "\u{feff}kind,external_id,customer_email,occurred_at,amount_fen,points\n\
                    purchase,A-1,vip@example.com,2026-05-01 10:00:00,5000000,50000\n\
                    \n\
                    refund,\"A-2\",vip@example.com,2026-05-02T10:00:00+08:00,-100000,-1000\n";
        let p = parse_csv(file.as_bytes(), NOW);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].0, 2);
        assert_eq!(p.entries[1].0, 4);
        let t = Totals::of(p.entries.iter().map(|(_, e)| e));
        assert_eq!(t.rows, 2);
        assert_eq!(t.purchases, Fen(5_000_000));
        assert_eq!(t.refunds, Fen(-100_000));
        assert_eq!(t.points, 49_000);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn csv_reports_every_bad_line_by_number() {
        let file = "external_id,customer_email,occurred_at,kind,amount_fen,points\n\
                    A-1,vip@example.com,2026-05-01 10:00:00,purchase,100,0\n\
                    A-2,vip@example.com,2026-05-01,purchase,100,0\n\
                    A-3,vip@example.com,2026-05-01 10:00:00,purchase\n\
                    A-1,vip@example.com,2026-05-01 10:00:00,purchase,200,0\n\
                    A-1,vip@example.com,2026-05-01 10:00:00,purchase,100,0\n";
        let p = parse_csv(file.as_bytes(), NOW);
        let lines: Vec<(u64, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_str()))
            .collect();
        assert_eq!(lines, [(3, "occurred_at"), (4, "line"), (5, "external_id")]);
        assert_eq!(
            p.entries.len(),
            1,
            "the exact repeat on line 6 is one entry"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn csv_without_the_required_header_is_refused() {
        let p = parse_csv(
            b"A-1,vip@example.com,2026-05-01 10:00:00,purchase,1,0\n",
            NOW,
        );
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].msg, Msg::ErrLedgerHeader);
        let p = parse_csv(b"", NOW);
        assert_eq!(p.errors[0].msg, Msg::ErrLedgerHeader);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn csv_that_is_not_utf8_is_refused() {
        let mut file =
            b"external_id,customer_email,occurred_at,kind,amount_fen,points\nA-1,".to_vec();
        file.extend_from_slice(&[0xff, 0xfe]);
        file.extend_from_slice(b",2026-05-01 10:00:00,purchase,1,0\n");
        let p = parse_csv(&file, NOW);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].line, 2);
    }
}

/// Bad input (issue: proof of safety): the CSV reader and the entry validation, which both the
/// file import and the order system's API go through, take any bytes without panicking, and
/// never let a malformed line through.
#[cfg(all(test, feature = "ssr"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_795_614_900_000;

    fn line_of(e: &(u32, i64, i64, u32)) -> String {
        let (id, amount, days, points) = e;
        let at = chrono::DateTime::from_timestamp_millis(NOW - days * 86_400_000)
            .unwrap()
            .to_rfc3339();
        format!(
            "P-{id},c{}@example.com,{at},purchase,{amount},{points}",
            id % 7
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Any bytes: no panic; every entry read is a valid one; every error names a line.
        #[test]
        fn any_bytes_are_read_without_panic_and_only_valid_entries_come_out(
            bytes in proptest::collection::vec(any::<u8>(), 0..2_000)
        ) {
            let mut file = b"external_id,customer_email,occurred_at,kind,amount_fen,points\n".to_vec();
            file.extend_from_slice(&bytes);
            let p = parse_csv(&file, NOW);
            for (line, e) in &p.entries {
                prop_assert!(*line >= 2);
                prop_assert!(!e.external_id.is_empty());
                prop_assert!(e.occurred_at_ms <= NOW + 86_400_000);
                prop_assert!(e.customer_email.contains('@'));
            }
            for e in &p.errors {
                prop_assert!(e.line >= 1);
            }
            // Without the header line too.
            let _ = parse_csv(&bytes, NOW);
        }

        /// Well-formed files come back exactly; one line replaced by garbage is reported on
        /// that line and costs no other entry.
        #[test]
        fn good_lines_survive_and_a_bad_line_is_pinpointed(
            rows in proptest::collection::btree_map(
                0u32..100_000,
                (0i64..10_000_000, 1i64..3_000, 0u32..10_000),
                1..40,
            ),
            bad_at in any::<prop::sample::Index>(),
            garbage in "[^\n\r\"]{0,40}",
        ) {
            let rows: Vec<(u32, i64, i64, u32)> =
                rows.into_iter().map(|(id, (a, d, p))| (id, a, d, p)).collect();
            let mut lines: Vec<String> = rows.iter().map(line_of).collect();
            let header = "external_id,customer_email,occurred_at,kind,amount_fen,points\n";
            let good = parse_csv(format!("{header}{}\n", lines.join("\n")).as_bytes(), NOW);
            prop_assert!(good.errors.is_empty(), "{:?}", good.errors);
            prop_assert_eq!(good.entries.len(), rows.len());
            for ((_, e), (id, amount, _, points)) in good.entries.iter().zip(&rows) {
                prop_assert_eq!(&e.external_id, &format!("P-{id}"));
                prop_assert_eq!(e.amount, Fen(*amount));
                prop_assert_eq!(e.points, i64::from(*points));
            }
            let bad = bad_at.index(lines.len());
            lines[bad] = format!("X-{garbage},not-an-email,yesterday,gift,12x,");
            let p = parse_csv(format!("{header}{}\n", lines.join("\n")).as_bytes(), NOW);
            prop_assert!(!p.errors.is_empty());
            prop_assert!(p.errors.iter().all(|e| e.line == bad as u64 + 2), "{:?}", p.errors);
            prop_assert_eq!(p.entries.len(), rows.len() - 1);
        }

        /// The API's path: any field text is validated without panic, and what passes is sane.
        #[test]
        fn any_raw_entry_is_validated_without_panic(
            external_id in ".{0,80}", email in ".{0,60}", at in ".{0,40}",
            kind in ".{0,12}", amount in ".{0,24}", points in ".{0,24}",
        ) {
            let raw = RawEntry {
                external_id, customer_email: email, occurred_at: at, kind,
                amount_fen: amount, points,
            };
            match validate(&raw, NOW) {
                Ok(e) => {
                    prop_assert!(!e.external_id.is_empty());
                    prop_assert!(!e.external_id.chars().any(char::is_control));
                    prop_assert!(e.occurred_at_ms <= NOW + 86_400_000);
                }
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
