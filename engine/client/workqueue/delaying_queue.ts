/**
 * DelayingQueue is util/workqueue's DelayingInterface: a Queue that can also
 * add an item after a delay, on the injected clock.
 */
import type { Cancelable, Clock } from '../types';
import { Queue } from './queue';

interface Waiting<T> {
  item: T;
  readyAt: number;
  /** seq orders items ready at the same time by when they were first scheduled. */
  seq: number;
}

export class DelayingQueue<T = string> extends Queue<T> {
  /** waiting is sorted by (readyAt, seq); an item appears in it at most once. */
  private waiting: Waiting<T>[] = [];
  private readonly waitingByItem = new Map<T, Waiting<T>>();
  private seq = 0;
  /** timer fires at waiting[0].readyAt (timerAt) when waiting is not empty. */
  private timer: Cancelable | undefined;
  private timerAt = Infinity;

  constructor(clock: Clock, name = '') {
    super(clock, name);
  }

  /**
   * addAfter adds item once delayMs has passed (at once if delayMs <= 0). An
   * item already waiting keeps the sooner of its two ready times. Ignored
   * once the queue is shutting down.
   */
  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown()) return;
    if (delayMs <= 0) return this.add(item);
    const readyAt = this.clock.now + delayMs;
    const existing = this.waitingByItem.get(item);
    if (existing) {
      if (readyAt >= existing.readyAt) return;
      this.waiting.splice(this.waiting.indexOf(existing), 1);
      existing.readyAt = readyAt;
      this.insert(existing);
    } else {
      const entry = { item, readyAt, seq: this.seq++ };
      this.waitingByItem.set(item, entry);
      this.insert(entry);
    }
    this.arm();
  }

  /** waitingLen is how many items wait for their delay to pass. */
  waitingLen(): number {
    return this.waiting.length;
  }

  /** shutDown also drops the items still waiting for their delay. */
  override shutDown(): void {
    this.dropWaiting();
    super.shutDown();
  }

  override shutDownWithDrain(onDrained?: () => void): void {
    this.dropWaiting();
    super.shutDownWithDrain(onDrained);
  }

  private insert(entry: Waiting<T>): void {
    let lo = 0;
    let hi = this.waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const w = this.waiting[mid];
      if (w.readyAt < entry.readyAt || (w.readyAt === entry.readyAt && w.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.waiting.splice(lo, 0, entry);
  }

  /** arm keeps one timer, for the soonest waiting item. */
  private arm(): void {
    const next = this.waiting[0]?.readyAt ?? Infinity;
    if (next === this.timerAt) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = next;
    if (next === Infinity) return;
    this.timer = this.clock.after(Math.max(0, next - this.clock.now), () => {
      this.timer = undefined;
      this.timerAt = Infinity;
      const now = this.clock.now;
      while (this.waiting.length > 0 && this.waiting[0].readyAt <= now) {
        const entry = this.waiting.shift()!;
        this.waitingByItem.delete(entry.item);
        this.add(entry.item);
      }
      this.arm();
    });
  }

  private dropWaiting(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
    this.waiting = [];
    this.waitingByItem.clear();
  }
}
