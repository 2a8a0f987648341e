//! Parse, don't validate: input typed by a person becomes one of these types or a [`Msg`]
//! that says, in the person's language, what is wrong. Nothing is written before parsing passes.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// An e-mail address, trimmed. Comparison and uniqueness use [`Email::normalized`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, Msg> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Msg::ErrEmailRequired);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(Msg::ErrEmailInvalid)?;
        let ok = s.len() <= 254
            && !local.is_empty()
            && local.len() <= 64
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && !local.contains('@')
            // `.invalid` is reserved (RFC 2606) and names anonymised accounts: nobody may
            // register one and so take an address the retention job will need (10.3).
            && !domain.to_ascii_lowercase().ends_with(".invalid");
        if ok {
            Ok(Email(s.to_string()))
        } else {
            Err(Msg::ErrEmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lower-cased: e-mail addresses are unique case-insensitively.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A person's display name: 1–100 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, Msg> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Msg::ErrNameRequired);
        }
        if s.chars().count() > 100 || s.chars().any(char::is_control) {
            return Err(Msg::ErrNameInvalid);
        }
        Ok(PersonName(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number: digits with an optional leading `+`, spaces and dashes allowed and removed;
/// 6 to 20 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, Msg> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Msg::ErrPhoneRequired);
        }
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            match c {
                '+' if i == 0 => out.push(c),
                '0'..='9' => out.push(c),
                ' ' | '-' => {}
                _ => return Err(Msg::ErrPhoneInvalid),
            }
        }
        let digits = out.chars().filter(char::is_ascii_digit).count();
        if (6..=20).contains(&digits) {
            Ok(Phone(out))
        } else {
            Err(Msg::ErrPhoneInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: at least 10 characters, at most 128, not only one repeated character.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(input: &str) -> Result<NewPassword, Msg> {
        let n = input.chars().count();
        if n < Self::MIN_CHARS {
            return Err(Msg::ErrPasswordTooShort);
        }
        if n > 128 {
            return Err(Msg::ErrPasswordTooLong);
        }
        let mut chars = input.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(Msg::ErrPasswordWeak);
        }
        Ok(NewPassword(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn clause_10_3_no_address_in_the_reserved_invalid_domain() {
        assert_eq!(
            Email::parse("anonymised-7@anonymised.invalid").err(),
            Some(Msg::ErrEmailInvalid)
        );
        assert_eq!(
            Email::parse("a@B.INVALID").err(),
            Some(Msg::ErrEmailInvalid)
        );
        assert!(Email::parse("a@invalid.example.com").is_ok());
    }

    use super::*;

    #[test]
    fn emails_are_unique_case_insensitively() {
        let a = Email::parse("  Vip@Example.COM ").unwrap();
        assert_eq!(a.as_str(), "Vip@Example.COM");
        assert_eq!(a.normalized(), "vip@example.com");
    }

    #[test]
    fn bad_emails_get_a_message() {
        assert_eq!(Email::parse(""), Err(Msg::ErrEmailRequired));
        for bad in [
            "a", "a@b", "@b.cn", "a b@c.cn", "a@.cn", "a@b..cn", "a@b.cn.",
        ] {
            assert_eq!(Email::parse(bad), Err(Msg::ErrEmailInvalid), "{bad}");
        }
    }

    #[test]
    fn phones_keep_digits_and_leading_plus() {
        assert_eq!(
            Phone::parse("+86 138-0000-0000").unwrap().as_str(),
            "+8613800000000"
        );
        assert_eq!(Phone::parse("12a45678"), Err(Msg::ErrPhoneInvalid));
        assert_eq!(Phone::parse("123"), Err(Msg::ErrPhoneInvalid));
        assert_eq!(Phone::parse(" "), Err(Msg::ErrPhoneRequired));
    }

    #[test]
    fn passwords_need_length_and_variety() {
        assert_eq!(
            NewPassword::parse("short").err(),
            Some(Msg::ErrPasswordTooShort)
        );
        assert_eq!(
            NewPassword::parse("aaaaaaaaaaaa").err(),
            Some(Msg::ErrPasswordWeak)
        );
        assert!(NewPassword::parse("correct horse battery").is_ok());
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-password").unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(PersonName::parse("  王小明 ").unwrap().as_str(), "王小明");
        assert_eq!(PersonName::parse(""), Err(Msg::ErrNameRequired));
        assert_eq!(
            PersonName::parse(&"x".repeat(101)),
            Err(Msg::ErrNameInvalid)
        );
    }
}
