import { expect } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, signIn, test, unique } from "./helpers";

// Home's composer is drawn by the server and sent by Home: this journey runs with JavaScript on and
// again with it off.
test("@both an admin's announcement on Home asks how long to pin it, is refused while empty, then tops the feed", async ({ page }) => {
  const words = `Town hall moves to Thursday ${unique()}`;
  await signIn(page, ADMIN.email, DEMO_PASSWORD);
  const composer = page.getByRole("region", { name: "Write a post" });
  const pinFor = composer.getByLabel("Pinned for (days)");

  // How long to pin is asked for announcements only, by the style sheet alone.
  await expect(pinFor).toBeHidden();
  await composer.getByLabel("Kind").selectOption("announcement");
  await expect(pinFor).toBeVisible();
  await expect(pinFor).toHaveValue("7");

  // Nothing to say is refused in words, in the composer.
  await composer.getByLabel("What would you like to share?").fill("   ");
  await composer.getByRole("button", { name: "Post", exact: true }).click();
  await expect(composer.getByRole("alert")).toContainText("Write something before you post.");

  await composer.getByLabel("What would you like to share?").fill(words);
  await composer.getByLabel("Kind").selectOption("announcement");
  await pinFor.fill("2");
  await composer.getByRole("button", { name: "Post", exact: true }).click();
  const pinned = page.getByRole("region", { name: "Pinned" }).getByRole("article").filter({ hasText: words });
  await expect(pinned).toBeVisible();
  // The composer is ready for the next post, and the refusal is gone.
  await expect(composer.getByLabel("What would you like to share?")).toHaveValue("");
  await expect(composer.getByLabel("Kind")).toHaveValue("post");
  await expect(pinFor).toBeHidden();
  await expect(composer.getByRole("alert")).toHaveCount(0);

  // Taken down again, so the company's Home is as the other journeys expect it.
  await pinned.getByRole("button", { name: "Delete" }).click();
  await expect(pinned).toHaveCount(0);
});
