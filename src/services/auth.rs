//! Registration, sign-in, sessions, sign-out and password changes.
//!
//! Sign-in gives the same answer for an unknown e-mail and a wrong password, and costs the
//! same time (a dummy argon2 verification). Ten failures for one address within 15 minutes
//! lock it for 15 minutes, whether or not the account exists; a per-IP limit answers
//! `RateLimited`. Both counters live in the database, so several app nodes agree.

use super::audit::{self, Event};
use super::{insert_account, password, Actor, ServiceError, ServiceResult};
use crate::auth::{Role, SessionUser};
use crate::i18n::{Lang, Msg};
use crate::store::{self, Db, StoreError};
use crate::validate::{Email, NewPassword, PersonName, Phone};
use rand::RngCore;
use sha2::{Digest, Sha256};

const MINUTE: i64 = 60_000;

/// Limits for sign-in and sessions; configuration, not constants.
#[derive(Debug, Clone)]
pub struct AuthPolicy {
    pub max_failures: i64,
    pub failure_window_ms: i64,
    pub lockout_ms: i64,
    pub ip_max_attempts: i64,
    pub ip_window_ms: i64,
    pub idle_timeout_ms: i64,
    pub absolute_timeout_ms: i64,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        AuthPolicy {
            max_failures: 10,
            failure_window_ms: 15 * MINUTE,
            lockout_ms: 15 * MINUTE,
            ip_max_attempts: 60,
            ip_window_ms: 5 * MINUTE,
            idle_timeout_ms: 30 * MINUTE,
            absolute_timeout_ms: 12 * 60 * MINUTE,
        }
    }
}

/// A freshly issued session: the token goes into the cookie, never into the database.
#[derive(Debug, Clone)]
pub struct IssuedSession {
    pub token: String,
    pub user: SessionUser,
    pub lang: Option<Lang>,
}

/// How a sign-in with the right password ends.
#[derive(Debug, Clone)]
pub enum SignIn {
    /// Signed in.
    Session(IssuedSession),
    /// The account has an authenticator and this browser is not trusted: the code comes
    /// next. The token goes into a short-lived cookie; only its hash is stored.
    SecondFactor { challenge: String },
}

/// The end of a sign-in that asked for a code.
#[derive(Debug, Clone)]
pub struct SecondFactorSignIn {
    pub session: IssuedSession,
    /// Set when the person chose to trust this browser.
    pub trusted_browser: Option<String>,
}

/// The person behind a valid session.
#[derive(Debug, Clone)]
pub struct ResolvedSession {
    pub user: SessionUser,
    pub lang: Option<Lang>,
    /// Unread notifications (when asked for; else 0).
    pub unread: i64,
}

/// Where the request came from, for the session row and the audit log.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// The audit actor for `user_id` acting from this client.
    pub fn actor(&self, user_id: Option<i64>) -> Actor {
        Actor {
            user_id,
            ip: Some(self.ip.clone()),
        }
    }
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn parse_lang(s: Option<&str>) -> Option<Lang> {
    s.and_then(Lang::from_tag)
}

/// Input of the registration form.
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub name: String,
    pub phone: String,
    pub password: String,
    pub lang: Lang,
}

/// Registers a customer and signs them in.
pub async fn register_customer(
    db: &Db,
    input: Registration,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<IssuedSession> {
    let lang = input.lang;
    let (user, token) = create_customer(db, input, client, now, true).await?;
    Ok(IssuedSession {
        token: token.unwrap_or_default(),
        user,
        lang: Some(lang),
    })
}

/// Validates and inserts a customer account (role `customer`), optionally opening a session
/// for them in the same transaction.
async fn create_customer(
    db: &Db,
    input: Registration,
    client: &ClientInfo,
    now: i64,
    sign_in: bool,
) -> ServiceResult<(SessionUser, Option<String>)> {
    let name = PersonName::parse(&input.name).map_err(ServiceError::invalid("name"))?;
    let email = Email::parse(&input.email).map_err(ServiceError::invalid("email"))?;
    let phone = Phone::parse(&input.phone).map_err(ServiceError::invalid("phone"))?;
    let pw = NewPassword::parse(&input.password).map_err(ServiceError::invalid("password"))?;
    if store::users::find_by_email(db.reader(), &email.normalized())
        .await?
        .is_some()
    {
        return Err(ServiceError::email_taken());
    }
    let hash = password::hash(pw.expose().to_string()).await?;
    let mut tx = db.begin_write().await?;
    let id = insert_account(
        &mut tx,
        &store::users::NewUser {
            email: email.as_str(),
            email_norm: &email.normalized(),
            name: name.as_str(),
            phone: Some(phone.as_str()),
            password_hash: &hash,
            kind: "customer",
            now,
        },
    )
    .await?;
    store::users::set_roles(&mut tx, id, &[Role::Customer], now).await?;
    store::users::set_lang(&mut tx, id, input.lang.tag(), now).await?;
    let actor = client.actor(sign_in.then_some(id));
    audit::record(
        &mut tx,
        &actor,
        now,
        Event::new("account.registered", "user")
            .object(id)
            .subject(id)
            .personal("email", email.as_str())
            .personal("name", name.as_str()),
    )
    .await?;
    let token = if sign_in {
        let token = new_token();
        store::sessions::insert(
            &mut tx,
            &token_hash(&token),
            id,
            now,
            Some(&client.ip),
            client.user_agent.as_deref(),
        )
        .await?;
        audit::record(
            &mut tx,
            &actor,
            now,
            Event::new("auth.sign_in", "session").subject(id),
        )
        .await?;
        Some(token)
    } else {
        None
    };
    tx.commit().await.map_err(StoreError::from)?;
    let user = SessionUser {
        id,
        email: email.as_str().to_string(),
        name: name.as_str().to_string(),
        roles: vec![Role::Customer],
        second_factor: false,
    };
    Ok((user, token))
}

/// Signs in. `previous_token` (the cookie the browser sent, if any) is ended, so the session
/// id is always new after sign-in.
// The lockout needs the client and the clock, session fixation the previous token, the second
// factor the trusted-browser cookie: each is one argument, as in `complete_sign_in`.
#[allow(clippy::too_many_arguments)]
pub async fn sign_in(
    db: &Db,
    policy: &AuthPolicy,
    email: &str,
    password_input: &str,
    previous_token: Option<&str>,
    trusted_browser: Option<&str>,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<SignIn> {
    let email_norm = email.trim().to_lowercase();
    // 1. Limits, checked before any password work.
    {
        let mut tx = db.begin_write().await?;
        let from_ip = store::login_attempts::attempts_from_ip_since(
            &mut tx,
            &client.ip,
            now - policy.ip_window_ms,
        )
        .await?;
        if from_ip >= policy.ip_max_attempts {
            return Err(ServiceError::RateLimited);
        }
        if locked_out(&mut tx, policy, &email_norm, now).await? {
            return Err(ServiceError::LockedOut);
        }
        tx.commit().await.map_err(StoreError::from)?;
    }
    // 2. The password, on a blocking thread, outside any transaction.
    let user = store::users::find_by_email(db.reader(), &email_norm).await?;
    let ok = password::verify(
        password_input.to_string(),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let account = user.as_ref().map(|u| u.id);
    let user = user.filter(|u| ok && u.active);
    // 3. Record the outcome; on success issue a fresh session.
    let mut tx = db.begin_write().await?;
    let Some(user) = user else {
        store::login_attempts::record(&mut tx, &email_norm, &client.ip, false, now).await?;
        let actor = client.actor(None);
        // About the account when there is one, so retention finds the entry (10.3).
        let mut event = Event::new("auth.sign_in_failed", "session").personal("email", &email_norm);
        if let Some(id) = account {
            event = event.subject(id);
        }
        audit::record(&mut tx, &actor, now, event).await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Err(ServiceError::InvalidCredentials);
    };
    // 4. With an authenticator, the code comes next, unless this browser is trusted.
    let second_factor = store::mfa::totp_tx(&mut tx, user.id)
        .await?
        .is_some_and(|t| t.confirmed_at.is_some());
    let mut how = "password";
    if second_factor {
        let trusted = match trusted_browser {
            Some(t) => store::mfa::is_trusted_device(&mut tx, &token_hash(t), user.id, now).await?,
            None => false,
        };
        if !trusted {
            // Not a success yet: the lockout's count of failures goes on through the code
            // step, which records the success when it issues the session.
            let challenge = new_token();
            store::mfa::insert_challenge(&mut tx, &token_hash(&challenge), user.id, now).await?;
            tx.commit().await.map_err(StoreError::from)?;
            return Ok(SignIn::SecondFactor { challenge });
        }
        how = "password+trusted_browser";
    }
    store::login_attempts::record(&mut tx, &email_norm, &client.ip, true, now).await?;
    let session = open_session(
        &mut tx,
        user,
        second_factor,
        previous_token,
        client,
        how,
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(SignIn::Session(session))
}

/// Whether the address is locked out at `now` by its recent failures (password or code).
async fn locked_out(
    tx: &mut store::WriteTx,
    policy: &AuthPolicy,
    email_norm: &str,
    now: i64,
) -> ServiceResult<bool> {
    let failures = store::login_attempts::failure_times_since(
        tx,
        email_norm,
        now - policy.failure_window_ms - policy.lockout_ms,
    )
    .await?;
    let lock = crate::auth::Lockout {
        max_failures: policy.max_failures,
        window_ms: policy.failure_window_ms,
        lockout_ms: policy.lockout_ms,
    };
    Ok(lock
        .locked_until(&failures)
        .is_some_and(|until| now < until))
}

/// Issues a fresh session for `user` inside `tx` (ending `previous_token`) and audits it.
async fn open_session(
    tx: &mut store::WriteTx,
    user: store::users::UserRow,
    second_factor: bool,
    previous_token: Option<&str>,
    client: &ClientInfo,
    how: &str,
    now: i64,
) -> ServiceResult<IssuedSession> {
    if let Some(prev) = previous_token {
        store::sessions::delete(tx, &token_hash(prev)).await?;
    }
    let token = new_token();
    store::sessions::insert(
        tx,
        &token_hash(&token),
        user.id,
        now,
        Some(&client.ip),
        client.user_agent.as_deref(),
    )
    .await?;
    let roles = store::users::roles_tx(tx, user.id).await?;
    let actor = client.actor(Some(user.id));
    audit::record(
        tx,
        &actor,
        now,
        Event::new("auth.sign_in", "session")
            .subject(user.id)
            .detail(format!("factors={how}")),
    )
    .await?;
    Ok(IssuedSession {
        token,
        lang: parse_lang(user.lang.as_deref()),
        user: SessionUser {
            id: user.id,
            email: user.email,
            name: user.name,
            roles,
            second_factor,
        },
    })
}

/// The second step of a sign-in: the code from the authenticator app, or a recovery code.
/// Each wrong code counts as a failed sign-in for the account's lockout; after
/// [`crate::mfa::CHALLENGE_MAX_ATTEMPTS`] the sign-in must start again with the password.
#[allow(clippy::too_many_arguments)]
pub async fn complete_sign_in(
    db: &Db,
    policy: &AuthPolicy,
    challenge_token: &str,
    code_input: &str,
    trust: bool,
    previous_token: Option<&str>,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<SecondFactorSignIn> {
    use crate::mfa::{self, EnteredCode};
    let expired = || ServiceError::Conflict(Msg::ErrMfaChallengeExpired);
    let ch = token_hash(challenge_token);
    let mut tx = db.begin_write().await?;
    let Some(challenge) = store::mfa::challenge(&mut tx, &ch).await? else {
        return Err(expired());
    };
    if now - challenge.created_at > mfa::CHALLENGE_TTL_MS
        || challenge.attempts >= mfa::CHALLENGE_MAX_ATTEMPTS
    {
        store::mfa::delete_challenge(&mut tx, &ch).await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Err(expired());
    }
    let user = store::users::get_tx(&mut tx, challenge.user_id)
        .await?
        .filter(|u| u.active)
        .ok_or_else(expired)?;
    let totp = store::mfa::totp_tx(&mut tx, user.id)
        .await?
        .filter(|t| t.confirmed_at.is_some())
        .ok_or_else(expired)?;
    // The lockout applies here too: a locked account cannot finish signing in.
    let email_norm = user.email.trim().to_lowercase();
    if locked_out(&mut tx, policy, &email_norm, now).await? {
        return Err(ServiceError::LockedOut);
    }
    let accepted = match mfa::parse_code(code_input) {
        Some(EnteredCode::Totp(code)) => match super::mfa::check_code(db, &totp, &code, now)? {
            Some(step) => store::mfa::use_step(&mut tx, user.id, step)
                .await?
                .then_some("password+totp"),
            None => None,
        },
        Some(EnteredCode::Recovery(code)) => {
            store::mfa::use_recovery_code(&mut tx, user.id, &token_hash(&code), now)
                .await?
                .then_some("password+recovery_code")
        }
        None => None,
    };
    let Some(how) = accepted else {
        store::mfa::count_attempt(&mut tx, &ch).await?;
        store::login_attempts::record(&mut tx, &email_norm, &client.ip, false, now).await?;
        audit::record(
            &mut tx,
            &client.actor(None),
            now,
            Event::new("auth.second_factor_failed", "session").subject(user.id),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Err(ServiceError::Invalid {
            field: "code",
            msg: Msg::ErrMfaCode,
        });
    };
    store::mfa::delete_challenge(&mut tx, &ch).await?;
    store::login_attempts::record(&mut tx, &email_norm, &client.ip, true, now).await?;
    let trusted_browser = if trust {
        Some(super::mfa::trust_browser(&mut tx, user.id, client, now).await?)
    } else {
        None
    };
    let session = open_session(&mut tx, user, true, previous_token, client, how, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(SecondFactorSignIn {
        session,
        trusted_browser,
    })
}

/// Looks up the session behind a cookie token, enforcing idle and absolute timeouts; with
/// `with_unread`, also the user's unread notification count (pages show it).
pub async fn resolve(
    db: &Db,
    policy: &AuthPolicy,
    token: &str,
    with_unread: bool,
    now: i64,
) -> ServiceResult<Option<ResolvedSession>> {
    let th = token_hash(token);
    let Some(s) = store::sessions::find_signed_in(db.reader(), &th, with_unread).await? else {
        return Ok(None);
    };
    let expired = now - s.last_seen_at > policy.idle_timeout_ms
        || now - s.created_at > policy.absolute_timeout_ms;
    if expired || !s.active {
        let mut tx = db.begin_write().await?;
        store::sessions::delete(&mut tx, &th).await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(None);
    }
    // Refresh the idle clock at most once a minute: one write per active user per minute.
    if now - s.last_seen_at > MINUTE {
        let mut tx = db.begin_write().await?;
        store::sessions::touch(&mut tx, &th, now).await?;
        tx.commit().await.map_err(StoreError::from)?;
    }
    let roles = store::users::parse_role_list(s.roles.as_deref());
    Ok(Some(ResolvedSession {
        lang: parse_lang(s.lang.as_deref()),
        user: SessionUser {
            id: s.user_id,
            email: s.email,
            name: s.name,
            roles,
            second_factor: s.second_factor,
        },
        unread: s.unread,
    }))
}

/// Ends a session server-side.
pub async fn sign_out(
    db: &Db,
    token: &str,
    user_id: i64,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    store::sessions::delete(&mut tx, &token_hash(token)).await?;
    let actor = client.actor(Some(user_id));
    audit::record(
        &mut tx,
        &actor,
        now,
        Event::new("auth.sign_out", "session").subject(user_id),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Changes the signed-in person's password and ends their other sessions.
pub async fn change_password(
    db: &Db,
    user_id: i64,
    current: &str,
    new: &str,
    keep_token: Option<&str>,
    client: &ClientInfo,
    now: i64,
) -> ServiceResult<()> {
    let pw = NewPassword::parse(new).map_err(ServiceError::invalid("new_password"))?;
    let user = store::users::get(db.reader(), user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !password::verify(current.to_string(), Some(user.password_hash)).await? {
        return Err(ServiceError::Invalid {
            field: "current_password",
            msg: Msg::ErrCurrentPasswordWrong,
        });
    }
    let hash = password::hash(pw.expose().to_string()).await?;
    let mut tx = db.begin_write().await?;
    store::users::set_password_hash(&mut tx, user_id, &hash, now).await?;
    let ended =
        store::sessions::delete_for_user(&mut tx, user_id, keep_token.map(token_hash).as_deref())
            .await?;
    let actor = client.actor(Some(user_id));
    audit::record(
        &mut tx,
        &actor,
        now,
        Event::new("account.password_changed", "user")
            .object(user_id)
            .subject(user_id)
            .detail(format!("other_sessions_ended={ended}")),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Remembers the interface language of a signed-in person.
pub async fn set_language(db: &Db, user_id: i64, lang: Lang, now: i64) -> ServiceResult<()> {
    let mut tx = db.begin_write().await?;
    store::users::set_lang(&mut tx, user_id, lang.tag(), now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Housekeeping: drops expired sessions and attempts that no longer count. Idempotent.
pub async fn purge_expired(db: &Db, policy: &AuthPolicy, now: i64) -> ServiceResult<(u64, u64)> {
    let mut tx = db.begin_write().await?;
    let s = store::sessions::purge_expired(
        &mut tx,
        now - policy.idle_timeout_ms,
        now - policy.absolute_timeout_ms,
    )
    .await?;
    let keep = policy
        .failure_window_ms
        .max(policy.ip_window_ms)
        .max(policy.lockout_ms)
        * 2;
    let a = store::login_attempts::purge_before(&mut tx, now - keep).await?;
    store::mfa::purge_expired(&mut tx, now - crate::mfa::CHALLENGE_TTL_MS, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok((s, a))
}

/// Creates a customer account, or resets an existing customer's password
/// (`vipcare seed-demo`). Idempotent.
pub async fn ensure_customer(
    db: &Db,
    email: &str,
    name: &str,
    phone: &str,
    password_input: &str,
    now: i64,
) -> ServiceResult<i64> {
    let email_p = Email::parse(email).map_err(ServiceError::invalid("email"))?;
    let pw = NewPassword::parse(password_input).map_err(ServiceError::invalid("password"))?;
    match store::users::find_by_email(db.reader(), &email_p.normalized()).await? {
        None => {
            let input = Registration {
                email: email.into(),
                name: name.into(),
                phone: phone.into(),
                password: pw.expose().into(),
                lang: Lang::Zh,
            };
            let cli = ClientInfo {
                ip: "cli".into(),
                user_agent: None,
            };
            let (user, _) = create_customer(db, input, &cli, now, false).await?;
            Ok(user.id)
        }
        Some(u) if u.kind == "customer" => {
            let hash = password::hash(pw.expose().to_string()).await?;
            let mut tx = db.begin_write().await?;
            store::users::set_password_hash(&mut tx, u.id, &hash, now).await?;
            let actor = Actor {
                user_id: None,
                ip: Some("cli".into()),
            };
            audit::record(
                &mut tx,
                &actor,
                now,
                Event::new("account.reset_from_cli", "user")
                    .object(u.id)
                    .subject(u.id),
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
            Ok(u.id)
        }
        Some(_) => Err(ServiceError::email_taken()),
    }
}
