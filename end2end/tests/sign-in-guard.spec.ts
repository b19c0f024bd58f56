import { expect, request } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, signIn, test, unique } from "./helpers";

test("a stranger guessing at someone's email slows other browsers but never the person's own", async ({ browser, baseURL }) => {
  const id = unique();
  const email = `guarded.${id}@example.com`;
  const password = "my own long password";
  const origin = { Origin: baseURL! };

  // An admin invites someone, who joins in a browser of their own.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.email, DEMO_PASSWORD);
  const invited = await admin.request.post("/api/invite_person", {
    headers: origin,
    form: {
      "person[email]": email,
      "person[name]": `Guarded ${id}`,
      "person[title]": "",
      "person[department]": "",
      "person[location]": "",
      "person[start_date]": "",
      "person[manager_email]": "",
    },
  });
  expect(invited.ok()).toBe(true);
  const { link } = await invited.json();
  const ownContext = await browser.newContext();
  const own = await ownContext.newPage();
  await own.goto(link);
  await own.getByLabel("New password").fill(password);
  await own.getByLabel("Type it again").fill(password);
  await own.getByRole("button", { name: "Join Wellspring" }).click();
  await expect(own.getByRole("link", { name: "Home", exact: true })).toBeVisible();
  await ownContext.clearCookies({ name: "wellspring_session" });

  // A stranger guesses at the email.
  const stranger = await request.newContext({ baseURL });
  for (let guess = 0; guess < 8; guess++) {
    const answer = await stranger.post("/api/sign_in", { headers: origin, form: { email, password: `guess ${guess}` } });
    expect([401, 429]).toContain(answer.status());
  }
  await stranger.dispose();

  // A browser the person never used must wait, and is told so in words.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await other.goto("/sign-in");
  await other.getByLabel("Work email").fill(email);
  await other.getByLabel("Password").fill(password);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("alert")).toContainText("a lot in a short time");

  // Their own browser signs them in.
  await signIn(own, email, password);
  await Promise.all([adminContext.close(), ownContext.close(), otherContext.close()]);
});
