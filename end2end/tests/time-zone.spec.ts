import { expect } from "@playwright/test";
import { DEMO_PASSWORD, signIn, test } from "./helpers";

test.use({ timezoneId: "Asia/Tokyo" });

test("times are written for the reader: the browser names its zone, and recent posts say how long ago", async ({ page, context }) => {
  await signIn(page, "kenji@example.com", DEMO_PASSWORD);
  await expect
    .poll(async () => (await context.cookies()).find((cookie) => cookie.name === "wellspring_tz")?.value)
    .toBe("Asia/Tokyo");
  await page.reload();
  const stamps = page.getByRole("article").locator("time");
  await expect(stamps.first()).toBeVisible();
  for (const label of await stamps.allTextContents()) {
    expect(label).toMatch(/^(just now|\d+ min ago|\d+ h ago|.* JST)$/);
  }
});
