import { expect } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, emailsTo, expectAccessible, hydrated, person, signIn, test, unique } from "./helpers";

const AUTHOR = { email: "priya@example.com", name: "Priya Raman" };
const COLLEAGUE = { email: "kenji@example.com", name: "Kenji Watanabe" };

test.describe.configure({ mode: "serial" });

test("an invitation reaches the new hire by email, whose link lets them join", async ({ browser }) => {
  const id = unique();
  const hireEmail = `lena.${id}@example.com`;
  const admin = await person(browser, ADMIN.email);
  await admin.page.getByRole("link", { name: "Admin", exact: true }).click();
  const form = admin.page.getByRole("region", { name: "Invite a person" });
  await form.getByLabel("Work email").fill(hireEmail);
  await form.getByLabel("Name").fill(`Lena Berg ${id}`);
  await form.getByRole("button", { name: "Create invitation" }).click();
  await expect(form.getByRole("status")).toContainText("is invited");

  const [invitation] = await emailsTo(hireEmail);
  expect(invitation.subject).toBe(`${ADMIN.name} invited you to Wellspring`);
  expect(invitation.listUnsubscribe).toBeNull();
  const link = invitation.text.match(/https?:\/\/\S+\/invite\/\S+/)![0];

  const hireContext = await browser.newContext();
  const hire = await hireContext.newPage();
  await hire.goto(link);
  await expect(hire.getByRole("heading", { name: "Welcome to Wellspring, Lena!" })).toBeVisible();
  await hire.getByLabel("New password").fill("a long first-day password");
  await hire.getByLabel("Type it again").fill("a long first-day password");
  await hire.getByRole("button", { name: "Join Wellspring" }).click();
  await expect(hire.getByRole("heading", { name: "Welcome, Lena" })).toBeVisible();

  // The admin finds it in the outbox, sent.
  await admin.page.getByRole("link", { name: "See the email outbox" }).click();
  await expect(admin.page.getByRole("heading", { level: 1, name: "Email outbox" })).toBeVisible();
  const sent = admin.page.getByRole("list", { name: "Emails" }).getByRole("listitem").filter({ hasText: hireEmail });
  await expect(sent).toContainText("Sent");
  await expectAccessible(admin.page);
  expect(admin.errors).toEqual([]);
  await Promise.all([admin.close(), hireContext.close()]);
});

test("@both a notification email's link unsubscribes in one step, and the choice shows in email settings", async ({ page, browser }) => {
  const words = `Is there a parking guide? ${unique()}`;
  const author = await person(browser, AUTHOR.email);
  const origin = new URL(author.page.url()).origin;
  const created = await author.page.request.post("/api/create_post", {
    headers: { Origin: origin },
    form: { "post[group]": "", "post[kind]": "question", "post[body]": words, "post[pin_days]": "" },
  });
  const { id } = await created.json();
  const settings = async (cadence: string) => {
    await author.page.request.post("/api/set_email_choice", { headers: { Origin: origin }, form: { kind: "comment", cadence } });
  };
  await settings("instant");
  const before = (await emailsTo(AUTHOR.email, 0)).length;
  const colleague = await person(browser, COLLEAGUE.email);
  await colleague.page.request.post("/api/add_comment", {
    headers: { Origin: origin },
    form: { post: String(id), body: "Yes, on the intranet" },
  });
  await colleague.close();
  const mails = await emailsTo(AUTHOR.email, before + 1);
  const mail = mails.find((m) => m.subject.includes(words))!;
  expect(mail.subject).toBe(`${COLLEAGUE.name} commented on your post “${words}”`);
  expect(mail.listUnsubscribe).toContain("/email/unsubscribe?token=");
  const stop = mail.text.match(/Stop emails like this one: (\S+)/)![1];

  // Opened from the email, signed out: one button, and it says what stopped.
  await page.goto(stop);
  await expect(page.getByRole("heading", { name: "Stop these emails?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "You're unsubscribed" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Comments on your posts");

  // The author's settings show it, and can turn it back on.
  await signIn(page, AUTHOR.email, DEMO_PASSWORD);
  await page.goto("/notifications");
  await page.getByRole("link", { name: "Email settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email settings" })).toBeVisible();
  await hydrated(page);
  const choice = page.getByRole("combobox", { name: "Comments on your posts" });
  await expect(choice).toHaveValue("never");
  await choice.selectOption("instant");
  await page.getByRole("button", { name: "Save: Comments on your posts" }).click();
  await expect(choice).toHaveValue("instant");
  await page.reload();
  await expect(choice).toHaveValue("instant");
  expect(author.errors).toEqual([]);
  await author.close();
});
