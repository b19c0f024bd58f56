import { expect } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, expectAccessible, hydrated, signIn, signOut, test, unique, watchErrors } from "./helpers";

test("an admin invites a new hire, who joins, fills in a profile and is found in the directory", async ({ browser }) => {
  const id = unique();
  const newHire = { name: `Noor Haddad ${id}`, email: `noor.${id}@example.com`, password: "my first day at work" };

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminErrors = watchErrors(admin);
  await signIn(admin, ADMIN.email, DEMO_PASSWORD);
  await admin.getByRole("link", { name: "Admin", exact: true }).click();
  await expect(admin.getByRole("heading", { name: "Manage people" })).toBeVisible();
  await expectAccessible(admin);

  const form = admin.getByRole("region", { name: "Invite a person" });
  await form.getByLabel("Work email").fill(newHire.email);
  await form.getByLabel("Name").fill(newHire.name);
  await form.getByLabel("Department").fill("Research");
  await form.getByLabel("Start date").fill("2026-12-01");
  await form.getByLabel("Manager's email").fill(ADMIN.email);
  await form.getByRole("button", { name: "Create invitation" }).click();
  await expect(form.getByRole("status")).toContainText(`${newHire.name} is invited`);
  const link = await form.getByLabel("Invitation link (works once, for 14 days)").inputValue();
  expect(link).toContain("/invite/");

  const hireContext = await browser.newContext();
  const hire = await hireContext.newPage();
  const hireErrors = watchErrors(hire);
  await hire.goto(link);
  await expect(hire.getByRole("heading", { name: `Welcome to Wellspring, Noor!` })).toBeVisible();
  await expectAccessible(hire);
  await hire.getByLabel("New password").fill(newHire.password);
  await hire.getByLabel("Type it again").fill("not the same password");
  await hire.getByRole("button", { name: "Join Wellspring" }).click();
  await expect(hire.getByRole("alert")).toContainText("don't match");
  // The page is a plain form: like any, it never sends passwords back, so both are typed again.
  await hire.getByLabel("New password").fill(newHire.password);
  await hire.getByLabel("Type it again").fill(newHire.password);
  await hire.getByRole("button", { name: "Join Wellspring" }).click();
  await expect(hire.getByRole("heading", { name: "Welcome, Noor" })).toBeVisible();
  await expect(hire.getByRole("progressbar", { name: "Profile complete" })).toHaveAttribute("aria-valuenow", "16");
  await expectAccessible(hire);

  await hire.getByRole("link", { name: "Complete your profile" }).click();
  await expect(hire.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await hydrated(hire);
  await hire.getByLabel("Job title").fill("Research Scientist");
  await hire.getByLabel("Skills").fill("Statistics, Python");
  await hire.getByLabel("About you").fill("Ask me about experiments.");
  await hire.getByLabel("Manager's email").fill("ghost@example.com");
  await hire.getByRole("button", { name: "Save profile" }).click();
  await expect(hire.getByRole("alert")).toContainText("nobody with the email ghost@example.com");
  await expect(hire.getByLabel("Job title")).toHaveValue("Research Scientist");
  await hire.getByLabel("Manager's email").fill(ADMIN.email);
  await hire.getByRole("button", { name: "Save profile" }).click();
  await expect(hire.getByRole("heading", { name: newHire.name })).toBeVisible();
  await expect(hire.getByText("Research Scientist")).toBeVisible();
  await expect(hire.getByRole("list", { name: "Skills" })).toContainText("statistics");
  await expect(hire.getByRole("link", { name: ADMIN.name })).toBeVisible();

  await hire.getByRole("link", { name: "People", exact: true }).click();
  await hire.getByRole("searchbox", { name: "Search", exact: true }).fill(`Haddad ${id}`);
  await hire.getByRole("button", { name: "Search" }).click();
  const results = hire.getByRole("list", { name: "People", exact: true });
  await expect(results.getByRole("listitem")).toHaveCount(1);
  await expect(results).toContainText("Research Scientist");
  await hire.getByLabel("Skill").selectOption("statistics");
  await hire.getByRole("button", { name: "Search" }).click();
  await expect(results).toContainText(newHire.name);
  await expectAccessible(hire);

  // The link worked once; now it says so.
  const again = await browser.newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This invitation has been used" })).toBeVisible();

  await signOut(hire);
  await signIn(hire, newHire.email, newHire.password);
  expect([...adminErrors, ...hireErrors]).toEqual([]);
  await adminContext.close();
  await hireContext.close();
});

test("an admin imports people from a CSV file and sees which rows were refused", async ({ page }) => {
  const id = unique();
  await signIn(page, ADMIN.email, DEMO_PASSWORD);
  await page.goto("/admin/people");
  await hydrated(page);
  const csv = [
    "email,name,department,start_date",
    `rosa.${id}@example.com,Rosa Park ${id},Support,2026-12-07`,
    `broken-${id},Bad Row,Support,`,
    `ike.${id}@example.com,Ike Obi ${id},Support,07/12/2026`,
  ].join("\n");
  const region = page.getByRole("region", { name: "Import from a spreadsheet" });
  await region.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await region.getByRole("button", { name: "Import people" }).click();
  await expect(region.getByRole("status")).toContainText("1 invited, 0 already here, 2 rows with problems.");
  const problems = region.getByRole("table");
  await expect(problems.getByRole("row")).toHaveCount(3);
  await expect(problems).toContainText("start_date");

  await region.getByRole("button", { name: "Import people" }).click();
  await expect(region.getByRole("status")).toContainText("0 invited, 1 already here, 2 rows with problems.");
  await expect(page.getByRole("list", { name: "Accounts" })).toContainText(`Rosa Park ${id}`);
});
