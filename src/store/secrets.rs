//! Secrets at rest (clause 10): values the server must read back in full — the staff's
//! authenticator keys — are sealed with ChaCha20-Poly1305 under the server's secret key before
//! they reach the database, so a copy of the database (a backup, a stolen file) does not give
//! anyone a working second factor.
//!
//! The key comes from `VIPCARE_SECRET_KEY` / `VIPCARE_SECRET_KEY_FILE` (set the same one on
//! every node); without one, `<database>.key` beside the database file is created (mode 0600)
//! on first use. Sealed values are `s1:` + base64(nonce ‖ ciphertext), bound to what they
//! belong to (the associated data, e.g. `mfa_totp:42`), so a sealed value copied to another
//! row does not open. Values without the prefix are read as they are (written before sealing
//! existed) and sealed when next written.

use super::{StoreError, StoreResult};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use std::path::Path;

const PREFIX: &str = "s1:";
const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD_NO_PAD;

/// The server's 256-bit secret key.
#[derive(Clone)]
pub struct SecretKey(Key);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl SecretKey {
    /// A key from its text form: 32 bytes as base64 (or 64 hex digits).
    pub fn parse(text: &str) -> Result<SecretKey, String> {
        let t = text.trim();
        let bytes = if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode(t).map_err(|e| e.to_string())?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(t)
                .or_else(|_| B64.decode(t))
                .map_err(|_| "the secret key is not base64 or hex".to_string())?
        };
        let arr: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the secret key must be 32 bytes".to_string())?;
        Ok(SecretKey(Key::from(arr)))
    }

    /// A new random key.
    pub fn generate() -> SecretKey {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        SecretKey(Key::from(k))
    }

    fn encoded(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.0.as_slice())
    }

    /// Reads the key at `path`, creating it (readable by the owner only) if it is missing.
    pub fn load_or_create(path: &Path) -> StoreResult<SecretKey> {
        match std::fs::read_to_string(path) {
            Ok(text) => SecretKey::parse(&text)
                .map_err(|e| StoreError::Corrupt(format!("{}: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = SecretKey::generate();
                match write_private(path, &key.encoded()) {
                    Ok(()) => Ok(key),
                    // Another process (or thread) made it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        SecretKey::load_or_create(path)
                    }
                    Err(e) => Err(StoreError::Corrupt(format!(
                        "cannot write {}: {e}",
                        path.display()
                    ))),
                }
            }
            Err(e) => Err(StoreError::Corrupt(format!(
                "cannot read {}: {e}",
                path.display()
            ))),
        }
    }

    /// Seals `plain` for the row `context`.
    pub fn seal(&self, plain: &str, context: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = ChaCha20Poly1305::new(&self.0)
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", B64.encode(out))
    }

    /// Opens a value sealed for `context`; a value written before sealing comes back as it is.
    pub fn open(&self, stored: &str, context: &str) -> StoreResult<String> {
        let Some(body) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_string());
        };
        let bad = || StoreError::Corrupt(format!("sealed value of {context} does not open"));
        let bytes = B64.decode(body).map_err(|_| bad())?;
        if bytes.len() < 12 {
            return Err(bad());
        }
        let (nonce, sealed) = bytes.split_at(12);
        let plain = ChaCha20Poly1305::new(&self.0)
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| bad())?;
        String::from_utf8(plain).map_err(|_| bad())
    }
}

/// Writes `text` to a private temporary file, then links it to `path` — which fails when
/// `path` exists — so nobody ever reads a half-written key, and a crash leaves no empty one.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = std::path::PathBuf::from(tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    use std::io::Write;
    let written = (|| {
        let mut f = opts.open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        std::fs::hard_link(&tmp, path)
    })();
    let _ = std::fs::remove_file(&tmp);
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_10_a_sealed_value_opens_only_with_its_key_and_for_its_row() {
        let key = SecretKey::generate();
        let sealed = key.seal("JBSWY3DPEHPK3PXP", "mfa_totp:7");
        assert!(sealed.starts_with("s1:"));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(
            sealed,
            key.seal("JBSWY3DPEHPK3PXP", "mfa_totp:7"),
            "a fresh nonce"
        );
        assert_eq!(key.open(&sealed, "mfa_totp:7").unwrap(), "JBSWY3DPEHPK3PXP");
        assert!(
            key.open(&sealed, "mfa_totp:8").is_err(),
            "copied to another row"
        );
        assert!(
            SecretKey::generate().open(&sealed, "mfa_totp:7").is_err(),
            "another key"
        );
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(key.open(&tampered, "mfa_totp:7").is_err());
        // Written before sealing existed: read as it is.
        assert_eq!(
            key.open("JBSWY3DPEHPK3PXP", "mfa_totp:7").unwrap(),
            "JBSWY3DPEHPK3PXP"
        );
    }

    #[test]
    fn a_key_is_32_bytes_of_base64_or_hex() {
        let k = SecretKey::generate();
        let again = SecretKey::parse(&k.encoded()).unwrap();
        assert_eq!(again.open(&k.seal("x", "c"), "c").unwrap(), "x");
        assert!(SecretKey::parse(&"ab".repeat(32)).is_ok());
        assert!(SecretKey::parse("c2hvcnQ=").is_err());
        assert!(SecretKey::parse("not a key!").is_err());
    }

    #[test]
    fn the_key_file_is_created_once_and_private() {
        let dir = std::env::temp_dir().join(format!("vipcare-key-{}", std::process::id()));
        let path = dir.join("vipcare.key");
        let _ = std::fs::remove_file(&path);
        let a = SecretKey::load_or_create(&path).unwrap();
        let b = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(b.open(&a.seal("x", "c"), "c").unwrap(), "x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
