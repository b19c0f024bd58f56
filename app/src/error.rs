//! The one error type every server function returns. It crosses the wire as a tagged enum so the UI can
//! say in words what happened; the real cause of an internal error stays in the server log.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "message")]
pub enum AppError {
    /// Nobody is signed in, or the session has ended.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// The email and password do not match an active account.
    #[error("That email and password don't match an account. Check them and try again.")]
    BadCredentials,
    /// The person is signed in but may not do this.
    #[error("You don't have permission to do that.")]
    Forbidden,
    /// The thing asked for does not exist or is not visible to this person.
    #[error("We couldn't find that. It may have been removed.")]
    NotFound,
    /// The input was refused; the message says which field and why.
    #[error("{0}")]
    Validation(String),
    /// The change clashes with what is stored; the message says how.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts or changes in a short time.
    #[error("That was a lot in a short time. Please wait a little, then try again.")]
    RateLimited,
    /// The server could not be reached.
    #[error("We couldn't reach Wellspring. Check your connection and try again.")]
    Network,
    /// The database could not be reached for a moment (a full pool, a restart): worth retrying.
    #[error("Wellspring is busy right now. Please try again in a moment.")]
    Unavailable,
    /// Something failed on the server; details are in its log, never on the page.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
}

impl AppError {
    /// The HTTP status that goes with this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited => 429,
            AppError::Network | AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }

    /// A validation error with a message for the person.
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::Validation(message.into())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::Network,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::invalid("The form was incomplete. Please fill it in and try again.")
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function transport error");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    /// Logs where the error came from, since `?` hides it. No connection to be had (the pool timed
    /// out, or the database is restarting) is said as "busy, try again", with 503.
    #[track_caller]
    fn from(error: sea_orm::DbErr) -> Self {
        let at = std::panic::Location::caller();
        tracing::error!(%error, %at, "database error");
        match error {
            sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(error: sea_orm::TransactionError<AppError>) -> Self {
        match error {
            sea_orm::TransactionError::Connection(error) => error.into(),
            sea_orm::TransactionError::Transaction(error) => error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_round_trips_through_its_wire_form() {
        for error in [
            AppError::Unauthorized,
            AppError::Validation("Name is required.".into()),
            AppError::Conflict("Already invited.".into()),
            AppError::Internal,
        ] {
            let bytes = error.ser();
            assert_eq!(AppError::de(bytes), error);
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn no_connection_to_the_database_is_a_503_to_retry_and_other_database_errors_are_500() {
        use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};
        let waited = AppError::from(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout));
        assert_eq!(
            (waited.clone(), waited.status()),
            (AppError::Unavailable, 503)
        );
        let lost = AppError::from(DbErr::Conn(RuntimeErr::Internal("reset".into())));
        assert_eq!(lost, AppError::Unavailable);
        let broken = AppError::from(DbErr::Custom("no such column".into()));
        assert_eq!((broken.clone(), broken.status()), (AppError::Internal, 500));
    }

    #[test]
    fn internal_errors_say_nothing_about_the_cause() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "relation \"users\" does not exist".into(),
        ));
        assert_eq!(error, AppError::Internal);
        assert!(!error.to_string().contains("relation"));
    }
}
