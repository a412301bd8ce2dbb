import { test, expect, gotoHydrated, hydrated, signIn, expectAccessible } from "./fixtures";

test.describe("admin: users and roles", () => {
  test("a member opening the admin page gets a refusal page", async ({ page }) => {
    await signIn(page, "ana@example.edu");
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Users", exact: true })).toHaveCount(0);
  });

  test("a visitor is asked to sign in", async ({ page }) => {
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(401);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Please sign in" })).toBeVisible();
  });

  test("the admin changes a member's role and it persists across reload", async ({ page }) => {
    await signIn(page, "admin@example.edu");
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Users and roles" })).toBeVisible();
    await expectAccessible(page);

    const role = page.getByLabel("Role of Ben Carter");
    await expect(role).toHaveValue("member");
    await role.selectOption("facilitator");
    await page.getByRole("row", { name: /Ben Carter/ }).getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toHaveText("Ben Carter is now facilitator.");

    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel("Role of Ben Carter")).toHaveValue("facilitator");
    // The admin's own row has no form: an admin cannot demote themself.
    await expect(page.getByText("Admin (you)")).toBeVisible();
  });
});
