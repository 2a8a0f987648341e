//! Password hashing: argon2id, m = 19456 KiB, t = 2, p = 1 (OWASP's minimum), always on a
//! blocking thread so hashing never stalls the async runtime.

use super::{ServiceError, ServiceResult};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password (PHC string).
pub async fn hash(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Other(format!("argon2 hash: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Other(format!("join: {e}")))?
}

/// A fixed hash to verify against when the account does not exist, so an unknown e-mail
/// costs the same time as a wrong password (no user enumeration by timing).
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::encode_b64(b"vipcare-dummy-salt").expect("salt");
        hasher()
            .hash_password(b"not-a-real-password", &salt)
            .expect("hash")
            .to_string()
    })
}

/// Verifies `password` against `stored`, or against the dummy hash when `stored` is `None`
/// (then the answer is always `false`).
pub async fn verify(password: String, stored: Option<String>) -> ServiceResult<bool> {
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let phc = stored.unwrap_or_else(|| dummy_hash().to_string());
        // A value that is not a hash (an anonymised account's '!anonymised') matches no
        // password, in the same time as any other wrong password.
        let (real, phc) = match PasswordHash::new(&phc) {
            Ok(_) => (real, phc),
            Err(_) => (false, dummy_hash().to_string()),
        };
        let parsed = PasswordHash::new(&phc)
            .map_err(|e| ServiceError::Other(format!("stored hash unreadable: {e}")))?;
        let ok = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(real && ok)
    })
    .await
    .map_err(|e| ServiceError::Other(format!("join: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_use_argon2id_with_the_agreed_parameters() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery".into(), Some(h.clone()))
            .await
            .unwrap());
        assert!(!verify("wrong horse battery".into(), Some(h)).await.unwrap());
        assert!(!verify("not-a-real-password".into(), None).await.unwrap());
    }
}
