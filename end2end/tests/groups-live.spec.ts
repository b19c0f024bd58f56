import { expect, type Page } from "@playwright/test";
import { ADMIN, expectAccessible, hydrated, opener, person, test, unique } from "./helpers";

// The demo's Engineering Guild: Jonas owns it; Kenji and Priya are members.
const GUILD = "Engineering Guild";
const FACILITATOR = { email: "jonas@example.com", name: "Jonas Lindqvist" };
const MEMBER = { email: "kenji@example.com", name: "Kenji Watanabe" };
const OTHER_MEMBER = { email: "priya@example.com", name: "Priya Raman" };

/** Opens the guild (a tab of it) and waits for its live connection. */
async function openGuild(page: Page, tab = "feed") {
  await page.goto("/groups");
  await page.getByRole("link", { name: GUILD }).first().click();
  await expect(page.getByRole("heading", { name: GUILD })).toBeVisible();
  if (tab !== "feed") {
    await page.getByRole("navigation", { name: "Group" }).getByRole("link", { name: tab }).click();
  }
  await hydrated(page);
  await expect(page.getByRole("status").filter({ hasText: "Live updates on" })).toBeAttached();
}

const post = (page: Page, text: string) => page.getByRole("article").filter({ hasText: text });

test.describe.configure({ mode: "serial" });

test("a member posts and the facilitator sees it live; the facilitator hides it and it leaves the member's page", async ({ browser }) => {
  const member = await person(browser, MEMBER.email);
  const facilitator = await person(browser, FACILITATOR.email);
  await openGuild(facilitator.page);
  await openGuild(member.page);
  await expectAccessible(member.page);

  const words = `Does anyone have notes from the Rust workshop? ${unique()}`;
  await member.page.getByLabel("What would you like to share?").fill(words);
  await member.page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(post(member.page, words)).toBeVisible();
  await expect(member.page.getByLabel("What would you like to share?")).toHaveValue("");

  // The facilitator's page does not move: it offers the new post.
  const arrivals = facilitator.page.getByRole("button", { name: "Show 1 new post" });
  await expect(arrivals).toBeVisible();
  await arrivals.click();
  await expect(post(facilitator.page, words)).toBeVisible();
  await expectAccessible(facilitator.page);

  // The author starts a comment; the facilitator's reaction redraws the post on the author's page,
  // and the half-written comment survives it. The comment then reaches the facilitator live.
  await post(member.page, words).getByRole("link", { name: "Comment", exact: true }).click();
  await post(member.page, words).getByLabel("Write a comment").fill("Thanks in advance!");
  await post(facilitator.page, words).getByRole("button", { name: "Like" }).click();
  await expect(post(member.page, words).getByRole("button", { name: `Like (1): ${FACILITATOR.name}` })).toBeVisible();
  await expect(post(member.page, words).getByLabel("Write a comment")).toHaveValue("Thanks in advance!");
  await post(member.page, words).getByRole("button", { name: "Comment", exact: true }).last().click();
  await expect(post(facilitator.page, words).getByRole("link", { name: "1 comment" })).toBeVisible();

  await opener(post(facilitator.page, words), "Hide").click();
  await post(facilitator.page, words).getByRole("textbox", { name: "Why? The author and the moderation log will show it." }).fill("Please use the workshop channel");
  await post(facilitator.page, words).getByRole("button", { name: "Hide", exact: true }).last().click();
  await expect(post(facilitator.page, words).getByText("Hidden")).toBeVisible();

  // The author still sees it, marked; another member's open page drops it without a reload.
  const other = await person(browser, OTHER_MEMBER.email);
  await openGuild(other.page);
  await expect(post(member.page, words).getByText("Hidden")).toBeVisible();
  expect(await post(other.page, words).count()).toBe(0);
  // Restored, it comes back to readers as a new post.
  await post(facilitator.page, words).getByRole("button", { name: "Restore" }).click();
  await other.page.getByRole("button", { name: "Show 1 new post" }).click();
  await expect(post(other.page, words)).toBeVisible();
  await opener(post(facilitator.page, words), "Hide").click();
  await post(facilitator.page, words).getByRole("button", { name: "Hide", exact: true }).last().click();
  await expect(post(other.page, words)).toHaveCount(0);

  for (const who of [member, facilitator, other]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("a report is claimed by one facilitator while another watches, then resolved for the reporter", async ({ browser }) => {
  const author = await person(browser, OTHER_MEMBER.email);
  const words = `Hot take: tabs beat spaces ${unique()}`;
  await openGuild(author.page);
  await author.page.getByLabel("What would you like to share?").fill(words);
  await author.page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(post(author.page, words)).toBeVisible();

  const reporter = await person(browser, MEMBER.email);
  await openGuild(reporter.page);
  await opener(post(reporter.page, words), "Report").click();
  await post(reporter.page, words).getByRole("textbox", { name: "What's wrong with this post? Facilitators will see it." }).fill("Starting a flame war");
  await post(reporter.page, words).getByRole("button", { name: "Report", exact: true }).last().click();
  await expect(post(reporter.page, words).getByRole("status")).toContainText("The facilitators will look at your report");
  await expect(post(reporter.page, words).getByRole("textbox", { name: "What's wrong with this post? Facilitators will see it." })).toBeHidden();

  const facilitator = await person(browser, FACILITATOR.email);
  const watcher = await person(browser, ADMIN.email);
  await openGuild(facilitator.page, "Moderation");
  await openGuild(watcher.page, "Moderation");
  await expectAccessible(facilitator.page);

  const report = (page: Page) => page.getByRole("listitem", { name: `Report by ${MEMBER.name}` }).filter({ hasText: words });
  await expect(report(watcher.page)).toBeVisible();
  await report(facilitator.page).getByRole("button", { name: "Claim" }).click();
  await expect(report(watcher.page).getByText(`Claimed by ${FACILITATOR.name}`)).toBeVisible();
  await expect(report(watcher.page).getByRole("button", { name: "Claim" })).toHaveCount(0);

  await report(facilitator.page).getByLabel("Outcome").selectOption("hidden");
  await report(facilitator.page).getByLabel("Reason").fill("Keep it friendly");
  await report(facilitator.page).getByRole("button", { name: "Resolve" }).click();
  await expect(report(watcher.page)).toHaveCount(0);
  await expect(report(facilitator.page)).toHaveCount(0);
  await expect(watcher.page.getByRole("table")).toContainText("Resolved a report");

  await reporter.page.goto("/reports");
  await expect(reporter.page.getByRole("list", { name: "Your reports" }).getByRole("listitem").first()).toContainText(
    "Resolved: Hidden. Keep it friendly",
  );
  for (const who of [author, reporter, facilitator, watcher]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("a muted member sees why they cannot post, on the page they have open", async ({ browser }) => {
  const member = await person(browser, OTHER_MEMBER.email);
  await openGuild(member.page);
  await expect(member.page.getByLabel("What would you like to share?")).toBeVisible();
  const draft = `A draft that must survive ${unique()}`;
  await member.page.getByLabel("What would you like to share?").fill(draft);

  const facilitator = await person(browser, FACILITATOR.email);
  await openGuild(facilitator.page, "Members");
  const row = facilitator.page.getByRole("listitem").filter({ hasText: OTHER_MEMBER.name });
  await opener(row, "Mute").click();
  await row.getByLabel("Why? They will see this.").fill("Let's cool down for an hour");
  await row.getByRole("button", { name: "Mute", exact: true }).last().click();
  await expect(row.getByText(/Muted until/)).toBeVisible();

  await expect(member.page.getByRole("status").filter({ hasText: "A facilitator muted you in this group until" })).toContainText(
    "Let's cool down for an hour",
  );
  await expect(member.page.getByLabel("What would you like to share?")).toHaveCount(0);

  // Lifted, the mute gives the composer back with every word still in it.
  await row.getByRole("button", { name: "Unmute" }).click();
  await expect(member.page.getByLabel("What would you like to share?")).toHaveValue(draft);
  for (const who of [member, facilitator]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("someone starts a closed group, a colleague asks to join, and the approval lets them in live", async ({ browser }) => {
  const founder = await person(browser, OTHER_MEMBER.email);
  const name = `Design critique ${unique()}`;
  await founder.page.goto("/groups");
  await hydrated(founder.page);
  const form = founder.page.getByRole("region", { name: "Start a group" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Who can see it").selectOption("closed");
  await form.getByLabel("Description").fill("Bring a screen, leave with ideas.");
  await form.getByRole("button", { name: "Create group" }).click();
  await expect(founder.page.getByRole("heading", { name })).toBeVisible();
  await expectAccessible(founder.page);
  await founder.page.getByRole("navigation", { name: "Group" }).getByRole("link", { name: "Moderation" }).click();
  await expect(founder.page.getByText("All clear: nothing waits for you.")).toBeVisible();

  const colleague = await person(browser, MEMBER.email);
  await colleague.page.goto("/groups");
  await colleague.page.getByRole("link", { name }).click();
  await hydrated(colleague.page);
  await expect(colleague.page.getByText("Only members see this group's posts.")).toBeVisible();
  await colleague.page.getByRole("button", { name: "Ask to join" }).click();
  await expect(colleague.page.getByRole("button", { name: "Withdraw request" })).toBeVisible();

  // The request reaches the founder's open queue; approving it opens the group on the colleague's page.
  const request = founder.page.getByRole("list", { name: "Requests to join" }).getByRole("listitem");
  await expect(request).toContainText(`${MEMBER.name} asks to join`);
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(colleague.page.getByLabel("What would you like to share?")).toBeVisible();
  await expect(colleague.page.getByRole("button", { name: "Leave group" })).toBeVisible();
  // And the colleague is told, in their notifications.
  await colleague.page.getByRole("banner").getByRole("link", { name: /^Notifications/ }).click();
  await expect(colleague.page.getByRole("list", { name: "Notifications" }).getByRole("listitem").first()).toContainText(
    `${OTHER_MEMBER.name} let you into ${name}`,
  );
  for (const who of [founder, colleague]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("a facilitator invites a colleague to a secret group, who joins only by accepting", async ({ browser }) => {
  const founder = await person(browser, OTHER_MEMBER.email);
  const name = `Salary review ${unique()}`;
  await founder.page.goto("/groups");
  await hydrated(founder.page);
  const form = founder.page.getByRole("region", { name: "Start a group" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Who can see it").selectOption("secret");
  await form.getByRole("button", { name: "Create group" }).click();
  await expect(founder.page.getByRole("heading", { name })).toBeVisible();
  await founder.page.getByRole("navigation", { name: "Group" }).getByRole("link", { name: "Members" }).click();
  await founder.page.getByLabel("Invite a colleague by email").fill(MEMBER.email);
  await founder.page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(founder.page.getByRole("listitem").filter({ hasText: MEMBER.name }).getByText("Invited")).toBeVisible();

  const colleague = await person(browser, MEMBER.email);
  await colleague.page.goto("/groups");
  await colleague.page.getByRole("region", { name: "Invitations" }).getByRole("link", { name }).click();
  await hydrated(colleague.page);
  await expect(colleague.page.getByText("Accept the invitation to read them.")).toBeVisible();
  await expectAccessible(colleague.page);
  await colleague.page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(colleague.page.getByRole("button", { name: "Leave group" })).toBeVisible();
  await expect(colleague.page.getByLabel("What would you like to share?")).toBeVisible();
  for (const who of [founder, colleague]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("an asker accepts a colleague's answer, and a read announcement is counted on the admin's open page", async ({ browser }) => {
  const helper = await person(browser, OTHER_MEMBER.email);
  const asker = await person(browser, MEMBER.email);
  const question = (page: Page) => post(page, "How do I run the integration tests against PostgreSQL");
  const answer = `Try ./dev unit with TEST_DATABASE_URL set ${unique()}`;
  await openGuild(helper.page);
  await question(helper.page).getByRole("link", { name: /\d+ comments?$/ }).click();
  await question(helper.page).getByLabel("Write a comment").fill(answer);
  await question(helper.page).getByRole("button", { name: "Comment", exact: true }).click();
  await expect(question(helper.page).getByRole("list", { name: "Comments" })).toContainText(answer);

  await openGuild(asker.page);
  await question(asker.page).getByRole("link", { name: /\d+ comments?$/ }).click();
  await question(asker.page)
    .getByRole("listitem")
    .filter({ hasText: answer })
    .getByRole("button", { name: "Accept answer" })
    .click();
  const first = question(asker.page).getByRole("list", { name: "Comments" }).getByRole("listitem").first();
  await expect(first).toContainText(answer);
  await expect(first).toContainText("Accepted answer");

  const admin = await person(browser, ADMIN.email);
  const announcement = (page: Page) => post(page, "Welcome to Wellspring");
  await hydrated(admin.page);
  await expect(admin.page.getByRole("status").filter({ hasText: "Live updates on" })).toBeAttached();
  await expect(announcement(admin.page)).toContainText("0 read");
  await asker.page.goto("/");
  await hydrated(asker.page);
  await announcement(asker.page).getByRole("button", { name: "Mark as read" }).click();
  await expect(announcement(asker.page).getByText("You've read this")).toBeVisible();
  await expect(announcement(admin.page)).toContainText("1 read");
  for (const who of [helper, asker, admin]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});
