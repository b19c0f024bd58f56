// The bundle report: what the first visit (sign-in, and Home for a signed-in person) and each
// area's first navigation cost, in bytes as the server sent them (compressed, headers included)
// and raw. Run by `./dev bench` against a release server with the demo workspace (BASE_URL).
import { chromium } from "@playwright/test";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3200";
const BUDGET_KB = 250;
const AREAS = ["Learning", "Groups", "Library", "Courses", "People", "Badges", "Live", "Admin", "Moderation"];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

/** Counts every response the page receives until `measure` is reset. */
function meter(page) {
  let rows = [];
  page.on("requestfinished", async (request) => {
    // A page closed before its last answers were read has nothing more to count.
    try {
      const response = await request.response();
      if (!response) return;
      const sizes = await request.sizes();
      const raw = (await response.body().catch(() => Buffer.alloc(0))).length;
      rows.push({ url: request.url(), wire: sizes.responseBodySize + sizes.responseHeadersSize, raw });
    } catch {
      // closed
    }
  });
  return {
    take() {
      const taken = rows;
      rows = [];
      const sum = (key) => taken.reduce((total, row) => total + row[key], 0);
      const wasm = taken.filter((row) => row.url.endsWith(".wasm")).length;
      return { requests: taken.length, wasm, wire: sum("wire"), raw: sum("raw") };
    },
  };
}

const kb = (bytes) => (bytes / 1000).toFixed(1).padStart(8);
const lines = [];
const report = (label, { requests, wasm, wire, raw }) =>
  lines.push(`${label.padEnd(34)} ${kb(wire)} kB on the wire ${kb(raw)} kB raw  ${String(requests).padStart(3)} requests (${wasm} wasm)`);

async function settle(page) {
  await page.waitForLoadState("networkidle");
}

/** Signs in through the sign-in page in a context of its own; returns the context's cookies and
 * what the sign-in page cost on its first visit. */
async function signInAs(email) {
  const visitor = await browser.newContext();
  const signInPage = await visitor.newPage();
  const signInMeter = meter(signInPage);
  // Signing in is a plain form, sent without the app's code: the page is whole once it has loaded.
  await signInPage.goto(`${base}/sign-in`);
  await settle(signInPage);
  const cost = signInMeter.take();
  await signInPage.getByLabel("Work email").fill(email);
  await signInPage.getByLabel("Password").fill("wellspring-demo");
  await signInPage.getByRole("button", { name: "Sign in" }).click();
  await signInPage.getByRole("heading", { name: /^Welcome, / }).waitFor();
  await signInPage.locator("html[data-hydrated]").waitFor({ state: "attached" });
  const cookies = await visitor.cookies();
  await visitor.close();
  return { cookies, cost };
}

/** Opens Home with an empty cache as the person the cookies sign in, and reports what it cost. */
async function firstHome(cookies, label) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  const page = await context.newPage();
  const homeMeter = meter(page);
  await page.goto(`${base}/`);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await settle(page);
  const cost = homeMeter.take();
  report(label, cost);
  return { context, page, homeMeter, cost };
}

// Sign-in, first visit, nothing cached.
const admin = await signInAs("admin@example.com");
const signIn = admin.cost;
report("first visit: sign-in", signIn);

// Home, first visit with an empty cache: a member's, whose page has no facilitator's controls,
// and an admin's, who may moderate every company post.
const { context: memberContext, cost: memberHome } = await firstHome(
  (await signInAs("priya@example.com")).cookies,
  "first visit: home (member)",
);
await memberContext.close();
const { page, homeMeter, cost: home } = await firstHome(admin.cookies, "first visit: home (admin)");
// Then each area from there.
for (const area of AREAS) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: area, exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/");
  await settle(page);
  report(`first navigation: ${area}`, homeMeter.take());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home", exact: true }).click();
  await settle(page);
  homeMeter.take();
}
await page.getByRole("banner").getByRole("link", { name: /^Notifications/ }).click();
await page.waitForURL((url) => url.pathname === "/notifications");
await settle(page);
report("first navigation: Notifications", homeMeter.take());
await browser.close();

console.log(lines.join("\n"));
const worst = Math.max(signIn.wire, memberHome.wire, home.wire) / 1000;
console.log(`first visit at most ${worst.toFixed(1)} kB on the wire; budget ${BUDGET_KB} kB: ${worst <= BUDGET_KB ? "within" : "OVER"}`);
