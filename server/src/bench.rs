//! `vipcare bench …`: measurements on a throw-away database in the temp directory. Results are
//! ratios against a baseline measured in the same run (SPEC: no lone absolute times).

use std::path::PathBuf;
use std::time::{Duration, Instant};
use vipcare::ledger::{EntryKind, EntrySource, LedgerEntry, RawEntry};
use vipcare::services::{ledger, membership, Actor};
use vipcare::store::{self, now_ms, Db};
use vipcare::Fen;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;
const DAY_MS: i64 = 86_400_000;

struct Scratch {
    db: Db,
    path: PathBuf,
}

impl Scratch {
    async fn new(tag: &str) -> BenchResult<Scratch> {
        let path = std::env::temp_dir().join(format!(
            "vipcare-bench-{}-{tag}-{}.db",
            std::process::id(),
            now_ms()
        ));
        let db = Db::open(&path).await?;
        db.migrate().await?;
        Ok(Scratch { db, path })
    }

    async fn customers(&self, n: usize) -> BenchResult<Vec<i64>> {
        let mut tx = self.db.begin_write().await?;
        let ids = store::bench::insert_customers(&mut tx, n, now_ms()).await?;
        tx.commit().await?;
        Ok(ids)
    }

    async fn drop(self) {
        self.db.close().await;
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", self.path.display()));
        }
    }
}

fn entry(i: usize, customers: usize, now: i64) -> LedgerEntry {
    LedgerEntry {
        external_id: format!("B-{i}"),
        customer_email: format!("bench-{}@example.com", i % customers),
        occurred_at_ms: now - ((i % 300) as i64 + 1) * DAY_MS,
        kind: EntryKind::Purchase,
        amount: Fen(10_000 + (i % 1_000) as i64),
        points: 10,
    }
}

fn rate(rows: usize, d: Duration) -> f64 {
    rows as f64 / d.as_secs_f64().max(1e-9)
}

/// `entries` (all purchases) as a ledger CSV file, as the order system exports it.
pub fn ledger_csv<'a>(entries: impl IntoIterator<Item = &'a LedgerEntry>) -> String {
    let mut csv = String::from("external_id,customer_email,occurred_at,kind,amount_fen,points\n");
    for e in entries {
        let at = chrono::DateTime::from_timestamp_millis(e.occurred_at_ms)
            .unwrap_or_default()
            .to_rfc3339();
        csv.push_str(&format!(
            "{},{},{at},purchase,{},{}\n",
            e.external_id, e.customer_email, e.amount.0, e.points
        ));
    }
    csv
}

/// Import throughput: the CSV and API paths against a raw batched insert of the same rows.
pub async fn import(rows: usize, customers: usize) -> BenchResult<String> {
    let now = now_ms();
    let entries: Vec<LedgerEntry> = (0..rows).map(|i| entry(i, customers, now)).collect();

    let csv = ledger_csv(&entries);
    let t = Instant::now();
    let parsed = vipcare::ledger::parse_csv(csv.as_bytes(), now);
    let parse_only = t.elapsed();
    assert_eq!(parsed.entries.len(), rows);
    let csv_db = Scratch::new("csv").await?;
    csv_db.customers(customers).await?;
    let actor = Actor {
        user_id: None,
        ip: Some("bench".into()),
    };
    let t = Instant::now();
    let report =
        ledger::import_file(&csv_db.db, &actor, csv.as_bytes(), EntrySource::Cli, now).await?;
    let csv_time = t.elapsed();
    let csv_inserted = report.counts.inserted;
    // Idempotency costs: the same file again (every line unchanged).
    let t = Instant::now();
    let again =
        ledger::import_file(&csv_db.db, &actor, csv.as_bytes(), EntrySource::Cli, now).await?;
    let csv_again = t.elapsed();
    csv_db.drop().await;

    let api_db = Scratch::new("api").await?;
    let ids = api_db.customers(customers).await?;
    let key_actor = Actor {
        user_id: Some(ids[0]),
        ip: None,
    };
    let (key_id, _) = ledger::create_api_key(&api_db.db, &key_actor, "bench", now).await?;
    let raw_entries: Vec<RawEntry> = entries
        .iter()
        .map(|e| RawEntry {
            external_id: e.external_id.clone(),
            customer_email: e.customer_email.clone(),
            occurred_at: chrono::DateTime::from_timestamp_millis(e.occurred_at_ms)
                .unwrap_or_default()
                .to_rfc3339(),
            kind: "purchase".into(),
            amount_fen: e.amount.0.to_string(),
            points: e.points.to_string(),
        })
        .collect();
    let t = Instant::now();
    let mut api_inserted = 0;
    for batch in raw_entries.chunks(vipcare::ledger::MAX_API_BATCH) {
        let (c, _) = ledger::import_api(&api_db.db, key_id, None, batch, now).await?;
        api_inserted += c.inserted;
    }
    let api_time = t.elapsed();
    api_db.drop().await;

    // The baseline last, so it does not pay for a cold start the others do not.
    let raw_db = Scratch::new("raw").await?;
    let ids = raw_db.customers(customers).await?;
    let pairs: Vec<(i64, &LedgerEntry)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (ids[i % customers], e))
        .collect();
    let t = Instant::now();
    let mut tx = raw_db.db.begin_write().await?;
    store::bench::raw_insert(&mut tx, &pairs, now).await?;
    tx.commit().await?;
    let raw = t.elapsed();
    raw_db.drop().await;
    // The API's baseline: the same rows, raw, in transactions of 1,000 (as the calls commit).
    let raw_db = Scratch::new("raw-batches").await?;
    let ids = raw_db.customers(customers).await?;
    let pairs: Vec<(i64, &LedgerEntry)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (ids[i % customers], e))
        .collect();
    let t = Instant::now();
    for batch in pairs.chunks(vipcare::ledger::MAX_API_BATCH) {
        let mut tx = raw_db.db.begin_write().await?;
        store::bench::raw_insert(&mut tx, batch, now).await?;
        tx.commit().await?;
    }
    let raw_batches = t.elapsed();
    raw_db.drop().await;

    Ok(format!(
        "ledger import, {rows} rows over {customers} customers (one run, same machine):\n\
         \x20 raw batched INSERT (baseline)      {:>10.0} rows/s\n\
         \x20 CSV parse + validate only          {:>10.0} rows/s\n\
         \x20 CSV file, one transaction          {:>10.0} rows/s = {:>5.1} % of raw  ({csv_inserted} inserted)\n\
         \x20 CSV file again (all unchanged)     {:>10.0} rows/s = {:>5.1} % of raw  ({} unchanged)\n\
         \x20 raw, 1,000 per transaction         {:>10.0} rows/s\n\
         \x20 API, 1,000 per call                {:>10.0} rows/s = {:>5.1} % of raw by 1,000  ({api_inserted} inserted)",
        rate(rows, raw),
        rate(rows, parse_only),
        rate(rows, csv_time),
        100.0 * raw.as_secs_f64() / csv_time.as_secs_f64(),
        rate(rows, csv_again),
        100.0 * raw.as_secs_f64() / csv_again.as_secs_f64(),
        again.counts.unchanged,
        rate(rows, raw_batches),
        rate(rows, api_time),
        100.0 * raw_batches.as_secs_f64() / api_time.as_secs_f64(),
    ))
}

/// The daily requalification over `customers` members with `per_customer` ledger rows each;
/// compared with the one aggregate query it cannot avoid.
pub async fn requalify(customers: usize, per_customer: usize) -> BenchResult<String> {
    let now = now_ms();
    let today = vipcare::ledger::shanghai_date(now);
    let s = Scratch::new("requalify").await?;
    let setup = Instant::now();
    let ids = s.customers(customers).await?;
    let level = vipcare::services::programme::levels(&s.db)
        .await?
        .into_iter()
        .next()
        .ok_or("no level")?;
    let level_json = serde_json::to_string(&level)?;
    let start = today - chrono::Days::new(200);
    let expires = today + chrono::Days::new(165);
    let mut tx = s.db.begin_write().await?;
    store::bench::insert_members(
        &mut tx,
        &level_json,
        &start.to_string(),
        &expires.to_string(),
        now,
    )
    .await?;
    tx.commit().await?;
    // Every customer buys per_customer times; one in a hundred too little to stay VIP.
    let first = *ids.first().ok_or("no customers")?;
    if ids.last().copied() != Some(first + customers as i64 - 1) {
        return Err("bench customer ids are not contiguous".into());
    }
    let total = customers * per_customer;
    let mut i = 0;
    while i < total {
        let end = (i + 1_000_000).min(total);
        let mut tx = s.db.begin_write().await?;
        store::bench::insert_purchases(&mut tx, first, customers, i, end, now).await?;
        tx.commit().await?;
        i = end;
    }
    let setup = setup.elapsed();

    let t = Instant::now();
    let totals = store::ledger::window_totals(
        s.db.reader(),
        vipcare::eligibility::window_start(today),
        today,
    )
    .await?;
    let scan = t.elapsed();
    let t = Instant::now();
    let report = membership::run_daily(&s.db, today, now).await?;
    let run = t.elapsed();
    let t = Instant::now();
    let again = membership::run_daily(&s.db, today, now).await?;
    let rerun = t.elapsed();
    s.drop().await;
    Ok(format!(
        "requalification of {customers} members with {total} ledger rows (setup {:.0} s):\n\
         \x20 window totals query alone (baseline)  {:>7.2} s ({} customers)\n\
         \x20 run_daily                              {:>7.2} s = {:.2}× the baseline; {} checked, {} notices\n\
         \x20 run_daily again (nothing to do)        {:>7.2} s = {:.2}× the baseline; {} notices",
        setup.as_secs_f64(),
        scan.as_secs_f64(),
        totals.len(),
        run.as_secs_f64(),
        run.as_secs_f64() / scan.as_secs_f64().max(1e-9),
        report.checked,
        report.notices,
        rerun.as_secs_f64(),
        rerun.as_secs_f64() / scan.as_secs_f64().max(1e-9),
        again.notices,
    ))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Times the queue's first page of 50 through the service (index walk, joins for names,
/// mapping) and the raw index lookup of the same rows, interleaved so both see the same cache,
/// `rounds` times after 50 warm-up rounds. Returns both sets of durations, sorted.
pub async fn queue_rounds(db: &Db, rounds: usize) -> BenchResult<(Vec<Duration>, Vec<Duration>)> {
    use vipcare::services::desk;
    use vipcare::store::desk::{QueueFilter, QueueScope};
    let (mut page, mut raw) = (Vec::new(), Vec::new());
    for round in 0..rounds + 50 {
        let t = Instant::now();
        let (rows, next) = desk::queue(db, QueueFilter::scope(QueueScope::All), None, 50).await?;
        let d_page = t.elapsed();
        let t = Instant::now();
        let n = store::desk::queue_raw(db.reader(), 50).await?;
        let d_raw = t.elapsed();
        if rows.len() != 50 || n != 50 || next.is_none() {
            return Err("the queue's first page is not full".into());
        }
        if round >= 50 {
            page.push(d_page);
            raw.push(d_raw);
        }
    }
    page.sort();
    raw.sort();
    Ok((page, raw))
}

/// The staff queue's first page (clause 3.2.2) at `requests` active requests: the service call
/// (index walk, joins for names, mapping) against the raw index lookup of the same rows, the
/// two interleaved so both see the same cache; with the query plan.
pub async fn queue(requests: usize, customers: usize, rounds: usize) -> BenchResult<String> {
    let now = now_ms();
    let s = Scratch::new("queue").await?;
    let setup = Instant::now();
    let ids = s.customers(customers).await?;
    let first = *ids.first().ok_or("no customers")?;
    let mut done = 0;
    while done < requests {
        let n = (requests - done).min(250_000);
        let mut tx = s.db.begin_write().await?;
        store::bench::insert_requests(&mut tx, first, customers, n, now - done as i64).await?;
        tx.commit().await?;
        done += n;
    }
    let setup = setup.elapsed();
    let plan = store::desk::queue_plan(s.db.reader()).await?;

    let (page, raw) = queue_rounds(&s.db, rounds).await?;
    let t = Instant::now();
    let counts = vipcare::services::desk_routing::counts(&s.db, first, now).await?;
    let counts_time = t.elapsed();
    s.drop().await;
    let (p50, p95, r50, r95) = (
        percentile(&page, 0.5),
        percentile(&page, 0.95),
        percentile(&raw, 0.5),
        percentile(&raw, 0.95),
    );
    Ok(format!(
        "service queue, first page of 50 at {requests} active requests ({customers} customers, setup {:.0} s), {rounds} rounds:\n\
         \x20 raw index lookup, same rows (baseline)  p50 {:>7.0} µs  p95 {:>7.0} µs\n\
         \x20 queue page (service: joins + mapping)   p50 {:>7.0} µs  p95 {:>7.0} µs = {:.2}× the baseline at p95\n\
         \x20 counts per filter (once)               {:>7.0} µs ({} active)\n\
         \x20 query plan:\n{}",
        setup.as_secs_f64(),
        micros(r50),
        micros(r95),
        micros(p50),
        micros(p95),
        p95.as_secs_f64() / r95.as_secs_f64().max(1e-9),
        micros(counts_time),
        counts.all,
        plan.iter()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
    ))
}

/// The monthly quality evaluation (clause 5.2.1) of a month with `requests` resolved requests
/// (plus their pauses, ratings and complaints), against reading the same rows with nothing done
/// to them: `SELECT COUNT(*)` over the month's index range, and the evaluation's own batched
/// read of the same columns. Then the stored month evaluated again (a lookup) and an admin's
/// recomputation.
pub async fn evaluate(requests: usize, agents: usize, branches: usize) -> BenchResult<String> {
    use vipcare::quality::Period;
    use vipcare::services::quality;
    let now = now_ms();
    let period = Period::of_ms(now).previous();
    let (start, end) = period.bounds_ms();
    let s = Scratch::new("evaluate").await?;
    let setup = Instant::now();
    let customers = (requests / 100).clamp(1, 100_000);
    let ids = s.customers(customers).await?;
    let first_customer = *ids.first().ok_or("no customers")?;
    let mut tx = s.db.begin_write().await?;
    let (first_agent, admin) = store::bench::insert_agents(&mut tx, agents, now).await?;
    let first_branch = store::bench::insert_branches(&mut tx, branches, now).await?;
    tx.commit().await?;
    let vip = vipcare::desk::SlaTerms {
        first_response_mins: 60,
        resolution_mins: 1_440,
        calendar: vipcare::sla::Calendar::always_open(),
    };
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date");
    // China's 2026 public holidays and adjusted working days, as an admin would enter them.
    let holidays = [
        "2026-01-01",
        "2026-01-02",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-04-06",
        "2026-05-01",
        "2026-05-04",
        "2026-05-05",
        "2026-06-19",
        "2026-09-25",
        "2026-10-01",
        "2026-10-02",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
    ];
    let workdays = [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-27",
        "2026-10-10",
    ];
    let business = vipcare::desk::SlaTerms {
        first_response_mins: 480,
        resolution_mins: 4_320,
        calendar: vipcare::sla::Calendar::shanghai_business(holidays.map(day), workdays.map(day)),
    };
    let (vip_json, business_json) = (
        serde_json::to_string(&vip)?,
        serde_json::to_string(&business)?,
    );
    let fixture = store::bench::EvaluationFixture {
        first_customer,
        customers,
        first_agent,
        agents: agents.max(1),
        first_branch,
        branches: branches.max(1),
        requests,
        start,
        end,
        now,
    };
    let mut done = 0;
    while done < requests {
        let to = (done + 250_000).min(requests);
        let mut tx = s.db.begin_write().await?;
        store::bench::insert_resolved_requests(
            &mut tx,
            &fixture,
            done,
            to,
            &vip_json,
            &business_json,
        )
        .await?;
        tx.commit().await?;
        done = to;
    }
    store::bench::analyze(&s.db).await?;
    let setup = setup.elapsed();
    let plan = store::bench::evaluation_plan(s.db.reader()).await?;

    let t = Instant::now();
    let counted = store::bench::count_resolved(s.db.reader(), start, end).await?;
    let count_time = t.elapsed();
    let t = Instant::now();
    let mut read = 0usize;
    {
        let mut conn = s.db.reader().acquire().await?;
        let mut after = None;
        loop {
            let page =
                store::quality::resolved_page(&mut conn, (start, end), after, 20_000).await?;
            let Some(last) = page.last() else { break };
            after = Some((last.resolved_at, last.id));
            read += page.len();
        }
    }
    let read_time = t.elapsed();
    let job = Actor {
        user_id: None,
        ip: Some("bench".into()),
    };
    let t = Instant::now();
    let summary = quality::evaluate_period(&s.db, &job, period, false, now).await?;
    let eval_time = t.elapsed();
    let t = Instant::now();
    let again = quality::evaluate_period(&s.db, &job, period, false, now).await?;
    let again_time = t.elapsed();
    let by_admin = Actor {
        user_id: Some(admin),
        ip: Some("bench".into()),
    };
    let t = Instant::now();
    let recomputed =
        quality::recompute_period(&s.db, &by_admin, period, "bench: recompute", now).await?;
    let recompute_time = t.elapsed();
    s.drop().await;
    let programme = summary
        .programme
        .as_ref()
        .map(|p| p.metrics)
        .unwrap_or_default();
    let x = |d: Duration, base: Duration| d.as_secs_f64() / base.as_secs_f64().max(1e-9);
    Ok(format!(
        "monthly quality evaluation of {period}: {requests} resolved requests, {agents} agents, \
         {branches} branches, {customers} customers (setup {:.0} s):\n\
         \x20 SELECT COUNT(*) over the month (baseline)    {:>8.3} s  ({counted} requests)\n\
         \x20 batched read of the same rows and columns     {:>8.3} s = {:>6.1}× the COUNT  ({read} rows)\n\
         \x20 evaluate_period (read, compute, store)        {:>8.3} s = {:>6.1}× the COUNT, {:.2}× the read; {} requests, {} ratings, {} complaints, {} agents below standard\n\
         \x20 evaluate_period again (stored: unchanged)     {:>8.3} s  (revision {})\n\
         \x20 recompute by an admin                         {:>8.3} s = {:>6.1}× the COUNT  (revision {})\n\
         \x20 query plan of the batch read:\n{}",
        setup.as_secs_f64(),
        count_time.as_secs_f64(),
        read_time.as_secs_f64(),
        x(read_time, count_time),
        eval_time.as_secs_f64(),
        x(eval_time, count_time),
        x(eval_time, read_time),
        programme.requests,
        programme.ratings,
        programme.complaints,
        summary.flagged_agents(),
        again_time.as_secs_f64(),
        again.revision,
        recompute_time.as_secs_f64(),
        x(recompute_time, count_time),
        recomputed.revision,
        plan.iter()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
    ))
}
