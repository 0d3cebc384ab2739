/**
 * ExponentialBackoffManager is wait.NewExponentialBackoffManager as the
 * reflector builds it (800ms initial, ×2, capped at 30s, jitter 1.0, reset
 * after 2 minutes without a backoff): each next() returns how long to wait
 * before retrying, on the injected clock, with jitter from the injected
 * random source.
 */
import type { Clock, RandomSource } from './types';

/** BackoffOptions are wait.Backoff's fields plus the manager's reset period, in milliseconds. */
export interface BackoffOptions {
  initialMs: number;
  capMs: number;
  factor: number;
  jitter: number;
  resetMs: number;
}

/** reflectorBackoff is the reflector's backoff: 800ms ×2 up to 30s, jitter 1.0, reset after 2 minutes. */
export const reflectorBackoff: BackoffOptions = { initialMs: 800, capMs: 30_000, factor: 2, jitter: 1, resetMs: 120_000 };

/**
 * jitter is wait.Jitter: d plus a random fraction (up to maxFactor) of d.
 * A non-positive maxFactor means 1.
 */
export function jitter(durationMs: number, maxFactor: number, rng: RandomSource): number {
  const factor = maxFactor <= 0 ? 1 : maxFactor;
  return durationMs + rng.next() * factor * durationMs;
}

export class ExponentialBackoffManager {
  /** durationMs is the un-jittered next delay; it only grows, up to capMs, until a reset. */
  private durationMs: number;
  /** capped holds once durationMs reached capMs (wait.Backoff's Steps = 0). */
  private capped = false;
  /** lastBackoffStart is when next() was last called: a quiet resetMs after it resets the delay. */
  private lastBackoffStart: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly rng: RandomSource,
    readonly options: BackoffOptions = reflectorBackoff,
  ) {
    this.durationMs = options.initialMs;
  }

  /** next returns the delay before the next attempt and advances the sequence. */
  next(): number {
    const now = this.clock.now;
    if (this.lastBackoffStart !== undefined && now - this.lastBackoffStart > this.options.resetMs) {
      this.durationMs = this.options.initialMs;
      this.capped = false;
    }
    this.lastBackoffStart = now;
    const o = this.options;
    if (this.capped) return o.jitter > 0 ? jitter(this.durationMs, o.jitter, this.rng) : this.durationMs;
    const current = this.durationMs;
    this.durationMs = current * o.factor;
    if (o.capMs > 0 && this.durationMs > o.capMs) {
      this.durationMs = o.capMs;
      this.capped = true;
    }
    return o.jitter > 0 ? jitter(current, o.jitter, this.rng) : current;
  }
}
