import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-dev-shm-usage"] });
const context = await browser.newContext();
const page = await context.newPage();
page.on("console", m => { if (m.type() !== "log" && m.type() !== "debug") console.log("console:", m.type(), m.text().slice(0, 400)); });
await page.goto("http://127.0.0.1:3200/sign-in");
await page.getByLabel("Work email").fill("admin@example.com");
await page.getByLabel("Password").fill("wellspring-demo");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL("http://127.0.0.1:3200/");
for (let i = 0; i < 6; i++) {
await page.goto("http://127.0.0.1:3200/groups/1");
await page.waitForSelector("html[data-hydrated]");
const early = await page.locator("article.post").count();
await page.waitForTimeout(1000);
console.log(i, early, await page.locator("article.post").count());
}
await browser.close();
