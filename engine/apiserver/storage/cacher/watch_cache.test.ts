import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../errors';
import { defaultAttrs } from '../objects';
import { pod } from '../testing';
import { WatchCache } from './watch_cache';

const attrs = defaultAttrs(true);

function put(c: WatchCache, name: string, rv: number) {
  const o = { ...pod(name), metadata: { ...pod(name).metadata, resourceVersion: String(rv) } };
  return c.apply(`/r/default/${name}`, o, attrs(o), rv);
}

const rvs = (x: ReturnType<WatchCache['eventsSince']>) => (isStatusError(x) ? x.message : x.map((e) => e.rv));

describe('WatchCache', () => {
  it('replays from just after the list revision until an event is evicted, then from the oldest buffered event', () => {
    const c = new WatchCache(3);
    c.replace([], 10);
    expect(rvs(c.eventsSince(10))).toEqual([]);
    expect(rvs(c.eventsSince(9))).toBe('too old resource version: 9 (10)');
    put(c, 'a', 11);
    put(c, 'b', 12);
    put(c, 'c', 13);
    expect(rvs(c.eventsSince(10))).toEqual([11, 12, 13]);
    put(c, 'd', 14); // evicts 11
    expect(rvs(c.eventsSince(10))).toBe('too old resource version: 10 (11)');
    expect(rvs(c.eventsSince(11))).toEqual([12, 13, 14]);
    expect(rvs(c.eventsSince(13))).toEqual([14]);
    expect(rvs(c.eventsSince(14))).toEqual([]);
    expect(c.bufferedEvents).toBe(3);
  });

  it('types events from the state: ADDED, MODIFIED with the previous object, DELETED with the last state at the delete revision', () => {
    const c = new WatchCache(10);
    c.replace([], 1);
    expect(put(c, 'a', 2)!.type).toBe('ADDED');
    const mod = put(c, 'a', 3)!;
    expect([mod.type, mod.prevObject!.metadata!.resourceVersion]).toEqual(['MODIFIED', '2']);
    const del = c.apply('/r/default/a', null, null, 4)!;
    expect([del.type, del.object.metadata!.resourceVersion, del.object.metadata!.name]).toEqual(['DELETED', '4', 'a']);
    expect(c.apply('/r/default/a', null, null, 5)).toBeNull();
    expect(c.store.size).toBe(0);
    expect(c.resourceVersion).toBe(4);
  });

  it('keeps the state in key order for lists and initial events', () => {
    const c = new WatchCache(10);
    c.replace([], 1);
    for (const [i, n] of ['c', 'a', 'b'].entries()) put(c, n, 2 + i);
    expect(c.snapshot().map((e) => e.key)).toEqual(['/r/default/a', '/r/default/b', '/r/default/c']);
    expect(c.allObjects().map((o) => o.metadata!.name)).toEqual(['a', 'b', 'c']);
    c.apply('/r/default/b', null, null, 9);
    expect(c.allObjects().map((o) => o.metadata!.name)).toEqual(['a', 'c']);
  });
});
