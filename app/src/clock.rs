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
pub fn reader_zone() -> Tz {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| crate::auth::ssr::cookie(&parts.headers, TIME_ZONE_COOKIE))
        .and_then(|name| zone(&name))
        .unwrap_or(Tz::UTC)
}

/// A stretch of time written for the person reading the page, such as
/// "Thu 10 Dec 2026, 10:00–11:30 CET".
pub fn span(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    span_in(start, end, reader_zone())
}

/// `start` to `end` as read in `zone`: the date once when both fall on the same day.
pub fn span_in(start: DateTime<Utc>, end: DateTime<Utc>, zone: Tz) -> String {
    let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
    if start.date_naive() == end.date_naive() {
        format!(
            "{}–{}",
            start.format("%a %-d %b %Y, %H:%M"),
            end.format("%H:%M %Z")
        )
    } else {
        format!(
            "{} – {}",
            start.format("%a %-d %b %Y, %H:%M %Z"),
            end.format("%a %-d %b %Y, %H:%M %Z")
        )
    }
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
    fn a_span_names_its_day_once_when_it_can() {
        let start = Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap();
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            span_in(start, start + Duration::minutes(90), berlin),
            "Thu 10 Dec 2026, 10:00–11:30 CET"
        );
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        assert_eq!(
            span_in(
                start + Duration::hours(14),
                start + Duration::hours(16),
                tokyo
            ),
            "Fri 11 Dec 2026, 08:00–10:00 JST"
        );
        assert_eq!(
            span_in(
                start + Duration::hours(5),
                start + Duration::hours(8),
                tokyo
            ),
            "Thu 10 Dec 2026, 23:00 JST – Fri 11 Dec 2026, 02:00 JST"
        );
    }

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
