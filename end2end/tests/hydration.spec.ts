import { Page } from "@playwright/test";
import { test, expect, hydrated, signIn, confirmSignUp } from "./fixtures";

// A phone on a slow network: the server-rendered form is on screen long before the app's WASM arrives, and
// people start typing. Whatever they typed, ticked or chose must still be there once the app has taken over,
// and the app must act on it (not only show it).

const WASM_DELAY_MS = 2_500;

/** Holds back the WASM for `WASM_DELAY_MS`, as a slow network would. */
async function slowWasm(page: Page) {
  await page.route("**/pkg/*.wasm", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, WASM_DELAY_MS));
    await route.continue();
  });
}

/** Opens `path` and returns as soon as the server's HTML is there, well before the app has loaded. */
async function openBeforeApp(page: Page, path: string) {
  await slowWasm(page);
  await page.goto(path, { waitUntil: "domcontentloaded" });
  await notYetHydrated(page);
}

async function notYetHydrated(page: Page) {
  expect(await page.locator("html").getAttribute("data-hydrated"), "the app has not taken over yet").toBeNull();
}

test("what a visitor types into sign-in before the app loads is kept, and signs them in", async ({ page }) => {
  await openBeforeApp(page, "/sign-in");
  await page.getByLabel("Email").fill("ana@example.edu");
  await page.getByLabel("Password").fill("shoulder-demo");
  await notYetHydrated(page);
  await hydrated(page);
  await expect(page.getByLabel("Email")).toHaveValue("ana@example.edu");
  await expect(page.getByLabel("Password")).toHaveValue("shoulder-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("sign-up typed before the app loads is kept and checked by the app", async ({ page }) => {
  const email = `iris.novak.${Date.now()}@example.org`;
  await openBeforeApp(page, "/sign-up");
  await page.getByLabel("Your name").fill("Iris Novak");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Institution", { exact: true }).fill("Hillcrest University");
  await page.getByLabel("Type of institution").selectOption("Public four-year");
  await notYetHydrated(page);
  await hydrated(page);
  for (const [label, value] of [
    ["Your name", "Iris Novak"],
    ["Email", email],
    ["Password", "short"],
  ]) {
    await expect(page.getByLabel(label)).toHaveValue(value);
  }
  await expect(page.getByLabel("Institution", { exact: true })).toHaveValue("Hillcrest University");
  await expect(page.getByLabel("Type of institution")).toHaveValue("Public four-year");
  // The app's own check sees the typed values: only the short password is wrong.
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-password-error")).toContainText("12 characters");
  await expect(page.locator("#field-name-error")).toBeEmpty();
  await page.getByLabel("Password").fill("a long enough sentence");
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, email);
});

test("a workshop code and a name typed before the app loads are kept", async ({ page, browser }) => {
  // The demo workshop's code, from the facilitator's console.
  const facilitator = await browser.newContext();
  const console = await facilitator.newPage();
  await signIn(console, "facilitator@example.edu");
  await console.goto("/facilitate");
  await console.getByRole("link", { name: /Registrar speed peer mentoring/ }).first().click();
  const code = ((await console.getByTestId("join-code").textContent()) ?? "").trim();
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  await facilitator.close();

  await openBeforeApp(page, "/join");
  await page.getByLabel("Session code").fill(code.toLowerCase());
  await notYetHydrated(page);
  await hydrated(page);
  await expect(page.getByLabel("Session code")).toHaveValue(code.toLowerCase());

  await page.unrouteAll();
  await openBeforeApp(page, `/join/${code}`);
  await page.getByLabel("Your name").fill("Tomás Reyes");
  await page.getByLabel("Institution (optional)").fill("Harbor City College");
  await notYetHydrated(page);
  await hydrated(page);
  await expect(page.getByLabel("Your name")).toHaveValue("Tomás Reyes");
  await expect(page.getByLabel("Institution (optional)")).toHaveValue("Harbor City College");
  await page.getByRole("button", { name: "Join" }).click();
  await expect(page).toHaveURL(new RegExp(`/room/${code}$`));
  await hydrated(page);
  await expect(page.getByTestId("your-table")).toBeVisible();
});

test("answers chosen on the wizard's first step before the app loads are kept and saved", async ({ page }) => {
  // A new member, so the first step starts empty.
  await page.goto("/sign-up");
  await hydrated(page);
  const email = `wen.zhao.${Date.now()}@example.org`;
  await page.getByLabel("Your name").fill("Wen Zhao");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough sentence");
  await page.getByLabel("Institution", { exact: true }).fill("Riverbend University");
  await page.getByLabel("Type of institution").selectOption("Public four-year");
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, email);
  await page.goto("/cycles");
  // The open cycle of the demo program (another test adds a second one).
  await page.getByRole("link", { name: "Registrar Peer Mentoring: Fall 2026" }).click();
  await expect(page).toHaveURL(/\/cycles\/\d+$/);
  const href = `${new URL(page.url()).pathname}/apply`;

  await openBeforeApp(page, href);
  await page.getByLabel("Institution enrollment size").selectOption("5,000–9,999");
  await page.getByLabel("Your time zone during this cycle").selectOption("America/Denver");
  await page.getByRole("checkbox", { name: "Community or two-year college" }).check();
  await notYetHydrated(page);
  await hydrated(page);
  await expect(page.getByLabel("Institution enrollment size")).toHaveValue("5,000–9,999");
  await expect(page.getByLabel("Your time zone during this cycle")).toHaveValue("America/Denver");
  await expect(page.getByRole("checkbox", { name: "Community or two-year college" })).toBeChecked();
  // The app took the answers as its own: it saves them, and they are there after a reload.
  await expect(page.getByTestId("save-state")).toHaveText("Saved");
  await page.unrouteAll();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Institution enrollment size")).toHaveValue("5,000–9,999");
  await expect(page.getByLabel("Your time zone during this cycle")).toHaveValue("America/Denver");
  await expect(page.getByRole("checkbox", { name: "Community or two-year college" })).toBeChecked();
});
