import { defineConfig, devices } from "@playwright/test";

// Browser tests run against the release build (`bash scripts/build-release`) on a fresh SQLite file with
// the demo accounts, delivering email to a real SMTP listener (mail-sink.mjs). Playwright starts both and waits
// for their health checks before the first test.
const port = Number(process.env.SHOULDER_E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
/** A second site, configured to require two-step sign-in of admins (SHOULDER_ADMIN_TWO_STEP=required). */
export const strictURL = `http://127.0.0.1:${port + 1}`;
const mailSmtpPort = Number(process.env.MAIL_SINK_SMTP_PORT ?? 2525);
const mailHttpPort = Number(process.env.MAIL_SINK_HTTP_PORT ?? 2526);
const oidcPort = Number(process.env.OIDC_PORT ?? 2527);

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
  webServer: [
    {
      // A real SMTP server: Shoulder delivers every email to it, and tests read what arrived.
      command: "node mail-sink.mjs",
      url: `http://127.0.0.1:${mailHttpPort}/healthz`,
      reuseExistingServer: false,
      timeout: 20_000,
      stdout: "pipe",
      env: { MAIL_SINK_SMTP_PORT: String(mailSmtpPort), MAIL_SINK_HTTP_PORT: String(mailHttpPort) },
    },
    {
      // A real OpenID Connect provider (npm oidc-provider) for single sign-on.
      command: "node oidc-provider.mjs",
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 20_000,
      stdout: "pipe",
      env: { OIDC_PORT: String(oidcPort), SHOULDER_URL: baseURL },
    },
    {
      command: "rm -f target/e2e.db target/e2e.db-wal target/e2e.db-shm && ./target/release/shoulder",
      cwd: "..",
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        DATABASE_URL: "sqlite://target/e2e.db?mode=rwc",
        SHOULDER_ADDR: `127.0.0.1:${port}`,
        SHOULDER_PUBLIC_URL: baseURL,
        SHOULDER_DEMO_DATA: "1",
        SHOULDER_SMTP_URL: `smtp://127.0.0.1:${mailSmtpPort}`,
        SHOULDER_MAIL_FROM: "Shoulder <no-reply@example.edu>",
        SHOULDER_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        SHOULDER_OIDC_CLIENT_ID: "shoulder",
        SHOULDER_OIDC_CLIENT_SECRET: "shoulder-test-secret",
        SHOULDER_OIDC_NAME: "Campus login",
        LEPTOS_SITE_ROOT: "target/site",
        SHOULDER_LOG: "warn",
      },
    },
    {
      command: "rm -f target/e2e-strict.db target/e2e-strict.db-wal target/e2e-strict.db-shm && ./target/release/shoulder",
      cwd: "..",
      url: `${strictURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        DATABASE_URL: "sqlite://target/e2e-strict.db?mode=rwc",
        SHOULDER_ADDR: `127.0.0.1:${port + 1}`,
        SHOULDER_PUBLIC_URL: strictURL,
        SHOULDER_DEMO_DATA: "1",
        SHOULDER_ADMIN_TWO_STEP: "required",
        LEPTOS_SITE_ROOT: "target/site",
        SHOULDER_LOG: "warn",
      },
    },
  ],
});
