/**
 * SharedIndexInformer is tools/cache's sharedIndexInformer on callbacks: one
 * reflector fills one Indexer, and every change is handed to each registered
 * handler as OnAdd / OnUpdate / OnDelete, in the order the server produced it.
 *
 * Upstream, the reflector feeds a DeltaFIFO that a controller pops, and each
 * handler has its own goroutine and buffer. The engine is single-threaded, so
 * here each change is applied to the cache and delivered to the handlers
 * before the next one is looked at: the DeltaFIFO keeps only its observable
 * rules, which are written on `DeltaHandler` below.
 */
import { Indexer, type Indexers } from './indexer';
import { Lister } from './lister';
import { Reflector } from './reflector';
import { DeletedFinalStateUnknown } from './store';
import type { Clock, KubeObject, ListerWatcher, Logger, RandomSource, StatusLike } from './types';
import { silentLogger } from './types';

/**
 * ResourceEventHandler is ResourceEventHandlerFuncs: any of the three may be
 * absent. Handlers must not mutate the objects they receive (they are the
 * cache's). onDelete receives a DeletedFinalStateUnknown when the informer
 * learnt of the deletion from a relist rather than from a watch event.
 */
export interface ResourceEventHandler<T> {
  onAdd?(obj: T, isInInitialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

/** ResourceEventHandlerRegistration is the handle addEventHandler returns. */
export interface ResourceEventHandlerRegistration {
  /** hasSynced holds once this handler has received the informer's initial state. */
  hasSynced(): boolean;
}

export interface SharedIndexInformerOptions<T extends KubeObject> {
  listerWatcher: ListerWatcher<T>;
  clock: Clock;
  rng: RandomSource;
  /** defaultResyncPeriodMs is the resync period of handlers added with addEventHandler (0: none). */
  defaultResyncPeriodMs?: number;
  indexers?: Indexers<T>;
  name?: string;
  typeDescription?: string;
  pageSize?: number;
  logger?: Logger;
  watchErrorHandler?: (reflector: Reflector<T>, err: StatusLike) => void;
}

/** minimumResyncPeriodMs is the shortest resync period a handler may ask for. */
export const minimumResyncPeriodMs = 1000;

interface Listener<T> {
  handler: ResourceEventHandler<T>;
  /** resyncPeriodMs is the effective period (0: never); nextResyncAt is when it is next due. */
  resyncPeriodMs: number;
  nextResyncAt: number;
  /** syncing marks a listener found due at the last resync check: sync-only updates go to it alone. */
  syncing: boolean;
  /** initialDelivered holds once the listener has been handed the cache's state. */
  initialDelivered: boolean;
  removed: boolean;
  registration: ResourceEventHandlerRegistration;
}

export class SharedIndexInformer<T extends KubeObject = KubeObject> {
  private readonly indexer: Indexer<T>;
  private readonly options: SharedIndexInformerOptions<T>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly defaultResyncPeriodMs: number;
  /** resyncCheckPeriodMs is how often the reflector asks whether a listener is due: the shortest handler period. */
  private resyncCheckPeriodMs: number;
  /** listeners is replaced, never changed in place: a distribution walks the array it started with. */
  private listeners: Listener<T>[] = [];
  private reflector: Reflector<T> | undefined;
  private started = false;
  private stopped = false;
  /** synced holds once the first list has been delivered to the handlers. */
  private synced = false;

  constructor(options: SharedIndexInformerOptions<T>) {
    this.options = options;
    this.clock = options.clock;
    this.logger = options.logger ?? silentLogger;
    this.indexer = new Indexer<T>(undefined, options.indexers ?? {});
    this.defaultResyncPeriodMs = options.defaultResyncPeriodMs ?? 0;
    this.resyncCheckPeriodMs = this.defaultResyncPeriodMs;
  }

  /** getIndexer returns the cache: read it, never write it. */
  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  /** getStore is getIndexer (a Store is an Indexer without the index methods). */
  getStore(): Indexer<T> {
    return this.indexer;
  }

  /** lister returns a lister over the cache. */
  lister(): Lister<T> {
    return new Lister(this.indexer);
  }

  /** addIndexers adds indices; like client-go before 1.30 it refuses once the informer has started. */
  addIndexers(indexers: Indexers<T>): void {
    if (this.started) throw new Error('informer has already started');
    this.indexer.addIndexers(indexers);
  }

  /** hasSynced holds once the initial list has been delivered to the handlers (it stays true across relists). */
  hasSynced(): boolean {
    return this.synced;
  }

  /** hasStarted holds after run(). */
  hasStarted(): boolean {
    return this.started;
  }

  /** isStopped holds after stop(). */
  isStopped(): boolean {
    return this.stopped;
  }

  /** lastSyncResourceVersion is the resourceVersion the cache reflects ("" before the first list). */
  lastSyncResourceVersion(): string {
    return this.reflector?.lastSyncResourceVersion() ?? '';
  }

  /** addEventHandler registers a handler with the informer's default resync period. */
  addEventHandler(handler: ResourceEventHandler<T>): ResourceEventHandlerRegistration {
    return this.addEventHandlerWithResyncPeriod(handler, this.defaultResyncPeriodMs);
  }

  /**
   * addEventHandlerWithResyncPeriod registers a handler that also gets
   * onUpdate(obj, obj) for every cached object each resyncPeriodMs (0: never).
   * A period under 1s is raised to 1s; a period shorter than the informer's
   * check period lowers that period before run(), and is raised to it after.
   * A handler added after run() is first handed every cached object as
   * onAdd(obj, true), then the changes that follow.
   */
  addEventHandlerWithResyncPeriod(handler: ResourceEventHandler<T>, resyncPeriodMs: number): ResourceEventHandlerRegistration {
    if (this.stopped) throw new Error('handler was not added to shared informer because it has stopped already');
    let period = resyncPeriodMs;
    if (period > 0) {
      if (period < minimumResyncPeriodMs) {
        this.logger.warning(`resyncPeriod ${period}ms is too small. Changing it to the minimum allowed value of ${minimumResyncPeriodMs}ms`);
        period = minimumResyncPeriodMs;
      }
      if (period < this.resyncCheckPeriodMs || this.resyncCheckPeriodMs === 0) {
        if (this.started) {
          if (this.resyncCheckPeriodMs > 0) {
            this.logger.warning(
              `resyncPeriod ${period}ms is smaller than resyncCheckPeriod ${this.resyncCheckPeriodMs}ms and the informer has already started. Changing it to ${this.resyncCheckPeriodMs}ms`,
            );
            period = this.resyncCheckPeriodMs;
          }
          // An informer started without resync checks never resyncs: upstream keeps the period but never asks.
        } else {
          this.resyncCheckPeriodMs = period;
        }
      }
    }
    const listener: Listener<T> = {
      handler,
      resyncPeriodMs: period,
      nextResyncAt: this.clock.now + period,
      syncing: false,
      initialDelivered: false,
      removed: false,
      registration: { hasSynced: () => this.synced && listener.initialDelivered && !listener.removed },
    };
    this.listeners = [...this.listeners, listener];
    if (this.started) {
      for (const obj of this.indexer.list()) {
        if (listener.removed) break;
        handler.onAdd?.(obj, true);
      }
    }
    listener.initialDelivered = true;
    return listener.registration;
  }

  /** removeEventHandler stops deliveries to a registered handler; an unknown registration is an error. */
  removeEventHandler(registration: ResourceEventHandlerRegistration): void {
    const i = this.listeners.findIndex((l) => l.registration === registration);
    if (i < 0) throw new Error('removing unknown event handler');
    this.listeners[i].removed = true;
    this.listeners = this.listeners.filter((_, j) => j !== i);
  }

  /** run starts the reflector. A second run() is ignored with a warning, as upstream. */
  run(): void {
    if (this.started) {
      this.logger.warning('The sharedIndexInformer has started, run more than once is not allowed');
      return;
    }
    if (this.stopped) throw new Error('informer has been stopped');
    this.started = true;
    const o = this.options;
    this.reflector = new Reflector<T>({
      listerWatcher: o.listerWatcher,
      store: new DeltaHandler(this.indexer, this, () => this.synced, () => (this.synced = true)),
      clock: this.clock,
      rng: o.rng,
      name: o.name,
      typeDescription: o.typeDescription,
      resyncPeriodMs: this.resyncCheckPeriodMs,
      shouldResync: () => this.shouldResync(),
      pageSize: o.pageSize,
      logger: this.logger,
      watchErrorHandler: o.watchErrorHandler,
    });
    this.reflector.run();
  }

  /** stop stops the reflector: no handler is called after it returns. */
  stop(): void {
    this.stopped = true;
    this.reflector?.stop();
  }

  /** distribute hands a notification to every listener, or only to the syncing ones for a resync. */
  distribute(deliver: (h: ResourceEventHandler<T>) => void, sync: boolean): void {
    for (const l of this.listeners) {
      if (l.removed || this.stopped) continue;
      if (sync && !l.syncing) continue;
      deliver(l.handler);
    }
  }

  /** shouldResync is sharedProcessor.shouldResync: mark the listeners that are due, and say whether any is. */
  private shouldResync(): boolean {
    const now = this.clock.now;
    let any = false;
    for (const l of this.listeners) {
      l.syncing = l.resyncPeriodMs > 0 && now >= l.nextResyncAt;
      if (l.syncing) {
        any = true;
        l.nextResyncAt = now + l.resyncPeriodMs;
      }
    }
    return any;
  }
}

/**
 * DeltaHandler is the reflector's store for an informer: DeltaFIFO plus
 * HandleDeltas, applied one change at a time. Its rules:
 * - add/update: the cache gets the object; handlers get onUpdate(old, new) if
 *   the key was cached, else onAdd(new, isInInitialList) where isInInitialList
 *   holds only while the first list is being delivered;
 * - delete: a key the cache does not hold is dropped (the deletion was
 *   already reported by a relist); otherwise onDelete(obj);
 * - replace (a list): the listed objects as add/update, in list order (an
 *   update whose resourceVersion did not change is a resync: it goes only to
 *   listeners due for one), then, in key order, a delete of
 *   DeletedFinalStateUnknown{key, last cached state} for every cached key the
 *   list no longer holds;
 * - resync: onUpdate(obj, obj) for every cached object, to due listeners only.
 */
class DeltaHandler<T extends KubeObject> {
  constructor(
    private readonly indexer: Indexer<T>,
    private readonly informer: SharedIndexInformer<T>,
    private readonly synced: () => boolean,
    private readonly markSynced: () => void,
  ) {}

  add(obj: T): void {
    this.upsert(this.indexer.keyFunc(obj), obj, false, !this.synced());
  }

  update(obj: T): void {
    this.upsert(this.indexer.keyFunc(obj), obj, false, !this.synced());
  }

  delete(obj: T): void {
    const key = this.indexer.keyFunc(obj);
    const old = this.indexer.getByKey(key);
    if (old === undefined) return;
    this.indexer.deleteByKey(key);
    this.informer.distribute((h) => h.onDelete?.(obj), false);
  }

  replace(items: T[], _resourceVersion: string): void {
    const initial = !this.synced();
    // Each object is keyed once: a list of 100k objects into 100 informers is 10M keys otherwise computed thrice.
    const keys = items.map((obj) => this.indexer.keyFunc(obj));
    let vanished: string[] = [];
    const cached = this.indexer.listKeys();
    if (cached.length > 0) {
      const listed = new Set(keys);
      vanished = cached.filter((k) => !listed.has(k)).sort();
    }
    for (let i = 0; i < items.length; i++) this.upsert(keys[i], items[i], true, initial);
    for (const key of vanished) {
      const last = this.indexer.getByKey(key);
      if (last === undefined) continue;
      const tombstone = new DeletedFinalStateUnknown<T>(key, last);
      this.indexer.deleteByKey(key);
      this.informer.distribute((h) => h.onDelete?.(tombstone), false);
    }
    this.markSynced();
  }

  resync(): void {
    for (const key of this.indexer.listKeys()) {
      const obj = this.indexer.getByKey(key);
      if (obj === undefined) continue;
      this.indexer.addByKey(key, obj);
      this.informer.distribute((h) => h.onUpdate?.(obj, obj), true);
    }
  }

  /** upsert applies one Added/Updated/Replaced delta of the object filed under key. */
  private upsert(key: string, obj: T, replaced: boolean, isInInitialList: boolean): void {
    const old = this.indexer.getByKey(key);
    this.indexer.addByKey(key, obj);
    if (old !== undefined) {
      // A relisted object whose version did not change is not news: only resyncing listeners hear of it.
      const sync = replaced && old.metadata?.resourceVersion === obj.metadata?.resourceVersion;
      this.informer.distribute((h) => h.onUpdate?.(old, obj), sync);
    } else {
      this.informer.distribute((h) => h.onAdd?.(obj, isInInitialList), false);
    }
  }
}

/**
 * filteringHandler is FilteringResourceEventHandler: the wrapped handler sees
 * only objects that pass `filter`; an update that moves an object into the
 * filter is an add, out of it a delete.
 */
export function filteringHandler<T>(filter: (obj: T | DeletedFinalStateUnknown<T>) => boolean, handler: ResourceEventHandler<T>): ResourceEventHandler<T> {
  return {
    onAdd(obj, isInInitialList) {
      if (filter(obj)) handler.onAdd?.(obj, isInInitialList);
    },
    onUpdate(oldObj, newObj) {
      const newer = filter(newObj);
      const older = filter(oldObj);
      if (newer && older) handler.onUpdate?.(oldObj, newObj);
      else if (newer && !older) handler.onAdd?.(newObj, false);
      else if (!newer && older) handler.onDelete?.(oldObj);
    },
    onDelete(obj) {
      if (filter(obj)) handler.onDelete?.(obj);
    },
  };
}

/**
 * waitForCacheSync is cache.WaitForCacheSync on callbacks: it checks every
 * 100ms (as upstream polls) until every function holds, then calls done(true);
 * cancel() abandons the wait and calls done(false).
 */
export function waitForCacheSync(clock: Clock, synced: Array<() => boolean>, done: (ok: boolean) => void): { cancel(): void } {
  let timer: { cancel(): void } | undefined;
  let finished = false;
  const check = () => {
    timer = undefined;
    if (synced.every((f) => f())) {
      finished = true;
      return done(true);
    }
    timer = clock.after(100, check);
  };
  timer = clock.after(0, check);
  return {
    cancel() {
      if (finished) return;
      finished = true;
      timer?.cancel();
      done(false);
    },
  };
}
