import { test, expect, gotoHydrated, hydrated, signIn, expectAccessible, receivedMail, mailTo } from "./fixtures";
import type { Page } from "@playwright/test";

/** Types a person's full label into a name picker and waits for the server's suggestion to match it. */
async function choosePerson(page: Page, label: string, person: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(person);
  const list = await input.getAttribute("list");
  await expect(page.locator(`datalist#${list} option[value="${person}"]`)).toHaveCount(1);
}

/** Narrows the run's pairs to those with a member named like `name` (all pairs when empty). */
async function findPair(page: Page, name: string) {
  await page.getByLabel("Find a pair by a member’s name").fill(name);
  if (name) {
    await expect(page.locator(".pair").first()).toContainText(name);
  } else {
    await expect(page.getByText(/^Showing \d+ of \d+ pairs\.$/)).toBeVisible();
  }
}

// One path through the demo's closed cycle of 121 applicants: the admin matches and publishes, then a pair
// meets in its workspace. Serial: each step builds on the one before (the server's database is fresh per run).
test.describe.serial("matching, introductions and the pair workspace", () => {
  test("the admin runs matching, adjusts, locks a pair, runs again and publishes", async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/programs");
    await page.getByRole("row", { name: /121 submitted/ }).getByRole("link", { name: "Matching" }).click();
    await expect(page.getByRole("heading", { name: /^Matching:/ })).toBeVisible();
    await hydrated(page);
    await expect(page.getByText("121 submitted applications.")).toBeVisible();

    // The live preview follows a weight change before anything is saved.
    const preview = page.getByLabel("Preview figures");
    await expect(preview.getByText("Pairs", { exact: true })).toBeVisible();
    const totalBefore = await preview.locator(".figures__item", { hasText: "Total score" }).locator("strong").textContent();
    await page.getByLabel("Each helps the other grow").fill("12");
    await expect(preview.locator(".figures__item", { hasText: "Total score" }).locator("strong")).not.toHaveText(totalBefore ?? "");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Run matching" }).click();
    await expect(page).toHaveURL(/run=1/);
    await expect(page.getByRole("heading", { name: "Run #1: Most pairs" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Pairs (60)" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Without a peer (1)" })).toBeVisible();
    await expect(page.getByText("An odd number of applicants")).toBeVisible();
    // A large cohort's page carries the first 50 pairs; the rest come as the admin asks.
    await expect(page.locator(".pair")).toHaveCount(50);
    await expect(page.getByText("Showing 50 of 60 pairs.")).toBeVisible();
    await page.getByRole("button", { name: "Show 10 more" }).click();
    await expect(page.locator(".pair")).toHaveCount(60);
    await expect(page.getByRole("button", { name: /Show \d+ more/ })).toHaveCount(0);

    // Move by hand: Rosa with Kwame, each chosen by typing a name. A name typed but not chosen is pointed out.
    await page.getByLabel("Person", { exact: true }).fill("Rosa Mart");
    await page.getByRole("button", { name: "Preview the change" }).click();
    await expect(page.getByText("Choose the person from the suggestions.").first()).toBeVisible();
    await choosePerson(page, "Person", "Rosa Martínez — Sonoran Valley College");
    await choosePerson(page, "Other person", "Kwame Mensah — Great Lakes University");
    await expect(page.getByText("Choose the person from the suggestions.")).toHaveCount(0);
    await page.getByRole("button", { name: "Preview the change" }).click();
    const change = page.locator(".change");
    await expect(change).toContainText("Rosa Martínez paired with Kwame Mensah.");
    await expect(change).toContainText("Total score");
    await page.getByRole("button", { name: "Apply as a new run" }).click();
    await expect(page).toHaveURL(/run=2/);
    await findPair(page, "Rosa Martínez");
    const rosa = page.locator(".pair", { hasText: "Kwame Mensah & Rosa Martínez" });
    await expect(rosa.getByText("Locked")).toBeVisible();
    await findPair(page, "");
    await expect(page.getByText(/Compared with run #1: \d+ (people have|person has) a different peer/)).toBeVisible();

    // Lock another pair, run again: both locked pairs are kept. What the admin typed and has not saved (a weight,
    // the introduction's subject, the pairs search) stays through the lock, which refreshes the page's data.
    const other = page.locator(".pair").filter({ hasNotText: "Rosa" }).first();
    const names = (await other.locator(".pair__names").textContent()) ?? "";
    await page.getByText("Settings for the next run").click();
    const weight = page.getByLabel("Strength meets a rank-1 growth area");
    const savedWeight = await weight.inputValue();
    const typedWeight = String(Number(savedWeight) + 1);
    await weight.fill(typedWeight);
    await page.getByLabel("Subject").fill("A subject typed, not saved");
    await findPair(page, names.split(" & ")[0]);
    await page.locator(".pair", { hasText: names }).getByRole("button", { name: `Lock ${names}` }).click();
    await expect(page.locator(".pair", { hasText: names }).getByText("Locked")).toBeVisible();
    // The settings list the new lock too.
    for (const name of names.split(" & ")) {
      await expect(page.locator(".rules").first()).toContainText(name);
    }
    await expect(page.getByLabel("Find a pair by a member’s name")).toHaveValue(names.split(" & ")[0]);
    await expect(weight).toHaveValue(typedWeight);
    await expect(page.getByLabel("Subject")).toHaveValue("A subject typed, not saved");
    await weight.fill(savedWeight);
    await page.getByRole("button", { name: "Run matching" }).click();
    await expect(page).toHaveURL(/run=3/);
    await findPair(page, names.split(" & ")[0]);
    await expect(page.locator(".pair", { hasText: names }).getByText("Locked")).toBeVisible();
    await findPair(page, "Rosa Martínez");
    await expect(page.locator(".pair", { hasText: "Kwame Mensah & Rosa Martínez" })).toBeVisible();
    await page.getByText(/Compared with run #2/).click();
    await expect(page.getByText(`Locked ${names.replace(" & ", " and ")}.`)).toBeVisible();

    // The odd one out joins the trio the engine proposes.
    const odd = (await page.locator(".unmatched strong").first().textContent()) ?? "";
    await page.getByRole("button", { name: "Preview this trio" }).click();
    await expect(page.getByLabel("Person", { exact: true })).toHaveValue(new RegExp(`^${odd} — `));
    await expect(change).toContainText("as a trio");
    await page.getByRole("button", { name: "Apply as a new run" }).click();
    await expect(page).toHaveURL(/run=4/);
    await expect(page.getByRole("heading", { name: /Without a peer/ })).toHaveCount(0);
    await findPair(page, odd);
    await expect(page.locator(".pair", { hasText: "Trio" })).toHaveCount(1);
    await expectAccessible(page);

    // The introduction, previewed for a real pair.
    await choosePerson(page, "Preview for the pair of", "Rosa Martínez — Sonoran Valley College");
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    const email = page.getByLabel("Preview of the introduction email");
    await expect(email).toContainText("Hello Kwame and Rosa,");
    await expect(email).toContainText("kwame@example.edu, rosa@example.edu");

    // An edited, unsaved template is pointed out before publishing; saved, it is what goes out.
    await page.getByLabel("Subject").fill("{program}: introducing {names}");
    await page.getByRole("button", { name: "Publish run #4…" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "not saved" })).toBeVisible();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Save template" }).click();
    await expect(page.getByText("Template saved.")).toBeVisible();

    // Publish, in two steps; then the introductions are in the outbox.
    await page.getByRole("button", { name: "Publish run #4…" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "not saved" })).toHaveCount(0);
    const publishedAt = Date.now();
    await page.getByRole("button", { name: "Yes, publish run #4" }).click();
    await expect(page.getByTestId("published")).toContainText("Published run #4");
    await expect(page.getByTestId("published")).toContainText("60 pairs; 60 introduction emails queued.");
    await page.getByRole("link", { name: "See them in the outbox" }).click();
    await expect(page.getByRole("heading", { name: "Outbox" })).toBeVisible();
    await expect(page.getByText("Registrar Peer Mentoring: introducing Kwame and Rosa")).toBeVisible();
    await expect(page.getByText(/Registrar Peer Mentoring: introducing/)).toHaveCount(60);

    // The SMTP listener receives all 60, each one message to everyone in the pair (or trio), answers going
    // to the program's contact; none is marked failed.
    const introductions = async () => (await receivedMail()).filter((m) => m.subject.startsWith("Registrar Peer Mentoring: introducing"));
    await expect.poll(async () => (await introductions()).length, { timeout: 30_000 }).toBe(60);
    const delivered = await introductions();
    // The figure (0 of 60 before), printed for the next person to compare.
    console.log(`introductions delivered to the SMTP listener: ${delivered.length} of 60, ${((Date.now() - publishedAt) / 1000).toFixed(1)} s after publishing`);
    const people = new Set<string>();
    for (const mail of delivered) {
      expect(mail.to.length).toBeGreaterThanOrEqual(2);
      expect([...mail.envelopeTo].sort()).toEqual([...mail.to].sort());
      expect(mail.replyTo).toBe("mentoring@example.edu");
      expect(mail.html).toContain('<html lang="en">');
      mail.to.forEach((address) => people.add(address));
    }
    expect(people.size).toBe(121);
    const kwameAndRosa = delivered.find((m) => m.subject.endsWith("introducing Kwame and Rosa"));
    expect(kwameAndRosa?.to.sort()).toEqual(["kwame@example.edu", "rosa@example.edu"]);
    expect(kwameAndRosa?.text).toContain("Hello Kwame and Rosa,");
    await page.reload();
    await hydrated(page);
    await expect(page.locator(".badge--failed")).toHaveCount(0);
  });

  test("Rosa sees her peer and adds a goal; Kwame sees it without reloading and logs a check-in", async ({ page, browser }) => {
    test.setTimeout(60_000);
    await signIn(page, "rosa@example.edu");
    // The start page puts her new peer first, with when their first monthly check-in is due.
    const peers = page.getByRole("region", { name: "Your peers" });
    await expect(peers.getByText(/^Your peer: Kwame Mensah\. Next check-in due by \w+day \d+ \w+ \d{4}\.$/)).toBeVisible();
    // The cycle she was paired in is the pair's now; the open one invites her to apply.
    const applications = page.getByRole("region", { name: "Your applications" });
    await expect(applications.getByText(/Submitted/)).toHaveCount(0);
    await expect(applications.getByRole("link", { name: "Start your application" })).toBeVisible();
    await expectAccessible(page);
    await peers.getByRole("link", { name: "Open your shared workspace" }).click();
    await expect(page.getByRole("heading", { name: "You and Kwame Mensah" })).toBeVisible();
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Kwame Mensah", level: 2 })).toBeVisible();
    await expect(page.getByRole("link", { name: "kwame@example.edu" })).toBeVisible();
    await page.getByLabel("Agree whether you will email between meetings.").check();
    await expectAccessible(page);

    // Kwame, in another browser, has the same workspace open.
    const other = await browser.newContext();
    const kwame: Page = await other.newPage();
    const errors: string[] = [];
    kwame.on("pageerror", (error) => errors.push(error.message));
    await signIn(kwame, "kwame@example.edu");
    // His workspace's stream meets a server shutting down (503) until Rosa has added her goal: the page opens it
    // again on its own, and re-reads the workspace for what changed meanwhile.
    let refusing = true;
    let refused = 0;
    await other.route("**/pairs/*/events", (route) => {
      if (!refusing) return route.continue();
      refused += 1;
      return route.fulfill({ status: 503, headers: { "retry-after": "1" }, body: "This instance is shutting down; reconnect." });
    });
    await gotoHydrated(kwame, new URL(page.url()).pathname);
    await expect(kwame.getByText("No goals yet.")).toBeVisible();
    // Only Rosa's own ticks are hers.
    await expect(kwame.getByLabel("Agree whether you will email between meetings.")).not.toBeChecked();

    // A goal without a title is refused at the field; then Rosa adds hers.
    await page.getByRole("button", { name: "Add the goal" }).click();
    await expect(page.getByText("Name the goal.")).toBeVisible();
    await page.getByLabel("Goal", { exact: true }).fill("Lead the e-transcript rollout");
    await page.getByLabel("Why it matters").fill("Faculty need to trust it.");
    await page.getByLabel("Mine").check();
    await page.getByRole("button", { name: "Add the goal" }).click();
    await expect(page.getByTestId("goal")).toContainText("Lead the e-transcript rollout");

    // Kwame sees it without reloading, as Rosa's goal, once his stream is back.
    await expect.poll(() => refused).toBeGreaterThan(0);
    await expect(kwame.getByTestId("goal")).toHaveCount(0);
    refusing = false;
    await expect(kwame.getByTestId("goal")).toContainText("Lead the e-transcript rollout", { timeout: 10_000 });
    await expect(kwame.getByTestId("goal")).toContainText("Rosa");

    // Kwame logs their first check-in, with a private note.
    await kwame.getByLabel("How", { exact: true }).selectOption("Video call");
    await kwame.getByLabel("Notes (your peer sees these)").fill("Agreed on monthly calls.");
    await kwame.getByRole("checkbox", { name: "Lead the e-transcript rollout" }).check();
    await kwame.getByLabel("4", { exact: true }).check();
    await kwame.getByLabel("Private note (only you will see it)").fill("Ask about their SIS vendor.");
    await kwame.getByRole("button", { name: "Log the check-in" }).click();
    await expect(kwame.getByText("Check-in logged.")).toBeVisible();
    await expect(kwame.getByTestId("check-in")).toContainText("Agreed on monthly calls.");
    await kwame.getByText("Your private note").click();
    await expect(kwame.getByLabel("Private note", { exact: true })).toHaveValue("Ask about their SIS vendor.");

    // Rosa sees the check-in live, never Kwame's private note.
    await expect(page.getByTestId("check-in")).toContainText("Agreed on monthly calls.");
    await expect(page.getByTestId("check-in")).toContainText("logged by Kwame");
    await expect(page.getByText("Ask about their SIS vendor.")).toHaveCount(0);

    // Progress moves for both; the history says who moved it.
    await page.getByLabel("Progress (%)").fill("50");
    await page.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await page.getByRole("button", { name: "Update" }).click();
    await expect(kwame.getByTestId("goal")).toContainText("50%");
    await kwame.getByText("History (2)").click();
    await expect(kwame.getByTestId("goal")).toContainText("Rosa: Progress 0% → 50%. Status Not started → In progress.");
    await expectAccessible(kwame);
    await kwame.setViewportSize({ width: 360, height: 740 });
    await expect(kwame.getByRole("button", { name: "Log the check-in" })).toBeVisible();
    expect(errors, "uncaught errors in Kwame's page").toEqual([]);
    await other.close();
  });

  test("the admin follows the pairs: check-ins, goals and usefulness", async ({ page }) => {
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/programs");
    await page.getByRole("row", { name: /121 submitted/ }).getByRole("link", { name: "Pairs" }).click();
    await expect(page.getByRole("heading", { name: /^Pairs:/ })).toBeVisible();
    await hydrated(page);
    await expect(page.getByTestId("pair-counts")).toContainText("60 active");
    await expect(page.getByTestId("pair-counts")).toContainText("0 / 1 goals done");
    const row = page.getByRole("row", { name: /Kwame Mensah & Rosa Martínez/ });
    await expect(row).toContainText("4.0");
    await expect(page.getByRole("link", { name: "Download the pairs (CSV)" })).toBeVisible();
    await expectAccessible(page);

    // Write to Rosa and Kwame's pair: a subject is required; the preview names both; the email arrives.
    const message = page.getByRole("region", { name: "Write to members" });
    await message.getByLabel("One pair").check();
    await message.getByLabel("Pair", { exact: true }).selectOption({ label: "Kwame Mensah & Rosa Martínez" });
    await message.getByLabel("Message").fill("How is the transcript project going? Tell us if you need anything.");
    await message.getByRole("button", { name: "Preview" }).click();
    await expect(message.getByText("Write a subject.")).toBeVisible();
    await expect(message.getByLabel("Message")).toHaveValue(/transcript project/);
    await message.getByLabel("Subject").fill("Checking in on your pair");
    await message.getByRole("button", { name: "Preview" }).click();
    await expect(message.getByTestId("message-recipients")).toHaveText("2 people: Kwame Mensah, Rosa Martínez");
    await expect(message.getByText(/^Hello Kwame,/)).toBeVisible();
    await expectAccessible(page);
    await message.getByRole("button", { name: "Send to 2 people" }).click();
    await expect(message.getByRole("status")).toHaveText("2 emails queued in the outbox.");
    const mail = await mailTo("rosa@example.edu", "Checking in on your pair");
    expect(mail.replyTo).toContain("mentoring@example.edu");
    expect(mail.text).toMatch(/^Hello Rosa,\s+How is the transcript project going\?/);

    // Re-assign Rosa, with a reason: her old pair shows it.
    await page.getByLabel("Person", { exact: true }).selectOption({ label: "Rosa Martínez — Sonoran Valley College" });
    await page.getByLabel("New peer").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Re-assign" }).click();
    await expect(page.getByText("Say why, in a sentence.")).toBeVisible();
    await page.getByLabel("Reason (sent to the members)").fill("Rosa moved to the admissions office.");
    await page.getByRole("button", { name: "Re-assign" }).click();
    const old = page.getByRole("row", { name: /Kwame Mensah & Rosa Martínez/ });
    await expect(old).toContainText("Re-assigned");
    await expect(old).toContainText("Rosa moved to the admissions office.");
  });

  test("Kwame reads the re-assignment and ends his new pair early", async ({ page }) => {
    await signIn(page, "kwame@example.edu");
    await gotoHydrated(page, "/pairs");
    await expect(page.getByText("Re-assigned")).toBeVisible();
    await page.getByRole("link", { name: "Rosa Martínez" }).click();
    await expect(page.getByTestId("ended")).toContainText("Re-assigned on");
    await expect(page.getByTestId("ended")).toContainText("Rosa moved to the admissions office.");
    await expect(page.getByRole("button", { name: "Add the goal" })).toHaveCount(0);
    await gotoHydrated(page, "/pairs");
    await page.locator(".cycle-card", { hasText: "Active" }).getByRole("link").click();
    await expect(page.getByRole("heading", { name: /^You and / })).toBeVisible();
    await hydrated(page);
    await page.getByText("End this peer relationship early").click();
    await page.getByLabel("Why are you ending it?").fill("We agreed our schedules do not fit.");
    await page.getByRole("button", { name: "End the relationship" }).click();
    await expect(page.getByTestId("ended")).toContainText("Ended early on");
    await expect(page.getByTestId("ended")).toContainText("by you: We agreed our schedules do not fit.");
    await expect(page.getByRole("button", { name: "Log the check-in" })).toHaveCount(0);
  });

  test("the relationships reach their end date: Rosa says how hers ended and the admin counts it", async ({ page }) => {
    // The admin moves the cycle half a year back: its six-month relationships ended 17 days ago.
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/programs");
    const row = page.getByRole("row", { name: /121 submitted/ });
    await row.getByRole("button", { name: "Edit dates" }).click();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Window opens").fill(`${day(-240)}T09:00`);
    await page.getByLabel("Window closes").fill(`${day(-220)}T17:00`);
    await page.getByLabel("Matching date").fill(day(-210));
    await page.getByLabel("Relationships start").fill(day(-200));
    await page.getByLabel("Recommended length (months)").fill("6");
    await page.getByRole("button", { name: "Save cycle" }).click();
    await expect(page.getByRole("button", { name: "Save cycle" })).toHaveCount(0);

    // Rosa, on her phone: the start page asks her first.
    const rosa = await page.context().browser()!.newContext({ viewport: { width: 360, height: 740 } });
    const phone = await rosa.newPage();
    await signIn(phone, "rosa@example.edu");
    const peers = phone.getByRole("region", { name: "Your peers" });
    await expect(peers.getByText(/reached its end date/)).toBeVisible();
    await peers.getByRole("link", { name: "Say how it ended" }).click();
    await expect(phone.getByRole("heading", { name: "How did your relationship end?" })).toBeVisible();
    await hydrated(phone);
    await expect(phone.getByText(/Your peer relationship ran from/)).toBeVisible();
    await phone.getByRole("button", { name: "Send my answer" }).click();
    await expect(phone.getByText("Choose how your relationship ended.")).toBeVisible();
    await phone.getByLabel("What do you take from it? (optional)").fill("A calmer way to run transcript audits.");
    await phone.getByLabel("I'd like a new peer next cycle").check();
    await phone.getByRole("button", { name: "Send my answer" }).click();
    await expect(phone.getByText("Thank you: your answer is saved.")).toBeVisible();
    await expect(phone.getByTestId("outcome")).toContainText("I'd like a new peer next cycle");
    // The closing conversation can still be logged.
    await expect(phone.getByRole("button", { name: "Log the check-in" })).toBeVisible();
    await expectAccessible(phone);
    await phone.reload();
    await hydrated(phone);
    await expect(phone.getByLabel("I'd like a new peer next cycle")).toBeChecked();
    await expect(phone.getByLabel("What do you take from it? (optional)")).toHaveValue("A calmer way to run transcript audits.");
    await gotoHydrated(phone, "/");
    await expect(phone.getByRole("link", { name: "Say how it ended" })).toHaveCount(0);
    await rosa.close();

    // The admin's overview counts the outcomes and shows the reflection.
    await gotoHydrated(page, "/admin/programs");
    await page.getByRole("row", { name: /121 submitted/ }).getByRole("link", { name: "Pairs" }).click();
    await hydrated(page);
    await expect(page.getByTestId("pair-counts")).toContainText("finished");
    const counts = page.getByTestId("outcome-counts");
    await expect(counts).toContainText("1 wants a new peer");
    await expect(counts).toContainText("not answered yet");
    await expect(page.getByText("Rosa: Wants a new peer. “A calmer way to run transcript audits.”")).toBeVisible();
    await expectAccessible(page);
  });
});

