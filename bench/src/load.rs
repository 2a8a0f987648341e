//! A small concurrent HTTP load generator over loopback: a closed loop (N workers, each sending
//! its next request when the last one answers: throughput) and an open loop (requests started
//! on a fixed schedule whatever the answers do: latency at a given rate, measured from the
//! scheduled start so a stalled server cannot hide its queue — no coordinated omission).

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What one load phase saw.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Latencies of the answers that were acceptable, sorted.
    pub latencies: Vec<Duration>,
    /// Answers that were not acceptable (status or transport errors).
    pub errors: usize,
    /// The measured window (warm-up excluded).
    pub elapsed: Duration,
}

impl Outcome {
    pub fn ok(&self) -> usize {
        self.latencies.len()
    }

    pub fn per_second(&self) -> f64 {
        self.ok() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Nearest-rank percentile, `q` in 0..=1; zero when nothing was measured.
    pub fn percentile(&self, q: f64) -> Duration {
        percentile(&self.latencies, q)
    }
}

/// Nearest-rank percentile of sorted durations.
pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// `workers` loops sending `call` back to back for `warmup + window`; only answers that started
/// inside the window count.
pub async fn closed_loop<F, Fut>(
    workers: usize,
    warmup: Duration,
    window: Duration,
    call: F,
) -> Outcome
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let call = Arc::new(call);
    let start = Instant::now();
    let from = start + warmup;
    let until = from + window;
    let mut handles = Vec::with_capacity(workers);
    for w in 0..workers {
        let call = call.clone();
        handles.push(tokio::spawn(async move {
            let (mut lat, mut errors) = (Vec::new(), 0usize);
            let mut n = 0usize;
            loop {
                let t = Instant::now();
                if t >= until {
                    break;
                }
                let ok = call(w * 1_000_000 + n).await;
                n += 1;
                if t >= from {
                    if ok {
                        lat.push(t.elapsed());
                    } else {
                        errors += 1;
                    }
                }
            }
            (lat, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for h in handles {
        if let Ok((l, e)) = h.await {
            latencies.extend(l);
            errors += e;
        }
    }
    latencies.sort();
    Outcome {
        latencies,
        errors,
        elapsed: window,
    }
}

/// `rate` requests per second for `window` (after `warmup` at the same rate), each started at
/// its scheduled time on its own task; latency counts from the schedule, not from the send.
pub async fn open_loop<F, Fut>(rate: u32, warmup: Duration, window: Duration, call: F) -> Outcome
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send + 'static,
{
    let call = Arc::new(call);
    let interval = Duration::from_secs_f64(1.0 / rate.max(1) as f64);
    let total = ((warmup + window).as_secs_f64() * rate as f64).round() as usize;
    let skip = (warmup.as_secs_f64() * rate as f64).round() as usize;
    let results: Arc<Mutex<(Vec<Duration>, usize)>> = Arc::default();
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        let due = start + interval * i as u32;
        tokio::time::sleep_until(due).await;
        let call = call.clone();
        let results = results.clone();
        tasks.push(tokio::spawn(async move {
            let ok = call(i).await;
            let took = due.elapsed();
            if i >= skip {
                let mut r = results.lock().unwrap_or_else(|e| e.into_inner());
                if ok {
                    r.0.push(took);
                } else {
                    r.1 += 1;
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let (mut latencies, errors) =
        std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()));
    latencies.sort();
    Outcome {
        latencies,
        errors,
        elapsed: window,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 0.5), Duration::from_millis(50));
        assert_eq!(percentile(&v, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&v, 1.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }

    #[tokio::test]
    async fn open_loop_keeps_its_schedule_and_counts_errors() {
        let out = open_loop(
            200,
            Duration::from_millis(100),
            Duration::from_millis(500),
            |i| async move { i % 10 != 0 },
        )
        .await;
        // 100 calls in the window; every tenth (by global index) fails.
        assert_eq!(out.ok() + out.errors, 100);
        assert_eq!(out.errors, 10);
    }

    #[tokio::test]
    async fn closed_loop_measures_only_the_window() {
        let out = closed_loop(
            2,
            Duration::from_millis(50),
            Duration::from_millis(200),
            |_| async {
                tokio::time::sleep(Duration::from_millis(10)).await;
                true
            },
        )
        .await;
        // Two workers at ~10 ms a call over 200 ms: about 40 calls, never the warm-up's too.
        assert!(out.ok() >= 20 && out.ok() <= 44, "{}", out.ok());
        assert_eq!(out.errors, 0);
    }
}
