import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

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
  await hydrated(page);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: "Home", exact: true })).toBeVisible();
}

/** No serious or critical accessibility problems on the current page. axe runs as a script in the
 * page, so pages are checked in the JavaScript project; they render the same HTML either way. */
export async function expectAccessible(page: Page) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}
