import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng';
import { FakeClock } from '../testing';
import { DelayingQueue } from './delaying_queue';
import { Queue } from './queue';

/** take asks the queue for one item and returns what the worker received (after the clock runs). */
function take<T>(clock: FakeClock, q: Queue<T>): { item: T | undefined; shutdown: boolean } | undefined {
  let got: { item: T | undefined; shutdown: boolean } | undefined;
  q.get((item, shutdown) => (got = { item, shutdown }));
  clock.flush();
  return got;
}

describe('Queue', () => {
  it('hands items out in FIFO order and de-duplicates an item added while queued', () => {
    const clock = new FakeClock();
    const q = new Queue<string>(clock);
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(take(clock, q)?.item).toBe('a');
    expect(take(clock, q)?.item).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('delivers later, never synchronously inside get()', () => {
    const clock = new FakeClock();
    const q = new Queue<string>(clock);
    q.add('a');
    let got: string | undefined;
    q.get((item) => (got = item));
    expect(got).toBeUndefined();
    clock.flush();
    expect(got).toBe('a');
  });

  it('makes a worker wait until an item is added', () => {
    const clock = new FakeClock();
    const q = new Queue<string>(clock);
    const got: string[] = [];
    q.get((item) => got.push(item!));
    clock.step(50);
    expect(got).toEqual([]);
    q.add('x');
    clock.flush();
    expect(got).toEqual(['x']);
  });

  it('marks an item added during processing dirty and re-queues it only on done', () => {
    const clock = new FakeClock();
    const q = new Queue<string>(clock);
    q.add('a');
    expect(take(clock, q)?.item).toBe('a');
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    // A second worker must not get 'a' while the first holds it.
    let second: string | undefined;
    q.get((item) => (second = item));
    clock.step(10);
    expect(second).toBeUndefined();
    q.done('a');
    clock.flush();
    expect(second).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('does not re-queue an item on done when it was not added again', () => {
    const clock = new FakeClock();
    const q = new Queue<string>(clock);
    q.add('a');
    take(clock, q);
    q.done('a');
    expect(q.len()).toBe(0);
    expect(() => q.done('a')).toThrow(/not being processed/);
  });

  it('never hands an item to two workers at once, under random adds, gets and dones', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed);
      const clock = new FakeClock();
      const q = new Queue<string>(clock);
      const held = new Set<string>();
      const owed = new Set<string>(); // added after the last hand-out: must be handed out again
      let handedOut = 0;
      const worker = () =>
        q.get((item, shutdown) => {
          if (shutdown) return;
          expect(held.has(item!)).toBe(false);
          held.add(item!);
          owed.delete(item!);
          handedOut++;
          clock.after(rng.int(0, 20), () => {
            held.delete(item!);
            q.done(item!);
            worker();
          });
        });
      for (let w = 0; w < 4; w++) worker();
      for (let i = 0; i < 300; i++) {
        const item = rng.pick(['a', 'b', 'c', 'd', 'e']);
        q.add(item);
        owed.add(item);
        clock.step(rng.int(0, 5));
      }
      clock.step(1000);
      expect(owed.size).toBe(0);
      expect(held.size).toBe(0);
      expect(handedOut).toBeGreaterThan(5);
      expect(handedOut).toBeLessThan(300);
    }
  });

  it('after shutDown ignores adds, hands out what is left, then tells workers to stop', () => {
    const clock = new FakeClock();
    const q = new Queue<string>(clock);
    q.add('a');
    q.shutDown();
    q.add('b');
    expect(q.shuttingDown()).toBe(true);
    expect(take(clock, q)).toEqual({ item: 'a', shutdown: false });
    expect(take(clock, q)).toEqual({ item: undefined, shutdown: true });
  });

  it('shutDownWithDrain reports drained once the items being processed are done', () => {
    const clock = new FakeClock();
    const q = new Queue<string>(clock);
    q.add('a');
    take(clock, q);
    let drained = false;
    q.shutDownWithDrain(() => (drained = true));
    clock.step(100);
    expect(drained).toBe(false);
    q.done('a');
    clock.flush();
    expect(drained).toBe(true);
  });

  it('shutDown cancels a pending drain', () => {
    const clock = new FakeClock();
    const q = new Queue<string>(clock);
    q.add('a');
    take(clock, q);
    let drained = false;
    q.shutDownWithDrain(() => (drained = true));
    q.shutDown();
    clock.flush();
    expect(drained).toBe(true);
    expect(q.isProcessing('a')).toBe(true);
  });
});

describe('DelayingQueue', () => {
  it('adds an item once its delay has passed, on the injected clock', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>(clock);
    q.addAfter('a', 100);
    q.addAfter('b', 50);
    q.addAfter('now', 0);
    expect(q.len()).toBe(1);
    clock.step(49);
    expect(q.len()).toBe(1);
    clock.step(1);
    expect(q.len()).toBe(2);
    clock.step(50);
    expect(q.len()).toBe(3);
    expect([take(clock, q)?.item, take(clock, q)?.item, take(clock, q)?.item]).toEqual(['now', 'b', 'a']);
  });

  it('keeps the sooner ready time when an item is added again while waiting', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>(clock);
    q.addAfter('a', 100);
    q.addAfter('a', 30);
    q.addAfter('a', 200);
    expect(q.waitingLen()).toBe(1);
    clock.step(30);
    expect(q.len()).toBe(1);
    clock.step(300);
    expect(q.len()).toBe(1);
  });

  it('orders items ready at the same time by when they were scheduled', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>(clock);
    q.addAfter('x', 10);
    q.addAfter('y', 10);
    q.addAfter('z', 10);
    clock.step(10);
    expect([take(clock, q)?.item, take(clock, q)?.item, take(clock, q)?.item]).toEqual(['x', 'y', 'z']);
  });

  it('drops waiting items on shutdown', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>(clock);
    q.addAfter('a', 10);
    q.shutDown();
    clock.step(20);
    expect(q.len()).toBe(0);
    expect(clock.pendingCount()).toBe(0);
  });
});
