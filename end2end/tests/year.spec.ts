import { test, expect, gotoHydrated, hydrated, signIn, expectAccessible } from "./fixtures";

// The program year around the cycles: the rhythm that proposes the next cycle, and the interest list members
// join. Last in the run (it adds a cycle to the demo program).
test.describe.serial("the program year", () => {
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

    // The new cycle's form comes filled in from the rhythm: the 1st of the next February or September.
    await card.getByRole("button", { name: "New cycle" }).click();
    await expect(card.getByText(/Dates proposed from the program's rhythm/)).toBeVisible();
    const name = await card.getByLabel("Name").inputValue();
    expect(name).toMatch(/^(Spring|Fall) \d{4}$/);
    const opens = await card.getByLabel("Window opens").inputValue();
    expect(opens).toMatch(/^\d{4}-(02|09)-01T09:00$/);
    const closes = await card.getByLabel("Window closes").inputValue();
    expect(closes).toBe(`${opens.slice(0, 8)}14T17:00`);
    await card.getByRole("button", { name: "Save cycle" }).click();
    await expect(card.getByRole("row", { name: new RegExp(name) })).toContainText("Opens soon");
  });

  test("a member joins a program's list on a phone, and can leave it", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, "ana@example.edu");
    await gotoHydrated(page, "/cycles");
    const involved = page.getByRole("region", { name: "Stay involved" });
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
  });
});
