import { buildSync } from 'esbuild';

let cached: string | undefined;

/**
 * clientScript is dashboard-client.ts bundled into one minified IIFE, for
 * index.html to inline. Built once per process (esbuild takes milliseconds).
 */
export function clientScript(): string {
  cached ??= buildSync({
    entryPoints: [new URL('./dashboard-client.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0].text.trim();
  return cached;
}
