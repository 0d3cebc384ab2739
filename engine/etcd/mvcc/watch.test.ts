import { describe, expect, it } from 'vitest';
import type { MvccStore } from './store';
import { createStore } from './reference';
import { MSG_EMPTY_WATCHER_RANGE } from './errors';
import type { WatchResponse } from './types';

/** events flattens a watch's responses to "TYPE key=value@mod_revision" lines. */
function events(responses: WatchResponse[], id: number): string[] {
  return responses
    .filter((r) => r.watch_id === id)
    .flatMap((r) => r.events)
    .map((e) => `${e.type} ${e.kv.key}=${e.kv.value}@${e.kv.mod_revision}`);
}

describe('watch', () => {
  it('confirms creation first, with the current revision', () => {
    const s = createStore();
    s.put('a', '1');
    const id = s.watch({ key: 'a' });
    expect(s.takeWatchResponses()).toEqual([
      {
        header: { revision: 2 },
        watch_id: id,
        created: true,
        canceled: false,
        compact_revision: 0,
        cancel_reason: '',
        events: [],
      },
    ]);
  });

  it('without a start revision, sends only changes after the current revision', () => {
    const s = createStore();
    s.put('a', '1');
    const id = s.watch({ key: 'a' });
    s.put('a', '2');
    s.put('b', 'ignored');
    s.deleteRange('a');
    const got = s.takeWatchResponses();
    expect(events(got, id)).toEqual(['PUT a=2@3', 'DELETE a=@5']);
    // One response per revision, its header at that revision.
    expect(got.slice(1).map((r) => r.header.revision)).toEqual([3, 5]);
  });

  it('replays history from start_revision, then delivers new changes, in revision order', () => {
    const s = createStore();
    s.put('k/1', 'a'); // 2
    s.put('other', 'x'); // 3
    s.put('k/2', 'b'); // 4
    s.deleteRange('k/1'); // 5
    const id = s.watch({ key: 'k/', range_end: 'k0', start_revision: 3 });
    s.put('k/3', 'c'); // 6
    const got = s.takeWatchResponses();
    expect(events(got, id)).toEqual(['PUT k/2=b@4', 'DELETE k/1=@5', 'PUT k/3=c@6']);
    // History comes in one response headed at the revision the watch caught up to.
    expect(got[1]!.header.revision).toBe(5);
  });

  it('reports a DELETE with only the key and the delete revision', () => {
    const s = createStore();
    s.put('a', '1');
    s.deleteRange('a');
    const id = s.watch({ key: 'a', start_revision: 2 });
    const del = s.takeWatchResponses().filter((r) => r.watch_id === id)[1]!.events[1]!;
    expect(del).toEqual({ type: 'DELETE', kv: { key: 'a', create_revision: 0, mod_revision: 3, version: 0, value: '' } });
  });

  it('waits at a future start revision and skips the changes before it', () => {
    const s = createStore();
    const id = s.watch({ key: 'a', start_revision: 4 });
    s.put('a', '2'); // 2
    s.put('a', '3'); // 3
    s.put('a', '4'); // 4
    s.put('a', '5'); // 5
    expect(events(s.takeWatchResponses(), id)).toEqual(['PUT a=4@4', 'PUT a=5@5']);
  });

  it('sends every change of a txn in one response, in sub-revision order', () => {
    const s = createStore();
    s.put('b', 'old');
    const id = s.watch({ key: '\0', range_end: '\0' });
    s.txn({ success: [{ request_put: { key: 'c', value: '1' } }, { request_delete_range: { key: 'b' } }] });
    const got = s.takeWatchResponses().filter((r) => r.events.length > 0);
    expect(got).toHaveLength(1);
    expect(events(got, id)).toEqual(['PUT c=1@3', 'DELETE b=@3']);
  });

  it('adds prev_kv to updates and deletes but not to creations', () => {
    const s = createStore();
    const id = s.watch({ key: 'a', prev_kv: true });
    s.put('a', '1');
    s.put('a', '2');
    s.deleteRange('a');
    const evs = s.takeWatchResponses().filter((r) => r.watch_id === id).flatMap((r) => r.events);
    expect(evs.map((e) => e.prev_kv?.value)).toEqual([undefined, '1', '2']);
    expect(evs[2]!.prev_kv).toEqual({ key: 'a', create_revision: 2, mod_revision: 3, version: 2, value: '2' });
  });

  it('applies NOPUT and NODELETE filters, sending nothing for a fully filtered revision', () => {
    const s = createStore();
    const noPut = s.watch({ key: 'a', filters: ['NOPUT'] });
    const noDel = s.watch({ key: 'a', filters: ['NODELETE'] });
    s.put('a', '1');
    s.deleteRange('a');
    const got = s.takeWatchResponses();
    expect(events(got, noPut)).toEqual(['DELETE a=@3']);
    expect(events(got, noDel)).toEqual(['PUT a=1@2']);
    expect(got.filter((r) => !r.created)).toHaveLength(2);
  });

  it('cancels a watch on request and then sends it nothing more', () => {
    const s = createStore();
    const id = s.watch({ key: 'a' });
    s.takeWatchResponses();
    expect(s.cancelWatch(id)).toBe(true);
    s.put('a', '1');
    expect(s.takeWatchResponses()).toEqual([
      { header: { revision: 1 }, watch_id: id, created: false, canceled: true, compact_revision: 0, cancel_reason: '', events: [] },
    ]);
    expect(s.cancelWatch(id)).toBe(false);
    expect(s.watcherCount()).toBe(0);
  });

  it('refuses an empty range as etcd does: created and canceled at once', () => {
    const s = createStore();
    expect(s.watch({ key: 'b', range_end: 'a' })).toBe(-1);
    expect(s.takeWatchResponses()[0]).toMatchObject({
      watch_id: -1,
      created: true,
      canceled: true,
      cancel_reason: MSG_EMPTY_WATCHER_RANGE,
    });
  });

  it('splits a long history into responses of at most 1000 revisions', () => {
    const s = createStore();
    for (let i = 0; i < 2500; i++) s.put('a', String(i));
    const id = s.watch({ key: 'a', start_revision: 1 });
    const got = s.takeWatchResponses().filter((r) => r.watch_id === id && r.events.length > 0);
    expect(got.map((r) => r.events.length)).toEqual([1000, 1000, 500]);
    expect(got.flatMap((r) => r.events).map((e) => e.kv.mod_revision)).toEqual(
      Array.from({ length: 2500 }, (_, i) => i + 2),
    );
  });

  it('sends a progress notification (watch_id -1) at the current revision', () => {
    const s = createStore();
    s.requestProgress();
    expect(s.takeWatchResponses()).toEqual([]);
    s.watch({ key: 'a' });
    s.put('b', '1');
    s.takeWatchResponses();
    s.requestProgress();
    expect(s.takeWatchResponses()).toEqual([
      { header: { revision: 2 }, watch_id: -1, created: false, canceled: false, compact_revision: 0, cancel_reason: '', events: [] },
    ]);
  });
});

describe('watch and compaction', () => {
  function compacted(): MvccStore {
    const s = createStore();
    s.put('a', '1'); // 2
    s.put('a', '2'); // 3
    s.put('a', '3'); // 4
    s.compact(3);
    return s;
  }

  it('cancels a watch from below the compacted revision with compact_revision set', () => {
    const s = compacted();
    const id = s.watch({ key: 'a', start_revision: 2 });
    const got = s.takeWatchResponses();
    expect(got).toHaveLength(2);
    expect(got[1]).toEqual({
      header: { revision: 0 },
      watch_id: id,
      created: false,
      canceled: true,
      compact_revision: 3,
      cancel_reason: '',
      events: [],
    });
    s.put('a', '4');
    expect(s.takeWatchResponses()).toEqual([]);
  });

  it('accepts a watch from exactly the compacted revision', () => {
    const s = compacted();
    const id = s.watch({ key: 'a', start_revision: 3 });
    expect(events(s.takeWatchResponses(), id)).toEqual(['PUT a=2@3', 'PUT a=3@4']);
  });

  it('keeps a delete at the compacted revision visible to a watch from there', () => {
    const s = createStore();
    s.put('a', '1'); // 2
    s.deleteRange('a'); // 3
    s.put('b', '1'); // 4
    s.compact(3);
    const id = s.watch({ key: '\0', range_end: '\0', start_revision: 3 });
    expect(events(s.takeWatchResponses(), id)).toEqual(['DELETE a=@3', 'PUT b=1@4']);
  });

  it('leaves prev_kv out when the previous revision is compacted', () => {
    const s = compacted();
    const id = s.watch({ key: 'a', start_revision: 3, prev_kv: true });
    const evs = s.takeWatchResponses().filter((r) => r.watch_id === id).flatMap((r) => r.events);
    expect(evs.map((e) => e.prev_kv?.value)).toEqual([undefined, '2']);
  });
});
