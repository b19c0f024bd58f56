// Lighthouse on Wellspring's main pages, signed in as the demo admin: accessibility, best
// practices and SEO (each should be at least 0.95) and performance (noisy on a small machine).
// Run by `./dev bench` against a release server with the demo workspace (BASE_URL).
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3200";
const GOAL = 0.95;
const PAGES = [
  ["sign-in", "/sign-in", false],
  ["home", "/", true],
  ["a group", "/groups/1", true],
  ["library", "/library", true],
  ["a course", "/courses/1", true],
  ["my learning", "/learning", true],
  ["search", "/search?q=handbook", true],
];

const signIn = await fetch(`${base}/api/sign_in`, {
  method: "POST",
  headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
  body: new URLSearchParams({ email: "admin@example.com", password: "wellspring-demo" }),
});
if (!signIn.ok) throw new Error(`signing in answered ${signIn.status}`);
const cookie = signIn.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-quic"],
});
const categories = ["performance", "accessibility", "best-practices", "seo"];
let missed = 0;
try {
  console.log(`${"page".padEnd(12)} ${categories.map((c) => c.padStart(15)).join("")}`);
  for (const [name, path, signedIn] of PAGES) {
    const result = await lighthouse(`${base}${path}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: categories,
      extraHeaders: signedIn ? { Cookie: cookie } : {},
    });
    const scores = categories.map((c) => result.lhr.categories[c].score ?? 0);
    console.log(`${name.padEnd(12)} ${scores.map((s) => s.toFixed(2).padStart(15)).join("")}`);
    for (const [i, c] of categories.entries()) {
      if (c !== "performance" && scores[i] < GOAL) {
        missed += 1;
        const failing = Object.values(result.lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && result.lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0))
          .map((a) => `${a.id} (${a.details?.items?.[0]?.node?.snippet ?? a.title})`);
        console.log(`  ${c} below ${GOAL}: ${failing.join("; ")}`);
      }
    }
  }
} finally {
  await chrome.kill();
}
console.log(missed === 0 ? `accessibility, best practices and SEO at least ${GOAL} on every page` : `${missed} scores below ${GOAL}`);
process.exitCode = missed === 0 ? 0 : 1;
