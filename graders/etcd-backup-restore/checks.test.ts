import { describe, expect, it } from 'vitest';
import { concatBytes, MSG_COMPACTED, MSG_FUTURE_REV, sha256, type KeyValue, type RangeResponse, type SnapshotStatus, type WatchResponse } from '../../engine/etcd/mvcc/core';
import {
  checkCompact,
  checkDefrag,
  checkEndpointStatus,
  checkProbe,
  checkRestore,
  checkSnapshotSave,
  checkSnapshotStatus,
  checkStep,
  firstDifference,
  sameValue,
  showText,
} from './checks';
import type { Failure, HistoryEntry, Outcome, Probe } from './inside.driver';

const K = '/registry/pods/default/web';
const kv = (key: string, mod: number, value = `v${mod}`, create = 2, version = 1): KeyValue => ({ key, create_revision: create, mod_revision: mod, version, value });
const range = (rev: number, ...kvs: KeyValue[]): RangeResponse => ({ header: { revision: rev }, kvs, more: false, count: kvs.length });
const etcdError = (message: string): Failure => ({ name: 'EtcdError', message });
const compacted: Outcome<RangeResponse> = { error: etcdError(MSG_COMPACTED) };
const h = (rev: string, key = K, tombstone = false): HistoryEntry => ({ rev, key, tombstone });

/** probe is a store at revision 8 compacted at 5, with K put at 3 and 7 (so 3.0 is its value as of 5). */
function probe(over: Partial<Probe> = {}): Probe {
  return {
    revision: 8,
    compactRevision: 5,
    meta: { scheduledCompactRev: 5, finishedCompactRev: 5 },
    buckets: [
      { name: 'key', entries: 2 },
      { name: 'meta', entries: 2 },
    ],
    history: [h('3.0'), h('7.0')],
    dbSize: 20480,
    dbSizeInUse: 16384,
    reads: [
      { revision: 4, outcome: compacted },
      { revision: 5, outcome: { ok: range(8, kv(K, 3)) } },
      { revision: 8, outcome: { ok: range(8, kv(K, 7, 'v7', 2, 2)) } },
    ],
    watches: [{ from: 5, outcome: { ok: [] } }],
    ...over,
  };
}

describe('comparing answers', () => {
  it('ignores the order of object keys and compares failures by message only', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ name: 'Error', message: 'x', at: 'labs/a.ts:1:1' }, { name: 'EtcdError', message: 'x' })).toBe(true);
    expect(sameValue(Uint8Array.from([1, 2]), Uint8Array.from([1, 3]))).toBe(false);
  });

  it('names the path of the first difference', () => {
    expect(firstDifference({ kvs: [{ mod_revision: 5 }] }, { kvs: [{ mod_revision: 7 }] })).toEqual({ path: 'kvs[0].mod_revision', mine: 5, ref: 7 });
    expect(firstDifference([1], [1, 2])).toEqual({ path: '.length', mine: 1, ref: 2 });
  });

  it('cuts long values in messages, keeping their length', () => {
    expect(showText('a'.repeat(100))).toBe(`"${'a'.repeat(40)}"… (100 characters)`);
  });
});

describe('checkStep', () => {
  const get = 'get /registry/pods/default/web --rev 5';

  it('passes identical answers and watch responses', () => {
    const r = { outcome: { ok: range(8, kv(K, 3)) }, watch: [] };
    expect(checkStep(get, r, structuredClone(r), 'compact')).toEqual({ valid: true });
  });

  it('calls a read served on one side and refused as compacted on the other "compacted reads refused"', () => {
    const res = checkStep(get, { outcome: { ok: range(8, kv(K, 3)) }, watch: [] }, { outcome: compacted, watch: [] }, 'compact');
    expect(res).toMatchObject({ valid: false, property: 'compacted reads refused' });
    expect((res as { message: string }).message).toContain(`refuses it with "${MSG_COMPACTED}"`);
  });

  it('explains a different value of a key in the terms of what last changed the store', () => {
    const res = checkStep(get, { outcome: { ok: range(8, kv(K, 5)) }, watch: [] }, { outcome: { ok: range(8, kv(K, 7)) }, watch: [] }, 'restore');
    expect(res).toEqual({
      valid: false,
      property: 'restore identical',
      message: `restore identical: ${get} key ${K} has mod_revision 5 in the restored store but 7 in the original`,
    });
  });

  it('explains a missing key', () => {
    const res = checkStep(get, { outcome: { ok: range(8) }, watch: [] }, { outcome: { ok: range(8, kv(K, 3)) }, watch: [] }, 'compact');
    expect(res).toMatchObject({ property: 'compaction keeps history' });
    expect((res as { message: string }).message).toContain(`key ${K} is missing from your store; etcd has it (mod_revision 3, value "v3")`);
  });

  it('calls a watch canceled by compaction on one side only "compacted reads refused"', () => {
    const canceled: WatchResponse = { header: { revision: 0 }, watch_id: 0, created: false, canceled: true, compact_revision: 5, cancel_reason: '', events: [] };
    const ok = { outcome: { ok: 0 }, watch: [] };
    expect(checkStep('watch --rev 4', ok, { ...ok, watch: [canceled] }, 'compact')).toMatchObject({ property: 'compacted reads refused' });
  });
});

describe('checkCompact', () => {
  const before = { revision: 8, compacted: 5 };

  it('quotes etcd’s refusal of a revision already compacted', () => {
    const res = checkCompact(5, before, { outcome: { ok: { header: { revision: 8 } } }, watch: [] }, { outcome: { error: etcdError(MSG_COMPACTED) }, watch: [] });
    expect(res).toMatchObject({ property: 'compaction' });
    expect((res as { message: string }).message).toBe(
      `compaction: compact(5) at revision 8 answers {"header":{"revision":8}} in your store; etcd refuses it with "${MSG_COMPACTED}" (5 is not above the last compaction, 5)`,
    );
  });

  it('explains a future revision', () => {
    const res = checkCompact(9, before, { outcome: { ok: { header: { revision: 8 } } }, watch: [] }, { outcome: { error: etcdError(MSG_FUTURE_REV) }, watch: [] });
    expect((res as { message: string }).message).toContain('(9 is above the current revision, 8)');
  });
});

describe('checkProbe', () => {
  const after = 'after compact(5)';

  it('passes a store identical to etcd’s', () => {
    expect(checkProbe(probe(), probe(), 'compact', after)).toEqual({ valid: true });
  });

  it('blames the recorded compacted revision for reads refused or served wrongly', () => {
    const res = checkProbe(probe({ compactRevision: 0 }), probe(), 'compact', after);
    expect(res).toMatchObject({ property: 'compacted reads refused' });
    expect((res as { message: string }).message).toContain('the compacted revision of your store is 0; in etcd it is 5');
  });

  it('wants both compaction records in the meta bucket', () => {
    const res = checkProbe(probe({ meta: { scheduledCompactRev: 5, finishedCompactRev: null } }), probe(), 'compact', after);
    expect(res).toMatchObject({ property: 'compaction' });
    expect((res as { message: string }).message).toContain('records scheduledCompactRev 5, finishedCompactRev none; etcd records scheduledCompactRev 5, finishedCompactRev 5');
  });

  it('calls a lost latest revision "compaction keeps history" and says why etcd keeps it', () => {
    const res = checkProbe(probe({ history: [h('7.0')] }), probe(), 'compact', after);
    expect(res).toEqual({
      valid: false,
      property: 'compaction keeps history',
      message: `compaction keeps history: after compact(5), the key bucket of your store has lost revision 3.0 (a put of ${K}), which etcd keeps: it is ${K}'s latest revision at or before 5, its value as of 5`,
    });
  });

  it('explains a lost delete at exactly the compacted revision', () => {
    const ref = probe({ history: [h('3.0'), h('5.0', K, true), h('7.0')] });
    const res = checkProbe(probe({ history: [h('3.0'), h('7.0')] }), ref, 'compact', after);
    expect((res as { message: string }).message).toContain('a delete exactly at the compacted revision 5 stays, so that a watch from 5 still sees it');
  });

  it('calls revisions etcd deletes "compaction frees"', () => {
    const res = checkProbe(probe({ history: [h('2.0'), h('3.0'), h('7.0')] }), probe(), 'compact', after);
    expect(res).toMatchObject({ property: 'compaction frees' });
    expect((res as { message: string }).message).toContain(`still holds revision 2.0 (a put of ${K}), which etcd deletes`);
  });

  it('calls a different size in use after compaction "compaction frees"', () => {
    expect(checkProbe(probe({ dbSizeInUse: 20480 }), probe(), 'compact', after)).toMatchObject({ property: 'compaction frees' });
  });

  it('reads every difference after a restore as "restore identical", in the restored store’s terms', () => {
    const mine = probe({ reads: [probe().reads[0]!, { revision: 5, outcome: { ok: range(8, kv(K, 5)) } }, probe().reads[2]!] });
    const res = checkProbe(mine, probe(), 'restore', 'after restoring the snapshot saved at revision 8');
    expect(res).toEqual({
      valid: false,
      property: 'restore identical',
      message: `restore identical: after restoring the snapshot saved at revision 8, reading every key at revision 5 (the compacted revision itself) key ${K} has mod_revision 5 in the restored store but 3 in the original`,
    });
  });

  it('names a bucket lost by defrag', () => {
    const res = checkProbe(probe({ buckets: [{ name: 'key', entries: 2 }], meta: { scheduledCompactRev: null, finishedCompactRev: null } }), probe(), 'defrag', 'after defrag');
    expect(res).toMatchObject({ property: 'defrag shrinks and keeps data' });
  });

  it('calls a read refused at the compacted revision itself "compacted reads refused"', () => {
    const mine = probe({ reads: [probe().reads[0]!, { revision: 5, outcome: compacted }, probe().reads[2]!] });
    const res = checkProbe(mine, probe(), 'compact', after);
    expect(res).toMatchObject({ property: 'compacted reads refused' });
    expect((res as { message: string }).message).toContain('at revision 5 (the compacted revision itself) fails in your store');
  });
});

describe('snapshot checks', () => {
  const db = new Uint8Array(8192).fill(7);
  const good = concatBytes(db, sha256(db));
  const status: SnapshotStatus = { hash: 0x1234abcd, revision: 8, totalKey: 4, totalSize: 8192 };

  it('accepts the db followed by its SHA-256, with the store’s status', () => {
    expect(checkSnapshotSave({ snapshot: { ok: good }, expectedLength: good.length, statusOfMine: { ok: status }, statusOfStore: status }, 8)).toEqual({ valid: true });
  });

  it('recognises a snapshot without its trailer', () => {
    const res = checkSnapshotSave({ snapshot: { ok: db }, expectedLength: good.length, statusOfStore: status }, 8);
    expect(res).toMatchObject({ property: 'snapshot save' });
    expect((res as { message: string }).message).toContain('that is the db file alone');
  });

  it('refuses a trailer that is not the SHA-256 of the db', () => {
    const bad = good.slice();
    bad[bad.length - 1] ^= 1;
    const res = checkSnapshotSave({ snapshot: { ok: bad }, expectedLength: good.length, statusOfStore: status }, 8);
    expect((res as { message: string }).message).toContain('are not the SHA-256 of the 8192 bytes before them');
  });

  it('compares what etcdutl reads from the snapshot with the store’s own status', () => {
    const res = checkSnapshotSave({ snapshot: { ok: good }, expectedLength: good.length, statusOfMine: { ok: { ...status, totalKey: 2 } }, statusOfStore: status }, 8);
    expect((res as { message: string }).message).toContain('says totalKey 2, but 4 for the store');
  });

  it('explains a status field in etcdutl’s terms, the hash in hex', () => {
    const res = checkSnapshotStatus({ ok: { ...status, hash: 0xff } }, { ok: status }, 'the snapshot saved at revision 8');
    expect(res).toEqual({
      valid: false,
      property: 'snapshot status',
      message: 'snapshot status: the status of the snapshot saved at revision 8 has hash 000000ff; etcdutl reports 1234abcd (the CRC-32C of every bucket name, key and value in file order)',
    });
  });

  it('says when a damaged snapshot was restored although etcdutl refuses it', () => {
    const what = 'a snapshot with byte 4100 flipped (xor 0x10, in page 1)';
    const res = checkRestore({ ok: { revision: 8, compacted: 5 } }, { error: etcdError('expected sha256 [1 2], got [3 4]') }, what, 'corrupt snapshot refused');
    expect(res).toEqual({
      valid: false,
      property: 'corrupt snapshot refused',
      message: `corrupt snapshot refused: ${what} was restored without error; etcdutl refuses it with "expected sha256 [1 2], got [3 4]"`,
    });
    expect(checkRestore({ error: etcdError('x') }, { error: etcdError('x') }, what, 'corrupt snapshot refused')).toEqual({ valid: true });
  });
});

describe('defrag and endpoint status', () => {
  it('wants the file exactly as large as its content after defrag', () => {
    const ref = { sizeBefore: 45056, sizeInUseBefore: 20480, sizeAfter: 20480, sizeInUseAfter: 20480 };
    const res = checkDefrag({ ok: { ...ref, sizeAfter: 45056 } }, { ok: ref });
    expect(res).toMatchObject({ property: 'defrag shrinks and keeps data' });
    expect((res as { message: string }).message).toContain("after defrag your db is 45056 bytes with 20480 in use; etcd's is 20480 bytes");
  });

  it('names the endpoint status field that differs and what it means', () => {
    const ref = { header: { revision: 8 }, dbSize: 45056, dbSizeInUse: 20480, compact_revision: 5 };
    const res = checkEndpointStatus({ ok: { ...ref, dbSizeInUse: 45056 } }, { ok: ref });
    expect(res).toEqual({
      valid: false,
      property: 'endpoint status',
      message: "endpoint status: endpoint status reports dbSizeInUse 45056; etcd reports 20480 (the backend's sizeInUse(): the file less its free pages)",
    });
  });
});
