import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, opener, signIn, signOut, test, unique } from "./helpers";

// Every action on a post, a comment, a member and a report is a form: these journeys run with
// JavaScript on and again with it off.
const GUILD = "Engineering Guild";
const FACILITATOR = { email: "jonas@example.com", name: "Jonas Lindqvist" };
const MEMBER = { email: "kenji@example.com", name: "Kenji Watanabe" };
const REPORTER = { email: "priya@example.com", name: "Priya Raman" };

async function openGuild(page: Page, tab?: string) {
  await page.goto("/groups");
  await page.getByRole("link", { name: GUILD }).first().click();
  await expect(page.getByRole("heading", { name: GUILD })).toBeVisible();
  if (tab) {
    await page.getByRole("navigation", { name: "Group" }).getByRole("link", { name: tab }).click();
  }
  await hydrated(page);
}


const card = (page: Page, text: string) => page.getByRole("article").filter({ hasText: text });
const REPORT_REFUSAL = "Tell the facilitators what's wrong, in 3 to 500 characters.";

test.describe.configure({ mode: "serial" });

test("@both a member reacts to, edits, comments on and deletes a post", async ({ page }) => {
  const words = `Notes from the plain-forms workshop ${unique()}`;
  await signIn(page, MEMBER.email, DEMO_PASSWORD);
  await openGuild(page);
  await page.getByLabel("What would you like to share?").fill(words);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(card(page, words)).toBeVisible();

  await card(page, words).getByRole("button", { name: "Like" }).click();
  await expect(card(page, words).getByRole("button", { name: `Like (1): ${MEMBER.name}` })).toHaveAttribute("aria-pressed", "true");

  await opener(card(page, words), "Edit").click();
  await card(page, words).getByLabel("Edit your post").fill(`${words}, now with slides`);
  await card(page, words).getByRole("button", { name: "Save" }).click();
  await expect(card(page, words).locator(".post__body")).toContainText("now with slides");
  await expect(card(page, words).getByText("· edited")).toBeVisible();

  // With JavaScript the comments open in place; without it, on the post's own page.
  await card(page, words).getByRole("link", { name: "Comment", exact: true }).click();
  const box = card(page, words).getByLabel("Write a comment");
  await box.fill("   ");
  await card(page, words).getByRole("button", { name: "Comment", exact: true }).last().click();
  await expect(page.getByRole("alert")).toContainText("Write something before you comment");
  await box.fill("Slides are in the wiki");
  await card(page, words).getByRole("button", { name: "Comment", exact: true }).last().click();
  const comments = card(page, words).getByRole("list", { name: "Comments" });
  await expect(comments.getByRole("listitem")).toHaveCount(1);
  await expect(comments).toContainText("Slides are in the wiki");

  await opener(comments.getByRole("listitem"), "Edit").click();
  await comments.getByLabel("Edit your comment").fill("Slides and recording are in the wiki");
  await comments.getByRole("button", { name: "Save" }).click();
  await expect(comments.getByRole("listitem")).toContainText("(edited)");
  await expect(comments.locator(".prose")).toHaveText("Slides and recording are in the wiki");

  await comments.getByRole("button", { name: "Delete" }).click();
  await expect(comments.getByRole("listitem")).toHaveCount(0);
  // Deleted from the feed the page stays; deleted from its own page, the reader goes to the group.
  await card(page, words).getByRole("button", { name: "Delete" }).click();
  await expect(card(page, words)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: GUILD })).toBeVisible();
});

test("@both a report, a hidden post, a pin, a lock and a mute are handled by a facilitator", async ({ page }) => {
  const words = `Tabs or spaces, final answer ${unique()}`;
  await signIn(page, MEMBER.email, DEMO_PASSWORD);
  await openGuild(page);
  await page.getByLabel("What would you like to share?").fill(words);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(card(page, words)).toBeVisible();
  await signOut(page);

  await signIn(page, REPORTER.email, DEMO_PASSWORD);
  await openGuild(page);
  await opener(card(page, words), "Report").click();
  await card(page, words).getByLabel("What's wrong with this post? Facilitators will see it.").fill("Bound to start a flame war");
  await card(page, words).getByRole("button", { name: "Report", exact: true }).click();
  await expect(card(page, words).getByLabel("What's wrong with this post? Facilitators will see it.")).toBeHidden();
  await signOut(page);

  await signIn(page, FACILITATOR.email, DEMO_PASSWORD);
  await openGuild(page);
  const moderation = () => card(page, words).getByRole("group", { name: "Moderation" });
  await opener(moderation(), "Hide").click();
  await moderation().getByRole("textbox", { name: "Why? The author and the moderation log will show it." }).fill("Let's keep this friendly");
  await moderation().getByRole("button", { name: "Hide", exact: true }).click();
  await expect(card(page, words).locator(".post__tags")).toContainText("Hidden");
  await moderation().getByRole("button", { name: "Restore" }).click();
  await expect(card(page, words).locator(".post__tags")).not.toContainText("Hidden");
  await moderation().getByRole("button", { name: "Pin for a week" }).click();
  await expect(card(page, words).locator(".post__tags")).toContainText("Pinned");
  await moderation().getByRole("button", { name: "Lock comments" }).click();
  await expect(card(page, words).locator(".post__tags")).toContainText("Comments locked");
  await moderation().getByRole("button", { name: "Unpin" }).click();
  await expect(card(page, words).locator(".post__tags")).not.toContainText("Pinned");

  await openGuild(page, "Members");
  const row = page.getByRole("listitem").filter({ hasText: REPORTER.name });
  await opener(row, "Mute").click();
  await row.getByLabel("Mute for").selectOption("1440");
  await row.getByLabel("Why? They will see this.").fill("A day to cool down");
  await row.getByRole("button", { name: "Mute", exact: true }).click();
  await expect(row.getByText(/Muted until/)).toBeVisible();
  await row.getByRole("button", { name: "Unmute" }).click();
  await expect(row.getByText(/Muted until/)).toHaveCount(0);

  await openGuild(page, "Moderation");
  const report = page.getByRole("listitem", { name: `Report by ${REPORTER.name}` }).filter({ hasText: words });
  await report.getByRole("button", { name: "Claim" }).click();
  await expect(report.getByText(`Claimed by ${FACILITATOR.name}`)).toBeVisible();
  await report.getByLabel("Outcome").selectOption("kept");
  await report.getByLabel("Reason").fill("Lively, not hostile");
  await report.getByRole("button", { name: "Resolve" }).click();
  await expect(report).toHaveCount(0);
});

test("a refusal a plain form came back with is said once when the page's code arrives, and not on the next page", async ({ page }) => {
  await signIn(page, MEMBER.email, DEMO_PASSWORD);
  await openGuild(page);
  const guild = page.url();
  const post = await page.getByRole("article").filter({ hasNotText: MEMBER.name }).first().getAttribute("data-post");
  // What a browser without the page's code is sent back to after a report with no reason. Every
  // card on the page has a report form.
  const answer = await page.request.post("/api/report_content", {
    form: { post: post!, reason: "" },
    headers: { Accept: "text/html", Referer: guild, Origin: new URL(guild).origin },
    maxRedirects: 0,
  });
  const back = answer.headers()["location"];
  expect(back).toContain("__err");
  await page.goto(back);
  await hydrated(page);
  await expect(page.getByRole("alert")).toHaveCount(1);
  await expect(page.getByRole("alert")).toContainText(REPORT_REFUSAL);

  // Home has the same forms on its cards; the refusal belonged to the guild's page.
  await page.getByRole("link", { name: "Home", exact: true }).click();
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
  await expect(page.getByRole("article").first()).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
});
