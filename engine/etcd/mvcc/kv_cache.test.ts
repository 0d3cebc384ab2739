import { describe, expect, it } from 'vitest';
import { Backend } from './backend';
import { MvccStore } from './store';
import type { WatchResponse } from './types';

/** valuesOf lists the values of every PUT event the store queued. */
const valuesOf = (responses: WatchResponse[]) => responses.flatMap((r) => r.events.filter((e) => e.type === 'PUT').map((e) => e.kv.value));

describe('decode-once caches', () => {
  it('hands back the strings a put sent, through range, txn, prev_kv and watch', () => {
    const s = MvccStore.create();
    s.watch({ key: 'k', range_end: 'l' });
    const v1 = JSON.stringify({ name: 'pod-1', note: 'déjà vu \u{1F600}' });
    s.put('k1', v1);
    s.put('k2', 'plain');
    expect(s.range('k1').kvs[0]!.value).toBe(v1);
    expect(s.range('k', 'l').kvs.map((kv) => [kv.key, kv.value])).toEqual([
      ['k1', v1],
      ['k2', 'plain'],
    ]);
    expect(s.put('k1', 'next', { prev_kv: true }).prev_kv!.value).toBe(v1);
    const txn = s.txn({ compare: [{ key: 'k1', target: 'VALUE', result: 'EQUAL', value: 'next' }], success: [{ request_range: { key: 'k1' } }] });
    expect(txn.succeeded).toBe(true);
    expect(valuesOf(s.takeWatchResponses())).toEqual([v1, 'plain', 'next']);
  });

  it('gives what UTF-8 keeps of a string with an unpaired surrogate, not the string sent', () => {
    const s = MvccStore.create();
    s.watch({ key: 'k' });
    s.put('k', 'a\ud800b');
    s.put('\udc00', 'x');
    expect(s.range('k').kvs[0]!.value).toBe('a\ufffdb');
    expect(valuesOf(s.takeWatchResponses())).toEqual(['a\ufffdb']);
    expect(s.range('\ufffd').kvs.map((kv) => kv.key)).toEqual(['\ufffd']);
  });

  it('decodes what a reopened store reads from its file, history included', () => {
    const s = MvccStore.create();
    s.put('k', 'one é');
    s.put('k', 'two \u{1F600}');
    const back = MvccStore.open(Backend.open(s.backend.writeTo()));
    expect(back.range('k').kvs[0]!.value).toBe('two \u{1F600}');
    expect(back.range('k', undefined, { revision: 2 }).kvs[0]!.value).toBe('one é');
    back.watch({ key: 'k', start_revision: 1 });
    expect(valuesOf(back.takeWatchResponses())).toEqual(['one é', 'two \u{1F600}']);
  });

  it('shares nothing a reader can change: a range result edited by its reader leaves the store as it was', () => {
    const s = MvccStore.create();
    s.put('k', 'v');
    const kv = s.range('k').kvs[0]!;
    kv.value = 'changed';
    kv.mod_revision = 99;
    expect(s.range('k').kvs[0]).toMatchObject({ value: 'v', mod_revision: 2 });
  });
});
