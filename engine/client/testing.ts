/**
 * Test doubles for engine/client: FakeClock (a virtual clock you advance by
 * hand) and FakeApiServer (an in-memory resource with resourceVersions, a
 * compactable event history, watch streams, paging and injectable failures,
 * served through the ListerWatcher seam).
 */
import { metaNamespaceKeyFunc } from './store';
import type {
  Cancelable,
  Clock,
  KubeObject,
  ListerWatcher,
  ListOptions,
  ObjectList,
  StatusLike,
  Watch,
  WatchEvent,
  WatchOptions,
} from './types';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * FakeClock runs callbacks in (time, scheduling order) when advanced; nothing
 * runs by itself. `limit` bounds how many callbacks one advance may run, so a
 * timer loop fails a test instead of hanging it.
 */
export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(private readonly limit = 100_000) {}

  get now(): number {
    return this.time;
  }

  after(delayMs: number, fn: () => void): Cancelable {
    if (!(delayMs >= 0)) throw new RangeError(`FakeClock.after: bad delay ${delayMs}`);
    const p: Pending = { at: this.time + delayMs, seq: this.seq++, fn, cancelled: false };
    this.pending.push(p);
    return {
      cancel: () => {
        p.cancelled = true;
      },
    };
  }

  /** step advances time by ms, running everything due up to and including the new time. */
  step(ms: number): void {
    this.runTo(this.time + ms);
  }

  /** flush runs everything due now (after(0) callbacks and what they schedule for now). */
  flush(): void {
    this.runTo(this.time);
  }

  /** pendingCount is how many uncancelled callbacks wait. */
  pendingCount(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }

  /** nextAt is when the next uncancelled callback is due, or undefined. */
  nextAt(): number | undefined {
    return this.next()?.at;
  }

  private next(): Pending | undefined {
    this.pending = this.pending.filter((p) => !p.cancelled);
    let best: Pending | undefined;
    for (const p of this.pending) if (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    return best;
  }

  private runTo(target: number): void {
    for (let ran = 0; ; ran++) {
      const p = this.next();
      if (!p || p.at > target) break;
      if (ran >= this.limit) throw new Error(`FakeClock: more than ${this.limit} callbacks before ${target}ms (a timer loop?)`);
      this.pending.splice(this.pending.indexOf(p), 1);
      this.time = p.at;
      p.fn();
    }
    this.time = target;
  }
}

/** expired is the Status the API server answers for a compacted resourceVersion. */
export function expiredStatus(message: string): StatusLike {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Expired', code: 410 };
}

/** failure builds a failure Status with a code and reason. */
export function failureStatus(code: number, reason: string, message: string): StatusLike {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

interface HistoryEvent<T extends KubeObject> {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
}

interface OpenWatch<T extends KubeObject> {
  options: WatchOptions;
  onEvent: (event: WatchEvent<T>) => void;
  onEnd: (err?: StatusLike) => void;
  stopped: boolean;
  timeout?: Cancelable;
}

/**
 * FakeApiServer is one resource of an API server, in memory. Every write
 * takes the next resourceVersion (one counter, like etcd's revision);
 * history keeps the events after the compacted revision, so a watch from an
 * older version gets a 410 ERROR event, as the watch cache answers. Lists are
 * served in key order from the current state (any resourceVersion is "not
 * older than"); with a limit they page over a snapshot whose continue token
 * expires (410) once compacted past. Responses and events arrive latencyMs
 * after the request or write, each watch's events in order. Selectors are
 * not supported (they are recorded in `requests` only).
 */
export class FakeApiServer<T extends KubeObject = KubeObject> implements ListerWatcher<T> {
  /** rv is the current resourceVersion (0: nothing written yet). */
  rv = 0;
  /** compactedRV: events at or before it are forgotten. */
  compactedRV = 0;
  /** requests records every list and watch call, in order, for assertions. */
  readonly requests: Array<{ verb: 'list'; at: number; options: ListOptions } | { verb: 'watch'; at: number; options: WatchOptions }> = [];
  private readonly objects = new Map<string, T>();
  private history: HistoryEvent<T>[] = [];
  private readonly snapshots = new Map<number, T[]>();
  private watches: OpenWatch<T>[] = [];
  private listFailures: StatusLike[] = [];
  private watchFailures: StatusLike[] = [];

  constructor(
    private readonly clock: Clock,
    readonly options: { latencyMs?: number; honorTimeouts?: boolean } = {},
  ) {}

  private get latency(): number {
    return this.options.latencyMs ?? 1;
  }

  // ----- writes (the "other clients" of the resource) -----

  /** create stores a new object at the next resourceVersion; an existing key is an error. */
  create(obj: T): T {
    const key = metaNamespaceKeyFunc(obj);
    if (this.objects.has(key)) throw new Error(`fake: ${key} already exists`);
    return this.write('ADDED', key, obj);
  }

  /** update replaces an existing object at the next resourceVersion. */
  update(obj: T): T {
    const key = metaNamespaceKeyFunc(obj);
    if (!this.objects.has(key)) throw new Error(`fake: ${key} not found`);
    return this.write('MODIFIED', key, obj);
  }

  /** delete removes an object; its DELETED event carries the last state at the deletion's resourceVersion. */
  delete(key: string): T {
    const obj = this.objects.get(key);
    if (!obj) throw new Error(`fake: ${key} not found`);
    this.objects.delete(key);
    return this.write('DELETED', key, obj);
  }

  /** get returns a copy of the stored object. */
  get(key: string): T | undefined {
    const o = this.objects.get(key);
    return o && clone(o);
  }

  /** compact forgets the history up to and including rv (default: all of it). */
  compact(rv = this.rv): void {
    this.compactedRV = Math.max(this.compactedRV, rv);
    this.history = this.history.filter((e) => e.rv > this.compactedRV);
  }

  // ----- faults -----

  /** failNextList makes the next list requests fail with these statuses, one each. */
  failNextList(...statuses: StatusLike[]): void {
    this.listFailures.push(...statuses);
  }

  /** failNextWatch makes the next watch requests end at once with these statuses (onEnd(err)), one each. */
  failNextWatch(...statuses: StatusLike[]): void {
    this.watchFailures.push(...statuses);
  }

  /** closeWatches ends every open watch after the events already sent: normally, or with err. */
  closeWatches(err?: StatusLike): void {
    for (const w of this.watches) this.send(w, () => this.end(w, err));
  }

  /** errorWatches sends every open watch an ERROR event with status, then ends it. */
  errorWatches(status: StatusLike): void {
    for (const w of this.watches) {
      this.send(w, () => w.onEvent({ type: 'ERROR', object: status }));
      this.send(w, () => this.end(w));
    }
  }

  /** bookmark sends a BOOKMARK at the current resourceVersion to watches that allow them. */
  bookmark(): void {
    const object = { metadata: { resourceVersion: String(this.rv) } } as T;
    for (const w of this.watches) if (w.options.allowWatchBookmarks) this.send(w, () => w.onEvent({ type: 'BOOKMARK', object: clone(object) }));
  }

  /** openWatches is how many watches are open. */
  openWatches(): number {
    return this.watches.length;
  }

  // ----- ListerWatcher -----

  list(options: ListOptions, done: (err: StatusLike | null, list?: ObjectList<T>) => void): void {
    this.requests.push({ verb: 'list', at: this.clock.now, options: defined(options) });
    const failure = this.listFailures.shift();
    // Served when the answer leaves, so that writes and compactions before then count.
    this.clock.after(this.latency, () => {
      const answer = failure ? { err: failure } : this.serveList(options);
      if ('err' in answer) done(answer.err);
      else done(null, answer.list);
    });
  }

  watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onEnd: (err?: StatusLike) => void): Watch {
    this.requests.push({ verb: 'watch', at: this.clock.now, options: defined(options) });
    const w: OpenWatch<T> = { options, onEvent, onEnd, stopped: false };
    const handle = {
      stop: () => {
        w.stopped = true;
        this.forget(w);
      },
    };
    const failure = this.watchFailures.shift();
    if (failure) {
      this.send(w, () => this.end(w, failure));
      return handle;
    }
    this.watches.push(w);
    const from = options.resourceVersion;
    if (from === '' || from === '0') {
      // "Start at most recent": the current state as synthetic ADDED events, then changes.
      for (const obj of this.objects.values()) this.send(w, () => w.onEvent({ type: 'ADDED', object: clone(obj) }));
    } else {
      const rv = Number(from);
      if (!Number.isInteger(rv) || rv < 0) {
        this.send(w, () => w.onEvent({ type: 'ERROR', object: failureStatus(400, 'BadRequest', `invalid resource version: ${from}`) }));
        this.send(w, () => this.end(w));
        return handle;
      }
      if (rv < this.compactedRV) {
        this.send(w, () => w.onEvent({ type: 'ERROR', object: expiredStatus(`too old resource version: ${rv} (${this.compactedRV})`) }));
        this.send(w, () => this.end(w));
        return handle;
      }
      for (const e of this.history) if (e.rv > rv) this.send(w, () => w.onEvent({ type: e.type, object: clone(e.object) }));
    }
    if (this.options.honorTimeouts !== false && options.timeoutSeconds) {
      w.timeout = this.clock.after(options.timeoutSeconds * 1000, () => this.end(w));
    }
    return handle;
  }

  private serveList(options: ListOptions): { list: ObjectList<T> } | { err: StatusLike } {
    let snapshotRV = this.rv;
    let items: T[];
    let offset = 0;
    if (options.continue) {
      const [rvText, offsetText] = options.continue.split(':');
      snapshotRV = Number(rvText);
      offset = Number(offsetText);
      const snap = this.snapshots.get(snapshotRV);
      if (snapshotRV <= this.compactedRV || !snap) return { err: expiredStatus(CONTINUE_EXPIRED) };
      items = snap;
    } else {
      items = [...this.objects.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
    }
    const limit = options.limit ?? 0;
    if (limit > 0 && items.length - offset > limit) {
      this.snapshots.set(snapshotRV, items);
      return {
        list: {
          items: items.slice(offset, offset + limit).map(clone),
          metadata: { resourceVersion: String(snapshotRV), continue: `${snapshotRV}:${offset + limit}`, remainingItemCount: items.length - offset - limit },
        },
      };
    }
    return { list: { items: items.slice(offset).map(clone), metadata: { resourceVersion: String(snapshotRV) } } };
  }

  private write(type: HistoryEvent<T>['type'], key: string, obj: T): T {
    const rv = ++this.rv;
    const stored = clone(obj);
    stored.metadata = { ...stored.metadata, resourceVersion: String(rv) };
    if (type !== 'DELETED') this.objects.set(key, stored);
    this.history.push({ rv, type, object: stored });
    for (const w of this.watches) this.send(w, () => w.onEvent({ type, object: clone(stored) }));
    return clone(stored);
  }

  /** send delivers to one watch after the latency, unless it has stopped by then. */
  private send(w: OpenWatch<T>, fn: () => void): void {
    this.clock.after(this.latency, () => {
      if (!w.stopped) fn();
    });
  }

  private end(w: OpenWatch<T>, err?: StatusLike): void {
    if (w.stopped) return;
    w.stopped = true;
    this.forget(w);
    w.onEnd(err);
  }

  private forget(w: OpenWatch<T>): void {
    w.timeout?.cancel();
    this.watches = this.watches.filter((x) => x !== w);
  }
}

/** defined copies options without their undefined fields. */
function defined<O extends object>(options: O): O {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as O;
}

function clone<T>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}
