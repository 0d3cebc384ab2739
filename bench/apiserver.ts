/**
 * bench/apiserver measures the API server as a whole, on the issue's workload:
 *
 * 1. in process: the full request path (authentication, RBAC, admission,
 *    validation, storage over localKV with the watch cache) — create N pods,
 *    list them (from etcd, from the watch cache, and from etcd in 500-item
 *    Table pages as kubectl asks), then fan one watch out to W client-go
 *    informers (engine/client over the REST interface) while E pods are
 *    updated, until every informer has seen every update; the heap line
 *    gives heapUsed as it stands and what is live after a full GC;
 * 2. through the HTTPS front with the real kubectl: `npm run cluster`'s
 *    control plane (3-member etcd over Raft, wall clock) holding K pods,
 *    the server's time per 500-item Table page (request to serialized
 *    answer), then `kubectl get pods -A` timed R times.
 *
 *   npx tsx bench/apiserver.ts [--pods 100000] [--informers 100] [--events 1000] [--kubectl-pods 10000] [--runs 5] [--skip-kubectl]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCluster } from '../cli/cluster';
import { createApiServer } from '../engine/apiserver/apiserver';
import type { Attributes } from '../engine/apiserver/auth/types';
import type { ApiRequest, ApiResponse } from '../engine/apiserver/handler/types';
import type { KubeObject } from '../engine/apiserver/object';
import { SharedIndexInformer } from '../engine/client/informer';
import { restListerWatcher } from '../engine/client/rest';
import { createStore } from '../engine/etcd/mvcc';
import { localKV } from '../engine/etcd/v3/local';
import { Simulation } from '../engine/sim';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const PODS = opt('pods', 100_000);
const INFORMERS = opt('informers', 100);
const EVENTS = opt('events', 1000);
const KUBECTL_PODS = opt('kubectl-pods', 10_000);
const RUNS = opt('runs', 5);
const BATCH = 1000;

const ADMIN = { clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } };
/** fullGc collects garbage now (V8's gc(), reached without --expose-gc), so that the heap line is what is live. */
function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** TABLE_ACCEPT is what kubectl get sends. */
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const ms = (t0: number) => `${Math.round(performance.now() - t0).toLocaleString('en-US')} ms`;

function pod(i: number, namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace, labels: { app: `app-${i % 10}` } },
    spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

function inProcess(): void {
  console.log(`in process: ${PODS.toLocaleString('en-US')} pods, ${INFORMERS} informers, ${EVENTS} updates`);
  const sim = new Simulation({ seed: 1, limits: { maxSteps: Infinity } });
  const defer = (fn: () => void) => void sim.after(0, fn);
  const clock = {
    get now() {
      return Date.UTC(2026, 10, 25) + sim.now;
    },
    after: (d: number, fn: () => void) => sim.after(d, fn),
  };
  const allowAll = { authorize: (_: Attributes) => ({ decision: 'Allow' as const, reason: '' }) };
  const authn = { authenticate: (_c: unknown, done: (r: { user: { username: string; groups: string[] } }) => void) => done({ user: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] } }) };
  const asm = createApiServer({ kv: localKV(createStore(), defer), clock, rng: sim.rng.fork('api'), authenticator: authn, authorizer: allowAll, defer, controllers: false });
  asm.bootstrap();
  sim.runFor(10);

  const send = (req: Partial<ApiRequest> & { path: string }, done: (r: ApiResponse) => void) =>
    asm.server.handle({ method: 'GET', query: {}, headers: { 'content-type': 'application/json' }, credentials: ADMIN, ...req }, done);
  const drain = () => {
    while (sim.step());
  };

  let t0 = performance.now();
  let failed = 0;
  for (let start = 0; start < PODS; start += BATCH) {
    for (let i = start; i < Math.min(PODS, start + BATCH); i++) {
      send({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: JSON.stringify(pod(i, 'default')) }, (r) => {
        if (r.status !== 201) failed++;
      });
    }
    drain();
  }
  console.log(`  create ${PODS.toLocaleString('en-US')} pods through the API (${BATCH} in flight): ${ms(t0)}${failed ? ` (${failed} failed!)` : ''}`);

  for (const [label, query] of [
    ['list all from etcd (resourceVersion unset)', {}],
    ['list all from the watch cache (resourceVersion=0)', { resourceVersion: '0' }],
  ] as const) {
    t0 = performance.now();
    let n = -1;
    send({ path: '/api/v1/pods', query: { ...query } }, (r) => (n = (r.body as { items: unknown[] }).items.length));
    drain();
    console.log(`  ${label}: ${ms(t0)} (${n.toLocaleString('en-US')} items)`);
  }
  {
    // What kubectl get asks for: 500-item Table pages from etcd, following continue tokens.
    t0 = performance.now();
    let cont = '';
    let pages = 0;
    do {
      send({ path: '/api/v1/pods', query: { limit: '500', ...(cont ? { continue: cont } : {}) }, headers: { accept: TABLE_ACCEPT } }, (r) => {
        cont = (r.body as { metadata?: { continue?: string } }).metadata?.continue ?? '';
      });
      drain();
      pages++;
    } while (cont);
    const total = performance.now() - t0;
    console.log(`  list all in ${pages} pages of 500 as kubectl asks (Table): ${ms(t0)} (${(total / pages).toFixed(1)} ms per page)`);
  }

  t0 = performance.now();
  const loopback = (req: { method: string; path: string; query: Record<string, string>; headers: Record<string, string> }, sink: Parameters<typeof asm.server.loopback>[1]) => asm.server.loopback(req, sink);
  const informers: SharedIndexInformer<KubeObject>[] = [];
  let updatesSeen = 0;
  for (let w = 0; w < INFORMERS; w++) {
    const inf = new SharedIndexInformer<KubeObject>({ listerWatcher: restListerWatcher(loopback, '/api/v1/pods', defer), clock: sim, rng: sim.rng.fork(`inf-${w}`) });
    inf.addEventHandler({ onAdd() {}, onUpdate: () => void updatesSeen++, onDelete() {} });
    inf.run();
    informers.push(inf);
  }
  while (!informers.every((i) => i.hasSynced())) sim.runFor(10);
  console.log(`  ${INFORMERS} informers list (resourceVersion=0) and sync: ${ms(t0)}`);

  t0 = performance.now();
  for (let e = 0; e < EVENTS; e++) {
    send({ method: 'PATCH', path: `/api/v1/namespaces/default/pods/pod-${e % PODS}`, headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { rev: String(e) } } }) }, () => {});
  }
  const expected = EVENTS * INFORMERS;
  while (updatesSeen < expected) {
    if (!sim.step()) sim.runFor(10);
  }
  console.log(`  ${EVENTS} updates fanned out to ${INFORMERS} informers (${expected.toLocaleString('en-US')} deliveries): ${ms(t0)}`);
  for (const i of informers) i.stop();
  asm.stop();
  const used = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  fullGc();
  console.log(`  heap: ${used} MiB (${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB live after a full GC)`);
}

async function throughKubectl(): Promise<void> {
  console.log(`through the HTTPS front: ${KUBECTL_PODS.toLocaleString('en-US')} pods, kubectl get pods -A × ${RUNS}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-kubectl-'));
  const cluster = await startCluster({ port: 0, kubeconfig: join(dir, 'config'), seed: 1 });
  const cp = cluster.controlPlane;
  let t0 = performance.now();
  let done = 0;
  await new Promise<void>((resolve) => {
    let next = 0;
    const inFlight = 200;
    const launch = () => {
      if (next >= KUBECTL_PODS) return;
      const i = next++;
      const ns = `team-${i % 10}`;
      cluster.submit(() =>
        cp.handle(
          { method: 'POST', path: `/api/v1/namespaces/${ns}/pods`, query: {}, headers: { 'content-type': 'application/json' }, credentials: ADMIN, body: JSON.stringify(pod(i, ns)) },
          {
            respond: () => {
              if (++done === KUBECTL_PODS) resolve();
              else launch();
            },
          },
        ),
      );
    };
    // Namespaces first, then the pods, a few hundred in flight as busy clients would keep them.
    let nsDone = 0;
    for (let n = 0; n < 10; n++) {
      cluster.submit(() =>
        cp.handle(
          { method: 'POST', path: '/api/v1/namespaces', query: {}, headers: { 'content-type': 'application/json' }, credentials: ADMIN, body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } }) },
          {
            respond: () => {
              if (++nsDone === 10) for (let k = 0; k < inFlight; k++) launch();
            },
          },
        ),
      );
    }
  });
  console.log(`  create ${KUBECTL_PODS.toLocaleString('en-US')} pods through Raft (wall clock): ${ms(t0)}`);
  // The server's own share of kubectl's time: each 500-item page of `get pods -A` as kubectl asks
  // for it (Table), one after the other, from the request entering the control plane to its answer
  // serialized as the front sends it (the linearizable read's Raft round included).
  const pageTimes: number[] = [];
  let cont = '';
  do {
    const t = performance.now();
    cont = await new Promise<string>((resolve) =>
      cluster.submit(() =>
        cp.handle(
          { method: 'GET', path: '/api/v1/pods', query: { limit: '500', ...(cont ? { continue: cont } : {}) }, headers: { accept: TABLE_ACCEPT }, credentials: ADMIN },
          {
            respond: (r) => {
              JSON.stringify(r.body);
              resolve(((r.body as { metadata?: { continue?: string } }).metadata?.continue ?? '') as string);
            },
          },
        ),
      ),
    );
    pageTimes.push(performance.now() - t);
  } while (cont);
  pageTimes.sort((a, b) => a - b);
  console.log(`  server: ${pageTimes.length} pages of 500 as kubectl asks (Table): median ${pageTimes[Math.floor(pageTimes.length / 2)].toFixed(1)} ms per page`);
  // And the one unpaged request of `--chunk-size=0`: every pod in one Table.
  const whole: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    await new Promise<void>((resolve) =>
      cluster.submit(() =>
        cp.handle({ method: 'GET', path: '/api/v1/pods', query: {}, headers: { accept: TABLE_ACCEPT }, credentials: ADMIN }, { respond: (res) => (JSON.stringify(res.body), resolve()) }),
      ),
    );
    whole.push(performance.now() - t);
  }
  whole.sort((a, b) => a - b);
  console.log(`  server: all ${KUBECTL_PODS.toLocaleString('en-US')} in one Table (--chunk-size=0): median ${Math.round(whole[Math.floor(RUNS / 2)])} ms`);
  const timeKubectl = async (extra: string[]): Promise<number[]> => {
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      t0 = performance.now();
      const lines = await new Promise<number>((resolve, reject) =>
        execFile('kubectl', ['--kubeconfig', cluster.kubeconfigPath, 'get', 'pods', '-A', '--no-headers', ...extra], { maxBuffer: 64 << 20 }, (e, out) => (e ? reject(e) : resolve(out.trim().split('\n').length))),
      );
      times.push(performance.now() - t0);
      if (lines !== KUBECTL_PODS) throw new Error(`kubectl listed ${lines} pods, expected ${KUBECTL_PODS}`);
    }
    return times.sort((a, b) => a - b);
  };
  const report = (label: string, times: number[]) =>
    console.log(`  ${label} (${KUBECTL_PODS.toLocaleString('en-US')} rows): median ${Math.round(times[Math.floor(RUNS / 2)])} ms, min ${Math.round(times[0])} ms, max ${Math.round(times[RUNS - 1])} ms`);
  report('kubectl get pods -A', await timeKubectl([]));
  // client-go's default limiter (5 QPS, burst 10) lets request k start no sooner than (k - 10) / 5 s:
  // kubectl's pages cannot all be asked for sooner than this, whatever the server does.
  const requests = Math.ceil(KUBECTL_PODS / 500);
  console.log(`    (client-go's 5 QPS / burst 10 limiter alone holds ${requests} requests to at least ${Math.max(0, (requests - 10) / 5).toFixed(1)} s)`);
  report('kubectl get pods -A --chunk-size=0, one request', await timeKubectl(['--chunk-size=0']));
  await cluster.stop();
}

inProcess();
if (!args.includes('--skip-kubectl')) await throughKubectl();
process.exit(0);
