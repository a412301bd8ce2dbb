// Screenshots of pages at desktop width and at 360 px, for looking at what was built (not a test).
// Usage: node shoot.mjs BASE_URL OUT_DIR path[|name] ...   (signs in first when SHOOT_AS=email is set)
import { chromium } from "@playwright/test";

const [base, out, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
for (const [width, tag] of [[1280, "desktop"], [360, "phone"]]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  if (process.env.SHOOT_AS) {
    await page.goto(`${base}/sign-in`);
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
    await page.getByLabel("Email").fill(process.env.SHOOT_AS);
    await page.getByLabel("Password").fill(process.env.SHOOT_PASSWORD ?? "shoulder-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  }
  for (const entry of paths) {
    const [path, name] = entry.split("|");
    await page.goto(`${base}${path}`);
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
    await page.waitForTimeout(300);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (wide) console.log(`${tag} ${path}: scrolls sideways`);
    await page.screenshot({ path: `${out}/${name ?? path.replace(/\W+/g, "_")}-${tag}.png`, fullPage: !process.env.SHOOT_VIEWPORT });
  }
  await context.close();
}
await browser.close();
