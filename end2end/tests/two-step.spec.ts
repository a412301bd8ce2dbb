import { createHmac } from "node:crypto";
import { test, expect, gotoHydrated, hydrated, expectAccessible, confirmSignUp, signIn } from "./fixtures";
import { strictURL } from "../playwright.config";

/** The six digits an authenticator app shows now for a base32 key (RFC 6238: SHA-1, 30 s steps). */
function totp(key: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of key.replace(/\s+/g, "").toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  const secret = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hmac = createHmac("sha1", secret).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  return ((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, "0");
}

test("a member turns on two-step sign-in, and signing in then takes a code", async ({ page }) => {
  const email = `tomas.${Date.now()}@example.edu`;
  await gotoHydrated(page, "/sign-up");
  await page.getByLabel("Your name").fill("Tomás Ortega");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a sentence I remember");
  await page.getByLabel("Institution", { exact: true }).fill("Lakeshore College");
  await page.getByLabel("Type of institution").selectOption("Other");
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, email);

  // Enrolment: scan (here: read the key), a wrong code first, then the right one; the recovery codes once.
  await gotoHydrated(page, "/account");
  const card = page.getByTestId("two-step");
  await card.getByRole("button", { name: "Set up two-step sign-in" }).click();
  await expect(card.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const key = (await card.getByTestId("two-step-secret").textContent()) ?? "";
  await card.getByLabel("Code from the app").fill("000000");
  await card.getByRole("button", { name: "Turn on" }).click();
  await expect(card.getByText("That code does not match")).toBeVisible();
  const code = totp(key);
  await card.getByLabel("Code from the app").fill(code);
  await card.getByRole("button", { name: "Turn on" }).click();
  await expect(card.getByText("Two-step sign-in is on.")).toBeVisible();
  const recovery = await card.getByTestId("recovery-codes").getByRole("listitem").allTextContents();
  expect(recovery).toHaveLength(10);
  await expectAccessible(page);

  // Signing in: the password leads to the code page; a used code is refused, a recovery code lets in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await gotoHydrated(page, "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a sentence I remember");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\/code/);
  await hydrated(page);
  await expectAccessible(page);
  await expect(page.getByTestId("who")).toHaveCount(0);
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  await page.getByLabel("Code").fill(recovery[0]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("who")).toHaveText("Tomás Ortega");

  // The account page says it is on, and a code turns it off.
  await gotoHydrated(page, "/account");
  await card.getByLabel("Code to turn it off").fill(recovery[1]);
  await card.getByRole("button", { name: "Turn off two-step sign-in" }).click();
  await expect(card.getByRole("button", { name: "Set up two-step sign-in" })).toBeVisible();
});

test.describe("on a site that requires two-step sign-in of admins", () => {
  test.use({ baseURL: strictURL });

  test("an admin is sent to turn it on before the admin pages open", async ({ page }) => {
    await signIn(page, "admin@example.edu");
    await gotoHydrated(page, "/admin/users");
    await expect(page.getByRole("heading", { name: "Turn on two-step sign-in first" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Go to your account" }).click();
    await expect(page).toHaveURL(/\/account/);
    const card = page.getByTestId("two-step");
    await expect(card.getByTestId("two-step-required")).toBeVisible();
    await card.getByRole("button", { name: "Set up two-step sign-in" }).click();
    const key = (await card.getByTestId("two-step-secret").textContent()) ?? "";
    await card.getByLabel("Code from the app").fill(totp(key));
    await card.getByRole("button", { name: "Turn on" }).click();
    await expect(card.getByText("Two-step sign-in is on.")).toBeVisible();

    // The admin pages open now, and the account page no longer offers to turn it off.
    await gotoHydrated(page, "/admin/users");
    await expect(page.getByRole("heading", { name: "Users and roles" })).toBeVisible();
    await gotoHydrated(page, "/account");
    await expect(card.getByText("This site requires it for admin accounts")).toBeVisible();
    await expect(card.getByRole("button", { name: "Turn off two-step sign-in" })).toHaveCount(0);
  });
});
