import { Page } from "@playwright/test";
import { test, expect, hydrated, gotoHydrated } from "./fixtures";

/** The bundles (`/pkg/<name>.wasm`) this page has requested so far, each named once (a full page load asks
 * again, answered from the cache). */
function bundlesLoadedBy(page: Page): string[] {
  const loaded: string[] = [];
  page.on("request", (request) => {
    const match = new URL(request.url()).pathname.match(/^\/pkg\/(\w+)\.wasm$/);
    if (match && !loaded.includes(match[1])) loaded.push(match[1]);
  });
  return loaded;
}

test("a phone joining a workshop loads only the attendee bundle, and a link out of it loads the full app", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const loaded = bundlesLoadedBy(page);

    // Sent compressed as built (brotli), not as a full-size file.
    const wasm = page.waitForResponse((response) => response.url().endsWith("/pkg/attendee.wasm"));
    await gotoHydrated(page, "/join");
    expect((await wasm).headers()["content-encoding"]).toBe("br");
    expect(loaded).toEqual(["attendee"]);

    // A wrong code is answered on a workshop page: still the attendee bundle.
    await page.getByLabel("Session code").fill("ZZZZZZ");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "No session with this code" })).toBeVisible();
    expect(loaded).toEqual(["attendee"]);

    // A page outside it ("Sign in" in the header) comes from the server with the full bundle, and works.
    const full = page.waitForResponse((response) => response.url().endsWith("/pkg/shoulder.wasm"));
    await page.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await full;
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    expect(loaded).toEqual(["attendee", "shoulder"]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test("every other page loads the full bundle", async ({ page }) => {
  const loaded = bundlesLoadedBy(page);
  await gotoHydrated(page, "/sign-up");
  expect(loaded).toEqual(["shoulder"]);
});
