import { expect, type Page } from "@playwright/test";
import { expectAccessible, hydrated, person, test, unique } from "./helpers";

const EXPERT = { email: "jonas@example.com", name: "Jonas Lindqvist" };
// Not a member of the Engineering Guild, where Jonas posts: his posts reach her Home only by following.
const COLLEAGUE = { email: "lena@example.com", name: "Lena Fischer" };

test.describe.configure({ mode: "serial" });

const followButton = (page: Page, name: string) => page.getByRole("button", { name: new RegExp(`^(Un)?[Ff]ollow ${name}$`) });

test("a colleague finds Jonas by what he knows, follows him, and his next post reaches her Home live", async ({ browser }) => {
  const colleague = await person(browser, COLLEAGUE.email);
  const page = colleague.page;
  await page.getByRole("link", { name: "People", exact: true }).click();
  await hydrated(page);
  await page.getByLabel("Who can help me with").fill("PostgreSQL");
  await page.getByRole("button", { name: "Find people" }).click();
  await expect(page).toHaveURL(/\/people\/experts\?topic=PostgreSQL/);

  // Ranked by evidence, each with why: Jonas reviews the topic and lists it; whoever's answer to the
  // guild's PostgreSQL question is accepted (another test may change which) follows.
  const first = page.getByRole("list", { name: "People who can help" }).getByRole("listitem").first();
  await expect(first).toContainText(EXPERT.name);
  await expect(first).toContainText("Subject-matter expert in postgresql, named by an admin");
  await expect(page.getByRole("list", { name: "People who can help" })).toContainText("1 accepted answer about PostgreSQL");
  await expectAccessible(page);

  await first.getByRole("link", { name: EXPERT.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: EXPERT.name })).toBeVisible();
  await hydrated(page);
  await expect(followButton(page, EXPERT.name)).toHaveText("Follow");
  await followButton(page, EXPERT.name).click();
  await expect(followButton(page, EXPERT.name)).toHaveText("Unfollow");
  await expect(page.getByRole("link", { name: "1 follower" })).toBeVisible();
  await expectAccessible(page);

  // Home, only the people she follows: Jonas's guild post, from a group she is not in.
  await page.getByRole("link", { name: "Home", exact: true }).click();
  await page.getByRole("link", { name: "Following", exact: true }).click();
  await expect(page).toHaveURL(/\/\?feed=following$/);
  await expect(page.getByRole("feed", { name: "Posts" })).toContainText("Show-and-tell on Thursday");

  // Jonas posts in the guild; her open page offers it without a reload.
  const expert = await person(browser, EXPERT.email);
  await expert.page.goto("/groups");
  await expert.page.getByRole("link", { name: "Engineering Guild" }).first().click();
  await expect(expert.page.getByRole("heading", { level: 1, name: "Engineering Guild" })).toBeVisible();
  await hydrated(expert.page);
  await expect(expert.page.getByRole("status").filter({ hasText: "Live updates on" })).toBeAttached();
  const words = `Slides from the keyset pagination talk are up ${unique()}`;
  await expert.page.getByLabel("What would you like to share?").fill(words);
  await expect(expert.page.getByLabel("What would you like to share?")).toHaveValue(words);
  await expert.page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(expert.page.getByRole("article").filter({ hasText: words })).toBeVisible();

  await page.getByRole("button", { name: "Show 1 new post" }).click();
  await expect(page.getByRole("article").filter({ hasText: words })).toContainText(EXPERT.name);

  // Jonas hears who follows him, and the list names her.
  const bell = expert.page.getByRole("banner").getByRole("link", { name: /^Notifications/ });
  await bell.click();
  await expect(expert.page.getByRole("list", { name: "Notifications" })).toContainText(`${COLLEAGUE.name} started following you`);
  await expert.page.getByRole("link", { name: `${COLLEAGUE.name} started following you` }).click();
  await expect(expert.page.getByRole("heading", { level: 1, name: `${EXPERT.name}'s followers` })).toBeVisible();
  await expect(expert.page.getByRole("list", { name: "Followers" })).toContainText(COLLEAGUE.name);

  expect(colleague.errors).toEqual([]);
  expect(expert.errors).toEqual([]);
  await Promise.all([colleague.close(), expert.close()]);
});

test("a new hire is shown people like them, with why, and dismisses one", async ({ browser }) => {
  const hire = await person(browser, "kenji@example.com");
  const page = hire.page;
  await page.getByRole("link", { name: "People", exact: true }).click();
  await hydrated(page);
  const suggestions = page.getByRole("list", { name: "People like you" });
  // Kenji is learning Rust and code review, which Jonas knows; Lena is in his cohort.
  await expect(suggestions.getByRole("listitem").first()).toContainText("Jonas Lindqvist");
  await expect(suggestions.getByRole("listitem").first()).toContainText("Knows code review and rust, which you're learning");
  const lena = suggestions.getByRole("listitem").filter({ hasText: "Lena Fischer" });
  await expect(lena).toContainText("In your cohort, New hires, November 2026");
  await expectAccessible(page);

  await lena.getByRole("button", { name: "Not now, Lena Fischer" }).click();
  await expect(lena).toHaveCount(0);
  await expect(suggestions.getByRole("listitem").first()).toContainText("Jonas Lindqvist");
  await page.reload();
  await expect(page.getByRole("list", { name: "People like you" })).not.toContainText("Lena Fischer");
  expect(hire.errors).toEqual([]);
  await hire.close();
});

test("following and unfollowing work as plain forms @no-js", async ({ browser }) => {
  const follower = await person(browser, "mateo@example.com");
  const page = follower.page;
  await page.goto("/people/experts?topic=accessibility");
  const priya = page.getByRole("list", { name: "People who can help" }).getByRole("listitem").first();
  await expect(priya).toContainText("Priya Raman");
  await priya.getByRole("link", { name: "Priya Raman" }).click();
  await followButton(page, "Priya Raman").click();
  await expect(followButton(page, "Priya Raman")).toHaveText("Unfollow");
  await expect(page.getByRole("link", { name: "1 follower" })).toBeVisible();
  await followButton(page, "Priya Raman").click();
  await expect(followButton(page, "Priya Raman")).toHaveText("Follow");
  await expect(page.getByRole("link", { name: "0 followers" })).toBeVisible();
  await follower.close();
});
