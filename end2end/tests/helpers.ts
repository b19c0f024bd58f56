import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type Locator, type Page } from "@playwright/test";

/** Collects the page's script errors and console errors (a failed hydration shows up here). Refused
 * requests are expected in some tests, so the browser's own "Failed to load resource" lines are not. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(message.text());
    }
  });
  return errors;
}

/** Signs out from the menu under one's name in the top bar. */
export async function signOut(page: Page) {
  await page.getByRole("banner").locator(".me-menu summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
}

/** Playwright's `test`, whose `page` fails the test if it logged an error. */
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors = watchErrors(page);
    await use(page);
    expect(errors).toEqual([]);
  },
});

/** The demo workspace's accounts (see README). */
export const DEMO_PASSWORD = "wellspring-demo";
export const ADMIN = { email: "admin@example.com", name: "Amara Okafor" };

/** A unique suffix, so runs never collide with each other's people. */
export const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** Waits until the page's WebAssembly has taken over, when JavaScript is on. */
export async function hydrated(page: Page) {
  if (test.info().project.use.javaScriptEnabled !== false) {
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  }
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: "Home", exact: true })).toBeVisible();
  // A click before the page's code has taken over would be the browser's own.
  await hydrated(page);
}

/** No serious or critical accessibility problems on the current page. axe runs as a script in the
 * page, so pages are checked in the JavaScript project; they render the same HTML either way. */
export async function expectAccessible(page: Page) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** A demo colleague signed in, in a browser context of their own, with their page's errors kept. */
export async function person(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, email, DEMO_PASSWORD);
  return { page, errors, close: () => context.close() };
}

/** A control that opens a short form in place (a disclosure, whose role is not "button"), by its words. */
export const opener = (scope: Page | Locator, name: string) =>
  scope.locator("summary").filter({ hasText: new RegExp(`^${name}$`) });

/** One email as the test SMTP server received it (`smtp-sink.mjs`). */
export type Email = { to: string[]; subject: string; text: string; html: string; listUnsubscribe: string | null };

/** The emails sent to `to` so far, waiting up to half a minute for at least `count` of them (campaign
 * emails are queued by a scheduler that looks every ten seconds). */
export async function emailsTo(to: string, count = 1): Promise<Email[]> {
  const mailbox = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 26}/messages`;
  let found: Email[] = [];
  await expect
    .poll(
      async () => {
        found = await (await fetch(`${mailbox}?to=${encodeURIComponent(to)}`)).json();
        return found.length;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return found;
}
