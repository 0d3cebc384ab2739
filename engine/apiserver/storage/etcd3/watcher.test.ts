import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from '../../selectors/labels';
import { harness, pod, type Harness } from '../testing';
import type { Done, KubeObject, WatchEvent, WatchOptions } from '../types';
import { EXPIRED_WATCH } from './watcher';

function label(text: string) {
  const p = parseLabelSelector(text);
  if (!p.ok) throw new Error(p.error);
  return p.selector;
}

function watchAll(h: Harness, opts: WatchOptions) {
  const events: WatchEvent[] = [];
  const state = { closed: false };
  const handle = h.storage.watch(h.storage.prefixFor(), opts, (ev) => events.push(ev), () => (state.closed = true));
  return { events, handle, state };
}

const brief = (evs: WatchEvent[]) =>
  evs.map((e) => (e.type === 'ERROR' ? `ERROR ${e.object.message}` : `${e.type} ${e.object.metadata?.name ?? ''}@${e.object.metadata?.resourceVersion}`));

function write(h: Harness, run: (d: Done<KubeObject>) => void): KubeObject {
  const [err, obj] = h.call<KubeObject>(run);
  if (err) throw err;
  return obj!;
}

describe('etcd3 watcher (watch cache off)', () => {
  const setup = () => harness({ watchCache: false, bookmarkIntervalMs: 1000 });
  const create = (h: Harness, name: string, labels?: Record<string, string>) => write(h, (d) => h.storage.create(h.storage.keyFor('default', name), pod(name, 'default', labels), d));
  const relabel = (h: Harness, name: string, labels: Record<string, string>) =>
    write(h, (d) => h.storage.guaranteedUpdate(h.storage.keyFor('default', name), {}, (o) => ({ ...o!, metadata: { ...o!.metadata, labels } }), d));
  const remove = (h: Harness, name: string) => write(h, (d) => h.storage.delete(h.storage.keyFor('default', name), undefined, d));

  it('lists the state as ADDED, then streams changes from etcd', () => {
    const h = setup();
    const a = create(h, 'a');
    const w = watchAll(h, {});
    h.settle();
    const a2 = relabel(h, 'a', { x: '1' });
    const gone = remove(h, 'a');
    expect(brief(w.events)).toEqual([`ADDED a@${a.metadata!.resourceVersion}`, `MODIFIED a@${a2.metadata!.resourceVersion}`, `DELETED a@${gone.metadata!.resourceVersion}`]);
    expect((w.events[2].object as KubeObject).metadata!.labels).toEqual({ x: '1' });
  });

  it('replays from resourceVersion N and gives 410 for a compacted N', () => {
    const h = setup();
    const made = ['a', 'b', 'c'].map((n) => create(h, n));
    const w = watchAll(h, { resourceVersion: made[0].metadata!.resourceVersion });
    h.settle();
    expect(brief(w.events)).toEqual(made.slice(1).map((o) => `ADDED ${o.metadata!.name}@${o.metadata!.resourceVersion}`));
    h.call((d) => h.kv.compact({ revision: h.mvcc.currentRevision() }, () => d(null)));
    const old = watchAll(h, { resourceVersion: made[0].metadata!.resourceVersion });
    h.settle();
    expect(old.events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ code: 410, reason: 'Expired', message: EXPIRED_WATCH }) }]);
    expect(old.state.closed).toBe(true);
  });

  it('applies selector transitions as the cacher does', () => {
    const h = setup();
    const w = watchAll(h, { predicate: { label: label('app=web') } });
    h.settle();
    create(h, 'p', { app: 'db' });
    const joined = relabel(h, 'p', { app: 'web' });
    const left = relabel(h, 'p', { app: 'x' });
    remove(h, 'p');
    expect(brief(w.events)).toEqual([`ADDED p@${joined.metadata!.resourceVersion}`, `DELETED p@${left.metadata!.resourceVersion}`]);
  });

  it('turns etcd progress notifications into bookmarks, and ends the initial state with one for sendInitialEvents', () => {
    const h = setup();
    const a = create(h, 'a');
    const w = watchAll(h, { allowWatchBookmarks: true, sendInitialEvents: true });
    h.settle();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(w.events[1].object.metadata).toEqual({ resourceVersion: a.metadata!.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } });
    h.call((d) => h.kv.put({ key: '/registry/other/x', value: '{}' }, () => d(null)));
    h.clock.advance(1000);
    expect(w.events.at(-1)).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(h.mvcc.currentRevision()) } } });
    w.handle.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('reads go to etcd: a resourceVersion="0" list sees a write at once', () => {
    const h = setup();
    create(h, 'a');
    h.mvcc.put('/registry/pods/default/b', JSON.stringify(pod('b')));
    const [, list] = h.call<{ items: KubeObject[] }>((d) => h.storage.getList(h.storage.prefixFor(), { resourceVersion: '0' }, d));
    expect(list!.items.map((o) => o.metadata!.name)).toEqual(['a', 'b']);
  });
});
