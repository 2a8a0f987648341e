//! The error type of every server function: it picks the HTTP status and carries a [`Msg`]
//! that the browser shows in the reader's language. It never carries SQL, paths or panic text.

use http::StatusCode;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use vipcare::Msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid {field}")]
    Invalid { field: String, msg: Msg },
    #[error("conflict")]
    Conflict(Msg),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("locked out")]
    LockedOut,
    #[error("rate limited")]
    RateLimited,
    #[error("bad request")]
    BadRequest,
    #[error("internal error")]
    Internal,
    /// The request never reached the server or its answer could not be read (browser side).
    #[error("network")]
    Network,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::LockedOut => StatusCode::TOO_MANY_REQUESTS,
            AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Internal | AppError::Network => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the person is told.
    pub fn msg(&self) -> Msg {
        match self {
            AppError::Unauthenticated => Msg::ErrUnauthenticated,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::NotFound => Msg::ErrNotFound,
            AppError::Invalid { msg, .. } | AppError::Conflict(msg) => *msg,
            AppError::InvalidCredentials => Msg::ErrInvalidCredentials,
            AppError::LockedOut => Msg::ErrLockedOut,
            AppError::RateLimited => Msg::ErrRateLimited,
            AppError::BadRequest => Msg::ErrBadRequest,
            AppError::Internal | AppError::Network => Msg::ErrInternal,
        }
    }

    /// The form field the error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                // On the server this is a request whose arguments do not decode: answer 400,
                // not the server functions' default 500 (the body never ran).
                #[cfg(feature = "ssr")]
                return crate::server::fail(AppError::BadRequest);
                #[cfg(not(feature = "ssr"))]
                AppError::BadRequest
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<vipcare::services::ServiceError> for AppError {
    fn from(e: vipcare::services::ServiceError) -> Self {
        use vipcare::services::ServiceError as S;
        match e {
            S::Invalid { field, msg } => AppError::Invalid {
                field: field.to_string(),
                msg,
            },
            S::InvalidCredentials => AppError::InvalidCredentials,
            S::LockedOut => AppError::LockedOut,
            S::RateLimited => AppError::RateLimited,
            S::Forbidden(_) => AppError::Forbidden,
            S::NotFound => AppError::NotFound,
            S::Conflict(m) => AppError::Conflict(m),
            S::Internal(_) | S::Other(_) => {
                tracing::error!(error = ?e, "service error");
                AppError::Internal
            }
        }
    }
}

/// The query-string form of an error, for forms posted without JavaScript: the server
/// redirects back with `?error=<Msg>&field=<name>` and the page shows the message.
pub fn msg_from_query(code: &str) -> Option<Msg> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

pub fn msg_to_query(m: Msg) -> String {
    serde_json::to_value(m)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_through_the_query_string() {
        for m in Msg::ALL {
            assert_eq!(msg_from_query(&msg_to_query(*m)), Some(*m));
        }
        assert_eq!(msg_from_query("DROP TABLE"), None);
    }

    #[test]
    fn internal_errors_serialise_without_detail() {
        let body = serde_json::to_string(&AppError::Internal).unwrap();
        assert_eq!(body, "\"Internal\"");
        assert_eq!(
            AppError::Internal.status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(AppError::LockedOut.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}
