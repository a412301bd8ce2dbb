import { Browser, BrowserContext, Page } from "@playwright/test";
import { test, expect, hydrated, gotoHydrated, signIn, expectAccessible, mailTo } from "./fixtures";

/** Seconds shown by a countdown ("3:07" → 187). */
async function secondsOn(page: Page): Promise<number> {
  const text = (await page.getByTestId("time").first().textContent()) ?? "";
  const [m, s] = text.trim().split(":").map(Number);
  return m * 60 + s;
}

/** The countdowns of every screen agree to within one second. */
async function expectInStep(pages: Page[]) {
  const seconds = await Promise.all(pages.map(secondsOn));
  expect(Math.max(...seconds) - Math.min(...seconds), `countdowns ${seconds.join(", ")}`).toBeLessThanOrEqual(1);
}

/** A participant's phone: a 360 px wide context, joined under `name`. */
async function joinOnPhone(browser: Browser, code: string, name: string, institution: string, audit = false) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await gotoHydrated(page, "/join");
  await page.getByLabel("Session code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await hydrated(page);
  if (audit) await expectAccessible(page);
  await page.getByLabel("Your name").fill(name);
  if (institution) await page.getByLabel("Institution (optional)").fill(institution);
  await page.getByRole("button", { name: "Join" }).click();
  await expect(page).toHaveURL(new RegExp(`/room/${code}$`));
  await hydrated(page);
  await expect(page.getByTestId("your-table")).toContainText("Waiting for the facilitator to start");
  return { name, context, page, errors };
}

/** Creates a session on the facilitator's page (signed in) and returns its join code. */
async function createSession(page: Page, title: string, minutes: { prep: number; rounds: number; round: number }) {
  await gotoHydrated(page, "/facilitate");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Preparation (minutes)").fill(String(minutes.prep));
  await page.getByLabel("Rounds", { exact: true }).fill(String(minutes.rounds));
  await page.getByLabel("Round length (minutes)").fill(String(minutes.round));
  await page.getByLabel("Break between rounds (minutes)").fill("0");
  await page.getByRole("button", { name: "Create session" }).click();
  await expect(page).toHaveURL(/\/facilitate\/\d+$/);
  await hydrated(page);
  return ((await page.getByTestId("join-code").textContent()) ?? "").trim();
}

/** "Your partner: Ben — table 4 — …" → ["Ben"]; "Your partners: Ben and Chloé — …" → ["Ben", "Chloé"]. */
async function partnersOf(page: Page): Promise<string[]> {
  const text = (await page.getByTestId("your-table").textContent()) ?? "";
  const match = text.match(/Your partners?: (.+?) — table (\d+)/);
  expect(match, `a partner in "${text}"`).not.toBeNull();
  return match![1].split(/, | and /);
}

test("a facilitator runs three rounds with a projector and five phones", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const contexts: BrowserContext[] = [];
  try {
    // The facilitator creates a session and opens its console.
    await signIn(page, "facilitator@example.edu");
    await page.getByRole("link", { name: "Workshops" }).click();
    await hydrated(page);
    await expectAccessible(page);
    await page.getByLabel("Title").fill("Registrar speed mentoring");
    await page.getByLabel("Rounds", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Create session" }).click();
    await expect(page.getByText("Rounds must be between 1 and 30.")).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue("Registrar speed mentoring");
    await page.getByLabel("Rounds", { exact: true }).fill("3");
    await page.getByLabel("Round length (minutes)").fill("4");
    await page.getByRole("button", { name: "Create session" }).click();
    await expect(page).toHaveURL(/\/facilitate\/\d+$/);
    await hydrated(page);
    const code = ((await page.getByTestId("join-code").textContent()) ?? "").trim();
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    await expect(page.getByRole("img", { name: "QR code of the join link" })).toBeVisible();
    await expectAccessible(page);

    // The projector, in its own window.
    const projectorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(projectorContext);
    const projector = await projectorContext.newPage();
    await gotoHydrated(projector, `/room/${code}/screen`);
    await expect(projector.getByText(code).first()).toBeVisible();

    // Five phones join (an odd count: one table of three); two colleagues from the same institution.
    const phones = [];
    for (const [name, institution] of [
      ["Ana", "Northfield State"],
      ["Ben", "Northfield State"],
      ["Chloé", "Lakeside College"],
      ["Dev", ""],
      ["Eun-ji", "Harbor University"],
    ]) {
      const phone = await joinOnPhone(browser, code, name, institution, phones.length === 0);
      contexts.push(phone.context);
      phones.push(phone);
    }
    await expect(page.getByTestId("people").getByRole("listitem")).toHaveCount(5);
    await expect(projector.getByText("5 joined")).toBeVisible();

    // Start: preparation on every screen, the same second everywhere.
    await page.getByRole("button", { name: "Start" }).click();
    for (const screen of [projector, ...phones.map((p) => p.page)]) {
      await expect(screen.getByTestId("phase")).toHaveText("Preparation");
    }
    await expectInStep([page, projector, ...phones.map((p) => p.page)]);

    // While people prepare, the phones carry the plan for the conversations and questions to ask.
    const ana = phones[0].page;
    const plan = ana.getByRole("region", { name: "Plan your conversations" });
    await expect(plan.getByText("Are my goals realistic?")).toBeVisible();

    // Notes survive a reload.
    await ana.getByLabel("Your notes").fill("Goal: lead the move to the new student system.");
    await expect(ana.getByTestId("notes-state")).toHaveText("Saved");
    await ana.reload();
    await hydrated(ana);
    await expect(ana.getByLabel("Your notes")).toHaveValue("Goal: lead the move to the new student system.");
    await expectAccessible(ana);

    // Three rounds: everyone has a partner, nobody meets the same person twice.
    const met = new Map<string, Set<string>>(phones.map((p) => [p.name, new Set<string>()]));
    for (const round of [1, 2, 3]) {
      if (round > 1) {
        // The break shows where to go next.
        await page.getByRole("button", { name: "Next phase" }).click();
        await expect(projector.getByTestId("phase")).toHaveText(`Break after round ${round - 1}`);
        await expect(projector.getByText(`Next: round ${round}`)).toBeVisible();
        await expect(phones[0].page.getByTestId("your-table")).toContainText("Next: table");
      }
      await page.getByRole("button", { name: "Next phase" }).click();
      for (const screen of [projector, ...phones.map((p) => p.page)]) {
        await expect(screen.getByTestId("phase")).toHaveText(`Round ${round} of 3`);
      }
      await expect(projector.getByTestId("tables")).toBeVisible();
      await expect(plan).toHaveCount(0);
      // A trio forces one repeated pair from round 2 on (its three have all met): never more than that,
      // and everyone meets someone new every round.
      let trios = 0;
      const repeats = new Set<string>();
      const seenThisRound = new Map<string, string[]>();
      for (const phone of phones) {
        await expect(phone.page.getByTestId("your-table")).toContainText("table");
        const partners = await partnersOf(phone.page);
        if (partners.length === 2) {
          trios += 1;
          // At a table of three each speaks for a third of the round: the first speaker's turn now.
          await expect(phone.page.getByTestId("your-table")).toHaveText(/you speak first: your turn now|you speak (second|third); .+ speaks now/);
        }
        seenThisRound.set(phone.name, partners);
        for (const partner of partners) {
          if (met.get(phone.name)!.has(partner)) repeats.add([phone.name, partner].sort().join("+"));
        }
        expect(partners.some((p) => !met.get(phone.name)!.has(p)), `${phone.name} meets someone new in round ${round}`).toBe(true);
      }
      expect(repeats.size, `repeated pairs in round ${round}: ${[...repeats]}`).toBeLessThanOrEqual(round === 1 ? 0 : 1);
      for (const [name, partners] of seenThisRound) for (const p of partners) met.get(name)!.add(p);
      expect(trios, "one table of three").toBe(3);
      if (round === 1) {
        expect(await partnersOf(phones[0].page), "colleagues are not paired in the first round").not.toContain("Ben");
      }
      await expectInStep([page, projector, ...phones.map((p) => p.page)]);

      if (round === 1) {
        // A phone reloads mid-round and comes back to the same state.
        const dev = phones[3].page;
        const before = await dev.getByTestId("your-table").textContent();
        await dev.reload();
        await hydrated(dev);
        await expect(dev.getByTestId("phase")).toHaveText("Round 1 of 3");
        await expect(dev.getByTestId("your-table")).toHaveText(before ?? "");
        await expectInStep([projector, dev]);

        // Pause and resume reach every screen.
        await page.getByRole("button", { name: "Pause" }).click();
        for (const phone of phones) await expect(phone.page.getByTestId("paused")).toBeVisible();
        await expect(projector.getByTestId("paused")).toBeVisible();
        const frozen = await secondsOn(projector);
        await projector.waitForTimeout(1500);
        expect(await secondsOn(projector)).toBe(frozen);
        await page.getByRole("button", { name: "Resume" }).click();
        for (const phone of phones) await expect(phone.page.getByTestId("paused")).toHaveCount(0);
        await expectInStep([page, projector, ...phones.map((p) => p.page)]);
      }
    }
    await expectAccessible(projector);

    // Wrap-up: the questions, and choosing whom to continue with.
    await page.getByRole("button", { name: "Next phase" }).click();
    await expect(projector.getByText("How did it feel to be both mentor and mentee?")).toBeVisible();
    const anaPartner = [...met.get("Ana")!][0];
    const partnerPhone = phones.find((p) => p.name === anaPartner)!.page;
    await expect(ana.getByText("How will you use this workshop from here?")).toBeVisible();
    // Ana writes down an answer: it is saved, and still there after a reload.
    const feel = ana.getByLabel("How did it feel to be both mentor and mentee?");
    await feel.fill("Equal: we both taught and learned.");
    await expect(ana.getByTestId("wrap-up-state")).toHaveText("Saved");
    await ana.reload();
    await hydrated(ana);
    await expect(feel).toHaveValue("Equal: we both taught and learned.");
    await ana.getByRole("checkbox", { name: anaPartner }).check();
    await ana.getByRole("button", { name: "Save my choices" }).click();
    await expect(ana.getByText("Saved.", { exact: true })).toBeVisible();
    await partnerPhone.getByRole("checkbox", { name: "Ana" }).check();
    await partnerPhone.getByRole("button", { name: "Save my choices" }).click();
    await expect(partnerPhone.getByTestId("mutual")).toContainText("You and Ana chose each other");
    await expect(page.getByTestId("follow-ups")).toContainText("1 pair chose each other");
    await expectAccessible(partnerPhone);

    // The facilitator's download: a row per participant, the tables of each round, the mutual follow-up.
    const href = await page.getByRole("link", { name: "Download the workshop (CSV)" }).getAttribute("href");
    const csv = await (await page.request.get(href ?? "")).text();
    expect(csv.split("\n")[0]).toBe("name,institution,signed_in,joined,left,round_1,round_2,round_3,mutual_follow_ups");
    const anaRow = csv.split("\n").find((line) => line.startsWith("Ana,")) ?? "";
    expect(anaRow).toMatch(/Table \d+ with /);
    expect(anaRow.endsWith(`,${anaPartner}`)).toBe(true);

    // Ana emails herself her notes (a bad address first); Dev leaves from his phone; the facilitator marks
    // Eun-ji as gone. The console's list follows.
    await ana.getByLabel("Email them to").fill("ana@example");
    await ana.getByRole("button", { name: "Send" }).click();
    await expect(ana.getByText("Enter an email address like name@example.edu.")).toBeVisible();
    await ana.getByLabel("Email them to").fill("ana@example.org");
    await ana.getByRole("button", { name: "Send" }).click();
    await expect(ana.getByText("On its way to your inbox.")).toBeVisible();
    // The real SMTP listener receives them, her wrap-up answer under its question.
    const notes = await mailTo("ana@example.org", "Your notes from");
    expect(notes.text).toMatch(/- How did it feel to be both mentor and mentee\?\s+Equal: we both taught and learned\./);
    const dev = phones[3].page;
    await dev.getByRole("button", { name: "Leave the session" }).click();
    await dev.getByRole("button", { name: "Yes, leave" }).click();
    await expect(dev.getByText("You left the session")).toBeVisible();
    await page.getByRole("button", { name: "Mark Eun-ji as left" }).click();
    await expect(page.getByRole("heading", { name: "People (3 here)" })).toBeVisible();
    await expect(page.getByTestId("people").getByText("Left", { exact: true })).toHaveCount(2);

    // End.
    await page.getByRole("button", { name: "End session" }).click();
    await page.getByRole("button", { name: "Yes, end it" }).click();
    for (const phone of phones) await expect(phone.page.getByTestId("phase")).toHaveText("Session ended");
    for (const phone of phones) expect(phone.errors, `${phone.name}: uncaught errors`).toEqual([]);

    // The session can start the next one: its settings fill the form.
    await gotoHydrated(page, "/facilitate");
    await expect(page.getByText("Ended")).toBeVisible();
    await page.getByRole("button", { name: "Reuse settings" }).first().click();
    await expect(page.getByLabel("Title")).toHaveValue("Registrar speed mentoring (again)");
    await expect(page.getByLabel("Round length (minutes)")).toHaveValue("4");
  } finally {
    for (const context of contexts) await context.close();
  }
});

test("the last minute of a round is signalled on the projector and the phones, and not before", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const contexts: BrowserContext[] = [];
  try {
    await signIn(page, "facilitator@example.edu");
    const code = await createSession(page, "One-minute rounds", { prep: 0, rounds: 1, round: 1 });
    const projectorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(projectorContext);
    const projector = await projectorContext.newPage();
    await gotoHydrated(projector, `/room/${code}/screen`);
    const phones = [];
    for (const name of ["Ana", "Ben"]) {
      const phone = await joinOnPhone(browser, code, name, "");
      contexts.push(phone.context);
      phones.push(phone.page);
    }
    const screens = [projector, ...phones];
    for (const screen of screens) await expect(screen.getByTestId("last-minute")).toHaveCount(0);

    // A one-minute round has no "last minute" to signal; a minute more makes it a two-minute round, whose
    // last minute every screen signals when it comes (and the phones say it to screen readers).
    await page.getByRole("button", { name: "Start" }).click();
    for (const screen of screens) await expect(screen.getByTestId("phase")).toHaveText("Round 1 of 1");
    await page.getByRole("button", { name: "+1 minute" }).click();
    for (const screen of screens) {
      await expect.poll(() => secondsOn(screen)).toBeGreaterThan(60);
      await expect(screen.getByTestId("last-minute")).toHaveCount(0);
    }
    await expect(projector.getByTestId("last-minute")).toHaveText("1 minute left", { timeout: 65_000 });
    for (const phone of phones) {
      await expect(phone.getByTestId("last-minute")).toHaveText("1 minute left");
      await expect(phone.getByTestId("announcement")).toHaveText("One minute left in this round.");
      expect(await secondsOn(phone)).toBeLessThanOrEqual(60);
    }
    await expectAccessible(phones[0]);
  } finally {
    for (const context of contexts) await context.close();
  }
});

test("a phone whose stream a server refuses (one shutting down) says so and follows again on its own", async ({ page, browser }) => {
  await signIn(page, "facilitator@example.edu");
  const code = await createSession(page, "Refused stream", { prep: 0, rounds: 1, round: 5 });
  const phone = await joinOnPhone(browser, code, "Ana", "");
  try {
    // The next two stream requests meet a draining instance (503, as the server answers while shutting down);
    // the browser gives such a stream up, the page opens it again.
    let refusals = 2;
    await phone.context.route("**/room/*/events", (route) =>
      refusals-- > 0
        ? route.fulfill({ status: 503, headers: { "retry-after": "1" }, body: "This instance is shutting down; reconnect." })
        : route.continue(),
    );
    await phone.page.reload();
    await hydrated(phone.page);
    await expect(phone.page.getByText("Reconnecting…")).toBeVisible();
    await expect(phone.page.getByText("Reconnecting…")).toHaveCount(0, { timeout: 15_000 });
    expect(refusals).toBeLessThan(0);
    await page.getByRole("button", { name: "Start" }).click();
    await expect(phone.page.getByTestId("phase")).toHaveText("Round 1 of 1");
    expect(phone.errors).toEqual([]);
  } finally {
    await phone.context.close();
  }
});
