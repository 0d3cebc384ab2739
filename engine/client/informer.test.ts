import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { Simulation } from '../sim/kernel';
import { metaNamespaceIndexFunc, NamespaceIndex } from './indexer';
import { filteringHandler, SharedIndexInformer, waitForCacheSync, type ResourceEventHandler } from './informer';
import { DeletedFinalStateUnknown, metaNamespaceKeyFunc } from './store';
import { expiredStatus, failureStatus, FakeApiServer, FakeClock } from './testing';
import type { Clock, KubeObject } from './types';

interface Pod extends KubeObject {
  metadata: ObjectMeta;
  spec?: { image: string };
}

const pod = (name: string, image = 'nginx:1', namespace = 'default', labels: Record<string, string> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { image },
});

const rvOf = (o: KubeObject) => o.metadata?.resourceVersion;

/** recorder is a handler that writes every notification as a line. */
function recorder(lines: string[] = []): ResourceEventHandler<Pod> & { lines: string[] } {
  return {
    lines,
    onAdd: (obj, initial) => lines.push(`add ${metaNamespaceKeyFunc(obj)}@${rvOf(obj)}${initial ? ' initial' : ''}`),
    onUpdate: (old, obj) => lines.push(`update ${metaNamespaceKeyFunc(obj)}@${rvOf(old)}->${rvOf(obj)}`),
    onDelete: (obj) =>
      lines.push(
        obj instanceof DeletedFinalStateUnknown
          ? `delete-unknown ${obj.key}@${rvOf(obj.obj)}`
          : `delete ${metaNamespaceKeyFunc(obj)}@${rvOf(obj)}`,
      ),
  };
}

function setup(options: { seed?: number; resyncMs?: number; pageSize?: number; clock?: Clock } = {}) {
  const clock = (options.clock ?? new FakeClock()) as FakeClock;
  const server = new FakeApiServer<Pod>(clock);
  const warnings: string[] = [];
  const informer = new SharedIndexInformer<Pod>({
    listerWatcher: server,
    clock,
    rng: new Rng(options.seed ?? 1).fork('informer'),
    defaultResyncPeriodMs: options.resyncMs ?? 0,
    indexers: { [NamespaceIndex]: metaNamespaceIndexFunc },
    pageSize: options.pageSize,
    name: 'test',
    typeDescription: '*v1.Pod',
    logger: { info() {}, warning: (m) => warnings.push(m) },
  });
  return { clock, server, informer, warnings };
}

const lists = (server: FakeApiServer<Pod>) => server.requests.filter((r) => r.verb === 'list');
const watches = (server: FakeApiServer<Pod>) => server.requests.filter((r) => r.verb === 'watch');

describe('SharedIndexInformer: list then watch', () => {
  it('lists in pages, delivers the initial list as initial adds, syncs, then watches from the list\'s version', () => {
    const { clock, server, informer } = setup({ pageSize: 2 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) server.create(pod(n));
    const h = recorder();
    const reg = informer.addEventHandler(h);
    informer.run();
    expect(informer.hasSynced()).toBe(false);
    clock.step(10);
    expect(informer.hasSynced()).toBe(true);
    expect(reg.hasSynced()).toBe(true);
    expect(h.lines).toEqual(['a', 'b', 'c', 'd', 'e'].map((n, i) => `add default/${n}@${i + 1} initial`));
    expect(lists(server).map((r) => r.options)).toEqual([
      { resourceVersion: '0', limit: 2 },
      { limit: 2, continue: '5:2' },
      { limit: 2, continue: '5:4' },
    ]);
    expect(watches(server).map((r) => [r.options.resourceVersion, r.options.allowWatchBookmarks])).toEqual([['5', true]]);
    const timeout = watches(server)[0].options.timeoutSeconds!;
    expect(timeout).toBeGreaterThanOrEqual(300);
    expect(timeout).toBeLessThan(600);
    expect(informer.lastSyncResourceVersion()).toBe('5');
  });

  it('delivers watched changes in order and keeps the cache and indices in step', () => {
    const { clock, server, informer } = setup();
    server.create(pod('a'));
    const h = recorder();
    informer.addEventHandler(h);
    informer.run();
    clock.step(10);
    server.create(pod('b', 'nginx:1', 'other'));
    server.update({ ...server.get('default/a')!, spec: { image: 'nginx:2' } });
    server.delete('default/a');
    clock.step(10);
    expect(h.lines).toEqual(['add default/a@1 initial', 'add other/b@2', 'update default/a@1->3', 'delete default/a@4']);
    expect(informer.getIndexer().listKeys()).toEqual(['other/b']);
    expect(informer.lister().namespace('other').get('b')?.metadata.resourceVersion).toBe('2');
    expect(informer.getIndexer().byIndex(NamespaceIndex, 'default')).toEqual([]);
    expect(informer.lastSyncResourceVersion()).toBe('4');
  });

  it('moves its version forward on bookmarks without telling handlers', () => {
    const { clock, server, informer } = setup();
    const h = recorder();
    informer.addEventHandler(h);
    informer.run();
    clock.step(10);
    server.create(pod('a'));
    server.delete('default/a');
    clock.step(10);
    server.rv += 5; // writes to other resources move the shared revision
    server.bookmark();
    clock.step(10);
    expect(informer.lastSyncResourceVersion()).toBe('7');
    expect(h.lines).toEqual(['add default/a@1', 'delete default/a@2']);
  });

  it('gives a handler added late the cached state as initial adds, then the changes', () => {
    const { clock, server, informer } = setup();
    server.create(pod('a'));
    server.create(pod('b'));
    informer.run();
    clock.step(10);
    const late = recorder();
    const reg = informer.addEventHandler(late);
    expect(reg.hasSynced()).toBe(true);
    server.create(pod('c'));
    clock.step(10);
    expect(late.lines).toEqual(['add default/a@1 initial', 'add default/b@2 initial', 'add default/c@3']);
    informer.removeEventHandler(reg);
    server.delete('default/c');
    clock.step(10);
    expect(late.lines).toHaveLength(3);
  });

  it('hands a change to the handlers registered when it began: one added or removed meanwhile neither gets it nor misses the next', () => {
    const { clock, server, informer } = setup();
    informer.run();
    clock.step(10);
    const seen: string[] = [];
    const late = { onAdd: (o: Pod) => seen.push(`late ${o.metadata!.name}`) };
    let lateReg: ReturnType<typeof informer.addEventHandler> | undefined;
    const second = { onAdd: (o: Pod) => seen.push(`second ${o.metadata!.name}`) };
    const secondReg = informer.addEventHandler(second);
    informer.addEventHandler({
      onAdd: (o: Pod) => {
        seen.push(`third ${o.metadata!.name}`);
        // The first change registers a handler and removes one: neither affects that change.
        if (!lateReg) {
          lateReg = informer.addEventHandler(late);
          informer.removeEventHandler(secondReg);
        }
      },
    });
    server.create(pod('a'));
    clock.step(10);
    server.create(pod('b'));
    clock.step(10);
    // The late handler got the cache (a) as an initial add, then b.
    expect(seen).toEqual(['second a', 'third a', 'late a', 'third b', 'late b']);
  });

  it('tells waitForCacheSync once the initial list is delivered', () => {
    const { clock, server, informer } = setup();
    server.create(pod('a'));
    let syncedAt: number | undefined;
    informer.run();
    waitForCacheSync(clock, [() => informer.hasSynced()], (ok) => ok && (syncedAt = clock.now));
    clock.step(1000);
    expect(syncedAt).toBe(100);
  });
});

describe('SharedIndexInformer: watch ends', () => {
  it('resumes a dropped watch from the last seen version: every change exactly once, in order, no relist', () => {
    const { clock, server, informer } = setup();
    server.create(pod('a'));
    const h = recorder();
    informer.addEventHandler(h);
    informer.run();
    clock.step(10);
    server.create(pod('b'));
    clock.step(2000);
    server.closeWatches();
    // Written while the watch is down: the next watch must replay them.
    server.update({ ...server.get('default/a')!, spec: { image: 'v2' } });
    server.delete('default/b');
    clock.step(10);
    server.create(pod('c'));
    clock.step(10);
    expect(h.lines).toEqual(['add default/a@1 initial', 'add default/b@2', 'update default/a@1->3', 'delete default/b@4', 'add default/c@5']);
    expect(lists(server)).toHaveLength(1);
    expect(watches(server).map((r) => r.options.resourceVersion)).toEqual(['1', '2']);
  });

  it('re-opens the watch when the server times it out', () => {
    const { clock, server, informer } = setup();
    informer.run();
    clock.step(10);
    server.create(pod('a'));
    clock.step(700_000);
    server.create(pod('b'));
    clock.step(10);
    expect(watches(server).length).toBeGreaterThanOrEqual(2);
    expect(lists(server)).toHaveLength(1);
    expect(informer.getIndexer().listKeys()).toEqual(['default/a', 'default/b']);
  });

  it('relists on a 410 ERROR event: deletes of vanished objects as DeletedFinalStateUnknown, adds of new ones, updates of changed ones only', () => {
    const { clock, server, informer, warnings } = setup();
    server.create(pod('keep'));
    server.create(pod('change'));
    server.create(pod('vanish'));
    const h = recorder();
    informer.addEventHandler(h);
    informer.run();
    clock.step(2000);
    server.closeWatches();
    // The informer misses these: its next watch starts below the compacted revision.
    server.update({ ...server.get('default/change')!, spec: { image: 'v2' } });
    server.delete('default/vanish');
    server.create(pod('new'));
    server.compact();
    h.lines.length = 0;
    clock.step(1);
    expect(watches(server).map((r) => r.options.resourceVersion)).toEqual(['3', '3']);
    clock.step(60_000);
    expect(h.lines).toEqual(['update default/change@2->4', 'add default/new@6', 'delete-unknown default/vanish@3']);
    expect(informer.getIndexer().listKeys().sort()).toEqual(['default/change', 'default/keep', 'default/new']);
    // After a 410 the relist asks for "not older than" the last version, unpaged (from the watch cache).
    expect(lists(server).map((r) => r.options)).toEqual([{ resourceVersion: '0', limit: 500 }, { resourceVersion: '3' }]);
    expect(watches(server).at(-1)?.options.resourceVersion).toBe('6');
    expect(warnings).toEqual([]);
  });

  it('relists after an explicit "too old resource version" and waits the reflector backoff first', () => {
    const { clock, server, informer } = setup();
    informer.run();
    clock.step(2000);
    server.errorWatches(expiredStatus('too old resource version: 1 (5)'));
    clock.step(1);
    const droppedAt = clock.now;
    clock.step(5000);
    const relist = lists(server)[1];
    expect(relist.at - droppedAt).toBeGreaterThanOrEqual(800);
    expect(relist.at - droppedAt).toBeLessThan(1600);
  });

  it('lists from "" at once when the list at the last version is 410 too', () => {
    const { clock, server, informer } = setup();
    server.create(pod('a'));
    informer.run();
    clock.step(2000);
    server.failNextList(expiredStatus('too old resource version: 1 (7)'));
    server.errorWatches(expiredStatus('too old resource version: 1 (7)'));
    clock.step(5000);
    expect(lists(server).map((r) => r.options.resourceVersion)).toEqual(['0', '1', '']);
    expect(informer.hasSynced()).toBe(true);
  });

  it('falls back to a full list when a continue token expires mid-list', () => {
    const { clock, server, informer } = setup({ pageSize: 2 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) server.create(pod(n));
    const h = recorder();
    informer.addEventHandler(h);
    informer.run();
    clock.step(1); // first page answered; the second request is on its way
    server.compact();
    clock.step(10);
    expect(lists(server).map((r) => r.options)).toEqual([
      { resourceVersion: '0', limit: 2 },
      { limit: 2, continue: '5:2' },
      { resourceVersion: '0' },
    ]);
    expect(h.lines).toHaveLength(5);
  });

  it('backs off exponentially, with jitter, while lists fail, then recovers', () => {
    const { clock, server, informer, warnings } = setup({ seed: 7 });
    server.create(pod('a'));
    server.failNextList(...Array.from({ length: 4 }, () => failureStatus(500, 'InternalError', 'etcdserver: request timed out')));
    informer.run();
    clock.step(60_000);
    const at = lists(server).map((r) => r.at);
    expect(at).toHaveLength(5);
    const gaps = at.slice(1).map((t, i) => t - at[i] - 1); // each failure arrives 1ms after its request
    [800, 1600, 3200, 6400].forEach((base, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(base);
      expect(gaps[i]).toBeLessThan(2 * base);
    });
    expect(informer.hasSynced()).toBe(true);
    expect(warnings[0]).toBe('test: failed to list *v1.Pod: etcdserver: request timed out');
    expect(warnings[1]).toBe('test: Failed to watch *v1.Pod: failed to list *v1.Pod: etcdserver: request timed out');
  });

  it('treats a watch closed at once with no events as an error and relists', () => {
    const { clock, server, informer, warnings } = setup();
    informer.run();
    clock.step(1);
    server.closeWatches();
    clock.step(5000);
    expect(lists(server)).toHaveLength(2);
    expect(warnings[0]).toMatch(/^test: watch of \*v1.Pod ended with: very short watch: test: Unexpected watch close/);
  });

  it('re-opens the watch after a backoff on 429, without relisting', () => {
    const { clock, server, informer } = setup();
    informer.run();
    clock.step(2000);
    server.closeWatches(failureStatus(429, 'TooManyRequests', 'Too many requests, please try again later.'));
    clock.step(5000);
    expect(lists(server)).toHaveLength(1);
    expect(watches(server)).toHaveLength(2);
  });

  it('calls no handler after stop', () => {
    const { clock, server, informer } = setup();
    const h = recorder();
    informer.addEventHandler(h);
    informer.run();
    clock.step(10);
    server.create(pod('a'));
    informer.stop();
    clock.step(10_000);
    expect(h.lines).toEqual([]);
    expect(server.openWatches()).toBe(0);
    expect(clock.pendingCount()).toBe(0);
  });
});

describe('SharedIndexInformer: resync', () => {
  it('re-delivers every cached object as update(obj, obj) each period, per handler', () => {
    const { clock, server, informer } = setup({ resyncMs: 30_000 });
    server.create(pod('a'));
    server.create(pod('b'));
    const every30 = recorder();
    const every10 = recorder();
    const never = recorder();
    informer.addEventHandler(every30);
    informer.addEventHandlerWithResyncPeriod(every10, 10_000);
    informer.addEventHandlerWithResyncPeriod(never, 0);
    informer.run();
    clock.step(60_500);
    const resyncs = (h: { lines: string[] }) => h.lines.filter((l) => l.startsWith('update'));
    expect(resyncs(every30)).toEqual(Array(2).fill(['update default/a@1->1', 'update default/b@2->2']).flat());
    expect(resyncs(every10)).toHaveLength(12);
    expect(resyncs(never)).toEqual([]);
  });

  it('raises a period under 1s to 1s, and a short period lowers the check period before run', () => {
    const { clock, server, informer, warnings } = setup({ resyncMs: 5000 });
    server.create(pod('a'));
    const fast = recorder();
    informer.addEventHandlerWithResyncPeriod(fast, 10);
    informer.run();
    clock.step(3500);
    expect(warnings).toEqual(['resyncPeriod 10ms is too small. Changing it to the minimum allowed value of 1000ms']);
    expect(fast.lines.filter((l) => l.startsWith('update'))).toHaveLength(3);
  });

  it('raises a period shorter than the check period to it once started', () => {
    const { clock, server, informer, warnings } = setup({ resyncMs: 5000 });
    server.create(pod('a'));
    informer.run();
    clock.step(10);
    const late = recorder();
    informer.addEventHandlerWithResyncPeriod(late, 2000);
    // Due at 5010; checked at 5001 (not yet), 10001 and 15001.
    clock.step(15_000);
    expect(warnings).toEqual([
      'resyncPeriod 2000ms is smaller than resyncCheckPeriod 5000ms and the informer has already started. Changing it to 5000ms',
    ]);
    expect(late.lines.filter((l) => l.startsWith('update'))).toHaveLength(2);
  });
});

describe('SharedIndexInformer on the kernel', () => {
  it('runs on engine/sim\'s Simulation as its clock, identically for the same seed', () => {
    const run = (seed: number) => {
      const sim = new Simulation({ seed });
      const { server, informer } = setup({ clock: sim, seed });
      const h = recorder();
      informer.addEventHandler(h);
      informer.run();
      for (let i = 0; i < 20; i++) {
        sim.after(i * 700, () => {
          if (i % 7 === 3) server.errorWatches(expiredStatus('too old resource version'));
          else server.create(pod(`p${i}`));
        });
      }
      sim.runUntil(60_000);
      informer.stop();
      return { lines: h.lines, requests: server.requests.map((r) => `${r.verb}@${r.at}`) };
    };
    const a = run(3);
    expect(a.lines.filter((l) => l.startsWith('add'))).toHaveLength(17);
    expect(run(3)).toEqual(a);
    expect(run(4).requests).not.toEqual(a.requests);
  });
});

describe('SharedIndexInformer under random drops, timeouts and bookmarks', () => {
  it('hands every change to the handler exactly once and in order, and ends with the server\'s state', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rng = new Rng(`drops-${seed}`);
      const clock = new FakeClock();
      const { server, informer } = setup({ clock, seed });
      const expected: string[] = [];
      const h = recorder();
      informer.addEventHandler(h);
      informer.run();
      clock.step(5);
      const names = ['a', 'b', 'c', 'd'];
      for (let step = 0; step < 200; step++) {
        const name = rng.pick(names);
        const key = `default/${name}`;
        const current = server.get(key);
        const r = rng.next();
        if (!current) {
          expected.push(`add ${key}@${server.create(pod(name)).metadata.resourceVersion}`);
        } else if (r < 0.6) {
          const next = server.update({ ...current, spec: { image: `v${step}` } });
          expected.push(`update ${key}@${current.metadata.resourceVersion}->${next.metadata.resourceVersion}`);
        } else {
          expected.push(`delete ${key}@${server.delete(key).metadata.resourceVersion}`);
        }
        const lastWatch = watches(server).at(-1)!;
        // A watch re-opened under a second ago and dropped with no events is a "very short watch": not this test's subject.
        if (rng.chance(0.1) && clock.now - lastWatch.at > 1000) server.closeWatches();
        if (rng.chance(0.1)) server.bookmark();
        clock.step(rng.int(0, 400));
      }
      clock.step(10);
      expect(h.lines).toEqual(expected);
      expect(lists(server)).toHaveLength(1);
      expect(informer.getIndexer().list().map((o) => `${metaNamespaceKeyFunc(o)}@${rvOf(o)}`).sort()).toEqual(
        names.flatMap((n) => server.get(`default/${n}`) ?? []).map((o) => `${metaNamespaceKeyFunc(o)}@${rvOf(o)}`).sort(),
      );
    }
  });
});

describe('filteringHandler', () => {
  it('turns updates that cross the filter into adds and deletes', () => {
    const lines: string[] = [];
    const h = filteringHandler<Pod>((o) => !(o instanceof DeletedFinalStateUnknown) && o.spec?.image === 'keep', recorder(lines));
    const keep = { ...pod('a', 'keep'), metadata: { ...pod('a').metadata, resourceVersion: '1' } };
    const drop = { ...pod('a', 'drop'), metadata: { ...pod('a').metadata, resourceVersion: '2' } };
    h.onAdd!(drop, false);
    h.onUpdate!(drop, keep);
    h.onUpdate!(keep, keep);
    h.onUpdate!(keep, drop);
    h.onDelete!(drop);
    expect(lines).toEqual(['add default/a@1', 'update default/a@1->1', 'delete default/a@1']);
  });
});
