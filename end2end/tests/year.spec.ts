import { test, expect, gotoHydrated, hydrated, signIn, expectAccessible } from "./fixtures";

// The program year around the cycles: the rhythm that proposes the next cycle, and the interest list members
// join. Last in the run (it adds a cycle to the demo program).
test.describe.serial("the program year", () => {
  /** The cycle the first test creates from the rhythm, on the 2026 competency set. */
  let nextCycle = "";

  test("the admin changes the rhythm and creates the next cycle from its proposal", async ({ page }) => {
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/programs");
    const card = page.getByRole("region", { name: "Registrar Peer Mentoring" });
    await expect(card.getByText(/Windows open on the 1st of February and September for 21 days/)).toBeVisible();

    // A relationship shorter than six months is refused at the field; a shorter window is saved.
    await card.getByRole("button", { name: "Change the rhythm" }).click();
    await card.getByLabel("Days a window stays open").fill("14");
    await card.getByLabel("Relationship length (months, at least 6)").fill("4");
    await card.getByRole("button", { name: "Save the rhythm" }).click();
    await expect(card.getByText(/a whole number from 6 to 24/)).toBeVisible();
    await expect(card.getByLabel("Days a window stays open")).toHaveValue("14");
    await card.getByLabel("Relationship length (months, at least 6)").fill("6");
    await expectAccessible(page);
    await card.getByRole("button", { name: "Save the rhythm" }).click();
    await expect(card.getByText(/February and September for 14 days/)).toBeVisible();

    // The association's new competency list becomes a set with its own level names.
    await card.getByRole("link", { name: "Form options and competencies" }).click();
    await hydrated(page);
    const newSet = page.getByRole("region", { name: "New competency set" });
    await newSet.getByLabel("Name", { exact: true }).fill("2026 Core Competencies");
    await newSet.getByRole("button", { name: "Create the set" }).click();
    await expect(newSet.getByText(/Name the lowest level/)).toBeVisible();
    await expect(newSet.getByLabel("Name", { exact: true })).toHaveValue("2026 Core Competencies");
    await newSet.getByLabel("Lowest level").fill("foundational");
    await newSet.getByLabel("Middle level").fill("intermediate");
    await newSet.getByLabel("Highest level").fill("advanced");
    await newSet.getByRole("button", { name: "Create the set" }).click();
    const set = page.getByRole("region", { name: "Competencies: 2026 Core Competencies" });
    await expect(set).toContainText("Levels: foundational, intermediate, advanced. No cycle uses it yet");
    for (const competency of ["Service Excellence", "Operational Logistics", "Data Reporting & Analysis"]) {
      await set.getByLabel("New competency in 2026 Core Competencies").fill(competency);
      await set.getByRole("button", { name: "Add" }).click();
      await expect(set.getByRole("button", { name: `Delete ${competency}` })).toBeVisible();
    }
    await expect(page.getByRole("region", { name: "Competencies: 2015 Core Competencies" })).toContainText(/Used by .+\./);
    await expectAccessible(page);
    await gotoHydrated(page, "/admin/programs");

    // The new cycle's form comes filled in from the rhythm: the 1st of the next February or September.
    await card.getByRole("button", { name: "New cycle" }).click();
    await expect(card.getByText(/Dates proposed from the program's rhythm/)).toBeVisible();
    const name = await card.getByLabel("Name").inputValue();
    expect(name).toMatch(/^(Spring|Fall) \d{4}$/);
    const opens = await card.getByLabel("Window opens").inputValue();
    expect(opens).toMatch(/^\d{4}-(02|09)-01T09:00$/);
    const closes = await card.getByLabel("Window closes").inputValue();
    expect(closes).toBe(`${opens.slice(0, 8)}14T17:00`);
    await expect(card.getByLabel("Competency set")).toHaveValue(/\d+/);
    await card.getByLabel("Competency set").selectOption({ label: "2026 Core Competencies" });
    await card.getByRole("button", { name: "Save cycle" }).click();
    const row = card.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("Opens soon");
    await expect(row).toContainText("2026 Core Competencies");
    nextCycle = name;
  });

  test("a member joins a program's list on a phone, and can leave it", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, "ana@example.edu");
    await gotoHydrated(page, "/cycles");
    // Other specs may have added programs: look at the demo's.
    const involved = page.getByRole("region", { name: "Stay involved" }).getByRole("listitem").filter({ hasText: "Registrar Peer Mentoring" });
    await expect(involved.getByText("Windows open in February and September.")).toBeVisible();
    await involved.getByRole("button", { name: "Join the list of Registrar Peer Mentoring" }).click();
    await expect(involved.getByText(/You are on the list\./)).toBeVisible();
    await expectAccessible(page);
    await page.reload();
    await hydrated(page);
    await expect(involved.getByText(/You are on the list\./)).toBeVisible();
    await involved.getByRole("button", { name: "Leave the list of Registrar Peer Mentoring" }).click();
    await expect(involved.getByRole("button", { name: "Join the list of Registrar Peer Mentoring" })).toBeVisible();
    await expect(involved.getByText(/You are on the list\./)).toHaveCount(0);

    // The open cycle's page gives the seed's advice before applying, with the competencies to review.
    await page.getByRole("link", { name: /Registrar Peer Mentoring: / }).first().click();
    await expect(page.getByRole("heading", { name: "Before you apply" })).toBeVisible();
    await hydrated(page);
    await page.getByText(/^The \d+ competencies$/).click();
    await expect(page.getByRole("link", { name: "Change Management" })).toBeVisible();
    await expectAccessible(page);

    // The next cycle ranks the 2026 set: its page lists those competencies, with the set's level names.
    await gotoHydrated(page, "/cycles");
    await page.getByRole("link", { name: `Registrar Peer Mentoring: ${nextCycle}` }).click();
    await expect(page.getByText(/three at advanced level, .* three at foundational level/)).toBeVisible();
    await hydrated(page);
    await page.getByText("The 3 competencies").click();
    await expect(page.getByRole("link", { name: "Service Excellence" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Change Management" })).toHaveCount(0);
  });

  test("the admin sends a kick-off survey; Rosa answers it on her phone; the results have charts", async ({ page, browser }) => {
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/programs");
    await page.getByRole("row", { name: /121 submitted/ }).getByRole("link", { name: "Surveys" }).click();
    await expect(page.getByRole("heading", { name: /^Surveys:/ })).toBeVisible();
    await hydrated(page);
    const form = page.getByRole("region", { name: "New survey" });
    await expect(form.getByRole("group", { name: "Question 1" }).getByLabel("Wording")).toHaveValue("Have you taken part in a mentoring program before?");
    await form.getByRole("button", { name: "Save and schedule" }).click();
    await expect(form.getByText("Enter a date.")).toBeVisible();
    const closes = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel("Closes on").fill(closes);
    // The admin adds a question of their own: left blank, it is pointed at; written, it is a choice.
    await form.getByRole("button", { name: "Add a question" }).click();
    const added = form.getByRole("group", { name: /^Question \d+$/ }).last();
    await form.getByRole("button", { name: "Save and schedule" }).click();
    await expect(added.getByText("Write the question (up to 300 characters).")).toBeVisible();
    await expect(form.getByLabel("Closes on")).toHaveValue(closes);
    await added.getByLabel("Wording").fill("Which topic should the next webinar cover?");
    await added.getByLabel("Answered with").selectOption({ label: "One choice" });
    await added.getByLabel("Choices, one per line").fill("Transfer credit\nDegree audit\nFERPA");
    await expectAccessible(page);
    await added.getByRole("button", { name: /Move question \d+ up/ }).click();
    await expect(form.getByRole("group", { name: /^Question \d+$/ }).last().getByLabel("Wording")).not.toHaveValue("Which topic should the next webinar cover?");
    await form.getByRole("button", { name: "Save and schedule" }).click();
    await expect(page.getByText("0 of 121 answered (0 %)")).toBeVisible();

    // Rosa, on her phone: the start page lists the survey; a required question left out is pointed at.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const phone = await context.newPage();
    await signIn(phone, "rosa@example.edu");
    const surveys = phone.getByRole("region", { name: "Your surveys" });
    await surveys.getByRole("link", { name: "Answer the survey" }).click();
    await expect(phone.getByRole("heading", { name: "Kick-off needs survey" })).toBeVisible();
    await hydrated(phone);
    const first = phone.getByRole("group", { name: "Have you taken part in a mentoring program before?" });
    await first.getByLabel("No", { exact: true }).check();
    await phone.getByRole("button", { name: "Save a draft" }).click();
    await expect(phone.getByText("Draft saved")).toBeVisible();
    await phone.getByRole("button", { name: "Send my answers" }).click();
    await expect(phone.getByText("Please answer this question.").first()).toBeVisible();
    await phone.getByRole("group", { name: "Does your institution have a good professional development program?" }).getByLabel("No", { exact: true }).check();
    await phone.getByRole("group", { name: /How clear are you/ }).getByLabel("4", { exact: true }).check();
    await phone.getByLabel("What would make this program worth your time? (optional)").fill("Time to think with a peer.");
    await expectAccessible(phone);
    await phone.getByRole("button", { name: "Send my answers" }).click();
    await expect(phone.getByTestId("survey-sent")).toBeVisible();
    await expect(phone.getByRole("button", { name: "Send my answers" })).toHaveCount(0);
    await context.close();

    // The results: the rate, a chart per question with its table, the texts.
    await page.reload();
    await hydrated(page);
    // The demo's own kick-off survey is listed too: take the one Rosa answered.
    await page.getByRole("listitem").filter({ hasText: "1 of 121 answered" }).getByRole("link", { name: "Kick-off needs survey" }).click();
    await expect(page.getByTestId("response-rate")).toContainText("1 of 121");
    await expect(page.getByRole("region", { name: "Which topic should the next webinar cover?" })).toBeVisible();
    const question = page.getByRole("region", { name: "Have you taken part in a mentoring program before?" });
    await expect(question.getByRole("img", { name: /Yes: Count 0, Share \(%\) 0; No: Count 1, Share \(%\) 100/ })).toBeVisible();
    await expect(question.getByRole("row", { name: /No 1 100/ })).toBeVisible();
    await expect(page.getByText("Time to think with a peer.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Download the results (CSV)" })).toBeVisible();
    await expectAccessible(page);
  });

  test("the admin reads the program's evaluation across the demo cycles, with charts and their CSV", async ({ page }) => {
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/programs");
    await page.getByRole("region", { name: "Registrar Peer Mentoring" }).getByRole("link", { name: "Evaluation" }).click();
    await expect(page.getByRole("heading", { name: "Evaluation", level: 1 })).toBeVisible();
    await hydrated(page);

    // Across cycles: each chart is an image named with its data, beside a table with the same data.
    const applications = page.getByRole("region", { name: "Applications per cycle" });
    await expect(applications.getByRole("img", { name: /Submitted 121, Started, not submitted 0, Matched 1[12]\d/ })).toBeVisible();
    await expect(applications.getByRole("columnheader", { name: "Matched" })).toBeVisible();
    const responses = page.getByRole("region", { name: "Survey response rates" });
    await expect(responses.getByRole("row", { name: /Kick-off needs survey 83 100 121/ })).toBeVisible();
    const csv = await applications.getByRole("link", { name: "Applications per cycle (CSV)" }).getAttribute("href");
    const download = await page.request.get(csv ?? "");
    expect(download.status()).toBe(200);
    expect(await download.text()).toMatch(/^Cycle,Submitted,"Started, not submitted",Matched\n.+,121,0,1[12]\d\n/);

    // Month by month, and one cycle: the closed cycle's pairs by score, the weakest named; the open cycle has none.
    await expect(page.getByRole("region", { name: "Check-ins per month" }).getByRole("img")).toBeVisible();
    await expect(page.getByText(/published pairs\. Weakest pair: \d+ \(.+ & .+\)\./)).toBeVisible();
    await expectAccessible(page);
    const cycles = page.getByRole("navigation", { name: "Choose a cycle" }).getByRole("link");
    await cycles.nth(1).click();
    await expect(cycles.nth(1)).toHaveAttribute("aria-current", "page");
    await expect(page.getByText("No pairs published in this cycle yet.")).toBeVisible();

    // On a phone the page does not scroll sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  test("the admin edits a program's contact, and reads it in the audit log on a phone", async ({ page }) => {
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/programs");
    const card = page.getByRole("region", { name: "Registrar Peer Mentoring" });
    await card.getByRole("button", { name: "Edit the program" }).click();
    const editor = card.getByRole("region", { name: "Edit the program" });
    await expect(editor.getByLabel("Program name")).toHaveValue("Registrar Peer Mentoring");
    await editor.getByLabel("Contact email").fill("peer mentoring at example");
    await editor.getByRole("button", { name: "Save the program" }).click();
    await expect(editor.getByLabel("Contact email")).toHaveAttribute("aria-invalid", "true");
    await expect(editor.getByLabel("Contact email")).toHaveValue("peer mentoring at example");
    await editor.getByLabel("Contact email").fill("peers@example.edu");
    await expectAccessible(page);
    await editor.getByRole("button", { name: "Save the program" }).click();
    await expect(card.getByText(/Contact peers@example\.edu/)).toBeVisible();

    // The audit log, filtered to program changes, on a phone: Maya changed the contact.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await hydrated(page);
    await page.getByLabel("Action").selectOption("program.updated");
    await page.getByLabel("Who (name or email)").fill("maya");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/action=program\.updated/);
    const entry = page.getByRole("row").filter({ hasText: "program.updated" }).first();
    await expect(entry).toContainText("Maya Okafor (admin@example.edu)");
    await expect(entry).toContainText('"changed":["contact_email"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page);
  });

  test("a facilitator announces workshops to the program; Rosa sees them on her phone, the join link on the day", async ({ page, browser }) => {
    await signIn(page, "facilitator@example.edu");
    await gotoHydrated(page, "/facilitate");
    const form = page.getByRole("region", { name: "New session" });
    await form.getByLabel("Title").fill("Spring kick-off workshop");
    await form.getByLabel("Program").selectOption({ label: "Registrar Peer Mentoring" });
    await expect(form.getByText("In the program's time zone, America/New_York.")).toBeVisible();
    await form.getByRole("button", { name: "Create session" }).click();
    await expect(form.getByText("Give the day and time members will see.")).toBeVisible();
    await expect(form.getByLabel("Title")).toHaveValue("Spring kick-off workshop");
    const day = (offset: number) =>
      new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date(Date.now() + offset * 86_400_000));
    await form.getByLabel("Starts").fill(`${day(7)}T14:30`);
    await form.getByLabel("Place").fill("Library, Room 3");
    await expectAccessible(page);
    await form.getByRole("button", { name: "Create session" }).click();
    await expect(page).toHaveURL(/\/facilitate\/\d+$/);
    // A second one today, to see the join link.
    await gotoHydrated(page, "/facilitate");
    await expect(page.getByText(/2:30 PM E[SD]T · Registrar Peer Mentoring · Library, Room 3/)).toBeVisible();
    await form.getByLabel("Title").fill("Drop-in rounds");
    await form.getByLabel("Program").selectOption({ label: "Registrar Peer Mentoring" });
    await form.getByLabel("Starts").fill(`${day(0)}T23:30`);
    await form.getByRole("button", { name: "Create session" }).click();
    await expect(page).toHaveURL(/\/facilitate\/\d+$/);

    // Rosa applied to the program: her start page lists both, the join link only for today's.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const phone = await context.newPage();
    await signIn(phone, "rosa@example.edu");
    const workshops = phone.getByRole("region", { name: "Upcoming workshops" });
    const later = workshops.getByRole("listitem").filter({ hasText: "Spring kick-off workshop" });
    await expect(later).toContainText("2:30 PM");
    await expect(later).toContainText("Library, Room 3");
    await expect(later.getByText("The join link appears here on the day.")).toBeVisible();
    const today = workshops.getByRole("listitem").filter({ hasText: "Drop-in rounds" });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(phone);
    await hydrated(phone);
    await today.getByRole("link", { name: "Join the workshop" }).click();
    await expect(phone).toHaveURL(/\/join\/[A-Z0-9]{6}$/);
    await expect(phone.getByRole("heading", { name: "Drop-in rounds" })).toBeVisible();
    await context.close();
  });
});
