import type { Page } from "@playwright/test";
import { test, expect, gotoHydrated, hydrated, signIn, expectAccessible, mailTo, linkIn } from "./fixtures";

// People reach their accounts through email, read from the real SMTP listener the server delivers to.
test.describe("accounts reached by email", () => {
  test("a new member confirms their address from the email", async ({ page }) => {
    const email = `nadia.${Date.now()}@example.edu`;
    await gotoHydrated(page, "/sign-up");
    await page.getByLabel("Your name").fill("Nadia Haddad");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a sentence I remember");
    await page.getByLabel("Institution", { exact: true }).fill("Riverside University");
    await page.getByLabel("Type of institution").selectOption("Public four-year");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("sign-up-sent")).toContainText(`We sent an email to ${email}`);

    const mail = await mailTo(email, "Confirm your email address");
    expect(mail.html).toContain('lang="en"');
    await gotoHydrated(page, linkIn(mail, "/verify-email"));
    await expect(page.getByText(`Is ${email} your address?`)).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page.getByText(`Thank you: ${email} is confirmed.`)).toBeVisible();
    await expect(page.getByTestId("confirm-banner")).toHaveCount(0);

    // The link worked once.
    await gotoHydrated(page, linkIn(mail, "/verify-email"));
    await expect(page.getByTestId("link-problem")).toContainText("already been used");
  });

  test("a member who forgot their password resets it from the email", async ({ page, browser }) => {
    // Farah is signed in on another device, which the reset signs out.
    const laptopContext = await browser.newContext();
    const laptop = await laptopContext.newPage();
    await signIn(laptop, "farah@example.edu");

    await gotoHydrated(page, "/sign-in");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page);
    await page.getByLabel("Email").fill("farah@example.edu");
    await page.getByRole("button", { name: "Email me a link" }).click();
    await expect(page.getByTestId("link-sent")).toContainText("If farah@example.edu has an account, a link is on its way.");

    const mail = await mailTo("farah@example.edu", "Reset your Shoulder password");
    await gotoHydrated(page, linkIn(mail, "/reset-password"));
    await expect(page.getByText("For farah@example.edu.")).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("New password", { exact: true }).fill("a fresh start for Farah");
    await page.getByLabel("New password, again").fill("a fresh start, typo");
    await page.getByRole("button", { name: "Save and sign in" }).click();
    await expect(page.getByText("The two passwords differ.")).toBeVisible();
    await expect(page.getByLabel("New password", { exact: true })).toHaveValue("a fresh start for Farah");
    await page.getByLabel("New password, again").fill("a fresh start for Farah");
    await page.getByRole("button", { name: "Save and sign in" }).click();
    await expect(page).toHaveURL("/");
    await expect(page.getByTestId("who")).toHaveText(/Farah/);

    // The other device is signed out; the new password works, the old one does not.
    await laptop.reload();
    await hydrated(laptop);
    await expect(laptop.getByRole("link", { name: "Sign in" })).toBeVisible();
    await laptopContext.close();
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, "farah@example.edu", "a fresh start for Farah");
  });

  test("anyone can ask for a sign-in link instead of typing a password", async ({ page }) => {
    await gotoHydrated(page, "/sign-in");
    await page.getByRole("link", { name: "Email me a sign-in link instead" }).click();
    await hydrated(page);
    await page.getByLabel("Email").fill("chloe@example.edu");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByTestId("link-sent")).toBeVisible();
    const mail = await mailTo("chloe@example.edu", "Your sign-in link");
    await gotoHydrated(page, linkIn(mail, "/sign-in/link"));
    await expect(page.getByText("Sign in to Shoulder as chloe@example.edu.")).toBeVisible();
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/");
    await expect(page.getByTestId("who")).toHaveText(/Chlo/);
  });

  test("the closed cycle's imported applicants are invited, and one follows the email in", async ({ page, browser }) => {
    test.setTimeout(60_000);
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/programs");
    await page.getByRole("row", { name: /121 submitted/ }).getByRole("link", { name: "Applications" }).click();
    await hydrated(page);
    await page.getByRole("button", { name: "Invite those who have not signed in yet" }).click();
    await expect(page.getByTestId("invite-report")).toContainText("119 invitations sent.");

    // The users page shows who is invited and who already signs in.
    await gotoHydrated(page, "/admin/users");
    const imported = page.getByRole("row").filter({ hasText: "Not signed in yet" }).first();
    await expect(imported).toContainText("invited");
    const address = ((await imported.getByRole("cell").nth(1).textContent()) ?? "").trim();
    expect(address).toContain("@");

    const mail = await mailTo(address, "invites you to Shoulder", 60_000);
    expect(mail.text).toContain("You applied to Registrar Peer Mentoring");
    expect(mail.html).toContain("Set your password</a>");
    const context = await browser.newContext();
    const invitee = await context.newPage();
    await gotoHydrated(invitee, linkIn(mail, "/invitation"));
    await expect(invitee.getByRole("heading", { name: "Welcome to Shoulder" })).toBeVisible();
    await expectAccessible(invitee);
    const name = await invitee.getByLabel("Your name").inputValue();
    expect(name.length).toBeGreaterThan(2);
    await invitee.getByLabel("New password", { exact: true }).fill("my very own password");
    await invitee.getByLabel("New password, again").fill("my very own password");
    await invitee.getByRole("button", { name: "Set my password and sign in" }).click();
    await expect(invitee).toHaveURL("/");
    await expect(invitee.getByTestId("who")).toHaveText(name);
    await context.close();

    // Back on the users page, the account is verified now.
    await page.reload();
    await hydrated(page);
    await expect(page.getByRole("row").filter({ hasText: address })).toContainText("Verified");
  });

  test("the admin invites a pasted list; bad lines are named", async ({ page }) => {
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/users");
    await page.getByLabel("Email addresses").fill("Ines Costa <ines@example.org>, ben@example.edu\nnot an address");
    await page.getByLabel("Role of new accounts").selectOption("facilitator");
    await page.getByRole("button", { name: "Send invitations" }).click();
    const report = page.getByTestId("invite-report");
    await expect(report).toContainText("1 invitation sent (1 new account).");
    await expect(report).toContainText("ben@example.edu");
    await expect(report).toContainText("not an address");
    await expect(page.getByRole("row").filter({ hasText: "ines@example.org" }).getByRole("combobox")).toHaveValue("facilitator");
    await expectAccessible(page);
    const mail = await mailTo("ines@example.org", "invites you to Shoulder");
    expect(mail.toNames).toEqual(["Ines Costa"]);
  });

  test("people sign in through the OpenID Connect provider; an account is linked by its verified email", async ({ browser }) => {
    // Someone new to Shoulder: an account is made, its address confirmed by the provider.
    const newcomerContext = await browser.newContext();
    const newcomer = await newcomerContext.newPage();
    await gotoHydrated(newcomer, "/sign-in");
    await expectAccessible(newcomer);
    await newcomer.getByRole("link", { name: "Sign in with Campus login" }).click();
    await signInAtProvider(newcomer, "sam@sso.example.edu");
    await expect(newcomer).toHaveURL("/");
    await hydrated(newcomer);
    await expect(newcomer.getByTestId("who")).toHaveText("Sam (SSO)");
    await expect(newcomer.getByTestId("confirm-banner")).toHaveCount(0);
    await newcomerContext.close();

    // Dev already has an account with the same address at the provider: it is that account, and the page
    // asked for before signing in is where Dev lands.
    const devContext = await browser.newContext();
    const dev = await devContext.newPage();
    await gotoHydrated(dev, "/sign-in?next=/pairs");
    await dev.getByRole("link", { name: "Sign in with Campus login" }).click();
    await signInAtProvider(dev, "dev@example.edu");
    await expect(dev).toHaveURL("/pairs");
    await hydrated(dev);
    await expect(dev.getByTestId("who")).toHaveText(/^Dev/);
    await devContext.close();
  });
});

/** The provider's development login page (any password), then its consent page. */
async function signInAtProvider(page: Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password at all");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}
