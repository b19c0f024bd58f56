import { expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { ADMIN, DEMO_PASSWORD, emailsTo, expectAccessible, hydrated, person, signIn, test, unique, watchErrors } from "./helpers";

// The demo's onboarding path "Welcome aboard" reaches everyone starting after 2026-10-31; Lena
// facilitates the cohort group its last required step introduces people in.
test("a new hire gets the onboarding path at first sign-in, completes it, and the cohort's facilitator sees it", async ({ browser }) => {
  test.setTimeout(120_000);
  const id = unique();
  const hireName = `Noor Haddad ${id}`;
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminErrors = watchErrors(admin);
  await signIn(admin, ADMIN.email, DEMO_PASSWORD);
  await admin.getByRole("link", { name: "Admin", exact: true }).click();
  const form = admin.getByRole("region", { name: "Invite a person" });
  await form.getByLabel("Work email").fill(`noor.${id}@example.com`);
  await form.getByLabel("Name").fill(hireName);
  await form.getByLabel("Department").fill("Design");
  await form.getByLabel("Start date").fill("2026-12-01");
  await form.getByRole("button", { name: "Create invitation" }).click();
  const link = await form.getByLabel("Invitation link (works once, for 14 days)").inputValue();

  const hireContext = await browser.newContext();
  const hire = await hireContext.newPage();
  const hireErrors = watchErrors(hire);
  await hire.goto(link);
  await hire.getByLabel("New password").fill("my first day at work");
  await hire.getByLabel("Type it again").fill("my first day at work");
  await hire.getByRole("button", { name: "Join Wellspring" }).click();
  await expect(hire.getByRole("heading", { name: "Welcome, Noor" })).toBeVisible();

  // The rule reaches the new hire at once: required, due two weeks after the start date.
  await hire.getByRole("link", { name: "Learning", exact: true }).click();
  await expect(hire.getByRole("heading", { name: "My learning" })).toBeVisible();
  const tile = hire.getByRole("listitem").filter({ hasText: "Welcome aboard" });
  await expect(tile).toContainText("Required");
  await expect(tile).toContainText("Not started");
  await expect(tile).toContainText("due 2026-12-15");
  await expect(tile).toContainText('Next: Take "Wellspring in ten minutes"');
  await expectAccessible(hire);
  await tile.getByRole("link", { name: "Welcome aboard" }).click();
  await hydrated(hire);
  await expect(hire.getByRole("progressbar", { name: "Your progress on this path" })).toHaveAttribute("aria-valuenow", "0");
  const step = (name: string) => hire.getByRole("listitem").filter({ hasText: name });
  await expect(step("Writing alt text that helps")).toContainText("Opens when the required steps before it are done.");
  await expectAccessible(hire);

  // The course: a reading, then a quiz failed once and passed.
  await hire.getByRole("link", { name: 'Take "Wellspring in ten minutes"' }).click();
  await hydrated(hire);
  await hire.getByRole("link", { name: "Start" }).click();
  await hydrated(hire);
  await hire.getByRole("button", { name: "Mark as done" }).click();
  await hire.getByRole("link", { name: "Next lesson →" }).click();
  await hydrated(hire);
  await hire.getByLabel("By email to everyone").check();
  await hire.getByLabel("True", { exact: true }).check();
  await hire.getByRole("button", { name: "Send answers" }).click();
  await expect(hire.getByRole("status").filter({ hasText: "You need 100% to pass" })).toBeVisible();
  await hire.getByRole("button", { name: "Try again" }).click();
  await hire.getByLabel("In the company feed, as a question").check();
  await hire.getByLabel("True", { exact: true }).check();
  await hire.getByRole("button", { name: "Send answers" }).click();
  await expect(hire.getByRole("status").filter({ hasText: "Passed with 100%" })).toBeVisible();

  // The article, read and acknowledged.
  await hire.getByRole("link", { name: "Learning", exact: true }).click();
  await hire.getByRole("link", { name: "Welcome aboard" }).click();
  await hydrated(hire);
  await expect(hire.getByRole("progressbar", { name: "Your progress on this path" })).toHaveAttribute("aria-valuenow", "33");
  await step("Writing alt text that helps").getByRole("link").click();
  await expect(hire.getByRole("heading", { name: "Writing alt text that helps" })).toBeVisible();
  await hire.goBack();
  await hydrated(hire);
  await step("Writing alt text that helps").getByRole("button", { name: "I've read it" }).click();
  await expect(hire.getByRole("progressbar", { name: "Your progress on this path" })).toHaveAttribute("aria-valuenow", "66");

  // The introduction: the cohort is closed, so Lena lets the new hire in first.
  await step("Introduce yourself to your cohort").getByRole("link").click();
  await hydrated(hire);
  await hire.getByRole("button", { name: "Ask to join" }).click();
  await expect(hire.getByRole("button", { name: "Withdraw request" })).toBeVisible();
  const facilitator = await person(browser, "lena@example.com");
  await facilitator.page.goto("/groups");
  await facilitator.page.getByRole("link", { name: "New hires, November 2026" }).click();
  await hydrated(facilitator.page);
  await facilitator.page.getByRole("navigation", { name: "Group" }).getByRole("link", { name: "Moderation" }).click();
  const request = facilitator.page.getByRole("list", { name: "Requests to join" }).getByRole("listitem");
  await expect(request).toContainText(`${hireName} asks to join`);
  await request.getByRole("button", { name: "Approve" }).click();
  await hire.getByLabel("What would you like to share?").fill(`Hi all, I'm Noor and I just joined Design. ${id}`);
  await hire.getByRole("button", { name: "Post", exact: true }).click();
  await expect(hire.getByRole("article").filter({ hasText: `I just joined Design. ${id}` })).toBeVisible();

  await hire.getByRole("link", { name: "Learning", exact: true }).click();
  await expect(tile).toContainText("Completed");
  await tile.getByRole("link", { name: "Welcome aboard" }).click();
  await expect(hire.getByRole("progressbar", { name: "Your progress on this path" })).toHaveAttribute("aria-valuenow", "100");
  await expect(hire.getByRole("status").filter({ hasText: "You've completed this path" })).toBeVisible();

  // Completing it earned the path's badge: the new hire is told, and it shows on their profile.
  await expect(hire.getByText("Completing it earns the badge Onboarded.")).toBeVisible();
  await hire.goto("/notifications");
  await hire.getByRole("link", { name: "You earned a badge" }).first().click();
  const badges = hire.getByRole("list", { name: "Badges" });
  await expect(badges).toContainText("Onboarded");
  await expect(badges).toContainText("Completed the learning path “Welcome aboard”");
  await expectAccessible(hire);

  // The badge downloads as a signed Open Badges 3.0 credential that an independent library verifies
  // with the issuer's published key.
  const credentialDownload = hire.waitForEvent("download");
  await badges.getByRole("link", { name: "Download credential for Onboarded" }).click();
  const jwt = readFileSync(await (await credentialDownload).path(), "utf8");
  // The key is found where the credential's kid leads.
  const kid = decodeProtectedHeader(jwt).kid ?? "";
  const key = await (await hire.request.get(new URL(kid).pathname)).json();
  const { payload } = await jwtVerify(jwt, await importJWK(key, "EdDSA"));
  expect(payload.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
  expect((payload.credentialSubject as { achievement: { name: string } }).achievement.name).toBe("Onboarded");
  const tampered = jwt.replace(/\.([^.]+)\./, (_, body: string) => `.${body.slice(0, -2)}${body.slice(-2) === "AA" ? "AB" : "AA"}.`);
  await expect(jwtVerify(tampered, await importJWK(key, "EdDSA"))).rejects.toThrow();

  // The facilitator finds the path among those they look after, and the new hire done.
  await facilitator.page.getByRole("link", { name: "Learning", exact: true }).click();
  await facilitator.page.getByRole("link", { name: "Progress on Welcome aboard" }).click();
  await expect(facilitator.page.getByRole("heading", { name: "Progress: Welcome aboard" })).toBeVisible();
  await facilitator.page.getByLabel("Status").selectOption("completed");
  await facilitator.page.getByRole("button", { name: "Filter" }).click();
  const row = facilitator.page.getByRole("row").filter({ hasText: hireName });
  await expect(row).toContainText("Completed");
  await expect(row).toContainText("100%");
  await expect(facilitator.page.getByRole("img", { name: /Where people stand: 1 completed/ })).toBeVisible();
  await expectAccessible(facilitator.page);
  const download = facilitator.page.waitForEvent("download");
  await facilitator.page.getByRole("link", { name: "Download CSV" }).click();
  const csv = await (await download).path();
  expect(readFileSync(csv, "utf8")).toContain(`noor.${id}@example.com`);

  expect(adminErrors).toEqual([]);
  expect(hireErrors).toEqual([]);
  expect(facilitator.errors).toEqual([]);
  await Promise.all([adminContext.close(), hireContext.close(), facilitator.close()]);
});

test("an admin builds a path and assigns it, and the colleague marks its link done", async ({ browser }) => {
  const title = `Security week ${unique()}`;
  const admin = await person(browser, ADMIN.email);
  await admin.page.goto("/paths");
  await hydrated(admin.page);
  await admin.page.getByLabel("Title").fill(title);
  await admin.page.getByLabel("Summary").fill("Five small habits, one a day.");
  await admin.page.getByRole("button", { name: "Create path" }).click();
  await expect(admin.page.getByRole("heading", { name: title })).toBeVisible();
  await hydrated(admin.page);

  await admin.page.getByLabel("Step kind").selectOption("link");
  await admin.page.getByLabel("Step title").fill("Read our password policy");
  await admin.page.getByLabel("Web address").fill("not a web address");
  await admin.page.getByRole("button", { name: "Add step" }).click();
  await expect(admin.page.getByRole("alert")).toContainText("paste the full web address");
  await admin.page.getByLabel("Web address").fill("https://example.com/passwords");
  await admin.page.getByRole("button", { name: "Add step" }).click();
  await expect(admin.page.getByRole("link", { name: "Read our password policy" })).toBeVisible();
  // Courses, items and groups are picked by name.
  await admin.page.getByLabel("Step kind").selectOption("course");
  await admin.page.getByLabel("Required or optional").selectOption("optional");
  await admin.page.getByLabel("Step title").fill("");
  await admin.page.getByRole("combobox", { name: "Course", exact: true }).selectOption({ label: "Wellspring in ten minutes" });
  await admin.page.getByRole("button", { name: "Add step" }).click();
  const steps = admin.page.getByRole("region", { name: "Change the steps" });
  await expect(steps).toContainText('2. Take the course "Wellspring in ten minutes"');
  await steps.getByRole("button", { name: "Move step 2 up" }).click();
  await expect(steps).toContainText('1. Take the course "Wellspring in ten minutes"');
  await expect(steps.getByRole("button", { name: "Move step 1 up" })).toBeDisabled();
  await expect(steps.getByRole("button", { name: "Move step 1 down" })).toBeFocused();
  // A library item's field offers published items by title and names the one chosen.
  await admin.page.getByLabel("Step kind").selectOption("read");
  await admin.page.getByLabel("Required or optional").selectOption("optional");
  const article = await admin.page.locator('#published-items option[label="Writing alt text that helps"]').getAttribute("value");
  await admin.page.getByLabel("Library item").fill(article ?? "");
  await expect(admin.page.getByRole("status").filter({ hasText: "Chosen: Writing alt text that helps" })).toBeVisible();
  await admin.page.getByRole("button", { name: "Add step" }).click();
  await expect(steps).toContainText('3. Read "Writing alt text that helps"');

  await admin.page.getByLabel("Assign to").selectOption("person");
  await admin.page.getByLabel("Person's email").fill("kenji@example.com");
  await admin.page.getByLabel("Due date").fill("2027-01-15");
  await admin.page.getByRole("button", { name: "Assign path" }).click();
  await expect(admin.page.getByRole("list", { name: "Assignments" })).toContainText("Kenji Watanabe (kenji@example.com)");
  await expectAccessible(admin.page);
  // Completing it will earn a badge.
  await admin.page.getByRole("combobox", { name: "Badge", exact: true }).selectOption({ label: "Onboarded" });
  await admin.page.getByRole("button", { name: "Save badge" }).click();
  await expect(admin.page.getByText("Completing it earns the badge Onboarded.")).toBeVisible();

  const colleague = await person(browser, "kenji@example.com");
  await colleague.page.getByRole("link", { name: "Learning", exact: true }).click();
  const tile = colleague.page.getByRole("listitem").filter({ hasText: title });
  await expect(tile).toContainText("due 2027-01-15");
  await tile.getByRole("link", { name: title }).click();
  await hydrated(colleague.page);
  await expect(colleague.page.getByRole("listitem").filter({ hasText: "Wellspring in ten minutes" })).toContainText("Optional");
  await colleague.page.getByRole("button", { name: "Mark as done" }).click();
  await expect(colleague.page.getByRole("progressbar", { name: "Your progress on this path" })).toHaveAttribute("aria-valuenow", "100");
  await colleague.page.goto("/notifications");
  await colleague.page.getByRole("link", { name: "You earned a badge" }).first().click();
  await expect(colleague.page.getByRole("list", { name: "Badges" })).toContainText(`Completed the learning path “${title}”`);
  // Asking again awards nobody twice.
  await admin.page.getByRole("button", { name: "Award it to everyone who has completed the path" }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: "Nobody else has completed it yet." })).toBeVisible();

  // Withdrawn, the path leaves the colleague's list.
  await admin.page.getByRole("list", { name: "Assignments" }).getByRole("button", { name: "Withdraw" }).click();
  await expect(admin.page.getByRole("list", { name: "Assignments" })).not.toContainText("Kenji Watanabe");
  await colleague.page.getByRole("link", { name: "Learning", exact: true }).click();
  await expect(colleague.page.getByRole("heading", { name: "My learning" })).toBeVisible();
  await expect(colleague.page.getByRole("listitem").filter({ hasText: title })).toHaveCount(0);
  for (const who of [admin, colleague]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("a path due in two days reminds its assignee, live and by email, and the reminder leads to the path", async ({ browser }) => {
  const title = `Expense basics ${unique()}`;
  const learner = await person(browser, "priya@example.com");
  await learner.page.goto("/notifications");
  await hydrated(learner.page);
  const admin = await person(browser, ADMIN.email);
  await admin.page.goto("/paths");
  await hydrated(admin.page);
  await admin.page.getByLabel("Title").fill(title);
  await admin.page.getByRole("button", { name: "Create path" }).click();
  await expect(admin.page.getByRole("heading", { name: title })).toBeVisible();
  await hydrated(admin.page);
  await admin.page.getByLabel("Step kind").selectOption("link");
  await admin.page.getByLabel("Step title").fill("Read the expense policy");
  await admin.page.getByLabel("Web address").fill("https://example.com/expenses");
  await admin.page.getByRole("button", { name: "Add step" }).click();
  await expect(admin.page.getByRole("link", { name: "Read the expense policy" })).toBeVisible();
  // The server counts days in UTC.
  const due = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await admin.page.getByLabel("Assign to").selectOption("person");
  await admin.page.getByLabel("Person's email").fill("priya@example.com");
  await admin.page.getByLabel("Due date").fill(due);
  await admin.page.getByRole("button", { name: "Assign path" }).click();
  await expect(admin.page.getByRole("list", { name: "Assignments" })).toContainText("Priya Raman");

  // The learner's open notification page hears of the assignment, then of the reminder, which
  // the server works out on its next round of scheduled work (every ten seconds).
  const words = `Your learning path “${title}” is due soon`;
  const reminder = learner.page.getByRole("listitem").filter({ hasText: words });
  await expect(reminder).toContainText("Next step: Read the expense policy", { timeout: 25_000 });
  await expect(learner.page.getByRole("listitem").filter({ hasText: `assigned you the learning path “${title}”` })).toBeVisible();
  await expect.poll(async () => (await emailsTo("priya@example.com")).some((mail) => mail.subject === words)).toBe(true);
  await reminder.getByRole("link").first().click();
  await expect(learner.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expectAccessible(learner.page);
  for (const who of [admin, learner]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("@no-js my learning, a path and its progress table work as plain pages and forms", async ({ browser }) => {
  const learner = await person(browser, "kenji@example.com");
  await learner.page.getByRole("link", { name: "Learning", exact: true }).click();
  const tile = learner.page.getByRole("listitem").filter({ hasText: "Welcome aboard" });
  await expect(tile).toContainText("Required");
  await tile.getByRole("link", { name: "Welcome aboard" }).click();
  await expect(learner.page.getByRole("heading", { name: "Steps" })).toBeVisible();
  await expect(learner.page.getByRole("listitem").filter({ hasText: "Introduce yourself to your cohort" })).toContainText("Done.");

  const facilitator = await person(browser, "lena@example.com");
  await facilitator.page.getByRole("link", { name: "Learning", exact: true }).click();
  await facilitator.page.getByRole("link", { name: "Progress on Welcome aboard" }).click();
  await facilitator.page.getByLabel("Name or email").fill("kenji");
  await facilitator.page.getByRole("button", { name: "Filter" }).click();
  await expect(facilitator.page).toHaveURL(/name=kenji/);
  await expect(facilitator.page.getByRole("row").filter({ hasText: "Kenji Watanabe" })).toBeVisible();
  await expect(facilitator.page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", /progress\.csv\?name=kenji/);
  for (const who of [learner, facilitator]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});
