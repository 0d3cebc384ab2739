import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
} from './rate_limiters';
import { RateLimitingQueue } from './rate_limiting_queue';

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles the delay per failure from the base, up to the cap, per item', () => {
    const r = new ItemExponentialFailureRateLimiter<string>(5, 1000);
    const delays = Array.from({ length: 10 }, () => r.when('a'));
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
    expect(r.numRequeues('a')).toBe(10);
    expect(r.when('b')).toBe(5);
    r.forget('a');
    expect(r.numRequeues('a')).toBe(0);
    expect(r.when('a')).toBe(5);
  });

  it('stays at the cap when 2^n overflows', () => {
    const r = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
    let last = 0;
    for (let i = 0; i < 2000; i++) last = r.when('a');
    expect(last).toBe(1_000_000);
  });
});

describe('ItemFastSlowRateLimiter', () => {
  it('waits the fast delay for the first attempts, then the slow one', () => {
    const r = new ItemFastSlowRateLimiter<string>(5, 10_000, 3);
    expect([r.when('a'), r.when('a'), r.when('a'), r.when('a')]).toEqual([5, 5, 5, 10_000]);
    r.forget('a');
    expect(r.when('a')).toBe(5);
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst of 100 through at once, then limits to 10 per second', () => {
    const clock = new FakeClock();
    const r = new BucketRateLimiter<string>(clock, 10, 100);
    const burst = Array.from({ length: 100 }, (_, i) => r.when(`i${i}`));
    expect(burst.every((d) => d === 0)).toBe(true);
    expect([r.when('x'), r.when('y'), r.when('z')]).toEqual([100, 200, 300]);
    expect(r.numRequeues('x')).toBe(0);
  });

  it('refills at qps while idle, never above the burst', () => {
    const clock = new FakeClock();
    const r = new BucketRateLimiter<string>(clock, 10, 100);
    for (let i = 0; i < 100; i++) r.when('a');
    clock.step(500); // 5 tokens back
    expect(Array.from({ length: 6 }, () => r.when('a'))).toEqual([0, 0, 0, 0, 0, 100]);
    clock.step(3_600_000);
    const again = Array.from({ length: 101 }, () => r.when('a'));
    expect(again.filter((d) => d === 0)).toHaveLength(100);
    expect(again[100]).toBe(100);
  });
});

describe('MaxOfRateLimiter and the default controller limiter', () => {
  it('waits the longest delay of its limiters and forgets in all', () => {
    const r = new MaxOfRateLimiter<string>(new ItemFastSlowRateLimiter(3, 50, 1), new ItemExponentialFailureRateLimiter(1, 100));
    expect([r.when('a'), r.when('a'), r.when('a')]).toEqual([3, 50, 50]);
    expect(r.numRequeues('a')).toBe(3);
    r.forget('a');
    expect(r.numRequeues('a')).toBe(0);
  });

  it('is per-item exponential from 5ms until the bucket runs dry, then the bucket governs', () => {
    const clock = new FakeClock();
    const r = defaultControllerRateLimiter<string>(clock);
    expect([r.when('a'), r.when('a'), r.when('a')]).toEqual([5, 10, 20]);
    for (let i = 0; i < 97; i++) r.when(`other-${i}`);
    // 100 tokens are spent: a fresh item now waits for the bucket, not 5ms.
    expect(r.when('fresh')).toBe(100);
  });
});

describe('RateLimitingQueue', () => {
  it('re-adds after the rate limiter\'s delay and counts requeues until forget', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>(clock);
    q.addRateLimited('a');
    expect(q.len()).toBe(0);
    clock.step(4);
    expect(q.len()).toBe(0);
    clock.step(1);
    expect(q.len()).toBe(1);
    q.addRateLimited('b');
    q.addRateLimited('b');
    expect(q.numRequeues('b')).toBe(2);
    q.forget('b');
    expect(q.numRequeues('b')).toBe(0);
  });

  it('with the default limiter, lets 100 distinct items back at 5ms, then one per 100ms', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>(clock);
    for (let i = 0; i < 130; i++) q.addRateLimited(`item-${i}`);
    clock.step(5);
    expect(q.len()).toBe(100);
    clock.step(94);
    expect(q.len()).toBe(100);
    clock.step(1); // t = 100ms
    expect(q.len()).toBe(101);
    clock.step(1000); // t = 1.1s: ten more
    expect(q.len()).toBe(111);
    clock.step(2000);
    expect(q.len()).toBe(130);
  });
});
