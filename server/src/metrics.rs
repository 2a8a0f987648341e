//! Request ids, request tracing and `/metrics` (Prometheus text format).
//!
//! Every request gets an id — the caller's `x-request-id` when it is a plain token, else a new
//! one — which is on the request's tracing span and echoed in the response header, so a
//! customer's report can be matched to the server's log. Requests are counted and timed per
//! *class* of route (pages, server functions, assets, files, …), never per raw path: paths carry
//! ids and query strings carry search terms, which are personal data and unbounded label values.
//!
//! Counters live in this node's memory (Prometheus scrapes each node); the programme gauges
//! (queue sizes, SLA breaches, open complaints) are read from the shared database at scrape
//! time. `/metrics` answers only an admin's session (permission `ReadAudit`) or a scraper
//! holding `VIPCARE_METRICS_TOKEN`; anonymous requests get 401.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tracing::Instrument;
use vipcare::store::Db;
use vipcare::Permission;
use vipcare_app::server::RequestContext;

/// The header that carries a request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The class of a route: a bounded label value that carries no id or personal data.
pub fn route_class(path: &str) -> &'static str {
    if path.starts_with("/api/v1/") {
        "api_v1"
    } else if path.starts_with("/api/") {
        "server_fn"
    } else if path.starts_with("/pkg/") || path.starts_with("/favicon") {
        "asset"
    } else if path.starts_with("/files/") || path.ends_with("/signed-copy") {
        "download"
    } else if path.ends_with(".csv")
        || path.ends_with(".zip")
        || path.starts_with("/admin/quality/export/")
    {
        "export"
    } else if path.starts_with("/payments/") {
        "payment_callback"
    } else if path == "/healthz" || path == "/metrics" {
        "ops"
    } else {
        "page"
    }
}

#[derive(Default)]
struct Series {
    count: u64,
    sum_secs: f64,
    buckets: [u64; BUCKETS.len()],
}

/// This node's request counters.
#[derive(Default)]
pub struct Metrics {
    /// (class, status) → count and latency histogram.
    series: Mutex<BTreeMap<(&'static str, u16), Series>>,
    in_flight: AtomicU64,
    next_id: AtomicU64,
    /// A random prefix per process, so ids from different nodes do not collide.
    node: u64,
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        Arc::new(Metrics {
            node: rand::random::<u64>() & 0xffff_ffff,
            ..Default::default()
        })
    }

    fn new_id(&self) -> String {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        format!("{:08x}-{n:x}", self.node)
    }

    fn observe(&self, class: &'static str, status: u16, secs: f64) {
        let mut series = self.series.lock().unwrap_or_else(|p| p.into_inner());
        let s = series.entry((class, status)).or_default();
        s.count += 1;
        s.sum_secs += secs;
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                s.buckets[i] += 1;
            }
        }
    }

    /// The counters in Prometheus text format.
    pub fn render(&self, out: &mut String) {
        let series = self.series.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str(
            "# HELP vipcare_http_requests_total Requests answered, by route class and status.\n",
        );
        out.push_str("# TYPE vipcare_http_requests_total counter\n");
        for ((class, status), s) in series.iter() {
            let _ = writeln!(
                out,
                "vipcare_http_requests_total{{class=\"{class}\",status=\"{status}\"}} {}",
                s.count
            );
        }
        out.push_str(
            "# HELP vipcare_http_request_duration_seconds Time to answer, by route class.\n",
        );
        out.push_str("# TYPE vipcare_http_request_duration_seconds histogram\n");
        let mut by_class: BTreeMap<&str, Series> = BTreeMap::new();
        for ((class, _), s) in series.iter() {
            let c = by_class.entry(class).or_default();
            c.count += s.count;
            c.sum_secs += s.sum_secs;
            for (i, b) in s.buckets.iter().enumerate() {
                c.buckets[i] += b;
            }
        }
        for (class, s) in by_class {
            for (i, le) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "vipcare_http_request_duration_seconds_bucket{{class=\"{class}\",le=\"{le}\"}} {}",
                    s.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "vipcare_http_request_duration_seconds_bucket{{class=\"{class}\",le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "vipcare_http_request_duration_seconds_sum{{class=\"{class}\"}} {:.6}",
                s.sum_secs
            );
            let _ = writeln!(
                out,
                "vipcare_http_request_duration_seconds_count{{class=\"{class}\"}} {}",
                s.count
            );
        }
        out.push_str("# HELP vipcare_http_requests_in_flight Requests being answered now.\n");
        out.push_str("# TYPE vipcare_http_requests_in_flight gauge\n");
        let _ = writeln!(
            out,
            "vipcare_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
    }
}

/// A caller's request id is kept when it is a plain token (letters, digits, `-`, `_`, `.`;
/// 1–64 characters); anything else is replaced, so ids never inject into logs.
fn accept_id(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(REQUEST_ID)?.to_str().ok()?;
    let ok = !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    ok.then(|| v.to_string())
}

/// Outermost middleware: request id, tracing span, counters.
pub async fn track(
    State(metrics): State<Arc<Metrics>>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let id = accept_id(req.headers()).unwrap_or_else(|| metrics.new_id());
    let class = route_class(req.uri().path());
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert(REQUEST_ID, v);
    }
    // The path only: query strings may carry search terms (names, e-mail addresses).
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.uri().path(),
        class
    );
    let started = Instant::now();
    metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let mut res = next.run(req).instrument(span.clone()).await;
    metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    let secs = started.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    metrics.observe(class, status, secs);
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, ms = secs * 1000.0, "answered");
        } else {
            tracing::debug!(status, ms = secs * 1000.0, "answered");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// What `/metrics` needs.
#[derive(Clone)]
pub struct MetricsState {
    pub db: Db,
    pub metrics: Arc<Metrics>,
    /// `VIPCARE_METRICS_TOKEN`: a scraper's bearer token; `None` leaves admins' sessions only.
    pub token: Option<String>,
}

/// Compares without an early exit, so the time taken does not tell how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// `GET /metrics`.
pub async fn metrics(
    State(state): State<MetricsState>,
    Extension(ctx): Extension<RequestContext>,
    headers: HeaderMap,
) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let by_token =
        matches!((&state.token, bearer), (Some(t), Some(b)) if same(t.as_bytes(), b.as_bytes()));
    if !by_token {
        match ctx.user.as_ref() {
            None => return StatusCode::UNAUTHORIZED.into_response(),
            Some(u) if !u.can(Permission::ReadAudit) => {
                return StatusCode::FORBIDDEN.into_response()
            }
            Some(_) => {}
        }
    }
    let mut out = String::with_capacity(4096);
    state.metrics.render(&mut out);
    match vipcare::store::metrics::gauges(state.db.reader()).await {
        Ok(g) => {
            for (name, help, value) in [
                (
                    "vipcare_requests_open",
                    "Service requests waiting for staff.",
                    g.open_requests,
                ),
                (
                    "vipcare_requests_waiting_on_customer",
                    "Service requests waiting for the customer.",
                    g.waiting_requests,
                ),
                (
                    "vipcare_complaints_open",
                    "Complaints not closed.",
                    g.open_complaints,
                ),
                (
                    "vipcare_audit_entries",
                    "Entries in the audit log.",
                    g.audit_entries,
                ),
            ] {
                let _ = writeln!(
                    out,
                    "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
                );
            }
            let _ = writeln!(
                out,
                "# HELP vipcare_sla_breaches_total SLA targets breached.\n# TYPE vipcare_sla_breaches_total counter\nvipcare_sla_breaches_total {}",
                g.sla_breaches
            );
        }
        Err(e) => {
            tracing::warn!(error = ?e, "metrics: gauges unavailable");
            out.push_str("# gauges unavailable: database error\n");
        }
    }
    let mut res = out.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_classes_carry_no_ids() {
        assert_eq!(route_class("/portal/requests/42"), "page");
        assert_eq!(route_class("/api/desk/mine"), "server_fn");
        assert_eq!(route_class("/api/v1/ledger"), "api_v1");
        assert_eq!(route_class("/pkg/vipcare.wasm"), "asset");
        assert_eq!(route_class("/files/7"), "download");
        assert_eq!(route_class("/agreements/7/signed-copy"), "download");
        assert_eq!(route_class("/admin/billing/reports/ageing.csv"), "export");
        assert_eq!(route_class("/metrics"), "ops");
    }

    #[test]
    fn request_ids_are_kept_only_when_plain() {
        let mut h = HeaderMap::new();
        h.insert(REQUEST_ID, HeaderValue::from_static("abc-123_x.y"));
        assert_eq!(accept_id(&h).as_deref(), Some("abc-123_x.y"));
        h.insert(REQUEST_ID, HeaderValue::from_static("a b"));
        assert_eq!(accept_id(&h), None);
        h.insert(REQUEST_ID, HeaderValue::from_str(&"x".repeat(65)).unwrap());
        assert_eq!(accept_id(&h), None);
    }

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::new();
        m.observe("page", 200, 0.003);
        m.observe("page", 404, 0.2);
        let mut out = String::new();
        m.render(&mut out);
        assert!(out.contains("vipcare_http_requests_total{class=\"page\",status=\"200\"} 1"));
        assert!(out.contains(
            "vipcare_http_request_duration_seconds_bucket{class=\"page\",le=\"0.005\"} 1"
        ));
        assert!(out.contains(
            "vipcare_http_request_duration_seconds_bucket{class=\"page\",le=\"0.25\"} 2"
        ));
        assert!(out.contains("vipcare_http_request_duration_seconds_count{class=\"page\"} 2"));
        assert_ne!(m.new_id(), m.new_id());
    }
}
