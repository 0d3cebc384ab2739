import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MvccStore } from './store';
import { createStore } from './reference';
import { hasChecksum, restoreSnapshot, saveSnapshot } from './snapshot';
import { endpointStatus, snapshotStatus } from './status';
import { PAGE_SIZE } from './bbolt';
import { MSG_COMPACTED, MSG_SNAPSHOT_MISSING_HASH } from './errors';
import { sha256 } from '../hash/sha256';
import type { KeyValue, WatchResponse } from './types';

/** busyStore has puts, overwrites, deletes, a txn, a range delete and a compaction. */
function busyStore(): MvccStore {
  const s = createStore();
  for (let i = 0; i < 40; i++) s.put(`/registry/pods/ns${i % 3}/p${i}`, JSON.stringify({ i, spec: 'x'.repeat(i * 5) }));
  for (let i = 0; i < 40; i += 4) s.put(`/registry/pods/ns${i % 3}/p${i}`, `updated-${i}`);
  s.deleteRange('/registry/pods/ns1/', '/registry/pods/ns10');
  s.txn({
    compare: [{ key: '/registry/pods/ns0/p0', target: 'VERSION', result: 'EQUAL', version: 2 }],
    success: [{ request_put: { key: '/leases/a', value: 'holder-1' } }, { request_delete_range: { key: '/registry/pods/ns2/p2' } }],
  });
  s.compact(30);
  s.put('/after/compaction', 'yes');
  s.deleteRange('/registry/pods/ns0/p3');
  return s;
}

/** everyRevision reads the whole keyspace at each readable revision. */
function everyRevision(s: MvccStore): Array<[number, KeyValue[]]> {
  const out: Array<[number, KeyValue[]]> = [];
  for (let rev = Math.max(1, s.compactRevision()); rev <= s.currentRevision(); rev++) {
    out.push([rev, s.range('\0', '\0', { revision: rev }).kvs]);
  }
  return out;
}

/** replay watches everything from the compacted revision and returns the events. */
function replay(s: MvccStore): WatchResponse['events'] {
  const id = s.watch({ key: '\0', range_end: '\0', start_revision: s.compactRevision() });
  const evs = s.takeWatchResponses().filter((r) => r.watch_id === id).flatMap((r) => r.events);
  s.cancelWatch(id);
  s.takeWatchResponses();
  return evs;
}

describe('snapshot save', () => {
  it('is the whole db file in pages followed by its SHA-256', () => {
    const s = busyStore();
    const snap = saveSnapshot(s);
    const dbLen = snap.length - 32;
    expect(dbLen % PAGE_SIZE).toBe(0);
    expect(dbLen).toBe(s.backend.size());
    expect(snap.length % 512).toBe(32);
    expect(hasChecksum(snap.length)).toBe(true);
    expect(snap.subarray(dbLen)).toEqual(sha256(snap.subarray(0, dbLen)));
  });

  it('includes the free pages, so a compacted db keeps its size in the snapshot', () => {
    const s = busyStore();
    for (let i = 0; i < 300; i++) s.put(`/bulk/${i}`, 'z'.repeat(200));
    s.deleteRange('/bulk/', '/bulk0');
    s.compact(s.currentRevision());
    expect(s.backend.sizeInUse()).toBeLessThan(s.backend.size());
    expect(saveSnapshot(s).length).toBe(s.backend.size() + 32);
  });
});

describe('snapshot restore', () => {
  it('restores every readable revision, the current and the compacted revision', () => {
    const s = busyStore();
    const r = restoreSnapshot(saveSnapshot(s));
    expect(r.currentRevision()).toBe(s.currentRevision());
    expect(r.compactRevision()).toBe(30);
    expect(everyRevision(r)).toEqual(everyRevision(s));
  });

  it('restores the same watchable history, delete events included', () => {
    const s = busyStore();
    const r = restoreSnapshot(saveSnapshot(s));
    const evs = replay(r);
    expect(evs).toEqual(replay(s));
    expect(evs.some((e) => e.type === 'DELETE')).toBe(true);
  });

  it('still refuses reads below the compacted revision', () => {
    const r = restoreSnapshot(saveSnapshot(busyStore()));
    expect(() => r.range('/registry/pods/ns0/p0', undefined, { revision: 29 })).toThrow(MSG_COMPACTED);
  });

  it('carries on from the same revision, with versions continuing', () => {
    const s = busyStore();
    const r = restoreSnapshot(saveSnapshot(s));
    expect(r.put('/registry/pods/ns0/p0', 'v3')).toEqual(s.put('/registry/pods/ns0/p0', 'v3'));
    expect(r.range('/registry/pods/ns0/p0')).toEqual(s.range('/registry/pods/ns0/p0'));
  });

  it('restores a store whose last writes were compacted away at the current revision', () => {
    const s = createStore();
    s.put('a', '1');
    s.put('b', '1');
    s.deleteRange('a', 'c'); // 4: both keys deleted
    s.compact(4);
    s.put('c', '1'); // 5
    s.deleteRange('c'); // 6
    s.compact(6);
    const r = restoreSnapshot(saveSnapshot(s));
    expect(r.currentRevision()).toBe(6);
    expect(r.put('d', '1').header.revision).toBe(7);
  });

  it('refuses a snapshot with a changed byte, naming both hashes as etcdutl does', () => {
    const snap = saveSnapshot(busyStore());
    const bad = snap.slice();
    bad[PAGE_SIZE * 2 + 100]! ^= 0x01;
    const want = Array.from(snap.subarray(snap.length - 32)).join(' ');
    const got = Array.from(sha256(bad.subarray(0, bad.length - 32))).join(' ');
    expect(() => restoreSnapshot(bad)).toThrow(`expected sha256 [${want}], got [${got}]`);
  });

  it('refuses a truncated snapshot as missing its hash', () => {
    const snap = saveSnapshot(busyStore());
    expect(() => restoreSnapshot(snap.subarray(0, snap.length - 1))).toThrow(MSG_SNAPSHOT_MISSING_HASH);
    expect(() => restoreSnapshot(snap.subarray(0, snap.length - 32))).toThrow(MSG_SNAPSHOT_MISSING_HASH);
    expect(() => restoreSnapshot(snap.subarray(0, 5000))).toThrow(MSG_SNAPSHOT_MISSING_HASH);
  });

  it('with skipHashCheck, restores a bare db file', () => {
    const s = busyStore();
    const db = s.backend.writeTo();
    expect(everyRevision(restoreSnapshot(db, { skipHashCheck: true }))).toEqual(everyRevision(s));
  });

  it('with skipHashCheck, still refuses a db whose structure is damaged', () => {
    const db = busyStore().backend.writeTo();
    // Page 2 is the first tree page: make its header claim a meta page.
    db[PAGE_SIZE * 2 + 8] = 0x04;
    expect(() => restoreSnapshot(db, { skipHashCheck: true })).toThrow(
      /^snapshot file integrity check failed\. \d+ errors found\.\npage 2: invalid type: meta/,
    );
  });

  it('with skipHashCheck, refuses a db cut short', () => {
    const db = busyStore().backend.writeTo();
    expect(() => restoreSnapshot(db.subarray(0, db.length - PAGE_SIZE), { skipHashCheck: true })).toThrow(
      /snapshot file integrity check failed[\s\S]*db file truncated/,
    );
  });
});

describe('snapshot status', () => {
  it('reports the revision, the entries of every bucket and the db size', () => {
    const s = busyStore();
    const snap = saveSnapshot(s);
    const st = snapshotStatus(snap);
    expect(st.revision).toBe(s.currentRevision());
    expect(st.totalSize).toBe(s.backend.size());
    expect(st.totalKey).toBe(s.backend.count('key') + s.backend.count('meta'));
    expect(Number.isInteger(st.hash) && st.hash >= 0 && st.hash < 2 ** 32).toBe(true);
  });

  it('gives the same hash for the same content, and another for another', () => {
    const a = snapshotStatus(saveSnapshot(busyStore()));
    expect(snapshotStatus(saveSnapshot(busyStore())).hash).toBe(a.hash);
    const other = busyStore();
    other.put('one/more', 'key');
    expect(snapshotStatus(saveSnapshot(other)).hash).not.toBe(a.hash);
  });

  it('does not check the SHA-256, so a changed value shows only as another hash', () => {
    const s = createStore();
    s.put('k', 'AAAA');
    const snap = saveSnapshot(s);
    const bad = snap.slice();
    const at = indexOf(bad, new TextEncoder().encode('AAAA'));
    bad[at] = 'B'.charCodeAt(0);
    const before = snapshotStatus(snap);
    const after = snapshotStatus(bad);
    expect(after.hash).not.toBe(before.hash);
    expect({ ...after, hash: 0 }).toEqual({ ...before, hash: 0 });
  });

  it('refuses a damaged file with the integrity check message', () => {
    const db = busyStore().backend.writeTo();
    db[PAGE_SIZE * 2 + 8] = 0x10;
    expect(() => snapshotStatus(db)).toThrow(/^snapshot file integrity check failed\. \d+ errors found\.\n/);
  });

  it('matches endpoint status on db size', () => {
    const s = busyStore();
    expect(snapshotStatus(saveSnapshot(s)).totalSize).toBe(endpointStatus(s).dbSize);
  });
});

describe('a snapshot taken by etcd 3.4.23 (testdata)', () => {
  const bytes = new Uint8Array(readFileSync(new URL('./testdata/etcd-3.4.23.snapshot.db', import.meta.url)));

  it('has the status etcdctl printed for it', () => {
    expect(snapshotStatus(bytes)).toEqual({ hash: 1764027789, revision: 70, totalKey: 93, totalSize: 57344 });
  });

  it('restores with its revisions, versions and compaction', () => {
    const s = restoreSnapshot(bytes);
    expect(s.currentRevision()).toBe(70);
    expect(s.compactRevision()).toBe(10);
    expect(s.range('foo').kvs).toEqual([{ key: 'foo', create_revision: 7, mod_revision: 7, version: 1, value: 'again' }]);
    expect(s.range('/big/', '/big0', { count_only: true }).count).toBe(38);
    expect(s.range('/big/k60').kvs[0]!.value).toBe(`${'v'.repeat(300)}60`);
    expect(s.range('foo', undefined, { revision: 10 }).kvs[0]!.value).toBe('again');
    expect(() => s.range('foo', undefined, { revision: 9 })).toThrow(MSG_COMPACTED);
  });

  it('saves again with the same status hash', () => {
    expect(snapshotStatus(saveSnapshot(restoreSnapshot(bytes))).hash).toBe(1764027789);
  });
});

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('needle not found');
}
