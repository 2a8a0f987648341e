//! The second sign-in factor (clause 10): enrolment of an authenticator app, recovery codes,
//! trusted browsers, opting out (customers only) and the audited reset by an admin. The
//! sign-in half (asking for the code after the password) is in [`super::auth`].

use super::audit::{self, Event};
use super::auth::{new_token, token_hash, ClientInfo};
use super::{password, Actor, ServiceError, ServiceResult};
use crate::auth::SessionUser;
use crate::i18n::Msg;
use crate::mfa::{self, EnteredCode, MfaStatus, PendingEnrolment};
use crate::store::{self, Db, StoreError, WriteTx};
use rand::RngCore;

/// An unconfirmed enrolment older than this starts again with a new secret.
const PENDING_TTL_MS: i64 = 60 * 60_000;

fn invalid_code() -> ServiceError {
    ServiceError::Invalid {
        field: "code",
        msg: Msg::ErrMfaCode,
    }
}

fn qr_svg(uri: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<svg::Color>()
                .min_dimensions(200, 200)
                .dark_color(svg::Color("#111111"))
                .light_color(svg::Color("#ffffff"))
                .build();
            // Inline in the page: the XML declaration has no place there.
            svg.find("<svg")
                .map(|i| svg[i..].to_string())
                .unwrap_or_default()
        }
        Err(_) => String::new(),
    }
}

/// What a sealed authenticator key is bound to: its row.
fn totp_context(user_id: i64) -> String {
    format!("mfa_totp:{user_id}")
}

/// Seals the authenticator keys stored before sealing existed (at start; idempotent).
/// Returns how many were sealed.
pub async fn seal_stored_secrets(db: &Db) -> ServiceResult<usize> {
    let rows = store::mfa::unsealed_secrets(db.reader()).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let key = db.secret_key()?;
    let mut tx = db.begin_write().await?;
    for (user_id, plain) in &rows {
        let sealed = key.seal(plain, &totp_context(*user_id));
        store::mfa::reseal(&mut tx, *user_id, plain, &sealed).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(rows.len())
}

/// The authenticator key of a stored enrolment, unsealed (base32 text).
fn secret_text(db: &Db, t: &store::mfa::Totp) -> ServiceResult<String> {
    Ok(db.secret_key()?.open(&t.secret, &totp_context(t.user_id))?)
}

/// Checks `code` against the stored authenticator: the accepted time step, or `None` (wrong,
/// too old, or a step already used). One place for unsealing, decoding and verifying.
pub(crate) fn check_code(
    db: &Db,
    t: &store::mfa::Totp,
    code: &str,
    now: i64,
) -> ServiceResult<Option<i64>> {
    // A key sealed under another server key (the key was changed, or the database restored
    // without it) cannot be checked: the code is refused like a wrong one, so the person can
    // still use a recovery code, and the log says why.
    let text = match secret_text(db, t) {
        Ok(text) => text,
        Err(e) => {
            tracing::error!(user = t.user_id, error = ?e, "authenticator key does not open");
            return Ok(None);
        }
    };
    let secret = mfa::base32_decode(&text).ok_or_else(|| {
        ServiceError::Other(format!(
            "stored TOTP secret of user {} is not base32",
            t.user_id
        ))
    })?;
    Ok(mfa::verify_totp(&secret, code, now, t.last_step))
}

fn pending_view(email: &str, secret: &str) -> PendingEnrolment {
    let uri = mfa::otpauth_uri(email, secret);
    PendingEnrolment {
        secret: mfa::group_secret(secret),
        qr_svg: qr_svg(&uri),
        uri,
    }
}

/// The person's second factor as the account page shows it.
pub async fn status(db: &Db, user: &SessionUser, now: i64) -> ServiceResult<MfaStatus> {
    let r = db.reader();
    let totp = store::mfa::totp(r, user.id).await?;
    let enrolled = totp.as_ref().is_some_and(|t| t.confirmed_at.is_some());
    let pending = match totp
        .as_ref()
        .filter(|t| t.confirmed_at.is_none() && now - t.created_at < PENDING_TTL_MS)
    {
        Some(t) => Some(pending_view(&user.email, &secret_text(db, t)?)),
        None => None,
    };
    Ok(MfaStatus {
        enrolled,
        required: mfa::required_for(&user.roles),
        recovery_codes_left: if enrolled {
            store::mfa::recovery_codes_left(r, user.id).await?
        } else {
            0
        },
        trusted_browsers: if enrolled {
            store::mfa::trusted_devices(r, user.id, now).await?
        } else {
            0
        },
        pending,
    })
}

/// Starts setting up an authenticator: a new secret, shown until confirmed. Starting again
/// within the hour shows the same secret (a reload must not invalidate a scanned code).
pub async fn begin(
    db: &Db,
    user: &SessionUser,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<PendingEnrolment> {
    let mut tx = db.begin_write().await?;
    let existing = store::mfa::totp_tx(&mut tx, user.id).await?;
    if existing.as_ref().is_some_and(|t| t.confirmed_at.is_some()) {
        return Err(ServiceError::Conflict(Msg::ErrMfaAlreadyOn));
    }
    let secret = match existing.filter(|t| now - t.created_at < PENDING_TTL_MS) {
        Some(t) => secret_text(db, &t)?,
        None => {
            let mut bytes = [0u8; mfa::SECRET_BYTES];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let secret = mfa::base32_encode(&bytes);
            let sealed = db.secret_key()?.seal(&secret, &totp_context(user.id));
            store::mfa::put_pending(&mut tx, user.id, &sealed, now).await?;
            audit::record(
                &mut tx,
                &client.actor(Some(user.id)),
                now,
                Event::new("mfa.enrolment_started", "user")
                    .object(user.id)
                    .subject(user.id),
            )
            .await?;
            secret
        }
    };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(pending_view(&user.email, &secret))
}

/// What confirming an enrolment gives back, once.
#[derive(Debug, Clone)]
pub struct Confirmed {
    /// Shown to the person once; only their hashes are kept.
    pub recovery_codes: Vec<String>,
    /// Set as a cookie when the person chose to trust this browser.
    pub trusted_browser: Option<String>,
}

fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    let codes: Vec<String> = (0..mfa::RECOVERY_CODES)
        .map(|_| {
            let mut b = [0u8; 7];
            rand::rngs::OsRng.fill_bytes(&mut b);
            mfa::format_recovery_code(b)
        })
        .collect();
    let hashes = codes.iter().map(|c| recovery_hash(c)).collect();
    (codes, hashes)
}

/// The stored form of a recovery code: SHA-256 of its normalised text (50 random bits each).
fn recovery_hash(code: &str) -> String {
    match mfa::parse_code(code) {
        Some(EnteredCode::Recovery(n)) => token_hash(&n),
        _ => token_hash(code),
    }
}

/// Remembers this browser for [`mfa::TRUSTED_DEVICE_MS`]; returns the cookie's token.
pub(crate) async fn trust_browser(
    tx: &mut WriteTx,
    user_id: i64,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<String> {
    let token = new_token();
    store::mfa::insert_trusted_device(
        tx,
        &token_hash(&token),
        user_id,
        now,
        now + mfa::TRUSTED_DEVICE_MS,
        client.user_agent.as_deref(),
    )
    .await?;
    Ok(token)
}

/// Confirms the enrolment with a first code from the app: from now on sign-in asks for a
/// code. Returns the recovery codes (shown once).
pub async fn confirm(
    db: &Db,
    user: &SessionUser,
    code: &str,
    trust: bool,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<Confirmed> {
    let Some(EnteredCode::Totp(code)) = mfa::parse_code(code) else {
        return Err(invalid_code());
    };
    let mut tx = db.begin_write().await?;
    let Some(totp) = store::mfa::totp_tx(&mut tx, user.id).await? else {
        return Err(ServiceError::Conflict(Msg::ErrMfaNotStarted));
    };
    if totp.confirmed_at.is_some() {
        return Err(ServiceError::Conflict(Msg::ErrMfaAlreadyOn));
    }
    let Some(step) = check_code(db, &totp, &code, now)? else {
        return Err(invalid_code());
    };
    store::mfa::confirm(&mut tx, user.id, step, now).await?;
    let (codes, hashes) = new_recovery_codes();
    store::mfa::replace_recovery_codes(&mut tx, user.id, &hashes, now).await?;
    let trusted_browser = if trust {
        Some(trust_browser(&mut tx, user.id, client, now).await?)
    } else {
        None
    };
    audit::record(
        &mut tx,
        &client.actor(Some(user.id)),
        now,
        Event::new("mfa.enrolled", "user")
            .object(user.id)
            .subject(user.id)
            .after(serde_json::json!({"recovery_codes": codes.len(), "trusted_browser": trust})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Confirmed {
        recovery_codes: codes,
        trusted_browser,
    })
}

/// New recovery codes in place of the old ones; needs a current code from the app.
pub async fn regenerate_recovery_codes(
    db: &Db,
    user: &SessionUser,
    code: &str,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<Vec<String>> {
    let Some(EnteredCode::Totp(code)) = mfa::parse_code(code) else {
        return Err(invalid_code());
    };
    let mut tx = db.begin_write().await?;
    let totp = store::mfa::totp_tx(&mut tx, user.id)
        .await?
        .filter(|t| t.confirmed_at.is_some())
        .ok_or(ServiceError::Conflict(Msg::ErrMfaNotStarted))?;
    let step = check_code(db, &totp, &code, now)?.ok_or_else(invalid_code)?;
    if !store::mfa::use_step(&mut tx, user.id, step).await? {
        return Err(invalid_code());
    }
    let (codes, hashes) = new_recovery_codes();
    store::mfa::replace_recovery_codes(&mut tx, user.id, &hashes, now).await?;
    audit::record(
        &mut tx,
        &client.actor(Some(user.id)),
        now,
        Event::new("mfa.recovery_codes_renewed", "user")
            .object(user.id)
            .subject(user.id),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(codes)
}

/// A customer turns the second factor off again, confirming with their password. Staff
/// cannot: for them it is required, and only an admin's reset removes it.
pub async fn disable(
    db: &Db,
    user: &SessionUser,
    password_input: &str,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<()> {
    if mfa::required_for(&user.roles) {
        return Err(ServiceError::Forbidden(Msg::ErrMfaRequiredForStaff));
    }
    let account = store::users::get(db.reader(), user.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !password::verify(password_input.to_string(), Some(account.password_hash)).await? {
        return Err(ServiceError::Invalid {
            field: "password",
            msg: Msg::ErrCurrentPasswordWrong,
        });
    }
    let mut tx = db.begin_write().await?;
    store::mfa::remove_all(&mut tx, user.id).await?;
    audit::record(
        &mut tx,
        &client.actor(Some(user.id)),
        now,
        Event::new("mfa.disabled", "user")
            .object(user.id)
            .subject(user.id),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Forgets every browser the person trusted: each asks for a code at the next sign-in.
pub async fn forget_browsers(
    db: &Db,
    user: &SessionUser,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<u64> {
    let mut tx = db.begin_write().await?;
    let n = store::mfa::forget_devices(&mut tx, user.id).await?;
    audit::record(
        &mut tx,
        &client.actor(Some(user.id)),
        now,
        Event::new("mfa.browsers_forgotten", "user")
            .object(user.id)
            .subject(user.id)
            .detail(format!("count={n}")),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(n)
}

/// An admin removes someone's authenticator (lost phone): their recovery codes, trusted
/// browsers and sessions go too, and a staff member must set up a new one at the next
/// sign-in. Needs a reason, which the audit entry keeps. Nobody resets their own.
pub async fn admin_reset(
    db: &Db,
    admin: &Actor,
    target: i64,
    reason: &str,
    now: i64,
) -> ServiceResult<()> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ServiceError::Invalid {
            field: "reason",
            msg: Msg::ErrMfaResetReason,
        });
    }
    if admin.user_id == Some(target) {
        return Err(ServiceError::Forbidden(Msg::ErrCannotChangeSelf));
    }
    let mut tx = db.begin_write().await?;
    let had = store::mfa::totp_tx(&mut tx, target)
        .await?
        .is_some_and(|t| t.confirmed_at.is_some());
    if store::users::get_tx(&mut tx, target).await?.is_none() {
        return Err(ServiceError::NotFound);
    }
    store::mfa::remove_all(&mut tx, target).await?;
    let ended = store::sessions::delete_for_user(&mut tx, target, None).await?;
    audit::record(
        &mut tx,
        admin,
        now,
        Event::new("mfa.reset", "user")
            .object(target)
            .subject(target)
            .after(serde_json::json!({"reason": reason, "had_authenticator": had, "sessions_ended": ended})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
