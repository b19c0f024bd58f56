import { expect, type Page } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, hydrated, signIn, test } from "./helpers";

/** The wasm modules the page has asked for so far, by file name. */
function wasmRequests(page: Page): string[] {
  const names: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/pkg/") && url.pathname.endsWith(".wasm")) {
      names.push(url.pathname.split("/").pop() ?? "");
    }
  });
  return names;
}

// Each area of the top bar, the heading its page opens with, the split point its code comes with
// (one for learning, one for the community), and something to do there.
const AREAS: { link: string; heading: string; chunk: string; use: (page: Page) => Promise<void> }[] = [
  {
    link: "Learning",
    chunk: "learning_area",
    heading: "My learning",
    use: async (page) => {
      await page.getByRole("link", { name: "Welcome aboard" }).first().click();
      await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
    },
  },
  {
    link: "Groups",
    chunk: "community_area",
    heading: "Groups",
    use: async (page) => {
      await page.getByRole("link", { name: "Engineering Guild" }).first().click();
      await expect(page.getByRole("heading", { name: "Engineering Guild" })).toBeVisible();
    },
  },
  {
    link: "Library",
    chunk: "learning_area",
    heading: "Library",
    use: async (page) => {
      await expect(page.getByRole("link", { name: /handbook/i }).first()).toBeVisible();
    },
  },
  {
    link: "Courses",
    chunk: "learning_area",
    heading: "Courses",
    use: async (page) => {
      await page.getByRole("link", { name: "Wellspring in ten minutes" }).first().click();
      await expect(page.getByRole("heading", { name: "Wellspring in ten minutes" })).toBeVisible();
    },
  },
  {
    link: "People",
    chunk: "community_area",
    heading: "People",
    use: async (page) => {
      await page.getByRole("link", { name: "Jonas Lindqvist" }).first().click();
      await expect(page.getByRole("heading", { name: "Jonas Lindqvist" })).toBeVisible();
    },
  },
  {
    link: "Badges",
    chunk: "community_area",
    heading: "Badges",
    use: async (page) => {
      await expect(page.getByRole("button", { name: "Make badge" })).toBeVisible();
    },
  },
  {
    link: "Live",
    chunk: "community_area",
    heading: "Live sessions",
    use: async (page) => {
      await page.getByRole("link", { name: "Town hall: where we go in 2027" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Town hall: where we go in 2027" })).toBeVisible();
    },
  },
  {
    link: "Admin",
    chunk: "community_area",
    heading: "Manage people",
    use: async (page) => {
      await expect(page.locator("main form").first()).toBeVisible();
    },
  },
  {
    link: "Moderation",
    chunk: "community_area",
    heading: "Moderation",
    use: async () => {},
  },
];

test("the first visit loads only the shell and its page; each area's code arrives when it is first opened", async ({ page }) => {
  const wasm = wasmRequests(page);
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname.split("/").pop()!);
  });
  // Signing in is a plain form: the page comes without the app's code, and works.
  await page.goto("/sign-in");
  await page.waitForLoadState("load");
  expect(wasm).toEqual([]);
  expect(scripts).toEqual(["time-zone.js"]);
  await page.getByLabel("Work email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
  await hydrated(page);
  // Home comes with the shell: one module, and nothing of the other areas.
  expect(wasm).toEqual(["wellspring.wasm"]);

  // The composer offers the company feed and the groups one belongs to, and no others.
  const postIn = page.getByRole("region", { name: "Write a post" }).getByLabel("Post in");
  await expect(postIn.locator("option", { hasText: "Everyone at the company" })).toHaveCount(1);
  await expect(postIn.locator("option", { hasText: "New hires, November 2026" })).toHaveCount(1);
  await expect(postIn.locator("option", { hasText: "Engineering Guild" })).toHaveCount(0);

  // A post's comments bring their code the first time someone opens them, and work.
  const firstPost = page.getByRole("feed").getByRole("article").first();
  await firstPost.locator(".post__footer").getByRole("link", { name: /comment/i }).click();
  await expect(firstPost.getByRole("textbox", { name: "Write a comment" })).toBeVisible();
  expect(wasm.some((name) => name.includes("comments_view"))).toBe(true);
  await firstPost.locator(".post__footer").getByRole("link", { name: /comment/i }).click();
  await expect(firstPost.locator(".comments")).toHaveCount(0);

  const topBar = page.getByRole("navigation", { name: "Main" });
  for (const area of AREAS) {
    const before = wasm.length;
    const loaded = wasm.some((name) => name.includes(area.chunk));
    await topBar.getByRole("link", { name: area.link, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: area.heading })).toBeVisible();
    await expect(page.locator("main")).toHaveAttribute("aria-busy", "false");
    // The top bar, which the server draws, marks where the reader is as the page's code moves.
    await expect(topBar.locator('a[aria-current="page"]')).toHaveText(area.link);
    await area.use(page);
    // The area's code came on demand the first time, and only then.
    const fetched = wasm.slice(before).some((name) => name.includes(area.chunk));
    expect(fetched, area.link).toBe(!loaded);
  }

  // The bell opens notifications, whose code came with the rest of the community's.
  const beforeBell = wasm.length;
  await page.getByRole("banner").getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  expect(wasm.slice(beforeBell)).toEqual([]);

  // Going back to an area already opened fetches nothing again.
  const before = wasm.length;
  await topBar.getByRole("link", { name: "Groups", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Groups" })).toBeVisible();
  expect(wasm.slice(before)).toEqual([]);

  // Home opened by the page's code asks the server for its side panels, drawn as on a first visit.
  await topBar.getByRole("link", { name: "Home", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Newest colleagues" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Profile complete" })).toBeVisible();
  await expect(topBar.locator('a[aria-current="page"]')).toHaveText("Home");

  // The search box reaches search, which runs in the page.
  await page.getByRole("searchbox", { name: "Search Wellspring" }).fill("handbook");
  await page.getByRole("searchbox", { name: "Search Wellspring" }).press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
});

test("a signed-in page opened directly hydrates once its area's code has arrived", async ({ page }) => {
  await signIn(page, ADMIN.email, DEMO_PASSWORD);
  // A post's own page opens with its comments, whose code comes with the page's.
  const postLink = page.getByRole("feed").getByRole("article").first().locator(".post__where a.muted");
  const postPath = await postLink.getAttribute("href");
  const wasm = wasmRequests(page);
  await page.goto(postPath!);
  await hydrated(page);
  expect(wasm.some((name) => name.includes("community_area"))).toBe(true);
  expect(wasm.some((name) => name.includes("comments_view"))).toBe(true);
  await page.getByRole("textbox", { name: "Write a comment" }).fill("Read it on its own page.");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(page.locator(".comments")).toContainText("Read it on its own page.");
  for (const path of ["/groups", "/library", "/courses", "/learning", "/search?q=handbook", "/people"]) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.locator("h1")).toBeVisible();
  }
});
