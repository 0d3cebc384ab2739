import { describe, expect, it } from 'vitest';
import { MvccStore, prefixRangeEnd } from './store';
import { MSG_DUPLICATE_KEY, MSG_EMPTY_KEY, MSG_TOO_MANY_OPS } from './errors';
import { setScheduledCompact } from './schema';
import type { Compare, RequestOp, TxnResponse } from './types';

const put = (key: string, value: string): RequestOp => ({ request_put: { key, value } });
const del = (key: string, range_end?: string): RequestOp => ({
  request_delete_range: range_end === undefined ? { key } : { key, range_end },
});
const get = (key: string, range_end?: string): RequestOp => ({
  request_range: range_end === undefined ? { key } : { key, range_end },
});

/** storeWith builds a store and applies puts in order (revisions 2, 3, …). */
function storeWith(...kvs: Array<[string, string]>): MvccStore {
  const s = MvccStore.create();
  for (const [k, v] of kvs) s.put(k, v);
  return s;
}

const keysOf = (s: MvccStore, key: string, end?: string, opts = {}) => s.range(key, end, opts).kvs.map((kv) => kv.key);

describe('revisions and versions', () => {
  it('starts at revision 1 and moves one revision per put', () => {
    const s = MvccStore.create();
    expect(s.currentRevision()).toBe(1);
    expect(s.put('a', '1').header.revision).toBe(2);
    expect(s.put('b', '1').header.revision).toBe(3);
    expect(s.range('a').header.revision).toBe(3);
  });

  it('keeps create_revision and counts versions across puts of one key', () => {
    const s = storeWith(['a', '1'], ['b', 'x'], ['a', '2'], ['a', '3']);
    expect(s.range('a').kvs).toEqual([{ key: 'a', create_revision: 2, mod_revision: 5, version: 3, value: '3' }]);
  });

  it('resets version and create_revision after a delete', () => {
    const s = storeWith(['a', '1'], ['a', '2']);
    expect(s.deleteRange('a')).toEqual({ header: { revision: 4 }, deleted: 1 });
    expect(s.range('a')).toEqual({ header: { revision: 4 }, kvs: [], more: false, count: 0 });
    s.put('a', 'again');
    expect(s.range('a').kvs[0]).toMatchObject({ create_revision: 5, mod_revision: 5, version: 1 });
  });

  it('does not move the revision for a delete that deletes nothing', () => {
    const s = storeWith(['a', '1']);
    expect(s.deleteRange('zzz')).toEqual({ header: { revision: 2 }, deleted: 0 });
    expect(s.currentRevision()).toBe(2);
  });

  it('gives every write of a txn the same revision and in-order versions', () => {
    const s = storeWith(['a', '1']);
    const r = s.txn({ success: [put('a', '2'), put('b', '1'), del('a0', 'a\uffff')] });
    expect(r.header.revision).toBe(3);
    expect(s.currentRevision()).toBe(3);
    expect(s.range('\0', '\0').kvs).toEqual([
      { key: 'a', create_revision: 2, mod_revision: 3, version: 2, value: '2' },
      { key: 'b', create_revision: 3, mod_revision: 3, version: 1, value: '1' },
    ]);
  });

  it('reads old revisions as they were', () => {
    const s = storeWith(['a', '1'], ['a', '2']);
    s.deleteRange('a');
    expect(s.range('a', undefined, { revision: 2 }).kvs[0]).toMatchObject({ value: '1', version: 1 });
    expect(s.range('a', undefined, { revision: 3 }).kvs[0]).toMatchObject({ value: '2', version: 2 });
    expect(s.range('a', undefined, { revision: 4 }).kvs).toEqual([]);
    // A historical read still reports the current revision in its header, as etcd does.
    expect(s.range('a', undefined, { revision: 2 }).header.revision).toBe(4);
  });

  it('refuses a read above the current revision', () => {
    const s = storeWith(['a', '1']);
    expect(() => s.range('a', undefined, { revision: 3 })).toThrow('mvcc: required revision is a future revision');
  });

  it('returns prev_kv on put and prev_kvs on delete only when asked', () => {
    const s = storeWith(['a', '1'], ['b', '2']);
    expect(s.put('a', '1b').prev_kv).toBeUndefined();
    expect(s.put('a', '1c', { prev_kv: true }).prev_kv).toMatchObject({ key: 'a', value: '1b', version: 2 });
    expect(s.put('new', 'x', { prev_kv: true }).prev_kv).toBeUndefined();
    const d = s.deleteRange('a', 'c', { prev_kv: true });
    expect(d.deleted).toBe(2);
    expect(d.prev_kvs!.map((kv) => [kv.key, kv.value])).toEqual([
      ['a', '1c'],
      ['b', '2'],
    ]);
  });

  it('stores keys and values as UTF-8 and orders keys by their bytes', () => {
    // U+FF5E sorts before U+1F600 in UTF-8 byte order but after it in UTF-16 order.
    const s = storeWith(['\u{1F600}', 'smile'], ['\uFF5E', 'tilde'], ['é', 'e']);
    expect(keysOf(s, '\0', '\0')).toEqual(['é', '\uFF5E', '\u{1F600}']);
    expect(s.range('\u{1F600}').kvs[0]!.value).toBe('smile');
  });

  it('refuses an empty key like etcd', () => {
    const s = MvccStore.create();
    expect(() => s.put('', 'x')).toThrow(MSG_EMPTY_KEY);
    expect(() => s.range('')).toThrow(MSG_EMPTY_KEY);
    expect(() => s.deleteRange('')).toThrow(MSG_EMPTY_KEY);
  });
});

describe('range conventions', () => {
  const s = storeWith(['a', '1'], ['ab', '2'], ['abc', '3'], ['b', '4'], ['c', '5']);

  it('reads one key without range_end', () => {
    expect(keysOf(s, 'ab')).toEqual(['ab']);
    expect(keysOf(s, 'ab', '')).toEqual(['ab']);
  });

  it('reads the half-open range [key, range_end)', () => {
    expect(keysOf(s, 'ab', 'b')).toEqual(['ab', 'abc']);
    expect(keysOf(s, 'a', 'c')).toEqual(['a', 'ab', 'abc', 'b']);
  });

  it('reads every key >= key when range_end is "\\0"', () => {
    expect(keysOf(s, 'abc', '\0')).toEqual(['abc', 'b', 'c']);
    expect(keysOf(s, '\0', '\0')).toEqual(['a', 'ab', 'abc', 'b', 'c']);
  });

  it('reads a prefix with prefixRangeEnd', () => {
    expect(prefixRangeEnd('ab')).toBe('ac');
    expect(keysOf(s, 'ab', prefixRangeEnd('ab'))).toEqual(['ab', 'abc']);
    expect(prefixRangeEnd('\u{10FFFF}')).toBe('\0');
    expect(prefixRangeEnd('a\u{10FFFF}')).toBe('b');
  });

  it('reads nothing when range_end is not after key', () => {
    expect(keysOf(s, 'b', 'a')).toEqual([]);
    expect(keysOf(s, 'b', 'b')).toEqual([]);
  });

  it('counts every key in range but returns at most limit, with more set', () => {
    const r = s.range('a', '\0', { limit: 2 });
    expect(r.kvs.map((kv) => kv.key)).toEqual(['a', 'ab']);
    expect(r.count).toBe(5);
    expect(r.more).toBe(true);
    const all = s.range('a', '\0', { limit: 5 });
    expect(all.more).toBe(false);
    expect(all.kvs).toHaveLength(5);
  });

  it('drops values with keys_only and kvs with count_only', () => {
    expect(s.range('a', 'b', { keys_only: true }).kvs.map((kv) => kv.value)).toEqual(['', '', '']);
    expect(s.range('a', 'b', { keys_only: true }).kvs[2]).toMatchObject({ key: 'abc', version: 1, mod_revision: 4 });
    expect(s.range('a', 'b', { count_only: true })).toEqual({ header: { revision: 6 }, kvs: [], more: false, count: 3 });
  });

  it('deletes ranges with the same conventions', () => {
    const t = storeWith(['a', '1'], ['ab', '2'], ['b', '3'], ['c', '4']);
    expect(t.deleteRange('ab', '\0').deleted).toBe(3);
    expect(keysOf(t, '\0', '\0')).toEqual(['a']);
  });
});

describe('txn compares', () => {
  const s = storeWith(['k', 'v1'], ['k', 'v2'], ['other', 'o']); // k: create 2, mod 3, version 2

  const check = (c: Omit<Compare, 'key'> & { key?: string }) =>
    s.txn({ compare: [{ key: 'k', ...c }], success: [], failure: [] }).succeeded;

  it.each<[string, boolean, Omit<Compare, 'key'>]>([
    ['VERSION EQUAL 2', true, { target: 'VERSION', result: 'EQUAL', version: 2 }],
    ['VERSION NOT_EQUAL 2', false, { target: 'VERSION', result: 'NOT_EQUAL', version: 2 }],
    ['VERSION GREATER 1', true, { target: 'VERSION', result: 'GREATER', version: 1 }],
    ['VERSION LESS 2', false, { target: 'VERSION', result: 'LESS', version: 2 }],
    ['CREATE EQUAL 2', true, { target: 'CREATE', result: 'EQUAL', create_revision: 2 }],
    ['CREATE LESS 3', true, { target: 'CREATE', result: 'LESS', create_revision: 3 }],
    ['MOD EQUAL 3', true, { target: 'MOD', result: 'EQUAL', mod_revision: 3 }],
    ['MOD GREATER 3', false, { target: 'MOD', result: 'GREATER', mod_revision: 3 }],
    ['VALUE EQUAL "v2"', true, { target: 'VALUE', result: 'EQUAL', value: 'v2' }],
    ['VALUE GREATER "v10" (bytes compare)', true, { target: 'VALUE', result: 'GREATER', value: 'v10' }],
    ['VALUE LESS "v3"', true, { target: 'VALUE', result: 'LESS', value: 'v3' }],
    ['VALUE NOT_EQUAL "v2"', false, { target: 'VALUE', result: 'NOT_EQUAL', value: 'v2' }],
  ])('%s on an existing key holds: %s', (_name, want, c) => {
    expect(check(c)).toBe(want);
  });

  it('compares a missing key as version, create and mod revision 0', () => {
    expect(check({ key: 'missing', target: 'VERSION', result: 'EQUAL', version: 0 })).toBe(true);
    expect(check({ key: 'missing', target: 'CREATE', result: 'EQUAL', create_revision: 0 })).toBe(true);
    expect(check({ key: 'missing', target: 'MOD', result: 'LESS', mod_revision: 1 })).toBe(true);
  });

  it('fails every VALUE compare on a missing key, even NOT_EQUAL', () => {
    expect(check({ key: 'missing', target: 'VALUE', result: 'EQUAL', value: '' })).toBe(false);
    expect(check({ key: 'missing', target: 'VALUE', result: 'NOT_EQUAL', value: 'x' })).toBe(false);
  });

  it('requires every key of a compare range to match', () => {
    expect(check({ key: 'k', range_end: 'z', target: 'VERSION', result: 'GREATER', version: 0 })).toBe(true);
    expect(check({ key: 'k', range_end: 'z', target: 'VERSION', result: 'EQUAL', version: 2 })).toBe(false);
  });

  it('runs failure ops when any compare fails and reports succeeded', () => {
    const t = storeWith(['k', 'v']);
    const r = t.txn({
      compare: [
        { key: 'k', target: 'VALUE', result: 'EQUAL', value: 'v' },
        { key: 'k', target: 'VERSION', result: 'EQUAL', version: 9 },
      ],
      success: [put('won', '1')],
      failure: [put('lost', '1'), get('k')],
    });
    expect(r.succeeded).toBe(false);
    expect(keysOf(t, '\0', '\0')).toEqual(['k', 'lost']);
    expect(r.responses[0]).toEqual({ response_put: { header: { revision: 3 } } });
    expect(r.responses[1]).toMatchObject({ response_range: { kvs: [{ key: 'k', value: 'v' }], count: 1 } });
  });

  it('implements optimistic concurrency: a stale mod_revision loses', () => {
    const t = storeWith(['obj', 'v1']);
    const cas = (rev: number, value: string) =>
      t.txn({ compare: [{ key: 'obj', target: 'MOD', result: 'EQUAL', mod_revision: rev }], success: [put('obj', value)] });
    expect(cas(2, 'v2').succeeded).toBe(true);
    expect(cas(2, 'v3').succeeded).toBe(false);
    expect(t.range('obj').kvs[0]!.value).toBe('v2');
  });

  it('lets later ops of a txn read earlier writes, with sub-responses at the txn revision', () => {
    const t = storeWith(['a', '1'], ['b', '1']);
    // etcd refuses a put and a delete of one key in one txn, so the delete is of another key.
    const r = t.txn({ success: [put('a', '2'), get('a'), del('b'), get('b')] });
    expect(r.header.revision).toBe(4);
    expect(r.responses).toEqual([
      { response_put: { header: { revision: 4 } } },
      {
        response_range: {
          header: { revision: 4 },
          kvs: [{ key: 'a', create_revision: 2, mod_revision: 4, version: 2, value: '2' }],
          more: false,
          count: 1,
        },
      },
      { response_delete_range: { header: { revision: 4 }, deleted: 1 } },
      { response_range: { header: { revision: 4 }, kvs: [], more: false, count: 0 } },
    ]);
  });

  it('evaluates nested txn compares against the state before the txn', () => {
    const t = storeWith(['x', '1']);
    const r = t.txn({
      success: [
        put('y', 'new'),
        {
          request_txn: {
            // y does not exist before the txn, so this compare fails although y is written above.
            compare: [{ key: 'y', target: 'VERSION', result: 'GREATER', version: 0 }],
            success: [put('inner', 'then')],
            failure: [put('inner', 'else')],
          },
        },
      ],
    });
    expect(t.range('inner').kvs[0]!.value).toBe('else');
    const nested = (r.responses[1] as { response_txn: TxnResponse }).response_txn;
    expect(nested.succeeded).toBe(false);
    expect(nested.header.revision).toBe(0);
    expect(r.header.revision).toBe(3);
  });

  it('leaves the revision alone for a read-only txn', () => {
    const t = storeWith(['a', '1']);
    expect(t.txn({ success: [get('a')] }).header.revision).toBe(2);
    expect(t.txn({}).header.revision).toBe(2);
    expect(t.currentRevision()).toBe(2);
  });

  it('refuses a txn range at a future revision before writing anything', () => {
    const t = storeWith(['a', '1']);
    const txn = () => t.txn({ success: [put('b', '1'), { request_range: { key: 'a', revision: 3 } }] });
    expect(txn).toThrow('mvcc: required revision is a future revision');
    expect(t.currentRevision()).toBe(2);
    expect(t.range('b').count).toBe(0);
  });

  it('refuses a txn that writes one key twice', () => {
    const t = MvccStore.create();
    expect(() => t.txn({ success: [put('a', '1'), put('a', '2')] })).toThrow(MSG_DUPLICATE_KEY);
    expect(() => t.txn({ success: [del('a', 'c'), put('b', '1')] })).toThrow(MSG_DUPLICATE_KEY);
    expect(() => t.txn({ success: [put('a', '1'), { request_txn: { success: [put('a', '2')] } }] })).toThrow(
      MSG_DUPLICATE_KEY,
    );
    // The two branches of a nested txn exclude each other.
    expect(
      t.txn({ success: [{ request_txn: { success: [put('a', '1')], failure: [put('a', '2')] } }] }).succeeded,
    ).toBe(true);
    // Puts in different branches of the outer txn are fine too.
    expect(t.txn({ success: [put('a', '1')], failure: [put('a', '2')] }).succeeded).toBe(true);
    expect(t.currentRevision()).toBe(3);
  });

  it('refuses a txn with more than max-txn-ops ops in one level', () => {
    const t = MvccStore.create({ maxTxnOps: 3 });
    const ops = ['a', 'b', 'c', 'd'].map((k) => put(k, '1'));
    expect(() => t.txn({ success: ops })).toThrow(MSG_TOO_MANY_OPS);
    expect(t.txn({ success: ops.slice(0, 3) }).header.revision).toBe(2);
  });

  it('refuses a compare or op on an empty key', () => {
    const t = MvccStore.create();
    expect(() => t.txn({ compare: [{ key: '', target: 'VERSION', result: 'EQUAL' }] })).toThrow(MSG_EMPTY_KEY);
    expect(() => t.txn({ success: [put('', 'x')] })).toThrow(MSG_EMPTY_KEY);
  });
});

describe('the compactor', () => {
  it('refuses to compact when the store was made without one', () => {
    const s = storeWith(['a', '1'], ['a', '2']);
    expect(() => s.compact(2)).toThrow('made without a compactor');
    expect(s.range('a', undefined, { revision: 2 }).kvs[0]?.value).toBe('1');
  });

  it('runs store.compact through the injected compactor', () => {
    const calls: number[] = [];
    const s = MvccStore.create({
      compactor: (store, rev) => {
        calls.push(rev);
        return { header: { revision: store.currentRevision() } };
      },
    });
    s.put('a', '1');
    expect(s.compact(2)).toEqual({ header: { revision: 2 } });
    expect(calls).toEqual([2]);
  });

  it('finishes a compaction left scheduled with the compactor it is opened with', () => {
    const s = storeWith(['a', '1'], ['a', '2'], ['a', '3']);
    setScheduledCompact(s.backend, 3);
    const calls: number[] = [];
    MvccStore.open(s.backend, {
      compactor: (store, rev) => {
        calls.push(rev);
        return { header: { revision: store.currentRevision() } };
      },
    });
    expect(calls).toEqual([3]);
    expect(() => MvccStore.open(s.backend)).toThrow('made without a compactor');
  });
});
