import { describe, expect, it } from 'vitest';
import { createStore } from '../mvcc';
import type { WatchResponse } from '../mvcc/types';
import { deferQueue, localKV } from './local';

function setup() {
  const store = createStore();
  const q = deferQueue();
  return { store, q, kv: localKV(store, q.defer) };
}

describe('localKV', () => {
  it('replies after the call returns, with the store’s responses', () => {
    const { kv, q } = setup();
    const seen: unknown[] = [];
    kv.put({ key: 'a', value: '1' }, (err, res) => seen.push([err, res?.header.revision]));
    expect(seen).toEqual([]);
    kv.range({ key: 'a' }, (err, res) => seen.push([err, res?.kvs.map((k) => k.value)]));
    q.drain();
    expect(seen).toEqual([
      [null, 2],
      [null, ['1']],
    ]);
  });

  it('maps the store’s errors to etcd’s gRPC errors', () => {
    const { kv, q } = setup();
    for (let i = 0; i < 3; i++) kv.put({ key: 'k', value: String(i) }, () => {});
    kv.compact({ revision: 3 }, () => {});
    const errs: unknown[] = [];
    kv.range({ key: 'k', revision: 2 }, (err) => errs.push(err));
    kv.range({ key: 'k', revision: 99 }, (err) => errs.push(err));
    kv.put({ key: '', value: 'x' }, (err) => errs.push(err));
    q.drain();
    expect(errs).toEqual([
      { code: 'OutOfRange', message: 'etcdserver: mvcc: required revision has been compacted' },
      { code: 'OutOfRange', message: 'etcdserver: mvcc: required revision is a future revision' },
      { code: 'InvalidArgument', message: 'etcdserver: key is not provided' },
    ]);
  });

  it('streams a watch from a past revision, then live events, and nothing after cancel', () => {
    const { kv, q } = setup();
    kv.put({ key: '/r/a', value: '1' }, () => {});
    q.drain();
    const got: WatchResponse[] = [];
    const w = kv.watch({ key: '/r/', range_end: '/r0', start_revision: 2 }, (r) => got.push(r));
    kv.put({ key: '/r/b', value: '2' }, () => {});
    kv.put({ key: '/x', value: 'out of range' }, () => {});
    q.drain();
    w.cancel();
    kv.put({ key: '/r/c', value: '3' }, () => {});
    q.drain();
    expect(got[0]).toMatchObject({ created: true });
    expect(got.flatMap((r) => r.events.map((e) => `${e.type} ${e.kv.key}@${e.kv.mod_revision}`))).toEqual(['PUT /r/a@2', 'PUT /r/b@3']);
  });

  it('cancels a watch on an empty range with etcd’s reason', () => {
    const { kv, q } = setup();
    const got: WatchResponse[] = [];
    kv.watch({ key: 'b', range_end: 'a' }, (r) => got.push(r));
    q.drain();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ created: true, canceled: true, cancel_reason: 'mvcc: watcher range is empty' });
  });

  it('cancels a watch whose start revision was compacted, naming the compact revision', () => {
    const { kv, q } = setup();
    for (let i = 0; i < 4; i++) kv.put({ key: 'k', value: String(i) }, () => {});
    kv.compact({ revision: 4 }, () => {});
    q.drain();
    const got: WatchResponse[] = [];
    kv.watch({ key: 'k', start_revision: 2 }, (r) => got.push(r));
    q.drain();
    expect(got.at(-1)).toMatchObject({ canceled: true, compact_revision: 4 });
  });
});
