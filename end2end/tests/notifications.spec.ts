import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, hydrated, person, signIn, test, unique } from "./helpers";

const AUTHOR = { email: "priya@example.com", name: "Priya Raman" };
const COLLEAGUE = { email: "kenji@example.com", name: "Kenji Watanabe" };

test.describe.configure({ mode: "serial" });

/** Writes a question in the company feed as the page's signed-in person; answers its id. */
async function ask(page: Page, words: string): Promise<number> {
  const origin = new URL(page.url()).origin;
  const created = await page.request.post("/api/create_post", {
    headers: { Origin: origin },
    form: { "post[group]": "", "post[kind]": "question", "post[body]": words, "post[pin_days]": "" },
  });
  expect(created.ok()).toBe(true);
  return (await created.json()).id;
}

const bell = (page: Page) => page.getByRole("banner").getByRole("link", { name: /^Notifications/ });

/** Opens the notification page from the bell and marks everything read, so the test starts at zero. */
async function startFromZero(page: Page) {
  await bell(page).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(bell(page)).toHaveAttribute("aria-label", "Notifications");
}

test("a comment on my question lights my bell live, and its notification leads me to it", async ({ browser }) => {
  const author = await person(browser, AUTHOR.email);
  const colleague = await person(browser, COLLEAGUE.email);
  const words = `Who has tips for the onboarding path? ${unique()}`;
  const id = await ask(author.page, words);
  await hydrated(author.page);
  await startFromZero(author.page);

  await colleague.page.goto(`/posts/${id}`);
  await hydrated(colleague.page);
  await colleague.page.getByLabel("Write a comment").fill("Start with the ten-minute course");
  await colleague.page.getByRole("button", { name: "Comment", exact: true }).last().click();
  await expect(colleague.page.getByRole("list", { name: "Comments" })).toContainText("ten-minute course");

  // The author's open page hears of it without a reload: the bell and the list both.
  await expect(bell(author.page)).toHaveAttribute("aria-label", "Notifications, 1 unread");
  await expect(bell(author.page)).toContainText("1");
  const list = author.page.getByRole("list", { name: "Notifications" });
  const notice = list.getByRole("listitem").first();
  await expect(notice).toContainText(`${COLLEAGUE.name} commented on your post “${words}”`);
  await expect(notice).toContainText("Unread");
  await expectAccessible(author.page);

  await notice.getByRole("link", { name: new RegExp(`^${COLLEAGUE.name} commented`) }).click();
  await expect(author.page).toHaveURL(new RegExp(`/posts/${id}#comment-\\d+$`));
  const landed = author.page.locator(new URL(author.page.url()).hash);
  await expect(landed).toContainText("Start with the ten-minute course");
  await expect(landed).toBeInViewport();
  await expect(author.page.getByRole("article").first()).toContainText(words);
  await expect(bell(author.page)).toHaveAttribute("aria-label", "Notifications");
  expect(author.errors).toEqual([]);
  expect(colleague.errors).toEqual([]);
  await Promise.all([author.close(), colleague.close()]);
});

test("reactions to my post gather into one notification on my open page", async ({ browser }) => {
  const author = await person(browser, AUTHOR.email);
  const words = `Our new office opens on Monday ${unique()}`;
  const id = await ask(author.page, words);
  await hydrated(author.page);
  await startFromZero(author.page);

  const colleague = await person(browser, COLLEAGUE.email);
  await colleague.page.goto(`/posts/${id}`);
  await hydrated(colleague.page);
  const post = colleague.page.getByRole("article").first();
  await post.getByRole("button", { name: "Like" }).click();
  await expect(post.getByRole("button", { name: `Like (1): ${COLLEAGUE.name}` })).toHaveAttribute("aria-pressed", "true");
  await post.getByRole("button", { name: "Celebrate" }).click();
  await expect(post.getByRole("button", { name: `Celebrate (1): ${COLLEAGUE.name}` })).toHaveAttribute("aria-pressed", "true");

  // Two reactions from one colleague: one notification, one unread, heard without a reload.
  await expect(bell(author.page)).toHaveAttribute("aria-label", "Notifications, 1 unread");
  const list = author.page.getByRole("list", { name: "Notifications" });
  await expect(list.getByRole("listitem").first()).toContainText(`${COLLEAGUE.name} reacted to your post “${words}”`);
  await expect(list.getByRole("listitem").filter({ hasText: "reacted to your post" }).filter({ hasText: words })).toHaveCount(1);
  expect(author.errors).toEqual([]);
  expect(colleague.errors).toEqual([]);
  await Promise.all([author.close(), colleague.close()]);
});

test("a colleague mentions me in a comment; my open page's bell counts it, and it leads to the comment", async ({ browser }) => {
  const me = await person(browser, AUTHOR.email);
  const colleague = await person(browser, COLLEAGUE.email);
  const asker = await person(browser, "jonas@example.com");
  const words = `Who knows the expense tool? ${unique()}`;
  const id = await ask(asker.page, words);
  await asker.close();
  await hydrated(me.page);
  await startFromZero(me.page);

  await colleague.page.goto(`/posts/${id}`);
  await hydrated(colleague.page);
  await colleague.page.getByLabel("Write a comment").fill("@priya set it up last year");
  await colleague.page.getByRole("button", { name: "Comment", exact: true }).last().click();
  await expect(colleague.page.getByRole("list", { name: "Comments" })).toContainText("set it up last year");

  await expect(bell(me.page)).toHaveAttribute("aria-label", "Notifications, 1 unread");
  const notice = me.page.getByRole("list", { name: "Notifications" }).getByRole("listitem").first();
  await expect(notice).toContainText(`${COLLEAGUE.name} mentioned you in a comment on “${words}”`);
  await notice.getByRole("link", { name: new RegExp(`^${COLLEAGUE.name} mentioned you`) }).click();
  await expect(me.page).toHaveURL(new RegExp(`/posts/${id}#comment-\\d+$`));
  const landed = me.page.locator(new URL(me.page.url()).hash);
  await expect(landed).toContainText("set it up last year");
  await expect(landed).toBeInViewport();
  expect(me.errors).toEqual([]);
  expect(colleague.errors).toEqual([]);
  await Promise.all([me.close(), colleague.close()]);
});

test("@both the notification page lists what concerns me and marks it read, with or without JavaScript", async ({ page, browser }) => {
  const colleague = await person(browser, COLLEAGUE.email);
  await signIn(page, AUTHOR.email, DEMO_PASSWORD);
  const words = `Where do I find the style guide? ${unique()}`;
  const id = await ask(page, words);
  const origin = new URL(page.url()).origin;
  const commented = await colleague.page.request.post("/api/add_comment", {
    headers: { Origin: origin },
    form: { post: String(id), body: "In the library, under Writing" },
  });
  expect(commented.ok()).toBe(true);
  await colleague.close();

  await page.goto("/notifications");
  await hydrated(page);
  const notice = page.getByRole("list", { name: "Notifications" }).getByRole("listitem").filter({ hasText: words });
  await expect(notice).toContainText(`${COLLEAGUE.name} commented on your post`);
  await expect(notice).toContainText("In the library, under Writing");
  await notice.getByRole("button", { name: "Mark as read" }).click();
  await expect(notice.getByRole("button", { name: "Mark as read" })).toHaveCount(0);
  await expect(notice).not.toContainText("Unread");
});

test("a member who follows all of a group's posts hears of each new one", async ({ browser }) => {
  const member = await person(browser, COLLEAGUE.email);
  const facilitator = await person(browser, "jonas@example.com");
  await member.page.goto("/groups");
  await member.page.getByRole("link", { name: "Engineering Guild" }).first().click();
  await expect(member.page.getByRole("heading", { level: 1, name: "Engineering Guild" })).toBeVisible();
  await hydrated(member.page);
  const form = member.page.getByRole("form", { name: "Your notifications from this group" });
  const level = form.getByRole("combobox", { name: "Notifications" });
  await expect(level).toHaveValue("highlights");
  await level.selectOption("all");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await startFromZero(member.page);

  const words = `Design review notes ${unique()}`;
  const guild = new URL(member.page.url()).origin;
  const groups = await (await facilitator.page.request.post("/api/list_groups", { headers: { Origin: guild } })).json();
  const id = groups.mine.find((group: { name: string }) => group.name === "Engineering Guild").id;
  const created = await facilitator.page.request.post("/api/create_post", {
    headers: { Origin: guild },
    form: { "post[group]": String(id), "post[kind]": "post", "post[body]": words, "post[pin_days]": "" },
  });
  expect(created.ok()).toBe(true);
  await expect(bell(member.page)).toHaveAttribute("aria-label", "Notifications, 1 unread");
  await expect(member.page.getByRole("list", { name: "Notifications" }).getByRole("listitem").first()).toContainText(
    `Jonas Lindqvist posted in Engineering Guild: “${words}”`,
  );

  // Back to the highlights, as the other journeys expect.
  await member.page.request.post("/api/set_group_level", { headers: { Origin: guild }, form: { group: String(id), level: "highlights" } });
  expect(member.errors).toEqual([]);
  await Promise.all([member.close(), facilitator.close()]);
});

test("a facilitator approves a waiting post, and its author's open page is told", async ({ browser }) => {
  const facilitator = await person(browser, AUTHOR.email);
  const author = await person(browser, COLLEAGUE.email);
  const origin = new URL(facilitator.page.url()).origin;
  const name = `Approvals ${unique()}`;
  const group = await (
    await facilitator.page.request.post("/api/create_group", {
      headers: { Origin: origin },
      form: { "group[name]": name, "group[description]": "Every post is read first.", "group[privacy]": "open", "group[kind]": "community" },
    })
  ).json();
  await facilitator.page.request.post("/api/update_group_settings", {
    headers: { Origin: origin },
    form: { id: String(group), "settings[approval]": "all", "settings[approval_threshold]": "0", "settings[slow_mode_seconds]": "" },
  });
  await author.page.request.post("/api/join_group", { headers: { Origin: origin }, form: { id: String(group) } });
  const words = `My first post here ${unique()}`;
  const created = await author.page.request.post("/api/create_post", {
    headers: { Origin: origin },
    form: { "post[group]": String(group), "post[kind]": "post", "post[body]": words, "post[pin_days]": "" },
  });
  expect((await created.json()).status).toBe("pending");
  await hydrated(author.page);
  await startFromZero(author.page);

  // Through the group's page, as a facilitator goes there.
  await facilitator.page.goto("/groups");
  await facilitator.page.getByRole("link", { name }).first().click();
  await expect(facilitator.page.getByRole("heading", { level: 1, name })).toBeVisible();
  await hydrated(facilitator.page);
  await facilitator.page.getByRole("navigation", { name: "Group" }).getByRole("link", { name: "Moderation" }).click();
  const waiting = facilitator.page.getByRole("article").filter({ hasText: words });
  await waiting.getByRole("button", { name: "Approve" }).click();
  await expect(waiting).toHaveCount(0);

  await expect(bell(author.page)).toHaveAttribute("aria-label", "Notifications, 1 unread");
  await expect(author.page.getByRole("list", { name: "Notifications" }).getByRole("listitem").first()).toContainText(
    `Your post “${words}” was approved`,
  );
  expect(author.errors).toEqual([]);
  expect(facilitator.errors).toEqual([]);
  await Promise.all([author.close(), facilitator.close()]);
});
