import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing';
import { ItemExponentialFailureRateLimiter } from './rate_limiters';
import { RateLimitingQueue } from './rate_limiting_queue';
import { runWorkers, type Reconciler } from './worker';

describe('runWorkers', () => {
  it('retries a failing key with exact exponential delays, then forgets it on success', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>(clock, { rateLimiter: new ItemExponentialFailureRateLimiter(5, 1000) });
    const attempts: number[] = [];
    const reconcile: Reconciler<string> = (_key, done) => {
      attempts.push(clock.now);
      done(attempts.length < 5 ? new Error('not yet') : undefined);
    };
    runWorkers(q, 1, reconcile);
    q.add('a');
    clock.step(1000);
    expect(attempts).toEqual([0, 5, 15, 35, 75]);
    expect(q.numRequeues('a')).toBe(0);
  });

  it('never reconciles one key in two workers at once, and reconciles again a key changed meanwhile', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>(clock);
    const running = new Set<string>();
    const log: string[] = [];
    const reconcile: Reconciler<string> = (key, done) => {
      expect(running.has(key)).toBe(false);
      running.add(key);
      log.push(`${key}@${clock.now}`);
      clock.after(50, () => {
        running.delete(key);
        done();
      });
    };
    runWorkers(q, 3, reconcile);
    q.add('a');
    clock.step(10);
    q.add('a'); // while 'a' is being reconciled
    q.add('b');
    clock.step(200);
    expect(log).toEqual(['a@0', 'b@10', 'a@50']);
  });

  it('requeues after a requested delay, drops after maxRetries, and stops on shutdown', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>(clock);
    const seen: string[] = [];
    const errors: Array<[string, boolean]> = [];
    let stopped = false;
    runWorkers(
      q,
      2,
      (key, done) => {
        seen.push(`${key}@${clock.now}`);
        if (key === 'later' && seen.length === 1) return done(undefined, { requeueAfterMs: 1000 });
        if (key === 'bad') return done('boom');
        done();
      },
      { maxRetries: 2, onError: (key, _err, dropped) => errors.push([key, dropped]), onStopped: () => (stopped = true) },
    );
    q.add('later');
    clock.step(2000);
    expect(seen).toEqual(['later@0', 'later@1000']);
    q.add('bad');
    clock.step(2000);
    expect(errors).toEqual([
      ['bad', false],
      ['bad', false],
      ['bad', true],
    ]);
    expect(q.numRequeues('bad')).toBe(0);
    q.shutDown();
    clock.flush();
    expect(stopped).toBe(true);
  });

  it('fails loudly when a reconciler calls done twice', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>(clock);
    runWorkers(q, 1, (_key, done) => {
      done();
      done();
    });
    q.add('a');
    expect(() => clock.flush()).toThrow('reconcile of a called done twice');
  });
});
