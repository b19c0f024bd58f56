//! Slowing down guessing, across every instance, without letting a stranger lock others out.
//!
//! Every attempt is written down before it is checked, so a burst of parallel guesses cannot slip
//! under a limit; an attempt that succeeds, or that was refused, is struck off again, so only
//! failures count. Past a free allowance a subject waits, twice as long after each further
//! failure, instead of being locked out for a fixed time.

use crate::{db::auth_failure, error::AppError, state::Settings};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    prelude::*,
};
use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{LazyLock, Mutex},
    time::Instant,
};

/// How far back failures count.
const WINDOW: Duration = Duration::hours(1);

/// How many failures a subject may have within the window before it waits, and how long.
pub struct Limit {
    /// What is counted, stored with each failure.
    pub scope: &'static str,
    /// Failures allowed before the first wait.
    pub free: u64,
    /// The first wait; each further failure doubles it.
    pub first_wait: Duration,
    /// The longest wait.
    pub longest_wait: Duration,
}

/// Sign-ins to one email address from browsers it has not signed in from before.
pub const PER_EMAIL: Limit = Limit {
    scope: "sign_in",
    free: 5,
    first_wait: Duration::seconds(15),
    longest_wait: Duration::minutes(15),
};

/// Sign-ins from one client address by browsers that are not known there.
pub const PER_CLIENT: Limit = Limit {
    scope: "client",
    free: 50,
    first_wait: Duration::seconds(1),
    longest_wait: Duration::minutes(15),
};

/// Sign-ins from a known browser: after this many failures it is known no more, and waits like any
/// other browser.
pub const PER_DEVICE: Limit = Limit {
    scope: "device",
    free: 5,
    first_wait: Duration::zero(),
    longest_wait: Duration::zero(),
};

/// Invitation links looked up from one client address that lead nowhere: counted on their own, so
/// guessing at links never slows anyone's sign-in.
pub const INVITE_LOOKUPS: Limit = Limit {
    scope: "invite",
    free: 30,
    first_wait: Duration::seconds(1),
    longest_wait: Duration::minutes(15),
};

impl Limit {
    /// How long a subject with `failures` recent failures waits after its latest one.
    pub fn wait_after(&self, failures: u64) -> Option<Duration> {
        let over = failures.checked_sub(self.free)?;
        let doubled = 1i32
            .checked_shl(u32::try_from(over).unwrap_or(u32::MAX))
            .filter(|factor| *factor > 0)
            .and_then(|factor| self.first_wait.checked_mul(factor))
            .unwrap_or(self.longest_wait);
        Some(doubled.min(self.longest_wait))
    }

    /// Whether a subject with `failures` recent failures, the latest at `latest`, may try at `now`.
    pub fn allows(&self, failures: u64, latest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        match (self.wait_after(failures), latest) {
            (Some(wait), Some(latest)) => now >= latest + wait,
            _ => true,
        }
    }

    /// Refuses with `RateLimited` unless a subject whose recent failures are counted by `failures`
    /// (their number and the latest one's time, as one query reads them) may try now.
    pub async fn check(
        &self,
        db: &impl ConnectionTrait,
        failures: sea_orm::Select<impl EntityTrait>,
        count: impl ColumnTrait,
        created_at: impl ColumnTrait,
    ) -> Result<(), AppError> {
        let now = Utc::now();
        let (failures, latest) = failures
            .select_only()
            .column_as(count.count(), "failures")
            .column_as(created_at.max(), "latest")
            .filter(created_at.gt(now - WINDOW))
            .into_tuple::<(i64, Option<DateTime<Utc>>)>()
            .one(db)
            .await?
            .unwrap_or((0, None));
        if self.allows(u64::try_from(failures).unwrap_or(0), latest, now) {
            Ok(())
        } else {
            Err(AppError::RateLimited)
        }
    }
}

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

/// Attempts written down, to be struck off when they succeed.
#[derive(Default)]
pub struct Attempts(Vec<i64>);

impl Attempts {
    /// Writes down an attempt by `subject` and checks it against `limit`: refused with
    /// `RateLimited` (and every attempt of this request struck off) while the subject must wait.
    pub async fn try_one(
        &mut self,
        db: &impl ConnectionTrait,
        limit: &Limit,
        subject: &str,
    ) -> Result<(), AppError> {
        let subject: String = subject.chars().take(254).collect();
        let now = Utc::now();
        auth_failure::Entity::delete_many()
            .filter(auth_failure::Column::CreatedAt.lt(now - WINDOW))
            .exec(db)
            .await?;
        let mine = auth_failure::ActiveModel {
            scope: Set(limit.scope.to_string()),
            subject: Set(subject.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?
        .id;
        self.0.push(mine);
        // Only the attempts before this one count, so of a parallel burst the first few go on.
        let earlier = auth_failure::Entity::find()
            .filter(auth_failure::Column::Scope.eq(limit.scope))
            .filter(auth_failure::Column::Subject.eq(&subject))
            .filter(auth_failure::Column::Id.lt(mine));
        let checked = limit
            .check(
                db,
                earlier,
                auth_failure::Column::Id,
                auth_failure::Column::CreatedAt,
            )
            .await;
        if checked.is_err() {
            self.strike_off(db).await?;
        }
        checked
    }

    /// Forgets these attempts: they succeeded, or were refused before they were tried.
    pub async fn strike_off(&mut self, db: &impl ConnectionTrait) -> Result<(), AppError> {
        let ids = std::mem::take(&mut self.0);
        if !ids.is_empty() {
            auth_failure::Entity::delete_many()
                .filter(auth_failure::Column::Id.is_in(ids))
                .exec(db)
                .await?;
        }
        Ok(())
    }
}

/// How many failures `subject` has had within the window under `limit`.
pub async fn recent_failures(
    db: &impl ConnectionTrait,
    limit: &Limit,
    subject: &str,
) -> Result<u64, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(auth_failure::Entity::find()
        .filter(auth_failure::Column::Scope.eq(limit.scope))
        .filter(auth_failure::Column::Subject.eq(subject))
        .filter(auth_failure::Column::CreatedAt.gt(Utc::now() - WINDOW))
        .count(db)
        .await?)
}

/// How fast one session may change things others see: a burst, then a steady rate. Far above
/// what a person does by hand, far below what a script needs to flood every open page with frames.
/// Kept in memory: each instance paces the requests it serves.
pub struct Pace {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

/// Changes that reach other people's pages: posts, comments, reactions, moderation, membership.
pub static CHANGES: LazyLock<Pace> = LazyLock::new(|| Pace::new(120.0, 2.0));

impl Pace {
    pub fn new(burst: f64, per_second: f64) -> Self {
        Self {
            burst,
            per_second,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `who` may make one more change now; counts it when so.
    pub fn allow(&self, who: &str) -> bool {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        if buckets.len() > 100_000 {
            // Whoever has earned a full burst back needs no entry.
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, (left, at)| *left + at.elapsed().as_secs_f64() * rate < burst);
        }
        let (left, at) = buckets.entry(who.to_string()).or_insert((self.burst, now));
        *left = (*left + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *left >= 1.0 {
            *left -= 1.0;
            true
        } else {
            false
        }
    }
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
            trust_forwarded_for,
            sends_mail: false,
            mail_base: "http://localhost".into(),
        }
    }

    #[test]
    fn the_client_is_the_proxy_unless_the_proxy_is_trusted() {
        let request = parts(Some("203.0.113.9, 198.51.100.7"));
        assert_eq!(client_address(&request, &settings(false)), "10.0.0.1");
        assert_eq!(client_address(&request, &settings(true)), "198.51.100.7");
        assert_eq!(client_address(&parts(None), &settings(true)), "10.0.0.1");
    }

    #[test]
    fn the_wait_doubles_after_each_failure_past_the_allowance_up_to_the_longest() {
        let waits: Vec<i64> = (0..14)
            .map(|failures| {
                PER_EMAIL
                    .wait_after(failures)
                    .map_or(0, |w| w.num_seconds())
            })
            .collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 900, 900, 900]
        );
        assert_eq!(PER_EMAIL.wait_after(u64::MAX), Some(Duration::minutes(15)));
    }

    #[test]
    fn a_pace_allows_a_burst_then_refuses_until_time_passes() {
        let pace = Pace::new(3.0, 1000.0);
        let slow = Pace::new(3.0, 0.001);
        assert_eq!((0..5).filter(|_| slow.allow("a")).count(), 3);
        assert!(slow.allow("b"), "each session has its own pace");
        assert_eq!((0..3).filter(|_| pace.allow("a")).count(), 3);
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(pace.allow("a"));
    }

    #[test]
    fn an_attempt_waits_only_until_the_latest_failure_has_aged_enough() {
        let now = Utc::now();
        assert!(PER_EMAIL.allows(4, Some(now), now));
        assert!(!PER_EMAIL.allows(5, Some(now - Duration::seconds(14)), now));
        assert!(PER_EMAIL.allows(5, Some(now - Duration::seconds(15)), now));
        assert!(!PER_EMAIL.allows(6, Some(now - Duration::seconds(29)), now));
        assert!(PER_EMAIL.allows(6, None, now));
    }
}
