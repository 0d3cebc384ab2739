/**
 * Queue is util/workqueue's Type for a single-threaded engine: a FIFO of work
 * items that de-duplicates and never hands the same item to two workers at
 * once. A "worker" is a caller of get(callback): the callback receives the
 * next item when one is ready, later (never synchronously, so a worker loop
 * cannot recurse), and the worker calls done(item) when it has finished.
 *
 * Items are compared with SameValueZero (Set semantics): use strings (keys),
 * as controllers do, not objects.
 */
import type { Clock } from '../types';

/** GetCallback receives an item, or shutdown = true once the queue is shut down and empty. */
export type GetCallback<T> = (item: T | undefined, shutdown: boolean) => void;

export class Queue<T = string> {
  /** queue is the hand-out order; every queued item is in dirty and not in processing. */
  private queue: T[] = [];
  private head = 0;
  /** dirty holds every item that needs processing: the queued ones and processing ones added again. */
  private readonly dirty = new Set<T>();
  /** processing holds items handed out and not yet done; none of them is queued. */
  private readonly processing = new Set<T>();
  /** waiters are workers blocked in get(), served first come, first served. */
  private readonly waiters: GetCallback<T>[] = [];
  private shutdownRequested = false;
  /** drain holds during shutDownWithDrain until processing empties (or shutDown() cancels it). */
  private drain = false;
  private drained: Array<() => void> = [];

  constructor(
    protected readonly clock: Clock,
    readonly name = '',
  ) {}

  /**
   * add marks item as needing processing. An item already queued is not queued
   * twice; an item being processed is queued again when done() is called for
   * it. Ignored once the queue is shutting down.
   */
  add(item: T): void {
    if (this.shutdownRequested) return;
    if (this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.queue.push(item);
    this.pump();
  }

  /** len is how many items wait to be handed out (not counting those being processed). */
  len(): number {
    return this.queue.length - this.head;
  }

  /**
   * get asks for the next item: callback(item, false) once one is ready, the
   * item then being "processing" until done(item); callback(undefined, true)
   * once the queue is shut down and empty. Items still queued at shutdown are
   * handed out first, as upstream.
   */
  get(callback: GetCallback<T>): void {
    this.waiters.push(callback);
    this.pump();
  }

  /**
   * done ends the processing of item. If it was added while being processed it
   * is queued again now. done for an item not being processed is an error.
   */
  done(item: T): void {
    if (!this.processing.delete(item)) throw new Error(`workqueue${this.name ? ` ${this.name}` : ''}: done(${String(item)}) for an item that is not being processed`);
    if (this.dirty.has(item)) {
      this.queue.push(item);
      this.pump();
    }
    if (this.processing.size === 0 && this.drain) this.finishDrain();
  }

  /** isProcessing reports whether item has been handed out and is not done. */
  isProcessing(item: T): boolean {
    return this.processing.has(item);
  }

  /** shutDown stops accepting items; waiting workers get shutdown once the queue is empty. It cancels a drain. */
  shutDown(): void {
    this.shutdownRequested = true;
    if (this.drain) {
      this.drain = false;
      this.finishDrain();
    }
    this.pump();
  }

  /**
   * shutDownWithDrain is shutDown that, in addition, calls onDrained once no
   * item is being processed any more (later, never synchronously).
   */
  shutDownWithDrain(onDrained?: () => void): void {
    this.shutdownRequested = true;
    if (onDrained) this.drained.push(onDrained);
    this.drain = true;
    this.pump();
    if (this.processing.size === 0) this.finishDrain();
  }

  /** shuttingDown reports whether shutDown or shutDownWithDrain was called. */
  shuttingDown(): boolean {
    return this.shutdownRequested;
  }

  /** pump hands ready items (or shutdown) to waiting workers; each delivery runs later, on the clock. */
  private pump(): void {
    while (this.waiters.length > 0 && (this.len() > 0 || this.shutdownRequested)) {
      const waiter = this.waiters.shift()!;
      if (this.len() === 0) {
        this.clock.after(0, () => waiter(undefined, true));
        continue;
      }
      const item = this.queue[this.head++];
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      // Reserved now, delivered later: between the two, add(item) marks it dirty instead of queueing it again.
      this.processing.add(item);
      this.dirty.delete(item);
      this.clock.after(0, () => waiter(item, false));
    }
  }

  private finishDrain(): void {
    this.drain = false;
    const callbacks = this.drained;
    this.drained = [];
    for (const cb of callbacks) this.clock.after(0, cb);
  }
}
