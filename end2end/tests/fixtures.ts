import { test as base, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** Every demo account shares this password (server/src/demo.rs). */
export const DEMO_PASSWORD = "shoulder-demo";

/**
 * A page that fails the test on any uncaught script error, so a broken hydration cannot pass silently.
 * A refused page load (403) is logged by Chromium as a console error; that one is expected and ignored.
 */
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await use(page);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});

export { expect };

/** Waits until the WASM has hydrated the page (the App sets this attribute from an Effect). */
export async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

export async function gotoHydrated(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await gotoHydrated(page, "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Fails on any WCAG 2 A/AA violation that axe-core finds on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, "accessibility violations").toEqual([]);
}
