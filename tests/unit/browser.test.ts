import { describe, expect, it } from 'vitest';
import { LAUNCH_ARGS, NoBrowserError, resolveChromium, SYSTEM_CHROMIUM } from '../e2e/browser';

const PW = '/root/.cache/ms-playwright/chromium-1/chrome-linux/chrome';
const having = (...paths: string[]) => (p: string) => paths.includes(p);

describe('resolveChromium', () => {
  it('prefers CHROMIUM_PATH over everything else', () => {
    const got = resolveChromium({ env: { CHROMIUM_PATH: '/opt/chrome' }, playwrightPath: () => PW, exists: having('/opt/chrome', PW, SYSTEM_CHROMIUM) });
    expect(got).toEqual({ executablePath: '/opt/chrome', source: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that does not exist rather than silently using another browser', () => {
    expect(() => resolveChromium({ env: { CHROMIUM_PATH: '/nope' }, playwrightPath: () => PW, exists: having(PW, SYSTEM_CHROMIUM) })).toThrow(/CHROMIUM_PATH is \/nope, which does not exist/);
  });

  it("uses Playwright's Chromium when it is installed", () => {
    expect(resolveChromium({ env: {}, playwrightPath: () => PW, exists: having(PW, SYSTEM_CHROMIUM) }).source).toBe('playwright');
  });

  it("falls back to Debian's chromium when Playwright's is not installed or cannot be located", () => {
    expect(resolveChromium({ env: { CHROMIUM_PATH: ' ' }, playwrightPath: () => PW, exists: having(SYSTEM_CHROMIUM) })).toEqual({ executablePath: SYSTEM_CHROMIUM, source: 'system' });
    const throwing = () => {
      throw new Error('unsupported platform');
    };
    expect(resolveChromium({ env: {}, playwrightPath: throwing, exists: having(SYSTEM_CHROMIUM) }).source).toBe('system');
  });

  it('says how to get a browser when there is none', () => {
    const attempt = () => resolveChromium({ env: {}, playwrightPath: () => undefined, exists: having() });
    expect(attempt).toThrow(NoBrowserError);
    expect(attempt).toThrow(/apt-get install -y chromium.*CHROMIUM_PATH/);
  });
});

describe('LAUNCH_ARGS', () => {
  it('run Chromium without a sandbox or GPU, and without background traffic', () => {
    for (const flag of ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']) {
      expect(LAUNCH_ARGS).toContain(flag);
    }
  });
});
