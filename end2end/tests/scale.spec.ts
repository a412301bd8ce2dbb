import { test, expect, gotoHydrated, hydrated, signIn } from "./fixtures";
import type { Page } from "@playwright/test";

// A cohort of 2,000: the admin's matching page carries the first 50 pairs only, and a run shows how far it has
// got while the server solves (a few seconds at this size, so the page's twice-a-second question sees it). Its own program, so the demo's cycles are left as the other tests expect them.

/** Calls an admin server function with a JSON body, as the page does. */
async function call(page: Page, name: string, body: unknown) {
  const response = await page.request.post(`/api/admin/${name}`, { data: body, headers: { Origin: new URL(page.url()).origin } });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** A `datetime-local` value `days` from now (the program's zone is UTC). */
function local(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
}

/** The demo cycle's exported rows repeated under new names and addresses until there are `size`. */
function grown(csv: string, size: number) {
  const [header, ...rows] = csv.trim().split("\n");
  const out = [header];
  for (let i = 0; i < size; i++) {
    // id, name and email are the first three columns; the demo's have no commas or quotes.
    const [, , name, rest] = rows[i % rows.length].match(/^([^,]*),([^,]*),[^,]*,(.*)$/) ?? [];
    out.push(`large-${i},${name} ${i},large-${i}@example.org,${rest}`);
  }
  return out.join("\n") + "\n";
}

test("a cohort of 2,000: a light matching page, and a run that shows its progress", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin@example.edu");
  await gotoHydrated(page, "/admin/programs");
  const demo = await page.getByRole("row", { name: /121 submitted/ }).getByRole("link", { name: "Matching" }).getAttribute("href");
  const demoCycle = Number(demo?.match(/cycles\/(\d+)/)?.[1]);
  const csv = await (await page.request.get(`/admin/cycles/${demoCycle}/applications.csv`)).text();

  const program = await call(page, "save_program", {
    program_id: null,
    form: { name: "Large Cohort Program", description: "", contact_email: "large@example.org", time_zone: "UTC" },
  });
  const cycle = await call(page, "save_cycle", {
    program_id: program,
    cycle_id: null,
    form: {
      name: "Winter 2026",
      opens_at: local(-30),
      closes_at: local(-1),
      matching_on: local(5).slice(0, 10),
      relationship_starts_on: local(10).slice(0, 10),
      length_months: "6",
    },
  });
  const report = await call(page, "import_applications", { cycle_id: cycle, csv: grown(csv, 2000), dry_run: false });
  expect(report.imported).toBe(true);
  expect(report.rows).toBe(2000);

  await gotoHydrated(page, `/admin/cycles/${cycle}/matching`);
  await expect(page.getByText("2000 submitted applications.")).toBeVisible();
  await page.getByRole("button", { name: "Run matching" }).click();
  const progress = page.getByRole("status").filter({ hasText: /^Step \d of 5: / });
  await expect(progress).toBeVisible();
  await expect(page).toHaveURL(/run=1/, { timeout: 60_000 });
  await hydrated(page);
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Pairs (1000)" })).toBeVisible();
  await expect(page.locator(".pair")).toHaveCount(50);
  await expect(page.getByText("Showing 50 of 1000 pairs.")).toBeVisible();

  // The page as a phone downloads it: the first 50 pairs, never all 1,000 nor 2,000 names in pickers.
  const html = await (await page.request.get(`/admin/cycles/${cycle}/matching`)).text();
  expect(html.length).toBeLessThan(300 * 1024);
  expect(html).not.toContain("Show all 2000");

  // Anyone is found by a part of their name.
  await page.getByLabel("Find a pair by a member’s name").fill("Rosa Martínez 968");
  await expect(page.locator(".pair")).toHaveCount(1);
  await expect(page.locator(".pair")).toContainText("Rosa Martínez 968");
});
