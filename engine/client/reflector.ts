/**
 * Reflector is tools/cache's Reflector on callbacks: it keeps a store in step
 * with one resource on the server by listing (in pages) and then watching
 * from the list's resourceVersion.
 *
 * The cycle, as ListAndWatch runs it under wait.BackoffUntil:
 * - list at relistResourceVersion() ("0" first, then the last synced version,
 *   "" once that version is known to be gone), replace the store with the
 *   result, start the resync timer, then watch from the list's version;
 * - each watch event updates the store and the last synced version; a watch
 *   the server closes normally is reopened at once from the last synced
 *   version (nothing is missed, nothing repeated);
 * - a watch that breaks (an ERROR event such as 410 Expired, an error end, or
 *   a "very short watch") or a failed list ends the cycle: after a backoff
 *   (800ms ×2 up to 30s, jittered) the reflector lists again; a 429 on a watch
 *   only re-opens the watch after the backoff.
 */
import { ExponentialBackoffManager } from './backoff';
import { isResourceExpired, isTooLargeResourceVersion, isTooManyRequests, statusError, statusMessage } from './errors';
import { defaultPageSize, listPages, type PagedResult } from './pager';
import type { Cancelable, Clock, KubeObject, ListerWatcher, ListOptions, Logger, RandomSource, StatusLike, Watch, WatchEvent } from './types';
import { silentLogger } from './types';

/** ReflectorStore is what a reflector writes to: an Indexer, or the informer's delta handling. */
export interface ReflectorStore<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  replace(items: T[], resourceVersion: string): void;
  resync(): void;
}

export interface ReflectorOptions<T extends KubeObject> {
  listerWatcher: ListerWatcher<T>;
  store: ReflectorStore<T>;
  clock: Clock;
  /** rng draws backoff jitter and watch timeouts. */
  rng: RandomSource;
  /** name prefixes log lines (upstream: the caller's file:line). */
  name?: string;
  /** typeDescription names the resource in log lines, e.g. "*v1.Pod". */
  typeDescription?: string;
  /** resyncPeriodMs: call store.resync() this often while watching (0: never). */
  resyncPeriodMs?: number;
  /** shouldResync is asked before each periodic resync; absent means always. */
  shouldResync?: () => boolean;
  /** pageSize is WatchListPageSize: 0 lets the reflector choose as upstream does. */
  pageSize?: number;
  logger?: Logger;
  /** watchErrorHandler receives the error that ended a list-and-watch cycle (DefaultWatchErrorHandler by default). */
  watchErrorHandler?: (reflector: Reflector<T>, err: StatusLike) => void;
}

/** minWatchTimeoutS is the reflector's minimum watch timeout: each watch asks for 5–10 minutes. */
export const minWatchTimeoutS = 300;

/** shortWatchMs: a watch closed sooner than this with no events is an error (the server is probably unwell). */
export const shortWatchMs = 1000;

export class Reflector<T extends KubeObject = KubeObject> {
  readonly name: string;
  readonly typeDescription: string;
  private readonly lw: ListerWatcher<T>;
  private readonly store: ReflectorStore<T>;
  private readonly clock: Clock;
  private readonly rng: RandomSource;
  /** logger receives this reflector's log lines. */
  readonly logger: Logger;
  private readonly backoff: ExponentialBackoffManager;
  private readonly resyncPeriodMs: number;
  private readonly shouldResync?: () => boolean;
  private readonly pageSize: number;
  private readonly watchErrorHandler: (reflector: Reflector<T>, err: StatusLike) => void;

  /** lastSyncRV is the resourceVersion of the last list or watch event applied to the store. */
  private lastSyncRV = '';
  /** lastSyncRVUnavailable holds after the server answered 410 for lastSyncRV: the next list asks for "" instead. */
  private lastSyncRVUnavailable = false;
  /** paginatedResult holds once a list at "0" came back in pages: the server pages, so keep asking for pages. */
  private paginatedResult = false;
  /** cycle numbers list-and-watch cycles: a callback of an older cycle is ignored. */
  private cycle = 0;
  private running = false;
  private watch: Watch | undefined;
  private resyncTimer: Cancelable | undefined;
  private backoffTimer: Cancelable | undefined;

  constructor(options: ReflectorOptions<T>) {
    this.lw = options.listerWatcher;
    this.store = options.store;
    this.clock = options.clock;
    this.rng = options.rng;
    this.name = options.name ?? 'reflector';
    this.typeDescription = options.typeDescription ?? 'object';
    this.logger = options.logger ?? silentLogger;
    this.backoff = new ExponentialBackoffManager(this.clock, this.rng);
    this.resyncPeriodMs = options.resyncPeriodMs ?? 0;
    this.shouldResync = options.shouldResync;
    this.pageSize = options.pageSize ?? 0;
    this.watchErrorHandler = options.watchErrorHandler ?? defaultWatchErrorHandler;
  }

  /** run starts list-and-watch cycles until stop(). Calling it twice is an error. */
  run(): void {
    if (this.running) throw new Error(`${this.name}: reflector is already running`);
    this.running = true;
    this.listAndWatch();
  }

  /** stop ends the current cycle: no store write and no callback happens after it. */
  stop(): void {
    this.running = false;
    this.endCycle();
    this.backoffTimer?.cancel();
    this.backoffTimer = undefined;
  }

  /** lastSyncResourceVersion is LastSyncResourceVersion: the version the store reflects ("" before the first list). */
  lastSyncResourceVersion(): string {
    return this.lastSyncRV;
  }

  /**
   * relistResourceVersion is the version the next list asks for: "0" (any,
   * cheap, from the watch cache) before the first sync, "" (latest, from
   * etcd) when the last one is gone, else the last one ("not older than").
   */
  relistResourceVersion(): string {
    if (this.lastSyncRVUnavailable) return '';
    return this.lastSyncRV === '' ? '0' : this.lastSyncRV;
  }

  private listAndWatch(): void {
    const cycle = ++this.cycle;
    this.logger.info(3, `${this.name}: Listing and watching ${this.typeDescription}`);
    const options: ListOptions = { resourceVersion: this.relistResourceVersion() };
    let pageSize = defaultPageSize;
    if (this.pageSize > 0) pageSize = this.pageSize;
    else if (!this.paginatedResult && options.resourceVersion !== '' && options.resourceVersion !== '0') {
      // "Not older than" a version can be served from the watch cache only unpaged.
      pageSize = 0;
    }
    const listed = (err: StatusLike | null, result?: PagedResult<T>) => {
      if (cycle !== this.cycle) return;
      if (err || !result) {
        const e = err ?? statusError('list returned nothing');
        this.logger.warning(`${this.name}: failed to list ${this.typeDescription}: ${statusMessage(e)}`);
        return this.cycleFailed(statusError(`failed to list ${this.typeDescription}: ${statusMessage(e)}`, e.reason ?? '', e.code ?? 0));
      }
      if (options.resourceVersion === '0' && result.paginated) this.paginatedResult = true;
      this.lastSyncRVUnavailable = false;
      const rv = result.list.metadata.resourceVersion ?? '';
      this.store.replace(result.list.items, rv);
      if (cycle !== this.cycle) return; // a handler stopped us
      this.lastSyncRV = rv;
      this.startResync(cycle);
      this.startWatch(cycle);
    };
    listPages(this.lw, options, pageSize, (err, result) => {
      if (cycle !== this.cycle) return;
      if (err && (isResourceExpired(err) || isTooLargeResourceVersion(err))) {
        // The version we asked for is gone (or not there yet): ask for the latest instead, at once.
        this.lastSyncRVUnavailable = true;
        return listPages(this.lw, { resourceVersion: this.relistResourceVersion() }, pageSize, listed);
      }
      listed(err, result);
    });
  }

  private startWatch(cycle: number): void {
    const startedAt = this.clock.now;
    let events = 0;
    let ended = false;
    const options = {
      resourceVersion: this.lastSyncRV,
      // Spread watch ends over 5–10 minutes so that clients do not all reconnect at once.
      timeoutSeconds: Math.floor(minWatchTimeoutS * (this.rng.next() + 1)),
      allowWatchBookmarks: true,
    };
    let handle: Watch | undefined;
    const end = (err?: StatusLike) => {
      if (ended || cycle !== this.cycle) return;
      ended = true;
      handle?.stop();
      if (this.watch === handle) this.watch = undefined;
      if (!err && this.clock.now - startedAt < shortWatchMs && events === 0) {
        err = statusError(
          `very short watch: ${this.name}: Unexpected watch close - watch lasted less than a second and no items received`,
        );
      }
      if (!err) {
        this.logger.info(4, `${this.name}: Watch close - ${this.typeDescription} total ${events} items received`);
        return this.startWatch(cycle);
      }
      this.watchEnded(cycle, err);
    };
    const onEvent = (event: WatchEvent<T>) => {
      if (ended || cycle !== this.cycle) return;
      if (event.type === 'ERROR') return end(event.object);
      const obj = event.object;
      const rv = obj?.metadata?.resourceVersion;
      if (rv === undefined) {
        this.logger.warning(`${this.name}: unable to understand watch event ${JSON.stringify(event)}`);
        return;
      }
      switch (event.type) {
        case 'ADDED':
          this.store.add(obj);
          break;
        case 'MODIFIED':
          this.store.update(obj);
          break;
        case 'DELETED':
          this.store.delete(obj);
          break;
        case 'BOOKMARK':
          break;
        default:
          this.logger.warning(`${this.name}: unable to understand watch event ${JSON.stringify(event)}`);
          return;
      }
      if (cycle !== this.cycle) return; // a handler stopped us
      this.lastSyncRV = rv;
      events++;
    };
    handle = this.lw.watch(options, onEvent, end);
    if (ended) handle.stop();
    else this.watch = handle;
  }

  /** watchEnded handles a watch that ended with an error, as the reflector's watch loop does. */
  private watchEnded(cycle: number, err: StatusLike): void {
    if (isResourceExpired(err)) {
      // Relist at the last synced version first: "not older than" it may still be served.
      this.logger.info(4, `${this.name}: watch of ${this.typeDescription} closed with: ${statusMessage(err)}`);
    } else if (isTooManyRequests(err)) {
      this.logger.info(2, `${this.name}: watch of ${this.typeDescription} returned 429 - backing off`);
      this.backoffTimer = this.clock.after(this.backoff.next(), () => {
        this.backoffTimer = undefined;
        if (cycle === this.cycle) this.startWatch(cycle);
      });
      return;
    } else {
      this.logger.warning(`${this.name}: watch of ${this.typeDescription} ended with: ${statusMessage(err)}`);
    }
    this.cycleEnded();
  }

  /** cycleFailed reports the error that ended a cycle, then relists after a backoff. */
  private cycleFailed(err: StatusLike): void {
    this.watchErrorHandler(this, err);
    this.cycleEnded();
  }

  private cycleEnded(): void {
    this.endCycle();
    if (!this.running) return;
    this.backoffTimer = this.clock.after(this.backoff.next(), () => {
      this.backoffTimer = undefined;
      if (this.running) this.listAndWatch();
    });
  }

  private endCycle(): void {
    this.cycle++;
    this.watch?.stop();
    this.watch = undefined;
    this.resyncTimer?.cancel();
    this.resyncTimer = undefined;
  }

  private startResync(cycle: number): void {
    if (this.resyncPeriodMs <= 0) return;
    this.resyncTimer = this.clock.after(this.resyncPeriodMs, () => {
      if (cycle !== this.cycle) return;
      if (!this.shouldResync || this.shouldResync()) {
        this.logger.info(4, `${this.name}: forcing resync`);
        this.store.resync();
      }
      if (cycle === this.cycle) this.startResync(cycle);
    });
  }
}

/** defaultWatchErrorHandler is DefaultWatchErrorHandler: expired is routine, anything else is logged as an error. */
export function defaultWatchErrorHandler<T extends KubeObject>(r: Reflector<T>, err: StatusLike): void {
  if (isResourceExpired(err)) r.logger.info(4, `${r.name}: watch of ${r.typeDescription} closed with: ${statusMessage(err)}`);
  else r.logger.warning(`${r.name}: Failed to watch ${r.typeDescription}: ${statusMessage(err)}`);
}
