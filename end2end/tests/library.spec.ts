import { expect } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, hydrated, person, signIn, test, unique } from "./helpers";

// The demo's library: Lena edits the Company handbook, Jonas is an expert in security, Kenji reads.
const EDITOR = "lena@example.com";
const EXPERT = "jonas@example.com";
const READER = "kenji@example.com";

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
  await expect(expert.page).toHaveURL(/\/library\/items\/\d+$/);
  await hydrated(expert.page);
  await expect(expert.page.getByRole("heading", { name: "Review", exact: true })).toBeVisible();
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

  // The editor sees the history and can bring the first version back as the newest.
  await editor.page.reload();
  await hydrated(editor.page);
  await editor.page.getByText("Versions").click();
  await expect(editor.page.getByText(/Version 2 · .* — Added Windows/)).toBeVisible();
  await editor.page.getByText(/^Version 1 · /).click();
  await editor.page.getByRole("button", { name: "Restore this version" }).first().click();
  await expect(editor.page.getByText("Version 3", { exact: false }).first()).toBeVisible();
  await expect(editor.page.getByText("Due for review")).toBeVisible();

  for (const who of [editor, expert, reader]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test("an editor uploads a video with its progress shown, and it is served in seekable ranges", async ({ page }) => {
  await signIn(page, EDITOR, DEMO_PASSWORD);
  await page.goto("/library/new");
  await hydrated(page);
  const title = `Phishing in three minutes ${unique()}`;
  await page.getByLabel("Kind").selectOption("video");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Topic").fill("security");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await hydrated(page);

  // Content decides the type: a text file named .mp4 is refused in words.
  const video = page.getByLabel(/^Video/);
  await video.setInputFiles({ name: "clip.mp4", mimeType: "video/mp4", buffer: Buffer.from("not a video at all") });
  await page.getByRole("button", { name: "Upload" }).first().click();
  await expect(page.getByRole("alert")).toContainText("isn't a kind this item takes");

  const header = Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]);
  const mp4 = Buffer.concat([header, Buffer.alloc(3 * 1024 * 1024, 7)]);
  await hydrated(page);
  await page.getByLabel(/^Video/).setInputFiles({ name: "phishing.mp4", mimeType: "video/mp4", buffer: mp4 });
  // A slow connection, so the progress can be seen.
  const network = await page.context().newCDPSession(page);
  await network.send("Network.enable");
  await network.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 1024 * 1024,
  });
  await page.getByRole("button", { name: "Upload" }).first().click();
  await expect(page.getByRole("status").filter({ hasText: /Uploading… \d+%/ })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Upload progress" })).toBeVisible();
  await expect(page.locator("video.player")).toBeVisible({ timeout: 30_000 });
  await network.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(page.getByRole("alert")).toHaveCount(0);
  const source = await page.locator("video.player").getAttribute("src");
  const part = await page.request.get(source!, { headers: { Range: "bytes=4-7" } });
  expect(part.status()).toBe(206);
  expect(part.headers()["content-range"]).toBe(`bytes 4-7/${mp4.length}`);
  expect((await part.body()).toString()).toBe("ftyp");
});

test("the library and an item read without JavaScript @both", async ({ page }) => {
  await signIn(page, READER, DEMO_PASSWORD);
  await page.goto("/library");
  await expect(page.getByRole("link", { name: "Engineering" }).first()).toBeVisible();
  await page.getByRole("link", { name: "Writing alt text that helps" }).click();
  await expect(page.getByRole("heading", { name: "Writing alt text that helps" })).toBeVisible();
  await expect(page.getByText("Decorative images get empty alt text.")).toBeVisible();
});
