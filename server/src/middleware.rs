//! Request middleware: cross-site request rejection, the session resolver and security
//! headers. Server functions have no CSRF protection of their own, so the origin check runs
//! before any of them.

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;
use vipcare::services::auth::{self as auth_service, ClientInfo};
use vipcare::Lang;
use vipcare_app::server::{
    content_security_policy, cookie_value, AppContext, CookieConfig, CspNonce, RequestContext,
};

/// What the edge middleware needs to know.
#[derive(Clone)]
pub struct EdgeState {
    pub app: AppContext,
    pub public_origin: Arc<str>,
    pub trust_proxy: bool,
    pub https: bool,
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(
        *m,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Rejects state-changing requests that a browser sent from another site: an `Origin` other
/// than the public origin, or `Sec-Fetch-Site: cross-site`/`same-site`. Non-browser clients
/// (no `Origin`, no `Sec-Fetch-Site`) pass; they cannot ride on a victim's cookie.
pub fn is_cross_site(method: &Method, headers: &HeaderMap, public_origin: &str) -> bool {
    if !is_unsafe(method) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    match headers.get(header::ORIGIN) {
        Some(o) => o.to_str().map(|o| o != public_origin).unwrap_or(true),
        None => false,
    }
}

pub async fn reject_cross_site(
    State(edge): State<EdgeState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    if is_cross_site(req.method(), req.headers(), &edge.public_origin) {
        tracing::warn!(path = %req.uri().path(), origin = ?req.headers().get(header::ORIGIN), "cross-site request rejected");
        return (StatusCode::FORBIDDEN, "cross-site request rejected").into_response();
    }
    next.run(req).await
}

pub fn client_ip(req: &Request<Body>, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return ip.trim().to_string();
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/favicon")
        || path == "/healthz"
        || path == "/robots.txt"
}

/// Resolves the session cookie and the language into a [`RequestContext`] extension.
pub async fn resolve_session(
    State(edge): State<EdgeState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    if is_static(req.uri().path()) {
        return next.run(req).await;
    }
    let cookies: &CookieConfig = &edge.app.cookies;
    let token = cookie_value(req.headers(), &cookies.session_name).map(str::to_string);
    let client = ClientInfo {
        ip: client_ip(&req, edge.trust_proxy),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
    };
    // Pages show the unread notification count in the header; API calls do not need it.
    let with_unread = !req.uri().path().starts_with("/api/");
    let resolved = match token.as_deref() {
        Some(t) => {
            match auth_service::resolve(
                &edge.app.db,
                &edge.app.policy,
                t,
                with_unread,
                vipcare::store::now_ms(),
            )
            .await
            {
                Ok(r) => r,
                Err(e) => {
                    tracing::error!(error = ?e, "session lookup failed");
                    return (StatusCode::SERVICE_UNAVAILABLE, "service unavailable")
                        .into_response();
                }
            }
        }
        None => None,
    };
    let stale_cookie = token.is_some() && resolved.is_none();
    let lang = resolved
        .as_ref()
        .and_then(|r| r.lang)
        .or_else(|| cookie_value(req.headers(), CookieConfig::LANG_COOKIE).and_then(Lang::from_tag))
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default();
    let unread = resolved.as_ref().map_or(0, |r| r.unread);
    req.extensions_mut().insert(RequestContext {
        token: if resolved.is_some() { token } else { None },
        user: resolved.map(|r| r.user),
        lang,
        client,
        unread,
    });
    let mut res = next.run(req).await;
    if stale_cookie {
        if let Ok(v) = HeaderValue::from_str(&cookies.clear_session_cookie()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// A fresh script nonce: 128 random bits, base64.
fn new_nonce() -> Arc<str> {
    use base64::Engine as _;
    use rand::RngCore as _;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    Arc::from(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Security headers on every response. This middleware owns the Content-Security-Policy: it
/// picks the request's script nonce before Leptos renders (the render takes it from the
/// request, see `provide_request_nonce`) and writes the policy itself, so an HTML page's
/// policy always names the nonce of its inline scripts, whatever path rendered it. Other
/// responses get the same policy without a nonce.
pub async fn security_headers(
    State(edge): State<EdgeState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let asset_cache = static_cache_control(req.uri().path());
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    if let Some(policy) = asset_cache.filter(|_| res.status().is_success()) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    let h = res.headers_mut();
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = content_security_policy(is_html.then_some(&*nonce));
    if let Ok(v) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if edge.https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if is_html && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// How long a browser may keep a client file. cargo-leptos names the release build's files
/// `vipcare.<hash>.wasm` (`hash-files`): such a name never changes content, so it is cached for
/// a year without revalidation. Anything else under `/pkg/` is revalidated on each use (the
/// answer carries `Last-Modified`), so a new build is never hidden behind a stale copy.
pub fn static_cache_control(path: &str) -> Option<&'static str> {
    let name = path.strip_prefix("/pkg/")?;
    let mut parts = name.rsplit('.');
    let (_ext, hash) = (parts.next()?, parts.next());
    let stem = parts.next();
    let hashed = matches!((stem, hash), (Some(stem), Some(hash))
        if !stem.is_empty()
            && hash.len() == 22
            && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    Some(if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_client_files_are_cached_for_a_year_and_others_revalidated() {
        let year = Some("public, max-age=31536000, immutable");
        assert_eq!(
            static_cache_control("/pkg/vipcare.Xw3rL9aQ0v_b-1cD2eF3gH.wasm"),
            year
        );
        assert_eq!(
            static_cache_control("/pkg/vipcare.Xw3rL9aQ0v_b-1cD2eF3gH.js"),
            year
        );
        assert_eq!(static_cache_control("/pkg/vipcare.wasm"), Some("no-cache"));
        assert_eq!(static_cache_control("/pkg/vipcare.css"), Some("no-cache"));
        // Not a 22-character base64url hash.
        assert_eq!(
            static_cache_control("/pkg/vipcare.short.wasm"),
            Some("no-cache")
        );
        assert_eq!(
            static_cache_control("/pkg/snippets/a/b.js"),
            Some("no-cache")
        );
        assert_eq!(static_cache_control("/portal"), None);
        assert_eq!(static_cache_control("/favicon.svg"), None);
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    const ORIGIN: &str = "http://127.0.0.1:3000";

    #[test]
    fn same_origin_posts_pass_and_foreign_ones_do_not() {
        assert!(!is_cross_site(
            &Method::POST,
            &headers(&[("origin", "http://127.0.0.1:3000")]),
            ORIGIN
        ));
        assert!(is_cross_site(
            &Method::POST,
            &headers(&[("origin", "https://evil.example")]),
            ORIGIN
        ));
        assert!(is_cross_site(
            &Method::POST,
            &headers(&[("sec-fetch-site", "cross-site")]),
            ORIGIN
        ));
        assert!(is_cross_site(
            &Method::DELETE,
            &headers(&[("sec-fetch-site", "same-site")]),
            ORIGIN
        ));
        assert!(!is_cross_site(
            &Method::POST,
            &headers(&[("sec-fetch-site", "same-origin")]),
            ORIGIN
        ));
        assert!(!is_cross_site(
            &Method::GET,
            &headers(&[("origin", "https://evil.example")]),
            ORIGIN
        ));
        assert!(!is_cross_site(&Method::POST, &HeaderMap::new(), ORIGIN));
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let h = headers(&[("cookie", "xvipcare_sid=no; vipcare_sid=yes; other=1")]);
        assert_eq!(cookie_value(&h, "vipcare_sid"), Some("yes"));
        assert_eq!(cookie_value(&h, "missing"), None);
    }
}

/// Request paths that accept uploads (the multipart server functions): the larger body limit,
/// and only a multipart body. The authorization matrix test fails when a multipart server
/// function is missing here.
pub const UPLOAD_PATHS: &[&str] = &[
    "/api/ledger/preview",
    "/api/application/material",
    "/api/requests/attach",
    "/api/breaches/attach",
    "/api/disputes/attach",
];

/// Whether a request's `Content-Type` is `multipart/form-data` with a boundary. The server
/// functions' multipart decoder panics without one, so anything else is refused first.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            let ct = ct.to_ascii_lowercase();
            ct.starts_with("multipart/form-data") && ct.contains("boundary=")
        })
}

/// Body size limits by path: [`UPLOAD_PATHS`] get `upload_limit`, everything else
/// `body_limit`. A declared length over the limit is answered 413 at once; a streamed body is
/// cut off at the limit.
#[derive(Clone, Copy)]
pub struct BodyLimits {
    pub body_limit: usize,
    pub upload_limit: usize,
}

pub async fn limit_body(
    State(limits): State<BodyLimits>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let upload = UPLOAD_PATHS.contains(&req.uri().path());
    if upload && req.method() == Method::POST && !is_multipart(req.headers()) {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "an upload must be sent as multipart/form-data",
        )
            .into_response();
    }
    let limit = if upload {
        limits.upload_limit
    } else {
        limits.body_limit
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    }
    let (parts, body) = req.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// The answer to a request whose handler panicked: 500 and a plain message; the panic's text
/// goes to the log only.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = what, "a request handler panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}
