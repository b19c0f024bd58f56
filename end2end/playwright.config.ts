import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// The server binary built by `./dev build` (`./dev e2e` passes its path).
const server = process.env.WELLSPRING_SERVER ?? "../target/debug/server";
const baseURL = `http://127.0.0.1:${port}`;
// The SMTP server the app sends through, and where tests read what it received (see helpers.ts).
const smtpPort = port + 25;
const mailbox = `http://127.0.0.1:${smtpPort + 1}/messages`;

// Debian's Chromium, started with the flags a closed network and a root user need.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    launchOptions: chromium,
    trace: "retain-on-failure",
  },
  projects: [
    { name: "javascript", use: { javaScriptEnabled: true }, grepInvert: /@no-js/ },
    { name: "no-javascript", use: { javaScriptEnabled: false }, grep: /@no-js|@both/ },
  ],
  webServer: [
    {
      command: "node smtp-sink.mjs",
      url: mailbox,
      reuseExistingServer: false,
      env: { SMTP_PORT: String(smtpPort) },
    },
    {
      // A fresh data folder and the demo workspace for every run.
      command: `rm -rf .data && mkdir -p .data && "${server}"`,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: "../target/site",
        WELLSPRING_DATA_DIR: ".data",
        WELLSPRING_DEMO: "true",
        WELLSPRING_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        WELLSPRING_MAIL_FROM: "Wellspring <learning@example.com>",
        WELLSPRING_REMIND_SECONDS: "2",
        DATABASE_URL: "sqlite://.data/wellspring.db?mode=rwc",
        RUST_LOG: "warn",
      },
    },
  ],
});
