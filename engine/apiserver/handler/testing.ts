/**
 * Test helpers for the request path: an in-memory ResourceStorage (one
 * revision counter shared by every resource, as one etcd), and simple
 * authenticators and authorizers. The real storage is ../storage over
 * etcd; these let the handler's tests run without it.
 */
import type { Authenticator, Authorizer, Attributes, Credentials, UserInfo } from '../auth/types';
import { newAlreadyExists, newConflict, newNotFound, tooOldResourceVersion, type StatusError } from '../errors';
import type {
  Attrs,
  Done,
  GroupResource,
  KubeObject,
  ListResult,
  Preconditions,
  ResourceStorage,
  TryUpdate,
  WatchEvent,
  WatchOptions,
} from '../storage/types';
import { defaultAttrs, keyMatches, predicateMatches } from '../storage/objects';

import { createStore } from '../../etcd/mvcc';
import { localKV } from '../../etcd/v3/local';
import type { EtcdKV } from '../../etcd/v3/kv';
import { Rng } from '../../sim/rng';
import { createApiServer, type ApiServerAssembly, type CreateApiServerOptions } from '../apiserver';
import type { ApiResponse, WatchEventMessage } from './types';

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

interface Change {
  rev: number;
  key: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  obj: KubeObject;
}

/** MemoryBackend is the shared state of every memory storage: objects, revision and history. */
export class MemoryBackend {
  rev = 1;
  readonly objects = new Map<string, { obj: KubeObject; mod: number }>();
  readonly history: Change[] = [];
  /** compacted is the oldest revision a watch may start after. */
  compacted = 0;
  readonly watchers = new Set<{ prefix: string; send: (c: Change) => void }>();
  readonly queue: Array<() => void> = [];

  /** defer queues a callback; drain runs them (including what they queue). */
  defer(fn: () => void): void {
    this.queue.push(fn);
  }

  drain(): number {
    let n = 0;
    for (; n < this.queue.length; n++) this.queue[n]();
    this.queue.length = 0;
    return n;
  }

  write(key: string, type: Change['type'], obj: KubeObject): KubeObject {
    this.rev++;
    const stamped = copy(obj);
    stamped.metadata = { ...stamped.metadata, resourceVersion: String(this.rev) };
    if (type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, { obj: stamped, mod: this.rev });
    const change = { rev: this.rev, key, type, obj: stamped };
    this.history.push(change);
    for (const w of this.watchers) if (keyMatches(w.prefix, key)) w.send(change);
    return copy(stamped);
  }
}

/** memoryStorage is a ResourceStorage over a MemoryBackend. */
export function memoryStorage(
  backend: MemoryBackend,
  cfg: { resource: GroupResource; resourcePrefix: string; namespaced: boolean; attrs?: (o: KubeObject) => Attrs },
): ResourceStorage {
  const base = `/registry/${cfg.resourcePrefix}/`;
  const attrs = cfg.attrs ?? defaultAttrs(cfg.namespaced);
  const later = <T>(done: Done<T>, err: StatusError | null, res?: T) => backend.defer(() => done(err, res));
  const name = (key: string) => key.slice(key.lastIndexOf('/') + 1);
  const checkPre = (key: string, cur: KubeObject, pre?: Preconditions): StatusError | null => {
    if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata?.resourceVersion) return newConflict(cfg.resource, name(key));
    if (pre?.uid && pre.uid !== cur.metadata?.uid)
      return newConflict(cfg.resource, name(key), `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata?.uid}`);
    return null;
  };
  return {
    resource: cfg.resource,
    keyFor: (ns, n) => (cfg.namespaced ? `${base}${ns}/${n}` : `${base}${n}`),
    prefixFor: (ns) => (ns && cfg.namespaced ? `${base}${ns}/` : base),
    create(key, obj, done) {
      if (backend.objects.has(key)) return later(done, newAlreadyExists(cfg.resource, name(key)));
      later(done, null, backend.write(key, 'ADDED', obj));
    },
    get(key, opts, done) {
      const cur = backend.objects.get(key);
      if (!cur) return opts.ignoreNotFound ? later(done, null, null) : later(done, newNotFound(cfg.resource, name(key)));
      later(done, null, copy(cur.obj));
    },
    getList(prefix, opts, done) {
      const keys = [...backend.objects.keys()].filter((k) => keyMatches(prefix, k)).sort();
      const start = opts.continue ? (JSON.parse(opts.continue) as { start: string }).start : '';
      const items: KubeObject[] = [];
      let next: string | undefined;
      for (const k of keys) {
        if (k < start) continue;
        const o = backend.objects.get(k)!.obj;
        if (!predicateMatches(opts.predicate, attrs(o))) continue;
        if (opts.limit && items.length >= opts.limit) {
          next = k;
          break;
        }
        items.push(copy(o));
      }
      const res: ListResult = { items, resourceVersion: String(backend.rev) };
      if (next) res.continue = JSON.stringify({ start: next });
      later(done, null, res);
    },
    guaranteedUpdate(key, opts, tryUpdate: TryUpdate, done) {
      const cur = backend.objects.get(key);
      if (!cur && !opts.ignoreNotFound) return later(done, newNotFound(cfg.resource, name(key)));
      if (cur) {
        const err = checkPre(key, cur.obj, opts.preconditions);
        if (err) return later(done, err);
      }
      const out = tryUpdate(cur ? copy(cur.obj) : null);
      if (out instanceof Error) return later(done, out as StatusError);
      const { resourceVersion: _r, ...m1 } = out.metadata ?? {};
      const { resourceVersion: _c, ...m2 } = cur?.obj.metadata ?? {};
      if (cur && JSON.stringify({ ...out, metadata: m1 }) === JSON.stringify({ ...cur.obj, metadata: m2 })) return later(done, null, copy(cur.obj));
      later(done, null, backend.write(key, cur ? 'MODIFIED' : 'ADDED', out));
    },
    delete(key, pre, done, validateDeletion) {
      const cur = backend.objects.get(key);
      if (!cur) return later(done, newNotFound(cfg.resource, name(key)));
      const err = checkPre(key, cur.obj, pre) ?? validateDeletion?.(copy(cur.obj)) ?? null;
      if (err) return later(done, err);
      later(done, null, backend.write(key, 'DELETED', cur.obj));
    },
    count(prefix, done) {
      later(done, null, [...backend.objects.keys()].filter((k) => keyMatches(prefix, k)).length);
    },
    watch(prefix, opts: WatchOptions, onEvent: (ev: WatchEvent) => void) {
      let open = true;
      const emit = (c: Change) => {
        if (!open || !keyMatches(prefix, c.key) || !predicateMatches(opts.predicate, attrs(c.obj))) return;
        const ev = { type: c.type, object: copy(c.obj) } as WatchEvent;
        backend.defer(() => open && onEvent(ev));
      };
      const rv = opts.resourceVersion ? Number(opts.resourceVersion) : 0;
      if (rv > 0 && rv < backend.compacted) {
        const e = tooOldResourceVersion(rv, backend.compacted + 1);
        backend.defer(() => open && onEvent({ type: 'ERROR', object: e.status }));
        return { stop: () => void (open = false) };
      }
      if (rv === 0) {
        for (const [k, v] of [...backend.objects.entries()].sort())
          if (keyMatches(prefix, k)) emit({ rev: v.mod, key: k, type: 'ADDED', obj: v.obj });
      } else {
        for (const c of backend.history) if (c.rev > rv) emit(c);
      }
      const w = { prefix, send: emit };
      backend.watchers.add(w);
      return {
        stop() {
          open = false;
          backend.watchers.delete(w);
        },
      };
    },
    stop() {},
  };
}

/** tokenAuthenticator maps bearer tokens to users; unknown tokens have no opinion. */
export function tokenAuthenticator(tokens: Record<string, UserInfo>): Authenticator {
  return {
    authenticate(credentials: Credentials, done) {
      const user = credentials.bearerToken ? tokens[credentials.bearerToken] : undefined;
      done(user ? { user: copy(user) } : { none: true });
    },
  };
}

/**
 * ruleAuthorizer allows system:masters everything and otherwise what allow
 * says; a denial gives no reason, as RBAC's.
 */
export function ruleAuthorizer(allow: (a: Attributes) => boolean = () => false): Authorizer {
  return {
    authorize(a) {
      if (a.user.groups.includes('system:masters') || allow(a)) return { decision: 'Allow', reason: '' };
      return { decision: 'NoOpinion', reason: '' };
    },
  };
}

/** ManualClock is a StorageClock driven by hand: timers run when advance passes them. */
export class ManualClock {
  now: number;
  private timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  constructor(startMs = Date.UTC(2026, 0, 2, 3, 4, 5)) {
    this.now = startMs;
  }
  after(delayMs: number, fn: () => void): { cancel(): void } {
    const t = { at: this.now + delayMs, fn, live: true };
    this.timers.push(t);
    return { cancel: () => void (t.live = false) };
  }
  /** due runs the timers due now (after(0, …) included) and says whether any ran. */
  due(): boolean {
    const ready = this.timers.filter((t) => t.live && t.at <= this.now);
    this.timers = this.timers.filter((t) => t.live && t.at > this.now);
    for (const t of ready) t.fn();
    return ready.length > 0;
  }
  advance(ms: number): void {
    this.now += ms;
  }
}


/** TEST_BACKEND lets a run choose testCluster's default storage (APISERVER_TEST_BACKEND=etcd). */
const TEST_BACKEND = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.APISERVER_TEST_BACKEND as 'memory' | 'etcd' | undefined;

/** TEST_USERS are testCluster's bearer tokens: an admin (system:masters) and bob (no groups). */
export const TEST_USERS: Record<string, UserInfo> = {
  admin: { username: 'kubernetes-admin', groups: ['system:masters'] },
  bob: { username: 'bob', groups: [] },
};

export interface TestCluster {
  asm: ApiServerAssembly;
  /** kv is the etcd the cluster stores into (used by the 'etcd' backend). */
  kv: EtcdKV;
  clock: ManualClock;
  /** settle runs deferred work and due timers until nothing is left. */
  settle(): void;
  /** call makes one request as token's user and settles; the response. */
  call(method: string, path: string, opts?: { body?: unknown; raw?: string; query?: Record<string, string>; headers?: Record<string, string>; token?: string | null }): ApiResponse;
  /** watch opens a watch and returns the events seen so far (grows as the cluster settles) and a cancel. */
  watch(path: string, query?: Record<string, string>, headers?: Record<string, string>): { response: () => ApiResponse | undefined; events: WatchEventMessage[]; ended: () => boolean; cancel(): void };
}

/**
 * testCluster assembles an API server over one queue: storage 'memory'
 * (MemoryBackend) or 'etcd' (the real storage over localKV), default
 * namespaces bootstrapped.
 */
export function testCluster(opts: Partial<CreateApiServerOptions> & { backend?: 'memory' | 'etcd'; allow?: (a: Attributes) => boolean } = {}): TestCluster {
  if (opts.backend === undefined && TEST_BACKEND) opts = { ...opts, backend: TEST_BACKEND };
  const memory = new MemoryBackend();
  const clock = new ManualClock();
  const defer = (fn: () => void) => memory.defer(fn);
  const kv = localKV(createStore(), defer);
  const asm = createApiServer({
    kv,
    clock,
    rng: new Rng('apiserver-test'),
    authenticator: tokenAuthenticator(TEST_USERS),
    authorizer: ruleAuthorizer(opts.allow),
    defer,
    ...(opts.backend === 'etcd'
      ? {}
      : { storage: (cfg) => memoryStorage(memory, { resource: cfg.resource, resourcePrefix: cfg.resourcePrefix, namespaced: cfg.namespaced, attrs: cfg.attrs }) }),
    ...opts,
  });
  const settle = () => {
    for (let i = 0; i < 100_000; i++) {
      const ran = memory.drain();
      const timers = clock.due();
      if (!ran && !timers) return;
    }
    throw new Error('testCluster: work never settles');
  };
  asm.bootstrap();
  settle();
  return {
    asm,
    kv,
    clock,
    settle,
    call(method, path, o = {}) {
      let res: ApiResponse | undefined;
      const token = o.token === undefined ? 'admin' : o.token;
      asm.server.handle(
        {
          method,
          path,
          query: o.query ?? {},
          headers: o.headers ?? {},
          body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
          credentials: token ? { bearerToken: token } : {},
          userAgent: 'kubectl/v1.32.0 (linux/amd64) kubernetes/abcdef',
        },
        (r) => (res = r),
      );
      settle();
      if (!res) throw new Error(`${method} ${path}: no response`);
      return res;
    },
    watch(path, query = {}, headers = {}) {
      const events: WatchEventMessage[] = [];
      let response: ApiResponse | undefined;
      let ended = false;
      const c = asm.server.stream(
        { method: 'GET', path, query: { watch: 'true', ...query }, headers, credentials: { bearerToken: 'admin' } },
        { respond: (r) => (response = r), event: (e) => events.push(e), end: () => (ended = true) },
      );
      settle();
      return { response: () => response, events, ended: () => ended, cancel: () => c.cancel() };
    },
  };
}
