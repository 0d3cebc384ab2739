/**
 * Identifiers the API server mints, all drawn from the injected Rng so a
 * seeded run replays the same uids, generated names and audit ids.
 */
import type { Rng } from '../sim/rng';

const HEX = '0123456789abcdef';

/** uuidV4 returns a random (version 4, RFC 4122 variant) UUID such as metadata.uid and auditID carry. */
export function uuidV4(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 32; i++) {
    let nibble = rng.intn(16);
    if (i === 12) nibble = 4;
    else if (i === 16) nibble = 8 | (nibble & 3);
    out += HEX[nibble];
    if (i === 7 || i === 11 || i === 15 || i === 19) out += '-';
  }
  return out;
}

/**
 * NAME_ALPHABET is apimachinery's utilrand alphabet: consonants and digits
 * only, so generated names never spell words and never hold look-alikes
 * (no vowels, no 0, 1, 3).
 */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** MAX_GENERATED_NAME_LENGTH is how much of generateName's base is kept (63 - 5 random characters). */
export const MAX_GENERATED_NAME_LENGTH = 58;

/**
 * generateName appends five random characters to base, truncating base to
 * 58 characters first, as names.SimpleNameGenerator does ("web-" → "web-x7k2q").
 */
export function generateName(base: string, rng: Rng): string {
  const prefix = base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[rng.intn(NAME_ALPHABET.length)];
  return prefix + suffix;
}
