import { describe, expect, it } from 'vitest';
import { maintenance } from '../../engine/etcd/mvcc';
import { Backend, BUCKET_KEY, type Maintenance } from '../../engine/etcd/mvcc/core';
import { applyDamage, failure, fromWire, StoreDriver, toWire } from './inside.driver';

describe('the wire form of snapshots', () => {
  it('round-trips every byte value, across chunk boundaries, with no char JSON would escape', () => {
    const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7) & 0xff);
    const wire = toWire(bytes);
    expect(wire).toHaveLength(bytes.length);
    expect(JSON.stringify(wire)).toHaveLength(bytes.length + 2);
    expect(fromWire(wire)).toEqual(bytes);
    expect(fromWire(toWire(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });
});

describe('applyDamage', () => {
  it('flips bits of one byte, or cuts bytes off the end, of a copy', () => {
    const b = Uint8Array.from([1, 2, 3, 4]);
    expect(applyDamage(b, { flip: 1, mask: 0xff })).toEqual(Uint8Array.from([1, 0xfd, 3, 4]));
    expect(applyDamage(b, { cut: 3 })).toEqual(Uint8Array.from([1]));
    expect(b).toEqual(Uint8Array.from([1, 2, 3, 4]));
  });
});

describe('StoreDriver', () => {
  it('turns what maintenance code throws into a Failure naming the lab line', () => {
    const e = new TypeError('x is undefined');
    e.stack = 'TypeError: x is undefined\n    at compact (labs/etcd-backup-restore/maintenance.ts:40:11)\n    at engine/etcd/mvcc/store.ts:1:1';
    expect(failure(e)).toEqual({ name: 'TypeError', message: 'x is undefined', at: 'labs/etcd-backup-restore/maintenance.ts:40:11' });
    expect(failure('boom')).toEqual({ name: 'Error', message: 'threw a non-Error value: boom' });
  });

  it('answers errors as data and compacts through the maintenance it is given', () => {
    const d = new StoreDriver(maintenance);
    d.kv({ op: 'put', key: '/registry/a', value: '1' });
    d.kv({ op: 'put', key: '/registry/a', value: '2' });
    expect(d.kv({ op: 'compact', revision: 3 }).outcome).toEqual({ ok: { header: { revision: 3 } } });
    expect(d.kv({ op: 'range', key: '/registry/a', revision: 2 }).outcome).toMatchObject({ error: { message: 'mvcc: required revision has been compacted' } });
    expect(d.state()).toEqual({ revision: 3, compacted: 3 });
  });

  it('refuses a snapshot that is not a Uint8Array, and carries on from the store it restored', () => {
    const odd: Maintenance = { ...maintenance, saveSnapshot: () => [1, 2, 3] as unknown as Uint8Array };
    expect(new StoreDriver(odd).save()).toEqual({ error: { name: 'TypeError', message: 'saveSnapshot must return a Uint8Array, not object' } });
    const d = new StoreDriver(maintenance);
    d.kv({ op: 'put', key: '/registry/a', value: '1' });
    expect('ok' in d.save()).toBe(true);
    d.kv({ op: 'put', key: '/registry/a', value: '2' });
    expect(d.restore(null, false, true)).toEqual({ ok: { revision: 2, compacted: 0 } });
    expect(d.state()).toEqual({ revision: 2, compacted: 0 });
  });

  it('probes a store whose defrag lost the meta bucket without failing itself', () => {
    const lossy: Maintenance = {
      ...maintenance,
      defrag: (store) => {
        const fresh = Backend.create();
        fresh.createBucket(BUCKET_KEY);
        store.backend.forEach(BUCKET_KEY, (k, v) => fresh.put(BUCKET_KEY, k, v));
        store.replaceBackend(fresh);
        return { sizeBefore: 0, sizeInUseBefore: 0, sizeAfter: 0, sizeInUseAfter: 0 };
      },
    };
    const d = new StoreDriver(lossy);
    d.kv({ op: 'put', key: '/registry/a', value: '1' });
    d.defrag();
    const p = d.probe({ reads: [1, 2, 3], watches: [1] });
    expect(p.meta).toEqual({ scheduledCompactRev: null, finishedCompactRev: null });
    expect(p.buckets).toEqual([{ name: 'key', entries: 1 }]);
    expect(p.reads.map((r) => ('ok' in r.outcome ? r.outcome.ok.count : r.outcome.error.message))).toEqual([0, 1, 'mvcc: required revision is a future revision']);
  });
});
