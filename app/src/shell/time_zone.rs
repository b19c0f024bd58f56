//! The browser names its time zone to the server, which writes every time in it. A small script
//! every page loads (`frontend/time-zone.js`) sets the cookie, so it works on the pages sent without
//! the app's code too.

/// The cookie in which the browser names its IANA time zone, such as `Europe/Berlin`.
pub const TIME_ZONE_COOKIE: &str = "wellspring_tz";
