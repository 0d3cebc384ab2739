/**
 * RateLimitingQueue is util/workqueue's RateLimitingInterface: a
 * DelayingQueue whose addRateLimited waits as long as its rate limiter says.
 */
import type { Clock } from '../types';
import { DelayingQueue } from './delaying_queue';
import { defaultControllerRateLimiter, type RateLimiter } from './rate_limiters';

export class RateLimitingQueue<T = string> extends DelayingQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(clock: Clock, options: { rateLimiter?: RateLimiter<T>; name?: string } = {}) {
    super(clock, options.name ?? '');
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<T>(clock);
  }

  /** addRateLimited adds item after the delay the rate limiter gives (recording one more retry). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** forget clears item's retry history; call it when item was processed successfully. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  /** numRequeues is how many times item was re-added with addRateLimited since forget. */
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
