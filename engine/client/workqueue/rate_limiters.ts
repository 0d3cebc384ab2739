/**
 * Rate limiters of util/workqueue's default_rate_limiters.go: each says how
 * long an item should wait before it is retried (in milliseconds).
 */
import type { Clock } from '../types';

/** RateLimiter is workqueue.RateLimiter. */
export interface RateLimiter<T> {
  /** when records a retry of item and returns how long it should wait. */
  when(item: T): number;
  /** forget clears item's failure history (it succeeded, or was given up on). */
  forget(item: T): void;
  /** numRequeues is how many times item has been retried since it was last forgotten. */
  numRequeues(item: T): number;
}

/**
 * ItemExponentialFailureRateLimiter waits baseDelayMs·2^failures for an item,
 * capped at maxDelayMs: 5ms, 10ms, 20ms … for the default controller limiter.
 */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  constructor(
    readonly baseDelayMs: number,
    readonly maxDelayMs: number,
  ) {}

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp;
    // 2^exp overflows to Infinity long before exp overflows: the cap covers both.
    return backoff > this.maxDelayMs ? this.maxDelayMs : backoff;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/** ItemFastSlowRateLimiter waits fastDelayMs for an item's first maxFastAttempts retries, slowDelayMs after. */
export class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  constructor(
    readonly fastDelayMs: number,
    readonly slowDelayMs: number,
    readonly maxFastAttempts: number,
  ) {}

  when(item: T): number {
    const attempts = (this.failures.get(item) ?? 0) + 1;
    this.failures.set(item, attempts);
    return attempts <= this.maxFastAttempts ? this.fastDelayMs : this.slowDelayMs;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * TokenBucket is golang.org/x/time/rate's Limiter as Reserve().Delay() uses
 * it: `burst` tokens, refilled at `qps` per second; each reservation takes a
 * token, going into debt when none is left, and waits for the debt to be
 * repaid. It starts full.
 */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  constructor(
    private readonly clock: Clock,
    readonly qps: number,
    readonly burst: number,
  ) {
    if (!(qps > 0) || !(burst >= 1)) throw new RangeError(`TokenBucket: qps must be > 0 and burst >= 1, got ${qps} and ${burst}`);
    this.tokens = burst;
  }

  /** reserve takes one token and returns how long to wait until it is available (0: now). */
  reserve(): number {
    const now = this.clock.now;
    const last = this.last === undefined || now < this.last ? now : this.last;
    const tokens = Math.min(this.burst, this.tokens + ((now - last) * this.qps) / 1000) - 1;
    this.tokens = tokens;
    this.last = now;
    if (tokens >= 0) return 0;
    // Multiply before dividing so that whole tokens give whole milliseconds; truncate to ns as time.Duration does.
    return Math.trunc(((-tokens * 1000) / this.qps) * 1e6) / 1e6;
  }
}

/** BucketRateLimiter is an overall (not per-item) token bucket: qps 10, burst 100 in the default controller limiter. */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private readonly bucket: TokenBucket;

  constructor(clock: Clock, qps: number, burst: number) {
    this.bucket = new TokenBucket(clock, qps, burst);
  }

  when(_item: T): number {
    return this.bucket.reserve();
  }

  forget(_item: T): void {}

  numRequeues(_item: T): number {
    return 0;
  }
}

/** MaxOfRateLimiter asks every limiter (each records the retry) and waits the longest of their answers. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }

  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/**
 * defaultControllerRateLimiter is DefaultControllerRateLimiter: per item
 * 5ms·2^n up to 1000s, and overall 10 qps with a burst of 100, whichever is
 * longer.
 */
export function defaultControllerRateLimiter<T>(clock: Clock): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(new ItemExponentialFailureRateLimiter<T>(5, 1_000_000), new BucketRateLimiter<T>(clock, 10, 100));
}
