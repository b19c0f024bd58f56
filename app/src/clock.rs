//! Moments as they cross the wire and as people read them. Both sides show the server's words, so the
//! page hydrates without a mismatch.

use chrono::{DateTime, Utc};

/// RFC 3339, for `<time datetime>` and for the browser.
pub fn stamp(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A moment written for people, such as "29 Nov 2026, 21:48 UTC".
pub fn label(moment: DateTime<Utc>) -> String {
    moment.format("%-d %b %Y, %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn moments_read_naturally_and_parse_back() {
        let moment = Utc.with_ymd_and_hms(2026, 11, 9, 8, 5, 0).unwrap();
        assert_eq!(label(moment), "9 Nov 2026, 08:05 UTC");
        assert_eq!(stamp(moment), "2026-11-09T08:05:00Z");
    }
}
