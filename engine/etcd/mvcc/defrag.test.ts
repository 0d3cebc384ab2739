import { describe, expect, it } from 'vitest';
import type { MvccStore } from './store';
import { createStore } from './reference';
import { defrag } from './defrag';
import { endpointStatus } from './status';
import { PAGE_SIZE } from './bbolt';
import type { KeyValue } from './types';

function everyRevision(s: MvccStore): Array<[number, KeyValue[]]> {
  const out: Array<[number, KeyValue[]]> = [];
  for (let rev = Math.max(1, s.compactRevision()); rev <= s.currentRevision(); rev++) {
    out.push([rev, s.range('\0', '\0', { revision: rev }).kvs]);
  }
  return out;
}

/** churned is a store that wrote a lot, deleted most of it and compacted. */
function churned(): MvccStore {
  const s = createStore();
  for (let i = 0; i < 300; i++) s.put(`/registry/events/e${i}`, 'e'.repeat(300));
  s.put('/registry/keep/a', 'A');
  s.deleteRange('/registry/events/', '/registry/events0');
  s.put('/registry/keep/b', 'B');
  s.compact(s.currentRevision() - 1);
  return s;
}

describe('defrag', () => {
  it('shrinks the db file to the size in use after deleting and compacting', () => {
    const s = churned();
    const before = endpointStatus(s);
    expect(before.dbSizeInUse).toBeLessThan(before.dbSize);
    const r = defrag(s);
    const after = endpointStatus(s);
    expect(r).toEqual({
      sizeBefore: before.dbSize,
      sizeInUseBefore: before.dbSizeInUse,
      sizeAfter: after.dbSize,
      sizeInUseAfter: after.dbSizeInUse,
    });
    expect(after.dbSize).toBe(after.dbSizeInUse);
    expect(after.dbSize).toBeLessThan(before.dbSize);
    expect(after.dbSize % PAGE_SIZE).toBe(0);
  });

  it('keeps every readable revision, the current and the compacted revision', () => {
    const s = churned();
    const history = everyRevision(s);
    const rev = s.currentRevision();
    defrag(s);
    expect(s.currentRevision()).toBe(rev);
    expect(s.compactRevision()).toBe(rev - 1);
    expect(everyRevision(s)).toEqual(history);
  });

  it('lets revisions continue after it, and watchers keep working', () => {
    const s = churned();
    const rev = s.currentRevision();
    const id = s.watch({ key: '/registry/keep/', range_end: '/registry/keep0' });
    defrag(s);
    expect(s.put('/registry/keep/c', 'C').header.revision).toBe(rev + 1);
    const evs = s.takeWatchResponses().flatMap((r) => (r.watch_id === id ? r.events : []));
    expect(evs.map((e) => e.kv.key)).toEqual(['/registry/keep/c']);
  });

  it('changes nothing in use for a db without free pages', () => {
    const s = createStore();
    for (let i = 0; i < 50; i++) s.put(`k${i}`, 'v');
    const inUse = s.backend.sizeInUse();
    defrag(s);
    expect(s.backend.sizeInUse()).toBe(inUse);
  });
});
