/**
 * bench/mvcc-index measures etcd's key index (engine/etcd/mvcc tree_index.ts)
 * at scale, alone and under the MVCC store: N puts of distinct keys in the
 * API server's order (pods spread over namespaces, so inserts land all over
 * the key space), one range of every key, then R ranges with a limit, each
 * starting after the last key of the previous page (a paged list: etcd still
 * counts the whole rest of the range for every page), and a count-only range.
 *
 *   npx tsx bench/mvcc-index.ts [--keys 100000] [--pages 200] [--limit 500]
 *
 * Every result is checked, so a fast wrong index fails the bench.
 */
import { createStore, keyToBin, TreeIndex } from '../engine/etcd/mvcc';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const KEYS = opt('keys', 100_000);
const PAGES = opt('pages', 200);
const LIMIT = opt('limit', 500);

const PREFIX = '/registry/pods/';
const END = '/registry/pods0';
const keyOf = (i: number) => `${PREFIX}ns-${i % 100}/pod-${i}`;

function time<T>(label: string, run: () => T): T {
  const t0 = performance.now();
  const out = run();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(48)} ${ms.toFixed(0).padStart(7)} ms`);
  return out;
}

let failures = 0;
function check(ok: boolean, what: string): void {
  if (!ok) {
    failures++;
    console.error(`wrong: ${what}`);
  }
}

// The index alone: what the store asks of it, without the backend.
{
  const index = new TreeIndex();
  const prefix = keyToBin(PREFIX);
  const end = keyToBin(END);
  time(`index: ${KEYS} puts of new keys`, () => {
    for (let i = 0; i < KEYS; i++) {
      const key = keyToBin(keyOf(i));
      index.get(key, i + 2); // the store reads the key's prior version first
      index.put(key, { main: i + 2, sub: 0 });
    }
  });
  const atRev = KEYS + 1;
  const all = time('index: range of every key', () => index.range(prefix, end, atRev));
  check(all.keys.length === KEYS, `full range has ${all.keys.length} keys`);
  time(`index: ${PAGES} pages of ${LIMIT} (revisions + total)`, () => {
    let from = prefix;
    let seen = 0;
    for (let p = 0; p < PAGES; p++) {
      const { revs, total } = index.revisions(from, end, atRev, LIMIT);
      check(total === KEYS - seen, `page ${p} total ${total}, want ${KEYS - seen}`);
      seen += revs.length;
      if (revs.length < LIMIT) break;
      from = all.keys[seen - 1]! + '\0';
    }
  });
  time(`index: ${PAGES} counts of every key`, () => {
    for (let p = 0; p < PAGES; p++) check(index.countRevisions(prefix, end, atRev) === KEYS, 'count');
  });
}

// The same through the store: puts as txns, ranges as RangeRequests.
{
  const store = createStore();
  time(`store: ${KEYS} puts of new keys`, () => {
    for (let i = 0; i < KEYS; i++) store.put(keyOf(i), `v${i}`);
  });
  const all = time('store: range of every key', () => store.range(PREFIX, END));
  check(all.kvs.length === KEYS && all.count === KEYS, `full range has ${all.kvs.length} kvs`);
  time(`store: ${PAGES} pages of ${LIMIT} (keys_only)`, () => {
    let from = PREFIX;
    let seen = 0;
    for (let p = 0; p < PAGES; p++) {
      const res = store.range(from, END, { limit: LIMIT, keys_only: true });
      check(res.count === KEYS - seen, `page ${p} count ${res.count}, want ${KEYS - seen}`);
      seen += res.kvs.length;
      if (!res.more) break;
      from = res.kvs[res.kvs.length - 1]!.key + '\0';
    }
  });
  time(`store: ${PAGES} count-only ranges`, () => {
    for (let p = 0; p < PAGES; p++) check(store.range(PREFIX, END, { count_only: true }).count === KEYS, 'count_only');
  });
}

if (failures > 0) {
  console.error(`${failures} wrong results`);
  process.exit(1);
}
