/**
 * EventQueue orders scheduled events by (time, seq): earliest first, and
 * among events due at the same millisecond, the one scheduled first runs
 * first. seq is assigned at insertion, so the order of simultaneous events
 * depends only on the order the program scheduled them — never on the heap's
 * internals — which is what makes a run replayable.
 */
export interface QueuedEvent<T> {
  readonly at: number;
  readonly seq: number;
  readonly value: T;
}

export class EventQueue<T> {
  private heap: QueuedEvent<T>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** push schedules `value` at time `at` and returns the queued event. */
  push(at: number, value: T): QueuedEvent<T> {
    const ev = { at, seq: this.nextSeq++, value };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    return ev;
  }

  /** peek returns the next event without removing it. */
  peek(): QueuedEvent<T> | undefined {
    return this.heap[0];
  }

  /** pop removes and returns the next event. */
  pop(): QueuedEvent<T> | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before<T>(x: QueuedEvent<T>, y: QueuedEvent<T>): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
