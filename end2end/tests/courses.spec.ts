import { expect } from "@playwright/test";
import { expectAccessible, hydrated, person, test, unique } from "./helpers";

// Lena writes, Jonas (an expert in security) reviews, Kenji learns.
test("a course is written, approved by an expert, and a learner fails its quiz, then passes it", async ({ browser }) => {
  const title = `Security basics ${unique()}`;
  const author = await person(browser, "lena@example.com");
  await author.page.getByRole("link", { name: "Courses" }).click();
  await hydrated(author.page);
  await author.page.getByLabel("Title").fill(title);
  await author.page.getByLabel("Topic").fill("security");
  await author.page.getByLabel("Summary").fill("Two minutes that keep us all safer.");
  await author.page.getByRole("button", { name: "Create course" }).click();
  await expect(author.page.getByRole("heading", { name: title })).toBeVisible();
  await hydrated(author.page);

  await author.page.getByLabel("Lesson title").fill("Lock your screen");
  await author.page.getByLabel("Lesson text (Markdown)").fill("Press **Win+L** whenever you stand up.");
  await author.page.getByRole("button", { name: "Add lesson" }).click();
  await expect(author.page.getByRole("link", { name: "Lock your screen" })).toBeVisible();
  await author.page.getByLabel("Lesson kind").selectOption("quiz");
  await author.page.getByLabel("Lesson title").fill("Check yourself");
  await author.page.getByRole("button", { name: "Add lesson" }).click();
  await expect(author.page.getByRole("link", { name: "Check yourself" })).toBeVisible();
  await author.page.getByLabel("Question", { exact: true }).fill("Which shortcut locks a Windows screen?");
  await author.page.getByLabel("Options, one per line").fill("Win+L\nCtrl+C\nAlt+Tab");
  await author.page.getByLabel("Right options").fill("1");
  await author.page.getByRole("button", { name: "Add question" }).click();
  await expect(author.page.getByText("1 questions · pass at 80%")).toBeVisible();
  await expectAccessible(author.page);
  await author.page.getByRole("button", { name: "Send for review" }).click();
  await expect(author.page.getByText("In review", { exact: true })).toBeVisible();

  // The expert finds it among the courses, marked as waiting for review.
  const expert = await person(browser, "jonas@example.com");
  await expert.page.getByRole("link", { name: "Courses" }).click();
  await expert.page.getByRole("listitem").filter({ hasText: "In review" }).getByRole("link", { name: title }).click();
  await hydrated(expert.page);
  await expert.page.getByRole("button", { name: "Approve and publish" }).click();
  await expect(expert.page.getByText("Published", { exact: true })).toBeVisible();

  const learner = await person(browser, "kenji@example.com");
  await learner.page.getByRole("link", { name: "Courses" }).click();
  await learner.page.getByRole("link", { name: title }).click();
  // The course page's code arrives on first navigation; the list stays until it has.
  await expect(learner.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(learner.page.getByText("0 of 2 lessons done")).toBeVisible();
  await learner.page.getByRole("link", { name: "Start" }).click();
  await hydrated(learner.page);
  await expect(learner.page.getByText("Win+L")).toBeVisible();
  await learner.page.getByRole("button", { name: "Mark as done" }).click();
  await expect(learner.page.getByText("Done", { exact: true })).toBeVisible();
  await learner.page.getByRole("link", { name: "Next lesson →" }).click();
  await hydrated(learner.page);

  // A wrong answer is graded on the server and not accepted.
  await learner.page.getByLabel("Ctrl+C").check();
  await learner.page.getByRole("button", { name: "Send answers" }).click();
  await expect(learner.page.getByRole("status").filter({ hasText: "You need 80% to pass" })).toBeVisible();
  await expect(learner.page.getByText("Not right", { exact: true })).toHaveCount(0);
  await expectAccessible(learner.page);
  await learner.page.getByRole("button", { name: "Try again" }).click();
  await learner.page.getByLabel("Win+L").check();
  await learner.page.getByRole("button", { name: "Send answers" }).click();
  await expect(learner.page.getByRole("status").filter({ hasText: "Passed with 100%" })).toBeVisible();
  await expect(learner.page.getByText("Right", { exact: true })).toBeVisible();
  await learner.page.getByRole("link", { name: "Back to the course" }).click();
  await expect(learner.page.getByText("2 of 2 lessons done")).toBeVisible();

  for (const who of [author, expert, learner]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});
