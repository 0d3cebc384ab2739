/**
 * playWatch runs one apiserver-watch scenario on the simulation kernel, over
 * one in-process etcd store (localKV) or a replicated three-member etcd,
 * with the lab's store (`newStore`) doing every update and watch, and
 * records what happened as plain data: etcd's own history (every change, as
 * a harness watch from revision 1 saw it), each update's answer, each watch
 * session's events and the raw etcd responses behind them. The checks
 * (checks.ts) judge that record; nothing here judges.
 *
 * It runs inside the realm next to the learner's code, so it imports only
 * engine modules; the learner's store gets frozen facades of the EtcdKV,
 * never the cluster itself. Each watch session gets a store of its own, so
 * the etcd streams under it are known whenever the store opens them.
 */
import type { Status } from 'kubernetes-types/meta/v1';
import { EtcdCluster } from '../../engine/etcd/cluster';
import type { EtcdKV, WatchStream } from '../../engine/etcd/v3/kv';
import { localKV } from '../../engine/etcd/v3/local';
import { createStore } from '../../engine/etcd/mvcc';
import { prefixRangeEnd } from '../../engine/etcd/mvcc/store';
import type { WatchResponse } from '../../engine/etcd/mvcc/types';
import { newMemberStore } from '../../engine/etcd/store';
import { Simulation, SimulationLimitError } from '../../engine/sim/kernel';
import type { KubeObject, WatchEvent } from '../../engine/apiserver/storage/types';
import type { NewVersionedStore, ResourceInfo, VersionedStore, WatchControl } from '../../engine/apiserver/storage/versioned/types';

/** Step is one thing the scenario does, `at` ms after the counters exist. */
export type Step =
  | { at: number; do: 'increment'; client: number; counter: number }
  | { at: number; do: 'cas'; client: number; counter: number }
  | { at: number; do: 'stale'; client: number; counter: number }
  | { at: number; do: 'put'; obj: number; ns: number }
  | { at: number; do: 'delete'; obj: number; ns: number }
  | { at: number; do: 'watch'; watcher: number; back: number }
  | { at: number; do: 'disconnect'; watcher: number }
  | { at: number; do: 'reconnect'; watcher: number }
  | { at: number; do: 'progress'; watcher: number }
  | { at: number; do: 'compact'; back: number };

/** Fault is a replicated-etcd fault, `at` ms after the counters exist (cluster scenarios only). */
export type Fault = { at: number; do: 'crash-leader'; downMs: number } | { at: number; do: 'isolate'; member: number } | { at: number; do: 'isolate-leader' };

export interface WatchScenario {
  /** etcd is one in-process store ('local') or a three-member cluster on a simulated network ('cluster'). */
  etcd: 'local' | 'cluster';
  counters: number;
  steps: Step[];
  faults: Fault[];
  /** loss is the message loss rate of every link (cluster only). */
  loss: number;
  /** faultMs is when faults are healed; the run goes on SETTLE_MS more. */
  faultMs: number;
}

/** SETTLE_MS is how long a run goes on after the last step or the heal, for every answer and event to arrive. */
export const SETTLE_MS = 8_000;
/** NAMESPACES are where churn objects go; only the first is under the watched prefix. */
export const NAMESPACES = ['default', 'kube-system'] as const;
export const PREFIX = '/registry/configmaps/default/';
export const RESOURCE: ResourceInfo = { group: '', resource: 'configmaps', kind: 'ConfigMap', apiVersion: 'v1' };
/** STEP_LIMIT bounds a run at over twenty times the events the reference needs (at most about 2,100 over 75 sampled scenarios). */
const STEP_LIMIT = 50_000;

export const counterKey = (i: number) => `${PREFIX}counter-${i}`;
export const objectKey = (obj: number, ns: number) => `/registry/configmaps/${NAMESPACES[ns % NAMESPACES.length]}/cm-${obj}`;

/** Change is one change in etcd's history. */
export interface Change {
  rev: number;
  key: string;
  type: 'PUT' | 'DELETE';
  /** value is the stored JSON after a put; before a delete, prev is the JSON deleted. */
  value: string;
  create: number;
  prev?: string;
}

/** UpdateRecord is one guaranteedUpdate call and its answer. */
export interface UpdateRecord {
  op: string;
  kind: 'increment' | 'cas' | 'stale';
  client: number;
  key: string;
  expected?: string;
  at: number;
  answeredAt?: number;
  ok?: { resourceVersion: string; object: KubeObject };
  err?: Status;
  /** answers counts done() calls (must be 1). */
  answers: number;
}

/** RawResponse is a WatchResponse as the session's store received it, summarized. */
export interface RawResponse {
  at: number;
  kind: 'created' | 'events' | 'progress' | 'canceled';
  revision: number;
  compact?: number;
  revs?: number[];
}

export interface SessionEvent {
  at: number;
  type: string;
  object: unknown;
  /** late: delivered after stop() returned or after an ERROR event. */
  late?: boolean;
}

/** SessionRecord is one watch() call: where from, what it delivered, and the etcd streams under it. */
export interface SessionRecord {
  id: number;
  watcher: number;
  from: string;
  openedAt: number;
  /** why: how the harness chose `from`. */
  why: 'watch' | 'resume' | 'relist';
  stoppedAt?: number;
  events: SessionEvent[];
  streams: { request: { start_revision?: number; prev_kv?: boolean; key: string; range_end?: string }; responses: RawResponse[] }[];
  progressRequests: number[];
}

export interface History {
  changes: Change[];
  updates: UpdateRecord[];
  sessions: SessionRecord[];
  compactions: { at: number; rev: number; error?: string }[];
  /** finalRevision is etcd's revision at the end, as a last read saw it. */
  finalRevision: number;
  /** historyComplete: the harness watch saw every revision up to finalRevision. */
  historyComplete: boolean;
  endAt: number;
  /** aborted is set when the run hit the kernel's step limit or the request budget. */
  aborted?: string;
  /** requests counts the etcd requests the learner's stores made. */
  requests?: number;
}

/** Objects are ConfigMaps; count and op let the checks tell whose write each revision is. */
function configMap(name: string, ns: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, uid: `uid-${ns}-${name}` }, data };
}

/** Backend is where etcd lives: the kernel, and an EtcdKV per host. */
interface Backend {
  sim: Simulation;
  kv(host: string): EtcdKV;
  applyFault(f: Fault): void;
  heal(): void;
}

function localBackend(seed: string): Backend {
  const sim = new Simulation({ seed, limits: { maxSteps: STEP_LIMIT } });
  const kv = localKV(createStore(), (fn) => void sim.after(0, fn));
  return { sim, kv: () => kv, applyFault: () => {}, heal: () => {} };
}

function clusterBackend(seed: string, loss: number): Backend {
  const cluster = new EtcdCluster({ seed, members: 3, newStore: newMemberStore, link: { loss }, limits: { maxSteps: STEP_LIMIT } });
  const clients = new Map<string, EtcdKV>();
  cluster.sim.runUntilTrue(() => cluster.leader() !== undefined, 10_000);
  const m = cluster.members;
  return {
    sim: cluster.sim as unknown as Simulation,
    kv(host) {
      let c = clients.get(host);
      if (!c) clients.set(host, (c = cluster.addV3Client(host)));
      return c;
    },
    applyFault(f) {
      const leader = cluster.leader() ?? m[0];
      if (f.do === 'crash-leader') {
        cluster.crash(leader);
        cluster.sim.after(f.downMs, () => cluster.restart(leader));
      } else {
        const out = f.do === 'isolate' ? m[f.member % m.length] : leader;
        cluster.partition([[out], m.filter((x) => x !== out)]);
      }
    },
    heal: () => cluster.healAll(),
  };
}

/**
 * facade is the EtcdKV the learner's store is given: every call forwarded,
 * every watch stream's responses summarized into the session that opened it.
 */
function facade(kv: EtcdKV, sim: Simulation, budget: Budget, session?: SessionRecord): EtcdKV {
  // Past the budget a unary request is never answered: a store that retries forever runs dry instead of running on.
  const spend = () => ++budget.used <= REQUEST_BUDGET;
  return Object.freeze({
    range: (req, reply) => void (spend() && kv.range(req, reply)),
    put: (req, reply) => void (spend() && kv.put(req, reply)),
    deleteRange: (req, reply) => void (spend() && kv.deleteRange(req, reply)),
    txn: (req, reply) => void (spend() && kv.txn(req, reply)),
    compact: (req, reply) => void (spend() && kv.compact(req, reply)),
    watch(req, onResponse) {
      spend();
      const raw = { request: { key: req.key, range_end: req.range_end, start_revision: req.start_revision, prev_kv: req.prev_kv }, responses: [] as RawResponse[] };
      session?.streams.push(raw);
      const stream = kv.watch(req, (res) => {
        raw.responses.push(summarize(res, sim.now));
        onResponse(res);
      });
      return Object.freeze({ cancel: () => stream.cancel(), requestProgress: () => stream.requestProgress() });
    },
  } satisfies EtcdKV);
}

function summarize(res: WatchResponse, at: number): RawResponse {
  if (res.canceled) return { at, kind: 'canceled', revision: res.header.revision, compact: res.compact_revision };
  if (res.created) return { at, kind: 'created', revision: res.header.revision };
  if (res.events.length === 0) return { at, kind: 'progress', revision: res.header.revision };
  return { at, kind: 'events', revision: res.header.revision, revs: res.events.map((e) => e.kv.mod_revision) };
}

/** REQUEST_BUDGET caps the etcd requests the learner's stores make in one run, at over fifteen times what the reference needs (at most 57 over 79 sampled scenarios). */
export const REQUEST_BUDGET = 1_000;

interface Budget {
  used: number;
}

/** Watcher is one client's watch: its current session, and what it saw last. */
interface Watcher {
  session?: SessionRecord;
  control?: WatchControl;
  ended: boolean;
  lastSeen: string;
}

/** playWatch plays scenario s with the store newStore makes and returns its history. */
export function playWatch(s: WatchScenario, seed: string, newStore: NewVersionedStore): History {
  const be = s.etcd === 'cluster' ? clusterBackend(seed, s.loss) : localBackend(seed);
  const sim = be.sim;
  const h: History = { changes: [], updates: [], sessions: [], compactions: [], finalRevision: 0, historyComplete: false, endAt: 0 };
  const harness = be.kv('harness');
  let oracleRev = 0;
  let lastCompact = 0;

  // etcd's own history: every change under /registry/, from the first revision.
  const registry = '/registry/';
  harness.watch({ key: registry, range_end: prefixRangeEnd(registry), start_revision: 1, prev_kv: true }, (res) => {
    for (const e of res.events) {
      h.changes.push({ rev: e.kv.mod_revision, key: e.kv.key, type: e.type, value: e.kv.value, create: e.kv.create_revision, ...(e.prev_kv ? { prev: e.prev_kv.value } : {}) });
      oracleRev = Math.max(oracleRev, e.kv.mod_revision);
    }
  });

  // The learner's stores: one per updating client, and one per watch session, so every etcd
  // stream a session's store opens, whenever it opens it, is known to be that session's.
  const stores = new Map<string, VersionedStore>();
  const budget: Budget = { used: 0 };
  const storeOf = (host: string) => {
    let st = stores.get(host);
    if (!st) stores.set(host, (st = newStore(facade(be.kv(host), sim, budget), RESOURCE)));
    return st;
  };

  for (let i = 0; i < s.counters; i++) {
    harness.put({ key: counterKey(i), value: JSON.stringify(configMap(`counter-${i}`, 'default', { count: '0', op: 'create' })) }, () => {});
  }
  sim.runUntilTrue(() => oracleRev >= s.counters + 1, sim.now + 20_000);
  const base = sim.now;

  let ops = 0;
  const update = (kind: UpdateRecord['kind'], client: number, counter: number, expected?: string) => {
    const op = `${kind}#${++ops}`;
    const rec: UpdateRecord = { op, kind, client, key: counterKey(counter), at: sim.now, answers: 0, ...(expected !== undefined ? { expected } : {}) };
    h.updates.push(rec);
    const tryUpdate = (cur: KubeObject) => {
      const data = (cur.data ?? {}) as Record<string, string>;
      return { ...cur, data: { count: String(Number(data.count) + 1), op } };
    };
    storeOf(`c${client + 1}`).guaranteedUpdate(rec.key, expected, tryUpdate, (err, res) => {
      rec.answers++;
      if (rec.answers > 1) return;
      rec.answeredAt = sim.now;
      if (err) rec.err = JSON.parse(JSON.stringify(err.status ?? { message: String(err) })) as Status;
      else rec.ok = { resourceVersion: String(res?.metadata?.resourceVersion), object: JSON.parse(JSON.stringify(res ?? null)) as KubeObject };
    });
  };

  const watchers: Watcher[] = [];
  const open = (w: number, from: string, why: SessionRecord['why']) => {
    const wt = (watchers[w] ??= { ended: false, lastSeen: from });
    const rec: SessionRecord = { id: h.sessions.length + 1, watcher: w, from, openedAt: sim.now, why, events: [], streams: [], progressRequests: [] };
    h.sessions.push(rec);
    wt.session = rec;
    wt.ended = false;
    wt.lastSeen = from;
    let done = false;
    const onEvent = (ev: WatchEvent) => {
      const late = done || rec.stoppedAt !== undefined;
      rec.events.push({ at: sim.now, type: ev.type, object: JSON.parse(JSON.stringify(ev.object ?? null)) as unknown, ...(late ? { late } : {}) });
      if (late) return;
      if (ev.type === 'ERROR') {
        done = true;
        wt.ended = true;
        return;
      }
      const rv = (ev.object as KubeObject | null)?.metadata?.resourceVersion;
      if (typeof rv === 'string') wt.lastSeen = rv;
    };
    wt.control = newStore(facade(be.kv('watchers'), sim, budget, rec), RESOURCE).watch(PREFIX, from, onEvent);
  };
  const stop = (w: Watcher) => {
    if (!w.session || w.session.stoppedAt !== undefined) return;
    w.session.stoppedAt = sim.now;
    w.control?.stop();
  };

  const play = (step: Step) => {
    switch (step.do) {
      case 'increment':
        return update('increment', step.client, step.counter % s.counters);
      case 'cas': {
        const key = counterKey(step.counter % s.counters);
        be.kv(`c${step.client + 1}`).range({ key }, (err, res) => {
          if (!err && res!.kvs[0]) update('cas', step.client, step.counter % s.counters, String(res!.kvs[0].mod_revision));
        });
        return;
      }
      case 'stale': {
        const key = counterKey(step.counter % s.counters);
        const revs = h.changes.filter((c) => c.key === key).map((c) => c.rev);
        // A version older than the newest etcd has shown the harness: stale whatever happens next.
        const expected = revs.length >= 2 ? revs[revs.length - 2] : revs[0] - 1;
        return update('stale', step.client, step.counter % s.counters, String(expected));
      }
      case 'put':
        return harness.put({ key: objectKey(step.obj, step.ns), value: JSON.stringify(configMap(`cm-${step.obj}`, NAMESPACES[step.ns % 2], { v: String(step.at) })) }, () => {});
      case 'delete':
        return harness.deleteRange({ key: objectKey(step.obj, step.ns) }, () => {});
      case 'watch': {
        const w = watchers[step.watcher];
        if (w?.session && w.session.stoppedAt === undefined && !w.ended) return;
        return open(step.watcher, String(Math.max(1, oracleRev - step.back)), 'watch');
      }
      case 'disconnect': {
        const w = watchers[step.watcher];
        if (w) stop(w);
        return;
      }
      case 'reconnect': {
        const w = watchers[step.watcher];
        if (!w?.session) return open(step.watcher, String(Math.max(1, oracleRev)), 'watch');
        stop(w);
        // After a 410 a client lists again: it starts over from the latest revision.
        return w.ended ? open(step.watcher, String(Math.max(1, oracleRev)), 'relist') : open(step.watcher, w.lastSeen, 'resume');
      }
      case 'progress': {
        const w = watchers[step.watcher];
        if (!w?.session || w.session.stoppedAt !== undefined || w.ended) return;
        w.session.progressRequests.push(sim.now);
        return w.control?.requestProgress();
      }
      case 'compact': {
        let rev = oracleRev - step.back;
        // etcd keeps a delete made exactly at the compacted revision but not the version before it, so a watch
        // from there gets that DELETE without prev_kv (upstream answers a 500): the scenarios leave that corner out.
        while (rev > 0 && h.changes.some((c) => c.rev === rev && c.type === 'DELETE')) rev--;
        if (rev <= lastCompact || rev < 1) return;
        lastCompact = rev;
        const rec: History['compactions'][number] = { at: sim.now, rev };
        h.compactions.push(rec);
        harness.compact({ revision: rev }, (err) => {
          if (err) rec.error = err.message;
        });
      }
    }
  };

  for (const step of s.steps) sim.at(base + step.at, () => play(step));
  const cluster = s.etcd === 'cluster';
  if (cluster) {
    for (const f of s.faults) sim.at(base + Math.min(f.at, s.faultMs), () => be.applyFault(f));
    sim.at(base + s.faultMs, () => be.heal());
  }
  const lastStep = Math.max(0, ...s.steps.map((x) => x.at));
  const end = base + Math.max(lastStep, cluster ? s.faultMs : 0) + SETTLE_MS;
  try {
    sim.runUntil(end);
    let final = -1;
    harness.range({ key: registry, count_only: true }, (err, res) => {
      if (!err) final = res!.header.revision;
    });
    sim.runUntilTrue(() => final >= 0 && oracleRev >= final, sim.now + 20_000);
    h.finalRevision = final;
    h.historyComplete = final >= 0 && oracleRev >= final;
    // Whatever the open watches still have in flight.
    sim.runFor(cluster ? 2_000 : 10);
  } catch (e) {
    if (!(e instanceof SimulationLimitError)) throw e;
    h.aborted = e.message;
  }
  if (budget.used > REQUEST_BUDGET && !h.aborted) h.aborted = `your store made more than ${REQUEST_BUDGET} etcd requests (the last ${budget.used - REQUEST_BUDGET} were dropped)`;
  h.requests = budget.used;
  h.endAt = sim.now;
  return h;
}
