import { expect } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, signIn, signOut, test, unique } from "./helpers";
import { deflateSync } from "node:zlib";

/** A real one-pixel PNG, built here so the test needs no fixture file. */
function onePixelPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from([0, 59, 79, 216]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("@both a wrong password is refused in words, and the right one signs in", async ({ page }) => {
  await page.goto("/people?skill=rust");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Work email").fill("jonas@example.com");
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("don't match an account");
  await expectAccessible(page);
  await page.getByLabel("Work email").fill("jonas@example.com");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "People", exact: true })).toBeVisible();
  await expect(page.getByRole("list", { name: "People", exact: true })).toContainText("Jonas Lindqvist");
});

test("@no-js a member edits a profile, uploads a photo and searches the directory with plain forms", async ({ page }) => {
  const id = unique();
  await signIn(page, "priya@example.com", DEMO_PASSWORD);
  await page.goto("/");
  await page.getByRole("link", { name: "Complete your profile" }).click();
  await page.getByLabel("Job title").fill(`Lead Designer ${id}`);
  await page.getByLabel("Skills").fill("accessibility, typography");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("heading", { name: "Priya Raman" })).toBeVisible();
  await expect(page.getByText(`Lead Designer ${id}`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Skills" })).toContainText("typography");

  await page.getByRole("link", { name: "Edit profile" }).click();
  await page.getByLabel(/Choose an image/).setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await page.getByRole("button", { name: "Upload photo" }).click();
  await expect(page.getByRole("alert")).toContainText("not a PNG, JPEG, GIF or WebP image");
  await page.getByLabel(/Choose an image/).setInputFiles({ name: "me.png", mimeType: "image/png", buffer: onePixelPng() });
  await page.getByRole("button", { name: "Upload photo" }).click();
  await expect(page.getByRole("heading", { name: "Priya Raman" })).toBeVisible();
  const photo = page.locator(".profile__header img.avatar");
  await expect(photo).toHaveAttribute("src", /\/media\/avatars\/[0-9a-f]{32}\.png$/);
  const served = await page.request.get((await photo.getAttribute("src"))!);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");

  await page.getByRole("link", { name: "People", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search", exact: true }).fill(`designer ${id}`);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/text=designer/);
  const results = page.getByRole("list", { name: "People", exact: true });
  await expect(results.getByRole("listitem")).toHaveCount(1);
  await expect(results).toContainText("Priya Raman");

  await signOut(page);
  await page.goto("/people");
  await expect(page).toHaveURL(/\/sign-in/);
});
