//! The second sign-in factor (clause 10, confidentiality; SPEC §security): time-based one-time
//! passwords (TOTP, RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) from an authenticator app,
//! and single-use recovery codes. Staff must have one; customers may opt in.
//!
//! Pure functions: the secret and the clock come in, codes and accepted steps go out. The
//! service keeps the secret, the last accepted step (so a code works once) and the hashed
//! recovery codes.

use crate::auth::Role;
use serde::{Deserialize, Serialize};

/// The account page's view of a person's second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MfaStatus {
    /// An authenticator is set up and confirmed.
    pub enrolled: bool,
    /// This account must have one (staff).
    pub required: bool,
    pub recovery_codes_left: i64,
    pub trusted_browsers: i64,
    /// An enrolment started and not yet confirmed.
    pub pending: Option<PendingEnrolment>,
}

/// What the person needs to set up their authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEnrolment {
    /// The secret in base32, grouped in fours for typing.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub uri: String,
    /// The QR code as an SVG element (rendered by the server from `uri`).
    pub qr_svg: String,
}

/// Length of one TOTP time step.
pub const STEP_MS: i64 = 30_000;
/// Digits in a code.
pub const DIGITS: u32 = 6;
/// Steps either side of now that still count (clock drift between phone and server).
pub const DRIFT_STEPS: i64 = 1;
/// Bytes of a new secret (160 bits, as RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes issued at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// How long a password-accepted sign-in waits for its second factor.
pub const CHALLENGE_TTL_MS: i64 = 5 * 60_000;
/// Wrong codes one sign-in may try before it must start again with the password.
pub const CHALLENGE_MAX_ATTEMPTS: i64 = 5;
/// How long a browser the person chose to trust skips the second factor.
pub const TRUSTED_DEVICE_MS: i64 = 30 * 24 * 60 * 60_000;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "VIP Care";

/// Whether an account with these roles must use a second factor: every staff role.
pub fn required_for(roles: &[Role]) -> bool {
    roles.iter().any(|r| r.is_staff())
}

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, the form authenticator apps take.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32, ignoring case, spaces and padding; `None` on any other character.
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 5 / 8);
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let c = c.to_ascii_uppercase() as u8;
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
        buf &= (1 << bits) - 1;
    }
    Some(out)
}

/// The time step a moment falls in.
pub fn step_at(now_ms: i64) -> i64 {
    now_ms.div_euclid(STEP_MS)
}

/// HOTP (RFC 4226) with `digits` digits.
#[cfg(feature = "ssr")]
fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    use hmac::{Hmac, Mac};
    let mut mac =
        Hmac::<sha1::Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[h.len() - 1] & 0x0f) as usize;
    let bin = u32::from_be_bytes([
        h[offset] & 0x7f,
        h[offset + 1],
        h[offset + 2],
        h[offset + 3],
    ]);
    bin % 10u32.pow(digits)
}

/// The code an authenticator shows for `step`, zero-padded.
#[cfg(feature = "ssr")]
pub fn code_for_step(secret: &[u8], step: i64) -> String {
    format!(
        "{:0width$}",
        hotp(secret, step.max(0) as u64, DIGITS),
        width = DIGITS as usize
    )
}

/// What a person typed into the code field, told apart by shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnteredCode {
    /// Six digits from the authenticator.
    Totp(String),
    /// A recovery code, normalised (lower case, no separators).
    Recovery(String),
}

/// Reads the code field: spaces and dashes are ignored; six digits are a TOTP code, ten
/// base32 characters a recovery code; anything else is `None`.
pub fn parse_code(input: &str) -> Option<EnteredCode> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if s.len() == DIGITS as usize && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(EnteredCode::Totp(s));
    }
    let lower = s.to_ascii_lowercase();
    if lower.len() == 10
        && lower
            .bytes()
            .all(|b| ALPHABET.contains(&b.to_ascii_uppercase()))
    {
        return Some(EnteredCode::Recovery(lower));
    }
    None
}

/// The step `code` belongs to, if it is valid near `now_ms` and newer than `last_step` (the
/// last step accepted for this account): a code, once used, never works again.
#[cfg(feature = "ssr")]
pub fn verify_totp(secret: &[u8], code: &str, now_ms: i64, last_step: i64) -> Option<i64> {
    let now = step_at(now_ms);
    (now - DRIFT_STEPS..=now + DRIFT_STEPS)
        .filter(|s| *s > last_step)
        .find(|s| constant_time_eq(code_for_step(secret, *s).as_bytes(), code.as_bytes()))
}

#[cfg(feature = "ssr")]
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A recovery code as shown to the person: ten base32 characters from 50 random bits, in two
/// groups (`abcde-fghij`).
pub fn format_recovery_code(random: [u8; 7]) -> String {
    let s = base32_encode(&random).to_ascii_lowercase();
    format!("{}-{}", &s[..5], &s[5..10])
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn otpauth_uri(account: &str, secret_b32: &str) -> String {
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret_b32}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={period}",
        issuer = percent_encode(ISSUER),
        account = percent_encode(account),
        period = STEP_MS / 1000,
    )
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The secret grouped in fours for typing by hand.
pub fn group_secret(secret_b32: &str) -> String {
    secret_b32
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc_4648_vectors_and_round_trips() {
        for (plain, enc) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32_encode(plain.as_bytes()), enc);
            assert_eq!(base32_decode(enc).unwrap(), plain.as_bytes());
        }
        assert_eq!(
            base32_decode("mzxw 6ytb oi======").unwrap(),
            b"foobar".to_vec()
        );
        assert_eq!(base32_decode("MZXW1"), None, "1 is not base32");
    }

    #[test]
    fn codes_are_told_apart_by_shape() {
        assert_eq!(
            parse_code(" 123 456 "),
            Some(EnteredCode::Totp("123456".into()))
        );
        assert_eq!(
            parse_code("ABCDE-fgh23"),
            Some(EnteredCode::Recovery("abcdefgh23".into()))
        );
        for bad in [
            "",
            "12345",
            "1234567",
            "abcde-fgh1",
            "abcdefghijk",
            "12345a",
        ] {
            assert_eq!(parse_code(bad), None, "{bad}");
        }
        let code = format_recovery_code([0xff, 0, 0x12, 0x34, 0x56, 0x78, 0x9a]);
        assert_eq!(code.len(), 11);
        assert!(matches!(parse_code(&code), Some(EnteredCode::Recovery(_))));
    }

    #[test]
    fn clause_10_staff_need_a_second_factor_customers_may_choose() {
        assert!(required_for(&[Role::Agent]));
        assert!(required_for(&[Role::Finance, Role::Admin]));
        assert!(!required_for(&[Role::Customer]));
        assert!(!required_for(&[]));
    }

    #[test]
    fn the_uri_names_issuer_and_account() {
        let uri = otpauth_uri("li.na@example.com", "JBSWY3DPEHPK3PXP");
        assert_eq!(
            uri,
            "otpauth://totp/VIP%20Care:li.na@example.com?secret=JBSWY3DPEHPK3PXP&issuer=VIP%20Care&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(group_secret("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
    }

    #[cfg(feature = "ssr")]
    mod ssr {
        use super::super::*;

        const RFC_SECRET: &[u8] = b"12345678901234567890";

        /// RFC 6238 appendix B (SHA-1), the last six of its eight digits.
        #[test]
        fn totp_matches_rfc_6238_vectors() {
            for (t, eight) in [
                (59i64, "94287082"),
                (1_111_111_109, "07081804"),
                (1_111_111_111, "14050471"),
                (1_234_567_890, "89005924"),
                (2_000_000_000, "69279037"),
                (20_000_000_000, "65353130"),
            ] {
                assert_eq!(
                    code_for_step(RFC_SECRET, step_at(t * 1000)),
                    &eight[2..],
                    "t={t}"
                );
            }
        }

        #[test]
        fn clause_10_a_code_is_accepted_once_and_only_near_now() {
            let now = 1_700_000_000_000;
            let step = step_at(now);
            let code = code_for_step(RFC_SECRET, step);
            assert_eq!(verify_totp(RFC_SECRET, &code, now, 0), Some(step));
            // Used once: the same code (and any older one) is refused.
            assert_eq!(verify_totp(RFC_SECRET, &code, now, step), None);
            let previous = code_for_step(RFC_SECRET, step - 1);
            assert_eq!(verify_totp(RFC_SECRET, &previous, now, step), None);
            // One step of drift either way is fine; two are not.
            let next = code_for_step(RFC_SECRET, step + 1);
            assert_eq!(verify_totp(RFC_SECRET, &next, now, step), Some(step + 1));
            assert_eq!(verify_totp(RFC_SECRET, &previous, now, 0), Some(step - 1));
            let old = code_for_step(RFC_SECRET, step - 2);
            assert_eq!(verify_totp(RFC_SECRET, &old, now, 0), None);
            assert_eq!(verify_totp(b"another secret", &code, now, 0), None);
        }
    }
}
