import { expect } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, expectAccessible, hydrated, signIn, test, watchErrors } from "./helpers";

const MEMBER = { email: "mateo@example.com", name: "Mateo García" };

test("an admin names an expert, changes a role, and deactivation signs the person out at once", async ({ browser }) => {
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  const memberErrors = watchErrors(member);
  await signIn(member, MEMBER.email, DEMO_PASSWORD);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminErrors = watchErrors(admin);
  await signIn(admin, ADMIN.email, DEMO_PASSWORD);
  await admin.goto("/people?text=mateo");
  await admin.getByRole("link", { name: MEMBER.name }).click();
  await expect(admin.getByRole("heading", { name: MEMBER.name })).toBeVisible();
  await hydrated(admin);
  await expectAccessible(admin);

  const account = admin.getByRole("region", { name: "Account" });
  await account.getByLabel("Expert in").fill("Negotiation, Pricing");
  await account.getByRole("button", { name: "Save topics" }).click();
  await expect(admin.getByRole("list", { name: "Expert in" })).toContainText("pricing");

  await account.getByLabel("Role").selectOption("Admin");
  await account.getByRole("button", { name: "Save role" }).click();
  await expect(admin.getByText("Admin · Active")).toBeVisible();
  await admin.getByRole("region", { name: "Account" }).getByLabel("Role").selectOption("Member");
  await admin.getByRole("region", { name: "Account" }).getByRole("button", { name: "Save role" }).click();
  await expect(admin.getByText("Member · Active")).toBeVisible();

  await admin.getByRole("button", { name: "Deactivate account" }).click();
  await expect(admin.getByText("Member · Deactivated")).toBeVisible();

  // The member's next step finds the session gone, and signing in again is refused.
  await member.goto("/people");
  await expect(member).toHaveURL(/\/sign-in/);
  await member.getByLabel("Work email").fill(MEMBER.email);
  await member.getByLabel("Password").fill(DEMO_PASSWORD);
  await member.getByRole("button", { name: "Sign in" }).click();
  await expect(member.getByRole("alert")).toContainText("don't match an account");

  await admin.getByRole("button", { name: "Reactivate account" }).click();
  await expect(admin.getByText("Member · Active")).toBeVisible();
  await signIn(member, MEMBER.email, DEMO_PASSWORD);

  expect([...memberErrors, ...adminErrors]).toEqual([]);
  await memberContext.close();
  await adminContext.close();
});
