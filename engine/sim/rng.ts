/**
 * Rng is the simulation's only source of randomness: a seeded sfc32 generator.
 *
 * The same seed always yields the same sequence, in Node and in the browser,
 * because it uses only 32-bit integer arithmetic (Math.imul, >>>). Components
 * never call Math.random; the kernel hands each one an Rng, usually a fork(),
 * so that adding draws in one component does not shift another's sequence.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** seed is the value this generator was created from, kept for fork(). */
  readonly seed: string;

  constructor(seed: number | string) {
    this.seed = String(seed);
    [this.a, this.b, this.c, this.d] = hashSeed(this.seed);
    // Discard the first outputs: sfc32 mixes poorly right after seeding.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** uint32 returns the next integer in [0, 2^32). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** next returns a float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** intn returns an integer in [0, n); n must be a positive integer. */
  intn(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.intn: n must be a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** int returns an integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`Rng.int: max ${max} < min ${min}`);
    return min + this.intn(max - min + 1);
  }

  /** chance returns true with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** pick returns one element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[this.intn(items.length)];
  }

  /** shuffle returns a shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.intn(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /**
   * fork returns an independent generator derived from this one's seed and a
   * label. It does not depend on how many numbers this generator has drawn,
   * so the order in which components are created never changes their streams.
   */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`);
  }
}

/** hashSeed spreads a seed string over sfc32's four 32-bit words (a murmur-style mix). */
function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 0x6a09e667, h2 = 0xbb67ae85, h3 = 0x3c6ef372, h4 = 0xa54ff53a;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 0x85ebca6b);
    h2 = h3 ^ Math.imul(h2 ^ k, 0xc2b2ae35);
    h3 = h4 ^ Math.imul(h3 ^ k, 0x27d4eb2f);
    h4 = h1 ^ Math.imul(h4 ^ k, 0x165667b1);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 0x85ebca6b);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 0xc2b2ae35);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 0x27d4eb2f);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 0x165667b1);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
