import { expect, type Browser } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, hydrated, signIn, test, unique, watchErrors } from "./helpers";

// The demo's library: Lena edits the Company handbook, Jonas is an expert in security, Kenji reads.
const EDITOR = "lena@example.com";
const EXPERT = "jonas@example.com";
const READER = "kenji@example.com";

async function person(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, email, DEMO_PASSWORD);
  return { page, errors, close: () => context.close() };
}

test.describe.configure({ mode: "serial" });

test("an editor drafts an article, an expert approves it, and a colleague finds it by search and rates it", async ({ browser }) => {
  const title = `Locking your screen ${unique()}`;

  const editor = await person(browser, EDITOR);
  await editor.page.getByRole("link", { name: "Library" }).click();
  await expect(editor.page.getByRole("heading", { name: "Library", exact: true })).toBeVisible();
  await expect(editor.page.getByRole("link", { name: "Writing alt text that helps" })).toBeVisible();
  await expectAccessible(editor.page);
  await editor.page.getByRole("link", { name: "New item" }).click();
  await hydrated(editor.page);
  await editor.page.getByLabel("Title").fill(title);
  await editor.page.getByLabel("Summary").fill("Why and how to lock your screen when you step away.");
  await editor.page.getByLabel("Topic").fill("Security");
  await editor.page.getByLabel("Text (Markdown)").fill("Press **Super+L** (or Ctrl+Cmd+Q on a Mac) every time you stand up.");
  await editor.page.getByRole("button", { name: "Save draft" }).click();
  await expect(editor.page.getByRole("heading", { name: title })).toBeVisible();
  await expect(editor.page.getByText("Draft", { exact: true })).toBeVisible();
  await expectAccessible(editor.page);
  await editor.page.getByRole("button", { name: "Send for review" }).click();
  await expect(editor.page.getByText("In review", { exact: true })).toBeVisible();
  const itemUrl = editor.page.url();

  // The expert finds it on their desk, sends it back once, then approves the fix.
  const expert = await person(browser, EXPERT);
  await expert.page.goto("/library/desk");
  const waiting = expert.page.getByRole("region", { name: "Waiting for your review" });
  await waiting.getByRole("link", { name: title }).click();
  await hydrated(expert.page);
  await expect(expert.page.getByRole("heading", { name: "Review" })).toBeVisible();
  await expectAccessible(expert.page);
  await expert.page.getByRole("button", { name: "Send back" }).click();
  await expect(expert.page.getByRole("alert")).toContainText("Say what to change");
  await expert.page.getByLabel("Comment").fill("Mention the Windows shortcut too.");
  await expert.page.getByRole("button", { name: "Send back" }).click();
  await expect(expert.page).toHaveURL(/\/library\/desk$/);
  await expect(waiting.getByRole("link", { name: title })).toHaveCount(0);

  await editor.page.reload();
  await hydrated(editor.page);
  await expect(editor.page.getByText("Draft", { exact: true })).toBeVisible();
  await expect(editor.page.getByText("Mention the Windows shortcut too.")).toBeVisible();
  await editor.page.getByRole("link", { name: "Edit" }).click();
  await hydrated(editor.page);
  await editor.page.getByLabel("Text (Markdown)").fill("Press **Win+L** on Windows, **Super+L** on Linux, **Ctrl+Cmd+Q** on a Mac.");
  await editor.page.getByLabel("What changed").fill("Added Windows");
  await editor.page.getByRole("button", { name: "Save new version" }).click();
  await expect(editor.page.getByRole("heading", { name: title })).toBeVisible();
  await editor.page.getByRole("button", { name: "Send for review" }).click();
  await expect(editor.page.getByText("In review", { exact: true })).toBeVisible();

  await expert.page.goto(itemUrl);
  await hydrated(expert.page);
  await expert.page.getByRole("button", { name: "Approve and publish" }).click();
  await expect(expert.page.getByText("Published", { exact: true })).toBeVisible();

  // A colleague finds it by searching, reads it and finds it helpful.
  const reader = await person(browser, READER);
  await reader.page.getByRole("searchbox", { name: "Search Wellspring" }).fill("lock screen");
  await reader.page.keyboard.press("Enter");
  await expect(reader.page.getByRole("heading", { name: "Search", exact: true })).toBeVisible();
  const hit = reader.page.getByRole("listitem").filter({ hasText: title });
  await expect(hit.locator("mark").first()).toBeVisible();
  await expectAccessible(reader.page);
  await hit.getByRole("link", { name: title }).click();
  await hydrated(reader.page);
  await expect(reader.page.getByText("Win+L")).toBeVisible();
  await reader.page.getByRole("button", { name: /^Helpful/ }).click();
  await expect(reader.page.getByRole("button", { name: /Helpful · 1/ })).toHaveAttribute("aria-pressed", "true");
  await expect(reader.page.getByRole("heading", { name: "Manage" })).toHaveCount(0);
  await expectAccessible(reader.page);

  // The editor sees the history: three versions, the middle one restorable.
  await editor.page.reload();
  await hydrated(editor.page);
  await editor.page.getByText("Versions").click();
  await expect(editor.page.getByText(/Version 2 · .* — Added Windows/)).toBeVisible();

  for (const who of [editor, expert, reader]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("the library and an item read without JavaScript @both", async ({ page }) => {
  await signIn(page, READER, DEMO_PASSWORD);
  await page.goto("/library");
  await expect(page.getByRole("link", { name: "Engineering" }).first()).toBeVisible();
  await page.getByRole("link", { name: "Writing alt text that helps" }).click();
  await expect(page.getByRole("heading", { name: "Writing alt text that helps" })).toBeVisible();
  await expect(page.getByText("Decorative images get empty alt text.")).toBeVisible();
});
