import { describe, expect, it } from 'vitest';
import type { WatchResponse } from '../../../etcd/mvcc/types';
import type { EtcdKV } from '../../../etcd/v3/kv';
import { Rng } from '../../../sim/rng';
import { parseLabelSelector } from '../../selectors/labels';
import { harness, pod, type Harness } from '../testing';
import type { KubeObject, ListResult, WatchEvent, WatchOptions } from '../types';
import { INITIAL_EVENTS_END } from './cache_watcher';

function label(text: string) {
  const p = parseLabelSelector(text);
  if (!p.ok) throw new Error(p.error);
  return p.selector;
}

/** watchAll opens a watch and collects its events (and whether the server closed it). */
function watchAll(h: Harness, opts: WatchOptions, prefix = h.storage.prefixFor()) {
  const events: WatchEvent[] = [];
  const state = { closed: false };
  const handle = h.storage.watch(prefix, opts, (ev) => events.push(ev), () => (state.closed = true));
  return { events, handle, state };
}

const brief = (evs: WatchEvent[]) =>
  evs.map((e) => (e.type === 'ERROR' ? `ERROR ${e.object.message}` : `${e.type} ${e.object.metadata?.name ?? ''}@${e.object.metadata?.resourceVersion}`));

function create(h: Harness, name: string, labels?: Record<string, string>, ns = 'default'): KubeObject {
  const [err, obj] = h.call<KubeObject>((d) => h.storage.create(h.storage.keyFor(ns, name), pod(name, ns, labels), d));
  if (err) throw err;
  return obj!;
}

function update(h: Harness, name: string, change: (o: KubeObject) => KubeObject, ns = 'default'): KubeObject {
  const [err, obj] = h.call<KubeObject>((d) => h.storage.guaranteedUpdate(h.storage.keyFor(ns, name), {}, (cur) => change(cur!), d));
  if (err) throw err;
  return obj!;
}

function remove(h: Harness, name: string, ns = 'default'): KubeObject {
  const [err, obj] = h.call<KubeObject>((d) => h.storage.delete(h.storage.keyFor(ns, name), undefined, d));
  if (err) throw err;
  return obj!;
}

const relabel = (labels: Record<string, string>) => (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, labels } });

describe('Cacher watch', () => {
  it('starts a watch without resourceVersion, or at "0", with ADDED for the current state, then live events', () => {
    const h = harness();
    const a = create(h, 'a');
    const b = create(h, 'b');
    for (const resourceVersion of [undefined, '0']) {
      const w = watchAll(h, { resourceVersion });
      expect(w.events).toEqual([]); // nothing inside the call
      h.settle();
      expect(brief(w.events)).toEqual([`ADDED a@${a.metadata!.resourceVersion}`, `ADDED b@${b.metadata!.resourceVersion}`]);
      w.handle.stop();
    }
    const w = watchAll(h, {});
    h.settle();
    const a2 = update(h, 'a', relabel({ x: '1' }));
    const gone = remove(h, 'b');
    expect(brief(w.events).slice(2)).toEqual([`MODIFIED a@${a2.metadata!.resourceVersion}`, `DELETED b@${gone.metadata!.resourceVersion}`]);
    // A DELETED event carries the object's last state.
    expect((w.events[3].object as KubeObject).metadata!.uid).toBe('uid-default-b');
  });

  it('replays every event after resourceVersion N from the buffer, then goes live', () => {
    const h = harness();
    const made = ['a', 'b', 'c', 'd'].map((n) => create(h, n));
    const from = made[1].metadata!.resourceVersion!;
    const w = watchAll(h, { resourceVersion: from });
    h.settle();
    expect(brief(w.events)).toEqual(made.slice(2).map((o) => `ADDED ${o.metadata!.name}@${o.metadata!.resourceVersion}`));
    const e = create(h, 'e');
    expect(brief(w.events).at(-1)).toBe(`ADDED e@${e.metadata!.resourceVersion}`);
  });

  it('scopes a watch to its namespace prefix', () => {
    const h = harness();
    const w = watchAll(h, {}, h.storage.prefixFor('prod'));
    h.settle();
    create(h, 'a', undefined, 'default');
    create(h, 'b', undefined, 'prod');
    expect(brief(w.events).map((s) => s.split('@')[0])).toEqual(['ADDED b']);
  });

  it('answers a resourceVersion older than the buffer with one 410 ERROR event and closes the watch', () => {
    const h = harness({ watchCacheSize: 5 });
    const first = create(h, 'p0');
    const made = [first];
    for (let i = 1; i < 20; i++) made.push(create(h, `p${i}`));
    const oldest = Number(made[15].metadata!.resourceVersion);
    const w = watchAll(h, { resourceVersion: first.metadata!.resourceVersion });
    h.settle();
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: `too old resource version: ${first.metadata!.resourceVersion} (${oldest - 1})` },
    });
    expect(w.state.closed).toBe(true);
    // oldest-1 itself is still servable: everything after it is in the buffer.
    const ok = watchAll(h, { resourceVersion: String(oldest - 1) });
    h.settle();
    expect(ok.events.map((e) => e.type)).toEqual(Array(5).fill('ADDED'));
  });

  it('turns selector transitions into ADDED and DELETED, with the last matching state', () => {
    const h = harness();
    const w = watchAll(h, { predicate: { label: label('app=web') } });
    h.settle();
    create(h, 'p', { app: 'db' });
    const joined = update(h, 'p', relabel({ app: 'web' }));
    const changed = update(h, 'p', (o) => ({ ...o, spec: { v: 2 } }));
    const left = update(h, 'p', relabel({ app: 'other' }));
    remove(h, 'p');
    expect(brief(w.events)).toEqual([
      `ADDED p@${joined.metadata!.resourceVersion}`,
      `MODIFIED p@${changed.metadata!.resourceVersion}`,
      `DELETED p@${left.metadata!.resourceVersion}`,
    ]);
    // The DELETED shows the object as it last matched, at the revision it stopped matching.
    expect((w.events[2].object as KubeObject).metadata!.labels).toEqual({ app: 'web' });
  });

  it('never loses, duplicates or reorders events for watches started at random revisions amid random writes', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = new Rng(seed);
      const h = harness({ watchCacheSize: 50 });
      const history: Array<{ rv: number; line: string }> = [];
      const watchers: Array<{ from: number; w: ReturnType<typeof watchAll> }> = [];
      const names = ['a', 'b', 'c', 'd', 'e'];
      const live = new Set<string>();
      for (let step = 0; step < 300; step++) {
        const name = names[rng.intn(names.length)];
        let done: KubeObject;
        let type: string;
        if (!live.has(name)) {
          done = create(h, name);
          type = 'ADDED';
          live.add(name);
        } else if (rng.chance(0.3)) {
          done = remove(h, name);
          type = 'DELETED';
          live.delete(name);
        } else {
          done = update(h, name, (o) => ({ ...o, spec: { step } }));
          type = 'MODIFIED';
        }
        history.push({ rv: Number(done.metadata!.resourceVersion), line: `${type} ${name}@${done.metadata!.resourceVersion}` });
        if (rng.chance(0.1) && history.length > 40) {
          const from = history[history.length - 1 - rng.intn(40)].rv;
          watchers.push({ from, w: watchAll(h, { resourceVersion: String(from) }) });
          // Half start while writes are still queued behind them.
          if (rng.chance(0.5)) h.settle();
        }
      }
      h.settle();
      expect(watchers.length).toBeGreaterThan(0);
      for (const { from, w } of watchers) {
        expect(brief(w.events), `seed ${seed} from ${from}`).toEqual(history.filter((e) => e.rv > from).map((e) => e.line));
      }
    }
  });

  it('sends bookmarks at the configured period only to watches that allow them, and stops the timer when none is left', () => {
    const h = harness({ bookmarkIntervalMs: 1000 });
    create(h, 'a');
    const withMarks = watchAll(h, { allowWatchBookmarks: true });
    const without = watchAll(h, {});
    h.settle();
    const b = create(h, 'b');
    h.clock.advance(999);
    expect(withMarks.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED']);
    h.clock.advance(1);
    expect(withMarks.events[2]).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: b.metadata!.resourceVersion } } });
    h.clock.advance(1000);
    expect(withMarks.events.filter((e) => e.type === 'BOOKMARK')).toHaveLength(2);
    expect(without.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED']);
    withMarks.handle.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('bookmarks move with the etcd revision when other resources are written', () => {
    const h = harness({ bookmarkIntervalMs: 1000 });
    const w = watchAll(h, { allowWatchBookmarks: true });
    h.settle();
    h.call((d) => h.kv.put({ key: '/registry/configmaps/default/x', value: '{}' }, () => d(null)));
    h.clock.advance(1000); // asks etcd for progress
    h.clock.advance(1000);
    const marks = w.events.filter((e) => e.type === 'BOOKMARK').map((e) => Number((e.object as KubeObject).metadata!.resourceVersion));
    expect(marks.at(-1)).toBe(h.mvcc.currentRevision());
  });

  it('sends the initial state then a bookmark annotated initial-events-end for sendInitialEvents', () => {
    const h = harness();
    create(h, 'a');
    const b = create(h, 'b');
    const w = watchAll(h, { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersion: '' });
    h.settle();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
    expect(w.events[2].object.metadata).toEqual({ resourceVersion: b.metadata!.resourceVersion, annotations: { [INITIAL_EVENTS_END]: 'true' } });
  });

  it('waits for a resourceVersion the cache has not reached, and gives up after 3 s with 504', () => {
    const h = harness();
    const a = create(h, 'a');
    const next = Number(a.metadata!.resourceVersion) + 1;
    const waiting = watchAll(h, { resourceVersion: String(next) });
    h.settle();
    expect(waiting.events).toEqual([]);
    const b = create(h, 'b');
    expect(waiting.events).toEqual([]); // b is at `next`: nothing after it yet
    create(h, 'c');
    expect(brief(waiting.events)).toEqual([`ADDED c@${next + 1}`]);
    expect(Number(b.metadata!.resourceVersion)).toBe(next);

    const far = watchAll(h, { resourceVersion: '1000' });
    h.settle();
    h.clock.advance(3000);
    expect(far.events[0]).toMatchObject({ type: 'ERROR', object: { code: 504, message: `Timeout: Too large resource version: 1000, current: ${next + 1}` } });
    expect(far.state.closed).toBe(true);
  });

  it('stop() ends delivery at once', () => {
    const h = harness();
    const w = watchAll(h, {});
    w.handle.stop();
    h.settle();
    create(h, 'a');
    expect(w.events).toEqual([]);
    expect(w.state.closed).toBe(false);
  });
});

describe('Cacher reads and restarts', () => {
  it('serves resourceVersion "0" gets and lists from the cache, others from etcd', () => {
    const h = harness();
    create(h, 'a', { app: 'web' });
    create(h, 'b', { app: 'db' }, 'prod');
    const [, list] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { resourceVersion: '0', predicate: { label: label('app=web') } }, d));
    expect(list!.items.map((o) => o.metadata!.name)).toEqual(['a']);
    expect(list!.resourceVersion).toBe(String(h.mvcc.currentRevision()));
    const [, got] = h.call<KubeObject | null>((d) => h.storage.get(h.storage.keyFor('prod', 'b'), { resourceVersion: '0' }, d));
    expect(got!.metadata!.name).toBe('b');
    const [nf] = h.call((d) => h.storage.get(h.storage.keyFor('prod', 'zz'), { resourceVersion: '0' }, d));
    expect(nf!.message).toBe('pods "zz" not found');
    // The cache lags etcd until its watch delivers: a write made behind its back shows in etcd reads only.
    h.mvcc.put('/registry/pods/default/sneaky', JSON.stringify(pod('sneaky')));
    const [, fromCache] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { resourceVersion: '0' }, d));
    const [, fromEtcd] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), {}, d));
    expect(fromEtcd!.items).toHaveLength(3);
    expect(fromCache!.items.map((o) => o.metadata!.name)).toEqual(['a', 'b']);
    // The etcd read pumped the watch: now the cache has it too, in key order.
    const [, caughtUp] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { resourceVersion: '0' }, d));
    expect(caughtUp!.items.map((o) => o.metadata!.name)).toEqual(['a', 'sneaky', 'b']);
    expect(caughtUp!.resourceVersion).toBe(String(h.mvcc.currentRevision()));
  });

  it('closes every watch when etcd cancels its watch (compaction), relists, and answers 410 to watches from before the relist', () => {
    let inject: ((res: WatchResponse) => void) | undefined;
    const spy = (kv: EtcdKV): EtcdKV => ({
      ...kv,
      watch: (req, onResponse) => {
        inject = onResponse;
        return kv.watch(req, onResponse);
      },
    });
    const h = harness({}, spy);
    const a = create(h, 'a');
    const w = watchAll(h, {});
    h.settle();
    create(h, 'b');
    const beforeRelist = Number(h.mvcc.currentRevision());
    h.call((d) => h.kv.compact({ revision: beforeRelist }, () => d(null)));
    create(h, 'c');
    inject!({ header: { revision: beforeRelist }, watch_id: 1, created: false, canceled: true, compact_revision: beforeRelist, cancel_reason: '', events: [] });
    expect(w.state.closed).toBe(true);
    h.settle();
    const listRv = h.mvcc.currentRevision();
    const stale = watchAll(h, { resourceVersion: a.metadata!.resourceVersion });
    const fresh = watchAll(h, { resourceVersion: String(listRv) });
    h.settle();
    expect(stale.events[0]).toMatchObject({ type: 'ERROR', object: { code: 410, message: `too old resource version: ${a.metadata!.resourceVersion} (${listRv})` } });
    const d = create(h, 'd');
    expect(brief(fresh.events)).toEqual([`ADDED d@${d.metadata!.resourceVersion}`]);
  });
});

describe('Cacher and etcd lists', () => {
  const list = (h: Harness, opts: Parameters<Harness['storage']['getList']>[1]) => {
    const [err, res] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), opts, d));
    if (err) throw err;
    return res!.items;
  };

  it('reuses the objects the cache decoded for a list at their revision, and decodes the rest', () => {
    const h = harness();
    const a1 = create(h, 'a');
    create(h, 'b');
    const cached = list(h, { resourceVersion: '0' });
    const fromEtcd = list(h, {});
    expect(fromEtcd).toEqual(cached);
    expect(fromEtcd[0]).toBe(cached[0]);
    expect(fromEtcd[1]).toBe(cached[1]);
    update(h, 'a', relabel({ v: '2' }));
    // At a1's revision the cache holds a newer a: that list decodes its own a, as it was then.
    const old = list(h, { resourceVersion: a1.metadata!.resourceVersion, resourceVersionMatch: 'Exact' });
    expect(old.map((o) => [o.metadata!.name, o.metadata!.resourceVersion, o.metadata!.labels])).toEqual([['a', a1.metadata!.resourceVersion, undefined]]);
    expect(old[0]).not.toBe(list(h, { resourceVersion: '0' })[0]);
    // A get is its caller's to keep: never the cache's object.
    const [, got] = h.call<KubeObject | null>((d) => h.storage.get(h.storage.keyFor('default', 'b'), {}, d));
    expect(got).toEqual(cached[1]);
    expect(got).not.toBe(cached[1]);
  });
});

