import { expect, type Page } from "@playwright/test";
import { ADMIN, expectAccessible, hydrated, opener, person, test, unique } from "./helpers";

/** A day `days` from today, as a `datetime-local` field takes it, at `time`. */
function day(days: number, time: string) {
  const date = new Date(Date.now() + days * 86_400_000);
  return `${date.toISOString().slice(0, 10)}T${time}`;
}

/** Schedules a session on the Live page and lands on its own page. */
async function schedule(page: Page, title: string, capacity: string) {
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("What it is about (Markdown)").fill("Bring **one** question.");
  await page.getByLabel("Starts").fill(day(4, "15:00"));
  await page.getByLabel("Ends").fill(day(4, "16:00"));
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByLabel("Stream link").fill("https://meet.example.com/ama");
  await page.getByLabel("Places (empty for no limit)").fill(capacity);
  await page.getByRole("button", { name: "Schedule it" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("a leader schedules a session; one colleague takes the last place, another waits and moves up, then it is cancelled", async ({ browser }) => {
  const admin = await person(browser, ADMIN.email);
  await admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Live", exact: true }).click();
  await expect(admin.page.getByRole("heading", { level: 1, name: "Live sessions" })).toBeVisible();
  await expect(admin.page.getByRole("list", { name: "Coming up" })).toContainText("Town hall: where we go in 2027");
  await hydrated(admin.page);
  const title = `Ask me anything ${unique()}`;
  await schedule(admin.page, title, "1");
  await expect(admin.page.getByText("0 going · 1 place")).toBeVisible();
  await expectAccessible(admin.page);

  const kenji = await person(browser, "kenji@example.com");
  await kenji.page.goto("/sessions");
  await kenji.page.getByRole("link", { name: title }).click();
  await expect(kenji.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await hydrated(kenji.page);
  await kenji.page.getByRole("button", { name: "Going", exact: true }).click();
  await expect(kenji.page.getByText("You're going.")).toBeVisible();
  const ics = await kenji.page.request.get(await kenji.page.getByRole("link", { name: "Add to calendar (.ics)" }).getAttribute("href") ?? "");
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  expect(await ics.text()).toContain(`SUMMARY:${title}`);

  const priya = await person(browser, "priya@example.com");
  await priya.page.goto(kenji.page.url());
  await hydrated(priya.page);
  await priya.page.getByRole("button", { name: "Going", exact: true }).click();
  await expect(priya.page.getByText("you're number 1 on the waiting list")).toBeVisible();

  await kenji.page.getByRole("button", { name: "Not going" }).click();
  await expect(kenji.page.getByText("You're not going.")).toBeVisible();
  await priya.page.reload();
  await expect(priya.page.getByText("You're going.")).toBeVisible();
  await priya.page.goto("/notifications");
  await expect(priya.page.getByRole("list", { name: "Notifications" })).toContainText(`A place opened: you're going to “${title}”`);

  await opener(admin.page, "Cancel the session").click();
  await admin.page.getByLabel("Why is it cancelled? Everyone who answered is told.").fill("Amara is travelling");
  await admin.page.getByRole("button", { name: "Cancel it" }).click();
  await expect(admin.page.locator(".tag--danger").filter({ hasText: "Cancelled" })).toBeVisible();
  await priya.page.reload();
  await expect(priya.page.getByRole("list", { name: "Notifications" })).toContainText(`${ADMIN.name} cancelled “${title}”`);

  for (const who of [admin, kenji, priya]) expect(who.errors).toEqual([]);
  await Promise.all([admin.close(), kenji.close(), priya.close()]);
});

test("sessions are scheduled and answered with plain forms @no-js", async ({ browser }) => {
  const admin = await person(browser, ADMIN.email);
  await admin.page.goto("/sessions");
  const title = `Office hours ${unique()}`;
  await schedule(admin.page, title, "");
  await admin.page.getByRole("button", { name: "Maybe" }).click();
  await expect(admin.page.getByText("You might go.")).toBeVisible();
  await admin.close();
});

test("the room: questions reorder and are taken up live, and a removed chat message leaves every open page", async ({ browser }) => {
  const [host, kenji, priya] = await Promise.all([
    person(browser, ADMIN.email),
    person(browser, "kenji@example.com"),
    person(browser, "priya@example.com"),
  ]);
  const office = "Open office hours with Jonas";
  for (const who of [host, kenji, priya]) {
    await who.page.goto("/sessions");
    await who.page.getByRole("list", { name: "Live now" }).getByRole("link", { name: office }).click();
    await expect(who.page.getByRole("heading", { level: 1, name: office })).toBeVisible();
    await hydrated(who.page);
    await expect(who.page.getByRole("status").filter({ hasText: "Live updates on" })).toBeAttached();
  }
  const stamp = unique();
  const first = `How do you review pull requests? ${stamp}`;
  const second = `Which books shaped you? ${stamp}`;
  await kenji.page.getByLabel("Your question").fill(first);
  await kenji.page.getByRole("button", { name: "Ask" }).click();
  await expect(kenji.page.getByRole("list", { name: "Questions" })).toContainText(first);
  await priya.page.getByLabel("Your question").fill(second);
  await priya.page.getByRole("button", { name: "Ask" }).click();
  const hostQuestions = host.page.getByRole("list", { name: "Questions" }).getByRole("listitem");
  const ours = (list: typeof hostQuestions) => list.filter({ hasText: stamp });
  await expect(ours(hostQuestions)).toHaveCount(2);
  await expect(ours(hostQuestions).first()).toContainText(first);

  // Kenji upvotes Priya's question: the host's page puts it first without a reload.
  await kenji.page.getByRole("listitem").filter({ hasText: second }).getByRole("button", { name: "Upvote" }).click();
  await expect(ours(hostQuestions).first()).toContainText(second);
  await expect(ours(hostQuestions).first()).toContainText("1 vote");

  // The host takes it up now: both attendees see it.
  await ours(hostQuestions).first().getByRole("button", { name: "Answer now" }).click();
  for (const who of [kenji, priya]) {
    await expect(who.page.getByRole("listitem").filter({ hasText: second })).toContainText("Answering now");
  }

  // A chat message the host removes leaves every open page.
  const words = `Is this recorded? ${stamp}`;
  await kenji.page.getByLabel("Message").fill(words);
  await kenji.page.getByRole("button", { name: "Send" }).click();
  await expect(priya.page.getByRole("list", { name: "Chat" })).toContainText(words);
  await expect(kenji.page.getByLabel("Message")).toHaveValue("");
  const message = host.page.getByRole("list", { name: "Chat" }).getByRole("listitem").filter({ hasText: words });
  await opener(message, "Remove").click();
  await host.page.getByLabel("Why is it removed? The moderation log keeps it.").fill("Answered in the description");
  await host.page.getByRole("button", { name: "Remove message" }).click();
  for (const who of [host, kenji, priya]) {
    await expect(who.page.getByRole("list", { name: "Chat" })).not.toContainText(words);
  }
  await expectAccessible(host.page);

  // The host mutes Priya in the room: her page says so at once, and she reads but no longer sends.
  const noisy = `Hello from Priya ${stamp}`;
  await priya.page.getByLabel("Message").fill(noisy);
  await priya.page.getByRole("button", { name: "Send" }).click();
  const hers = host.page.getByRole("list", { name: "Chat" }).getByRole("listitem").filter({ hasText: noisy });
  await opener(hers, "Mute").click();
  await hers.getByLabel("Mute for").selectOption("15");
  await hers.getByLabel("Why? The moderation log keeps it.").fill("Let others speak");
  await hers.getByRole("button", { name: "Mute in this room" }).click();
  await expect(priya.page.getByRole("status").filter({ hasText: "A host muted you in this room until" })).toBeVisible();
  await expect(priya.page.getByRole("button", { name: "Send" })).toBeDisabled();
  await expect(priya.page.getByLabel("Your question")).toHaveCount(0);
  await expect(kenji.page.getByRole("button", { name: "Send" })).toBeEnabled();

  for (const who of [host, kenji, priya]) expect(who.errors).toEqual([]);
  await Promise.all([host.close(), kenji.close(), priya.close()]);
});

test("a path's step asks to attend a live session; opening its room while it runs ticks it", async ({ browser }) => {
  const title = `Meet the team ${unique()}`;
  const admin = await person(browser, ADMIN.email);
  await admin.page.goto("/paths");
  await hydrated(admin.page);
  await admin.page.getByLabel("Title").fill(title);
  await admin.page.getByLabel("Summary").fill("Say hello where people gather.");
  await admin.page.getByRole("button", { name: "Create path" }).click();
  await expect(admin.page.getByRole("heading", { name: title })).toBeVisible();
  await hydrated(admin.page);
  const steps = admin.page.getByRole("region", { name: "Change the steps" });
  await admin.page.getByLabel("Step kind").selectOption("attend");
  await admin.page.getByRole("combobox", { name: "Live session to attend" }).selectOption({ label: "Open office hours with Jonas" });
  await admin.page.getByRole("button", { name: "Add step" }).click();
  await expect(steps).toContainText('1. Attend "Open office hours with Jonas"');
  // Or any session with a tag, here an optional step.
  await admin.page.getByLabel("Step kind").selectOption("attend");
  await admin.page.getByLabel("Required or optional").selectOption("optional");
  await admin.page.getByRole("combobox", { name: "Live session to attend" }).selectOption({ label: "None" });
  await admin.page.getByLabel("…or any live session tagged").fill("Town-hall");
  await admin.page.getByRole("button", { name: "Add step" }).click();
  await expect(steps).toContainText('2. Attend a live session tagged "town-hall"');
  await admin.page.getByLabel("Assign to").selectOption("person");
  await admin.page.getByLabel("Person's email").fill("lena@example.com");
  await admin.page.getByRole("button", { name: "Assign path" }).click();
  await expect(admin.page.getByRole("list", { name: "Assignments" })).toContainText("lena@example.com");

  const lena = await person(browser, "lena@example.com");
  await lena.page.getByRole("link", { name: "Learning", exact: true }).click();
  await lena.page.getByRole("listitem").filter({ hasText: title }).getByRole("link", { name: title }).click();
  const progress = lena.page.getByRole("progressbar", { name: "Your progress on this path" });
  await expect(progress).toHaveAttribute("aria-valuenow", "0");
  await lena.page.getByRole("link", { name: 'Attend "Open office hours with Jonas"' }).click();
  await expect(lena.page.getByRole("heading", { level: 1, name: "Open office hours with Jonas" })).toBeVisible();
  await expect(lena.page.getByText("You attended.")).toBeVisible();
  await lena.page.goBack();
  await lena.page.reload();
  await expect(progress).toHaveAttribute("aria-valuenow", "100");
  for (const who of [admin, lena]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});
