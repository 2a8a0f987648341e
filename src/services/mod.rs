//! Services: the rules applied inside transactions. A server function or CLI command calls
//! exactly one service function; the service validates input, writes through the store in one
//! `BEGIN IMMEDIATE` transaction and appends the audit entry in that same transaction.

pub mod audit;
pub mod auth;
pub mod breach;
pub mod clause_notes;
pub mod compensation;
pub mod complaint_reports;
pub mod complaint_settings;
pub mod complaints;
pub mod credits;
pub mod customers;
pub mod desk;
pub mod desk_admin;
pub mod desk_routing;
pub mod disputes;
pub mod export;
pub mod feedback;
pub mod fees;
pub mod invoices;
pub mod ledger;
pub mod membership;
pub mod mfa;
pub mod notifications;
pub mod password;
pub mod payments;
pub mod plans;
pub mod programme;
pub mod quality;
pub mod quality_reports;
pub mod reports;
pub mod retention;
pub mod sla_watch;
pub mod staff;

use crate::i18n::Msg;
use crate::store::StoreError;

/// Who is acting and from where: carried into every audit entry.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub ip: Option<String>,
}

/// Errors of the service layer. Each maps to one HTTP status and one translated message in
/// the app; internal causes stay in `Internal` and reach only the logs.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input in {field}: {msg:?}")]
    Invalid { field: &'static str, msg: Msg },
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account locked out")]
    LockedOut,
    #[error("rate limited")]
    RateLimited,
    #[error("forbidden: {0:?}")]
    Forbidden(Msg),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    #[error("internal error")]
    Internal(#[from] StoreError),
    #[error("internal error: {0}")]
    Other(String),
}

impl ServiceError {
    pub fn invalid(field: &'static str) -> impl FnOnce(Msg) -> ServiceError {
        move |msg| ServiceError::Invalid { field, msg }
    }

    /// The e-mail address belongs to another account.
    pub fn email_taken() -> ServiceError {
        ServiceError::Invalid {
            field: "email",
            msg: Msg::ErrEmailTaken,
        }
    }
}

/// Inserts an account; a duplicate e-mail (case-insensitive) becomes [`ServiceError::email_taken`].
pub(crate) async fn insert_account(
    tx: &mut crate::store::WriteTx,
    user: &crate::store::users::NewUser<'_>,
) -> ServiceResult<i64> {
    match crate::store::users::insert(tx, user).await {
        Ok(id) => Ok(id),
        Err(StoreError::Unique(_)) => Err(ServiceError::email_taken()),
        Err(e) => Err(e.into()),
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
