//! The measures of one run, each against a baseline measured in the same run on the same data.

use crate::bundle::{self, ClientBundle};
use crate::fixture::{self, BenchResult, Served};
use crate::load::{self, closed_loop, open_loop, Outcome};
use crate::table::Row;
use crate::Scale;
use rand::{Rng, SeedableRng};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use vipcare::ledger::{EntryKind, EntrySource, LedgerEntry};
use vipcare::services::{ledger, Actor};
use vipcare::store::{self, now_ms, Db};
use vipcare::Fen;

/// SPEC / issue goals.
const SSR_VS_HELLO: f64 = 0.30;
const SSR_RATE: u32 = 500;
const SSR_P99: Duration = Duration::from_millis(20);
const QUEUE_P95: Duration = Duration::from_millis(1);
const QUEUE_VS_RAW: f64 = 3.0;
const IMPORT_VS_RAW: f64 = 0.5;
const WRITES_VS_RAW: f64 = 1.0;
const WRITE_RATE: u32 = 200;
const WRITE_P99: Duration = Duration::from_millis(100);
const RSS_MB: f64 = 300.0;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn per_s(x: f64) -> String {
    format!("{x:.0}/s")
}

fn with_errors(text: String, out: &Outcome) -> String {
    if out.errors == 0 {
        text
    } else {
        format!("{text} ({} errors)", out.errors)
    }
}

pub async fn run(scale: Scale, bundle: &ClientBundle) -> BenchResult<Vec<Row>> {
    let served = fixture::serve(&scale).await?;
    eprintln!(
        "vipcare-bench: data loaded and servers up in {:.1} s",
        served.setup.as_secs_f64()
    );
    let mut rows = Vec::new();
    rows.extend(ssr_queue(&served, &scale).await?);
    rows.push(queue_first_page(&served.db, &scale).await?);
    rows.extend(durable_writes(&served, &scale).await?);
    rows.push(memory(&scale));
    rows.push(ledger_import(&served, &scale).await?);
    rows.push(match bundle.weigh() {
        Ok(weights) => bundle::portal_row(&weights),
        Err(e) => Row {
            measure: format!("portal wasm, brotli (not built: {e})"),
            ours: "-".into(),
            baseline: "-".into(),
            ratio: None,
            goal: format!("<= {:.0} KB", bundle::PORTAL_GOAL_KB),
            pass: None,
        },
    });
    Ok(rows)
}

/// The staff queue page (clause 3.2.2), server-rendered with 50 rows for a signed-in agent,
/// against the bare handler: throughput in a closed loop, and p99 at a fixed rate.
async fn ssr_queue(s: &Served, scale: &Scale) -> BenchResult<Vec<Row>> {
    let queue = format!("{}/admin/queue", s.origin);
    // The page must really be the queue with a full first page, or the figure means nothing.
    let html = s
        .client
        .get(&queue)
        .header("cookie", &s.agent)
        .send()
        .await?
        .text()
        .await?;
    let links = html.matches("href=\"/admin/queue/").count();
    if links < 50 {
        return Err(format!("the queue page shows {links} request links, not 50").into());
    }
    let page = |url: String, cookie: Option<String>, client: reqwest::Client| {
        let (url, cookie) = (Arc::new(url), cookie.map(Arc::new));
        move |_| {
            let (url, cookie, client) = (url.clone(), cookie.clone(), client.clone());
            async move { fixture::get_page(&client, &url, cookie.as_deref().map(|c| c.as_str())).await }
        }
    };
    let c = scale.concurrency;
    let hello = closed_loop(
        c,
        scale.warmup,
        scale.window,
        page(s.hello.clone(), None, s.client.clone()),
    )
    .await;
    let ours = closed_loop(
        c,
        scale.warmup,
        scale.window,
        page(queue.clone(), Some(s.agent.clone()), s.client.clone()),
    )
    .await;
    let ratio = ours.per_second() / hello.per_second().max(1e-9);
    let mut rows = vec![Row {
        measure: format!("staff queue page, SSR 50 rows, signed in ({c} connections)"),
        ours: with_errors(per_s(ours.per_second()), &ours),
        baseline: format!("{} bare axum hello", per_s(hello.per_second())),
        ratio: Some(ratio),
        goal: format!(">= {SSR_VS_HELLO:.2}"),
        pass: Some(ratio >= SSR_VS_HELLO && ours.errors == 0),
    }];
    let window = scale.window.max(Duration::from_secs(2));
    let hello_rate = open_loop(
        SSR_RATE,
        scale.warmup,
        window,
        page(s.hello.clone(), None, s.client.clone()),
    )
    .await;
    let ours_rate = open_loop(
        SSR_RATE,
        scale.warmup,
        window,
        page(queue, Some(s.agent.clone()), s.client.clone()),
    )
    .await;
    let (p99, base) = (ours_rate.percentile(0.99), hello_rate.percentile(0.99));
    rows.push(Row {
        measure: format!("staff queue page p99 at {SSR_RATE} req/s"),
        ours: with_errors(ms(p99), &ours_rate),
        baseline: format!("{} hello", ms(base)),
        ratio: Some(p99.as_secs_f64() / base.as_secs_f64().max(1e-9)),
        goal: format!("< {}", ms(SSR_P99)),
        pass: Some(p99 < SSR_P99 && ours_rate.errors == 0),
    });
    Ok(rows)
}

/// The queue's first page through the service (index walk, joins for names, mapping) against
/// the raw index lookup of the same rows, interleaved so both see the same cache.
async fn queue_first_page(db: &Db, scale: &Scale) -> BenchResult<Row> {
    let rounds = if scale.window < Duration::from_secs(5) {
        300
    } else {
        2_000
    };
    let (page, raw) = vipcare_server::bench::queue_rounds(db, rounds)
        .await
        .map_err(|e| e.to_string())?;
    let (p95, r95) = (load::percentile(&page, 0.95), load::percentile(&raw, 0.95));
    let ratio = p95.as_secs_f64() / r95.as_secs_f64().max(1e-9);
    Ok(Row {
        measure: format!("queue first page p95 at {} active requests", scale.requests),
        ours: us(p95),
        baseline: format!("{} raw index lookup", us(r95)),
        ratio: Some(ratio),
        goal: format!("< {} and <= {QUEUE_VS_RAW:.0}x", ms(QUEUE_P95)),
        pass: Some(p95 < QUEUE_P95 && ratio <= QUEUE_VS_RAW),
    })
}

/// Customers opening service requests over HTTP (synchronous=FULL, every answer after its
/// commit), against raw single-row commits by as many concurrent writers on a scratch file
/// with the same settings.
async fn durable_writes(s: &Served, scale: &Scale) -> BenchResult<Vec<Row>> {
    let c = scale.concurrency;
    let writers = Arc::new(s.writers.clone());
    let open = |client: reqwest::Client, origin: String, writers: Arc<Vec<String>>, seed: u64| {
        let origin = Arc::new(origin);
        move |i: usize| {
            let (client, origin, writers) = (client.clone(), origin.clone(), writers.clone());
            async move {
                let cookie = &writers[(i / 1_000_000 + i) % writers.len()];
                fixture::open_request(&client, &origin, cookie, &format!("Bench {seed}-{i}")).await
            }
        }
    };
    let ours = closed_loop(
        c,
        scale.warmup,
        scale.window,
        open(
            s.client.clone(),
            s.origin.clone(),
            writers.clone(),
            scale.seed,
        ),
    )
    .await;

    // The baseline is plain SQLite outside the application's `Db`: one connection, WAL,
    // `synchronous=FULL` (a sync per commit), `BEGIN IMMEDIATE` + one INSERT + COMMIT per
    // write, so a change to `Db` cannot move the baseline with it.
    let raw_opts = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(s.dir.path().join("raw-writes.db"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    let raw_pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(raw_opts)
        .await?;
    sqlx::query(
        "CREATE TABLE raw_writes (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,
         subject TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL)",
    )
    .execute(&raw_pool)
    .await?;
    let raw = closed_loop(c, scale.warmup, scale.window, {
        let pool = raw_pool.clone();
        move |i: usize| {
            let pool = pool.clone();
            async move {
                let Ok(mut tx) = pool.begin_with("BEGIN IMMEDIATE").await else {
                    return false;
                };
                let ok = sqlx::query("INSERT INTO raw_writes (customer_id, subject, body, created_at) VALUES (?, ?, ?, ?)")
                    .bind(i as i64)
                    .bind(format!("Bench {i}"))
                    .bind("Load generated by vipcare-bench.")
                    .bind(now_ms())
                    .execute(&mut *tx)
                    .await
                    .is_ok();
                ok && tx.commit().await.is_ok()
            }
        }
    })
    .await;
    raw_pool.close().await;
    let ratio = ours.per_second() / raw.per_second().max(1e-9);
    let mut rows = vec![Row {
        measure: format!("service requests opened over HTTP, durable ({c} writers)"),
        ours: with_errors(per_s(ours.per_second()), &ours),
        baseline: format!("{} raw single-row commits", per_s(raw.per_second())),
        ratio: Some(ratio),
        goal: format!(">= {WRITES_VS_RAW:.2}"),
        pass: Some(ratio >= WRITES_VS_RAW && ours.errors == 0),
    }];
    let window = scale.window.max(Duration::from_secs(2));
    let at_rate = open_loop(
        WRITE_RATE,
        scale.warmup,
        window,
        open(s.client.clone(), s.origin.clone(), writers, scale.seed + 1),
    )
    .await;
    let p99 = at_rate.percentile(0.99);
    rows.push(Row {
        measure: format!("service request opened, p99 at {WRITE_RATE} writes/s"),
        ours: with_errors(ms(p99), &at_rate),
        baseline: format!("{} p50", ms(at_rate.percentile(0.5))),
        ratio: None,
        goal: format!("< {}", ms(WRITE_P99)),
        pass: Some(p99 < WRITE_P99 && at_rate.errors == 0),
    });
    Ok(rows)
}

/// Resident memory of this process — the server, its data's caches and the load generator —
/// after the load phases.
fn memory(scale: &Scale) -> Row {
    let measure = format!(
        "process RSS after load ({} customers, {} requests; server + load generator)",
        scale.customers, scale.requests
    );
    let goal = format!("< {RSS_MB:.0} MB");
    match crate::soak::rss_mb() {
        Some(mb) => Row {
            measure,
            ours: format!("{mb:.0} MB"),
            baseline: "-".into(),
            ratio: None,
            goal,
            pass: Some(mb < RSS_MB),
        },
        None => Row {
            measure,
            ours: "unavailable".into(),
            baseline: "-".into(),
            ratio: None,
            goal,
            pass: None,
        },
    }
}

/// A customer's ledger row, deterministic from the seed, with the index of its customer.
fn entry(
    rng: &mut rand::rngs::StdRng,
    i: usize,
    customers: usize,
    now: i64,
) -> (usize, LedgerEntry) {
    let customer = rng.gen_range(0..customers);
    let entry = LedgerEntry {
        external_id: format!("B-{i}"),
        customer_email: format!("bench-{customer}@example.com"),
        occurred_at_ms: now - rng.gen_range(1..300i64) * 86_400_000,
        kind: EntryKind::Purchase,
        amount: Fen(rng.gen_range(1_000..2_000_000)),
        points: rng.gen_range(0..100),
    };
    (customer, entry)
}

/// The ledger CSV import (clause 2.1) against the raw batched insert of the same rows, each
/// into a fresh file holding the same customers.
async fn ledger_import(s: &Served, scale: &Scale) -> BenchResult<Row> {
    let now = now_ms();
    let customers = scale.customers.clamp(1, 100_000);
    let mut rng = rand::rngs::StdRng::seed_from_u64(scale.seed);
    let entries: Vec<(usize, LedgerEntry)> = (0..scale.ledger_rows)
        .map(|i| entry(&mut rng, i, customers, now))
        .collect();
    let csv = vipcare_server::bench::ledger_csv(entries.iter().map(|(_, e)| e));
    let scratch = |tag: &str| s.dir.path().join(format!("import-{tag}.db"));

    let db = Db::open(&scratch("csv")).await?;
    db.migrate().await?;
    let mut tx = db.begin_write().await?;
    store::bench::insert_customers(&mut tx, customers, now).await?;
    tx.commit().await?;
    let actor = Actor {
        user_id: None,
        ip: Some("bench".into()),
    };
    let t = Instant::now();
    let report = ledger::import_file(&db, &actor, csv.as_bytes(), EntrySource::Cli, now).await?;
    let ours = t.elapsed();
    db.close().await;
    if report.counts.inserted != scale.ledger_rows as u64 {
        return Err(format!(
            "the import inserted {} of {} rows",
            report.counts.inserted, scale.ledger_rows
        )
        .into());
    }

    let db = Db::open(&scratch("raw")).await?;
    db.migrate().await?;
    let mut tx = db.begin_write().await?;
    let ids = store::bench::insert_customers(&mut tx, customers, now).await?;
    tx.commit().await?;
    let pairs: Vec<(i64, &LedgerEntry)> = entries.iter().map(|(c, e)| (ids[*c], e)).collect();
    let t = Instant::now();
    let mut tx = db.begin_write().await?;
    store::bench::raw_insert(&mut tx, &pairs, now).await?;
    tx.commit().await?;
    let raw = t.elapsed();
    db.close().await;
    let rate = |d: Duration| scale.ledger_rows as f64 / d.as_secs_f64().max(1e-9);
    let ratio = rate(ours) / rate(raw);
    Ok(Row {
        measure: format!("ledger CSV import, {} rows", scale.ledger_rows),
        ours: per_s(rate(ours)),
        baseline: format!("{} raw batched INSERT", per_s(rate(raw))),
        ratio: Some(ratio),
        goal: format!(">= {IMPORT_VS_RAW:.2}"),
        pass: Some(ratio >= IMPORT_VS_RAW),
    })
}

/// The hash of `kind` in a cargo-leptos hash list (`kind: hash` lines), if it has one.
pub(crate) fn list_hash<'a>(list: &'a str, kind: &str) -> Option<&'a str> {
    list.lines()
        .filter_map(|line| line.trim().split_once(':'))
        .find(|(k, _)| k.trim() == kind)
        .map(|(_, hash)| hash.trim())
        .filter(|hash| !hash.is_empty())
}

/// `<output>.<hash>.<ext>` from a cargo-leptos hash list (`ext: hash` lines).
pub(crate) fn hashed_name(list: &str, output: &str, ext: &str) -> Option<String> {
    list_hash(list, ext).map(|hash| format!("{output}.{hash}.{ext}"))
}

/// The bundle's brotli weight: the precompressed `<file>.br` the server sends when the build
/// wrote one (`--precompress`, quality 11) and it is not older than the file; else compressed
/// here at the same quality.
pub(crate) fn brotli_weight(path: &Path, bytes: &[u8]) -> BenchResult<usize> {
    let mut br = path.as_os_str().to_owned();
    br.push(".br");
    let fresh = |p: &Path| -> Option<u64> {
        let (m, src) = (std::fs::metadata(p).ok()?, std::fs::metadata(path).ok()?);
        (m.modified().ok()? >= src.modified().ok()?).then_some(m.len())
    };
    match fresh(Path::new(&br)) {
        Some(len) => Ok(len as usize),
        None => brotli_len(bytes),
    }
}

/// Length of `bytes` compressed with brotli (quality 11, window 22).
pub fn brotli_len(bytes: &[u8]) -> BenchResult<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_list_names_the_hashed_bundle() {
        let list = "js: AAAAAAAAAAAAAAAAAAAAAA\nwasm: Xw3rL9aQ0v_b-1cD2eF3gH\ncss: BBBBBBBBBBBBBBBBBBBBBB\n";
        assert_eq!(
            hashed_name(list, "vipcare", "wasm").as_deref(),
            Some("vipcare.Xw3rL9aQ0v_b-1cD2eF3gH.wasm")
        );
        assert_eq!(hashed_name("js: x\n", "vipcare", "wasm"), None);
        assert_eq!(hashed_name("wasm:   \n", "vipcare", "wasm"), None);
    }

    #[test]
    fn brotli_shrinks_repetitive_input_and_keeps_random_input_near_its_size() {
        let repetitive = vec![b'a'; 100_000];
        assert!(brotli_len(&repetitive).unwrap() < 100);
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let random: Vec<u8> = (0..10_000).map(|_| rng.gen()).collect();
        assert!(brotli_len(&random).unwrap() > 9_900);
    }
}
