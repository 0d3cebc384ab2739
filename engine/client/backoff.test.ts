import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { ExponentialBackoffManager, jitter } from './backoff';
import { FakeClock } from './testing';

const noJitter = { next: () => 0 };
const maxJitter = { next: () => 0.999 };

describe('ExponentialBackoffManager', () => {
  it('doubles from 800ms and stays at 30s once the cap is passed', () => {
    const b = new ExponentialBackoffManager(new FakeClock(), noJitter);
    expect(Array.from({ length: 9 }, () => b.next())).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000]);
  });

  it('adds up to 100% jitter from the random source', () => {
    const b = new ExponentialBackoffManager(new FakeClock(), maxJitter);
    const [first, second] = [b.next(), b.next()];
    expect(first).toBeCloseTo(800 * 1.999);
    expect(second).toBeCloseTo(1600 * 1.999);
    const rng = new Rng(5);
    for (let i = 0; i < 100; i++) {
      const d = jitter(1000, 1, rng);
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThan(2000);
    }
  });

  it('starts again from 800ms after two quiet minutes', () => {
    const clock = new FakeClock();
    const b = new ExponentialBackoffManager(clock, noJitter);
    b.next();
    b.next();
    clock.step(120_000);
    expect(b.next()).toBe(3200); // exactly two minutes is not "more than"
    clock.step(120_001);
    expect(b.next()).toBe(800);
  });
});
