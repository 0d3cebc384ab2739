/**
 * Playwright: end-to-end tests against the built site (tests/e2e/), in a real
 * Chromium. `npm run test:e2e` builds first; this config only serves dist/
 * with the course's own static server (cli/serve.mjs) on a free loopback port.
 */
import { createServer } from 'node:net';
import { chromium, defineConfig } from '@playwright/test';
import { LAUNCH_ARGS, resolveChromium } from './tests/e2e/browser';

/** freePort asks the OS for a free port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// Workers load this file again; the port chosen by the runner reaches them through the environment.
process.env.E2E_PORT ??= String(await freePort());
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const browser = resolveChromium({ env: process.env, playwrightPath: () => chromium.executablePath() });

export default defineConfig({
  testDir: 'tests/e2e',
  // Grading runs two Web Workers per page; with two cores, one page at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: { executablePath: browser.executablePath, args: [...LAUNCH_ARGS] },
    actionTimeout: 15_000,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node cli/serve.mjs',
    env: { PORT: String(port), HOST: '127.0.0.1' },
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
  },
});
