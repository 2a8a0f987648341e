//! What every page knows about the current request: who is signed in and the language.
//!
//! On the server it comes from the session middleware (request extensions); the shell writes
//! it into the page as JSON so the browser starts hydration with exactly the same values.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use vipcare::{Lang, Msg, Permission, SessionUser};

pub const SESSION_SCRIPT_ID: &str = "vip-session";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<SessionUser>,
    pub lang: Lang,
    /// Unread notifications, for the header badge.
    #[serde(default)]
    pub unread: i64,
}

impl SessionInfo {
    pub fn can(&self, p: Permission) -> bool {
        self.user.as_ref().is_some_and(|u| u.can(p))
    }

    /// JSON safe to place inside a `<script type="application/json">` element.
    pub fn to_script_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }

    /// Reads the session for the current render.
    pub fn current() -> SessionInfo {
        #[cfg(feature = "ssr")]
        {
            crate::server::request_context()
                .map(|c| SessionInfo {
                    user: c.user.clone(),
                    lang: c.lang,
                    unread: c.unread,
                })
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            read_from_document().unwrap_or_default()
        }
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn read_from_document() -> Option<SessionInfo> {
    let doc = web_sys::window()?.document()?;
    let el = doc.get_element_by_id(SESSION_SCRIPT_ID)?;
    serde_json::from_str(&el.text_content()?).ok()
}

#[cfg(all(not(feature = "hydrate"), not(feature = "ssr")))]
fn read_from_document() -> Option<SessionInfo> {
    None
}

/// The session provided by `App`.
pub fn use_session() -> SessionInfo {
    use_context::<SessionInfo>().unwrap_or_default()
}

/// The current language.
pub fn use_lang() -> Lang {
    use_session().lang
}

/// Translates a message in the current language.
pub fn t(m: Msg) -> &'static str {
    m.text(use_lang())
}

/// Translates a message with `{0}`, `{1}`, … placeholders (word order differs by language).
pub fn tf(m: Msg, args: &[&str]) -> String {
    fill(m.text(use_lang()), args)
}

pub fn fill(text: &str, args: &[&str]) -> String {
    let mut out = text.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vipcare::Role;

    #[test]
    fn placeholders_follow_each_language_s_word_order() {
        assert_eq!(
            fill("在 {1} 前再消费 {0}", &["¥3,200", "2026-12-25"]),
            "在 2026-12-25 前再消费 ¥3,200"
        );
        assert_eq!(
            fill("Spend {0} more by {1}", &["¥3,200", "2026-12-25"]),
            "Spend ¥3,200 more by 2026-12-25"
        );
    }

    #[test]
    fn session_json_cannot_close_the_script_element() {
        let s = SessionInfo {
            user: Some(SessionUser {
                id: 7,
                email: "a@example.com".into(),
                name: "</script><script>alert(1)</script> & co".into(),
                roles: vec![Role::Customer],
                second_factor: false,
            }),
            lang: Lang::En,
            unread: 3,
        };
        let json = s.to_script_json();
        assert!(!json.contains('<') && !json.contains('>'), "{json}");
        let back: SessionInfo = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}
