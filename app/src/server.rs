//! Server-side plumbing shared by every server function: the application context, the
//! request context set by the session middleware, and the four-step pattern helpers
//! (who is asking → may they → call the service → map the error).

use crate::error::AppError;
use http::header::{HeaderValue, SET_COOKIE};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use vipcare::services::auth::{AuthPolicy, ClientInfo};
use vipcare::services::Actor;
use vipcare::store::Db;
use vipcare::{Lang, Permission, SessionUser};

/// Cookie settings derived from the public origin.
#[derive(Debug, Clone)]
pub struct CookieConfig {
    /// `__Host-vipcare_sid` over https, `vipcare_sid` on plain http (localhost).
    pub session_name: String,
    pub secure: bool,
}

impl CookieConfig {
    pub const LANG_COOKIE: &'static str = "vipcare_lang";

    pub fn for_origin(origin: &str) -> CookieConfig {
        let secure = origin.starts_with("https://");
        CookieConfig {
            session_name: if secure {
                "__Host-vipcare_sid"
            } else {
                "vipcare_sid"
            }
            .to_string(),
            secure,
        }
    }

    /// The short cookie of a sign-in waiting for its second factor.
    pub fn challenge_name(&self) -> &'static str {
        if self.secure {
            "__Host-vipcare_mfa"
        } else {
            "vipcare_mfa"
        }
    }

    /// The cookie of a browser the person chose to trust (skips the code, never the password).
    pub fn trusted_browser_name(&self) -> &'static str {
        if self.secure {
            "__Host-vipcare_tb"
        } else {
            "vipcare_tb"
        }
    }

    pub fn challenge_cookie(&self, token: &str) -> String {
        format!(
            "{}={token}{}; Max-Age={}",
            self.challenge_name(),
            self.attrs(),
            vipcare::mfa::CHALLENGE_TTL_MS / 1000
        )
    }

    pub fn clear_challenge_cookie(&self) -> String {
        format!("{}=; Max-Age=0{}", self.challenge_name(), self.attrs())
    }

    pub fn trusted_browser_cookie(&self, token: &str) -> String {
        format!(
            "{}={token}{}; Max-Age={}",
            self.trusted_browser_name(),
            self.attrs(),
            vipcare::mfa::TRUSTED_DEVICE_MS / 1000
        )
    }

    fn attrs(&self) -> &'static str {
        if self.secure {
            "; Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "; Path=/; HttpOnly; SameSite=Lax"
        }
    }

    pub fn session_cookie(&self, token: &str) -> String {
        format!("{}={token}{}", self.session_name, self.attrs())
    }

    pub fn clear_session_cookie(&self) -> String {
        format!("{}={}; Max-Age=0", self.session_name, self.attrs())
    }

    pub fn lang_cookie(&self, lang: Lang) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
            Self::LANG_COOKIE,
            lang.tag()
        )
    }
}

/// Everything a server function needs from the running server. Provided by the server
/// through `leptos_routes_with_context`; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppContext {
    pub db: Db,
    pub policy: AuthPolicy,
    pub cookies: CookieConfig,
    /// Online payment providers on offer.
    pub payments: vipcare::services::payments::Gateways,
}

/// What the session middleware learned about this request (request extensions).
#[derive(Clone, Debug, Default)]
pub struct RequestContext {
    pub token: Option<String>,
    pub user: Option<SessionUser>,
    pub lang: Lang,
    pub client: ClientInfo,
    /// Unread notifications (page requests only).
    pub unread: i64,
}

/// The value of the cookie `name` in `headers`, matched by exact name.
pub fn cookie_value<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The cookie `name` of the request being served.
pub fn request_cookie(name: &str) -> Option<String> {
    use_context::<Parts>().and_then(|p| cookie_value(&p.headers, name).map(str::to_string))
}

pub fn request_context() -> Option<RequestContext> {
    use_context::<Parts>().and_then(|p| p.extensions.get::<RequestContext>().cloned())
}

pub fn app_context() -> Result<AppContext, AppError> {
    use_context::<AppContext>().ok_or_else(|| {
        tracing::error!("AppContext missing from server function context");
        AppError::Internal
    })
}

/// Sets the HTTP status of the current response to the error's and returns the error.
pub fn fail(e: impl Into<AppError>) -> AppError {
    let e = e.into();
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(e.status());
    }
    e
}

/// Whether the request is a plain form post from a browser without JavaScript.
pub fn is_plain_form_post() -> bool {
    use_context::<Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT).cloned())
        .and_then(|v| v.to_str().ok().map(|s| s.contains("text/html")))
        .unwrap_or(false)
}

/// Maps an error for a form: with JavaScript the error travels as the server function's
/// result; without it the browser is sent back to `back` with `?error=…&field=…`.
pub fn fail_form(e: impl Into<AppError>, back: &str) -> AppError {
    let e = e.into();
    if is_plain_form_post() {
        let sep = if back.contains('?') { '&' } else { '?' };
        let mut url = format!("{back}{sep}error={}", crate::error::msg_to_query(e.msg()));
        if let Some(f) = e.field() {
            url.push_str("&field=");
            url.push_str(f);
        }
        leptos_axum::redirect(&url);
        e
    } else {
        fail(e)
    }
}

/// The signed-in person holding `p`; the first line of every protected server function.
pub fn authorize(p: Permission) -> Result<(AppContext, RequestContext, SessionUser), AppError> {
    let ctx = app_context().map_err(fail)?;
    let req = request_context().unwrap_or_default();
    let Some(user) = req.user.clone() else {
        return Err(fail(AppError::Unauthenticated));
    };
    if !user.can(p) {
        return Err(fail(AppError::Forbidden));
    }
    Ok((ctx, req, user))
}

/// The actor for audit entries.
pub fn actor(req: &RequestContext) -> Actor {
    req.client.actor(req.user.as_ref().map(|u| u.id))
}

/// Answers the page being rendered with `302 Found` to `path`.
pub fn page_redirect(path: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(path),
    ) {
        res.insert_header(http::header::LOCATION, v);
        res.set_status(http::StatusCode::FOUND);
    }
}

pub fn add_cookie(cookie: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(cookie),
    ) {
        res.append_header(SET_COOKIE, v);
    }
}

/// The path part of the Referer, for sending a plain form post back where it came from.
pub fn referer_path() -> String {
    use_context::<Parts>()
        .and_then(|p| p.headers.get(http::header::REFERER).cloned())
        .and_then(|v| v.to_str().ok().map(str::to_string))
        .and_then(|r| {
            let after_scheme = r.split_once("://").map(|(_, rest)| rest.to_string())?;
            let path = after_scheme
                .find('/')
                .map(|i| after_scheme[i..].to_string())?;
            Some(path)
        })
        .unwrap_or_else(|| "/".to_string())
}

/// The per-request script nonce, chosen by the edge middleware before the request reaches
/// Leptos and carried in the request's extensions. The middleware writes the policy with it;
/// the render uses it for every inline script (see [`provide_request_nonce`]).
#[derive(Debug, Clone)]
pub struct CspNonce(pub std::sync::Arc<str>);

/// Makes the middleware's nonce the render's nonce (`leptos::nonce::use_nonce`), so the
/// inline scripts and the response's policy always agree. Called from the context closure of
/// every Leptos handler; without a middleware nonce, Leptos keeps its own.
pub fn provide_request_nonce() {
    if let Some(nonce) =
        use_context::<Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// The Content-Security-Policy for an HTML page rendered with `nonce`.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let script = match nonce {
        Some(n) => format!("script-src 'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; {script}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

pub fn now_ms() -> i64 {
    vipcare::store::now_ms()
}

/// Reads an upload form: the id in `id_field` and the file in `file` (its name and bytes),
/// refusing more than the upload limit while it streams in (clause 2.2.1).
pub async fn read_upload(
    data: server_fn::codec::MultipartData,
    id_field: &str,
) -> Result<(i64, String, Vec<u8>), AppError> {
    let mut data = data
        .into_inner()
        .ok_or_else(|| fail(AppError::BadRequest))?;
    let (mut id, mut name, mut bytes) = (None::<i64>, String::new(), Vec::new());
    while let Ok(Some(mut field)) = data.next_field().await {
        match field.name() {
            Some(n) if n == id_field => {
                id = field.text().await.ok().and_then(|t| t.trim().parse().ok());
            }
            Some("file") => {
                name = field.file_name().unwrap_or_default().to_string();
                while let Ok(Some(chunk)) = field.chunk().await {
                    if bytes.len() + chunk.len() > vipcare::upload::MAX_FILE_BYTES {
                        return Err(fail(AppError::Invalid {
                            field: "file".into(),
                            msg: vipcare::Msg::ErrUploadTooLarge,
                        }));
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    let id = id.ok_or_else(|| fail(AppError::BadRequest))?;
    Ok((id, name, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_host_prefixed_and_secure_only_over_https() {
        let https = CookieConfig::for_origin("https://vip.example.com");
        let c = https.session_cookie("abc");
        assert!(
            c.starts_with("__Host-vipcare_sid=abc; Path=/; HttpOnly; SameSite=Lax; Secure"),
            "{c}"
        );
        let http = CookieConfig::for_origin("http://127.0.0.1:3000");
        let c = http.session_cookie("abc");
        assert_eq!(c, "vipcare_sid=abc; Path=/; HttpOnly; SameSite=Lax");
        assert!(http.clear_session_cookie().contains("Max-Age=0"));
    }

    #[test]
    fn csp_allows_wasm_and_the_nonce_and_forbids_framing() {
        let p = content_security_policy(Some("n0nce"));
        assert!(p.contains("'nonce-n0nce'"));
        assert!(p.contains("'wasm-unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!p.contains("unsafe-inline"));
    }
}
