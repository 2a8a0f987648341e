//! `vipcare-bench --soak MINUTES`: mixed load at a steady rate for a long time — staff queue
//! pages, customers' portal pages and new service requests — reporting errors and the growth of
//! resident memory per interval (issue: proof of safety; the 30-minute soak).

use crate::fixture::{self, BenchResult};
use crate::load::open_loop;
use crate::Scale;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Resident memory of this process in MB.
pub fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Runs the soak and returns its report; an error when any request failed.
pub async fn run(scale: &Scale, minutes: f64, rate: u32) -> BenchResult<String> {
    let served = fixture::serve(scale).await?;
    let origin = Arc::new(served.origin.clone());
    let agent = Arc::new(served.agent.clone());
    let writers = Arc::new(served.writers.clone());
    let client = served.client.clone();
    let call = move |i: usize| {
        let (origin, agent, writers, client) = (
            origin.clone(),
            agent.clone(),
            writers.clone(),
            client.clone(),
        );
        async move {
            let customer = &writers[i % writers.len()];
            match i % 10 {
                0..=4 => {
                    fixture::get_page(&client, &format!("{origin}/admin/queue"), Some(&agent)).await
                }
                5 | 6 => {
                    fixture::get_page(&client, &format!("{origin}/portal"), Some(customer)).await
                }
                7 | 8 => {
                    fixture::get_page(
                        &client,
                        &format!("{origin}/portal/requests"),
                        Some(customer),
                    )
                    .await
                }
                _ => fixture::open_request(&client, &origin, customer, &format!("Soak {i}")).await,
            }
        }
    };
    let call = Arc::new(call);
    let total = Duration::from_secs_f64(minutes * 60.0);
    let interval = Duration::from_secs(30)
        .min(total)
        .max(Duration::from_secs(1));
    let windows = (total.as_secs_f64() / interval.as_secs_f64()).ceil() as u32;
    let first = rss_mb().unwrap_or(0.0);
    let mut lines = vec![format!(
        "soak: {rate} req/s for {minutes} min (50 % staff queue pages, 40 % portal pages, 10 % new requests); RSS at start {first:.0} MB"
    )];
    let (mut errors, mut ok, mut peak) = (0usize, 0usize, first);
    let mut samples = Vec::new();
    let started = Instant::now();
    for k in 0..windows {
        let window = interval
            .min(total.saturating_sub(interval * k))
            .max(Duration::from_secs(1));
        let c = call.clone();
        let out = open_loop(rate, Duration::ZERO, window, move |i| c(i)).await;
        let rss = rss_mb().unwrap_or(0.0);
        peak = peak.max(rss);
        samples.push(rss);
        errors += out.errors;
        ok += out.ok();
        lines.push(format!(
            "  {:>6.0} s  {:>6} ok  {:>4} errors  p99 {:>8.2} ms  RSS {:>5.0} MB",
            started.elapsed().as_secs_f64(),
            out.ok(),
            out.errors,
            out.percentile(0.99).as_secs_f64() * 1e3,
            rss
        ));
    }
    // Growth over the second half: a leak keeps climbing after the caches have filled.
    let half = samples.len() / 2;
    let growth = match (samples.get(half), samples.last()) {
        (Some(a), Some(b)) => b - a,
        _ => 0.0,
    };
    lines.push(format!(
        "total: {ok} ok, {errors} errors; RSS start {first:.0} MB, peak {peak:.0} MB, end {:.0} MB; growth over the second half {growth:+.0} MB",
        samples.last().copied().unwrap_or(first)
    ));
    let report = lines.join("\n");
    if errors > 0 {
        return Err(format!("{report}\nsoak: {errors} requests failed").into());
    }
    Ok(report)
}
