/**
 * bench/apiserver-storage measures the API server's storage layer in
 * process (localKV over one MVCC store, no Raft, no network), on the
 * issue's workload: create N pods, list them (from etcd and from the watch
 * cache), then fan one resource's watch out to W informers (each lists at
 * "0" and watches from the list's revision) while E updates happen.
 *
 *   npx tsx bench/apiserver-storage.ts [--pods 100000] [--watchers 100] [--events 1000] [--batch 1000] [--baseline]
 *
 * --batch is how many creates are in flight at once (the queue is drained
 * between batches), as concurrent clients would keep the server busy.
 * --baseline also times the same creates and full range on a bare MVCC
 * store, to separate the storage layer's cost from etcd's.
 */
import { createStore } from '../engine/etcd/mvcc';
import { deferQueue, localKV } from '../engine/etcd/v3/local';
import { createStorage } from '../engine/apiserver/storage';
import type { KubeObject, ListResult, StorageClock, WatchEvent } from '../engine/apiserver/storage';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const PODS = opt('pods', 100_000);
const WATCHERS = opt('watchers', 100);
const EVENTS = opt('events', 1000);
const BATCH = opt('batch', 1000);

const q = deferQueue();
const settle = () => {
  while (q.drain() > 0);
};
const clock: StorageClock = { now: 0, after: () => ({ cancel() {} }) };
const mvcc = createStore();
const kv = localKV(mvcc, q.defer);
const storage = createStorage({
  kv,
  clock,
  defer: q.defer,
  resource: { group: '', resource: 'pods' },
  kind: 'Pod',
  apiVersion: 'v1',
  resourcePrefix: 'pods',
  namespaced: true,
});
settle();

function podObject(i: number): KubeObject {
  const ns = `ns-${i % 100}`;
  const name = `pod-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `uid-${i}`, labels: { app: `app-${i % 10}`, tier: i % 2 ? 'fe' : 'be' }, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { nodeName: `node-${i % 500}`, containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
    status: { phase: 'Pending' },
  };
}

function time<T>(label: string, run: () => T): T {
  const t0 = performance.now();
  const out = run();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(48)} ${ms.toFixed(0).padStart(7)} ms`);
  return out;
}

let failures = 0;
const fail = (e: unknown) => {
  failures++;
  if (failures < 5) console.error(e);
};

time(`create ${PODS} pods (batches of ${BATCH})`, () => {
  for (let i = 0; i < PODS; i += BATCH) {
    for (let j = i; j < Math.min(PODS, i + BATCH); j++) {
      const obj = podObject(j);
      storage.create(storage.keyFor(obj.metadata!.namespace, obj.metadata!.name!), obj, (err) => err && fail(err));
    }
    settle();
  }
});
console.log(`${''.padEnd(48)} ${(PODS / 1).toFixed(0)} creates, etcd revision ${mvcc.currentRevision()}`);

const listOnce = (resourceVersion: string | undefined, limit?: number): ListResult => {
  let out: ListResult | undefined;
  storage.getList(storage.prefixFor(), { resourceVersion, limit }, (err, res) => (err ? fail(err) : (out = res)));
  settle();
  return out!;
};
const fromEtcd = time('list all from etcd (resourceVersion "")', () => listOnce(undefined));
const fromCache = time('list all from the watch cache (resourceVersion "0")', () => listOnce('0'));
time('list all from etcd in pages of 500', () => {
  let cont: string | undefined;
  let n = 0;
  do {
    let page: ListResult | undefined;
    storage.getList(storage.prefixFor(), { limit: 500, continue: cont }, (err, res) => (err ? fail(err) : (page = res)));
    settle();
    n += page!.items.length;
    cont = page!.continue;
  } while (cont);
  if (n !== PODS) fail(new Error(`paged list saw ${n}`));
});
if (fromEtcd.items.length !== PODS || fromCache.items.length !== PODS) fail(new Error(`lists: ${fromEtcd.items.length}, ${fromCache.items.length}`));

const received = new Array<number>(WATCHERS).fill(0);
time(`${WATCHERS} informers: list at "0" + watch from its revision`, () => {
  for (let w = 0; w < WATCHERS; w++) {
    storage.getList(storage.prefixFor(), { resourceVersion: '0' }, (err, list) => {
      if (err) return fail(err);
      storage.watch(storage.prefixFor(), { resourceVersion: list!.resourceVersion, allowWatchBookmarks: true }, (ev: WatchEvent) => {
        if (ev.type === 'ERROR') fail(ev.object);
        else if (ev.type !== 'BOOKMARK') received[w]++;
      });
    });
  }
  settle();
});

time(`${EVENTS} updates fanned out to ${WATCHERS} watchers`, () => {
  for (let i = 0; i < EVENTS; i++) {
    const obj = podObject(i % PODS);
    storage.guaranteedUpdate(
      storage.keyFor(obj.metadata!.namespace, obj.metadata!.name!),
      {},
      (cur) => ({ ...cur!, status: { phase: 'Running', seq: i } }),
      (err) => err && fail(err),
    );
    if (i % 100 === 99) settle();
  }
  settle();
});
if (args.includes('--baseline')) {
  // The same writes and reads on a bare MVCC store: what the storage layer costs on top of it.
  const bare = createStore();
  time(`baseline: ${PODS} bare MVCC txn creates`, () => {
    for (let i = 0; i < PODS; i++) {
      const obj = podObject(i);
      const key = `/registry/pods/${obj.metadata!.namespace}/${obj.metadata!.name}`;
      bare.txn({ compare: [{ key, target: 'CREATE', result: 'EQUAL', create_revision: 0 }], success: [{ request_put: { key, value: JSON.stringify(obj) } }] });
    }
  });
  time('baseline: bare MVCC range of every key', () => bare.range('/registry/pods/', '/registry/pods0', {}));
}
const delivered = received.reduce((a, b) => a + b, 0);
console.log(`${''.padEnd(48)} ${delivered} events delivered (${WATCHERS} x ${EVENTS} expected)`);
if (delivered !== WATCHERS * EVENTS) fail(new Error(`delivered ${delivered}`));
const mem = process.memoryUsage();
console.log(`${'heap used'.padEnd(48)} ${(mem.heapUsed / 2 ** 20).toFixed(0).padStart(7)} MiB`);
if (failures) {
  console.error(`${failures} failures`);
  process.exit(1);
}
