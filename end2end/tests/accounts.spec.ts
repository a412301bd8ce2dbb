import { test, expect, gotoHydrated, hydrated, expectAccessible, confirmSignUp, mailTo, linkIn, signIn } from "./fixtures";

test.describe("accounts", () => {
  test("sign up, sign out, sign in, and see my own name", async ({ page }) => {
    const email = `zoe.${Date.now()}@example.edu`;
    await gotoHydrated(page, "/sign-up");
    await expectAccessible(page);
    await page.getByLabel("Your name").fill("Zoë Martin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a sentence I remember");
    await page.getByLabel("Institution", { exact: true }).fill("Riverside University");
    await page.getByLabel("Type of institution").selectOption("Public four-year");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page).toHaveURL(/\/sign-up\/sent/);
    await expectAccessible(page);
    await expect(page.getByTestId("who")).toHaveCount(0);
    await confirmSignUp(page, email);
    await page.getByRole("link", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Zoë" })).toBeVisible();
    await expect(page.getByTestId("who")).toHaveText("Zoë Martin");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(page.getByTestId("who")).toHaveCount(0);

    await page.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/sign-in");
    await page.getByLabel("Email").fill(email.toUpperCase());
    await page.getByLabel("Password").fill("a sentence I remember");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("who")).toHaveText("Zoë Martin");

    // The session survives a reload: it lives in an HttpOnly cookie and the database.
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId("who")).toHaveText("Zoë Martin");

    // The start page leads a newcomer to the open cycle, and says where a draft stands once started.
    const applications = page.getByRole("region", { name: "Your applications" });
    await expect(applications.getByText(/Applications are open until/)).toBeVisible();
    await expect(page.getByRole("region", { name: "Your peers" })).toHaveCount(0);
    await expectAccessible(page);
    await applications.getByRole("link", { name: "Start your application" }).click();
    await expect(page).toHaveURL(/\/cycles\/\d+\/apply/);
  });

  test("bad input gets field messages and keeps what was typed", async ({ page }) => {
    await gotoHydrated(page, "/sign-up");
    await page.getByLabel("Your name").fill("Yusuf Ali");
    await page.getByLabel("Email").fill("yusuf-at-example");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByText("An email address needs an @")).toBeVisible();
    await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
    await expect(page.getByText("Enter the name of your institution.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Your name")).toHaveValue("Yusuf Ali");
    await expect(page.getByLabel("Email")).toHaveValue("yusuf-at-example");
  });

  test("neither sign-up nor sign-in says who has an account", async ({ page }) => {
    // A taken address gets the page a new one gets; the owner gets an email with a way in.
    await gotoHydrated(page, "/sign-up");
    await page.getByLabel("Your name").fill("Ana Again");
    await page.getByLabel("Email").fill("ANA@example.edu");
    await page.getByLabel("Password").fill("another long password");
    await page.getByLabel("Institution", { exact: true }).fill("Elsewhere College");
    await page.getByLabel("Type of institution").selectOption("Other");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("sign-up-sent")).toContainText("We sent an email to ana@example.edu");
    const notice = await mailTo("ana@example.edu", "You already have a Shoulder account");
    expect(linkIn(notice, "/reset-password")).toContain("/reset-password?token=");

    // A common password is refused with the reason, and nothing typed is lost.
    await gotoHydrated(page, "/sign-up");
    await page.getByLabel("Your name").fill("Quinn Lee");
    await page.getByLabel("Email").fill(`quinn.${Date.now()}@example.edu`);
    await page.getByLabel("Password").fill("Password1234!");
    await page.getByLabel("Institution", { exact: true }).fill("Elsewhere College");
    await page.getByLabel("Type of institution").selectOption("Other");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("#field-password-error")).toContainText("among the first that attackers try");
    await expect(page.getByLabel("Your name")).toHaveValue("Quinn Lee");

    await gotoHydrated(page, "/sign-in");
    await expectAccessible(page);
    await page.getByLabel("Email").fill("nobody@example.edu");
    await page.getByLabel("Password").fill("whatever it is");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("don't match an account");
    await expect(page.getByLabel("Email")).toHaveValue("nobody@example.edu");
  });

  test("a member sees where they are signed in and signs another browser out", async ({ page, browser }) => {
    const phoneContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const phone = await phoneContext.newPage();
    await signIn(phone, "eunji@example.edu");
    await gotoHydrated(phone, "/account");

    await signIn(page, "eunji@example.edu");
    await gotoHydrated(page, "/account");
    const sessions = page.getByTestId("sessions");
    await expect(sessions.getByRole("listitem")).toHaveCount(2);
    await expect(sessions.getByText("This browser")).toHaveCount(1);
    await expectAccessible(page);
    await sessions.getByRole("button", { name: /Sign out/ }).click();
    await expect(sessions.getByRole("listitem")).toHaveCount(1);

    // The phone is signed out: its next page asks it to sign in.
    await phone.reload();
    await hydrated(phone);
    await expect(phone.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
    await phoneContext.close();
  });
});
