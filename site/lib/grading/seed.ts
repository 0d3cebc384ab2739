/**
 * seed: the lab page's seed field, with the CLI's rules (cli/lib/args.ts
 * --seed): a non-negative integer of at most 15 digits, written without
 * leading zeros; empty means a fresh seed.
 */

/** SeedChoice is a parsed seed field: a seed to replay, a fresh one to draw, or a reason to refuse. */
export type SeedChoice = { kind: 'seed'; seed: string } | { kind: 'fresh' } | { kind: 'invalid'; message: string };

/** parseSeedField reads the seed field as the CLI reads --seed. */
export function parseSeedField(input: string): SeedChoice {
  const v = input.trim();
  if (v === '') return { kind: 'fresh' };
  if (!/^\d{1,15}$/.test(v)) return { kind: 'invalid', message: `the seed must be a non-negative integer (at most 15 digits), got "${v}"` };
  return { kind: 'seed', seed: String(Number(v)) };
}

/**
 * freshSeed draws a seed in [0, 2^31), the CLI's range, from a source of
 * uniform 32-bit integers (crypto.getRandomValues in the page).
 */
export function freshSeed(uint32: () => number): string {
  return String(uint32() >>> 1);
}

/** cryptoUint32 is one uniform 32-bit integer from the Web Crypto API. */
export function cryptoUint32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
