import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { generateName, uuidV4 } from './ids';

describe('ids', () => {
  it('draws version-4 UUIDs from the rng, reproducibly', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const ids = Array.from({ length: 50 }, () => uuidV4(a));
    expect(ids).toEqual(Array.from({ length: 50 }, () => uuidV4(b)));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(50);
  });

  it('generates names as base + 5 characters, truncating long bases to 58', () => {
    const rng = new Rng(1);
    expect(generateName('web-', rng)).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const long = generateName('x'.repeat(70), rng);
    expect(long).toHaveLength(63);
    expect(long.startsWith('x'.repeat(58))).toBe(true);
  });
});
