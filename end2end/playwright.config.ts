import { defineConfig } from '@playwright/test';

// The e2e server runs on its own port with a fresh database seeded with the demo accounts.
const PORT = Number(process.env.VIPCARE_E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const DEMO_PASSWORD = process.env.VIPCARE_DEMO_PASSWORD ?? 'e2e-demo-password';
const DB = process.env.VIPCARE_E2E_DB ?? '../target/e2e/vipcare-e2e.db';
const BIN = process.env.VIPCARE_BIN ?? '../target/release/vipcare';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    trace: 'off',
    // The programme is run in China: browsers ask for Simplified Chinese unless a test says otherwise.
    locale: 'zh-CN',
    testIdAttribute: 'data-test',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command:
      // The accounts' authenticator keys kept by the helpers belong to this database.
      `rm -f ${DB} ${DB}-wal ${DB}-shm && rm -rf $(dirname ${DB})/mfa && mkdir -p $(dirname ${DB}) && ` +
      `${BIN} seed-demo --password ${DEMO_PASSWORD} && exec ${BIN} serve`,
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      VIPCARE_DATABASE: DB,
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      LEPTOS_SITE_ROOT: '../target/site',
      VIPCARE_PUBLIC_ORIGIN: BASE_URL,
      VIPCARE_LOGIN_IP_LIMIT: '1000',
      RUST_LOG: 'warn',
    },
  },
});
