import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, signIn, test, unique } from "./helpers";

const MEMBER = { email: "lena@example.com" };

/** Posts as the page's signed-in person, waiting its turn when calls come too fast. */
async function post(page: Page, group: number, words: string) {
  const origin = new URL(page.url()).origin;
  for (;;) {
    const created = await page.request.post("/api/create_post", {
      headers: { Origin: origin },
      form: { "post[group]": String(group), "post[kind]": "post", "post[body]": words, "post[pin_days]": "" },
    });
    if (created.status() !== 429) {
      expect(created.ok()).toBe(true);
      return;
    }
    await page.waitForTimeout(300);
  }
}

test("a group's feed brings its older posts when the reader scrolls to its end, each once", async ({ page }) => {
  const tag = unique();
  await signIn(page, MEMBER.email, DEMO_PASSWORD);
  const origin = new URL(page.url()).origin;
  const group: number = await (
    await page.request.post("/api/create_group", {
      headers: { Origin: origin },
      form: { "group[name]": `Archive ${tag}`, "group[description]": "", "group[privacy]": "open", "group[kind]": "community" },
    })
  ).json();
  for (let n = 1; n <= 23; n++) {
    await post(page, group, `Archived note ${n} of ${tag}`);
  }

  await page.goto(`/groups/${group}`);
  await hydrated(page);
  const posts = page.getByRole("feed").getByRole("article");
  await expect(posts).toHaveCount(20);
  await expect(posts.first()).toContainText(`Archived note 23 of ${tag}`);

  // Reaching the end of the feed fetches the next page, under the posts shown.
  await page.getByRole("button", { name: "Show older posts" }).scrollIntoViewIfNeeded();
  await expect(posts).toHaveCount(23);
  await expect(posts.last()).toContainText(`Archived note 1 of ${tag}`);
  await expect(posts.filter({ hasText: `Archived note 3 of ${tag}` })).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Show older posts" })).toHaveCount(0);
});
