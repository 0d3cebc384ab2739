/**
 * browser: which Chromium the end-to-end tests drive, and how it is
 * launched. Kept apart from playwright.config.ts so the choice is tested
 * (tests/unit/browser.test.ts).
 */
import { existsSync } from 'node:fs';

/** SYSTEM_CHROMIUM is where Debian's chromium package puts its launcher. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * LAUNCH_ARGS are Chromium's flags for the tests: no sandbox (CI runs as
 * root), no GPU, and none of the background traffic a fresh profile starts
 * (the machine has no network but the package registries).
 */
export const LAUNCH_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** BrowserChoice is the Chromium to launch and why it was chosen. */
export interface BrowserChoice {
  executablePath: string;
  source: 'CHROMIUM_PATH' | 'playwright' | 'system';
}

/** NoBrowserError says no Chromium was found, and how to get one. */
export class NoBrowserError extends Error {
  constructor(detail: string) {
    super(
      `no Chromium to run the end-to-end tests: ${detail}. ` +
        `Install Debian's (apt-get install -y chromium, which puts it at ${SYSTEM_CHROMIUM}) ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
    this.name = 'NoBrowserError';
  }
}

export interface ResolveOptions {
  /** env is where CHROMIUM_PATH is read (process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** playwrightPath is where Playwright's own Chromium would be (chromium.executablePath()), if it can say. */
  playwrightPath: () => string | undefined;
  exists?: (path: string) => boolean;
}

/**
 * resolveChromium picks the browser, in this order: CHROMIUM_PATH when set
 * (it must exist: a wrong explicit path is an error, not a fallback), then
 * Playwright's own Chromium if it is installed, then Debian's at
 * /usr/bin/chromium. It throws NoBrowserError when there is none.
 */
export function resolveChromium({ env, playwrightPath, exists = existsSync }: ResolveOptions): BrowserChoice {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!exists(explicit)) throw new NoBrowserError(`CHROMIUM_PATH is ${explicit}, which does not exist`);
    return { executablePath: explicit, source: 'CHROMIUM_PATH' };
  }
  let bundled: string | undefined;
  try {
    bundled = playwrightPath();
  } catch {
    bundled = undefined;
  }
  if (bundled && exists(bundled)) return { executablePath: bundled, source: 'playwright' };
  if (exists(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, source: 'system' };
  throw new NoBrowserError(`CHROMIUM_PATH is not set, Playwright's Chromium is not installed and ${SYSTEM_CHROMIUM} does not exist`);
}
