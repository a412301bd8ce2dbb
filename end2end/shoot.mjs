// Screenshots of pages at desktop width and at 360 px, for looking at what was built (not a test).
// Usage: node shoot.mjs BASE_URL OUT_DIR path[|name] ...   (signs in first when SHOOT_AS=email is set;
// SHOOT_VIEWPORT=1 takes the first screen only, SHOOT_SEGMENTS=1400 the whole page in screens of 1400 px)
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
    const file = `${out}/${name ?? path.replace(/\W+/g, "_")}-${tag}`;
    if (process.env.SHOOT_SEGMENTS) {
      // A tall page as several screens of this height, each small enough to look at.
      const step = Number(process.env.SHOOT_SEGMENTS);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, i = 0; y < height; y += step, i++) {
        const clip = { x: 0, y, width, height: Math.min(step, height - y) };
        await page.screenshot({ path: `${file}-${i}.png`, fullPage: true, clip });
      }
    } else {
      await page.screenshot({ path: `${file}.png`, fullPage: !process.env.SHOOT_VIEWPORT });
    }
  }
  await context.close();
}
await browser.close();
