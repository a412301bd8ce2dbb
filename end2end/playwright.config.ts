import { defineConfig, devices } from "@playwright/test";

// Browser tests run against the release build (`cargo leptos build --release`) on a fresh SQLite file with
// the demo accounts. Playwright starts the server and waits for /healthz before the first test.
const port = Number(process.env.SHOULDER_E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "rm -f target/e2e.db target/e2e.db-wal target/e2e.db-shm && ./target/release/shoulder",
    cwd: "..",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    env: {
      DATABASE_URL: "sqlite://target/e2e.db?mode=rwc",
      SHOULDER_ADDR: `127.0.0.1:${port}`,
      SHOULDER_DEMO_DATA: "1",
      LEPTOS_SITE_ROOT: "target/site",
      SHOULDER_LOG: "warn",
    },
  },
});
