//! Counting failed attempts, to rate-limit guessing across every instance.

use crate::{db::auth_failure, error::AppError, state::Settings};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    prelude::*,
};
use std::net::SocketAddr;

/// How far back failed attempts count towards the rate limit.
const FAILURE_WINDOW: Duration = Duration::minutes(15);

/// Failed attempts allowed per email address within the window.
pub const SIGN_IN_LIMIT_PER_EMAIL: u64 = 5;
/// Failed sign-ins and invitation guesses allowed per client address within the window.
pub const LIMIT_PER_CLIENT: u64 = 50;

/// The address the request came from: the last entry a trusted proxy added to
/// `X-Forwarded-For`, or else the connecting address.
pub fn client_address(parts: &http::request::Parts, settings: &Settings) -> String {
    let forwarded = settings
        .trust_forwarded_for
        .then(|| parts.headers.get_all("x-forwarded-for").iter().next_back())
        .flatten()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.rsplit(',').next())
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty());
    forwarded.unwrap_or_else(|| {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_string(), |info| info.0.ip().to_string())
    })
}

/// Refuses with `RateLimited` once `subject` has more than `limit` recent failures in `scope`
/// (the attempt being checked was already counted).
pub async fn check_rate(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
    limit: u64,
) -> Result<(), AppError> {
    let recent = auth_failure::Entity::find()
        .filter(auth_failure::Column::Scope.eq(scope))
        .filter(auth_failure::Column::Subject.eq(subject))
        .filter(auth_failure::Column::CreatedAt.gt(Utc::now() - FAILURE_WINDOW))
        .count(db)
        .await?;
    if recent > limit {
        Err(AppError::RateLimited)
    } else {
        Ok(())
    }
}

/// Counts a failed attempt and returns its id; attempts too old to count are forgotten.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
) -> Result<i64, AppError> {
    let now = Utc::now();
    auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::CreatedAt.lt(now - FAILURE_WINDOW))
        .exec(db)
        .await?;
    let subject: String = subject.chars().take(254).collect();
    let attempt = auth_failure::ActiveModel {
        scope: Set(scope.to_string()),
        subject: Set(subject),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(attempt.id)
}

/// Forgets the failed attempts of a subject.
pub(super) async fn forget_failures(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
) -> Result<(), AppError> {
    auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::Scope.eq(scope))
        .filter(auth_failure::Column::Subject.eq(subject))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    fn parts(forwarded: Option<&str>) -> http::request::Parts {
        let mut request = http::Request::builder();
        if let Some(forwarded) = forwarded {
            request = request.header("x-forwarded-for", forwarded);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(axum::extract::ConnectInfo(SocketAddr::from((
                [10, 0, 0, 1],
                4000,
            ))));
        parts
    }

    fn settings(trust_forwarded_for: bool) -> Settings {
        Settings {
            public_url: None,
            data_dir: "data".into(),
            trust_forwarded_for,
        }
    }

    #[test]
    fn the_client_is_the_proxy_unless_the_proxy_is_trusted() {
        let request = parts(Some("203.0.113.9, 198.51.100.7"));
        assert_eq!(client_address(&request, &settings(false)), "10.0.0.1");
        assert_eq!(client_address(&request, &settings(true)), "198.51.100.7");
        assert_eq!(client_address(&parts(None), &settings(true)), "10.0.0.1");
    }
}
