import { expect } from "@playwright/test";
import { ADMIN, emailsTo, expectAccessible, hydrated, person, test, unique } from "./helpers";

test("L&D writes an onboarding email; a new hire gets it on their first day and follows it, and the report counts it", async ({ browser }) => {
  const id = unique();
  const department = `Field Research ${id}`;
  const hireEmail = `ada.${id}@example.com`;
  const admin = await person(browser, ADMIN.email);
  await admin.page.getByRole("link", { name: "Admin", exact: true }).click();
  await admin.page.getByRole("link", { name: "Onboarding emails" }).click();
  await expect(admin.page.getByRole("heading", { level: 1, name: "Onboarding emails" })).toBeVisible();
  await hydrated(admin.page);
  const start = admin.page.getByRole("region", { name: "Start a campaign" });
  await start.getByLabel("Name").fill(`Field team welcome ${id}`);
  await start.getByLabel("Department").fill(department);
  await start.getByRole("button", { name: "Start campaign" }).click();
  await expect(admin.page.getByRole("heading", { level: 1, name: `Field team welcome ${id}` })).toBeVisible();
  await hydrated(admin.page);

  // A placeholder that does not exist is refused, and what was typed stays.
  const add = admin.page.getByRole("region", { name: "Add an email" });
  await add.getByLabel("Subject").fill("Welcome, {firstname}!");
  await add.getByLabel("Email (Markdown)").fill("Your manager {manager} will meet you at 10.");
  await add.getByRole("button", { name: "Add email" }).click();
  await expect(add.getByRole("alert")).toContainText("there is no placeholder {firstname}");
  await add.getByLabel("Subject").fill("Welcome, {first_name}!");
  await add.getByRole("button", { name: "Add email" }).click();
  const emails = admin.page.getByRole("list", { name: "Emails" });
  await expect(emails.getByRole("listitem")).toHaveCount(1);
  await expect(emails).toContainText("On the start date");
  await expectAccessible(admin.page);

  // The hire is invited with today as their start date, and joins.
  await admin.page.goto("/admin/people");
  await hydrated(admin.page);
  const invite = admin.page.getByRole("region", { name: "Invite a person" });
  await invite.getByLabel("Work email").fill(hireEmail);
  await invite.getByLabel("Name").fill(`Ada Lovelace ${id}`);
  await invite.getByLabel("Department").fill(department);
  await invite.getByLabel("Start date").fill(new Date().toISOString().slice(0, 10));
  await invite.getByLabel("Manager's email").fill(ADMIN.email);
  await invite.getByRole("button", { name: "Create invitation" }).click();
  await expect(invite.getByRole("status")).toContainText("is invited");
  const [invitation] = await emailsTo(hireEmail);
  const hireContext = await browser.newContext();
  const hire = await hireContext.newPage();
  await hire.goto(invitation.text.match(/https?:\/\/\S+\/invite\/\S+/)![0]);
  await hire.getByLabel("New password").fill("a long first-day password");
  await hire.getByLabel("Type it again").fill("a long first-day password");
  await hire.getByRole("button", { name: "Join Wellspring" }).click();
  await expect(hire.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();

  // Within moments the day-0 email arrives, filled in for them; its button opens My learning.
  const [, welcome] = await emailsTo(hireEmail, 2);
  expect(welcome.subject).toBe("Welcome, Ada!");
  expect(welcome.text).toContain(`Your manager ${ADMIN.name} will meet you at 10.`);
  expect(welcome.listUnsubscribe).toContain("/email/unsubscribe?token=");
  await hire.goto(welcome.text.match(/https?:\/\/\S+\/c\/\S+/)![0]);
  await expect(hire).toHaveURL(/\/learning$/);

  await admin.page.goto("/admin/campaigns");
  await admin.page.getByRole("link", { name: `Field team welcome ${id}` }).click();
  await expect(admin.page.getByRole("list", { name: "Emails" })).toContainText("Sent to 1 · followed its link: 1 of 1 (100%)");
  expect(admin.errors).toEqual([]);
  await Promise.all([admin.close(), hireContext.close()]);
});
