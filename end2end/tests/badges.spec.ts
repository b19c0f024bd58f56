import { expect } from "@playwright/test";
import { ADMIN, expectAccessible, hydrated, opener, person, test, unique } from "./helpers";

const HOLDER = { email: "kenji@example.com", name: "Kenji Watanabe" };

test("an admin makes a badge and awards it; the colleague sees it on their profile, then it is revoked", async ({ browser }) => {
  const admin = await person(browser, ADMIN.email);
  const page = admin.page;
  await page.getByRole("link", { name: "Badges", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Badges" })).toBeVisible();
  await hydrated(page);
  const name = `Team player ${unique()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("What it stands for").fill("Helps colleagues without being asked");
  await page.getByLabel("What earns it (Markdown)").fill("Three colleagues say you **helped** them.");
  await page.getByLabel("Heart").check();
  await page.getByRole("button", { name: "Make badge" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.locator(".prose strong")).toHaveText("helped");
  await expectAccessible(page);

  await page.getByLabel("Their work email").fill(HOLDER.email);
  await page.getByLabel("Why they earned it (shown with the badge)").fill("Paired with every new hire in November");
  await page.getByRole("button", { name: "Award badge" }).click();
  const holders = page.getByRole("list", { name: "Awarded to" });
  await expect(holders).toContainText(HOLDER.name);
  await expect(page.getByText("1 holder")).toBeVisible();

  const holder = await person(browser, HOLDER.email);
  await holder.page.goto("/notifications");
  await expect(holder.page.getByRole("list", { name: "Notifications" })).toContainText(`${ADMIN.name} awarded you a badge`);
  await holder.page.getByRole("link", { name: `${ADMIN.name} awarded you a badge` }).first().click();
  const badges = holder.page.getByRole("list", { name: "Badges" });
  await expect(badges).toContainText(name);
  await expect(badges).toContainText("Paired with every new hire in November");
  await expectAccessible(holder.page);

  await opener(holders.getByRole("listitem").filter({ hasText: HOLDER.name }), "Revoke").click();
  await page.getByLabel("Why is it taken back?").fill("Awarded to the wrong person");
  await page.getByRole("button", { name: "Revoke badge" }).click();
  await expect(holders).toContainText("Revoked: Awarded to the wrong person");
  await holder.page.reload();
  await expect(holder.page.getByRole("list", { name: "Badges" }).getByRole("listitem").filter({ hasText: name }))
    .toContainText("Revoked: Awarded to the wrong person");

  expect(admin.errors).toEqual([]);
  expect(holder.errors).toEqual([]);
  await Promise.all([admin.close(), holder.close()]);
});

test("a facilitator makes a badge for the guild that a first post there earns; a member's first post earns it", async ({ browser }) => {
  const owner = await person(browser, "jonas@example.com");
  const page = owner.page;
  await page.getByRole("link", { name: "Badges", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: "New badge" })).toBeVisible();
  await hydrated(page);
  const name = `Guild voice ${unique()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("What it stands for").fill("Spoke up in the Engineering Guild");
  await page.getByLabel("For", { exact: true }).selectOption({ label: "Members of Engineering Guild" });
  await page.getByLabel("By", { exact: true }).selectOption("cohort_post");
  await page.getByLabel("Book").check();
  await page.getByRole("button", { name: "Make badge" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Awarded by itself for: A first post in Engineering Guild")).toBeVisible();
  await expect(page.getByRole("link", { name: "Engineering Guild" })).toBeVisible();
  // Those who posted there already hold it: Jonas's show-and-tell, Kenji's question.
  const holders = page.getByRole("list", { name: "Awarded to" });
  await expect(holders).toContainText("Jonas Lindqvist");
  await expect(holders).toContainText("Earned by: A first post in Engineering Guild");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Award it to everyone who already qualifies" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Nobody new qualifies." })).toBeVisible();

  const member = await person(browser, "priya@example.com");
  await member.page.goto("/groups");
  await member.page.getByRole("link", { name: "Engineering Guild" }).first().click();
  await expect(member.page.getByRole("heading", { level: 1, name: "Engineering Guild" })).toBeVisible();
  await hydrated(member.page);
  const words = `My first words in the guild ${unique()}`;
  await member.page.getByLabel("What would you like to share?").fill(words);
  await expect(member.page.getByLabel("What would you like to share?")).toHaveValue(words);
  await member.page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(member.page.getByRole("article").filter({ hasText: words })).toBeVisible();
  await member.page.goto(page.url());
  await expect(member.page.getByRole("list", { name: "Awarded to" })).toContainText("Priya Raman");
  // Only the guild's facilitators award it.
  await expect(member.page.getByRole("button", { name: "Award it to everyone who already qualifies" })).toHaveCount(0);

  expect(owner.errors).toEqual([]);
  expect(member.errors).toEqual([]);
  await Promise.all([owner.close(), member.close()]);
});

test("badges are made and awarded with plain forms @no-js", async ({ browser }) => {
  const admin = await person(browser, ADMIN.email);
  const page = admin.page;
  await page.goto("/badges");
  const name = `Early bird ${unique()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("What it stands for").fill("First to the standup");
  await page.getByLabel("Rocket").check();
  await page.getByRole("button", { name: "Make badge" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // An uploaded picture takes the built-in one's place.
  const pixel = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
  await page.getByLabel("Upload a picture").setInputFiles({ name: "medal.png", mimeType: "image/png", buffer: pixel });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.locator("img.badge-picture")).toHaveAttribute("src", /^\/open-badges\/images\/[0-9a-f]{32}\.png$/);
  await page.getByLabel("Upload a picture").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.getByRole("alert")).toContainText("That file is not a PNG, JPEG, GIF or WebP image.");
  await page.getByLabel("Their work email").fill("priya@example.com");
  await page.getByLabel("Why they earned it (shown with the badge)").fill("Never late");
  await page.getByRole("button", { name: "Award badge" }).click();
  await expect(page.getByRole("list", { name: "Awarded to" })).toContainText("Priya Raman");
  await admin.close();
});
