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
    if (process.env.PW_CONSOLE) {
      page.on("console", (m) => console.log("console:", m.type(), m.text()));
      page.on("response", (r) => { if (r.status() >= 400) console.log("http:", r.status(), r.url()); });
    }
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

/** The browser tests' SMTP listener (mail-sink.mjs): where Shoulder delivers every email. */
export const MAIL_SINK = `http://127.0.0.1:${process.env.MAIL_SINK_HTTP_PORT ?? 2526}`;

export type Mail = {
  envelopeTo: string[];
  to: string[];
  toNames: string[];
  from: string;
  replyTo: string | null;
  messageId: string | null;
  subject: string;
  text: string;
  html: string | null;
};

/** Every message the SMTP listener has received so far. */
export async function receivedMail(): Promise<Mail[]> {
  const response = await fetch(`${MAIL_SINK}/messages`);
  return (await response.json()) as Mail[];
}

/** Waits for the newest message to `address` whose subject contains `subject` (delivery polls every 5 s). */
export async function mailTo(address: string, subject: string, timeout = 20_000): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        found = (await receivedMail()).filter((m) => m.to.includes(address) && m.subject.includes(subject)).pop();
        return found !== undefined;
      },
      { timeout, message: `an email to ${address} about "${subject}"` },
    )
    .toBe(true);
  return found as Mail;
}

/** The first link to `path` in an email's text (the HTML part has the same link). */
export function linkIn(mail: Mail, path: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${path.replace(/\//g, "\\/")}\\?token=[A-Za-z0-9_-]{43}`));
  expect(match, `a ${path} link in: ${mail.text}`).not.toBeNull();
  return (match as RegExpMatchArray)[0];
}

/**
 * After "Create account": the page says to check the inbox, and the link in the confirmation email confirms
 * the address and signs in, as a new member does.
 */
export async function confirmSignUp(page: Page, email: string) {
  await expect(page.getByTestId("sign-up-sent")).toContainText(`We sent an email to ${email}`);
  const mail = await mailTo(email, "Confirm your email address");
  await gotoHydrated(page, linkIn(mail, "/verify-email"));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByText(`Thank you: ${email} is confirmed.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}
