// Names the reader's time zone to the server in a cookie, so the pages it sends from now on show
// times as the reader's clock does. Every page loads it, including those sent without the app's code.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const named = `wellspring_tz=${zone}`;
if (zone && !document.cookie.split(";").some((cookie) => cookie.trim() === named)) {
  document.cookie = `${named}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
