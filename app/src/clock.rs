//! Moments as they cross the wire and as people read them: in the reader's own time zone, and
//! relative while they are recent. The server writes the words, so the page hydrates without a
//! mismatch; the browser names its zone in a cookie (`frontend/time-zone.js`).

use crate::shell::TIME_ZONE_COOKIE;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// RFC 3339, for `<time datetime>` and for the browser.
pub fn stamp(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A moment written for the person reading the page, such as "5 min ago" or
/// "29 Nov 2026, 22:48 CET".
pub fn label(moment: DateTime<Utc>) -> String {
    label_in(moment, reader_zone(), Utc::now())
}

/// The reader's time zone: the one their browser named, else UTC.
fn reader_zone() -> Tz {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| crate::auth::ssr::cookie(&parts.headers, TIME_ZONE_COOKIE))
        .and_then(|name| zone(&name))
        .unwrap_or(Tz::UTC)
}

/// The time zone with this IANA name, such as "Asia/Tokyo"; None for an unknown or empty name.
pub fn zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// `moment` as read in `zone` at `now`: relative within the last day, the date and time (with the
/// zone's abbreviation) otherwise and for moments still to come.
pub fn label_in(moment: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
    let age = now - moment;
    if age < Duration::zero() || age >= Duration::days(1) {
        moment
            .with_timezone(&zone)
            .format("%-d %b %Y, %H:%M %Z")
            .to_string()
    } else if age < Duration::minutes(1) {
        "just now".to_string()
    } else if age < Duration::hours(1) {
        format!("{} min ago", age.num_minutes())
    } else {
        format!("{} h ago", age.num_hours())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn moments_read_in_the_readers_zone_and_parse_back() {
        let moment = Utc.with_ymd_and_hms(2026, 11, 9, 8, 5, 0).unwrap();
        let later = moment + Duration::days(3);
        assert_eq!(label_in(moment, Tz::UTC, later), "9 Nov 2026, 08:05 UTC");
        assert_eq!(
            label_in(moment, chrono_tz::Asia::Tokyo, later),
            "9 Nov 2026, 17:05 JST"
        );
        assert_eq!(
            label_in(moment, chrono_tz::America::New_York, later),
            "9 Nov 2026, 03:05 EST"
        );
        assert_eq!(stamp(moment), "2026-11-09T08:05:00Z");
    }

    #[test]
    fn recent_moments_read_as_how_long_ago() {
        let now = Utc.with_ymd_and_hms(2026, 11, 9, 12, 0, 0).unwrap();
        let ago = |seconds| label_in(now - Duration::seconds(seconds), Tz::UTC, now);
        assert_eq!(ago(20), "just now");
        assert_eq!(ago(5 * 60 + 10), "5 min ago");
        assert_eq!(ago(3 * 3600 + 59), "3 h ago");
        assert_eq!(ago(86_400), "8 Nov 2026, 12:00 UTC");
        assert_eq!(
            label_in(now + Duration::hours(1), Tz::UTC, now),
            "9 Nov 2026, 13:00 UTC",
            "a moment to come, such as the end of a mute, is a date"
        );
    }
}
