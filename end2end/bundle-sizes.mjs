// The first download of each main page, as a phone meets it: a fresh Chromium context (empty cache) opens the
// page and we add up the JS and WASM bytes that crossed the wire (compressed, as the server sent them) until the
// app has taken over the page. Budgets from the "phones first" issue: the workshop pages (/join, /room/:code) at
// most 150 KiB, any page at most 350 KiB.
//
//   node bundle-sizes.mjs BASE_URL ROOM_CODE [--enforce]
//
// With --enforce the exit status is 1 when a page is over its budget. scripts/bundle-sizes starts a server with the
// demo data and runs this.
import { chromium } from "@playwright/test";

const [base, roomCode, flag] = process.argv.slice(2);
const enforce = flag === "--enforce";
const KiB = 1024;
const WORKSHOP_BUDGET = 150 * KiB;
const PAGE_BUDGET = 350 * KiB;

/** [path, who is signed in (null: nobody), budget] */
const pages = [
  ["/join", null, WORKSHOP_BUDGET],
  [`/join/${roomCode}`, null, WORKSHOP_BUDGET],
  [`/room/${roomCode}`, null, WORKSHOP_BUDGET],
  [`/room/${roomCode}/screen`, "facilitator@example.edu", PAGE_BUDGET],
  ["/", null, PAGE_BUDGET],
  ["/sign-in", null, PAGE_BUDGET],
  ["/sign-up", null, PAGE_BUDGET],
  ["/cycles", "ana@example.edu", PAGE_BUDGET],
  ["/cycles/2/apply", "ana@example.edu", PAGE_BUDGET],
  ["/pairs", "ana@example.edu", PAGE_BUDGET],
  ["/facilitate", "facilitator@example.edu", PAGE_BUDGET],
  ["/admin/programs", "admin@example.edu", PAGE_BUDGET],
  ["/admin/cycles/1/matching", "admin@example.edu", PAGE_BUDGET],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
let over = 0;
console.log(`First download per page (JS + WASM as transferred, empty cache), ${base}`);
console.log(`${"page".padEnd(34)} ${"signed in as".padEnd(26)} ${"files".padStart(5)} ${"KiB".padStart(8)} ${"budget".padStart(7)}`);
for (const [path, who, budget] of pages) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  if (who) {
    const answer = await context.request.post(`${base}/api/sign_in`, {
      form: { email: who, password: "shoulder-demo" },
      headers: { Origin: base },
    });
    if (!answer.ok()) throw new Error(`signing in as ${who}: ${answer.status()}`);
  }
  const page = await context.newPage();
  const sizes = [];
  page.on("requestfinished", async (request) => {
    if (/\.(js|wasm)(\?|$)/.test(request.url())) {
      sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    }
  });
  await page.goto(`${base}${path}`);
  await page.waitForSelector("html[data-hydrated=true]", { timeout: 30_000 });
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  const verdict = bytes > budget ? "OVER" : "ok";
  if (bytes > budget) over += 1;
  console.log(
    `${path.padEnd(34)} ${(who ?? "-").padEnd(26)} ${String(sizes.length).padStart(5)} ${(bytes / KiB).toFixed(1).padStart(8)} ${String(budget / KiB).padStart(7)} ${verdict}`,
  );
  await context.close();
}
await browser.close();
console.log(over === 0 ? "every page within its budget" : `${over} page(s) over budget`);
process.exit(enforce && over > 0 ? 1 : 0);
